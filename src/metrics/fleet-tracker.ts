import { LabelKeys, TaintKeys, instanceIdFromProviderID, type CapacityType, type Node } from '../model/index.js';
import type { Aggregates } from './aggregates.js';
import { billedSeconds, requestShare, type CostWeights } from './cost-split.js';
import type { DisruptionKind, InstanceRow } from './run-data.js';

/** Price of an instance the recorder learnt about only from its Node (no `instanceLaunched` call). */
export type PriceLookup = (instanceType: string, zone: string, capacityType: CapacityType) => number | undefined;

interface InstanceRecord {
  instanceId: string;
  nodeName?: string;
  nodeClaimName?: string;
  groupName?: string;
  instanceType: string;
  zone: string;
  capacityType: CapacityType;
  pricePerHour: number;
  launchRequestedAt?: number;
  launchedAt: number;
  registeredAt?: number;
  readyAt?: number;
  terminatedAt?: number;
  terminationReason?: string;
  disruptionReason?: DisruptionKind;
  workloadUsd: number;
  daemonsetUsd: number;
  draining: boolean;
}

interface NodeState {
  readonly name: string;
  instance?: InstanceRecord;
  present: boolean;
  draining: boolean;
  capacity: { cpuMillis: number; memoryMiB: number; gpus: number };
  allocCpuMillis: number;
  allocMemoryMiB: number;
  pods: number;
  reqCpuMillis: number;
  reqMemoryMiB: number;
  wl: [number, number, number];
  ds: [number, number, number];
  lastAccrual: number;
}

export interface LaunchedInstance {
  readonly instanceId: string;
  /** Links the instance to its Node (`node.providerID`); defaults to matching the id at its end. */
  readonly providerID?: string;
  readonly instanceType: string;
  readonly zone: string;
  readonly capacityType: CapacityType;
  readonly pricePerHour: number;
  readonly at: number;
  readonly launchRequestedAt?: number;
  readonly nodeClaimName?: string;
  readonly groupName?: string;
}

function capacityTypeOf(node: Node): CapacityType {
  const v = node.labels[LabelKeys.capacityType] ?? node.labels[LabelKeys.eksCapacityType] ?? '';
  return v.toLowerCase() === 'spot' ? 'spot' : 'on-demand';
}

/** Instances and nodes: lifetimes, Ready times, per-node requests and the OpenCost-style cost split. */
export class FleetTracker {
  private readonly instances = new Map<string, InstanceRecord>();
  private readonly order: InstanceRecord[] = [];
  private readonly nodes = new Map<string, NodeState>();
  private readonly byProviderID = new Map<string, string>();

  constructor(
    private readonly agg: Aggregates,
    private readonly weights: CostWeights,
    private readonly priceOf: PriceLookup = () => undefined,
  ) {}

  instance(instanceId: string): InstanceRecord | undefined {
    return this.instances.get(instanceId);
  }

  instanceOfNode(nodeName: string): InstanceRecord | undefined {
    return this.nodes.get(nodeName)?.instance;
  }

  launched(e: LaunchedInstance): void {
    const existing = this.instances.get(e.instanceId);
    if (existing && existing.terminatedAt !== undefined) return;
    if (existing) this.agg.addInstance(existing.capacityType, existing.pricePerHour, -1);
    const rec: InstanceRecord = existing ?? {
      instanceId: e.instanceId,
      instanceType: e.instanceType,
      zone: e.zone,
      capacityType: e.capacityType,
      pricePerHour: e.pricePerHour,
      launchedAt: e.at,
      workloadUsd: 0,
      daemonsetUsd: 0,
      draining: false,
    };
    Object.assign(rec, { instanceType: e.instanceType, zone: e.zone, capacityType: e.capacityType, pricePerHour: e.pricePerHour });
    rec.launchedAt = existing ? Math.min(existing.launchedAt, e.at) : e.at;
    if (e.launchRequestedAt !== undefined) rec.launchRequestedAt = e.launchRequestedAt;
    if (e.nodeClaimName !== undefined) rec.nodeClaimName = e.nodeClaimName;
    if (e.groupName !== undefined) rec.groupName = e.groupName;
    if (e.providerID) this.byProviderID.set(e.providerID, e.instanceId);
    if (!existing) {
      this.instances.set(rec.instanceId, rec);
      this.order.push(rec);
    }
    this.agg.addInstance(rec.capacityType, rec.pricePerHour, 1);
  }

