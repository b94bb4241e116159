import type { InterruptionBucket } from '../../model/index.js';
import type { RandomStream } from '../../sim/random.js';
import { Priority, type Clock } from '../../sim/clock.js';
import type { CloudEvent } from '../cloud-provider.js';
import { BUCKET_MIDPOINT_PER_MONTH } from '../../catalog/spec.js';
import type { Emitter } from './events.js';
import type { InstanceRecord } from './instances.js';
import { uniform } from './lifecycle.js';
import type { ResolvedMockEc2Options } from './options.js';
import type { CapacityPool } from './pools.js';

/** The Spot Advisor's month. */
export const MONTH_SECONDS = 30 * 24 * 3600;

/**
 * Reclaim hazard of a pool, per second: constant, chosen so that the bucket's mid-point fraction of
 * instances is interrupted within a month (P = 1 − e^(−λ·month)), times the multiplier.
 */
export function hazardPerSecond(bucket: InterruptionBucket | undefined, multiplier: number): number {
  const p = BUCKET_MIDPOINT_PER_MONTH[bucket ?? '>20%'];
  return (-Math.log(1 - p) / MONTH_SECONDS) * multiplier;
}

/**
 * The spot market: each spot instance is reclaimed after an exponential time (the independent share of
 * the hazard); a pool also suffers correlated reclaim waves (the `correlation` share, at rate
 * correlation·λ / waveFraction so the per-instance rate is unchanged), each hitting `waveFraction` of its
 * instances at once and leaving the pool without capacity for a while. A reclaim is announced by the
 * 2-minute warning, and with some probability by an earlier rebalance recommendation (best effort).
 */
export class SpotMarket {
  constructor(
    private readonly clock: Clock,
    private readonly rng: RandomStream,
    private readonly opts: ResolvedMockEc2Options,
    private readonly cloudEvents: Emitter<CloudEvent>,
    private readonly reclaim: (rec: InstanceRecord) => void,
  ) {}

  private hazard(pool: CapacityPool): number {
    return hazardPerSecond(pool.instanceType.interruptionBucket, this.opts.spot.hazardMultiplier);
  }

  onLaunch(rec: InstanceRecord): void {
    const s = this.opts.spot;
    if (!s.interruptions || s.hazardMultiplier <= 0) return;
    const pool = rec.pool;
    pool.instances.add(rec);
    const individual = (1 - s.correlation) * this.hazard(pool);
    if (individual > 0) this.scheduleWarning(rec, this.clock.now() + this.rng.exponential(individual));
    if (s.correlation > 0 && !pool.waveTimer) this.scheduleWave(pool);
  }

  onTerminate(rec: InstanceRecord): void {
    if (rec.spotTimer) {
      this.clock.cancel(rec.spotTimer);
      rec.spotTimer = undefined;
    }
    const pool = rec.pool;
    if (pool.instances.delete(rec) && pool.instances.size === 0 && pool.waveTimer) {
      this.clock.cancel(pool.waveTimer);
      pool.waveTimer = undefined;
    }
  }

  /** Warning at `warningAt`, preceded (with the configured probability) by a rebalance recommendation. */
  private scheduleWarning(rec: InstanceRecord, warningAt: number): void {
    const s = this.opts.spot;
    const now = this.clock.now();
    rec.interruptionWarningAt = warningAt;
    if (s.rebalanceProbability > 0 && this.rng.bernoulli(s.rebalanceProbability)) {
      const at = Math.max(now, warningAt - uniform(this.rng, s.rebalanceLeadSeconds));
      rec.spotTimer = this.clock.schedule(at - now, () => {
        this.emit({ kind: 'rebalance-recommendation', instanceId: rec.id, at: this.clock.now() });
        rec.spotTimer = this.clock.schedule(warningAt - this.clock.now(), () => this.warn(rec), Priority.world);
      }, Priority.world);
    } else {
      rec.spotTimer = this.clock.schedule(warningAt - now, () => this.warn(rec), Priority.world);
    }
  }

  private warn(rec: InstanceRecord): void {
    const now = this.clock.now();
    const reclaimAt = now + this.opts.spot.noticeSeconds;
    rec.interruptionWarningAt = now;
    rec.reclaimAt = reclaimAt;
    this.emit({ kind: 'spot-interruption-warning', instanceId: rec.id, at: now, terminationAt: reclaimAt });
    rec.spotTimer = this.clock.schedule(reclaimAt - now, () => {
      rec.spotTimer = undefined;
      if (rec.live) this.reclaim(rec);
    }, Priority.world);
  }

  private scheduleWave(pool: CapacityPool): void {
    const s = this.opts.spot;
    const rate = (s.correlation * this.hazard(pool)) / s.waveFraction;
    if (!(rate > 0)) return;
    pool.waveTimer = this.clock.schedule(this.rng.exponential(rate), () => this.wave(pool), Priority.world);
  }

  private wave(pool: CapacityPool): void {
    pool.waveTimer = undefined;
    const s = this.opts.spot;
    const now = this.clock.now();
    pool.crunchedUntil = Math.max(pool.crunchedUntil, now + s.waveCrunchSeconds);
    for (const rec of [...pool.instances]) {
      if (rec.reclaimAt !== undefined || !this.rng.bernoulli(s.waveFraction)) continue;
      if (rec.spotTimer) this.clock.cancel(rec.spotTimer);
      rec.spotTimer = undefined;
      if (s.rebalanceProbability > 0 && this.rng.bernoulli(s.rebalanceProbability)) {
        this.emit({ kind: 'rebalance-recommendation', instanceId: rec.id, at: now });
      }
      this.warn(rec);
    }
    if (pool.instances.size > 0) this.scheduleWave(pool);
  }

  private emit(e: CloudEvent): void {
    if (this.cloudEvents.size > 0) this.cloudEvents.emit(e);
  }
}
