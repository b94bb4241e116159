import type { DisruptionBudget, Labels, NodePool, Requirement, Taint } from '../../model/index.js';
import { DEFAULT_BUDGETS, readBudgets } from './budgets.js';
import type { PoolDraft, Warn } from './drafts.js';
import { readKarpenterDuration } from './duration.js';
import type { Obj, Path, Reader } from './reader.js';
import { readLimits } from './resources.js';
import { readLabels, readName, readRequirements, readTaints } from './template-fields.js';

/** Karpenter v1 defaults (core `pkg/apis/v1/nodepool.go`). */
export const NODEPOOL_DEFAULTS = {
  consolidationPolicy: 'WhenEmptyOrUnderutilized',
  consolidateAfterSeconds: 0,
  budgets: DEFAULT_BUDGETS,
  expireAfterSeconds: 720 * 3600,
  weight: 0,
} as const;

export const OBJECT_FIELDS = ['apiVersion', 'kind', 'metadata', 'spec', 'status'];
const SPEC_FIELDS = ['template', 'disruption', 'limits', 'weight', 'replicas'];
const TEMPLATE_FIELDS = ['metadata', 'spec'];
const TEMPLATE_META_FIELDS = ['labels', 'annotations'];
const TEMPLATE_SPEC_FIELDS = ['taints', 'startupTaints', 'requirements', 'nodeClassRef', 'expireAfter', 'terminationGracePeriod'];
const DISRUPTION_FIELDS = ['consolidationPolicy', 'consolidateAfter', 'budgets'];
const CONSOLIDATION_POLICIES = ['WhenEmpty', 'WhenEmptyOrUnderutilized'] as const;

/** Pieces common to every API version, read by the version-specific readers. */
export interface TemplateParts {
  labels: Labels;
  taints: Taint[];
  startupTaints: Taint[];
  requirements: Requirement[];
}

export function readTemplateParts(r: Reader, meta: Obj | undefined, spec: Obj, metaPath: Path, specPath: Path): TemplateParts {
  return {
    labels: meta?.labels === undefined ? {} : (readLabels(r, meta.labels, [...metaPath, 'labels']) ?? {}),
    taints: spec.taints === undefined ? [] : (readTaints(r, spec.taints, [...specPath, 'taints']) ?? []),
    startupTaints: spec.startupTaints === undefined ? [] : (readTaints(r, spec.startupTaints, [...specPath, 'startupTaints']) ?? []),
    requirements: spec.requirements === undefined ? [] : (readRequirements(r, spec.requirements, [...specPath, 'requirements']) ?? []),
  };
}

export function readWeight(r: Reader, value: unknown, path: Path): number {
  if (value === undefined) return NODEPOOL_DEFAULTS.weight;
  return r.int(value, path, { min: 1, max: 100 }) ?? NODEPOOL_DEFAULTS.weight;
}

