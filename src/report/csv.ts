import type { RunData } from '../metrics/run-data.js';
import { microCosts } from './cost-rows.js';
import { round } from './stats.js';
import { pendingSecondsOf } from './summary.js';

/**
 * The data files of a run directory (columns documented in OUTPUTS.md; columns beyond the contract's are
 * appended after them). Times are simulated seconds with at most 3 decimals, USD with at most 6; a cell
 * is empty where something never happened. Each writer yields the file in chunks so that a run with a
 * million pods never builds one giant string.
 */
export const POD_COLUMNS = [
  'id', 'owner', 'cpu_millis', 'memory_mib', 'gpus', 'created', 'bound', 'running', 'finished', 'node',
  'pending_seconds', 'evicted_count', 'unschedulable', 'nominated', 'completed',
] as const;
export const NODE_COLUMNS = [
  'id', 'instance_type', 'zone', 'capacity_type', 'price_per_hour', 'launched', 'ready', 'terminated', 'termination_reason',
  'cost', 'node', 'launch_requested', 'registered', 'disruption_reason', 'billed_seconds', 'workload_cost', 'daemonset_cost',
  'idle_cost', 'node_claim', 'node_group',
] as const;
export const TIMESERIES_COLUMNS = [
  't', 'pending_pods', 'running_pods', 'nodes_on_demand', 'nodes_spot', 'allocatable_cpu_cores', 'allocatable_memory_gib',
  'requested_cpu_cores', 'requested_memory_gib', 'cost_per_hour', 'cost_usd',
] as const;
export const EVENT_COLUMNS = ['at', 'kind', 'reason', 'node', 'instance_id'] as const;

const CHUNK_ROWS = 10_000;

const POW10 = [1, 10, 100, 1000, 1e4, 1e5, 1e6];
const ZEROS = ['', '0', '00', '000', '0000', '00000', '000000'];

/**
 * A number with at most `decimals` places ('' for NaN/undefined): `String(round(x, decimals))`.
 *
 * Fast path (1 ≤ decimals ≤ 6, |x × 10^decimals| < 10^15): the digits come from the integer
 * r = Math.round(x × 10^decimals) instead of formatting a double, which is several times faster at a
 * million rows and gives the same bytes: r / 10^decimals then has at most 15 significant digits, so its
 * shortest round-trip form (what String prints) is exactly that decimal without trailing zeros, and it is
 * ≥ 10^-6, so never in exponent notation.
 */
export function num(x: number | undefined, decimals = 3): string {
  if (x === undefined || Number.isNaN(x)) return '';
  if (decimals === 0) {
    const r = Math.round(x);
    return r === 0 ? '0' : String(r);
  }
  if (decimals >= 1 && decimals <= 6) {
    const f = POW10[decimals]!;
    const r = Math.round(x * f);
    if (r === 0) return '0';
    const a = r < 0 ? -r : r;
    if (a < 1e15) {
      const int = Math.floor(a / f);
      let frac = a - int * f;
      const s = r < 0 ? '-' + int : String(int);
      if (frac === 0) return s;
      let d = decimals;
      while (frac % 10 === 0) {
        frac /= 10;
        d--;
      }
      const digits = String(frac);
      return s + '.' + ZEROS[d - digits.length]! + digits;
    }
  }
  return String(round(x, decimals));
}

