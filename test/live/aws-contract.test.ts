import { describeCloudProviderContract } from '../contract/cloud-provider.contract.js';
import { awsWorld, pause } from './aws-world.js';

// The same contract the in-process mock passes, through @aws-sdk/client-ec2 and the EC2 query-API server.
describeCloudProviderContract('AWS adapter over the EC2 API server', async () => {
  const w = await awsWorld();
  return {
    provider: w.provider,
    advance: async () => {
      await pause(2);
      return true;
    },
    // c5.large ($0.085/h) has no on-demand capacity in us-east-1a; m5.xlarge ($0.192/h) is the pricier fallback
    available: { instanceType: 'm5.large', zone: 'us-east-1a', capacityType: 'on-demand' },
    alternative: { instanceType: 'm5.xlarge', zone: 'us-east-1b', capacityType: 'on-demand' },
    exhausted: { instanceType: 'c5.large', zone: 'us-east-1a', capacityType: 'on-demand' },
    close: () => w.close(),
  };
});