/** `karpenter.sh/v1` NodePool → the model, with Karpenter v1's defaults applied. */
export function readNodePoolV1(r: Reader, doc: Obj, path: Path, warn: Warn): PoolDraft | undefined {
  const name = readName(r, doc, path);
  const label = `karpenter.sh/v1 NodePool ${JSON.stringify(name ?? '?')}`;
  const specPath = [...path, 'spec'];
  const spec = r.object(doc.spec ?? {}, specPath, SPEC_FIELDS);
  if (!spec) return undefined;
  if (spec.replicas !== undefined) warn([...specPath, 'replicas'], `${label}: spec.replicas (a static NodePool) is not simulated; the pool is treated as dynamic`);
  const tPath = [...specPath, 'template'];
  const template = r.object(spec.template ?? {}, tPath, TEMPLATE_FIELDS);
  const meta = template?.metadata === undefined ? undefined : r.object(template.metadata, [...tPath, 'metadata'], TEMPLATE_META_FIELDS);
  const tsPath = [...tPath, 'spec'];
  const tspec = template ? r.object(template.spec ?? {}, tsPath, TEMPLATE_SPEC_FIELDS) : undefined;
  if (!tspec) return undefined;
  const parts = readTemplateParts(r, meta, tspec, [...tPath, 'metadata'], tsPath);

  const refPath = [...tsPath, 'nodeClassRef'];
  const classRef = tspec.nodeClassRef === undefined ? r.required(tspec, 'nodeClassRef', tsPath, 'group, kind and name of an EC2NodeClass') : tspec.nodeClassRef;
  const className = classRef === undefined ? undefined : readNodeClassRefV1(r, classRef, refPath);

  const expire = tspec.expireAfter === undefined ? NODEPOOL_DEFAULTS.expireAfterSeconds : readKarpenterDuration(r, tspec.expireAfter, [...tsPath, 'expireAfter'], true);
  const grace = tspec.terminationGracePeriod === undefined ? null : readKarpenterDuration(r, tspec.terminationGracePeriod, [...tsPath, 'terminationGracePeriod'], false);

  const dPath = [...specPath, 'disruption'];
  const disruption = spec.disruption === undefined ? {} : r.object(spec.disruption, dPath, DISRUPTION_FIELDS);
  const policy = disruption?.consolidationPolicy === undefined ? NODEPOOL_DEFAULTS.consolidationPolicy : r.oneOf(disruption.consolidationPolicy, [...dPath, 'consolidationPolicy'], CONSOLIDATION_POLICIES);
  const after = disruption?.consolidateAfter === undefined ? NODEPOOL_DEFAULTS.consolidateAfterSeconds : readKarpenterDuration(r, disruption.consolidateAfter, [...dPath, 'consolidateAfter'], true);
  const budgets = disruption?.budgets === undefined ? DEFAULT_BUDGETS : readBudgets(r, disruption.budgets, [...dPath, 'budgets']);
  const limits = spec.limits === undefined ? {} : readLimits(r, spec.limits, [...specPath, 'limits']);
  const weight = readWeight(r, spec.weight, [...specPath, 'weight']);

  // With a name and a class reference the draft is kept even when other fields failed (their problems are
  // recorded and the whole parse throws), so a missing class is reported in the same pass.
  if (name === undefined || className === undefined) return undefined;
  return {
    pool: assemblePool({
      name,
      weight,
      parts,
      nodeClassName: className,
      expire: expire === undefined ? NODEPOOL_DEFAULTS.expireAfterSeconds : expire,
      grace: grace ?? null,
      policy: policy ?? NODEPOOL_DEFAULTS.consolidationPolicy,
      after: after === undefined ? NODEPOOL_DEFAULTS.consolidateAfterSeconds : after,
      budgets: budgets ?? DEFAULT_BUDGETS,
      limits: limits ?? {},
    }),
    classRefPath: refPath,
    label,
    path,
  };
}

/** v1 nodeClassRef: group karpenter.k8s.aws, kind EC2NodeClass, a name. */
function readNodeClassRefV1(r: Reader, value: unknown, path: Path): string | undefined {
  const ref = r.object(value, path, ['group', 'kind', 'name']);
  if (!ref) return undefined;
  const group = r.required(ref, 'group', path, '"karpenter.k8s.aws"');
  const kind = r.required(ref, 'kind', path, '"EC2NodeClass"');
  const name = r.required(ref, 'name', path, 'the name of an EC2NodeClass');
  let ok = true;
  if (group !== undefined && group !== 'karpenter.k8s.aws') ok = r.expected([...path, 'group'], '"karpenter.k8s.aws" (fleetsim simulates AWS)', group) ?? false;
  if (kind !== undefined && kind !== 'EC2NodeClass') ok = r.expected([...path, 'kind'], '"EC2NodeClass"', kind) ?? false;
  const text = name === undefined ? undefined : r.string(name, [...path, 'name'], { nonEmpty: true });
  return ok ? text : undefined;
}

export interface PoolPieces {
  name: string;
  weight: number;
  parts: TemplateParts;
  nodeClassName: string;
  /** null = Never */
  expire: number | null;
  /** null = unset (wait forever) */
  grace: number | null;
  policy: NodePool['disruption']['consolidationPolicy'];
  /** null = Never */
  after: number | null;
  budgets: readonly DisruptionBudget[];
  limits: NodePool['limits'];
}

export function assemblePool(p: PoolPieces): NodePool {
  return {
    name: p.name,
    weight: p.weight,
    labels: p.parts.labels,
    taints: p.parts.taints,
    startupTaints: p.parts.startupTaints,
    requirements: p.parts.requirements,
    nodeClassName: p.nodeClassName,
    ...(p.expire !== null ? { expireAfterSeconds: p.expire } : {}),
    ...(p.grace !== null ? { terminationGracePeriodSeconds: p.grace } : {}),
    disruption: {
      consolidationPolicy: p.policy,
      ...(p.after !== null ? { consolidateAfterSeconds: p.after } : {}),
      budgets: p.budgets,
    },
    limits: p.limits,
  };
}
