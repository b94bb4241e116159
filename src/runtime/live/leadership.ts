import type { CloudProvider } from '../../cloud/cloud-provider.js';
import type { Cluster } from '../../cluster/cluster.js';
import type { KubeConfig } from '../../cluster/kube/client.js';
import { LeaseElector, type Clock, type TimerHandle } from '../../cluster/kube/index.js';
import type { KarpenterEngine } from '../../engine/index.js';
import type { DecisionSink } from '../../model/index.js';
import type { Fence } from './fence.js';
import { reconcileInstances, type ReconcileResult } from './reconcile.js';

export interface LeaseTimings {
  readonly leaseDurationSeconds?: number;
  readonly renewDeadlineSeconds?: number;
  readonly retryPeriodSeconds?: number;
}

export interface LeadershipDeps {
  readonly apply: boolean;
  readonly kubeConfig: KubeConfig;
  readonly clock: Clock;
  readonly engine: KarpenterEngine;
  readonly cluster: Cluster;
  readonly cloud: CloudProvider;
  readonly clusterName: string;
  readonly decisions: DecisionSink;
  readonly log: (line: string) => void;
  readonly identity: string;
  readonly namespace: string;
  readonly leaseName: string;
  readonly lease?: LeaseTimings;
  readonly reconcileIntervalSeconds: number;
  readonly launchSettleSeconds: number;
  readonly startInterruptions: (() => Promise<void>) | undefined;
  readonly fence: Fence;
}

/**
 * When the live runtime acts. With `apply`, only while this replica holds the Lease: on taking over it
 * reconciles instances against NodeClaims (`reconcileInstances`), waits for launches a previous leader had
 * in flight to settle, reconciles again, then starts the engine, the interruption queue and periodic leak
 * reconciliation; losing the lease stops the engine and ends the run ('lost-leadership': the process
 * exits and is restarted, as Karpenter's does). In dry run no lease is taken (a dry run writes nothing)
 * and it acts at once.
 */
export class LiveLeadership {
  private readonly elector: LeaseElector | undefined;
  private leading = false;
  private acted = false;
  private stopping = false;
  private killed = false;
  /** Set once the run has ended ('lost-leadership'): this replica never leads again, even if the lease comes back. */
  private ended = false;
  private gcTimer: TimerHandle | undefined;
  private gcRunning = false;
  private resolveActing: () => void = () => undefined;
  private resolveDone: (why: 'stopped' | 'lost-leadership') => void = () => undefined;
  readonly acting: Promise<void>;
  readonly done: Promise<'stopped' | 'lost-leadership'>;
  lastReconcile: ReconcileResult | undefined;

  constructor(private readonly d: LeadershipDeps) {
    this.acting = new Promise((ok) => (this.resolveActing = ok));
    this.done = new Promise((ok) => (this.resolveDone = ok));
    if (d.apply) {
      const isKilled = (): boolean => this.killed;
      this.elector = new LeaseElector(d.kubeConfig, d.clock, {
        namespace: d.namespace,
        name: d.leaseName,
        identity: d.identity,
        ...d.lease,
        get releaseOnStop() {
          return !isKilled();
        },
        onStartedLeading: () => {
          if (this.ended) return;
          this.leading = true;
          d.log(`leader election: ${d.identity} leads (lease ${d.namespace}/${d.leaseName})`);
          void this.act();
        },
        onStoppedLeading: () => {
          this.leading = false;
          if (this.stopping) return;
          d.log(`leader election: ${d.identity} lost the lease; stopping`);
          this.endAfterLostLease();
        },
        onNewLeader: (id) => d.log(`leader election: ${id} leads; ${d.identity} stands by`),
        onError: (e) => d.log(`leader election: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`),
      });
    }
  }

  get isLeader(): boolean {
    return this.d.apply ? this.leading : this.acted;
  }

