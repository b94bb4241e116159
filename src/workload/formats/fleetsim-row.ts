import { RowError, parseNumberField } from '../io/bad-rows.js';
import { csvField } from '../io/csv.js';

/**
 * fleetsim's own trace format, one record per row (CSV with a header, or JSON Lines with the same
 * names). Documented in traces/README.md. Record kinds:
 * - `pod`: a pod created at arrival_s; runs duration_s once Running then completes; deleted at end_s.
 * - `scale`: Deployment owner_name in namespace scaled to `replicas` at arrival_s (0 removes it).
 * - `job`: Job owner_name with completions = `replicas`, `parallelism`; each pod runs duration_s.
 * - `delete`: the pod `id` is deleted at arrival_s.
 */
export const FLEETSIM_COLUMNS = [
  'id',
  'kind',
  'owner_kind',
  'owner_name',
  'namespace',
  'arrival_s',
  'duration_s',
  'end_s',
  'cpu_millis',
  'memory_mib',
  'gpus',
  'extended',
  'priority',
  'labels',
  'template',
  'replicas',
  'parallelism',
] as const;

export type FleetsimColumn = (typeof FLEETSIM_COLUMNS)[number];
export const FLEETSIM_HEADER = FLEETSIM_COLUMNS.join(',');
export const COLUMN_INDEX: Readonly<Record<FleetsimColumn, number>> = Object.fromEntries(FLEETSIM_COLUMNS.map((c, i) => [c, i])) as Record<
  FleetsimColumn,
  number
>;

export type RowKind = 'pod' | 'scale' | 'job' | 'delete';

export interface TraceRow {
  readonly kind: RowKind;
  readonly id?: string;
  readonly ownerKind?: string;
  readonly ownerName?: string;
  readonly namespace?: string;
  readonly arrivalSeconds: number;
  readonly durationSeconds?: number;
  readonly endSeconds?: number;
  readonly cpuMillis?: number;
  readonly memoryMiB?: number;
  readonly gpus?: number;
  readonly extended?: Readonly<Record<string, number>>;
  readonly priority?: number;
  readonly labels?: Readonly<Record<string, string>>;
  readonly template?: string;
  readonly replicas?: number;
  readonly parallelism?: number;
}

const KINDS = new Set<string>(['pod', 'scale', 'job', 'delete']);

/** `a=1;b=x` → {a: "1", b: "x"}. */
export function parsePairs(value: string, index: number, name: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of value.split(';')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0) throw new RowError(`${name}: expected key=value pairs separated by ";", found ${JSON.stringify(part)}`, index, name);
    out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

export function formatPairs(map: Readonly<Record<string, string | number>> | undefined): string {
  if (!map) return '';
  return Object.entries(map)
    .map(([k, v]) => `${k}=${v}`)
    .join(';');
}

/** The `extended` column (`name=count;...`) → counts; throws RowError naming the column. */
export function extendedFromText(text: string): Record<string, number> {
  const extended: Record<string, number> = {};
  for (const [k, v] of Object.entries(parsePairs(text, COLUMN_INDEX.extended, 'extended'))) {
    extended[k] = parseNumberField(v, COLUMN_INDEX.extended, `extended ${k}`, { min: 0 });
  }
  return extended;
}

function opt(f: string[], col: FleetsimColumn): string | undefined {
  const v = f[COLUMN_INDEX[col]];
  return v === undefined || v === '' ? undefined : v;
}

function num(f: string[], col: FleetsimColumn, min: number, integer = false): number | undefined {
  const v = opt(f, col);
  return v === undefined ? undefined : parseNumberField(v, COLUMN_INDEX[col], col, { min, integer });
}

/**
 * Parse the fields of one CSV record (columns in FLEETSIM_COLUMNS order; a reader reorders by header
 * first). Throws RowError naming the column at fault.
 */
