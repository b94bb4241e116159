/** Exponential backoff in seconds: initial, doubling, capped; `reset()` after a success. */
export interface BackoffOptions {
  readonly initialSeconds: number;
  readonly maxSeconds: number;
}

export class Backoff {
  private current = 0;

  constructor(private readonly options: BackoffOptions) {
    if (!(options.initialSeconds > 0) || !(options.maxSeconds >= options.initialSeconds)) {
      throw new RangeError(`backoff needs 0 < initialSeconds <= maxSeconds, got ${options.initialSeconds} and ${options.maxSeconds}`);
    }
  }

  /** The next delay: initial, 2×, 4×, … up to the cap. */
  next(): number {
    this.current = this.current === 0 ? this.options.initialSeconds : Math.min(this.current * 2, this.options.maxSeconds);
    return this.current;
  }

  reset(): void {
    this.current = 0;
  }
}
