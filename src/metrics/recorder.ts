import { CAPACITY_ERROR_CODES, type CloudErrorCode } from '../cloud/errors.js';
import type { Cluster, ClusterEvent } from '../cluster/cluster.js';
import type { CapacityType, Decision, DecisionSink } from '../model/index.js';
import { Priority, type Clock, type TimerHandle } from '../sim/clock.js';
import type { UnitPrices } from '../report/lower-bound.js';
import { Aggregates } from './aggregates.js';
import { OPENCOST_DEFAULT_WEIGHTS, type CostWeights } from './cost-split.js';
import { FleetTracker, type PriceLookup } from './fleet-tracker.js';
import { PodTracker } from './pod-tracker.js';
import { DecisionLog } from './decision-log.js';
import { DISRUPTION_REASONS, type DisruptionKind, type PodColumns, type RunData, type RunEvent } from './run-data.js';
import { TimeseriesTable } from './timeseries-table.js';

export interface RecorderOptions {
  readonly scenario: string;
  readonly policy: string;
  readonly seed: number;
  /** Cheapest unit prices of the offerings the policy may use (`unitPricesFromInstanceTypes`). */
  readonly unitPrices: UnitPrices;
  /** Time-series step in simulated seconds (default 60). */
  readonly stepSeconds?: number;
  /** Relative per-unit weights for the cost split (default OpenCost's defaults). */
  readonly costWeights?: CostWeights;
  /** Price of instances known only from their Node (no `instanceLaunched` call), e.g. live pre-existing nodes. */
  readonly priceOf?: PriceLookup;
  /** Keep decisions for decisions.jsonl (default true). */
  readonly keepDecisions?: boolean;
}

export interface LaunchRequestedEvent {
  /** Identifies the request: a request id, the instance id, the NodeClaim name or the node group. */
  readonly requestId?: string;
  readonly instanceId?: string;
  readonly nodeClaimName?: string;
  readonly groupName?: string;
  readonly at: number;
}

export interface InstanceLaunchedEvent {
  readonly instanceId: string;
  readonly providerID: string;
  readonly instanceType: string;
  readonly zone: string;
  readonly capacityType: CapacityType;
  readonly pricePerHour: number;
  /** When the launch was requested; otherwise matched to an earlier `instanceLaunchRequested`. */
  readonly requestedAt?: number;
  readonly requestId?: string;
  readonly nodeClaimName?: string;
  readonly groupName?: string;
  /** Billing starts here. */
  readonly at: number;
}

export interface InstanceTerminatedEvent {
  readonly instanceId: string;
  readonly at: number;
  readonly reason: string;
}

export interface LaunchFailedEvent {
  /** EC2 error code; codes in CAPACITY_ERROR_CODES count as insufficientCapacity, the rest as other. */
  readonly code: string;
  readonly at: number;
  /** The failed request (its pending `instanceLaunchRequested` entry is dropped). */
  readonly requestId?: string;
  readonly nodeClaimName?: string;
  readonly groupName?: string;
}

export interface SpotEvent {
  readonly kind: 'interruption' | 'rebalance';
  readonly instanceId: string;
  readonly at: number;
}

export interface DisruptionEvent {
  readonly nodeName?: string;
  readonly instanceId?: string;
  readonly reason: DisruptionKind;
  readonly at: number;
}

/**
 * Records a run from state changes: the Cluster's watch stream, explicit calls for the cloud side, and a
 * fixed-step sample of its own aggregates (scheduled on the Clock at Priority.recorder). It never polls
 * the engine. `finish` closes every open interval at the horizon and returns the run's data.
 */
export class Recorder {
  readonly decisionSink: DecisionSink = { record: (d) => this.decision(d) };
  private readonly agg: Aggregates;
  private readonly fleet: FleetTracker;
  private readonly pods: PodTracker;
  private readonly series = new TimeseriesTable();
  private readonly events: RunEvent[] = [];
  private readonly decisions = new DecisionLog();
  private podColumns: PodColumns | undefined;
  private readonly requests = new Map<string, number[]>();
  private readonly disrupted = new Set<string>();
  private readonly disruptions: Record<DisruptionKind, number> = Object.fromEntries(DISRUPTION_REASONS.map((r) => [r, 0])) as Record<
    DisruptionKind,
    number
  >;
  private readonly startAt: number;
  private readonly stepSeconds: number;
  private launchRequests = 0;
  private capacityFailures = 0;
  private otherFailures = 0;
  private spotInterruptions = 0;
  private rebalances = 0;
  private timer: TimerHandle | undefined;
  private unwatch: (() => void) | undefined;
  private done = false;

