import seedrandom from 'seedrandom';

/**
 * Seeded randomness split into named, independent streams: each stream's sequence depends only on
 * (seed, name), so adding a draw in one component never changes another's.
 */
export interface RandomStream {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** Exponential with the given rate (events per unit). */
  exponential(rate: number): number;
  /** Lognormal from its median and 95th percentile. */
  lognormal(median: number, p95: number): number;
  /** Pick one element uniformly. */
  pick<T>(items: readonly T[]): T;
  bernoulli(p: number): boolean;
}

const Z95 = 1.6448536269514722;

class SeededStream implements RandomStream {
  private readonly rng: seedrandom.PRNG;
  private spare: number | undefined;

  constructor(seed: string) {
    this.rng = seedrandom.alea(seed);
  }

  next(): number {
    return this.rng();
  }

  int(n: number): number {
    return Math.floor(this.rng() * n);
  }

  normal(): number {
    if (this.spare !== undefined) {
      const s = this.spare;
      this.spare = undefined;
      return s;
    }
    let u = 0;
    while (u === 0) u = this.rng();
    const v = this.rng();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  exponential(rate: number): number {
    let u = 0;
    while (u === 0) u = this.rng();
    return -Math.log(u) / rate;
  }

  lognormal(median: number, p95: number): number {
    const mu = Math.log(median);
    const sigma = p95 > median ? Math.log(p95 / median) / Z95 : 0;
    return Math.exp(mu + sigma * this.normal());
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[this.int(items.length)]!;
  }

  bernoulli(p: number): boolean {
    return this.rng() < p;
  }
}

/** The one seeded generator of a run; `stream(name)` returns the same stream object for the same name. */
export class RandomSource {
  private readonly streams = new Map<string, RandomStream>();

  constructor(readonly seed: number | string) {}

  stream(name: string): RandomStream {
    let s = this.streams.get(name);
    if (!s) {
      s = new SeededStream(`${this.seed}/${name}`);
      this.streams.set(name, s);
    }
    return s;
  }
}
