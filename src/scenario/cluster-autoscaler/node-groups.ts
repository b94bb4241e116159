import { LabelKeys, type CapacityType, type NodeGroupSpec, type Taint } from '../../model/index.js';
import { InputError, nearest } from '../errors.js';
import { isObj, type Obj, type Path, type Reader } from '../karpenter/reader.js';
import { readLabels, readTaints } from '../karpenter/template-fields.js';
import { applyCaTags, readTagList } from './asg-tags.js';
import { caReader, type CaSource } from './options.js';

export interface NodeGroupOptions {
  /** Zones of groups that name none (the scenario's zones); with `zones` given, other zones are errors. */
  readonly zones?: readonly string[];
  /** Instance-type names of the catalog; unknown names are errors with a did-you-mean hint. */
  readonly knownInstanceTypes?: Iterable<string>;
}

const ASG_FIELDS = [
  'name', 'minSize', 'maxSize', 'desiredCapacity', 'instanceType', 'mixedInstancesPolicy', 'capacityType',
  'availabilityZones', 'labels', 'taints', 'tags',
  // recorded, no effect in simulation
  'launchTemplate', 'launchConfigurationName', 'vpcZoneIdentifier', 'defaultCooldown', 'healthCheckType', 'healthCheckGracePeriod',
];
const MIXED_FIELDS = ['overrides', 'launchTemplate', 'instancesDistribution'];
const DISTRIBUTION_FIELDS = ['onDemandAllocationStrategy', 'onDemandBaseCapacity', 'onDemandPercentageAboveBaseCapacity', 'spotAllocationStrategy', 'spotInstancePools', 'spotMaxPrice'];
const SPOT_STRATEGIES = ['lowest-price', 'capacity-optimized', 'capacity-optimized-prioritized', 'price-capacity-optimized'];
const EKS_FIELDS = [
  'name', 'nodegroupName', 'scalingConfig', 'instanceTypes', 'capacityType', 'labels', 'taints', 'availabilityZones', 'tags',
  // recorded, no effect in simulation
  'subnets', 'amiType', 'diskSize', 'releaseVersion', 'version', 'launchTemplate', 'nodeRole', 'remoteAccess', 'updateConfig', 'nodeRepairConfig', 'clusterName',
];
const EKS_EFFECTS: Record<string, Taint['effect']> = { NO_SCHEDULE: 'NoSchedule', NO_EXECUTE: 'NoExecute', PREFER_NO_SCHEDULE: 'PreferNoSchedule' };

interface Ctx {
  readonly r: Reader;
  readonly opts: NodeGroupOptions;
  readonly known?: ReadonlySet<string>;
  readonly warn: (path: Path, message: string) => void;
}

/**
 * Node groups in CA/AWS vocabulary → NodeGroupSpecs. Each item is an Auto Scaling group (`name`,
 * `minSize`, `maxSize`, `desiredCapacity`, `instanceType` or `mixedInstancesPolicy`, `availabilityZones`,
 * labels/taints as fields or as `k8s.io/cluster-autoscaler/node-template/...` tags), or an EKS managed node
 * group (recognised by `scalingConfig`; `instanceTypes`, `capacityType` ON_DEMAND|SPOT, labels, taints with
 * NO_SCHEDULE-style effects, zones given as `availabilityZones`), which gets the labels
 * `eks.amazonaws.com/nodegroup` and `eks.amazonaws.com/capacityType`. Throws an InputError with every problem.
 */
export function parseNodeGroups(values: unknown, src: CaSource, opts: NodeGroupOptions = {}): { nodeGroups: NodeGroupSpec[]; warnings: string[] } {
  const r = caReader(src);
  const warnings: string[] = [];
  const ctx: Ctx = { r, opts, ...(opts.knownInstanceTypes ? { known: new Set(opts.knownInstanceTypes) } : {}), warn: (p, m) => void warnings.push(`${r.where(p)}: ${m}`) };
  const list = r.list(values, []) ?? [];
  const out: NodeGroupSpec[] = [];
  const names = new Map<string, Path>();
  list.forEach((item, i) => {
    const nameKey = isObj(item) && item.nodegroupName !== undefined ? 'nodegroupName' : 'name';
    const name = isObj(item) ? item[nameKey] : undefined;
    if (typeof name === 'string') {
      const first = names.get(name);
      if (first) r.problem([i, nameKey], `duplicate node group ${JSON.stringify(name)} (also at ${r.where(first)})`);
      else names.set(name, [i, nameKey]);
    }
    const g = isObj(item) && (item.scalingConfig !== undefined || item.nodegroupName !== undefined) ? readManagedNodeGroup(ctx, item, [i]) : readAsg(ctx, item, [i]);
    if (g) out.push(g);
  });
  if (r.problems.length > 0) throw new InputError(r.problems);
  return { nodeGroups: out, warnings };
}

