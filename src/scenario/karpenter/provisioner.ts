import { LabelKeys, type Requirement } from '../../model/index.js';
import { readLegacyNodeTemplate } from './aws-node-template.js';
import { DEFAULT_BUDGETS } from './budgets.js';
import type { PoolDraft, Warn } from './drafts.js';
import { formatKarpenterDuration } from './duration.js';
import { readKubelet } from './kubelet.js';
import { assemblePool, readTemplateParts, readWeight } from './nodepool-v1.js';
import { isObj, type Obj, type Path, type Reader } from './reader.js';
import { readLimits } from './resources.js';
import { readName } from './template-fields.js';

const SPEC_FIELDS = [
  'annotations',
  'labels',
  'taints',
  'startupTaints',
  'requirements',
  'kubeletConfiguration',
  'provider',
  'providerRef',
  'ttlSecondsAfterEmpty',
  'ttlSecondsUntilExpired',
  'consolidation',
  'limits',
  'weight',
  // pre-v0.5 Provisioner fields, converted to requirements
  'instanceTypes',
  'zones',
  'architecture',
];
const LEGACY_LISTS: Record<string, string> = { instanceTypes: LabelKeys.instanceType, zones: LabelKeys.zone, architecture: LabelKeys.arch };

/**
 * `karpenter.sh/v1alpha5` Provisioner → a v1 NodePool, warning for each change:
 * ttlSecondsAfterEmpty N → WhenEmpty + consolidateAfter Ns; consolidation.enabled → WhenEmptyOrUnderutilized
 * + 0s; neither → WhenEmpty + Never (nodes were never removed); ttlSecondsUntilExpired → expireAfter
 * (absent → Never); limits.resources → limits; providerRef → nodeClassRef; provider → an EC2NodeClass
 * named after the Provisioner; kubeletConfiguration → the class's kubelet; the AWS webhook's implicit
 * defaults (on-demand, amd64) become explicit requirements.
 */
