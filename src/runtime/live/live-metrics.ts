import type { Cluster, ClusterEvent } from '../../cluster/cluster.js';
import type { Decision, DecisionSink } from '../../model/index.js';
import type { Clock } from '../../sim/clock.js';
import { Counter, Gauge, Histogram, Registry } from './prometheus.js';

/** Karpenter's pod startup buckets (seconds). */
export const STARTUP_BUCKETS = [0.5, 1, 2, 3, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 300, 360, 480, 600];

const DISRUPTION_REASONS = new Set(['emptiness', 'drift', 'underutilized', 'expiration', 'interruption']);

export interface LiveMetricsOptions {
  readonly clock: Clock;
  /** The cluster as the engine sees it (in dry run: with the planned NodeClaims). */
  readonly cluster: Cluster;
  readonly dryRun: boolean;
  /** 1 while this replica leads. */
  readonly isLeader: () => boolean;
  /** Dry-run interceptions by action. */
  readonly interceptions?: () => ReadonlyMap<string, number>;
}

/**
 * The live runtime's Prometheus metrics, named like Karpenter's:
 * `karpenter_pods_startup_duration_seconds` (creation → Running, for pods seen pending),
 * `karpenter_nodeclaims_created_total{nodepool,reason}`, `karpenter_nodeclaims_terminated_total{nodepool}`,
 * `karpenter_nodeclaims_disrupted_total{nodepool,reason}` (from the engine's decision records),
 * `karpenter_cluster_utilization_percent{resource}` (requests of bound pods over the nodes' allocatable),
 * and fleetsim's own: `fleetsim_nodeclaims_cost_per_hour_dollars` (launched, not yet terminated NodeClaims),
 * `fleetsim_nodeclaims{phase}`, `fleetsim_leader`, `fleetsim_dry_run`, `fleetsim_dry_run_actions_total{action}`,
 * `fleetsim_decisions_total{kind}`.
 */
export class LiveMetrics implements DecisionSink {
  readonly registry = new Registry();
  private readonly startup: Histogram;
  private readonly created: Counter;
  private readonly terminated: Counter;
  private readonly disrupted: Counter;
  private readonly decisionsTotal: Counter;
  private readonly seenPending = new Set<string>();
  private unwatch: (() => void) | undefined;

  constructor(private readonly o: LiveMetricsOptions) {
    const r = this.registry;
    this.startup = r.register(new Histogram('karpenter_pods_startup_duration_seconds', 'The time from pod creation until the pod is running.', STARTUP_BUCKETS));
    this.created = r.register(new Counter('karpenter_nodeclaims_created_total', 'Number of nodeclaims created in total by Karpenter. Labeled by reason the nodeclaim was created and the owning nodepool.'));
    this.terminated = r.register(new Counter('karpenter_nodeclaims_terminated_total', 'Number of nodeclaims terminated in total by Karpenter. Labeled by the owning nodepool.'));
    this.disrupted = r.register(new Counter('karpenter_nodeclaims_disrupted_total', 'Number of nodeclaims disrupted in total by Karpenter. Labeled by reason the nodeclaim was disrupted and the owning nodepool.'));
    r.register(new Gauge('karpenter_cluster_utilization_percent', 'Utilization of allocatable resources by pod requests', () => this.utilization()));
    r.register(
      new Gauge('fleetsim_nodeclaims_cost_per_hour_dollars', 'Summed on-demand or spot price of the launched NodeClaims not yet terminated (USD per hour).', () => [
        { value: [...o.cluster.nodeClaims()].reduce((s, c) => s + (c.status.launchedAt !== undefined && c.status.deletionAt === undefined ? (c.status.pricePerHour ?? 0) : 0), 0) },
      ]),
    );
    r.register(new Gauge('fleetsim_nodeclaims', 'NodeClaims by lifecycle phase.', () => this.claimPhases()));
    r.register(new Gauge('fleetsim_leader', '1 while this replica holds the leader lease.', () => [{ value: o.isLeader() ? 1 : 0 }]));
    r.register(new Gauge('fleetsim_dry_run', '1 in dry run (no write to the cluster, no EC2 mutation).', () => [{ value: o.dryRun ? 1 : 0 }]));
    r.register(
      new Gauge('fleetsim_dry_run_actions_total', 'Actions the dry run intercepted instead of performing, by action (monotonic).', () =>
        [...(o.interceptions?.() ?? new Map<string, number>())].map(([action, value]) => ({ labels: { action }, value })),
      ),
    );
    this.decisionsTotal = r.register(new Counter('fleetsim_decisions_total', 'Decision records written, by kind.'));
  }

