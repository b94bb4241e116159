import type { EC2Client } from '@aws-sdk/client-ec2';
import { loadCatalog, type CatalogOptions } from '../../src/catalog/load.js';
import { AwsCloudProvider } from '../../src/cloud/aws/aws-cloud-provider.js';
import { createEc2Client } from '../../src/cloud/aws/client.js';
import type { AwsCloudProviderOptions, AwsLogEntry } from '../../src/cloud/aws/options.js';
import { startEc2ApiServer, type Ec2ApiServer } from '../../src/cloud/ec2-api/server.js';
import { WallClock } from '../../src/cloud/ec2-api/wall-clock.js';
import { MockEc2 } from '../../src/cloud/mock-ec2/mock-ec2.js';
import type { MockEc2Options } from '../../src/cloud/mock-ec2/options.js';
import { RandomSource } from '../../src/sim/random.js';

/** Fake static credentials: the only place credentials appear; tests check they are never logged. */
export const FAKE_CREDENTIALS = { accessKeyId: 'AKIAFLEETSIMTEST0000', secretAccessKey: 'fleetsim-fake-secret-never-log' } as const;

/** Simulated seconds per real second for the mock behind the server. */
export const SPEED = 20;

export interface AwsWorld {
  readonly clock: WallClock;
  readonly ec2: MockEc2;
  readonly server: Ec2ApiServer;
  readonly client: EC2Client;
  readonly provider: AwsCloudProvider;
  readonly logs: AwsLogEntry[];
  close(): Promise<void>;
}

export interface AwsWorldOptions {
  readonly mock?: MockEc2Options;
  readonly provider?: Partial<AwsCloudProviderOptions>;
  /** SDK attempts per call; default 1 so that the adapter's own backoff is what the tests see. */
  readonly maxAttempts?: number;
  /** The mock's catalog selection. Default: the m5 and c5 families. */
  readonly mockCatalog?: CatalogOptions;
  /** Skip `provider.start()`. */
  readonly noStart?: boolean;
}

/**
 * The AWS adapter against fleetsim's EC2 query-API server over a MockEc2 (m5 and c5 families) on an
 * accelerated wall clock (20×) with short API latencies; spot reclaims off; c5.large has no on-demand
 * capacity in us-east-1a.
 */
export async function awsWorld(o: AwsWorldOptions = {}): Promise<AwsWorld> {
  const clock = new WallClock({ speed: SPEED });
  const ec2 = new MockEc2(clock, new RandomSource(11), loadCatalog(o.mockCatalog ?? { families: ['m5', 'c5'] }), {
    apiLatencySeconds: { min: 0.1, max: 0.4 },
    describeLatencySeconds: { min: 0.02, max: 0.1 },
    poolDepthOverrides: [{ instanceType: 'c5.large', zone: 'us-east-1a', capacityType: 'on-demand', depth: 0 }],
    ...o.mock,
    spot: { interruptions: false, ...o.mock?.spot },
  });
  const server = await startEc2ApiServer({ ec2 });
  const client = createEc2Client({ region: 'us-east-1', endpoint: server.url, credentials: FAKE_CREDENTIALS, maxAttempts: o.maxAttempts ?? 1 });
  const logs: AwsLogEntry[] = [];
  const provider = new AwsCloudProvider({
    clusterName: 'fleetsim-test',
    region: 'us-east-1',
    ec2: client,
    launchTemplate: { name: 'fleetsim-nodes' },
    catalog: { families: ['m5', 'c5'] },
    backoff: { baseDelayMs: 5, maxDelayMs: 100 },
    now: () => clock.now(),
    log: (e) => logs.push(e),
    ...o.provider,
  });
  if (!o.noStart) await provider.start();
  return {
    clock,
    ec2,
    server,
    client,
    provider,
    logs,
    close: async () => {
      provider.close();
      client.destroy();
      await server.close();
      clock.close();
    },
  };
}

/** Let real time pass. */
export function pause(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
