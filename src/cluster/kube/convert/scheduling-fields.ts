import type {
  Affinity,
  LabelSelector,
  NodeSelectorTerm,
  PodAffinity,
  PodAffinityTerm,
  Requirement,
  RequirementOperator,
  SelectorOperator,
  Taint,
  TaintEffect,
  Toleration,
  TopologySpreadConstraint,
} from '../../../model/index.js';
import type {
  KubeAffinity,
  KubeLabelSelector,
  KubeNodeSelectorRequirement,
  KubeNodeSelectorTerm,
  KubePodAffinity,
  KubePodAffinityTerm,
  KubeTaint,
  KubeToleration,
  KubeTopologySpreadConstraint,
} from './types.js';

/** Scheduling fields (selectors, affinity, tolerations, taints, topology spread) between model and Kubernetes JSON. */

const SELECTOR_OPS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);
const REQUIREMENT_OPS = new Set([...SELECTOR_OPS, 'Gt', 'Lt']);
const EFFECTS = new Set(['NoSchedule', 'PreferNoSchedule', 'NoExecute']);

function selectorOperator(op: string): SelectorOperator {
  if (!SELECTOR_OPS.has(op)) throw new Error(`unknown label selector operator "${op}"`);
  return op as SelectorOperator;
}

function requirementOperator(op: string): RequirementOperator {
  if (!REQUIREMENT_OPS.has(op)) throw new Error(`unknown node selector operator "${op}"`);
  return op as RequirementOperator;
}

export function taintEffect(effect: string): TaintEffect {
  if (!EFFECTS.has(effect)) throw new Error(`unknown taint effect "${effect}"`);
  return effect as TaintEffect;
}

const defined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

// ---- label selectors ----

export function selectorToKube(s: LabelSelector): KubeLabelSelector {
  return defined({
    matchLabels: s.matchLabels ? { ...s.matchLabels } : undefined,
    matchExpressions: s.matchExpressions?.map((e) => defined({ key: e.key, operator: e.operator, values: e.values ? [...e.values] : undefined })),
  });
}

export function selectorFromKube(s: KubeLabelSelector | undefined | null): LabelSelector | undefined {
  if (!s) return undefined;
  return defined({
    matchLabels: s.matchLabels ? { ...s.matchLabels } : undefined,
    matchExpressions: s.matchExpressions?.map((e) => defined({ key: e.key, operator: selectorOperator(e.operator), values: e.values ? [...e.values] : undefined })),
  });
}

// ---- node selector requirements ----

export function requirementToKube(r: Requirement, withMinValues = false): KubeNodeSelectorRequirement {
  return defined({ key: r.key, operator: r.operator, values: [...r.values], minValues: withMinValues ? r.minValues : undefined });
}

export function requirementFromKube(r: KubeNodeSelectorRequirement): Requirement {
  return defined({ key: r.key, operator: requirementOperator(r.operator), values: [...(r.values ?? [])], minValues: r.minValues ?? undefined });
}

function termToKube(t: NodeSelectorTerm): KubeNodeSelectorTerm {
  return { matchExpressions: t.matchExpressions.map((r) => requirementToKube(r)) };
}

/** matchFields (metadata.name only, in Kubernetes) becomes a requirement on the hostname label. */
function termFromKube(t: KubeNodeSelectorTerm): NodeSelectorTerm {
  const fields = (t.matchFields ?? []).map((f) => requirementFromKube({ ...f, key: f.key === 'metadata.name' ? 'kubernetes.io/hostname' : f.key }));
  return { matchExpressions: [...(t.matchExpressions ?? []).map(requirementFromKube), ...fields] };
}

// ---- affinity ----

function podTermToKube(t: PodAffinityTerm): KubePodAffinityTerm {
  return defined({
    labelSelector: t.labelSelector ? selectorToKube(t.labelSelector) : undefined,
    namespaces: t.namespaces ? [...t.namespaces] : undefined,
    topologyKey: t.topologyKey,
  });
}

function podTermFromKube(t: KubePodAffinityTerm): PodAffinityTerm {
  return defined({
    labelSelector: selectorFromKube(t.labelSelector),
    namespaces: t.namespaces && t.namespaces.length > 0 ? [...t.namespaces] : undefined,
    topologyKey: t.topologyKey,
  });
}

function podAffinityToKube(a: PodAffinity | undefined): KubePodAffinity | undefined {
  if (!a) return undefined;
  return defined({
    requiredDuringSchedulingIgnoredDuringExecution: a.required?.map(podTermToKube),
    preferredDuringSchedulingIgnoredDuringExecution: a.preferred?.map((p) => ({ weight: p.weight, podAffinityTerm: podTermToKube(p.term) })),
  });
}

