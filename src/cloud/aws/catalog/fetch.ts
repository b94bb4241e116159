import {
  DescribeAvailabilityZonesCommand,
  DescribeInstanceTypesCommand,
  DescribeSpotPriceHistoryCommand,
  type EC2Client,
  type InstanceTypeInfo,
} from '@aws-sdk/client-ec2';
import type { Call } from '../calls.js';
import type { CatalogInputs, SpotPriceRow } from './build.js';

export interface FetchOptions {
  /** Zones to offer (the subnets' zones); default: DescribeAvailabilityZones, available zones only. */
  readonly zones?: readonly string[];
  /** DescribeSpotPriceHistory product description. Default Linux/UNIX. */
  readonly productDescription?: string;
  /** Epoch seconds now (StartTime of the spot price query: EC2 then answers the current price of each pool). */
  readonly now: () => number;
}

/** Every page of DescribeInstanceTypes (100 a page). */
export async function describeAllInstanceTypes(ec2: EC2Client, call: Call): Promise<InstanceTypeInfo[]> {
  const out: InstanceTypeInfo[] = [];
  let token: string | undefined;
  do {
    const page = await call('DescribeInstanceTypes', () => ec2.send(new DescribeInstanceTypesCommand({ MaxResults: 100, ...(token ? { NextToken: token } : {}) })));
    out.push(...(page.InstanceTypes ?? []));
    token = page.NextToken || undefined;
  } while (token);
  return out;
}

/** Every page of the current spot prices (1000 rows a page). */
export async function describeAllSpotPrices(ec2: EC2Client, call: Call, o: FetchOptions): Promise<SpotPriceRow[]> {
  const out: SpotPriceRow[] = [];
  let token: string | undefined;
  const startTime = new Date(Math.floor(o.now()) * 1000);
  do {
    const page = await call('DescribeSpotPriceHistory', () =>
      ec2.send(
        new DescribeSpotPriceHistoryCommand({
          ProductDescriptions: [o.productDescription ?? 'Linux/UNIX'],
          StartTime: startTime,
          MaxResults: 1000,
          ...(token ? { NextToken: token } : {}),
        }),
      ),
    );
    for (const r of page.SpotPriceHistory ?? []) {
      const price = Number(r.SpotPrice);
      if (!r.InstanceType || !r.AvailabilityZone || !Number.isFinite(price)) continue;
      out.push({ instanceType: r.InstanceType, zone: r.AvailabilityZone, pricePerHour: price, at: r.Timestamp ? r.Timestamp.getTime() / 1000 : 0 });
    }
    token = page.NextToken || undefined;
  } while (token);
  return out;
}

export async function describeZones(ec2: EC2Client, call: Call): Promise<string[]> {
  const out = await call('DescribeAvailabilityZones', () => ec2.send(new DescribeAvailabilityZonesCommand({})));
  return (out.AvailabilityZones ?? [])
    .filter((z) => (z.State ?? 'available') === 'available' && (z.ZoneType ?? 'availability-zone') === 'availability-zone' && z.ZoneName)
    .map((z) => z.ZoneName!);
}

/** The three inputs of the catalog, fetched in parallel. */
export async function fetchCatalogInputs(ec2: EC2Client, call: Call, o: FetchOptions): Promise<CatalogInputs> {
  const [types, spotPrices, zones] = await Promise.all([
    describeAllInstanceTypes(ec2, call),
    describeAllSpotPrices(ec2, call, o),
    o.zones ? Promise.resolve([...o.zones]) : describeZones(ec2, call),
  ]);
  return { types, spotPrices, zones };
}
