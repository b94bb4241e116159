import { DEFAULT_BUDGETS, readBudgets } from './budgets.js';
import type { PoolDraft, Warn } from './drafts.js';
import { readKarpenterDuration } from './duration.js';
import { readKubelet } from './kubelet.js';
import { NODEPOOL_DEFAULTS, assemblePool, readTemplateParts, readWeight } from './nodepool-v1.js';
import type { Obj, Path, Reader } from './reader.js';
import { readLimits } from './resources.js';
import { readName } from './template-fields.js';

const SPEC_FIELDS = ['template', 'disruption', 'limits', 'weight'];
const TEMPLATE_FIELDS = ['metadata', 'spec'];
const TEMPLATE_META_FIELDS = ['labels', 'annotations'];
const TEMPLATE_SPEC_FIELDS = ['nodeClassRef', 'taints', 'startupTaints', 'requirements', 'kubelet', 'resources'];
const DISRUPTION_FIELDS = ['consolidationPolicy', 'consolidateAfter', 'expireAfter', 'budgets'];

/**
 * `karpenter.sh/v1beta1` NodePool → the v1 model, warning for each change Karpenter v1 made:
 * WhenUnderutilized → WhenEmptyOrUnderutilized (consolidateAfter 0s), disruption.expireAfter →
 * template.spec.expireAfter, template.spec.kubelet → the EC2NodeClass, nodeClassRef.apiVersion → group.
 */
export function readNodePoolV1beta1(r: Reader, doc: Obj, path: Path, warn: Warn): PoolDraft | undefined {
  const name = readName(r, doc, path);
  const label = `karpenter.sh/v1beta1 NodePool ${JSON.stringify(name ?? '?')}`;
  const changes: [Path, string][] = [];
  const specPath = [...path, 'spec'];
  const spec = r.object(doc.spec ?? {}, specPath, SPEC_FIELDS);
  if (!spec) return undefined;
  const tPath = [...specPath, 'template'];
  const template = r.object(spec.template ?? {}, tPath, TEMPLATE_FIELDS);
  const meta = template?.metadata === undefined ? undefined : r.object(template.metadata, [...tPath, 'metadata'], TEMPLATE_META_FIELDS);
  const tsPath = [...tPath, 'spec'];
  const tspec = template ? r.object(template.spec ?? {}, tsPath, TEMPLATE_SPEC_FIELDS) : undefined;
  if (!tspec) return undefined;
  const parts = readTemplateParts(r, meta, tspec, [...tPath, 'metadata'], tsPath);

  const refPath = [...tsPath, 'nodeClassRef'];
  let className: string | undefined;
  const rawRef = tspec.nodeClassRef === undefined ? r.required(tspec, 'nodeClassRef', tsPath, 'the name of an EC2NodeClass') : tspec.nodeClassRef;
  const ref = rawRef === undefined ? undefined : r.object(rawRef, refPath, ['apiVersion', 'kind', 'name']);
  if (ref) {
    const n = r.required(ref, 'name', refPath, 'the name of an EC2NodeClass');
    className = n === undefined ? undefined : r.string(n, [...refPath, 'name'], { nonEmpty: true });
    if (ref.kind !== undefined && ref.kind !== 'EC2NodeClass') r.expected([...refPath, 'kind'], '"EC2NodeClass"', ref.kind);
    if (ref.apiVersion !== undefined) {
      if (typeof ref.apiVersion !== 'string' || !ref.apiVersion.startsWith('karpenter.k8s.aws/')) r.expected([...refPath, 'apiVersion'], '"karpenter.k8s.aws/v1beta1"', ref.apiVersion);
      else changes.push([[...refPath, 'apiVersion'], `nodeClassRef.apiVersion ${ref.apiVersion} is nodeClassRef.group karpenter.k8s.aws in v1`]);
    }
  }

  let kubelet: PoolDraft['kubelet'];
  if (tspec.kubelet !== undefined) {
    const k = readKubelet(r, tspec.kubelet, [...tsPath, 'kubelet']);
    if (k) kubelet = { ...k, path: [...tsPath, 'kubelet'] };
    changes.push([[...tsPath, 'kubelet'], `spec.template.spec.kubelet moved to EC2NodeClass ${JSON.stringify(className ?? '?')} spec.kubelet in v1`]);
  }
  if (tspec.resources !== undefined) warn([...tsPath, 'resources'], `${label}: spec.template.spec.resources is ignored (removed in v1)`);

  const dPath = [...specPath, 'disruption'];
  const disruption = spec.disruption === undefined ? {} : r.object(spec.disruption, dPath, DISRUPTION_FIELDS);
  const rawPolicy = disruption?.consolidationPolicy === undefined ? 'WhenUnderutilized' : r.oneOf(disruption.consolidationPolicy, [...dPath, 'consolidationPolicy'], ['WhenUnderutilized', 'WhenEmpty']);
  let after: number | null | undefined = NODEPOOL_DEFAULTS.consolidateAfterSeconds;
  if (rawPolicy === 'WhenUnderutilized') {
    if (disruption?.consolidateAfter !== undefined) {
      after = r.problem([...dPath, 'consolidateAfter'], 'consolidateAfter cannot be combined with consolidationPolicy WhenUnderutilized in karpenter.sh/v1beta1');
    }
    if (disruption?.consolidationPolicy !== undefined) {
      changes.push([[...dPath, 'consolidationPolicy'], 'consolidationPolicy WhenUnderutilized is WhenEmptyOrUnderutilized with consolidateAfter 0s in v1']);
    }
  } else if (rawPolicy === 'WhenEmpty') {
    if (disruption?.consolidateAfter === undefined) after = r.problem(dPath, 'consolidateAfter must be set with consolidationPolicy WhenEmpty in karpenter.sh/v1beta1');
    else after = readKarpenterDuration(r, disruption.consolidateAfter, [...dPath, 'consolidateAfter'], true);
  }
  let expire: number | null | undefined = NODEPOOL_DEFAULTS.expireAfterSeconds;
  if (disruption?.expireAfter !== undefined) {
    expire = readKarpenterDuration(r, disruption.expireAfter, [...dPath, 'expireAfter'], true);
    changes.push([[...dPath, 'expireAfter'], 'spec.disruption.expireAfter moved to spec.template.spec.expireAfter in v1']);
  }
  const budgets = disruption?.budgets === undefined ? DEFAULT_BUDGETS : readBudgets(r, disruption.budgets, [...dPath, 'budgets']);
  const limits = spec.limits === undefined ? {} : readLimits(r, spec.limits, [...specPath, 'limits']);
  const weight = readWeight(r, spec.weight, [...specPath, 'weight']);

  if (changes.length === 0) changes.push([path, 'converted to karpenter.sh/v1 (no field changed)']);
  for (const [p, text] of changes) warn(p, `${label}: ${text}`);
  // Kept with a name and a class reference even when other fields failed (see readNodePoolV1).
  if (name === undefined || className === undefined) return undefined;
  const policy = rawPolicy === 'WhenEmpty' ? 'WhenEmpty' : 'WhenEmptyOrUnderutilized';
  return {
    pool: assemblePool({
      name,
      weight,
      parts,
      nodeClassName: className,
      expire: expire === undefined ? NODEPOOL_DEFAULTS.expireAfterSeconds : expire,
      grace: null,
      policy,
      after: after === undefined ? NODEPOOL_DEFAULTS.consolidateAfterSeconds : after,
      budgets: budgets ?? DEFAULT_BUDGETS,
      limits: limits ?? {},
    }),
    classRefPath: refPath,
    ...(kubelet ? { kubelet } : {}),
    label,
    path,
  };
}
