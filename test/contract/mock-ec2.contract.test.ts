import { loadCatalog } from '../../src/catalog/load.js';
import { MockEc2 } from '../../src/cloud/mock-ec2/index.js';
import { RandomSource } from '../../src/sim/random.js';
import { SimClock } from '../../src/sim/sim-clock.js';
import { describeCloudProviderContract } from './cloud-provider.contract.js';

describeCloudProviderContract('mock EC2 (in-process)', () => {
  const clock = new SimClock();
  const ec2 = new MockEc2(clock, new RandomSource(7), loadCatalog({ families: ['m5', 'c5'] }), {
    // c5.large ($0.085/h) has no capacity in us-east-1a; m5.xlarge ($0.192/h) is the pricier fallback
    poolDepthOverrides: [{ instanceType: 'c5.large', zone: 'us-east-1a', capacityType: 'on-demand', depth: 0 }],
  });
  return {
    provider: ec2,
    advance: () => clock.step(),
    available: { instanceType: 'm5.large', zone: 'us-east-1a', capacityType: 'on-demand' },
    alternative: { instanceType: 'm5.xlarge', zone: 'us-east-1b', capacityType: 'on-demand' },
    exhausted: { instanceType: 'c5.large', zone: 'us-east-1a', capacityType: 'on-demand' },
  };
});
