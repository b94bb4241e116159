import { add, resources, type NodeSelectorTerm, type Pod, type Resources, type Toleration } from '../../../model/index.js';
import { Requirements } from '../../../scheduling/index.js';
import type { PodTopologyTerms, TopologyTerm } from './topology/topology.js';

const ONE_POD = resources({ pods: 1 });
const TOLERATE_PREFER_NO_SCHEDULE: Toleration = { operator: 'Exists', effect: 'PreferNoSchedule' };

/** What pods with one topology signature share during a simulation (their terms split and ordered once). */
export interface PodShape {
  readonly terms: PodTopologyTerms;
  readonly preferredNodeTerms: readonly { weight: number; term: NodeSelectorTerm }[];
  readonly requiredAffinity: readonly TopologyTerm[];
  readonly preferredAffinity: readonly TopologyTerm[];
  readonly requiredAnti: readonly TopologyTerm[];
  readonly preferredAnti: readonly TopologyTerm[];
  /** nodeSelector ∧ the first required node-affinity term (the signature covers both). */
  readonly strictRequirements: Requirements;
}

/** What never changes about a pod during one simulation. */
export interface PodBase extends PodShape {
  readonly pod: Pod;
  /** Requests plus one pod slot. */
  readonly requests: Resources;
  readonly hostPorts: readonly number[];
}

/** `terms.inverse` and `terms.selecting` must be complete: build shapes after every pod's terms exist. */
export function podShape(pod: Pod, terms: PodTopologyTerms): PodShape {
  return {
    terms,
    preferredNodeTerms: byWeightDesc(pod.affinity?.nodeAffinity?.preferred ?? []),
    requiredAffinity: terms.affinity.filter((t) => t.weight === undefined),
    preferredAffinity: byWeightDesc(terms.affinity.filter((t) => t.weight !== undefined)),
    requiredAnti: terms.antiAffinity.filter((t) => t.weight === undefined),
    preferredAnti: byWeightDesc(terms.antiAffinity.filter((t) => t.weight !== undefined)),
    strictRequirements: strictNodeRequirements(pod, pod.affinity?.nodeAffinity?.required ?? []),
  };
}

function strictNodeRequirements(pod: Pod, requiredTerms: readonly NodeSelectorTerm[]): Requirements {
  let r = Requirements.fromLabels(pod.nodeSelector);
  const first = requiredTerms[0];
  if (first) r = r.intersect(Requirements.from(first.matchExpressions));
  return r;
}

export function podBase(pod: Pod, shape: PodShape): PodBase {
  return {
    pod,
    requests: add(pod.requests, ONE_POD),
    hostPorts: pod.hostPorts,
    terms: shape.terms,
    preferredNodeTerms: shape.preferredNodeTerms,
    requiredAffinity: shape.requiredAffinity,
    preferredAffinity: shape.preferredAffinity,
    requiredAnti: shape.requiredAnti,
    preferredAnti: shape.preferredAnti,
    strictRequirements: shape.strictRequirements,
  };
}

function byWeightDesc<T extends { readonly weight?: number }>(items: readonly T[]): T[] {
  return items.map((x, i) => ({ x, i })).sort((a, b) => (b.x.weight ?? 0) - (a.x.weight ?? 0) || a.i - b.i).map((e) => e.x);
}

/**
 * A pod in one scheduling attempt, with its preferences treated as requirements until relaxed one at a
 * time (Karpenter's Preferences): the heaviest preferred node-affinity term and the first required OR-term
 * join its node requirements; preferred (anti-)affinity and ScheduleAnyway spreads act as required.
 */
export class SchedulingPod {
  readonly pod: Pod;
  readonly requests: Resources;
  readonly hostPorts: readonly number[];
  tolerations: readonly Toleration[];
  private requiredTerms: readonly NodeSelectorTerm[];
  private preferredNodeTerms: readonly { weight: number; term: NodeSelectorTerm }[];
  private spread: readonly TopologyTerm[];
  private requiredAffinity: readonly TopologyTerm[];
  private preferredAffinity: readonly TopologyTerm[];
  private requiredAnti: readonly TopologyTerm[];
  private preferredAnti: readonly TopologyTerm[];
  private readonly inverse: PodTopologyTerms['inverse'];
  private cachedRequirements: Requirements | undefined;
  private cachedStrict: Requirements | undefined;
  private cachedTerms: PodTopologyTerms | undefined;
  private requiredRelaxed = false;

