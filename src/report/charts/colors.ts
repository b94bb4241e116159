import { scaleOrdinal } from 'd3-scale';

/**
 * Consistent colours across every chart and page: a policy, a capacity type, an instance type or an
 * event kind always gets the same colour. Known policies are pinned first so that karpenter and the
 * Cluster Autoscaler keep their colours whichever subset a report shows; other names follow in sorted
 * order.
 */
const CATEGORICAL = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];
const INSTANCE_TYPES = [
  '#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#7f7f7f',
  '#aec7e8', '#ffbb78',
];
export const KNOWN_POLICIES = ['karpenter', 'cluster-autoscaler', 'static'] as const;
const CAPACITY_TYPES = ['on-demand', 'spot'];
const CAPACITY_COLORS = ['#2b5c8a', '#f0a202'];
export const EVENT_LABELS = [
  'disruption: emptiness',
  'disruption: underutilized',
  'disruption: drift',
  'disruption: expiration',
  'disruption: interruption',
  'spot interruption',
  'rebalance recommendation',
  'launch failure',
];
const EVENT_COLORS = ['#59a14f', '#4e79a7', '#b07aa1', '#9c755f', '#e15759', '#d62728', '#edc948', '#7f7f7f'];

/** A scale in the form vega-lite takes (`scale: { domain, range }`). */
export interface ColorScale {
  readonly domain: string[];
  readonly range: string[];
}

export interface Palette {
  readonly policy: ColorScale;
  readonly capacityType: ColorScale;
  readonly instanceType: ColorScale;
  readonly eventKind: ColorScale;
  /** Colour of one policy (HTML tables use it too). */
  policyColor(policy: string): string;
}

function toScale(domain: readonly string[], range: readonly string[]): ColorScale {
  const s = scaleOrdinal<string, string>().domain(domain).range(range);
  return { domain: [...domain], range: domain.map((d) => s(d)) };
}

/** @param policies every policy shown; @param instanceTypes every instance type label, most used first. */
export function makePalette(policies: readonly string[], instanceTypes: readonly string[]): Palette {
  const known: string[] = [...KNOWN_POLICIES];
  const others = [...new Set(policies)].filter((p) => !known.includes(p)).sort();
  const policyScale = scaleOrdinal<string, string>().domain([...known, ...others]).range(CATEGORICAL);
  const shown = [...new Set(policies)].sort((a, b) => policyScale.domain().indexOf(a) - policyScale.domain().indexOf(b));
  const types = [...new Set(instanceTypes)];
  return {
    policy: { domain: shown, range: shown.map((p) => policyScale(p)) },
    capacityType: toScale(CAPACITY_TYPES, CAPACITY_COLORS),
    instanceType: toScale(types, types.map((t, i) => (t === 'other' ? '#c7c7c7' : INSTANCE_TYPES[i % INSTANCE_TYPES.length]!))),
    eventKind: toScale(EVENT_LABELS, EVENT_COLORS),
    policyColor: (p) => policyScale(p),
  };
}

/** Event label used in charts: "disruption: drift", "spot interruption", ... */
export function eventLabel(kind: string, reason: string): string {
  if (kind === 'disruption') return `disruption: ${reason}`;
  return kind.replace(/-/g, ' ');
}