export function rowFromFields(f: string[]): TraceRow {
  const kindText = opt(f, 'kind') ?? 'pod';
  if (!KINDS.has(kindText)) throw new RowError(`kind: expected pod, scale, job or delete, found ${JSON.stringify(kindText)}`, COLUMN_INDEX.kind, 'kind');
  const kind = kindText as RowKind;
  const arrival = opt(f, 'arrival_s');
  if (arrival === undefined) throw new RowError('arrival_s: required', COLUMN_INDEX.arrival_s, 'arrival_s');
  const extendedText = opt(f, 'extended');
  const extended = extendedText !== undefined ? extendedFromText(extendedText) : undefined;
  const labelsText = opt(f, 'labels');
  const row: TraceRow = {
    kind,
    id: opt(f, 'id'),
    ownerKind: opt(f, 'owner_kind'),
    ownerName: opt(f, 'owner_name'),
    namespace: opt(f, 'namespace'),
    arrivalSeconds: parseNumberField(arrival, COLUMN_INDEX.arrival_s, 'arrival_s', { min: 0 }),
    durationSeconds: num(f, 'duration_s', 0),
    endSeconds: num(f, 'end_s', 0),
    cpuMillis: num(f, 'cpu_millis', 0),
    memoryMiB: num(f, 'memory_mib', 0),
    gpus: num(f, 'gpus', 0, true),
    extended,
    priority: num(f, 'priority', -2147483648, true),
    labels: labelsText !== undefined ? parsePairs(labelsText, COLUMN_INDEX.labels, 'labels') : undefined,
    template: opt(f, 'template'),
    replicas: num(f, 'replicas', 0, true),
    parallelism: num(f, 'parallelism', 1, true),
  };
  checkRow(row);
  return row;
}

function fail(col: FleetsimColumn, message: string): never {
  throw new RowError(`${col}: ${message}`, COLUMN_INDEX[col], col);
}

/** Cross-field rules of each record kind (shared by the CSV and JSON Lines readers). */
export function checkRow(r: TraceRow): void {
  switch (r.kind) {
    case 'pod':
      if (!r.id) fail('id', 'required for a pod record');
      if (r.endSeconds !== undefined && r.endSeconds < r.arrivalSeconds) fail('end_s', `must not be before arrival_s (${r.arrivalSeconds}), found ${r.endSeconds}`);
      if (r.replicas !== undefined) fail('replicas', 'only scale and job records take replicas');
      break;
    case 'scale':
      if (!r.ownerName) fail('owner_name', 'required for a scale record (the Deployment name)');
      if (r.replicas === undefined) fail('replicas', 'required for a scale record');
      if (r.ownerKind !== undefined && r.ownerKind !== 'Deployment') fail('owner_kind', `a scale record scales a Deployment, found ${r.ownerKind}`);
      if (r.durationSeconds !== undefined || r.endSeconds !== undefined) fail(r.durationSeconds !== undefined ? 'duration_s' : 'end_s', 'not used by scale records (scale to 0 instead)');
      break;
    case 'job':
      if (!r.ownerName) fail('owner_name', 'required for a job record (the Job name)');
      if (r.replicas === undefined || r.replicas < 1) fail('replicas', 'a job record needs replicas (completions) >= 1');
      if (r.endSeconds !== undefined) fail('end_s', 'not used by job records');
      break;
    case 'delete':
      if (!r.id) fail('id', 'required for a delete record (the pod to delete)');
      break;
  }
}

/**
 * `String(v)`, faster for the usual trace values: integers, and fractions with at most 3 decimals
 * (times and quantities are written to the thousandth). For such a v below 10^12, the decimal m/1000
 * (m = v·1000 rounded, checked exact: m / 1000 === v) has at most 15 significant digits, so it is the
 * only decimal that short to round to v: the shortest round-trip form that String() prints.
 */
export function formatNumber(v: number): string {
  if (Number.isInteger(v) || !(v > -1e12 && v < 1e12)) return String(v);
  const m = Math.round(v * 1000);
  if (m / 1000 !== v) return String(v);
  const a = m < 0 ? -m : m;
  const whole = Math.floor(a / 1000);
  let f = a - whole * 1000;
  let frac: string;
  if (f % 100 === 0) frac = String(f / 100);
  else if (f % 10 === 0) {
    f /= 10;
    frac = f < 10 ? `0${f}` : String(f);
  } else frac = f < 10 ? `00${f}` : f < 100 ? `0${f}` : String(f);
  return `${m < 0 ? '-' : ''}${whole}.${frac}`;
}

function n(v: number | undefined): string {
  return v === undefined ? '' : formatNumber(v);
}

/** One CSV line (without newline) in FLEETSIM_COLUMNS order. */
export function rowToCsv(r: TraceRow): string {
  return [
    csvField(r.id ?? ''),
    r.kind,
    csvField(r.ownerKind ?? ''),
    csvField(r.ownerName ?? ''),
    csvField(r.namespace ?? ''),
    n(r.arrivalSeconds),
    n(r.durationSeconds),
    n(r.endSeconds),
    n(r.cpuMillis),
    n(r.memoryMiB),
    n(r.gpus),
    csvField(formatPairs(r.extended)),
    n(r.priority),
    csvField(formatPairs(r.labels)),
    csvField(r.template ?? ''),
    n(r.replicas),
    n(r.parallelism),
  ].join(',');
}
