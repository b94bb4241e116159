import type { RandomSource } from '../../sim/random.js';
import type { SpotPriceProcess } from './options.js';
import type { CapacityPool } from './pools.js';

/**
 * Optional seeded spot price process: log(price / base) follows an Ornstein–Uhlenbeck process sampled in
 * fixed steps (exact discretisation). Each pool draws from its own stream ('ec2/spot-price/<pool>'), and
 * steps are computed in order from 0, so a pool's price path depends only on (seed, pool), never on who
 * asked first: two policies run with the same seed see the same prices.
 */
export class SpotPrices {
  private readonly state = new Map<CapacityPool, { step: number; x: number }>();
  private readonly a: number;
  private readonly sd: number;

  constructor(
    private readonly random: RandomSource,
    private readonly process: SpotPriceProcess | undefined,
  ) {
    if (process) {
      const dtHours = process.intervalSeconds / 3600;
      const theta = process.reversionPerHour;
      this.a = Math.exp(-theta * dtHours);
      this.sd = theta > 0 ? process.volatilityPerSqrtHour * Math.sqrt((1 - this.a * this.a) / (2 * theta)) : process.volatilityPerSqrtHour * Math.sqrt(dtHours);
    } else {
      this.a = 1;
      this.sd = 0;
    }
  }

  get enabled(): boolean {
    return this.process !== undefined;
  }

  /** The step index at a time (prices are constant within a step). */
  stepAt(now: number): number {
    return this.process ? Math.floor(now / this.process.intervalSeconds) : 0;
  }

  /** The pool's price at `now`; on-demand pools and runs without a process keep the base price. */
  priceAt(pool: CapacityPool, now: number): number {
    if (!this.process || pool.capacityType !== 'spot') return pool.basePricePerHour;
    const step = this.stepAt(now);
    let s = this.state.get(pool);
    if (!s) {
      s = { step: 0, x: 0 };
      this.state.set(pool, s);
    }
    if (s.step < step) {
      const rng = this.random.stream(`ec2/spot-price/${pool.key}`);
      while (s.step < step) {
        s.x = this.a * s.x + this.sd * rng.normal();
        s.step++;
      }
    }
    return pool.basePricePerHour * Math.exp(s.x);
  }
}
