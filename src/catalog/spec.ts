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
  const v: CompactValue[] = new Array(COMPACT_COLUMNS.length);
  for (let r = 0; r < cat.types.length; r++) {
    const row = cat.types[r]!;
    for (let k = 0; k < idx.length; k++) v[k] = idx[k]! >= 0 ? (row[idx[k]!] ?? null) : null;
    const spec: Mutable<InstanceSpec> = {
      name: v[0] as string,
      family: v[1] as string,
      category: v[2] as string,
      generation: v[3] as number,
      size: v[4] as string,
      vcpu: v[5] as number,
      memoryMiB: v[6] as number,
      arch: v[7] as 'amd64' | 'arm64',
      cpuManufacturer: (v[8] as string | null) ?? '',
      gpuCount: (v[9] as number | null) ?? 0,
      gpuName: (v[10] as string | null) ?? '',
      gpuManufacturer: (v[11] as string | null) ?? '',
      gpuMemoryMiB: (v[12] as number | null) ?? 0,
      neuronDevices: (v[13] as number | null) ?? 0,
      eniMaxPods: v[14] as number,
      networkBandwidthMbps: (v[18] as number | null) ?? 0,
      hypervisor: (v[19] as string | null) ?? '',
      bareMetal: v[20] === true,
      onDemandPricePerHour: v[21] as number,
    };
    if (v[15] !== null) spec.enis = v[15] as number;
    if (v[16] !== null) spec.ipv4PerEni = v[16] as number;
    if (v[17] !== null) spec.branchEnis = v[17] as number;
    if (v[22] !== null) spec.spotSavingsPercent = v[22] as number;
    if (v[23] !== null) spec.interruptionBucket = v[23] as InterruptionBucket;
    out[r] = spec;
  }
  return out;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
