import type { RandomStream } from '../../sim/random.js';
import { CloudError, type CloudErrorCode } from '../errors.js';
import type { ResolvedMockEc2Options, TokenBucketSpec } from './options.js';

/** EC2's request-rate limiting: one token bucket per action, refilled continuously. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly spec: TokenBucketSpec,
    now: number,
  ) {
    this.tokens = spec.burst;
    this.last = now;
  }

  take(now: number): boolean {
    if (now > this.last) {
      this.tokens = Math.min(this.spec.burst, this.tokens + (now - this.last) * this.spec.refillPerSecond);
      this.last = now;
    }
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    return false;
  }
}

/**
 * Faults: throttling (RequestLimitExceeded), random InsufficientInstanceCapacity on single attempts, and
 * errors injected by tests (`inject('CreateFleet', 'InternalError', 2)` fails the next two calls).
 */
export class Faults {
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly injected = new Map<string, { code: CloudErrorCode; message: string }[]>();

  constructor(
    private readonly opts: ResolvedMockEc2Options,
    private readonly rng: RandomStream,
  ) {}

  /** A RequestLimitExceeded error when `action` is throttled now, else undefined (and a token is spent). */
  throttle(action: string, now: number): CloudError | undefined {
    const specs = this.opts.throttling;
    if (specs === false) return undefined;
    const spec = specs[action];
    if (!spec) return undefined;
    let b = this.buckets.get(action);
    if (!b) {
      b = new TokenBucket(spec, now);
      this.buckets.set(action, b);
    }
    return b.take(now) ? undefined : new CloudError('RequestLimitExceeded', `Request limit exceeded (${action}).`);
  }

  inject(action: string, code: CloudErrorCode, count = 1, message = `injected ${code}`): void {
    const list = this.injected.get(action) ?? [];
    for (let i = 0; i < count; i++) list.push({ code, message });
    this.injected.set(action, list);
  }

  /** The next injected error for `action`, consumed. */
  takeInjected(action: string): CloudError | undefined {
    const list = this.injected.get(action);
    const next = list?.shift();
    return next ? new CloudError(next.code, next.message) : undefined;
  }

  /** Random ICE on one attempt at an available pool. */
  randomIce(): boolean {
    return this.opts.iceProbability > 0 && this.rng.bernoulli(this.opts.iceProbability);
  }
}
