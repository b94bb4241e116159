import type { InterruptionBucket } from '../model/index.js';

/**
 * One instance type as the catalog stores it: raw facts, before labels, offerings and allocatable are
 * derived by `loadCatalog`. Units are in the names; optional fields are unknown for some types.
 */
export interface InstanceSpec {
  readonly name: string;
  readonly family: string;
  readonly category: string;
  readonly generation: number;
  readonly size: string;
  readonly vcpu: number;
  readonly memoryMiB: number;
  readonly arch: 'amd64' | 'arm64';
  /** intel | amd | aws ('' when unknown). */
  readonly cpuManufacturer: string;
  readonly gpuCount: number;
  readonly gpuName: string;
  readonly gpuManufacturer: string;
  readonly gpuMemoryMiB: number;
  /** AWS Inferentia / Trainium devices. */
  readonly neuronDevices: number;
  /** ENI-limited pods on the default network card: ENIs × (IPv4 per ENI − 1) + 2. */
  readonly eniMaxPods: number;
  readonly enis?: number;
  readonly ipv4PerEni?: number;
  /** Branch ENIs for security groups per pod. */
  readonly branchEnis?: number;
  /** 0 when unknown. */
  readonly networkBandwidthMbps: number;
  /** nitro | xen | '' (bare metal). */
  readonly hypervisor: string;
  readonly bareMetal: boolean;
  readonly onDemandPricePerHour: number;
  /** Spot Advisor savings over on-demand; absent = no spot offerings. */
  readonly spotSavingsPercent?: number;
  readonly interruptionBucket?: InterruptionBucket;
}

export const INTERRUPTION_BUCKETS: readonly InterruptionBucket[] = ['<5%', '5-10%', '10-15%', '15-20%', '>20%'];

/** Monthly interruption frequency at the bucket's mid-point (fraction of instances a month). */
export const BUCKET_MIDPOINT_PER_MONTH: Readonly<Record<InterruptionBucket, number>> = {
  '<5%': 0.025,
  '5-10%': 0.075,
  '10-15%': 0.125,
  '15-20%': 0.175,
  '>20%': 0.25,
};

/** Column order of the compact catalog file (`src/catalog/<region>.json`), one array per type. */
export const COMPACT_COLUMNS = [
  'name',
  'family',
  'category',
  'generation',
  'size',
  'vcpu',
  'memoryMiB',
  'arch',
  'cpuManufacturer',
  'gpuCount',
  'gpuName',
  'gpuManufacturer',
  'gpuMemoryMiB',
  'neuronDevices',
  'eniMaxPods',
  'enis',
  'ipv4PerEni',
  'branchEnis',
  'networkBandwidthMbps',
  'hypervisor',
  'bareMetal',
  'onDemandPricePerHour',
  'spotSavingsPercent',
  'interruptionBucket',
] as const;

export type CompactValue = string | number | boolean | null;

/** The compact catalog file: a header naming its sources, the column order, and one row per type. */
export interface CompactCatalog {
  readonly format: 'fleetsim-catalog/1';
  readonly region: string;
  readonly description: string;
  readonly sources: readonly string[];
  readonly columns: readonly string[];
  readonly types: readonly (readonly CompactValue[])[];
}

export function toCompactRow(s: InstanceSpec): CompactValue[] {
  return COMPACT_COLUMNS.map((c) => {
    const v = s[c];
    return v === undefined ? null : v;
  });
}

/**
 * Decode a compact catalog. Trusted input (the embedded file or one written by the build script); a user's
 * file goes through `user-file.ts`, which checks every value.
 */
export function fromCompact(cat: CompactCatalog): InstanceSpec[] {
  const idx = COMPACT_COLUMNS.map((c) => cat.columns.indexOf(c));
  const out: InstanceSpec[] = new Array(cat.types.length);
  for (let r = 0; r < cat.types.length; r++) {
    const row = cat.types[r]!;
    const get = (k: number): CompactValue => (idx[k]! >= 0 ? (row[idx[k]!] ?? null) : null);
    const opt = (k: number): number | undefined => {
      const v = get(k);
      return v === null ? undefined : (v as number);
    };
    const bucket = get(23);
    const savings = opt(22);
    out[r] = {
      name: get(0) as string,
      family: get(1) as string,
      category: get(2) as string,
      generation: get(3) as number,
      size: get(4) as string,
      vcpu: get(5) as number,
      memoryMiB: get(6) as number,
      arch: get(7) as 'amd64' | 'arm64',
      cpuManufacturer: (get(8) as string | null) ?? '',
      gpuCount: (get(9) as number | null) ?? 0,
      gpuName: (get(10) as string | null) ?? '',
      gpuManufacturer: (get(11) as string | null) ?? '',
      gpuMemoryMiB: (get(12) as number | null) ?? 0,
      neuronDevices: (get(13) as number | null) ?? 0,
      eniMaxPods: get(14) as number,
      ...(opt(15) !== undefined ? { enis: opt(15) } : {}),
      ...(opt(16) !== undefined ? { ipv4PerEni: opt(16) } : {}),
      ...(opt(17) !== undefined ? { branchEnis: opt(17) } : {}),
      networkBandwidthMbps: (get(18) as number | null) ?? 0,
      hypervisor: (get(19) as string | null) ?? '',
      bareMetal: get(20) === true,
      onDemandPricePerHour: get(21) as number,
      ...(savings !== undefined ? { spotSavingsPercent: savings } : {}),
      ...(bucket !== null ? { interruptionBucket: bucket as InterruptionBucket } : {}),
    };
  }
  return out;
}