  start(): void {
    if (this.elector) {
      this.d.log(`leader election: ${this.d.identity} is a candidate for ${this.d.namespace}/${this.d.leaseName}`);
      this.elector.start();
    } else {
      void this.act();
    }
  }

  private active(): boolean {
    return !this.stopping && this.d.fence.isOpen && (!this.d.apply || this.leading);
  }

  private async act(): Promise<void> {
    try {
      await this.reconcile('start');
      const settle = this.inFlightLaunchWait();
      if (settle > 0 && this.active()) {
        this.d.log(`reconcile: waiting ${settle.toFixed(1)} s for launches a previous leader had in flight`);
        await new Promise<void>((ok) => this.d.clock.schedule(settle, ok));
        await this.reconcile('settled');
      }
      if (!this.active()) return;
      this.d.engine.start();
      this.acted = true;
      await this.d.startInterruptions?.();
      this.scheduleGc();
      this.resolveActing();
    } catch (e) {
      this.d.log(`start failed: ${e instanceof Error ? e.message : String(e)}`);
      this.endAfterLostLease();
    }
  }

  /** Seconds until the newest claim whose launch was requested (but not recorded) is older than the settle time. */
  private inFlightLaunchWait(): number {
    const now = this.d.clock.now();
    let wait = 0;
    for (const c of this.d.cluster.nodeClaims()) {
      const s = c.status;
      if (s.launchRequestedAt === undefined || s.launchedAt !== undefined || s.deletionAt !== undefined) continue;
      wait = Math.max(wait, s.launchRequestedAt + this.d.launchSettleSeconds - now);
    }
    return Math.min(wait, this.d.launchSettleSeconds);
  }

  private async reconcile(when: string): Promise<void> {
    if (!this.active() || this.gcRunning) return;
    this.gcRunning = true;
    try {
      const { engine } = this.d;
      const r = await reconcileInstances({
        cloud: this.d.cloud,
        cluster: this.d.cluster,
        clusterName: this.d.clusterName,
        leakAfterSeconds: engine.options.registrationTimeoutSeconds,
        now: () => this.d.clock.now(),
        decisions: this.d.decisions,
        instanceType: (name, nodeClassName) => engine.instanceTypes.lookup(name, nodeClassName),
      });
      this.lastReconcile = r;
      if (when !== 'periodic' || r.adopted.length + r.terminated.length > 0) {
        this.d.log(`reconcile (${when}): ${r.adopted.length} adopted, ${r.terminated.length} leaked terminated, ${r.young.length} too young to judge`);
      }
    } finally {
      this.gcRunning = false;
    }
  }

  private scheduleGc(): void {
    if (!this.active()) return;
    this.gcTimer = this.d.clock.schedule(this.d.reconcileIntervalSeconds, () => {
      this.gcTimer = undefined;
      void this.reconcile('periodic')
        .catch((e: unknown) => this.d.log(`reconcile failed: ${e instanceof Error ? e.message : String(e)}`))
        .finally(() => this.scheduleGc());
    });
  }

  /**
   * The run ends: stop acting and stop campaigning (without releasing a lease that may now be someone
   * else's), so this replica cannot take the lease back and act again before its process exits.
   */
  private endAfterLostLease(): void {
    this.ended = true;
    this.leading = false;
    this.killed = true;
    this.halt();
    void this.elector?.stop();
    this.finish('lost-leadership');
  }

  private halt(): void {
    if (this.gcTimer) this.d.clock.cancel(this.gcTimer);
    this.gcTimer = undefined;
    this.d.engine.stop();
  }

  /** Stop acting; a graceful stop gives the lease up, a kill lets it expire. */
  async stop(graceful: boolean): Promise<void> {
    this.stopping = true;
    this.killed = !graceful;
    this.halt();
    await this.elector?.stop();
  }

  finish(why: 'stopped' | 'lost-leadership'): void {
    this.resolveActing();
    this.resolveDone(why);
  }
}
