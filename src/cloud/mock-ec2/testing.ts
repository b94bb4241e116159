import type { CapacityType } from '../../model/index.js';
import { loadCatalog, type CatalogOptions } from '../../catalog/load.js';
import { RandomSource } from '../../sim/random.js';
import { SimClock } from '../../sim/sim-clock.js';
import type { LaunchRequest } from '../cloud-provider.js';
import { MockEc2 } from './mock-ec2.js';
import type { MockEc2Options } from './options.js';

/**
 * Test fixtures: a mock EC2 on a fresh SimClock over a (restricted) catalog, and launch requests built
 * from short offering strings "m5.large/us-east-1a/spot" (zone defaults to us-east-1a, capacity type to on-demand).
 */
export interface MockWorld {
  readonly clock: SimClock;
  readonly ec2: MockEc2;
}

export function mockWorld(opts: { seed?: number; catalog?: CatalogOptions; ec2?: MockEc2Options } = {}): MockWorld {
  const clock = new SimClock();
  const ec2 = new MockEc2(clock, new RandomSource(opts.seed ?? 1), loadCatalog(opts.catalog ?? { families: ['m5', 'c5', 'r5'] }), opts.ec2 ?? {});
  return { clock, ec2 };
}

let seq = 0;
export function request(offerings: readonly string[], extra: Partial<LaunchRequest> = {}): LaunchRequest {
  seq++;
  const overrides = offerings.map((s) => {
    const [instanceType, zone, ct] = s.split('/');
    return { instanceType: instanceType!, zone: zone ?? 'us-east-1a', capacityType: (ct ?? 'on-demand') as CapacityType };
  });
  return {
    nodeClaimName: `claim-${seq}`,
    nodePoolName: 'default',
    nodeClassName: 'default',
    capacityType: overrides[0]!.capacityType,
    overrides,
    tags: { 'karpenter.sh/nodeclaim': `claim-${seq}` },
    ...extra,
  };
}