function readSizes(ctx: Ctx, obj: Obj, path: Path, keys: { min: string; max: string; desired: string }): { min: number; max: number; desired: number } | undefined {
  const { r } = ctx;
  const maxRaw = r.required(obj, keys.max, path, 'the largest number of nodes');
  const min = obj[keys.min] === undefined ? 0 : r.int(obj[keys.min], [...path, keys.min], { min: 0 });
  const max = maxRaw === undefined ? undefined : r.int(maxRaw, [...path, keys.max], { min: 0 });
  const desired = obj[keys.desired] === undefined ? min : r.int(obj[keys.desired], [...path, keys.desired], { min: 0 });
  if (min === undefined || max === undefined || desired === undefined) return undefined;
  if (max < min) return r.problem([...path, keys.max], `${keys.max} (${max}) must be at least ${keys.min} (${min})`);
  if (desired < min || desired > max) return r.problem([...path, keys.desired], `${keys.desired} (${desired}) must be between ${keys.min} (${min}) and ${keys.max} (${max})`);
  return { min, max, desired };
}

function readInstanceType(ctx: Ctx, value: unknown, path: Path): string | undefined {
  const name = ctx.r.string(value, path, { nonEmpty: true });
  if (name === undefined || !ctx.known || ctx.known.has(name)) return name;
  const hint = nearest(name, ctx.known);
  return ctx.r.problem(path, `unknown instance type ${JSON.stringify(name)}${hint ? ` (did you mean "${hint}"?)` : ''}`);
}

function readZones(ctx: Ctx, value: unknown, path: Path, at: Path): string[] | undefined {
  const { r, opts } = ctx;
  if (value === undefined) {
    if (opts.zones && opts.zones.length > 0) return [...opts.zones];
    return r.problem(at, 'required field "availabilityZones" is missing (expected a list of zones such as ["us-east-1a"])');
  }
  const zones = r.stringList(value, path);
  if (!zones) return undefined;
  if (zones.length === 0) return r.problem(path, 'expected at least one zone');
  let ok = true;
  zones.forEach((z, i) => {
    if (opts.zones && opts.zones.length > 0 && !opts.zones.includes(z)) {
      const hint = nearest(z, opts.zones);
      ok = r.problem([...path, i], `zone ${JSON.stringify(z)} is not one of the scenario's zones (${opts.zones.join(', ')})${hint ? ` (did you mean "${hint}"?)` : ''}`) ?? false;
    }
  });
  return ok ? zones : undefined;
}

function readAsg(ctx: Ctx, item: unknown, path: Path): NodeGroupSpec | undefined {
  const { r } = ctx;
  const obj = r.object(item, path, ASG_FIELDS);
  if (!obj) return undefined;
  const before = r.problems.length;
  const rawName = r.required(obj, 'name', path, 'the Auto Scaling group name');
  const name = rawName === undefined ? undefined : r.string(rawName, [...path, 'name'], { nonEmpty: true });
  const sizes = readSizes(ctx, obj, path, { min: 'minSize', max: 'maxSize', desired: 'desiredCapacity' });
  let instanceTypes: string[] | undefined;
  let capacityType: CapacityType = 'on-demand';
  if (obj.instanceType !== undefined && obj.mixedInstancesPolicy !== undefined) {
    r.problem(path, 'set one of "instanceType" and "mixedInstancesPolicy", found both');
  } else if (obj.instanceType !== undefined) {
    const t = readInstanceType(ctx, obj.instanceType, [...path, 'instanceType']);
    if (t) instanceTypes = [t];
    if (obj.capacityType !== undefined) capacityType = r.oneOf(obj.capacityType, [...path, 'capacityType'], ['on-demand', 'spot'] as const) ?? capacityType;
  } else if (obj.mixedInstancesPolicy !== undefined) {
    const mixed = readMixed(ctx, obj.mixedInstancesPolicy, [...path, 'mixedInstancesPolicy']);
    if (mixed) ({ instanceTypes, capacityType } = mixed);
    if (obj.capacityType !== undefined) r.problem([...path, 'capacityType'], 'with a mixedInstancesPolicy, the capacity type comes from instancesDistribution.onDemandPercentageAboveBaseCapacity');
  } else {
    r.problem(path, 'expected "instanceType" or "mixedInstancesPolicy", found neither');
  }
  const zones = readZones(ctx, obj.availabilityZones, [...path, 'availabilityZones'], path);
  const labels = { ...(obj.labels === undefined ? {} : (readLabels(r, obj.labels, [...path, 'labels']) ?? {})) };
  const taints = obj.taints === undefined ? [] : (readTaints(r, obj.taints, [...path, 'taints']) ?? []);
  let overrides: Pick<NodeGroupSpec, 'scaleDownUtilizationThreshold' | 'scaleDownUnneededSeconds'> = {};
  if (obj.tags !== undefined) {
    const tagsPath = [...path, 'tags'];
    const tags = readTagList(r, obj.tags, tagsPath);
    if (tags) {
      const keys = Array.isArray(obj.tags) ? obj.tags.map((t) => (isObj(t) ? t.key : undefined)) : [];
      const where = (k: string): Path => (Array.isArray(obj.tags) ? [...tagsPath, Math.max(0, keys.indexOf(k)), 'value'] : [...tagsPath, k]);
      const fx = applyCaTags(r, tags, where, ctx.warn);
      for (const [k, v] of Object.entries(fx.labels)) {
        if (labels[k] !== undefined && labels[k] !== v) r.problem(where(`k8s.io/cluster-autoscaler/node-template/label/${k}`), `label "${k}" is "${labels[k]}" in labels and "${v}" in tags`);
        labels[k] = v;
      }
      taints.push(...fx.taints.filter((t) => !taints.some((u) => u.key === t.key && u.effect === t.effect)));
      overrides = {
        ...(fx.scaleDownUtilizationThreshold !== undefined ? { scaleDownUtilizationThreshold: fx.scaleDownUtilizationThreshold } : {}),
        ...(fx.scaleDownUnneededSeconds !== undefined ? { scaleDownUnneededSeconds: fx.scaleDownUnneededSeconds } : {}),
      };
    }
  }
  if (name === undefined || !sizes || !instanceTypes || !zones || r.problems.length > before) return undefined;
  return { name, minSize: sizes.min, maxSize: sizes.max, desiredCapacity: sizes.desired, instanceTypes, zones, capacityType, labels, taints, ...overrides };
}

