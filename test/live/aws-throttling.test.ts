import type { EC2Client } from '@aws-sdk/client-ec2';
import { afterEach, describe, expect, it } from 'vitest';
import type { LaunchRequest } from '../../src/cloud/cloud-provider.js';
import { createEc2Client, DEFAULT_MAX_ATTEMPTS } from '../../src/cloud/aws/client.js';
import { awsWorld, type AwsWorld } from './aws-world.js';

const od = (instanceType: string, zone: string): LaunchRequest => ({
  nodeClaimName: `t-${instanceType}-${zone}`,
  nodePoolName: 'default',
  nodeClassName: 'default',
  capacityType: 'on-demand',
  overrides: [{ instanceType, zone, capacityType: 'on-demand' }],
  tags: {},
});

/** The retry strategy's mode (`standard` | `adaptive`) as the SDK resolved it. */
const modeOf = async (c: EC2Client): Promise<string | undefined> => ((await c.config.retryStrategy()) as { mode?: string }).mode;

type Retry = { action: string; retry: number; delayMs: number };

describe('AwsCloudProvider under EC2 throttling (RequestLimitExceeded)', () => {
  let w: AwsWorld | undefined;
  afterEach(async () => {
    await w?.close();
    w = undefined;
  });

  it('backs off on the token bucket (burst 2) and answers every concurrent call', async () => {
    const retries: Retry[] = [];
    // burst 2, then 0.25 token per simulated second = one per 200 ms of real time at 20×
    w = await awsWorld({
      mock: { throttling: { DescribeInstances: { burst: 2, refillPerSecond: 0.25 } } },
      provider: { backoff: { baseDelayMs: 20, maxDelayMs: 400, maxRetries: 12, onRetry: (r) => retries.push(r) } },
    });
    const r = await w.provider.launchAsync(od('m5.large', 'us-east-1a'));
    if (!r.ok) throw r.error;
    const got = await Promise.all(Array.from({ length: 6 }, () => w!.provider.getAsync(r.instance.id)));
    expect(got.map((i) => i?.id)).toEqual(Array(6).fill(r.instance.id));
    // six calls at once against a bucket of two: some were throttled, and every throttled call was retried
    expect(retries.length).toBeGreaterThanOrEqual(1);
    expect(w.server.calls.DescribeInstances).toBe(6 + retries.length);
    for (const x of retries) {
      expect(x.action).toBe('DescribeInstances');
      expect(x.delayMs).toBeGreaterThanOrEqual(0);
      expect(x.delayMs).toBeLessThanOrEqual(Math.min(400, 20 * 2 ** x.retry));
    }
    expect(w.logs.some((l) => l.level === 'warn' && l.message.startsWith('DescribeInstances throttled'))).toBe(true);
  });

  it('waits the jittered, doubling delays between attempts and then launches', async () => {
    const retries: Retry[] = [];
    w = await awsWorld({ provider: { backoff: { baseDelayMs: 10, maxDelayMs: 1000, random: () => 0.5, onRetry: (r) => retries.push(r) } } });
    w.ec2.injectError('CreateFleet', 'RequestLimitExceeded', 2);
    const before = w.server.calls.CreateFleet ?? 0;
    const r = await w.provider.launchAsync(od('m5.large', 'us-east-1b'));
    expect(r.ok).toBe(true);
    expect(retries.map((x) => [x.retry, x.delayMs])).toEqual([
      [0, 5],
      [1, 10],
    ]);
    expect((w.server.calls.CreateFleet ?? 0) - before).toBe(3);
  });

  it('gives up after maxRetries with RequestLimitExceeded', async () => {
    w = await awsWorld({ provider: { backoff: { baseDelayMs: 1, maxDelayMs: 5, maxRetries: 3 } } });
    const r = await w.provider.launchAsync(od('m5.large', 'us-east-1c'));
    if (!r.ok) throw r.error;
    w.ec2.injectError('DescribeInstances', 'RequestLimitExceeded', 10);
    const t = await w.provider.terminateAsync(r.instance.id);
    expect(!t.ok && t.error.code).toBe('RequestLimitExceeded');
    expect(w.server.calls.TerminateInstances ?? 0).toBe(0);
    expect(w.ec2.getNow(r.instance.id)!.state).not.toBe('terminated');
  });

  it('lets the SDK retry a single throttle itself when configured with attempts (standard mode)', async () => {
    const retries: Retry[] = [];
    w = await awsWorld({ maxAttempts: 3, provider: { backoff: { onRetry: (r) => retries.push(r) } } });
    const r = await w.provider.launchAsync(od('m5.large', 'us-east-1a'));
    if (!r.ok) throw r.error;
    w.ec2.injectError('DescribeInstances', 'RequestLimitExceeded', 1);
    const before = w.server.calls.DescribeInstances ?? 0;
    expect((await w.provider.getAsync(r.instance.id))?.id).toBe(r.instance.id);
    expect((w.server.calls.DescribeInstances ?? 0) - before).toBe(2);
    expect(retries).toEqual([]);
  });

  it('builds clients with 3 attempts and the standard retry mode by default', async () => {
    const client = createEc2Client({ region: 'us-east-1', endpoint: 'http://127.0.0.1:1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    expect(DEFAULT_MAX_ATTEMPTS).toBe(3);
    expect(await client.config.maxAttempts()).toBe(3);
    expect(await modeOf(client)).toBe('standard');
    const adaptive = createEc2Client({ region: 'us-east-1', maxAttempts: 5, retryMode: 'adaptive' });
    expect([await adaptive.config.maxAttempts(), await modeOf(adaptive)]).toEqual([5, 'adaptive']);
    client.destroy();
    adaptive.destroy();
  });
});