  constructor(
    private readonly base: PodBase,
    ignorePreferences = false,
  ) {
    const pod = base.pod;
    this.pod = pod;
    this.requests = base.requests;
    this.hostPorts = base.hostPorts;
    this.tolerations = pod.tolerations;
    this.requiredTerms = pod.affinity?.nodeAffinity?.required ?? [];
    this.preferredNodeTerms = ignorePreferences ? [] : base.preferredNodeTerms;
    this.spread = ignorePreferences ? base.terms.spread.filter((t) => t.whenUnsatisfiable !== 'ScheduleAnyway') : base.terms.spread;
    this.requiredAffinity = base.requiredAffinity;
    this.preferredAffinity = ignorePreferences ? [] : base.preferredAffinity;
    this.requiredAnti = base.requiredAnti;
    this.preferredAnti = ignorePreferences ? [] : base.preferredAnti;
    this.inverse = base.terms.inverse;
  }

  /** Node requirements including the heaviest remaining preferred node-affinity term. */
  requirements(): Requirements {
    if (!this.cachedRequirements) {
      const preferred = this.preferredNodeTerms[0];
      const strict = this.strictRequirements();
      this.cachedRequirements = preferred ? strict.intersect(Requirements.from(preferred.term.matchExpressions)) : strict;
    }
    return this.cachedRequirements;
  }

  /** nodeSelector and the first remaining required OR-term only. */
  strictRequirements(): Requirements {
    if (!this.cachedStrict) {
      // Until a required term is dropped, the shape's (shared by the pods of one signature) holds.
      this.cachedStrict = this.requiredRelaxed ? strictNodeRequirements(this.pod, this.requiredTerms) : this.base.strictRequirements;
    }
    return this.cachedStrict;
  }

  terms(): PodTopologyTerms {
    if (this.cachedTerms) return this.cachedTerms;
    const unrelaxed = this.spread === this.base.terms.spread && this.preferredAffinity === this.base.preferredAffinity && this.preferredAnti === this.base.preferredAnti;
    if (unrelaxed) return (this.cachedTerms = this.base.terms);
    this.cachedTerms = {
      spread: this.spread,
      affinity: [...this.requiredAffinity, ...this.preferredAffinity],
      antiAffinity: [...this.requiredAnti, ...this.preferredAnti],
      inverse: this.inverse,
      selecting: this.base.terms.selecting,
    };
    return this.cachedTerms;
  }

  /**
   * Relax one preference, in Karpenter's order; returns what was relaxed, or undefined when nothing is
   * left. `preferNoScheduleTaints`: some NodePool has a PreferNoSchedule taint worth tolerating.
   */
  relax(preferNoScheduleTaints: boolean): string | undefined {
    this.cachedRequirements = undefined;
    this.cachedStrict = undefined;
    this.cachedTerms = undefined;
    if (this.requiredTerms.length > 1) {
      this.requiredTerms = this.requiredTerms.slice(1);
      this.requiredRelaxed = true;
      return 'dropped the first required node-affinity term';
    }
    if (this.preferredAffinity.length > 0) {
      this.preferredAffinity = this.preferredAffinity.slice(1);
      return 'dropped the heaviest preferred pod-affinity term';
    }
    if (this.preferredAnti.length > 0) {
      this.preferredAnti = this.preferredAnti.slice(1);
      return 'dropped the heaviest preferred pod-anti-affinity term';
    }
    if (this.preferredNodeTerms.length > 0) {
      this.preferredNodeTerms = this.preferredNodeTerms.slice(1);
      return 'dropped the heaviest preferred node-affinity term';
    }
    const anyway = this.spread.findIndex((t) => t.whenUnsatisfiable === 'ScheduleAnyway');
    if (anyway >= 0) {
      this.spread = this.spread.filter((_, i) => i !== anyway);
      return 'dropped a ScheduleAnyway topology spread constraint';
    }
    if (preferNoScheduleTaints && !this.tolerations.includes(TOLERATE_PREFER_NO_SCHEDULE)) {
      this.tolerations = [...this.tolerations, TOLERATE_PREFER_NO_SCHEDULE];
      return 'tolerated PreferNoSchedule taints';
    }
    return undefined;
  }
}
