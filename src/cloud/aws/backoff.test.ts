import { describe, expect, it } from 'vitest';
import { backoffDelayMs, withBackoff, type BackoffPolicy } from './backoff.js';
import { isThrottled } from './calls.js';
import { cloudErrorCode, toCloudError } from './sdk-errors.js';

function policy(over: Partial<BackoffPolicy> = {}): BackoffPolicy & { waits: number[] } {
  const waits: number[] = [];
  return { baseDelayMs: 100, maxDelayMs: 1000, maxRetries: 5, random: () => 1, sleep: async (ms) => void waits.push(ms), ...over, waits };
}

const throttled = Object.assign(new Error('Request limit exceeded.'), { name: 'RequestLimitExceeded', $metadata: { httpStatusCode: 503, requestId: 'req-1' } });

describe('backoff', () => {
  it('waits random × min(max, base × 2^k): full jitter, doubling, capped', () => {
    expect([0, 1, 2, 3, 4, 5].map((k) => backoffDelayMs({ baseDelayMs: 100, maxDelayMs: 1000 }, k, 1))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(backoffDelayMs({ baseDelayMs: 100, maxDelayMs: 1000 }, 3, 0.25)).toBe(200);
    expect(backoffDelayMs({ baseDelayMs: 100, maxDelayMs: 1000 }, 3, 0)).toBe(0);
  });

  it('retries a throttled call until it succeeds, waiting the doubling ceilings', async () => {
    const p = policy();
    let calls = 0;
    const v = await withBackoff('X', async () => (++calls < 4 ? Promise.reject(throttled) : 'done'), isThrottled, p);
    expect([v, calls, p.waits]).toEqual(['done', 4, [100, 200, 400]]);
  });

  it('gives up after maxRetries and never retries other errors', async () => {
    const p = policy({ maxRetries: 2 });
    let calls = 0;
    await expect(withBackoff('X', async () => (calls++, Promise.reject(throttled)), isThrottled, p)).rejects.toBe(throttled);
    expect([calls, p.waits]).toEqual([3, [100, 200]]);
    const q = policy();
    let other = 0;
    const boom = Object.assign(new Error('bad'), { name: 'InvalidParameterValue' });
    await expect(withBackoff('X', async () => (other++, Promise.reject(boom)), isThrottled, q)).rejects.toBe(boom);
    expect([other, q.waits]).toEqual([1, []]);
  });
});

describe('SDK errors', () => {
  it('keeps EC2 codes of the port and folds the others', () => {
    expect(cloudErrorCode('InvalidInstanceID.NotFound')).toBe('InvalidInstanceID.NotFound');
    expect(cloudErrorCode('Throttling')).toBe('RequestLimitExceeded');
    expect(cloudErrorCode('AuthFailure')).toBe('UnauthorizedOperation');
    expect(cloudErrorCode('SomethingNew')).toBe('InternalError');
    expect(isThrottled(throttled)).toBe(true);
    expect(isThrottled(new Error('socket hang up'))).toBe(false);
  });

  it('turns an SDK exception into a CloudError with the action, the service message and the request id', () => {
    const e = toCloudError(throttled, 'DescribeInstances');
    expect([e.code, e.message, e.cause]).toEqual(['RequestLimitExceeded', 'DescribeInstances: Request limit exceeded. (request req-1)', throttled]);
    const auth = toCloudError(Object.assign(new Error('AWS was not able to validate the provided access credentials'), { name: 'AuthFailure' }), 'CreateFleet');
    expect([auth.code, auth.message]).toEqual(['UnauthorizedOperation', 'CreateFleet: AWS was not able to validate the provided access credentials [AuthFailure]']);
    expect(toCloudError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'X').code).toBe('InternalError');
  });
});