  /** A NodeClaim told us when its launch was requested (fallback for node-ready times). */
  noteLaunchRequested(instanceId: string, at: number, nodeClaimName: string): void {
    const rec = this.instances.get(instanceId);
    if (rec && rec.launchRequestedAt === undefined) rec.launchRequestedAt = at;
    if (rec && rec.nodeClaimName === undefined) rec.nodeClaimName = nodeClaimName;
  }

  terminated(instanceId: string, at: number, reason: string): void {
    const rec = this.instances.get(instanceId);
    if (!rec || rec.terminatedAt !== undefined) return;
    if (rec.nodeName !== undefined) {
      const n = this.nodes.get(rec.nodeName);
      if (n && n.instance === rec) this.accrue(n, at);
    }
    rec.terminatedAt = Math.max(at, rec.launchedAt);
    if (reason) rec.terminationReason = reason;
    this.agg.addInstance(rec.capacityType, rec.pricePerHour, -1);
    const ran = rec.terminatedAt - rec.launchedAt;
    this.agg.cumulativeCostUsd += ((billedSeconds(rec.launchedAt, rec.terminatedAt) - ran) * rec.pricePerHour) / 3600;
  }

  /** Mark a node (and its instance) as being disrupted; the first reason sticks. Returns the instance if known. */
  disrupt(target: { nodeName?: string; instanceId?: string }, reason: DisruptionKind): InstanceRecord | undefined {
    const rec = target.instanceId !== undefined ? this.instances.get(target.instanceId) : this.instanceOfNode(target.nodeName ?? '');
    const nodeName = target.nodeName ?? rec?.nodeName;
    const node = nodeName !== undefined ? this.nodes.get(nodeName) : undefined;
    if (node) node.draining = true;
    if (rec) {
      rec.draining = true;
      rec.disruptionReason ??= reason;
    }
    return rec;
  }

  markDraining(instanceId: string): void {
    const rec = this.instances.get(instanceId);
    if (rec) rec.draining = true;
  }

  isDraining(nodeName: string): boolean {
    const n = this.nodes.get(nodeName);
    return n === undefined || !n.present || n.draining || n.instance?.draining === true || n.instance?.terminatedAt !== undefined;
  }

  nodeSeen(node: Node, now: number): void {
    let n = this.nodes.get(node.name);
    if (!n) {
      n = this.emptyNode(node.name, now);
      this.nodes.set(node.name, n);
    }
    if (!n.present) this.register(n, node, now);
    n.draining =
      node.deletionAt !== undefined || node.taints.some((t) => t.key === TaintKeys.disrupted || t.key === TaintKeys.caToBeDeleted);
    const rec = n.instance;
    if (rec && node.ready && rec.readyAt === undefined) rec.readyAt = node.readyAt ?? now;
  }

  nodeDeleted(node: Node, now: number): void {
    const n = this.nodes.get(node.name);
    if (!n || !n.present) return;
    this.accrue(n, now);
    n.present = false;
    this.agg.allocatableCpuMillis -= n.allocCpuMillis;
    this.agg.allocatableMemoryMiB -= n.allocMemoryMiB;
    this.agg.requestedCpuMillis -= n.reqCpuMillis;
    this.agg.requestedMemoryMiB -= n.reqMemoryMiB;
    if (n.pods === 0) this.nodes.delete(n.name);
  }

  /** A pod's requests join (sign 1) or leave (sign −1) a node. */
  movePod(nodeName: string, cpuMillis: number, memoryMiB: number, gpus: number, daemonSet: boolean, sign: 1 | -1, now: number): void {
    let n = this.nodes.get(nodeName);
    if (!n) {
      if (sign < 0) return;
      n = this.emptyNode(nodeName, now);
      this.nodes.set(nodeName, n);
    }
    this.accrue(n, now);
    n.pods += sign;
    n.reqCpuMillis += sign * cpuMillis;
    n.reqMemoryMiB += sign * memoryMiB;
    const v = daemonSet ? n.ds : n.wl;
    v[0] += sign * cpuMillis;
    v[1] += sign * memoryMiB;
    v[2] += sign * gpus;
    if (n.present) {
      this.agg.requestedCpuMillis += sign * cpuMillis;
      this.agg.requestedMemoryMiB += sign * memoryMiB;
    } else if (n.pods === 0) {
      this.nodes.delete(n.name);
    }
  }

