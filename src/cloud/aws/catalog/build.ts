import type { InstanceTypeInfo } from '@aws-sdk/client-ec2';
import type { InstanceType, Offering } from '../../../model/index.js';
import { buildInstanceType, type BuildContext } from '../../../catalog/load.js';
import { spotPrice } from '../../../catalog/offerings.js';
import type { InstanceSpec } from '../../../catalog/spec.js';

/** The latest spot price of one (type, zone) pool from DescribeSpotPriceHistory. */
export interface SpotPriceRow {
  readonly instanceType: string;
  readonly zone: string;
  readonly pricePerHour: number;
  /** Epoch seconds of the price's timestamp. */
  readonly at: number;
}

export interface CatalogInputs {
  /** DescribeInstanceTypes items. */
  readonly types: readonly InstanceTypeInfo[];
  /** Latest spot price per pool. */
  readonly spotPrices: readonly SpotPriceRow[];
  /** Zones to offer types in (the subnets' zones, or the region's available zones). */
  readonly zones: readonly string[];
}

/** Keep the newest row per (type, zone). */
export function latestSpotPrices(rows: readonly SpotPriceRow[]): Map<string, SpotPriceRow> {
  const out = new Map<string, SpotPriceRow>();
  for (const r of rows) {
    const key = `${r.instanceType}/${r.zone}`;
    const seen = out.get(key);
    if (!seen || r.at > seen.at) out.set(key, r);
  }
  return out;
}

/** family, category, generation and size from an instance-type name ("c6gn.2xlarge" → c6gn, c, 6, 2xlarge). */
export function parseTypeName(name: string): { family: string; category: string; generation: number; size: string } {
  const dot = name.indexOf('.');
  const family = dot < 0 ? name : name.slice(0, dot);
  const size = dot < 0 ? '' : name.slice(dot + 1);
  const m = /^([a-z]+)(\d+)/.exec(family);
  return { family, category: m ? m[1]! : family, generation: m ? Number(m[2]) : 0, size };
}

function cpuManufacturer(info: InstanceTypeInfo, fallback: string): string {
  const m = info.ProcessorInfo?.Manufacturer?.toLowerCase();
  if (m === 'aws' || m === 'amd' || m === 'intel') return m;
  return fallback;
}

/**
 * An InstanceSpec from a DescribeInstanceTypes item: hardware from the API (vCPUs, memory, architecture,
 * GPUs, ENIs and IPv4 per ENI on the default network card, bandwidth, hypervisor, bare metal), prices and
 * the Spot Advisor fields from the embedded spec (the Pricing API gives on-demand prices in real Karpenter;
 * fleetsim uses its embedded catalog). Undefined without vCPU or memory information.
 */
export function specFromApi(info: InstanceTypeInfo, embedded: InstanceSpec | undefined): InstanceSpec | undefined {
  const name = info.InstanceType;
  const vcpu = info.VCpuInfo?.DefaultVCpus;
  const memoryMiB = info.MemoryInfo?.SizeInMiB;
  if (!name || vcpu === undefined || memoryMiB === undefined) return undefined;
  const parsed = parseTypeName(name);
  const net = info.NetworkInfo;
  const cardIndex = net?.DefaultNetworkCardIndex ?? 0;
  const card = net?.NetworkCards?.find((c) => (c.NetworkCardIndex ?? 0) === cardIndex);
  const enis = card?.MaximumNetworkInterfaces ?? net?.MaximumNetworkInterfaces;
  const ipv4 = net?.Ipv4AddressesPerInterface;
  const eniMaxPods = enis !== undefined && ipv4 !== undefined ? enis * (ipv4 - 1) + 2 : (embedded?.eniMaxPods ?? 110);
  const gpu = info.GpuInfo?.Gpus?.[0];
  const bandwidthGbps = card?.BaselineBandwidthInGbps;
  const archs = info.ProcessorInfo?.SupportedArchitectures ?? [];
  return {
    name,
    family: embedded?.family ?? parsed.family,
    category: embedded?.category ?? parsed.category,
    generation: embedded?.generation ?? parsed.generation,
    size: embedded?.size ?? parsed.size,
    vcpu,
    memoryMiB,
    arch: archs.includes('arm64') ? 'arm64' : 'amd64',
    cpuManufacturer: cpuManufacturer(info, embedded?.cpuManufacturer ?? ''),
    gpuCount: gpu?.Count ?? 0,
    gpuName: gpu?.Name?.toLowerCase() ?? '',
    gpuManufacturer: gpu?.Manufacturer?.toLowerCase() ?? '',
    gpuMemoryMiB: gpu?.MemoryInfo?.SizeInMiB ?? 0,
    neuronDevices: embedded?.neuronDevices ?? 0,
    eniMaxPods,
    ...(enis !== undefined ? { enis } : {}),
    ...(ipv4 !== undefined ? { ipv4PerEni: ipv4 } : {}),
    ...(embedded?.branchEnis !== undefined ? { branchEnis: embedded.branchEnis } : {}),
    networkBandwidthMbps: bandwidthGbps !== undefined ? Math.round(bandwidthGbps * 1000) : (embedded?.networkBandwidthMbps ?? 0),
    hypervisor: info.BareMetal ? '' : (info.Hypervisor ?? embedded?.hypervisor ?? ''),
    bareMetal: info.BareMetal ?? embedded?.bareMetal ?? false,
    onDemandPricePerHour: embedded?.onDemandPricePerHour ?? 0,
    ...(embedded?.spotSavingsPercent !== undefined ? { spotSavingsPercent: embedded.spotSavingsPercent } : {}),
    ...(embedded?.interruptionBucket !== undefined ? { interruptionBucket: embedded.interruptionBucket } : {}),
  };
}

/**
 * The instance types the provider offers: every described type the embedded catalog knows (so it has an
 * on-demand price), with on-demand offerings in every zone and spot offerings where the type supports
 * spot — priced from the spot price history, or from the embedded Spot Advisor savings where the history
 * has no row for the pool. All offerings start available (EC2 does not tell; launch errors do).
 */
export function buildCatalog(inputs: CatalogInputs, embedded: ReadonlyMap<string, InstanceSpec>, ctx: BuildContext): InstanceType[] {
  const spot = latestSpotPrices(inputs.spotPrices);
  const zoneCtx: BuildContext = { ...ctx, zones: inputs.zones };
  const out: InstanceType[] = [];
  for (const info of inputs.types) {
    const known = info.InstanceType ? embedded.get(info.InstanceType) : undefined;
    if (!known) continue;
    const spec = specFromApi(info, known);
    if (!spec) continue;
    const base = buildInstanceType(spec, zoneCtx);
    const offerings: Offering[] = [];
    if (base.onDemandPricePerHour > 0) {
      for (const zone of inputs.zones) offerings.push({ zone, capacityType: 'on-demand', pricePerHour: base.onDemandPricePerHour, available: true });
    }
    const supportsSpot = info.SupportedUsageClasses?.includes('spot') ?? true;
    if (supportsSpot) {
      for (const zone of inputs.zones) {
        const price = spot.get(`${spec.name}/${zone}`)?.pricePerHour ?? spotPrice(spec, zone, ctx.priceOverrides[spec.name]);
        if (price !== undefined && price > 0) offerings.push({ zone, capacityType: 'spot', pricePerHour: price, available: true });
      }
    }
    if (offerings.length === 0) continue;
    out.push({ ...base, offerings });
  }
  return out;
}
