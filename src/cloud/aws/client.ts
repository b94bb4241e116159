import { EC2Client, type EC2ClientConfig } from '@aws-sdk/client-ec2';
import { SQSClient, type SQSClientConfig } from '@aws-sdk/client-sqs';

/**
 * How the live runtime builds its SDK clients. Credentials come from the SDK's standard provider chain
 * (environment, shared config/SSO, web identity for IRSA, container and instance metadata) unless given
 * here — tests pass static fake credentials, nothing else should. The adapter never reads, stores or logs
 * credentials itself.
 */
export interface AwsClientOptions {
  readonly region: string;
  /** A custom endpoint (fleetsim's EC2 API server, a fake SQS); default: the region's AWS endpoint. */
  readonly endpoint?: string;
  /** Only for tests and emulators; production leaves this unset (standard chain). */
  readonly credentials?: EC2ClientConfig['credentials'];
  /** SDK attempts per call (first try + retries). Default 3. */
  readonly maxAttempts?: number;
  /** SDK retry mode: `standard` (default) or `adaptive` (adds client-side rate limiting when throttled). */
  readonly retryMode?: 'standard' | 'adaptive';
}

export const DEFAULT_MAX_ATTEMPTS = 3;
export const DEFAULT_RETRY_MODE = 'standard';

function common(o: AwsClientOptions) {
  return {
    region: o.region,
    maxAttempts: o.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    retryMode: o.retryMode ?? DEFAULT_RETRY_MODE,
    ...(o.endpoint !== undefined ? { endpoint: o.endpoint } : {}),
    ...(o.credentials !== undefined ? { credentials: o.credentials } : {}),
  };
}

export function createEc2Client(o: AwsClientOptions): EC2Client {
  const config: EC2ClientConfig = common(o);
  return new EC2Client(config);
}

export function createSqsClient(o: AwsClientOptions): SQSClient {
  const config: SQSClientConfig = common(o);
  return new SQSClient(config);
}
