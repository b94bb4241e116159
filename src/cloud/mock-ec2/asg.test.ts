import { describe, expect, it } from 'vitest';
import type { NodeGroupSpec } from '../../model/index.js';
import type { AutoScalingResult } from '../auto-scaling.js';
import { mockWorld, request } from './testing.js';
import type { MockEc2Options } from './options.js';

const spec = (over: Partial<NodeGroupSpec> = {}): NodeGroupSpec => ({
  name: 'workers',
  minSize: 0,
  maxSize: 10,
  desiredCapacity: 0,
  instanceTypes: ['m5.large', 'c5.large'],
  zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
  capacityType: 'on-demand',
  labels: { 'eks.amazonaws.com/nodegroup': 'workers' },
  taints: [],
  ...over,
});

function world(ec2: MockEc2Options = {}) {
  const w = mockWorld({ ec2: { asg: { reactionSeconds: { min: 30, max: 30 }, retrySeconds: 60 }, apiLatencySeconds: { min: 1, max: 1 }, ...ec2 } });
  const results: AutoScalingResult[] = [];
  const cb = (r: AutoScalingResult) => results.push(r);
  return { ...w, results, cb };
}

describe('Auto Scaling groups', () => {
  it('acts on SetDesiredCapacity after the reaction delay, balancing zones, with the cheapest type (lowest-price)', () => {
    const { ec2, clock, results, cb } = world();
    ec2.createAutoScalingGroup(spec());
    ec2.setDesiredCapacity('workers', 3, cb);
    clock.run(30.5);
    expect(results).toEqual([{ ok: true }]);
    expect(ec2.group('workers')!.instances).toEqual([]);
    clock.run(31); // answered at 1 s, acted on 30 s later
    const g = ec2.group('workers')!;
    expect(g.desiredCapacity).toBe(3);
    expect(g.instances.map((i) => [i.zone, i.instanceType, i.lifecycleState])).toEqual([
      ['us-east-1a', 'c5.large', 'Pending'],
      ['us-east-1b', 'c5.large', 'Pending'],
      ['us-east-1c', 'c5.large', 'Pending'],
    ]);
    const acts = ec2.scalingActivities('workers', 0);
    expect(acts.map((a) => [a.at, a.status])).toEqual([[31, 'Successful'], [31, 'Successful'], [31, 'Successful']]);
    expect(acts[0]!.description).toBe(`Launching a new EC2 instance: ${g.instances[2]!.id}`);
    clock.run(600);
    expect(ec2.group('workers')!.instances.every((i) => i.lifecycleState === 'InService')).toBe(true);
    expect(ec2.listNow({ 'aws:autoscaling:groupName': 'workers' }).length).toBe(3);
  });

  it('rejects desired capacities outside [min, max] and unknown groups', () => {
    const { ec2, clock, results, cb } = world();
    ec2.createAutoScalingGroup(spec({ maxSize: 2 }));
    ec2.setDesiredCapacity('workers', 3, cb);
    ec2.setDesiredCapacity('nope', 1, cb);
    clock.run(5);
    expect(results.map((r) => (r.ok ? 'ok' : `${r.error.code}: ${r.error.message}`))).toEqual([
      'ValidationError: New SetDesiredCapacity value 3 is above max value 2 for the AutoScalingGroup.',
      'ValidationError: AutoScalingGroup name not found - nope',
    ]);
  });

  it('records a Failed activity with the EC2 error code when no type has capacity, and retries', () => {
    const { ec2, clock, cb } = world({ crunches: [{ from: 0, to: 100 }] });
    ec2.createAutoScalingGroup(spec());
    ec2.setDesiredCapacity('workers', 1, cb);
    clock.run(32);
    const failed = ec2.scalingActivities('workers', 0);
    expect(failed.length).toBe(1);
    expect(failed[0]!.status).toBe('Failed');
    expect(failed[0]!.statusCode).toBe('InsufficientInstanceCapacity');
    expect(failed[0]!.description).toContain('Could not launch On-Demand Instances. InsufficientInstanceCapacity');
    // retried every 60 s: fails at 91, succeeds at 151 (after the crunch ends at 100)
    clock.run(200);
    expect(ec2.scalingActivities('workers', 0).map((a) => [a.at, a.status])).toEqual([
      [151, 'Successful'],
      [91, 'Failed'],
      [31, 'Failed'],
    ]);
    expect(ec2.scalingActivities('workers', 100).length).toBe(1);
  });

  it('TerminateInstanceInGroup: decrementing lowers desired; otherwise the group replaces the instance', () => {
    const { ec2, clock, results, cb } = world();
    ec2.createAutoScalingGroup(spec({ desiredCapacity: 2, minSize: 1 }), { prewarmed: true });
    clock.run(1);
    const [a, b] = ec2.group('workers')!.instances;
    ec2.terminateInstanceInGroup(a!.id, true, cb);
    clock.run(10);
    expect(results).toEqual([{ ok: true }]);
    expect(ec2.group('workers')!.desiredCapacity).toBe(1);
    expect(ec2.group('workers')!.instances.map((i) => i.id)).toEqual([b!.id]);
    // min size 1: decrementing again is refused
    ec2.terminateInstanceInGroup(b!.id, true, cb);
    clock.run(20);
    expect(!results[1]!.ok && results[1]!.error.code).toBe('ValidationError');
    ec2.terminateInstanceInGroup(b!.id, false, cb);
    clock.run(100);
    const g = ec2.group('workers')!;
    expect(g.desiredCapacity).toBe(1);
    expect(g.instances.length).toBe(1);
    expect(g.instances[0]!.id).not.toBe(b!.id);
  });

  it('scales in from the zone with most instances, oldest first', () => {
    const { ec2, clock, cb } = world();
    ec2.createAutoScalingGroup(spec({ desiredCapacity: 4, zones: ['us-east-1a', 'us-east-1b'] }), { prewarmed: true });
    clock.run(1);
    const before = ec2.group('workers')!.instances.map((i) => `${i.zone}:${i.id}`);
    expect(before.map((s) => s.split(':')[0])).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1a', 'us-east-1b']);
    ec2.setDesiredCapacity('workers', 3, cb);
    clock.run(100);
    // tie between zones (2 and 2) → the oldest instance overall (launched first, in us-east-1a)
    expect(ec2.group('workers')!.instances.map((i) => `${i.zone}:${i.id}`)).toEqual(before.slice(1));
  });

  it('replaces an instance lost to a spot reclaim, using price-capacity-optimized for spot groups', () => {
    const { ec2, clock } = world({ spot: { hazardMultiplier: 2000, rebalanceProbability: 0 } });
    ec2.createAutoScalingGroup(spec({ desiredCapacity: 2, capacityType: 'spot' }), { prewarmed: true });
    let reclaimed = 0;
    ec2.onInstanceEvent((e) => e.kind === 'terminated' && e.reason === 'spot-reclaim' && reclaimed++);
    clock.run(3 * 24 * 3600);
    expect(reclaimed).toBeGreaterThan(0);
    expect(ec2.group('workers')!.instances.length).toBe(2);
    expect(ec2.group('workers')!.instances.every((i) => i.capacityType === 'spot')).toBe(true);
    expect(ec2.scalingActivities('workers', 0).some((a) => a.description.includes('Spot interruption'))).toBe(true);
  });

  it('AttachInstances: existing instances join a group, raise its desired capacity, and are replaced like members', () => {
    const { ec2, clock } = world();
    const a = ec2.launchNow(request(['m5.large/us-east-1a']), { prewarmed: true });
    const b = ec2.launchNow(request(['m5.large/us-east-1b']), { prewarmed: true });
    if (!a.ok || !b.ok) throw new Error('launch failed');
    ec2.createAutoScalingGroup(spec({ minSize: 1, desiredCapacity: 1, maxSize: 2 }), { prewarmed: true, instanceIds: [a.instance.id] });
    // Desired capacity counts the attached member: max(1, 1) = 1, nothing new launched.
    expect(ec2.group('workers')!.desiredCapacity).toBe(1);
    expect(ec2.group('workers')!.instances.map((i) => i.id)).toEqual([a.instance.id]);
    expect(ec2.getNow(a.instance.id)!.tags['aws:autoscaling:groupName']).toBe('workers');
    expect(ec2.attachInstances('workers', [b.instance.id])).toEqual({ ok: true });
    expect(ec2.group('workers')!.desiredCapacity).toBe(2);
    // max 2: a third one is refused and nothing changes
    const c = ec2.launchNow(request(['m5.large/us-east-1c']), { prewarmed: true });
    if (!c.ok) throw new Error('launch failed');
    const r = ec2.attachInstances('workers', [c.instance.id]);
    expect(r.ok).toBe(false);
    expect(ec2.group('workers')!.instances.length).toBe(2);
    // an attached member lost outside Auto Scaling is replaced (desired stays 2)
    ec2.terminateNow(a.instance.id);
    clock.run(100);
    const g = ec2.group('workers')!;
    expect(g.desiredCapacity).toBe(2);
    expect(g.instances.length).toBe(2);
    expect(g.instances.some((i) => i.id === a.instance.id)).toBe(false);
  });
});