  start(): void {
    this.unwatch ??= this.o.cluster.watch((e) => this.onEvent(e));
    for (const p of this.o.cluster.pods()) if (p.status.phase === 'Pending') this.seenPending.add(p.uid);
  }

  stop(): void {
    this.unwatch?.();
    this.unwatch = undefined;
  }

  render(): string {
    return this.registry.render();
  }

  record(d: Decision): void {
    this.decisionsTotal.inc({ kind: d.kind });
    if (d.kind === 'nodeclaim-created') {
      const reason = typeof d.reason === 'string' && DISRUPTION_REASONS.has(d.reason) ? d.reason : 'provisioning';
      this.created.inc({ nodepool: String(d.nodePool ?? ''), reason });
    } else if (d.kind === 'nodeclaim-terminated') {
      this.terminated.inc({ nodepool: String(d.nodePool ?? '') });
    } else if (d.kind === 'disruption' && Array.isArray(d.nodes)) {
      const pools = Array.isArray(d.nodePools) ? (d.nodePools as unknown[]).map(String) : [];
      (d.nodes as unknown[]).forEach((_, i) => this.disrupted.inc({ nodepool: pools[i] ?? pools[0] ?? '', reason: String(d.reason ?? '') }));
    }
  }

  private onEvent(e: ClusterEvent): void {
    if (e.kind === 'pod-deleted') {
      this.seenPending.delete(e.pod.uid);
      return;
    }
    if (e.kind !== 'pod-added' && e.kind !== 'pod-updated') return;
    const p = e.pod;
    if (p.status.phase === 'Pending') this.seenPending.add(p.uid);
    else if (p.status.phase === 'Running' && this.seenPending.delete(p.uid)) this.startup.observe(Math.max(0, this.o.clock.now() - p.createdAt));
    else this.seenPending.delete(p.uid);
  }

  private utilization(): { labels: { resource: string }; value: number }[] {
    let cpuAlloc = 0;
    let memAlloc = 0;
    let cpuReq = 0;
    let memReq = 0;
    for (const n of this.o.cluster.nodes()) {
      cpuAlloc += n.allocatable.cpuMillis;
      memAlloc += n.allocatable.memoryMiB;
      for (const p of this.o.cluster.podsOnNode(n.name)) {
        if (p.status.phase === 'Succeeded' || p.status.phase === 'Failed') continue;
        cpuReq += p.requests.cpuMillis;
        memReq += p.requests.memoryMiB;
      }
    }
    const pct = (a: number, b: number): number => (b > 0 ? (100 * a) / b : 0);
    return [
      { labels: { resource: 'cpu' }, value: pct(cpuReq, cpuAlloc) },
      { labels: { resource: 'memory' }, value: pct(memReq, memAlloc) },
    ];
  }

  private claimPhases(): { labels: { phase: string }; value: number }[] {
    const counts: Record<string, number> = { launching: 0, launched: 0, registered: 0, initialized: 0, deleting: 0 };
    for (const c of this.o.cluster.nodeClaims()) {
      const s = c.status;
      const phase = s.deletionAt !== undefined ? 'deleting' : s.initializedAt !== undefined ? 'initialized' : s.registeredAt !== undefined ? 'registered' : s.launchedAt !== undefined ? 'launched' : 'launching';
      counts[phase]!++;
    }
    return Object.entries(counts).map(([phase, value]) => ({ labels: { phase }, value }));
  }
}
