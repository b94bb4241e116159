import type { Summary } from '../report/index.js';

interface Column {
  readonly label: string;
  readonly value: (s: Summary) => string;
}

const f = (x: number | null | undefined, d: number): string => (x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(d));

const COLUMNS: readonly Column[] = [
  { label: 'cost $', value: (s) => f(s.cost.totalUsd, 2) },
  { label: 'vs bound', value: (s) => (s.costLowerBoundUsd > 0 ? `${f(s.cost.totalUsd / s.costLowerBoundUsd, 2)}×` : '–') },
  { label: 'spot $', value: (s) => f(s.cost.spotUsd, 2) },
  { label: 'pending p50 s', value: (s) => f(s.pendingSeconds.p50, 1) },
  { label: 'p95 s', value: (s) => f(s.pendingSeconds.p95, 1) },
  { label: 'p99 s', value: (s) => f(s.pendingSeconds.p99, 1) },
  { label: 'node ready p50 s', value: (s) => f(s.nodeReadySeconds.p50, 1) },
  { label: 'cpu util', value: (s) => `${f(s.utilization.cpuRequestedMean * 100, 0)}%` },
  { label: 'nodes peak', value: (s) => String(s.nodes.peak) },
  { label: 'disruptions', value: (s) => String(Object.values(s.disruptions).reduce((a, b) => a + b, 0)) },
  { label: 'interruptions', value: (s) => String(s.spot.interruptions) },
  { label: 'pending at end', value: (s) => String(s.pods.pendingAtEnd) },
];

/** The headline table printed after a run or a comparison: one row per summary. */
export function headlineTable(rows: readonly { label: string; summary: Summary }[]): string {
  const header = ['', ...COLUMNS.map((c) => c.label)];
  const body = rows.map((r) => [r.label, ...COLUMNS.map((c) => c.value(r.summary))]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), ...body.map(line)].join('\n');
}