/** A mixed-instances policy: the overrides in order (the first is CA's template type) and an all-spot or all-on-demand split. */
function readMixed(ctx: Ctx, value: unknown, path: Path): { instanceTypes: string[]; capacityType: CapacityType } | undefined {
  const { r } = ctx;
  const mixed = r.object(value, path, MIXED_FIELDS);
  if (!mixed) return undefined;
  let overridesPath: Path = [...path, 'overrides'];
  let overrides = mixed.overrides;
  if (overrides === undefined && isObj(mixed.launchTemplate)) {
    r.unknownFields(mixed.launchTemplate, [...path, 'launchTemplate'], ['launchTemplateSpecification', 'overrides']);
    overrides = mixed.launchTemplate.overrides;
    overridesPath = [...path, 'launchTemplate', 'overrides'];
  }
  if (overrides === undefined) return r.problem(path, 'required field "overrides" is missing (expected a list such as [{instanceType: m5.large}, {instanceType: m5a.large}])');
  const list = r.list(overrides, overridesPath);
  if (!list) return undefined;
  if (list.length === 0) return r.problem(overridesPath, 'expected at least one override');
  const types: string[] = [];
  list.forEach((o, i) => {
    const p = [...overridesPath, i];
    const ov = r.object(o, p, ['instanceType', 'weightedCapacity', 'launchTemplateSpecification', 'instanceRequirements']);
    if (!ov) return;
    if (ov.instanceRequirements !== undefined) r.problem([...p, 'instanceRequirements'], 'attribute-based instance selection is not simulated; list instance types instead');
    if (ov.weightedCapacity !== undefined && String(ov.weightedCapacity) !== '1') {
      ctx.warn([...p, 'weightedCapacity'], 'the Cluster Autoscaler ignores instance weights (desired capacity counts nodes); weightedCapacity ignored');
    }
    const t = ov.instanceType === undefined ? r.required(ov, 'instanceType', p, 'an instance type such as "m5.large"') : readInstanceType(ctx, ov.instanceType, [...p, 'instanceType']);
    if (typeof t === 'string') types.push(t);
  });
  let capacityType: CapacityType = 'on-demand';
  if (mixed.instancesDistribution !== undefined) {
    const dp = [...path, 'instancesDistribution'];
    const d = r.object(mixed.instancesDistribution, dp, DISTRIBUTION_FIELDS);
    if (!d) return undefined;
    const pct = d.onDemandPercentageAboveBaseCapacity === undefined ? 100 : r.int(d.onDemandPercentageAboveBaseCapacity, [...dp, 'onDemandPercentageAboveBaseCapacity'], { min: 0, max: 100 });
    const base = d.onDemandBaseCapacity === undefined ? 0 : r.int(d.onDemandBaseCapacity, [...dp, 'onDemandBaseCapacity'], { min: 0 });
    if (d.spotAllocationStrategy !== undefined) r.oneOf(d.spotAllocationStrategy, [...dp, 'spotAllocationStrategy'], SPOT_STRATEGIES);
    if (pct === undefined || base === undefined) return undefined;
    if (pct === 0 && base === 0) capacityType = 'spot';
    else if (pct !== 100) {
      return r.problem(
        [...dp, 'onDemandPercentageAboveBaseCapacity'],
        `fleetsim models a node group as all spot (0, with onDemandBaseCapacity 0) or all on-demand (100), found ${pct}${base ? ` with onDemandBaseCapacity ${base}` : ''}; split it into a spot group and an on-demand group`,
      );
    }
  }
  return types.length === list.length ? { instanceTypes: types, capacityType } : undefined;
}

