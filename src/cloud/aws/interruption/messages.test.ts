import { describe, expect, it } from 'vitest';
import { parseInterruptionMessage } from './messages.js';

// Bodies as EventBridge delivers them to SQS, written from the formats in the EC2 and AWS Health user guides.
const spotWarning = JSON.stringify({
  version: '0',
  id: '12345678-1234-1234-1234-123456789012',
  'detail-type': 'EC2 Spot Instance Interruption Warning',
  source: 'aws.ec2',
  account: '123456789012',
  time: '2024-03-05T10:15:00Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1b:instance/i-0b662ef9931388ba0'],
  detail: { 'instance-id': 'i-0b662ef9931388ba0', 'instance-action': 'terminate' },
});
const rebalance = JSON.stringify({
  version: '0',
  id: '5ee4b1f4-2a8e-4d0a-9a91-1c3f4b2f7f3a',
  'detail-type': 'EC2 Instance Rebalance Recommendation',
  source: 'aws.ec2',
  account: '123456789012',
  time: '2024-03-05T10:10:00Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-0b662ef9931388ba0'],
  detail: { 'instance-id': 'i-0b662ef9931388ba0' },
});
const stateChange = (state: string) =>
  JSON.stringify({
    version: '0',
    id: '7bf73129-1428-4cd3-a780-95db273d1602',
    'detail-type': 'EC2 Instance State-change Notification',
    source: 'aws.ec2',
    account: '123456789012',
    time: '2024-03-05T11:00:00Z',
    region: 'us-east-1',
    resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-1234567890abcdef0'],
    detail: { 'instance-id': 'i-1234567890abcdef0', state },
  });
const health = (category: string, service = 'EC2') =>
  JSON.stringify({
    version: '0',
    id: '7fb65329-1628-4cf3-a740-95fg457h1402',
    'detail-type': 'AWS Health Event',
    source: 'aws.health',
    account: '123456789012',
    time: '2024-03-06T06:27:57Z',
    region: 'us-east-1',
    resources: ['i-abcd1111', 'i-abcd2222'],
    detail: {
      eventArn: 'arn:aws:health:us-east-1::event/EC2/AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED/AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED_ABC123',
      service,
      eventTypeCode: 'AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED',
      eventTypeCategory: category,
      startTime: 'Wed, 13 Mar 2024 06:00:00 GMT',
      endTime: 'Wed, 13 Mar 2024 08:00:00 GMT',
      eventDescription: [{ language: 'en_US', latestDescription: 'EC2 has detected degradation of the underlying hardware hosting your instances.' }],
      affectedEntities: [{ entityValue: 'i-abcd1111' }, { entityValue: 'i-abcd2222' }, { entityValue: 'i-abcd1111' }],
    },
  });


describe('parseInterruptionMessage', () => {
  it('spot interruption warning: reclaimed two minutes after the event', () => {
    const at = Date.UTC(2024, 2, 5, 10, 15, 0) / 1000;
    expect(parseInterruptionMessage(spotWarning)).toEqual({
      kind: 'spot-interruption',
      events: [{ kind: 'spot-interruption-warning', instanceId: 'i-0b662ef9931388ba0', at, terminationAt: at + 120 }],
    });
  });

  it('rebalance recommendation', () => {
    expect(parseInterruptionMessage(rebalance).events).toEqual([{ kind: 'rebalance-recommendation', instanceId: 'i-0b662ef9931388ba0', at: Date.UTC(2024, 2, 5, 10, 10, 0) / 1000 }]);
  });

  it('AWS Health scheduled change: one event per affected instance', () => {
    const r = parseInterruptionMessage(health('scheduledChange'));
    expect(r.kind).toBe('scheduled-change');
    expect(r.events).toEqual([
      { kind: 'scheduled-change', instanceId: 'i-abcd1111', at: Date.UTC(2024, 2, 6, 6, 27, 57) / 1000 },
      { kind: 'scheduled-change', instanceId: 'i-abcd2222', at: Date.UTC(2024, 2, 6, 6, 27, 57) / 1000 },
    ]);
    expect(parseInterruptionMessage(health('issue'))).toMatchObject({ kind: 'noop', events: [] });
    expect(parseInterruptionMessage(health('scheduledChange', 'RDS'))).toMatchObject({ kind: 'noop', events: [] });
  });

  it('state changes: stopping, stopped, shutting-down and terminated act; pending and running do not', () => {
    for (const state of ['stopping', 'stopped', 'shutting-down', 'terminated']) {
      expect(parseInterruptionMessage(stateChange(state)).events).toEqual([{ kind: 'instance-state-change', instanceId: 'i-1234567890abcdef0', at: Date.UTC(2024, 2, 5, 11, 0, 0) / 1000, state }]);
    }
    for (const state of ['pending', 'running']) expect(parseInterruptionMessage(stateChange(state))).toMatchObject({ kind: 'noop', events: [] });
  });

  it('never throws on other messages', () => {
    expect(parseInterruptionMessage('not json').kind).toBe('unknown');
    expect(parseInterruptionMessage('[1]').kind).toBe('unknown');
    expect(parseInterruptionMessage(JSON.stringify({ source: 'aws.s3', 'detail-type': 'Object Created', time: '2024-01-01T00:00:00Z', detail: {} })).kind).toBe('unknown');
    const noTime = JSON.parse(spotWarning) as Record<string, unknown>;
    delete noTime.time;
    expect(parseInterruptionMessage(JSON.stringify(noTime))).toMatchObject({ kind: 'unknown', events: [] });
    const badId = JSON.parse(rebalance) as { detail: Record<string, unknown> };
    badId.detail['instance-id'] = 'arn:aws:ec2:oops';
    expect(parseInterruptionMessage(JSON.stringify(badId)).events).toEqual([]);
  });
});