  constructor(
    private readonly clock: Clock,
    private readonly options: RecorderOptions,
  ) {
    this.startAt = clock.now();
    this.stepSeconds = options.stepSeconds ?? 60;
    if (!(this.stepSeconds > 0)) throw new RangeError(`stepSeconds must be > 0, got ${this.stepSeconds}`);
    this.agg = new Aggregates(this.startAt, options.unitPrices);
    this.fleet = new FleetTracker(this.agg, options.costWeights ?? OPENCOST_DEFAULT_WEIGHTS, options.priceOf);
    this.pods = new PodTracker(this.agg, this.fleet);
  }

  /** Subscribe to the cluster (objects that already exist are taken in first) and start sampling. */
  attach(cluster: Pick<Cluster, 'watch' | 'nodes' | 'pods' | 'nodeClaims'>): void {
    for (const node of cluster.nodes()) this.onClusterEvent({ kind: 'node-added', node });
    for (const nodeClaim of cluster.nodeClaims()) this.onClusterEvent({ kind: 'nodeclaim-added', nodeClaim });
    for (const pod of cluster.pods()) this.onClusterEvent({ kind: 'pod-added', pod });
    this.unwatch = cluster.watch((e) => this.onClusterEvent(e));
    this.startSampling();
  }

  /** Start the fixed-step sampling (first sample now); `attach` calls it. */
  startSampling(): void {
    if (this.timer || this.done) return;
    this.timer = this.clock.schedule(0, () => this.sample(), Priority.recorder);
  }

  onClusterEvent(e: ClusterEvent): void {
    if (this.done) return;
    const now = this.clock.now();
    this.agg.advance(now);
    switch (e.kind) {
      case 'pod-added':
      case 'pod-updated':
        this.pods.observe(e.pod, false, now);
        break;
      case 'pod-deleted':
        this.pods.observe(e.pod, true, now);
        break;
      case 'node-added':
      case 'node-updated':
        this.fleet.nodeSeen(e.node, now);
        break;
      case 'node-deleted':
        this.fleet.nodeDeleted(e.node, now);
        break;
      default: {
        const st = e.nodeClaim.status;
        if (st.instanceId !== undefined && st.launchRequestedAt !== undefined) {
          this.fleet.noteLaunchRequested(st.instanceId, st.launchRequestedAt, e.nodeClaim.name);
        }
      }
    }
  }

  instanceLaunchRequested(e: LaunchRequestedEvent): void {
    if (this.done) return;
    this.launchRequests++;
    const key = e.requestId ?? e.instanceId ?? e.nodeClaimName ?? e.groupName;
    if (key === undefined) return;
    const queue = this.requests.get(key);
    if (queue) queue.push(e.at);
    else this.requests.set(key, [e.at]);
  }

  /** A requested launch will not happen (e.g. a node group's target lowered again): forget the newest request of that key. */
  launchRequestCancelled(e: { requestId?: string; nodeClaimName?: string; groupName?: string }): void {
    this.dropRequest(e.requestId ?? e.nodeClaimName ?? e.groupName);
  }

  private dropRequest(key: string | undefined): void {
    const queue = key === undefined ? undefined : this.requests.get(key);
    if (!queue) return;
    queue.pop();
    if (queue.length === 0) this.requests.delete(key!);
  }

  instanceLaunched(e: InstanceLaunchedEvent): void {
    if (this.done) return;
    this.agg.advance(e.at);
    let requestedAt = e.requestedAt;
    for (const key of [e.requestId, e.instanceId, e.nodeClaimName, e.groupName]) {
      const queue = key === undefined ? undefined : this.requests.get(key);
      if (!queue) continue;
      const first = queue.shift();
      if (queue.length === 0) this.requests.delete(key!);
      requestedAt ??= first;
      break;
    }
    this.fleet.launched({
      instanceId: e.instanceId,
      providerID: e.providerID,
      instanceType: e.instanceType,
      zone: e.zone,
      capacityType: e.capacityType,
      pricePerHour: e.pricePerHour,
      at: e.at,
      ...(requestedAt !== undefined ? { launchRequestedAt: requestedAt } : {}),
      ...(e.nodeClaimName !== undefined ? { nodeClaimName: e.nodeClaimName } : {}),
      ...(e.groupName !== undefined ? { groupName: e.groupName } : {}),
    });
  }

