import type { ClusterEvent } from '../cluster/cluster.js';
import { add, LabelKeys, resources, subtract, type NodePool, type Resources } from '../model/index.js';
import type { Reporter } from './reporter.js';
import { InvariantCodes } from './violation.js';

/** One machine of a pool, by providerID: its node's capacity once registered, else its launched claim's. */
interface Unit {
  pool: string | undefined;
  nodeCapacity: Resources | undefined;
  claimCapacity: Resources | undefined;
}

interface Usage {
  capacity: Resources;
  nodes: number;
}

function contribution(u: Unit): Resources | undefined {
  return u.nodeCapacity ?? u.claimCapacity;
}

const LIMIT_FIELDS = [
  ['cpuMillis', 'cpu', 'm'],
  ['memoryMiB', 'memory', 'Mi'],
  ['gpus', 'nvidia.com/gpu', ''],
  ['pods', 'pods', ''],
  ['ephemeralMiB', 'ephemeral-storage', 'Mi'],
] as const;

/**
 * A NodePool's nodes never exceed its limits: Σ capacity of the machines labelled
 * `karpenter.sh/nodepool=<pool>` (NodeClaims launched but not registered count with their instance type's
 * capacity when `capacityOf` is given), and their number for `limits.nodes`. A machine counts from launch
 * (or registration) until both its node and its NodeClaim are gone. O(1) per event.
 */
export class NodePoolLimits {
  private readonly pools = new Map<string, NodePool>();
  private readonly units = new Map<string, Unit>();
  private readonly usage = new Map<string, Usage>();

  constructor(
    private readonly report: Reporter,
    nodePools: readonly NodePool[],
    private readonly capacityOf?: (instanceType: string) => Resources | undefined,
  ) {
    for (const p of nodePools) this.pools.set(p.name, p);
  }

  get enabled(): boolean {
    return this.pools.size > 0;
  }

  onEvent(e: ClusterEvent): void {
    switch (e.kind) {
      case 'node-added':
      case 'node-updated': {
        const pool = e.node.labels[LabelKeys.nodePool];
        if (pool === undefined && !this.units.has(e.node.providerID)) return;
        this.update(e.node.providerID, (u) => {
          if (pool !== undefined) u.pool = pool;
          u.nodeCapacity = e.node.capacity;
        }, e.node.name);
        return;
      }
      case 'node-deleted':
        this.update(e.node.providerID, (u) => {
          u.nodeCapacity = undefined;
        });
        return;
      case 'nodeclaim-added':
      case 'nodeclaim-updated': {
        const s = e.nodeClaim.status;
        if (s.providerID === undefined || !this.pools.has(e.nodeClaim.nodePoolName)) return;
        const capacity = s.instanceType !== undefined ? this.capacityOf?.(s.instanceType) : undefined;
        this.update(s.providerID, (u) => {
          u.pool ??= e.nodeClaim.nodePoolName;
          u.claimCapacity = capacity ?? u.claimCapacity;
        }, s.nodeName ?? e.nodeClaim.name);
        return;
      }
      case 'nodeclaim-deleted': {
        const id = e.nodeClaim.status.providerID;
        if (id !== undefined) this.update(id, (u) => {
          u.claimCapacity = undefined;
        });
        return;
      }
      default:
        return;
    }
  }

  private update(providerID: string, mutate: (u: Unit) => void, name?: string): void {
    let u = this.units.get(providerID);
    if (!u) {
      u = { pool: undefined, nodeCapacity: undefined, claimCapacity: undefined };
      this.units.set(providerID, u);
    }
    const beforePool = u.pool;
    const before = contribution(u);
    mutate(u);
    const after = contribution(u);
    if (beforePool !== undefined && before) this.account(beforePool, before, -1);
    if (u.pool !== undefined && after) this.account(u.pool, after, 1);
    if (!after && u.nodeCapacity === undefined && u.claimCapacity === undefined) this.units.delete(providerID);
    const grew = after !== undefined && (before === undefined || beforePool !== u.pool || after !== before);
    if (grew && u.pool !== undefined) this.check(u.pool, name ?? providerID);
  }

  private account(pool: string, capacity: Resources, sign: 1 | -1): void {
    const use = this.usage.get(pool) ?? { capacity: resources(), nodes: 0 };
    use.capacity = sign > 0 ? add(use.capacity, capacity) : subtract(use.capacity, capacity);
    use.nodes += sign;
    this.usage.set(pool, use);
  }

  private check(poolName: string, machine: string): void {
    const pool = this.pools.get(poolName);
    const use = this.usage.get(poolName);
    if (!pool || !use) return;
    const over: string[] = [];
    const l = pool.limits;
    for (const [field, name, unit] of LIMIT_FIELDS) {
      const limit = l[field];
      if (limit !== undefined && use.capacity[field] > limit) over.push(`${name} ${use.capacity[field]}${unit} > limit ${limit}${unit}`);
    }
    for (const [k, limit] of Object.entries(l.extended ?? {})) {
      const v = use.capacity.extended?.[k] ?? 0;
      if (v > limit) over.push(`${k} ${v} > limit ${limit}`);
    }
    if (l.nodes !== undefined && use.nodes > l.nodes) over.push(`nodes ${use.nodes} > limit ${l.nodes}`);
    if (over.length === 0) return;
    this.report.violation({
      code: InvariantCodes.nodePoolLimit,
      invariant: "a NodePool's nodes stay within its limits",
      objects: { nodePool: poolName, node: machine },
      detail: `NodePool ${poolName} exceeds its limits with ${machine}: ${over.join(', ')}`,
    });
  }
}
