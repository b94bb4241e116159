import type { EC2Client } from '@aws-sdk/client-ec2';
import type { CatalogOptions } from '../../catalog/load.js';
import type { CloudEvent } from '../cloud-provider.js';
import type { BackoffPolicy } from './backoff.js';
import type { FleetBatchOptions } from './fleet-batcher.js';
import type { LaunchTemplateRef } from './fleet-request.js';

/** Where CloudEvents come from (the SQS interruption queue in production). */
export interface InterruptionSource {
  onEvent(listener: (event: CloudEvent) => void): () => void;
}

export interface AwsLogEntry {
  readonly level: 'info' | 'warn' | 'error';
  readonly message: string;
  readonly action?: string;
}

export interface AwsCloudProviderOptions {
  /** Owner of every instance this provider launches (tag `fleetsim.io/cluster`); terminate refuses others. */
  readonly clusterName: string;
  /** Region label of the instance types. */
  readonly region: string;
  /** Built with `createEc2Client` (standard credential chain, SDK retries configured). */
  readonly ec2: EC2Client;
  /** One launch template for all NodeClasses, or one per NodeClass name. */
  readonly launchTemplate: LaunchTemplateRef | ((nodeClassName: string) => LaunchTemplateRef);
  /** zone → subnet id. When given, overrides name subnets and only these zones are offered. */
  readonly subnets?: Readonly<Record<string, string>>;
  /** Zones to offer when no subnets are given; default: the region's available zones. */
  readonly zones?: readonly string[];
  /** The embedded catalog selection (families, price overrides, a user file) giving prices and fallback fields. */
  readonly catalog?: CatalogOptions;
  /** Catalog refresh period. Default 12 h; 0 = never. */
  readonly catalogRefreshSeconds?: number;
  /** Backoff on RequestLimitExceeded beyond the SDK's retries. */
  readonly backoff?: Partial<BackoffPolicy>;
  /** Epoch seconds now (launch times of new instances, spot price queries). Default: the system clock. */
  readonly now?: () => number;
  readonly interruptions?: InterruptionSource;
  /** Errors and notable events (never credentials or request parameters). */
  readonly log?: (entry: AwsLogEntry) => void;
  /**
   * Coalesce concurrent identical single-instance CreateFleet requests into one (Karpenter's createfleet
   * batcher: 35 ms idle, 1 s max, 1000 items). `true` for Karpenter's windows. Default off.
   */
  readonly createFleetBatching?: boolean | Partial<FleetBatchOptions>;
  /** DescribeSpotPriceHistory product. Default Linux/UNIX. */
  readonly productDescription?: string;
}
