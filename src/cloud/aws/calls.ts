import type { CloudError } from '../errors.js';
import { DEFAULT_BACKOFF, withBackoff, type BackoffPolicy } from './backoff.js';
import { cloudErrorCode, sdkErrorCode, toCloudError } from './sdk-errors.js';

/** True for RequestLimitExceeded and the SDK's other throttling codes. */
export function isThrottled(e: unknown): boolean {
  return cloudErrorCode(sdkErrorCode(e)) === 'RequestLimitExceeded';
}

/**
 * Runs one EC2 (or SQS) action: the SDK call with its own retries, then — if EC2 still throttles —
 * exponential backoff with full jitter; whatever fails in the end is thrown as a CloudError.
 */
export type Call = <T>(action: string, op: () => Promise<T>) => Promise<T>;

export function makeCall(policy: Partial<BackoffPolicy> = {}): Call {
  const resolved: BackoffPolicy = { ...DEFAULT_BACKOFF, ...policy };
  return async <T>(action: string, op: () => Promise<T>): Promise<T> => {
    try {
      return await withBackoff(action, op, isThrottled, resolved);
    } catch (e) {
      throw toCloudError(e, action) satisfies CloudError;
    }
  };
}
