import type { Aggregates } from './aggregates.js';
import type { TimeseriesColumns } from './run-data.js';

const COLUMNS = [
  't',
  'pendingPods',
  'runningPods',
  'nodesOnDemand',
  'nodesSpot',
  'allocatableCpuCores',
  'allocatableMemoryGiB',
  'requestedCpuCores',
  'requestedMemoryGiB',
  'costPerHour',
  'costUsd',
] as const;
type Column = (typeof COLUMNS)[number];

/** Growable fixed-step samples of the aggregates. */
export class TimeseriesTable {
  private count = 0;
  private readonly cols = new Map<Column, Float64Array>();

  constructor(capacity = 256) {
    for (const c of COLUMNS) this.cols.set(c, new Float64Array(capacity));
  }

  get length(): number {
    return this.count;
  }

  lastTime(): number | undefined {
    return this.count > 0 ? this.cols.get('t')![this.count - 1] : undefined;
  }

  sample(t: number, agg: Aggregates): void {
    this.push({
      t,
      pendingPods: agg.pendingPods,
      runningPods: agg.runningPods,
      nodesOnDemand: agg.instancesOnDemand,
      nodesSpot: agg.instancesSpot,
      allocatableCpuCores: agg.allocatableCpuMillis / 1000,
      allocatableMemoryGiB: agg.allocatableMemoryMiB / 1024,
      requestedCpuCores: agg.requestedCpuMillis / 1000,
      requestedMemoryGiB: agg.requestedMemoryMiB / 1024,
      costPerHour: agg.costPerHour,
      costUsd: agg.cumulativeCostUsd,
    });
  }

  push(row: Readonly<Record<Column, number>>): void {
    if (this.count === this.cols.get('t')!.length) {
      for (const c of COLUMNS) {
        const old = this.cols.get(c)!;
        const next = new Float64Array(old.length * 2);
        next.set(old);
        this.cols.set(c, next);
      }
    }
    for (const c of COLUMNS) this.cols.get(c)![this.count] = row[c];
    this.count++;
  }

  columns(): TimeseriesColumns {
    const v = (c: Column): Float64Array => this.cols.get(c)!.subarray(0, this.count);
    return {
      count: this.count,
      t: v('t'),
      pendingPods: v('pendingPods'),
      runningPods: v('runningPods'),
      nodesOnDemand: v('nodesOnDemand'),
      nodesSpot: v('nodesSpot'),
      allocatableCpuCores: v('allocatableCpuCores'),
      allocatableMemoryGiB: v('allocatableMemoryGiB'),
      requestedCpuCores: v('requestedCpuCores'),
      requestedMemoryGiB: v('requestedMemoryGiB'),
      costPerHour: v('costPerHour'),
      costUsd: v('costUsd'),
    };
  }
}

/** Build TimeseriesColumns from rows (tests, reading timeseries.csv back). */
export function timeseriesFrom(rows: readonly Readonly<Record<Column, number>>[]): TimeseriesColumns {
  const t = new TimeseriesTable(Math.max(1, rows.length));
  for (const r of rows) t.push(r);
  return t.columns();
}
