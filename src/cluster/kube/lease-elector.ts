import { CoordinationV1Api, V1MicroTime, type KubeConfig, type V1Lease, type V1LeaseSpec } from './client.js';
import type { Clock, TimerHandle } from './clock.js';
import { fromTimestamp, UNIX_TIME } from './convert/index.js';
import { httpStatus } from './writer.js';

export interface LeaseElectorOptions {
  readonly namespace: string;
  readonly name: string;
  /** This candidate's identity (unique among candidates: pod name, host name). */
  readonly identity: string;
  /** How long followers wait after the last observed renewal before taking over (written rounded up to whole seconds). Default 15 s. */
  readonly leaseDurationSeconds?: number;
  /** A leader that could not renew for this long steps down. Default 10 s. */
  readonly renewDeadlineSeconds?: number;
  /** Interval of acquire and renew attempts. Default 2 s. */
  readonly retryPeriodSeconds?: number;
  /** On stop, give the lease up at once (holder cleared) instead of letting it expire. Default true. */
  readonly releaseOnStop?: boolean;
  readonly onStartedLeading?: () => void;
  readonly onStoppedLeading?: () => void;
  /** A different holder was observed. */
  readonly onNewLeader?: (identity: string) => void;
  /** Errors other than conflicts (network, 5xx); the elector keeps trying. */
  readonly onError?: (error: unknown) => void;
}

/**
 * Leader election over a coordination.k8s.io/v1 Lease, with client-go's semantics: a candidate takes
 * the lease when it does not exist, is free, or was not renewed for leaseDurationSeconds as measured on
 * the candidate's own clock since it last saw the record change (so clock skew between candidates does
 * not matter); the leader renews every retryPeriod. Writes carry the lease's resourceVersion, so two
 * candidates racing get one success and one 409 Conflict. A leader whose renewal hits a conflict (the
 * lease was changed by someone else) stops leading at once; one that cannot renew for
 * renewDeadlineSeconds (errors) stops too.
 */
export class LeaseElector {
  private readonly api: CoordinationV1Api;
  private readonly duration: number;
  private readonly renewDeadline: number;
  private readonly retry: number;
  private timer: TimerHandle | undefined;
  private running = false;
  private leading = false;
  private lastRenew = 0;
  private observed: { holder: string; renewTime: string; at: number } | undefined;
  private busy: Promise<void> = Promise.resolve();

  constructor(
    coordination: CoordinationV1Api | KubeConfig,
    private readonly clock: Clock,
    private readonly options: LeaseElectorOptions,
  ) {
    this.api = coordination instanceof CoordinationV1Api ? coordination : coordination.makeApiClient(CoordinationV1Api);
    this.duration = options.leaseDurationSeconds ?? 15;
    this.renewDeadline = options.renewDeadlineSeconds ?? 10;
    this.retry = options.retryPeriodSeconds ?? 2;
    if (!(this.duration > this.renewDeadline && this.renewDeadline > this.retry && this.retry > 0)) {
      throw new RangeError('leader election needs leaseDurationSeconds > renewDeadlineSeconds > retryPeriodSeconds > 0');
    }
  }

  get isLeader(): boolean {
    return this.leading;
  }

  /** The holder last observed (this candidate's identity while leading). */
  get leader(): string | undefined {
    return this.observed?.holder || undefined;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.tick();
  }

