import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { AwsCloudProvider } from '../../src/cloud/aws/aws-cloud-provider.js';
import { createEc2Client, createSqsClient } from '../../src/cloud/aws/client.js';
import { SqsInterruptionSource } from '../../src/cloud/aws/interruption/sqs-source.js';
import type { AwsLogEntry } from '../../src/cloud/aws/options.js';
import type { CloudEvent } from '../../src/cloud/cloud-provider.js';
import { isCloudError } from '../../src/cloud/errors.js';
import { eventually } from './harness.js';
import { startFakeSqs, type FakeSqs } from './aws-fake-sqs.js';
import { FAKE_CREDENTIALS } from './aws-world.js';

const QUEUE = 'fleetsim-interruptions';

// EventBridge events as they land in the queue (formats of the EC2 and AWS Health user guides).
const ec2Event = (detailType: string, time: string, detail: Record<string, string>) =>
  JSON.stringify({ version: '0', id: `${detailType}-${time}`, 'detail-type': detailType, source: 'aws.ec2', account: '123456789012', time, region: 'us-east-1', resources: [`arn:aws:ec2:us-east-1:123456789012:instance/${detail['instance-id']}`], detail });
const spotWarning = (id: string, time: string) => ec2Event('EC2 Spot Instance Interruption Warning', time, { 'instance-id': id, 'instance-action': 'terminate' });
const rebalance = (id: string, time: string) => ec2Event('EC2 Instance Rebalance Recommendation', time, { 'instance-id': id });
const stateChange = (id: string, time: string, state: string) => ec2Event('EC2 Instance State-change Notification', time, { 'instance-id': id, state });
const healthScheduled = (ids: string[], time: string) =>
  JSON.stringify({
    version: '0',
    id: `health-${time}`,
    'detail-type': 'AWS Health Event',
    source: 'aws.health',
    account: '123456789012',
    time,
    region: 'us-east-1',
    resources: ids,
    detail: { eventArn: 'arn:aws:health:us-east-1::event/EC2/AWS_EC2_INSTANCE_STOP_SCHEDULED/X', service: 'EC2', eventTypeCode: 'AWS_EC2_INSTANCE_STOP_SCHEDULED', eventTypeCategory: 'scheduledChange', affectedEntities: ids.map((entityValue) => ({ entityValue })) },
  });

const epoch = (iso: string) => Date.parse(iso) / 1000;

