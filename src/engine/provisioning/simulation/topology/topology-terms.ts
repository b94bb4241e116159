import type { LabelSelector, PodAffinityTerm, PodSpec, Toleration, TopologySpreadConstraint } from '../../../../model/index.js';
import { podNodeRequirements, type Requirements } from '../../../../scheduling/index.js';
import type { TopologyType } from './topology-group.js';

/** A canonical string for a label selector (key order does not matter). */
export function selectorKey(selector: LabelSelector | undefined): string {
  if (!selector) return '∅';
  const labels = Object.entries(selector.matchLabels ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`);
  const exprs = (selector.matchExpressions ?? [])
    .map((e) => `${e.key} ${e.operator} ${[...(e.values ?? [])].sort().join(',')}`)
    .sort();
  return `{${labels.join(';')}|${exprs.join(';')}}`;
}

/** What identifies a topology group (Karpenter hashes the same fields). */
export interface GroupSpec {
  readonly type: TopologyType;
  readonly key: string;
  readonly namespaces: readonly string[];
  readonly selector: LabelSelector | undefined;
  readonly maxSkew: number;
  readonly minDomains: number | undefined;
  readonly nodeFilter: readonly Requirements[] | undefined;
  /** Spread: nodeAffinityPolicy Honor (default) or Ignore. */
  readonly honorNodeAffinity: boolean;
  /** Spread with nodeTaintsPolicy Honor: the owner's tolerations. */
  readonly tolerations: readonly Toleration[] | undefined;
}

export function groupKey(spec: GroupSpec): string {
  const filter = spec.nodeFilter ? spec.nodeFilter.map((r) => r.toString()).join(' | ') : '';
  const policies = `${spec.honorNodeAffinity ? '' : 'affinity:Ignore'}${spec.tolerations ? `taints:Honor${JSON.stringify(spec.tolerations)}` : ''}`;
  return [spec.type, spec.key, [...spec.namespaces].sort().join(','), selectorKey(spec.selector), spec.maxSkew, spec.minDomains ?? '', filter, policies].join('#');
}

export function termNamespaces(pod: PodSpec, term: PodAffinityTerm): readonly string[] {
  return term.namespaces && term.namespaces.length > 0 ? term.namespaces : [pod.namespace];
}

export function spreadGroupSpec(pod: PodSpec, tsc: TopologySpreadConstraint): GroupSpec {
  const honor = (tsc.nodeAffinityPolicy ?? 'Honor') === 'Honor';
  const alternatives = honor ? podNodeRequirements(pod) : [];
  const trivial = alternatives.length === 1 && alternatives[0].size === 0;
  return {
    type: 'spread',
    key: tsc.topologyKey,
    namespaces: [pod.namespace],
    selector: tsc.labelSelector,
    maxSkew: tsc.maxSkew,
    minDomains: tsc.minDomains,
    nodeFilter: honor && !trivial ? alternatives : undefined,
    honorNodeAffinity: honor,
    tolerations: tsc.nodeTaintsPolicy === 'Honor' ? pod.tolerations : undefined,
  };
}

export function affinityGroupSpec(pod: PodSpec, term: PodAffinityTerm, type: 'affinity' | 'anti-affinity'): GroupSpec {
  return {
    type,
    key: term.topologyKey,
    namespaces: termNamespaces(pod, term),
    selector: term.labelSelector,
    maxSkew: 0,
    minDomains: undefined,
    nodeFilter: undefined,
    honorNodeAffinity: true,
    tolerations: undefined,
  };
}
