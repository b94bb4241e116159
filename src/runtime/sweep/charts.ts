import type { TopLevelSpec } from 'vega-lite';
import { base } from '../../report/charts/common.js';
import { MAIN_FIGURES, makePalette, type Palette } from '../../report/index.js';
import type { SweepResult } from './result.js';

/** The figures charted against each swept value. */
export const SWEEP_CHART_FIGURES = ['costUsd', 'pendingP95', 'efficiency'] as const;

export interface SweepChart {
  /** File stem: charts/<id>.svg and charts/<id>.vl.json. */
  readonly id: string;
  readonly title: string;
  readonly spec: TopLevelSpec;
}

/** Label of a value in charts and tables: scalars as written, collections as compact JSON. */
export function valueLabel(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

function numericValues(values: readonly unknown[]): boolean {
  return values.length > 0 && values.every((v) => typeof v === 'number' && Number.isFinite(v));
}

/** Every combination of the other paths' values, in grid order (dash legend order). */
function otherOrder(others: readonly { readonly values: readonly unknown[] }[]): string[] {
  let out: string[][] = [[]];
  for (const o of others) out = out.flatMap((prefix) => o.values.map((v) => [...prefix, valueLabel(v)]));
  return out.map((parts) => parts.join(' · '));
}

export function sweepPalette(result: SweepResult): Palette {
  return makePalette(result.policies, []);
}

/**
 * One chart per (swept path, figure): the figure's mean across seeds against the path's values, a line
 * per policy with its 95 % interval as a vertical rule. Paths with a single value are settings, not
 * axes: they get no chart. With several swept paths the other paths' values tell lines apart (dashes). Numeric values are placed on a linear axis, others in the
 * order given on the command line.
 */
export function sweepCharts(result: SweepResult, palette: Palette = sweepPalette(result)): SweepChart[] {
  const charts: SweepChart[] = [];
  const varying = result.parameters.filter((p) => p.values.length > 1);
  for (const [k, param] of result.parameters.entries()) {
    if (param.values.length < 2) continue; // a single value is a setting, not an axis
    const others = varying.filter((o) => o.path !== param.path);
    const numeric = numericValues(param.values);
    for (const key of SWEEP_CHART_FIGURES) {
      const figure = MAIN_FIGURES.find((f) => f.key === key)!;
      const rows = result.points.flatMap((point) =>
        point.policies.flatMap((p) => {
          const s = p.figures[key];
          if (!s || s.mean === null) return [];
          const value = point.values[param.path];
          const other = others.map((o) => valueLabel(point.values[o.path])).join(' · ');
          return [{ x: numeric ? value : valueLabel(value), policy: p.policy, other, mean: s.mean, low: s.low, high: s.high }];
        }),
      );
      const title = `${figure.label} against ${param.path}`;
      const unit = figure.unit ? ` (${figure.unit})` : '';
      const x = numeric
        ? { field: 'x', type: 'quantitative', title: param.path, scale: { zero: false } }
        : { field: 'x', type: 'ordinal', title: param.path, sort: param.values.map(valueLabel), axis: { labelAngle: 0 } };
      const color = { field: 'policy', type: 'nominal', title: 'policy', scale: { domain: palette.policy.domain, range: palette.policy.range } };
      const encoding: Record<string, unknown> = { x, color, detail: { field: 'other', type: 'nominal' } };
      const otherTitle = others.map((o) => o.path).join(' · ');
      const dash = others.length > 0 ? { strokeDash: { field: 'other', type: 'nominal', title: otherTitle, sort: otherOrder(others), legend: { titleLimit: 400 } } } : {};
      const shape = others.length > 0 ? { shape: { field: 'other', type: 'nominal', title: otherTitle, sort: otherOrder(others), legend: { titleLimit: 400 } } } : {};
      const subtitle = result.seedsPerPoint > 1 ? `mean of ${result.seedsPerPoint} seeds, 95 % interval as bars` : 'one seed per point';
      const meanY = { field: 'mean', type: 'quantitative', title: `${figure.label}${unit}`, scale: { zero: false } };
      const spec = {
        ...base(title, subtitle),
        width: 330,
        height: 220,
        data: { values: rows },
        encoding,
        layer: [
          { mark: { type: 'line', strokeWidth: 1.5 }, encoding: { y: meanY, ...dash } },
          { mark: { type: 'point', filled: true, size: 40 }, encoding: { y: meanY, ...shape } },
          {
            transform: [{ filter: 'datum.low != null && datum.high != null' }],
            mark: { type: 'rule', strokeWidth: 1.5, opacity: 0.7 },
            encoding: { y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' } },
          },
        ],
      } as TopLevelSpec;
      charts.push({ id: `${key}-by-${k}`, title, spec });
    }
  }
  return charts;
}
