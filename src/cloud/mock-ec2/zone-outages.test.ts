import { describe, expect, it } from 'vitest';
import type { LaunchResult } from '../cloud-provider.js';
import type { InstanceEvent } from './events.js';
import { mockWorld, request } from './testing.js';

function ok(r: LaunchResult) {
  if (!r.ok) throw r.error;
  return r.instance;
}

describe('scripted zone outages', () => {
  it('lose every live instance of the zone at `from` and leave the zone without capacity until `to`', () => {
    const { ec2, clock } = mockWorld({ ec2: { zoneOutages: [{ zone: 'us-east-1a', from: 100, to: 400 }], spot: { interruptions: false } } });
    const terminated: InstanceEvent[] = [];
    ec2.onInstanceEvent((e) => e.kind === 'terminated' && terminated.push(e));
    const a1 = ok(ec2.launchNow(request(['m5.large/us-east-1a'])));
    const a2 = ok(ec2.launchNow(request(['c5.large/us-east-1a/spot'])));
    const b = ok(ec2.launchNow(request(['m5.large/us-east-1b'])));
    clock.run(99);
    expect(terminated).toEqual([]);
    clock.run(100);
    expect(terminated.map((e) => [e.instance.id, e.reason, e.at])).toEqual([
      [a1.id, 'zone-outage', 100],
      [a2.id, 'zone-outage', 100],
    ]);
    expect(ec2.getNow(b.id)?.state).toBe('running');
    // During the outage no pool of the zone has capacity, other zones do.
    clock.run(250);
    const failed = ec2.launchNow(request(['m5.large/us-east-1a', 'c5.large/us-east-1a']));
    expect(failed.ok).toBe(false);
    if (!failed.ok) expect(failed.error.code).toBe('InsufficientInstanceCapacity');
    expect(ok(ec2.launchNow(request(['m5.large/us-east-1a', 'm5.large/us-east-1c']))).zone).toBe('us-east-1c');
    // An instance launched in the zone after `from` is not lost; capacity is back at `to`.
    clock.run(400);
    const after = ok(ec2.launchNow(request(['m5.large/us-east-1a'])));
    clock.run(1000);
    expect(ec2.getNow(after.id)?.state).toBe('running');
    expect(terminated).toHaveLength(2);
    // Billing stops at the loss: 100 s at the launch price.
    expect(ec2.ledger().find((e) => e.instanceId === a1.id)).toMatchObject({ terminatedAt: 100, billedSeconds: 100 });
  });
});