describe('SqsInterruptionSource against an SQS speaking the JSON protocol', () => {
  let sqs: FakeSqs;
  let client: SQSClient;
  let source: SqsInterruptionSource | undefined;
  let logs: AwsLogEntry[];
  beforeEach(async () => {
    sqs = await startFakeSqs();
    sqs.createQueue(QUEUE);
    client = createSqsClient({ region: 'us-east-1', endpoint: sqs.url, credentials: FAKE_CREDENTIALS, maxAttempts: 1 });
    logs = [];
  });
  afterEach(async () => {
    await source?.stop();
    source = undefined;
    client.destroy();
    await sqs.close();
    expect(JSON.stringify(logs)).not.toContain(FAKE_CREDENTIALS.secretAccessKey);
  });

  const makeSource = (over: Partial<ConstructorParameters<typeof SqsInterruptionSource>[0]> = {}) =>
    new SqsInterruptionSource({ sqs: client, queueName: QUEUE, backoff: { baseDelayMs: 5, maxDelayMs: 50 }, log: (e) => logs.push(e), ...over });

  it('delivers the four message kinds through AwsCloudProvider.onEvent and deletes every message', async () => {
    source = makeSource();
    const provider = new AwsCloudProvider({ clusterName: 'c', region: 'us-east-1', ec2: createEc2Client({ region: 'us-east-1', credentials: FAKE_CREDENTIALS }), launchTemplate: { name: 'lt' }, interruptions: source });
    const events: CloudEvent[] = [];
    const off = provider.onEvent((e) => events.push(e));
    await source.start();
    expect(source.queueUrl).toBe(`${sqs.url}/000000000000/${QUEUE}`);
    sqs.send(QUEUE, rebalance('i-0aaaaaaaaaaaaaaa1', '2024-03-05T10:10:00Z'));
    sqs.send(QUEUE, spotWarning('i-0aaaaaaaaaaaaaaa1', '2024-03-05T10:15:00Z'));
    sqs.send(QUEUE, healthScheduled(['i-0bbbbbbbbbbbbbbb2', 'i-0ccccccccccccccc3'], '2024-03-06T06:00:00Z'));
    sqs.send(QUEUE, stateChange('i-0ddddddddddddddd4', '2024-03-05T11:00:00Z', 'stopping'));
    sqs.send(QUEUE, stateChange('i-0ddddddddddddddd4', '2024-03-05T10:59:00Z', 'running'));
    sqs.send(QUEUE, '{"source":"aws.s3"}');
    await eventually(() => sqs.depth(QUEUE) === 0 && events.length === 5 && source!.stats.deleted === 6, 10_000, 'all messages handled and deleted');
    const byKind = (k: CloudEvent['kind']) => events.filter((e) => e.kind === k);
    expect(byKind('rebalance-recommendation')).toEqual([{ kind: 'rebalance-recommendation', instanceId: 'i-0aaaaaaaaaaaaaaa1', at: epoch('2024-03-05T10:10:00Z') }]);
    expect(byKind('spot-interruption-warning')).toEqual([{ kind: 'spot-interruption-warning', instanceId: 'i-0aaaaaaaaaaaaaaa1', at: epoch('2024-03-05T10:15:00Z'), terminationAt: epoch('2024-03-05T10:17:00Z') }]);
    expect(byKind('scheduled-change').map((e) => e.instanceId).sort()).toEqual(['i-0bbbbbbbbbbbbbbb2', 'i-0ccccccccccccccc3']);
    expect(byKind('instance-state-change')).toEqual([{ kind: 'instance-state-change', instanceId: 'i-0ddddddddddddddd4', at: epoch('2024-03-05T11:00:00Z'), state: 'stopping' }]);
    expect(source.stats.deleted).toBe(6);
    expect(sqs.calls.filter((c) => c.action === 'DeleteMessage').length).toBe(6);
    // Karpenter's long poll: 20 s, 10 messages, 20 s visibility
    const receive = sqs.calls.find((c) => c.action === 'ReceiveMessage')!.input;
    expect([receive.WaitTimeSeconds, receive.MaxNumberOfMessages, receive.VisibilityTimeout, receive.QueueUrl]).toEqual([20, 10, 20, source.queueUrl]);
    expect(logs.some((l) => l.level === 'warn' && l.message.includes('ignored'))).toBe(true);
    off();
  });

  it('receives at most 10 messages at a time', async () => {
    for (let i = 0; i < 25; i++) sqs.send(QUEUE, rebalance(`i-0${i.toString(16).padStart(16, '0')}`, '2024-03-05T10:10:00Z'));
    source = makeSource();
    const counts: number[] = [];
    while (sqs.depth(QUEUE) > 0) counts.push(await source.pollOnce());
    expect(counts).toEqual([10, 10, 5]);
    expect(source.stats.events).toBe(25);
  });

  it('keeps a message on the queue when a listener fails, and redelivers it after the visibility timeout', async () => {
    source = makeSource({ visibilityTimeoutSeconds: 1, waitTimeSeconds: 0 });
    let fail = true;
    const seen: string[] = [];
    source.onEvent((e) => {
      if (fail) throw new Error('engine not ready');
      seen.push(e.instanceId);
    });
    sqs.send(QUEUE, spotWarning('i-0eeeeeeeeeeeeeee5', '2024-03-05T10:15:00Z'));
    expect(await source.pollOnce()).toBe(1);
    expect([sqs.depth(QUEUE), source.stats.kept, source.stats.deleted]).toEqual([1, 1, 0]);
    expect(logs.some((l) => l.level === 'error' && l.message.includes('engine not ready'))).toBe(true);
    expect(await source.pollOnce()).toBe(0); // still invisible
    fail = false;
    const t0 = performance.now();
    while (sqs.depth(QUEUE) > 0 && performance.now() - t0 < 5_000) {
      await source.pollOnce();
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(seen).toEqual(['i-0eeeeeeeeeeeeeee5']);
  });

  it('backs off after failed receives and carries on', async () => {
    sqs.failNext('ReceiveMessage', 3);
    source = makeSource();
    const events: CloudEvent[] = [];
    source.onEvent((e) => events.push(e));
    await source.start();
    sqs.send(QUEUE, rebalance('i-0fffffffffffffff6', '2024-03-05T10:10:00Z'));
    await eventually(() => events.length === 1, 10_000, 'the event after the failures');
    expect(source.stats.receiveErrors).toBe(3);
    expect(logs.filter((l) => l.action === 'ReceiveMessage' && l.level === 'error').length).toBe(3);
  });

  it('stops promptly while a 20 s long poll is waiting', async () => {
    source = makeSource();
    await source.start();
    await eventually(() => sqs.calls.some((c) => c.action === 'ReceiveMessage'), 5_000, 'a long poll');
    const t0 = performance.now();
    await source.stop();
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(source.stats.receiveErrors).toBe(0);
  });

  it('rejects start for a queue that does not exist', async () => {
    source = makeSource({ queueName: 'no-such-queue' });
    let caught: unknown;
    await source.start().catch((e: unknown) => (caught = e));
    expect(isCloudError(caught)).toBe(true);
    expect((caught as Error).message).toContain('no-such-queue');
  });
});
