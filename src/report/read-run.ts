import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { RunEventKind } from '../metrics/run-data.js';
import { timeseriesFrom } from '../metrics/timeseries-table.js';
import type { Decision } from '../model/index.js';
import { buildChartData, type ChartInstance, type RunChartData } from './chart-data.js';
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

async function readCsv(file: string, required: readonly string[]): Promise<Row[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new ReportReadError(file, 'cannot read the file', { cause: e });
  }
  let rows: Row[];
  try {
    rows = parse(text, { columns: true, skip_empty_lines: true }) as Row[];
  } catch (e) {
    throw new ReportReadError(file, `not valid CSV: ${(e as Error).message}`, { cause: e });
  }
  const header = text.slice(0, text.indexOf('\n')).split(',');
  const missing = required.filter((c) => !header.includes(c));
  if (missing.length) throw new ReportReadError(file, `missing columns: ${missing.join(', ')}`);
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

/** The first `limit` decisions of decisions.jsonl and how many there are in all (none when the file is absent). */
export async function readDecisions(dir: string, limit: number): Promise<{ decisions: Decision[]; total: number }> {
  const file = join(dir, 'decisions.jsonl');
  if (!existsSync(file)) return { decisions: [], total: 0 };
  const lines = (await readFile(file, 'utf8')).split('\n').filter((l) => l.trim() !== '');
  const decisions: Decision[] = [];
  for (let i = 0; i < Math.min(limit, lines.length); i++) {
    try {
      decisions.push(JSON.parse(lines[i]!) as Decision);
    } catch (e) {
      throw new ReportReadError(file, `line ${i + 1} is not JSON`, { cause: e });
    }
  }
  return { decisions, total: lines.length };
}

/** Chart data of a run directory, rebuilt from timeseries.csv, nodes.csv, pods.csv and events.csv. */
export async function readRunChartData(dir: string, summary: Summary): Promise<RunChartData> {
  const ts = await readCsv(join(dir, 'timeseries.csv'), ['t', 'pending_pods', 'cost_usd']);
  const nodes = await readCsv(join(dir, 'nodes.csv'), ['instance_type', 'capacity_type', 'launched', 'terminated']);
  const pods = await readCsv(join(dir, 'pods.csv'), ['pending_seconds']);
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
    pendingSeconds: Float64Array.from(pods, (r) => n(r.pending_seconds)),
    events: events.map((r) => ({ at: n(r.at), kind: (r.kind ?? '') as RunEventKind, reason: r.reason ?? '' })),
  });
}
