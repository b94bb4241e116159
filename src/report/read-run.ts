import { createReadStream, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { RunEventKind } from '../metrics/run-data.js';
import { timeseriesFrom } from '../metrics/timeseries-table.js';
import type { Decision } from '../model/index.js';
import { csvRecords } from './csv-records.js';
import { buildChartData, type ChartInstance, type RunChartData } from './chart-data.js';
import { SlowestPods } from './slowest-pods.js';
import type { Summary } from './summary.js';

/** Reading a run directory's data files back (for `fleetsim report <dir>` and comparisons). */
export class ReportReadError extends Error {
  override readonly name = 'ReportReadError';
  readonly code = 'REPORT_READ';
  constructor(
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${message}`, options);
  }
}

type Row = Record<string, string>;

/** A data file's records as objects keyed by its header (streamed; every record must have the header's width). */
async function readCsv(file: string, required: readonly string[]): Promise<Row[]> {
  if (!existsSync(file)) throw new ReportReadError(file, 'cannot read the file');
  const rows: Row[] = [];
  let header: string[] | undefined;
  try {
    for await (const record of csvRecords(file)) {
      if (!header) {
        header = record;
        const missing = required.filter((c) => !header!.includes(c));
        if (missing.length) throw new ReportReadError(file, `missing columns: ${missing.join(', ')}`);
        continue;
      }
      if (record.length !== header.length) {
        throw new ReportReadError(file, `not valid CSV: record ${rows.length + 1} has ${record.length} fields, the header ${header.length}`);
      }
      const row: Row = {};
      for (let i = 0; i < header.length; i++) row[header[i]!] = record[i]!;
      rows.push(row);
    }
  } catch (e) {
    if (e instanceof ReportReadError) throw e;
    throw new ReportReadError(file, `not valid CSV: ${(e as Error).message}`, { cause: e });
  }
  if (!header) throw new ReportReadError(file, `missing columns: ${required.join(', ')}`);
  return rows;
}

/** '' → NaN (never happened). */
function n(s: string | undefined): number {
  return s === undefined || s === '' ? NaN : Number(s);
}

export async function readSummary(dir: string): Promise<Summary> {
  const file = join(dir, 'summary.json');
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Summary;
  } catch (e) {
    throw new ReportReadError(file, 'cannot read summary.json', { cause: e });
  }
}

/**
 * The first decisions of decisions.jsonl — at most `limit`, and no more once their lines add up to
 * `budgetBytes` (the first one is always taken) — and how many there are in all (none when the file is
 * absent). Streams the file: a run with hundreds of thousands of decisions is never held whole.
 */
export async function readDecisions(dir: string, limit: number, budgetBytes = Infinity): Promise<{ decisions: Decision[]; total: number }> {
  const file = join(dir, 'decisions.jsonl');
  if (!existsSync(file)) return { decisions: [], total: 0 };
  const decisions: Decision[] = [];
  let total = 0;
  let bytes = 0;
  let full = false;
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      if (line.trim() === '') continue;
      total++;
      if (full) continue;
      bytes += Buffer.byteLength(line) + 1;
      if (decisions.length >= limit || (decisions.length > 0 && bytes > budgetBytes)) {
        full = true;
        continue;
      }
      try {
        decisions.push(JSON.parse(line) as Decision);
      } catch (e) {
        throw new ReportReadError(file, `line ${total} is not JSON`, { cause: e });
      }
    }
  } catch (e) {
    if (e instanceof ReportReadError) throw e;
    throw new ReportReadError(file, 'cannot read the file', { cause: e });
  } finally {
    lines.close();
  }
  return { decisions, total };
}

/** pods.csv streamed: pending seconds of every pod (row order) and the longest-pending pods. */
async function readPods(file: string): Promise<{ pending: Float64Array; slowest: SlowestPods }> {
  let pending = new Float64Array(1024);
  const slowest = new SlowestPods();
  let col: Record<string, number> | undefined;
  let rows = 0;
  let width = 0;
  try {
    for await (const record of csvRecords(file)) {
      if (!col) {
        width = record.length;
        col = Object.fromEntries(record.map((name, i) => [name, i]));
        const missing = ['id', 'pending_seconds'].filter((c) => col![c] === undefined);
        if (missing.length) throw new ReportReadError(file, `missing columns: ${missing.join(', ')}`);
        continue;
      }
      const c = col;
      if (record.length !== width) throw new ReportReadError(file, `not valid CSV: record ${rows + 1} has ${record.length} fields, the header ${width}`);
      const p = n(record[c.pending_seconds!]);
      if (rows === pending.length) {
        const next = new Float64Array(rows * 2);
        next.set(pending);
        pending = next;
      }
      pending[rows] = p;
      const bound = n(c.bound !== undefined ? record[c.bound] : undefined);
      slowest.offer(rows, p, () => ({
        id: record[c.id!] ?? '',
        owner: c.owner !== undefined ? (record[c.owner] ?? '') : '',
        created: n(c.created !== undefined ? record[c.created] : undefined),
        bound: Number.isNaN(bound) ? null : bound,
        node: c.node !== undefined ? (record[c.node] ?? '') : '',
        evictions: n(c.evicted_count !== undefined ? record[c.evicted_count] : undefined) || 0,
      }));
      rows++;
    }
  } catch (e) {
    if (e instanceof ReportReadError) throw e;
    throw new ReportReadError(file, `cannot read pods.csv: ${(e as Error).message}`, { cause: e });
  }
  if (!col) throw new ReportReadError(file, 'missing columns: id, pending_seconds');
  return { pending: pending.subarray(0, rows), slowest };
}

/** Chart data of a run directory, rebuilt from timeseries.csv, nodes.csv, pods.csv and events.csv. */
export async function readRunChartData(dir: string, summary: Summary): Promise<RunChartData> {
  const ts = await readCsv(join(dir, 'timeseries.csv'), ['t', 'pending_pods', 'cost_usd']);
  const nodes = await readCsv(join(dir, 'nodes.csv'), ['instance_type', 'capacity_type', 'launched', 'terminated']);
  const pods = await readPods(join(dir, 'pods.csv'));
  const eventsFile = join(dir, 'events.csv');
  const events = existsSync(eventsFile) ? await readCsv(eventsFile, ['at', 'kind', 'reason']) : [];
  const instances: ChartInstance[] = nodes.map((r) => {
    const terminatedAt = n(r.terminated);
    return {
      instanceType: r.instance_type ?? '',
      capacityType: r.capacity_type ?? '',
      launchedAt: n(r.launched),
      ...(Number.isNaN(terminatedAt) ? {} : { terminatedAt }),
    };
  });
  const startAt = ts.length > 0 ? n(ts[0]!.t) : 0;
  return buildChartData({
    policy: summary.policy,
    seed: summary.seed,
    startAt,
    endAt: startAt + summary.horizonSeconds,
    timeseries: timeseriesFrom(
      ts.map((r) => ({
        t: n(r.t),
        pendingPods: n(r.pending_pods),
        runningPods: n(r.running_pods),
        nodesOnDemand: n(r.nodes_on_demand),
        nodesSpot: n(r.nodes_spot),
        allocatableCpuCores: n(r.allocatable_cpu_cores),
        allocatableMemoryGiB: n(r.allocatable_memory_gib),
        requestedCpuCores: n(r.requested_cpu_cores),
        requestedMemoryGiB: n(r.requested_memory_gib),
        costPerHour: n(r.cost_per_hour),
        costUsd: n(r.cost_usd),
      })),
    ),
    instances,
    pendingSeconds: pods.pending,
    slowestPods: pods.slowest,
    events: events.map((r) => ({ at: n(r.at), kind: (r.kind ?? '') as RunEventKind, reason: r.reason ?? '' })),
  });
}
