import { describe, expect, it } from 'vitest';
import type { InstanceType } from '../../model/index.js';
import { mockWorld, request } from './testing.js';

function offering(types: readonly InstanceType[], name: string, zone: string, capacityType: 'on-demand' | 'spot') {
  const o = types.find((t) => t.name === name)?.offerings.find((x) => x.zone === zone && x.capacityType === capacityType);
  if (!o) throw new Error(`no offering ${name}/${zone}/${capacityType}`);
  return o;
}

describe('CatalogView (instanceTypes) with revealed availability', () => {
  const depth1 = { instanceType: 'm5.large', zone: 'us-east-1a', capacityType: 'on-demand' as const, depth: 1 };

  it('follows launches and terminations of the pool between calls', () => {
    const { ec2 } = mockWorld({ ec2: { revealAvailability: true, poolDepthOverrides: [depth1] } });
    const a = () => offering(ec2.instanceTypes(), 'm5.large', 'us-east-1a', 'on-demand').available;
    expect(a()).toBe(true);
    expect(a()).toBe(true);
    const r = ec2.launchNow(request(['m5.large']));
    if (!r.ok) throw r.error;
    expect(a()).toBe(false); // depth 1, one in use
    expect(offering(ec2.instanceTypes(), 'm5.large', 'us-east-1b', 'on-demand').available).toBe(true);
    expect(ec2.terminateNow(r.instance.id)).toEqual({ ok: true });
    expect(a()).toBe(true);
  });

  it('turns unavailable at a scripted window start and available again at its end, with no change in between', () => {
    const { ec2, clock } = mockWorld({ ec2: { revealAvailability: true, crunches: [{ instanceType: 'm5.large', from: 100, to: 200 }] } });
    const a = () => offering(ec2.instanceTypes(), 'm5.large', 'us-east-1c', 'spot').available;
    const seen: [number, boolean][] = [];
    for (const t of [0, 99, 100, 150, 199, 200, 500]) {
      clock.run(t);
      seen.push([t, a()]);
    }
    expect(seen).toEqual([
      [0, true],
      [99, true],
      [100, false],
      [150, false],
      [199, false],
      [200, true],
      [500, true],
    ]);
  });

  it('without revealed availability every offering shows available, even an exhausted pool', () => {
    const { ec2 } = mockWorld({ ec2: { poolDepthOverrides: [depth1] } });
    expect(ec2.launchNow(request(['m5.large'])).ok).toBe(true);
    expect(offering(ec2.instanceTypes(), 'm5.large', 'us-east-1a', 'on-demand').available).toBe(true);
  });
});