function podAffinityFromKube(a: KubePodAffinity | undefined | null): PodAffinity | undefined {
  if (!a) return undefined;
  return defined({
    required: a.requiredDuringSchedulingIgnoredDuringExecution?.map(podTermFromKube),
    preferred: a.preferredDuringSchedulingIgnoredDuringExecution?.map((p) => ({ weight: p.weight, term: podTermFromKube(p.podAffinityTerm) })),
  });
}

export function affinityToKube(a: Affinity | undefined): KubeAffinity | undefined {
  if (!a) return undefined;
  const node = a.nodeAffinity;
  return defined({
    nodeAffinity: node
      ? defined({
          requiredDuringSchedulingIgnoredDuringExecution:
            node.required && node.required.length > 0 ? { nodeSelectorTerms: node.required.map(termToKube) } : undefined,
          preferredDuringSchedulingIgnoredDuringExecution: node.preferred?.map((p) => ({ weight: p.weight, preference: termToKube(p.term) })),
        })
      : undefined,
    podAffinity: podAffinityToKube(a.podAffinity),
    podAntiAffinity: podAffinityToKube(a.podAntiAffinity),
  });
}

export function affinityFromKube(a: KubeAffinity | undefined | null): Affinity | undefined {
  if (!a) return undefined;
  const node = a.nodeAffinity;
  const out = defined({
    nodeAffinity: node
      ? defined({
          required: node.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms.map(termFromKube),
          preferred: node.preferredDuringSchedulingIgnoredDuringExecution?.map((p) => ({ weight: p.weight, term: termFromKube(p.preference) })),
        })
      : undefined,
    podAffinity: podAffinityFromKube(a.podAffinity),
    podAntiAffinity: podAffinityFromKube(a.podAntiAffinity),
  });
  return Object.keys(out).length > 0 ? out : undefined;
}

// ---- tolerations, taints, topology spread ----

export function tolerationToKube(t: Toleration): KubeToleration {
  return defined({ key: t.key, operator: t.operator, value: t.value, effect: t.effect, tolerationSeconds: t.tolerationSeconds });
}

export function tolerationFromKube(t: KubeToleration): Toleration {
  if (t.operator !== undefined && t.operator !== 'Equal' && t.operator !== 'Exists') throw new Error(`unknown toleration operator "${t.operator}"`);
  return defined({
    key: t.key || undefined,
    operator: t.operator as Toleration['operator'],
    value: t.value || undefined,
    effect: t.effect ? taintEffect(t.effect) : undefined,
    tolerationSeconds: t.tolerationSeconds ?? undefined,
  });
}

export function taintToKube(t: Taint): KubeTaint {
  return defined({ key: t.key, value: t.value, effect: t.effect });
}

export function taintFromKube(t: KubeTaint): Taint {
  return defined({ key: t.key, value: t.value || undefined, effect: taintEffect(t.effect) });
}

export function spreadToKube(c: TopologySpreadConstraint): KubeTopologySpreadConstraint {
  return defined({
    maxSkew: c.maxSkew,
    topologyKey: c.topologyKey,
    whenUnsatisfiable: c.whenUnsatisfiable,
    labelSelector: c.labelSelector ? selectorToKube(c.labelSelector) : undefined,
    minDomains: c.minDomains,
    nodeAffinityPolicy: c.nodeAffinityPolicy,
    nodeTaintsPolicy: c.nodeTaintsPolicy,
  });
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], what: string): T | undefined {
  if (value === undefined || value === null) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new Error(`unknown ${what} "${value}"`);
  return value as T;
}

export function spreadFromKube(c: KubeTopologySpreadConstraint): TopologySpreadConstraint {
  return defined({
    maxSkew: c.maxSkew,
    topologyKey: c.topologyKey,
    whenUnsatisfiable: oneOf(c.whenUnsatisfiable, ['DoNotSchedule', 'ScheduleAnyway'] as const, 'whenUnsatisfiable') ?? 'DoNotSchedule',
    labelSelector: selectorFromKube(c.labelSelector),
    minDomains: c.minDomains ?? undefined,
    nodeAffinityPolicy: oneOf(c.nodeAffinityPolicy, ['Honor', 'Ignore'] as const, 'nodeAffinityPolicy'),
    nodeTaintsPolicy: oneOf(c.nodeTaintsPolicy, ['Honor', 'Ignore'] as const, 'nodeTaintsPolicy'),
  });
}
