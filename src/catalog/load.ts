import { readFileSync } from 'node:fs';
import type { InstanceType, Kubelet } from '../model/index.js';
import { InputError, nearest, type InputProblem } from '../scenario/errors.js';
import { allocatableOf, capacityOf, DEFAULT_ROOT_VOLUME_GIB, maxPods } from './allocatable.js';
import { wellKnownLabels } from './labels.js';
import { offeringsOf, onDemandPrice, type PriceOverride } from './offerings.js';
import { fromCompact, type CompactCatalog, type InstanceSpec } from './spec.js';
import { readUserCatalogFile } from './user-file.js';

export const DEFAULT_REGION = 'us-east-1';
export const DEFAULT_ZONES: readonly string[] = ['us-east-1a', 'us-east-1b', 'us-east-1c'];

export interface CatalogOptions {
  /** Region label value. Default us-east-1. */
  readonly region?: string;
  /** Zones to offer every type in. Default us-east-1a, b, c. */
  readonly zones?: readonly string[];
  /** Zones added to `zones`. */
  readonly extraZones?: readonly string[];
  /** Keep only these families (e.g. ["m5", "c6g"]). */
  readonly families?: readonly string[];
  /** Keep only these sizes (e.g. ["large", "xlarge"]). */
  readonly sizes?: readonly string[];
  /** Keep only these instance types. */
  readonly instanceTypes?: readonly string[];
  /** Per instance type price overrides. */
  readonly priceOverrides?: Readonly<Record<string, PriceOverride>>;
  /** A user's own catalog file (CSV or JSON, see src/catalog/README.md). */
  readonly file?: string;
  /** `replace` (default): the file is the whole catalog; `merge`: its types replace or extend the embedded ones. */
  readonly fileMode?: 'replace' | 'merge';
  /** Kubelet settings of the NodeClass (maxPods, podsPerCore, reserved resources, eviction). */
  readonly kubelet?: Kubelet;
  /** Root volume size, for ephemeral-storage capacity. Default 20 GiB. */
  readonly rootVolumeGiB?: number;
  /** Where the options came from, for error messages (e.g. the scenario file). */
  readonly source?: string;
  /** Path prefix of the options inside `source` (e.g. "cloud.catalog"). */
  readonly sourcePath?: string;
}

let embedded: { specs: readonly InstanceSpec[]; header: Omit<CompactCatalog, 'types'> } | undefined;

/** The embedded catalog, parsed once per process. */
export function embeddedCatalog(): { specs: readonly InstanceSpec[]; header: Omit<CompactCatalog, 'types'> } {
  if (!embedded) {
    const cat = JSON.parse(readFileSync(new URL('./us-east-1.json', import.meta.url), 'utf8')) as CompactCatalog;
    const { types, ...header } = cat;
    embedded = { specs: Object.freeze(fromCompact({ ...header, types })), header };
  }
  return embedded;
}

/** The specs selected by the options (file, merge, filters), in catalog order. Throws InputError on bad options. */
export function catalogSpecs(opts: CatalogOptions = {}): InstanceSpec[] {
  let specs: readonly InstanceSpec[] = embeddedCatalog().specs;
  if (opts.file) {
    const user = readUserCatalogFile(opts.file).specs;
    if (opts.fileMode === 'merge') {
      const byName = new Map(specs.map((s) => [s.name, s] as const));
      for (const s of user) byName.set(s.name, s);
      specs = [...byName.values()];
    } else {
      specs = user;
    }
  }
  const problems: InputProblem[] = [];
  const file = opts.source ?? 'catalog options';
  const path = (k: string): string => (opts.sourcePath ? `${opts.sourcePath}.${k}` : k);
  const check = (key: 'families' | 'sizes' | 'instanceTypes', values: readonly string[] | undefined, known: Set<string>): Set<string> | undefined => {
    if (!values) return undefined;
    values.forEach((v, i) => {
      if (!known.has(v)) {
        const hint = nearest(v, known);
        problems.push({ file, path: path(`${key}[${i}]`), message: `unknown ${key === 'instanceTypes' ? 'instance type' : key.slice(0, -1)} "${v}"${hint ? ` (did you mean "${hint}"?)` : ''}` });
      }
    });
    return new Set(values);
  };
  const families = check('families', opts.families, new Set(specs.map((s) => s.family)));
  const sizes = check('sizes', opts.sizes, new Set(specs.map((s) => s.size)));
  const names = check('instanceTypes', opts.instanceTypes, new Set(specs.map((s) => s.name)));
  const allNames = new Set(specs.map((s) => s.name));
  for (const [name, o] of Object.entries(opts.priceOverrides ?? {})) {
    if (!allNames.has(name)) {
      const hint = nearest(name, allNames);
      problems.push({ file, path: path(`priceOverrides.${name}`), message: `unknown instance type "${name}"${hint ? ` (did you mean "${hint}"?)` : ''}` });
    }
    for (const k of ['onDemandPricePerHour', 'spotPricePerHour'] as const) {
      const v = o[k];
      if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v >= 0)) {
        problems.push({ file, path: path(`priceOverrides.${name}.${k}`), message: `expected a price >= 0 (USD per hour), found ${String(v)}` });
      }
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  const out = specs.filter((s) => (!families || families.has(s.family)) && (!sizes || sizes.has(s.size)) && (!names || names.has(s.name)));
  if (out.length === 0) throw new InputError([{ file, path: path('families'), message: 'the catalog restrictions leave no instance type' }]);
  return out;
}

