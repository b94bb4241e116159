import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseInterruptionMessage } from '../../src/cloud/aws/interruption/messages.js';

const root = new URL('../../deploy/', import.meta.url);

type Condition = Record<string, Record<string, string | string[]>>;
interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: string | string[];
  Condition?: Condition;
}
const list = (v: string | string[]): string[] => (Array.isArray(v) ? v : [v]);

describe('deploy/iam/fleetsim-controller-policy.json', () => {
  const policy = JSON.parse(readFileSync(new URL('iam/fleetsim-controller-policy.json', root), 'utf8')) as { Version: string; Statement: Statement[] };
  const statements = policy.Statement;

  it('is an IAM policy document: Version 2012-10-17, statements with Sid, Effect, Action, Resource and condition maps', () => {
    expect(Object.keys(policy).sort()).toEqual(['Statement', 'Version']);
    expect(policy.Version).toBe('2012-10-17');
    expect(Array.isArray(statements) && statements.length).toBeGreaterThan(0);
    const sids = new Set<string>();
    for (const s of statements) {
      expect(Object.keys(s).every((k) => ['Sid', 'Effect', 'Action', 'Resource', 'Condition'].includes(k)), JSON.stringify(s)).toBe(true);
      expect(s.Sid).toMatch(/^[A-Za-z0-9]+$/);
      expect(sids.has(s.Sid!)).toBe(false);
      sids.add(s.Sid!);
      expect(['Allow', 'Deny']).toContain(s.Effect);
      for (const a of list(s.Action)) expect(a).toMatch(/^[a-z0-9-]+:[A-Za-z]+$/);
      for (const r of list(s.Resource)) expect(r === '*' || r.startsWith('arn:aws:')).toBe(true);
      for (const [op, entries] of Object.entries(s.Condition ?? {})) {
        expect(op).toMatch(/^(ForAllValues:|ForAnyValue:)?(StringEquals|StringLike|Bool|Null|ArnLike)$/);
        for (const [key, v] of Object.entries(entries)) {
          expect(key).toMatch(/^(aws|ec2|iam):[A-Za-z]+(\/[A-Za-z0-9.:/_-]+)?$/);
          expect(typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'))).toBe(true);
        }
      }
    }
  });

  it('grants no wildcard actions, and "*" resources only to reads', () => {
    for (const s of statements) {
      for (const a of list(s.Action)) expect(a.includes('*')).toBe(false);
      if (list(s.Resource).includes('*')) for (const a of list(s.Action)) expect(a).toMatch(/^(ec2:Describe|pricing:Get)/);
    }
  });

  const ownershipKeys = ['aws:RequestTag/fleetsim.io/cluster', 'ec2:ResourceTag/fleetsim.io/cluster', 'aws:ResourceTag/fleetsim.io/cluster', 'aws:ResourceTag/fleetsim.io/discovery', 'ec2:Owner'];
  const conditionKeys = (s: Statement) => Object.values(s.Condition ?? {}).flatMap((e) => Object.keys(e));

  it('conditions every EC2 mutating action on ownership: request tags at launch, resource tags afterwards', () => {
    const mutating = statements.filter((s) => list(s.Action).some((a) => a.startsWith('ec2:') && !a.startsWith('ec2:Describe')));
    expect(mutating.length).toBeGreaterThan(0);
    for (const s of mutating) expect(conditionKeys(s).some((k) => ownershipKeys.includes(k)), s.Sid).toBe(true);
    const grants = (action: string) => statements.filter((s) => list(s.Action).includes(action));
    // instances, volumes and fleets may only be created carrying this cluster's tag
    const launchOwned = grants('ec2:CreateFleet').filter((s) => list(s.Resource).some((r) => /:(instance|volume|fleet)\/\*$/.test(r)));
    expect(launchOwned.length).toBeGreaterThan(0);
    for (const s of launchOwned) expect(s.Condition?.StringEquals?.['aws:RequestTag/fleetsim.io/cluster']).toBe('${CLUSTER_NAME}');
    for (const s of grants('ec2:TerminateInstances')) {
      expect(list(s.Resource)).toEqual(['arn:aws:ec2:${AWS_REGION}:*:instance/*']);
      expect(s.Condition?.StringEquals?.['ec2:ResourceTag/fleetsim.io/cluster']).toBe('${CLUSTER_NAME}');
    }
    for (const s of grants('ec2:CreateTags')) {
      const k = conditionKeys(s);
      expect(k.includes('aws:RequestTag/fleetsim.io/cluster') || k.includes('ec2:ResourceTag/fleetsim.io/cluster')).toBe(true);
      // tags added after launch cannot include the ownership tag
      if (!k.includes('ec2:CreateAction')) expect(s.Condition?.['ForAllValues:StringEquals']?.['aws:TagKeys']).not.toContain('fleetsim.io/cluster');
    }
  });

  it('covers every call the adapter makes, and scopes the queue, the node role and pricing', () => {
    const allowed = new Set(statements.filter((s) => s.Effect === 'Allow').flatMap((s) => list(s.Action)));
    for (const a of ['ec2:CreateFleet', 'ec2:TerminateInstances', 'ec2:CreateTags', 'ec2:DescribeInstances', 'ec2:DescribeInstanceTypes', 'ec2:DescribeSpotPriceHistory', 'ec2:DescribeAvailabilityZones', 'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueUrl', 'iam:PassRole', 'pricing:GetProducts']) {
      expect(allowed.has(a), a).toBe(true);
    }
    const sqs = statements.find((s) => list(s.Action).includes('sqs:ReceiveMessage'))!;
    expect(sqs.Resource).toBe('arn:aws:sqs:${AWS_REGION}:${AWS_ACCOUNT_ID}:${QUEUE_NAME}');
    const pass = statements.find((s) => list(s.Action).includes('iam:PassRole'))!;
    expect(pass.Resource).toBe('arn:aws:iam::${AWS_ACCOUNT_ID}:role/${NODE_ROLE_NAME}');
    expect(pass.Condition?.StringEquals?.['iam:PassedToService']).toBe('ec2.amazonaws.com');
    // the only placeholders are the documented ones
    const text = JSON.stringify(policy);
    expect([...new Set(text.match(/\$\{[A-Z_]+\}/g))].sort()).toEqual(['${AWS_ACCOUNT_ID}', '${AWS_REGION}', '${CLUSTER_NAME}', '${NODE_ROLE_NAME}', '${QUEUE_NAME}']);
  });
});

describe('deploy/cloudformation/interruption-queue.yaml', () => {
  interface Resource {
    Type: string;
    Properties: Record<string, unknown>;
  }
  const template = parse(readFileSync(new URL('cloudformation/interruption-queue.yaml', root), 'utf8')) as { AWSTemplateFormatVersion: string; Resources: Record<string, Resource>; Outputs: Record<string, unknown> };
  const resources = Object.entries(template.Resources);
  const queueArn = { 'Fn::GetAtt': ['InterruptionQueue', 'Arn'] };

  it('declares an SQS queue and its policy letting EventBridge send to it', () => {
    expect(template.AWSTemplateFormatVersion).toBe('2010-09-09');
    const queues = resources.filter(([, r]) => r.Type === 'AWS::SQS::Queue');
    expect(queues.map(([n]) => n)).toEqual(['InterruptionQueue']);
    const policy = resources.find(([, r]) => r.Type === 'AWS::SQS::QueuePolicy')![1].Properties as {
      Queues: unknown[];
      PolicyDocument: { Statement: { Effect: string; Principal: { Service?: string[] } | string; Action: string; Resource: unknown }[] };
    };
    expect(policy.Queues).toEqual([{ Ref: 'InterruptionQueue' }]);
    const send = policy.PolicyDocument.Statement.find((s) => s.Effect === 'Allow' && s.Action === 'sqs:SendMessage')!;
    expect(typeof send.Principal === 'object' && send.Principal.Service).toContain('events.amazonaws.com');
    expect(send.Resource).toEqual(queueArn);
  });

  it('routes the four interruption kinds to the queue, each one the adapter parses', () => {
    const rules = resources.filter(([, r]) => r.Type === 'AWS::Events::Rule').map(([, r]) => r.Properties as { EventPattern: { source: string[]; 'detail-type': string[] }; Targets: { Arn: unknown }[] });
    const kinds = rules.flatMap((r) => r.EventPattern['detail-type'].map((d) => `${r.EventPattern.source.join()}|${d}`)).sort();
    expect(kinds).toEqual([
      'aws.ec2|EC2 Instance Rebalance Recommendation',
      'aws.ec2|EC2 Instance State-change Notification',
      'aws.ec2|EC2 Spot Instance Interruption Warning',
      'aws.health|AWS Health Event',
    ]);
    for (const r of rules) expect(r.Targets.map((t) => t.Arn)).toEqual([queueArn]);
    const detail: Record<string, Record<string, unknown>> = {
      'EC2 Spot Instance Interruption Warning': { 'instance-id': 'i-0123456789abcdef0', 'instance-action': 'terminate' },
      'EC2 Instance Rebalance Recommendation': { 'instance-id': 'i-0123456789abcdef0' },
      'EC2 Instance State-change Notification': { 'instance-id': 'i-0123456789abcdef0', state: 'terminated' },
      'AWS Health Event': { service: 'EC2', eventTypeCategory: 'scheduledChange', affectedEntities: [{ entityValue: 'i-0123456789abcdef0' }] },
    };
    for (const r of rules) {
      const [source, detailType] = [r.EventPattern.source[0]!, r.EventPattern['detail-type'][0]!];
      const parsed = parseInterruptionMessage(JSON.stringify({ version: '0', source, 'detail-type': detailType, time: '2024-01-01T00:00:00Z', detail: detail[detailType] }));
      expect(parsed.events.length, detailType).toBe(1);
    }
  });

  it('outputs the queue name, ARN and URL for the controller', () => {
    expect(Object.keys(template.Outputs).sort()).toEqual(['QueueArn', 'QueueName', 'QueueUrl']);
  });
});