/** RFC 4180 quoting when needed. */
export function cell(s: string | undefined): string {
  if (s === undefined) return '';
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function* chunked(header: readonly string[], count: number, row: (i: number) => string): Generator<string> {
  let buf = header.join(',') + '\n';
  for (let i = 0; i < count; i++) {
    buf += row(i) + '\n';
    if ((i + 1) % CHUNK_ROWS === 0) {
      yield buf;
      buf = '';
    }
  }
  if (buf) yield buf;
}

/** `cell` with a cache, for columns whose values repeat (owners, node names). */
function cachedCell(): (s: string | undefined) => string {
  const cache = new Map<string, string>();
  return (s) => {
    if (s === undefined || s === '') return '';
    let c = cache.get(s);
    if (c === undefined) {
      c = cell(s);
      if (cache.size < 100_000) cache.set(s, c);
    }
    return c;
  };
}

export function podsCsv(data: RunData): Iterable<string> {
  const p = data.pods;
  const end = data.meta.endAt;
  const owner = cachedCell();
  const node = cachedCell();
  return chunked(POD_COLUMNS, p.count, (i) =>
    [
      cell(p.uid[i]),
      owner(p.owner[i]),
      num(p.cpuMillis[i]),
      num(p.memoryMiB[i]),
      num(p.gpus[i]),
      num(p.created[i]),
      num(p.bound[i]),
      num(p.running[i]),
      num(p.finished[i]),
      node(p.node[i]),
      num(pendingSecondsOf(p, i, end)),
      String(p.evictions[i]),
      num(p.unschedulable[i]),
      num(p.nominated[i]),
      p.completed[i] ? '1' : '0',
    ].join(','),
  );
}

export function nodesCsv(data: RunData): Iterable<string> {
  const rows = data.instances;
  const usd = (micro: number): string => num(micro / 1e6, 6);
  return chunked(NODE_COLUMNS, rows.length, (i) => {
    const r = rows[i]!;
    const m = microCosts(r);
    return [
      cell(r.instanceId),
      cell(r.instanceType),
      cell(r.zone),
      r.capacityType,
      num(r.pricePerHour, 10),
      num(r.launchedAt),
      num(r.readyAt),
      num(r.terminatedAt),
      cell(r.terminationReason),
      usd(m.cost),
      cell(r.nodeName),
      num(r.launchRequestedAt),
      num(r.registeredAt),
      cell(r.disruptionReason),
      String(r.billedSeconds),
      usd(m.workload),
      usd(m.daemonset),
      usd(m.idle),
      cell(r.nodeClaimName),
      cell(r.groupName),
    ].join(',');
  });
}

export function timeseriesCsv(data: RunData): Iterable<string> {
  const s = data.timeseries;
  return chunked(TIMESERIES_COLUMNS, s.count, (i) =>
    [
      num(s.t[i]),
      num(s.pendingPods[i], 0),
      num(s.runningPods[i], 0),
      num(s.nodesOnDemand[i], 0),
      num(s.nodesSpot[i], 0),
      num(s.allocatableCpuCores[i]),
      num(s.allocatableMemoryGiB[i]),
      num(s.requestedCpuCores[i]),
      num(s.requestedMemoryGiB[i]),
      num(s.costPerHour[i], 6),
      num(s.costUsd[i], 6),
    ].join(','),
  );
}

export function eventsCsv(data: RunData): Iterable<string> {
  const ev = data.events;
  return chunked(EVENT_COLUMNS, ev.length, (i) => {
    const e = ev[i]!;
    return [num(e.at), e.kind, cell(e.reason), cell(e.node), cell(e.instanceId)].join(',');
  });
}

/** decisions.jsonl: one JSON object a line, fields in the order the deciding component wrote them. */
export function* decisionsJsonl(data: Pick<RunData, 'decisions' | 'decisionsJsonl'>): Generator<string> {
  if (data.decisionsJsonl) {
    yield* data.decisionsJsonl();
    return;
  }
  let buf = '';
  for (let i = 0; i < data.decisions.length; i++) {
    buf += JSON.stringify(data.decisions[i]) + '\n';
    if ((i + 1) % CHUNK_ROWS === 0) {
      yield buf;
      buf = '';
    }
  }
  if (buf) yield buf;
}

/** Join chunks (tests, small files). */
export function joinChunks(chunks: Iterable<string>): string {
  let s = '';
  for (const c of chunks) s += c;
  return s;
}