export interface BuildContext {
  readonly region: string;
  readonly zones: readonly string[];
  readonly kubelet: Kubelet;
  readonly rootVolumeGiB: number;
  readonly priceOverrides: Readonly<Record<string, PriceOverride>>;
}

export function buildContext(opts: CatalogOptions = {}): BuildContext {
  const zones = [...(opts.zones ?? DEFAULT_ZONES)];
  for (const z of opts.extraZones ?? []) if (!zones.includes(z)) zones.push(z);
  return {
    region: opts.region ?? DEFAULT_REGION,
    zones,
    kubelet: opts.kubelet ?? {},
    rootVolumeGiB: opts.rootVolumeGiB ?? DEFAULT_ROOT_VOLUME_GIB,
    priceOverrides: opts.priceOverrides ?? {},
  };
}

export function buildInstanceType(spec: InstanceSpec, ctx: BuildContext): InstanceType {
  const override = ctx.priceOverrides[spec.name];
  const capacity = capacityOf(spec, ctx.kubelet, ctx.rootVolumeGiB);
  return {
    name: spec.name,
    family: spec.family,
    category: spec.category,
    generation: spec.generation,
    size: spec.size,
    vcpu: spec.vcpu,
    memoryMiB: spec.memoryMiB,
    arch: spec.arch,
    ...(spec.gpuCount > 0 ? { gpu: { count: spec.gpuCount, name: spec.gpuName, manufacturer: spec.gpuManufacturer, memoryMiB: spec.gpuMemoryMiB } } : {}),
    networkBandwidthMbps: spec.networkBandwidthMbps,
    bareMetal: spec.bareMetal,
    eniMaxPods: spec.eniMaxPods,
    labels: wellKnownLabels(spec, ctx.region),
    capacity,
    allocatable: allocatableOf(capacity, ctx.kubelet),
    offerings: offeringsOf(spec, ctx.zones, override),
    onDemandPricePerHour: onDemandPrice(spec, override),
    ...(spec.spotSavingsPercent !== undefined ? { spotSavingsPercent: spec.spotSavingsPercent } : {}),
    ...(spec.interruptionBucket !== undefined ? { interruptionBucket: spec.interruptionBucket } : {}),
  };
}

const built = new Map<string, readonly InstanceType[]>();
const BUILT_CACHE_SIZE = 16;

/**
 * The instance types of the catalog with Karpenter's well-known labels, offerings per (zone × capacity
 * type) and allocatable under the given kubelet settings. The embedded data is parsed once and the types
 * built once per distinct options (not for a user file, which is read every time); each call returns
 * fresh type and offering objects (offerings carry a mutable `available` flag) sharing frozen labels,
 * capacity and allocatable.
 */
export function loadCatalog(opts: CatalogOptions = {}): InstanceType[] {
  const key = opts.file ? undefined : JSON.stringify(opts);
  let base = key !== undefined ? built.get(key) : undefined;
  if (!base) {
    const ctx = buildContext(opts);
    base = catalogSpecs(opts).map((s) => {
      const t = buildInstanceType(s, ctx);
      Object.freeze(t.labels);
      Object.freeze(t.capacity);
      Object.freeze(t.allocatable);
      return t;
    });
    if (key !== undefined) {
      if (built.size >= BUILT_CACHE_SIZE) built.delete(built.keys().next().value!);
      built.set(key, base);
    }
  }
  const out: InstanceType[] = new Array(base.length);
  for (let i = 0; i < base.length; i++) {
    const t = base[i]!;
    const offerings = new Array(t.offerings.length);
    for (let j = 0; j < offerings.length; j++) {
      const o = t.offerings[j]!;
      offerings[j] = { zone: o.zone, capacityType: o.capacityType, pricePerHour: o.pricePerHour, available: o.available };
    }
    out[i] = { ...t, offerings };
  }
  return out;
}

/**
 * The same instance type under other kubelet settings (a NodeClass's maxPods, podsPerCore, reserved
 * resources, eviction threshold) and root volume: capacity pods and allocatable recomputed, the rest shared.
 */
export function withKubelet(it: InstanceType, kubelet: Kubelet, rootVolumeGiB = DEFAULT_ROOT_VOLUME_GIB): InstanceType {
  const capacity = { ...it.capacity, pods: maxPods(it, kubelet), ephemeralMiB: rootVolumeGiB * 1024 };
  return { ...it, capacity, allocatable: allocatableOf(capacity, kubelet) };
}
