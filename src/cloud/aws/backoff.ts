/**
 * Exponential backoff with full jitter (AWS's recommended scheme): before retry k (k = 0, 1, ...) wait
 * `random() × min(maxDelayMs, baseDelayMs × 2^k)`. Used on top of the SDK's own retries for
 * RequestLimitExceeded, so that a throttled controller slows down instead of failing its call.
 */
export interface BackoffPolicy {
  /** First retry's ceiling. Default 1000 ms. */
  readonly baseDelayMs: number;
  /** Ceiling of any wait. Default 30 000 ms. */
  readonly maxDelayMs: number;
  /** Retries after the first attempt. Default 6. */
  readonly maxRetries: number;
  /** Uniform in [0, 1). Default Math.random. */
  readonly random: () => number;
  /** Default: a timer that does not keep the process alive. */
  readonly sleep: (ms: number) => Promise<void>;
  /** Told before each wait (for logs and tests). */
  readonly onRetry?: (info: { readonly action: string; readonly retry: number; readonly delayMs: number; readonly error: unknown }) => void;
}

export function sleepMs(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    t.unref?.();
  });
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  maxRetries: 6,
  random: Math.random,
  sleep: sleepMs,
};

/** The wait before retry `retry` (0-based) for a given uniform draw `u`. */
export function backoffDelayMs(policy: Pick<BackoffPolicy, 'baseDelayMs' | 'maxDelayMs'>, retry: number, u: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return u * ceiling;
}

/** Run `op`, retrying while `retryable(error)` holds, at most `maxRetries` times; the last error is thrown. */
export async function withBackoff<T>(action: string, op: () => Promise<T>, retryable: (e: unknown) => boolean, policy: BackoffPolicy = DEFAULT_BACKOFF): Promise<T> {
  for (let retry = 0; ; retry++) {
    try {
      return await op();
    } catch (e) {
      if (retry >= policy.maxRetries || !retryable(e)) throw e;
      const delayMs = backoffDelayMs(policy, retry, policy.random());
      policy.onRetry?.({ action, retry, delayMs, error: e });
      await policy.sleep(delayMs);
    }
  }
}