export function readProvisioner(r: Reader, doc: Obj, path: Path, warn: Warn): PoolDraft | undefined {
  const name = readName(r, doc, path);
  const label = `karpenter.sh/v1alpha5 Provisioner ${JSON.stringify(name ?? '?')}`;
  const note = (p: Path, text: string): void => warn(p, `${label}: ${text}`);
  const sp = [...path, 'spec'];
  const spec = r.object(doc.spec ?? {}, sp, SPEC_FIELDS);
  if (!spec) return undefined;
  if (spec.annotations !== undefined) r.stringMap(spec.annotations, [...sp, 'annotations']);
  const parts = readTemplateParts(r, spec, spec, sp, sp);
  addLegacyLists(r, spec, sp, parts.requirements, note);
  for (const [key, value, why] of [
    [LabelKeys.capacityType, 'on-demand', 'the AWS webhook defaulted to on-demand'],
    [LabelKeys.arch, 'amd64', 'the AWS webhook defaulted to amd64'],
  ] as const) {
    if (parts.labels[key] === undefined && !parts.requirements.some((q) => q.key === key)) {
      parts.requirements.push({ key, operator: 'In', values: [value] });
      note([...sp, 'requirements'], `no ${key} requirement: ${why}; added ${key} In [${value}]`);
    }
  }

  // Disruption
  let policy: 'WhenEmpty' | 'WhenEmptyOrUnderutilized' = 'WhenEmpty';
  let after: number | null = null;
  const consolidation = spec.consolidation === undefined ? undefined : r.object(spec.consolidation, [...sp, 'consolidation'], ['enabled']);
  const enabled = consolidation?.enabled === undefined ? false : r.bool(consolidation.enabled, [...sp, 'consolidation', 'enabled']);
  const ttlEmpty = spec.ttlSecondsAfterEmpty === undefined ? undefined : r.int(spec.ttlSecondsAfterEmpty, [...sp, 'ttlSecondsAfterEmpty'], { min: 0 });
  if (enabled && spec.ttlSecondsAfterEmpty !== undefined) {
    r.problem([...sp, 'ttlSecondsAfterEmpty'], 'ttlSecondsAfterEmpty and consolidation.enabled are mutually exclusive');
  } else if (enabled) {
    policy = 'WhenEmptyOrUnderutilized';
    after = 0;
    note([...sp, 'consolidation', 'enabled'], 'spec.consolidation.enabled true is consolidationPolicy WhenEmptyOrUnderutilized with consolidateAfter 0s in v1');
  } else if (ttlEmpty !== undefined) {
    after = ttlEmpty;
    note([...sp, 'ttlSecondsAfterEmpty'], `spec.ttlSecondsAfterEmpty ${ttlEmpty} is consolidationPolicy WhenEmpty with consolidateAfter ${formatKarpenterDuration(ttlEmpty)} in v1`);
  } else if (spec.ttlSecondsAfterEmpty === undefined) {
    note(sp, 'neither ttlSecondsAfterEmpty nor consolidation.enabled: nodes were never removed for being empty or underutilized; consolidationPolicy WhenEmpty with consolidateAfter Never in v1');
  }
  let expire: number | null = null;
  if (spec.ttlSecondsUntilExpired !== undefined) {
    const ttl = r.int(spec.ttlSecondsUntilExpired, [...sp, 'ttlSecondsUntilExpired'], { min: 0 });
    if (ttl !== undefined) {
      expire = ttl;
      note([...sp, 'ttlSecondsUntilExpired'], `spec.ttlSecondsUntilExpired ${ttl} is spec.template.spec.expireAfter ${formatKarpenterDuration(ttl)} in v1`);
    }
  } else {
    note(sp, 'no ttlSecondsUntilExpired: nodes never expired; expireAfter Never in v1 (not its 720h default)');
  }

  let limits = {};
  if (spec.limits !== undefined) {
    const l = r.object(spec.limits, [...sp, 'limits'], ['resources']);
    if (l?.resources !== undefined) {
      limits = readLimits(r, l.resources, [...sp, 'limits', 'resources']) ?? {};
      note([...sp, 'limits', 'resources'], 'spec.limits.resources is spec.limits in v1');
    }
  }
  const weight = readWeight(r, spec.weight, [...sp, 'weight']);

  // Node class: providerRef, or an inline provider
  let nodeClassName: string | undefined;
  let inlineClass: PoolDraft['inlineClass'];
  let classRefPath: Path = [...sp, 'providerRef'];
  if (spec.provider !== undefined && spec.providerRef !== undefined) {
    r.problem(sp, 'set one of "provider" and "providerRef", found both');
  } else if (spec.providerRef !== undefined) {
    const ref = r.object(spec.providerRef, classRefPath, ['name', 'kind', 'apiVersion']);
    const n = ref ? r.required(ref, 'name', classRefPath, 'the name of an AWSNodeTemplate') : undefined;
    nodeClassName = n === undefined ? undefined : r.string(n, [...classRefPath, 'name'], { nonEmpty: true });
    if (nodeClassName !== undefined) {
      note(classRefPath, `spec.providerRef is spec.template.spec.nodeClassRef {group: karpenter.k8s.aws, kind: EC2NodeClass, name: ${nodeClassName}} in v1`);
    }
  } else if (spec.provider !== undefined) {
    classRefPath = [...sp, 'provider'];
    const provider = isObj(spec.provider) ? spec.provider : r.expected(classRefPath, 'a mapping (an inline AWS node template)', spec.provider);
    if (provider && name !== undefined) {
      inlineClass = readLegacyNodeTemplate(r, provider, classRefPath, name, label, warn, true);
      nodeClassName = name;
      note(classRefPath, `spec.provider is EC2NodeClass ${JSON.stringify(name)} in v1`);
    }
  } else {
    r.problem(sp, 'expected "providerRef" (an AWSNodeTemplate) or "provider", found neither');
  }
  let kubelet: PoolDraft['kubelet'];
  if (spec.kubeletConfiguration !== undefined) {
    const kp = [...sp, 'kubeletConfiguration'];
    const k = readKubelet(r, spec.kubeletConfiguration, kp, ['containerRuntime']);
    if (k) kubelet = { ...k, path: kp };
    note(kp, `spec.kubeletConfiguration moved to EC2NodeClass ${JSON.stringify(nodeClassName ?? '?')} spec.kubelet in v1`);
  }

  // Kept with a name and a class reference even when other fields failed (see readNodePoolV1).
  if (name === undefined || nodeClassName === undefined) return undefined;
  return {
    pool: assemblePool({ name, weight, parts, nodeClassName, expire, grace: null, policy, after, budgets: DEFAULT_BUDGETS, limits }),
    classRefPath,
    ...(kubelet ? { kubelet } : {}),
    ...(inlineClass ? { inlineClass } : {}),
    label,
    path,
  };
}

/** Pre-v0.5 `instanceTypes`, `zones`, `architecture` lists → In requirements. */
function addLegacyLists(r: Reader, spec: Obj, sp: Path, requirements: Requirement[], note: (p: Path, t: string) => void): void {
  for (const [field, key] of Object.entries(LEGACY_LISTS)) {
    if (spec[field] === undefined) continue;
    const raw = spec[field];
    const values = typeof raw === 'string' ? [raw] : r.stringList(raw, [...sp, field]);
    if (!values) continue;
    requirements.push({ key, operator: 'In', values });
    note([...sp, field], `spec.${field} is the requirement ${key} In [${values.join(', ')}] in v1`);
  }
}
