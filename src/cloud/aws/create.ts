import type { SQSClient } from '@aws-sdk/client-sqs';
import type { EC2Client } from '@aws-sdk/client-ec2';
import { AwsCloudProvider } from './aws-cloud-provider.js';
import { createEc2Client, createSqsClient, type AwsClientOptions } from './client.js';
import { SqsInterruptionSource, type SqsInterruptionSourceOptions } from './interruption/sqs-source.js';
import type { AwsCloudProviderOptions } from './options.js';

export interface AwsLiveOptions extends Omit<AwsCloudProviderOptions, 'ec2' | 'interruptions'> {
  /** SDK client settings (region defaults to `region`; credentials from the standard chain unless given). */
  readonly client?: Partial<AwsClientOptions>;
  /** Endpoint of an SQS emulator; default the region's SQS. */
  readonly sqsEndpoint?: string;
  /** The interruption queue (URL or name); no queue = no interruption events (Karpenter: --interruption-queue unset). */
  readonly interruptionQueue?: { readonly url?: string; readonly name?: string } & Partial<Omit<SqsInterruptionSourceOptions, 'sqs' | 'queueUrl' | 'queueName'>>;
}

export interface AwsLive {
  readonly provider: AwsCloudProvider;
  readonly interruptions: SqsInterruptionSource | undefined;
  readonly ec2: EC2Client;
  readonly sqs: SQSClient | undefined;
  /** Load the catalog, then start polling the queue. */
  start(): Promise<void>;
  /** Stop the catalog timer and the queue poll; destroy the SDK clients. */
  stop(): Promise<void>;
}

/**
 * The live world's cloud side in one call (for `src/runtime/`): SDK clients, the interruption source when
 * a queue is named, and the AwsCloudProvider wired to both.
 */
export function createAwsLive(o: AwsLiveOptions): AwsLive {
  const clientOptions: AwsClientOptions = { region: o.region, ...o.client };
  const ec2 = createEc2Client(clientOptions);
  const q = o.interruptionQueue;
  const sqs = q ? createSqsClient({ ...clientOptions, ...(o.sqsEndpoint !== undefined ? { endpoint: o.sqsEndpoint } : {}) }) : undefined;
  const { url, name, ...sourceOptions } = q ?? {};
  const interruptions =
    q && sqs
      ? new SqsInterruptionSource({ ...sourceOptions, sqs, ...(url ? { queueUrl: url } : {}), ...(name ? { queueName: name } : {}), ...(o.log ? { log: o.log } : {}) })
      : undefined;
  const { client: _client, sqsEndpoint: _sqsEndpoint, interruptionQueue: _queue, ...providerOptions } = o;
  const provider = new AwsCloudProvider({ ...providerOptions, ec2, ...(interruptions ? { interruptions } : {}) });
  return {
    provider,
    interruptions,
    ec2,
    sqs,
    start: async () => {
      await provider.start();
      await interruptions?.start();
    },
    stop: async () => {
      provider.close();
      await interruptions?.stop();
      ec2.destroy();
      sqs?.destroy();
    },
  };
}