  /** Close every open interval at the horizon and return one row per instance, in launch order. */
  finish(horizon: number): InstanceRow[] {
    for (const n of this.nodes.values()) this.accrue(n, horizon);
    return this.order.map((r) => {
      const end = Math.min(r.terminatedAt ?? horizon, Math.max(horizon, r.launchedAt));
      const billed = billedSeconds(r.launchedAt, end);
      const costUsd = (billed * r.pricePerHour) / 3600;
      const workloadUsd = Math.min(r.workloadUsd, costUsd);
      const { draining: _draining, ...fields } = r;
      const row: InstanceRow = {
        ...fields,
        billedSeconds: billed,
        costUsd,
        workloadUsd,
        daemonsetUsd: Math.min(r.daemonsetUsd, costUsd - workloadUsd),
      };
      return row;
    });
  }

  private emptyNode(name: string, now: number): NodeState {
    return {
      name,
      present: false,
      draining: false,
      capacity: { cpuMillis: 0, memoryMiB: 0, gpus: 0 },
      allocCpuMillis: 0,
      allocMemoryMiB: 0,
      pods: 0,
      reqCpuMillis: 0,
      reqMemoryMiB: 0,
      wl: [0, 0, 0],
      ds: [0, 0, 0],
      lastAccrual: now,
    };
  }

  private register(n: NodeState, node: Node, now: number): void {
    this.accrue(n, now);
    n.present = true;
    n.capacity = { cpuMillis: node.capacity.cpuMillis, memoryMiB: node.capacity.memoryMiB, gpus: node.capacity.gpus };
    n.allocCpuMillis = node.allocatable.cpuMillis;
    n.allocMemoryMiB = node.allocatable.memoryMiB;
    n.lastAccrual = now;
    this.agg.allocatableCpuMillis += n.allocCpuMillis;
    this.agg.allocatableMemoryMiB += n.allocMemoryMiB;
    this.agg.requestedCpuMillis += n.reqCpuMillis;
    this.agg.requestedMemoryMiB += n.reqMemoryMiB;
    const id = node.providerID ? (this.byProviderID.get(node.providerID) ?? instanceIdFromProviderID(node.providerID)) : node.name;
    let rec = this.instances.get(id);
    if (!rec) {
      const instanceType = node.labels[LabelKeys.instanceType] ?? 'unknown';
      const zone = node.labels[LabelKeys.zone] ?? '';
      const capacityType = capacityTypeOf(node);
      this.launched({
        instanceId: id,
        instanceType,
        zone,
        capacityType,
        pricePerHour: this.priceOf(instanceType, zone, capacityType) ?? 0,
        at: Math.min(node.createdAt, now),
      });
      rec = this.instances.get(id)!;
    }
    n.instance = rec;
    rec.nodeName = node.name;
    if (rec.registeredAt === undefined) rec.registeredAt = node.createdAt;
  }

  private accrue(n: NodeState, now: number): void {
    const rec = n.instance;
    if (rec && n.present) {
      const end = Math.min(now, rec.terminatedAt ?? Infinity);
      const dt = end - n.lastAccrual;
      if (dt > 0 && (n.wl[0] || n.wl[1] || n.wl[2] || n.ds[0] || n.ds[1] || n.ds[2])) {
        const usd = (dt * rec.pricePerHour) / 3600;
        const wl = requestShare(this.weights, n.capacity, n.wl[0], n.wl[1], n.wl[2]);
        const ds = Math.min(1 - wl, requestShare(this.weights, n.capacity, n.ds[0], n.ds[1], n.ds[2]));
        rec.workloadUsd += usd * wl;
        rec.daemonsetUsd += usd * ds;
      }
    }
    if (now > n.lastAccrual) n.lastAccrual = now;
  }
}
