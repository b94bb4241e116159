import type { Labels, NodeSelectorTerm, PodSpec } from '../model/index.js';
import { Requirements, requirementMatches } from './requirements.js';

/** pod.spec.nodeSelector: every key must be present with the same value. */
export function plainNodeSelectorMatches(pod: PodSpec, labels: Labels): boolean {
  for (const [k, v] of Object.entries(pod.nodeSelector)) {
    if (!Object.prototype.hasOwnProperty.call(labels, k) || labels[k] !== v) return false;
  }
  return true;
}

/** One NodeSelectorTerm: all expressions hold. An empty term matches no node (Kubernetes semantics). */
export function nodeSelectorTermMatches(term: NodeSelectorTerm, labels: Labels): boolean {
  if (term.matchExpressions.length === 0) return false;
  for (const req of term.matchExpressions) if (!requirementMatches(req, labels)) return false;
  return true;
}

/** Required node affinity: OR of terms; no terms (or no affinity) means no constraint. */
export function requiredNodeAffinityMatches(pod: PodSpec, labels: Labels): boolean {
  const terms = pod.affinity?.nodeAffinity?.required;
  if (!terms || terms.length === 0) return true;
  for (const term of terms) if (nodeSelectorTermMatches(term, labels)) return true;
  return false;
}

/** kube-scheduler's NodeAffinity filter: nodeSelector AND (OR of the required terms). */
export function nodeSelectorMatches(pod: PodSpec, labels: Labels): boolean {
  return plainNodeSelectorMatches(pod, labels) && requiredNodeAffinityMatches(pod, labels);
}

/**
 * What a pod demands of a hypothetical node: one Requirements per required node-affinity OR-term, each
 * also holding the nodeSelector (as In requirements). Without required terms, a single entry with the
 * nodeSelector. Empty terms match nothing and are dropped, so an empty array means no node can satisfy
 * the pod. Entries whose own requirements conflict are dropped too.
 */
export function podNodeRequirements(pod: PodSpec): Requirements[] {
  const base = Requirements.fromLabels(pod.nodeSelector);
  const terms = pod.affinity?.nodeAffinity?.required;
  if (!terms || terms.length === 0) return [base];
  const out: Requirements[] = [];
  for (const term of terms) {
    if (term.matchExpressions.length === 0) continue;
    const r = base.intersect(Requirements.from(term.matchExpressions));
    if (r.unsatisfiableKey() === undefined) out.push(r);
  }
  return out;
}

/**
 * Sum of the weights of the pod's preferred node-affinity terms that the labels satisfy (the raw
 * NodeAffinity score; kube-scheduler then normalizes it to 0–100 across nodes, see `normalizeScores`).
 */
export function preferredNodeAffinityScore(pod: PodSpec, labels: Labels): number {
  const preferred = pod.affinity?.nodeAffinity?.preferred;
  if (!preferred) return 0;
  let score = 0;
  for (const p of preferred) if (p.weight !== 0 && nodeSelectorTermMatches(p.term, labels)) score += p.weight;
  return score;
}
