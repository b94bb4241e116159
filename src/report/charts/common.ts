import type { TopLevelSpec } from 'vega-lite';
import type { RunChartData } from '../chart-data.js';
import type { Palette } from './colors.js';

/** A chart: a pure function from the runs' chart data (and the shared palette) to a vega-lite spec. */
export interface ChartDef {
  /** File stem: charts/<id>.svg and charts/<id>.vl.json. */
  readonly id: string;
  readonly title: string;
  build(runs: readonly RunChartData[], palette: Palette): TopLevelSpec;
}

export const WIDTH = 640;
export const HEIGHT = 190;

/** Shared top-level fields: schema, title, white background, fonts. */
export function base(title: string, subtitle?: string): Record<string, unknown> {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, anchor: 'start', ...(subtitle ? { subtitle } : {}) },
    background: 'white',
    config: {
      font: 'Helvetica, Arial, sans-serif',
      view: { stroke: '#ddd' },
      axis: { labelFontSize: 11, titleFontSize: 11, gridColor: '#eee', labelLimit: 260 },
      legend: { labelFontSize: 11, titleFontSize: 11, labelLimit: 260 },
      title: { fontSize: 14, subtitleFontSize: 11, subtitleColor: '#666' },
    },
  };
}

/** The first (lowest) seed of each policy, in palette order: time-series charts show one run per policy. */
export function firstSeedPerPolicy(runs: readonly RunChartData[], palette: Palette): RunChartData[] {
  const first = new Map<string, RunChartData>();
  for (const r of runs) {
    const cur = first.get(r.policy);
    if (!cur || r.seed < cur.seed) first.set(r.policy, r);
  }
  return palette.policy.domain.filter((p) => first.has(p)).map((p) => first.get(p)!);
}

export function seedNote(runs: readonly RunChartData[]): string | undefined {
  if (runs.length <= 1) return undefined;
  return `one run per policy: ${runs.map((r) => `${r.policy} seed ${r.seed}`).join(', ')}`;
}

export function hours(t: number, startAt: number): number {
  return Math.round(((t - startAt) / 3600) * 1e4) / 1e4;
}

/** y axis for counts: integer ticks only. */
export const countAxis = { format: 'd', tickMinStep: 1 } as const;

export const timeAxis = { field: 'h', type: 'quantitative', title: 'time (h)' } as const;

export function policyColor(palette: Palette): Record<string, unknown> {
  return { field: 'policy', type: 'nominal', title: 'policy', scale: { domain: palette.policy.domain, range: palette.policy.range } };
}

/** A placeholder chart (a text mark) when there is nothing to draw. */
export function emptyChart(title: string, message: string): TopLevelSpec {
  return {
    ...base(title),
    width: WIDTH,
    height: 40,
    data: { values: [{ message }] },
    mark: { type: 'text', fontSize: 13, color: '#666' },
    encoding: { text: { field: 'message', type: 'nominal' } },
  } as TopLevelSpec;
}