  instanceTerminated(e: InstanceTerminatedEvent): void {
    if (this.done) return;
    this.agg.advance(e.at);
    this.fleet.terminated(e.instanceId, e.at, e.reason);
  }

  launchFailed(e: LaunchFailedEvent): void {
    if (this.done) return;
    if (CAPACITY_ERROR_CODES.has(e.code as CloudErrorCode)) this.capacityFailures++;
    else this.otherFailures++;
    this.dropRequest(e.requestId ?? e.nodeClaimName ?? e.groupName);
    this.events.push({ at: e.at, kind: 'launch-failure', reason: e.code, node: '', instanceId: '' });
  }

  spotEvent(e: SpotEvent): void {
    if (this.done) return;
    if (e.kind === 'interruption') {
      this.spotInterruptions++;
      this.fleet.markDraining(e.instanceId);
    } else this.rebalances++;
    const node = this.fleet.instance(e.instanceId)?.nodeName ?? '';
    const kind = e.kind === 'interruption' ? 'spot-interruption' : 'rebalance-recommendation';
    this.events.push({ at: e.at, kind, reason: '', node, instanceId: e.instanceId });
  }

  /** A node chosen for disruption; each node counts once (its first reason). */
  disruption(e: DisruptionEvent): void {
    if (this.done) return;
    const rec = this.fleet.disrupt({ nodeName: e.nodeName, instanceId: e.instanceId }, e.reason);
    const key = rec?.instanceId ?? e.instanceId ?? `node/${e.nodeName ?? ''}`;
    if (this.disrupted.has(key)) return;
    this.disrupted.add(key);
    this.disruptions[e.reason]++;
    this.events.push({ at: e.at, kind: 'disruption', reason: e.reason, node: e.nodeName ?? rec?.nodeName ?? '', instanceId: rec?.instanceId ?? e.instanceId ?? '' });
  }

  /** The Eviction API accepted evicting this pod (counted once per binding, with the watch-based detection). */
  podEvicted(e: { podUid: string; at: number }): void {
    if (this.done) return;
    this.agg.advance(e.at);
    this.pods.evicted(e.podUid);
  }

  decision(d: Decision): void {
    if (this.done || this.options.keepDecisions === false) return;
    this.decisions.push(d);
  }

  /** Stop recording, close open intervals at `endAt` (default now) and return the run's data. */
  finish(endAt: number = this.clock.now()): RunData {
    if (this.timer) this.clock.cancel(this.timer);
    this.timer = undefined;
    this.unwatch?.();
    this.agg.advance(endAt);
    const instances = this.fleet.finish(endAt);
    this.done = true;
    const a = this.agg;
    const log = this.decisions;
    let decisions: Decision[] | undefined;
    this.podColumns ??= this.pods.takeColumns();
    return {
      meta: {
        scenario: this.options.scenario,
        policy: this.options.policy,
        seed: this.options.seed,
        startAt: this.startAt,
        endAt,
        stepSeconds: this.stepSeconds,
      },
      pods: this.podColumns,
      instances,
      timeseries: this.series.columns(),
      events: this.events.slice().sort((x, y) => x.at - y.at),
      get decisions() {
        return (decisions ??= log.decisions());
      },
      decisionsJsonl: () => log.text(),
      totals: {
        launchRequests: this.launchRequests,
        launchFailuresInsufficientCapacity: this.capacityFailures,
        launchFailuresOther: this.otherFailures,
        spotInterruptions: this.spotInterruptions,
        rebalanceRecommendations: this.rebalances,
        disruptions: { ...this.disruptions },
        evictions: this.pods.evictions,
        pendingPodsAtEnd: a.pendingPods,
        peakInstances: a.peakInstances,
        instanceSeconds: a.instanceSeconds,
        requestedCpuMilliSeconds: a.requestedCpuMilliSeconds,
        allocatableCpuMilliSeconds: a.allocatableCpuMilliSeconds,
        requestedMemoryMiBSeconds: a.requestedMemoryMiBSeconds,
        allocatableMemoryMiBSeconds: a.allocatableMemoryMiBSeconds,
        costLowerBoundUsd: a.lowerBoundUsd,
      },
    };
  }

  private sample(): void {
    this.timer = undefined;
    if (this.done) return;
    const now = this.clock.now();
    this.agg.advance(now);
    this.series.sample(now, this.agg);
    this.timer = this.clock.schedule(this.stepSeconds, () => this.sample(), Priority.recorder);
  }
}