function readManagedNodeGroup(ctx: Ctx, item: Obj, path: Path): NodeGroupSpec | undefined {
  const { r } = ctx;
  r.unknownFields(item, path, EKS_FIELDS);
  const before = r.problems.length;
  if (item.name !== undefined && item.nodegroupName !== undefined) r.problem(path, 'set one of "name" and "nodegroupName", found both');
  const nameKey = item.nodegroupName !== undefined ? 'nodegroupName' : 'name';
  const rawName = r.required(item, nameKey, path, 'the managed node group name');
  const name = rawName === undefined ? undefined : r.string(rawName, [...path, nameKey], { nonEmpty: true });
  const scaling = item.scalingConfig === undefined ? r.required(item, 'scalingConfig', path, 'minSize, maxSize and desiredSize') : r.object(item.scalingConfig, [...path, 'scalingConfig'], ['minSize', 'maxSize', 'desiredSize']);
  const sizes = isObj(scaling) ? readSizes(ctx, scaling, [...path, 'scalingConfig'], { min: 'minSize', max: 'maxSize', desired: 'desiredSize' }) : undefined;
  let instanceTypes: string[] | undefined = ['t3.medium'];
  if (item.instanceTypes === undefined) ctx.warn(path, `managed node group ${JSON.stringify(name ?? '?')}: no instanceTypes; EKS defaults to t3.medium`);
  else {
    const list = r.list(item.instanceTypes, [...path, 'instanceTypes']);
    const types = list?.map((t, i) => readInstanceType(ctx, t, [...path, 'instanceTypes', i]));
    instanceTypes = types && types.length > 0 && types.every((t) => t !== undefined) ? (types as string[]) : undefined;
    if (list && list.length === 0) r.problem([...path, 'instanceTypes'], 'expected at least one instance type');
  }
  const eksCapacity = item.capacityType === undefined ? 'ON_DEMAND' : r.oneOf(item.capacityType, [...path, 'capacityType'], ['ON_DEMAND', 'SPOT'] as const);
  const zones = readZones(ctx, item.availabilityZones, [...path, 'availabilityZones'], path);
  if (item.subnets !== undefined && item.availabilityZones === undefined) {
    ctx.warn([...path, 'subnets'], 'subnets carry no zone in fleetsim; give the zones as "availabilityZones" (using the scenario\'s zones)');
  }
  const labels: Record<string, string> = { ...(item.labels === undefined ? {} : (readLabels(r, item.labels, [...path, 'labels']) ?? {})) };
  const taints: Taint[] = [];
  if (item.taints !== undefined) {
    (r.list(item.taints, [...path, 'taints']) ?? []).forEach((t, i) => {
      const p = [...path, 'taints', i];
      const eff = isObj(t) ? t.effect : undefined;
      if (typeof eff === 'string' && EKS_EFFECTS[eff]) {
        const [taint] = readTaints(r, [{ ...(t as Obj), effect: EKS_EFFECTS[eff] }], p) ?? [];
        if (taint) taints.push(taint);
      } else if (isObj(t)) r.oneOf(eff, [...p, 'effect'], Object.keys(EKS_EFFECTS));
      else r.expected(p, 'a taint {key, value, effect}', t);
    });
  }
  if (item.tags !== undefined) readTagList(r, item.tags, [...path, 'tags']);
  if (name === undefined || !sizes || !instanceTypes || !eksCapacity || !zones || r.problems.length > before) return undefined;
  labels[LabelKeys.eksNodeGroup] = name;
  labels[LabelKeys.eksCapacityType] = eksCapacity;
  const capacityType: CapacityType = eksCapacity === 'SPOT' ? 'spot' : 'on-demand';
  return { name, minSize: sizes.min, maxSize: sizes.max, desiredCapacity: sizes.desired, instanceTypes, zones, capacityType, labels, taints };
}
