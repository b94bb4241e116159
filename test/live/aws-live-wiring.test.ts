import { describe, expect, it } from 'vitest';
import { createAwsLive } from '../../src/cloud/aws/create.js';
import type { CloudEvent } from '../../src/cloud/cloud-provider.js';
import { startFakeSqs } from './aws-fake-sqs.js';
import { awsWorld, FAKE_CREDENTIALS } from './aws-world.js';
import { eventually } from './harness.js';

describe('createAwsLive: the wiring the live runtime uses', () => {
  it('launches through the EC2 endpoint and hears the spot warning for that instance from the queue', async () => {
    const w = await awsWorld({ noStart: true });
    const sqs = await startFakeSqs();
    sqs.createQueue('prod');
    const live = createAwsLive({
      clusterName: 'prod',
      region: 'us-east-1',
      launchTemplate: { name: 'prod-nodes' },
      catalog: { families: ['m5', 'c5'] },
      client: { endpoint: w.server.url, credentials: FAKE_CREDENTIALS, maxAttempts: 1 },
      sqsEndpoint: sqs.url,
      interruptionQueue: { name: 'prod', waitTimeSeconds: 1 },
    });
    try {
      await live.start();
      expect(live.interruptions?.queueUrl).toBe(`${sqs.url}/000000000000/prod`);
      const r = await live.provider.launchAsync({ nodeClaimName: 'c1', nodePoolName: 'default', nodeClassName: 'default', capacityType: 'spot', overrides: [{ instanceType: 'm5.large', zone: 'us-east-1a', capacityType: 'spot' }], tags: {} });
      if (!r.ok) throw r.error;
      expect(w.ec2.getNow(r.instance.id)!.tags['fleetsim.io/cluster']).toBe('prod');
      const events: CloudEvent[] = [];
      live.provider.onEvent((e) => events.push(e));
      sqs.send(
        'prod',
        JSON.stringify({
          version: '0',
          'detail-type': 'EC2 Spot Instance Interruption Warning',
          source: 'aws.ec2',
          time: '2024-03-05T10:15:00Z',
          region: 'us-east-1',
          resources: [`arn:aws:ec2:us-east-1a:instance/${r.instance.id}`],
          detail: { 'instance-id': r.instance.id, 'instance-action': 'terminate' },
        }),
      );
      await eventually(() => events.length === 1, 10_000, 'the warning');
      expect(events[0]).toMatchObject({ kind: 'spot-interruption-warning', instanceId: r.instance.id });
    } finally {
      await live.stop();
      await sqs.close();
      await w.close();
    }
  });
});