  /** Stop trying; a leader steps down (and releases the lease unless releaseOnStop is false). */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) this.clock.cancel(this.timer);
    this.timer = undefined;
    await this.busy;
    if (!this.leading) return;
    if (this.options.releaseOnStop ?? true) {
      try {
        await this.release();
      } catch (e) {
        this.options.onError?.(e);
      }
    }
    this.stepDown();
  }

  /** One acquire-or-renew attempt now (also what the timer runs). Resolves with leadership after it. */
  async attempt(): Promise<boolean> {
    const run = this.busy.then(() => this.tryAcquireOrRenew());
    this.busy = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private tick(): void {
    if (!this.running) return;
    void this.attempt().finally(() => {
      if (this.running) this.timer = this.clock.schedule(this.retry, () => this.tick());
    });
  }

  private async tryAcquireOrRenew(): Promise<boolean> {
    const now = this.clock.now();
    try {
      const ok = await this.acquireOrRenew(now);
      if (ok) {
        this.lastRenew = now;
        if (!this.leading) {
          this.leading = true;
          this.options.onStartedLeading?.();
        }
      } else if (this.leading) this.stepDown();
      return ok;
    } catch (e) {
      if (httpStatus(e) === 409) {
        if (this.leading) this.stepDown();
        return false;
      }
      this.options.onError?.(e);
      if (this.leading && this.clock.now() - this.lastRenew >= this.renewDeadline) this.stepDown();
      return this.leading;
    }
  }

  private async acquireOrRenew(now: number): Promise<boolean> {
    const { namespace, name, identity } = this.options;
    let lease: V1Lease;
    try {
      lease = await this.api.readNamespacedLease({ name, namespace });
    } catch (e) {
      if (httpStatus(e) !== 404) throw e;
      await this.api.createNamespacedLease({ namespace, body: { metadata: { name, namespace }, spec: this.spec(now, now, 0) } });
      this.observe(identity, now, now);
      return true;
    }
    const spec: V1LeaseSpec = lease.spec ?? {};
    const holder = spec.holderIdentity ?? '';
    const renewTime = fromTimestamp(spec.renewTime, UNIX_TIME);
    this.observe(holder, renewTime ?? 0, now);
    const duration = spec.leaseDurationSeconds ?? this.duration;
    if (holder !== '' && holder !== identity && this.observed!.at + duration > now) return false;
    const ours = holder === identity;
    const acquired = ours ? (fromTimestamp(spec.acquireTime, UNIX_TIME) ?? now) : now;
    const transitions = (spec.leaseTransitions ?? 0) + (ours ? 0 : 1);
    await this.api.replaceNamespacedLease({
      name,
      namespace,
      body: { metadata: { name, namespace, resourceVersion: lease.metadata?.resourceVersion }, spec: this.spec(acquired, now, transitions) },
    });
    this.observe(identity, now, now);
    return true;
  }

  private spec(acquireTime: number, renewTime: number, leaseTransitions: number): V1LeaseSpec {
    return {
      holderIdentity: this.options.identity,
      // The API takes whole seconds (int32); followers time out against the record's value.
      leaseDurationSeconds: Math.ceil(this.duration),
      acquireTime: new V1MicroTime(acquireTime * 1000),
      renewTime: new V1MicroTime(renewTime * 1000),
      leaseTransitions,
    };
  }

  /** Remember the record and when it was first seen like this (expiry runs on our own clock). */
  private observe(holder: string, renewTime: number, now: number): void {
    const key = String(renewTime);
    if (this.observed && this.observed.holder === holder && this.observed.renewTime === key) return;
    const changedHolder = this.observed?.holder !== holder;
    this.observed = { holder, renewTime: key, at: now };
    if (changedHolder && holder !== '' && holder !== this.options.identity) this.options.onNewLeader?.(holder);
  }

  private async release(): Promise<void> {
    const { namespace, name } = this.options;
    const lease = await this.api.readNamespacedLease({ name, namespace });
    if (lease.spec?.holderIdentity !== this.options.identity) return;
    const now = this.clock.now();
    await this.api.replaceNamespacedLease({
      name,
      namespace,
      body: {
        metadata: { name, namespace, resourceVersion: lease.metadata?.resourceVersion },
        spec: { ...lease.spec, holderIdentity: '', leaseDurationSeconds: 1, renewTime: new V1MicroTime(now * 1000) },
      },
    });
  }

  private stepDown(): void {
    if (!this.leading) return;
    this.leading = false;
    this.options.onStoppedLeading?.();
  }
}
