import { readFileSync } from 'node:fs';
import type { InterruptionBucket } from '../model/index.js';
import { InputError, nearest, type InputProblem } from '../scenario/errors.js';
import { CsvSyntaxError, parseCsv, type CsvRow } from './csv.js';
import { fromCompact, INTERRUPTION_BUCKETS, type CompactCatalog, type InstanceSpec } from './spec.js';

/**
 * A user's own catalog file (see src/catalog/README.md). Three shapes are accepted:
 * - CSV with a header row, columns named as below (the reference `instance-types-us-east-1.csv` is one);
 * - JSON: an array of objects with the same keys (numbers may be numbers or strings);
 * - JSON: fleetsim's compact catalog (`{"format":"fleetsim-catalog/1", ...}`), as written by scripts/build-catalog.ts.
 * Every bad value is reported with the file, line, column and column name; all problems at once.
 */
type Kind = 'string' | 'int' | 'number' | 'bool' | 'arch' | 'bucket';

interface Column {
  readonly key: string;
  readonly kind: Kind;
  readonly required?: boolean;
}

export const USER_FILE_COLUMNS: readonly Column[] = [
  { key: 'name', kind: 'string', required: true },
  { key: 'vcpu', kind: 'int', required: true },
  { key: 'memory_mib', kind: 'int', required: true },
  { key: 'arch', kind: 'arch', required: true },
  { key: 'od_price_usd_hr', kind: 'number', required: true },
  { key: 'max_pods', kind: 'int' },
  { key: 'enis', kind: 'int' },
  { key: 'ipv4_per_eni', kind: 'int' },
  { key: 'branch_enis_pod_eni', kind: 'int' },
  { key: 'family', kind: 'string' },
  { key: 'category', kind: 'string' },
  { key: 'generation', kind: 'int' },
  { key: 'size', kind: 'string' },
  { key: 'cpu_manufacturer', kind: 'string' },
  { key: 'gpus', kind: 'int' },
  { key: 'gpu_name', kind: 'string' },
  { key: 'gpu_manufacturer', kind: 'string' },
  { key: 'gpu_memory_mib', kind: 'int' },
  { key: 'neuron_devices', kind: 'int' },
  { key: 'network_bandwidth_mbps', kind: 'int' },
  { key: 'hypervisor', kind: 'string' },
  { key: 'bare_metal', kind: 'bool' },
  { key: 'spot_savings_pct', kind: 'number' },
  { key: 'interruption_bucket', kind: 'bucket' },
];
const KNOWN = new Set(USER_FILE_COLUMNS.map((c) => c.key));
/** Columns of the reference CSV that are derived, not read (ignored without complaint). */
const IGNORED = new Set(['max_pods_vpclimits_formula', 'alloc_cpu_millicores', 'alloc_memory_mib', 'est_spot_price_usd_hr', 'interruption_index']);

export interface UserFileOptions {
  /** Skip rows whose on-demand price is empty instead of reporting them (used for the reference CSV). */
  readonly skipUnpriced?: boolean;
}

export interface UserFileResult {
  readonly specs: InstanceSpec[];
  /** Names of rows skipped for having no price (with `skipUnpriced`). */
  readonly skipped: string[];
}

interface Cell {
  readonly raw: string | number | boolean | null;
  readonly line?: number;
  readonly column?: number;
}

type Record_ = {
  readonly where: string;
  readonly line?: number;
  readonly cells: Map<string, Cell>;
  /** CSV: the header's columns (a column missing from the header is reported once, not per row). */
  readonly columns?: ReadonlySet<string>;
};

export function readUserCatalogFile(file: string, opts: UserFileOptions = {}): UserFileResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError([{ file, message: `cannot read catalog file: ${(e as Error).message}` }], { cause: e });
  }
  return parseUserCatalog(file, text, opts);
}

export function parseUserCatalog(file: string, text: string, opts: UserFileOptions = {}): UserFileResult {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return parseJson(file, text, opts);
  return parseCsvCatalog(file, text, opts);
}

function parseCsvCatalog(file: string, text: string, opts: UserFileOptions): UserFileResult {
  let rows: CsvRow[];
  try {
    rows = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw new InputError([{ file, line: e.line, column: e.column, message: e.message }]);
    throw e;
  }
  if (rows.length === 0) throw new InputError([{ file, line: 1, message: 'empty catalog file: expected a header row' }]);
  const header = rows[0]!.fields;
  const problems: InputProblem[] = [];
  const keys = header.map((f) => f.value.trim());
  checkHeader(
    keys,
    (i) => ({ line: header[i]!.line, column: header[i]!.column }),
    problems,
    file,
  );
  const records: Record_[] = [];
  const columns = new Set(keys);
  for (const row of rows.slice(1)) {
    if (row.fields.length !== keys.length) {
      problems.push({ file, line: row.line, column: 1, message: `expected ${keys.length} columns, found ${row.fields.length}` });
      continue;
    }
    const cells = new Map<string, Cell>();
    row.fields.forEach((f, i) => cells.set(keys[i]!, { raw: f.value.trim(), line: f.line, column: f.column }));
    records.push({ where: `row at line ${row.line}`, line: row.line, cells, columns });
  }
  return finish(file, records, problems, opts);
}

function checkHeader(keys: readonly string[], at: (i: number) => { line?: number; column?: number }, problems: InputProblem[], file: string): void {
  keys.forEach((k, i) => {
    if (!KNOWN.has(k) && !IGNORED.has(k)) {
      const hint = nearest(k, KNOWN);
      problems.push({ file, ...at(i), path: k, message: `unknown column "${k}"${hint ? ` (did you mean "${hint}"?)` : ''}` });
    }
  });
  for (const c of USER_FILE_COLUMNS) {
    if (c.required && !keys.includes(c.key)) problems.push({ file, line: 1, message: `missing required column "${c.key}"` });
  }
}

function lineColumnOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      last = i;
    }
  }
  return { line, column: offset - last };
}

function parseJson(file: string, text: string, opts: UserFileOptions): UserFileResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    const where = m ? lineColumnOf(text, Number(m[1])) : {};
    throw new InputError([{ file, ...where, message: `invalid JSON: ${(e as Error).message}` }], { cause: e });
  }
  if (!Array.isArray(doc) && typeof doc === 'object' && doc !== null && (doc as { format?: unknown }).format === 'fleetsim-catalog/1') {
    const cat = doc as CompactCatalog;
    if (!Array.isArray(cat.columns) || !Array.isArray(cat.types)) {
      throw new InputError([{ file, path: 'columns', message: 'a fleetsim-catalog/1 file needs "columns" and "types" arrays' }]);
    }
    return { specs: fromCompact(cat), skipped: [] };
  }
  if (!Array.isArray(doc)) {
    throw new InputError([{ file, line: 1, column: 1, message: 'expected a JSON array of instance types or a fleetsim-catalog/1 object' }]);
  }
  const problems: InputProblem[] = [];
  const records: Record_[] = [];
  doc.forEach((item: unknown, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      problems.push({ file, path: `[${i}]`, message: 'expected an object' });
      return;
    }
    const cells = new Map<string, Cell>();
    for (const [k, v] of Object.entries(item)) {
      if (!KNOWN.has(k) && !IGNORED.has(k)) {
        const hint = nearest(k, KNOWN);
        problems.push({ file, path: `[${i}].${k}`, message: `unknown field "${k}"${hint ? ` (did you mean "${hint}"?)` : ''}` });
        continue;
      }
      cells.set(k, { raw: typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : v === null ? null : JSON.stringify(v) });
    }
    records.push({ where: `[${i}]`, cells });
  });
  return finish(file, records, problems, opts);
}

function finish(file: string, records: readonly Record_[], problems: InputProblem[], opts: UserFileOptions): UserFileResult {
  const specs: InstanceSpec[] = [];
  const skipped: string[] = [];
  const seen = new Set<string>();
  for (const rec of records) {
    const r = toSpec(file, rec, problems, opts);
    if (r === 'skip') {
      skipped.push(String(rec.cells.get('name')?.raw ?? rec.where));
    } else if (r) {
      if (seen.has(r.name)) {
        const cell = rec.cells.get('name');
        const at = cell?.line !== undefined ? { line: cell.line, column: cell.column } : {};
        problems.push({ file, ...at, path: pathOf(rec, 'name'), message: `duplicate instance type "${r.name}"` });
        continue;
      }
      seen.add(r.name);
      specs.push(r);
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  return { specs, skipped };
}

function pathOf(rec: Record_, key: string): string {
  return rec.line !== undefined ? key : `${rec.where}.${key}`;
}

function toSpec(file: string, rec: Record_, problems: InputProblem[], opts: UserFileOptions): InstanceSpec | 'skip' | undefined {
  const before = problems.length;
  const v: Record<string, string | number | boolean | undefined> = {};
  for (const c of USER_FILE_COLUMNS) {
    const cell = rec.cells.get(c.key);
    const raw = cell?.raw;
    const at = { file, ...(cell?.line !== undefined ? { line: cell.line, column: cell.column } : {}), path: pathOf(rec, c.key) };
    if (raw === undefined || raw === null || raw === '') {
      if (c.key === 'od_price_usd_hr' && opts.skipUnpriced) return 'skip';
      if (c.required && rec.columns && !rec.columns.has(c.key)) continue;
      if (c.required) problems.push({ ...at, message: raw === undefined ? 'required field is missing' : 'required value is empty' });
      continue;
    }
    const parsed = parseValue(c.key, c.kind, raw);
    if (typeof parsed === 'object') problems.push({ ...at, message: `${parsed.error}, found "${String(raw)}"` });
    else v[c.key] = parsed;
  }
  const name = v.name as string | undefined;
  if (name !== undefined && !/^[a-z0-9][a-z0-9-]*\.[a-z0-9-]+$/.test(name)) {
    const cell = rec.cells.get('name');
    problems.push({ file, ...(cell?.line !== undefined ? { line: cell.line, column: cell.column } : {}), path: pathOf(rec, 'name'), message: `expected an instance type name like "m5.large", found "${name}"` });
  }
  let eniMaxPods = v.max_pods as number | undefined;
  if (eniMaxPods === undefined && v.enis !== undefined && v.ipv4_per_eni !== undefined) {
    eniMaxPods = (v.enis as number) * ((v.ipv4_per_eni as number) - 1) + 2;
  }
  if (eniMaxPods === undefined && problems.length === before) {
    problems.push({ file, ...(rec.line !== undefined ? { line: rec.line } : {}), path: pathOf(rec, 'max_pods'), message: 'needs max_pods, or enis and ipv4_per_eni' });
  }
  if (problems.length > before || name === undefined || eniMaxPods === undefined) return undefined;
  const dot = name.indexOf('.');
  const family = (v.family as string | undefined) ?? name.slice(0, dot);
  const gen = /\d+/.exec(family);
  const savings = v.spot_savings_pct as number | undefined;
  return {
    name,
    family,
    category: (v.category as string | undefined) ?? (/^[a-z]+/.exec(family)?.[0] ?? family),
    generation: (v.generation as number | undefined) ?? (gen ? Number(gen[0]) : 0),
    size: (v.size as string | undefined) ?? name.slice(dot + 1),
    vcpu: v.vcpu as number,
    memoryMiB: v.memory_mib as number,
    arch: v.arch as 'amd64' | 'arm64',
    cpuManufacturer: (v.cpu_manufacturer as string | undefined) ?? '',
    gpuCount: (v.gpus as number | undefined) ?? 0,
    gpuName: (v.gpu_name as string | undefined) ?? '',
    gpuManufacturer: (v.gpu_manufacturer as string | undefined) ?? '',
    gpuMemoryMiB: (v.gpu_memory_mib as number | undefined) ?? 0,
    neuronDevices: (v.neuron_devices as number | undefined) ?? 0,
    eniMaxPods,
    ...(v.enis !== undefined ? { enis: v.enis as number } : {}),
    ...(v.ipv4_per_eni !== undefined ? { ipv4PerEni: v.ipv4_per_eni as number } : {}),
    ...(v.branch_enis_pod_eni !== undefined ? { branchEnis: v.branch_enis_pod_eni as number } : {}),
    networkBandwidthMbps: (v.network_bandwidth_mbps as number | undefined) ?? 0,
    hypervisor: (v.hypervisor as string | undefined) ?? '',
    bareMetal: (v.bare_metal as boolean | undefined) ?? false,
    onDemandPricePerHour: v.od_price_usd_hr as number,
    ...(savings !== undefined
      ? { spotSavingsPercent: savings, interruptionBucket: (v.interruption_bucket as InterruptionBucket | undefined) ?? '<5%' }
      : {}),
  };
}

function parseValue(key: string, kind: Kind, raw: string | number | boolean): string | number | boolean | { error: string } {
  const s = String(raw).trim();
  if (key === 'spot_savings_pct') {
    const n = Number(s);
    return s !== '' && n >= 0 && n < 100 ? n : { error: 'expected a percentage in [0, 100)' };
  }
  switch (kind) {
    case 'string':
      return s;
    case 'int': {
      const n = Number(s);
      return Number.isInteger(n) && n >= 0 ? n : { error: 'expected a whole number >= 0' };
    }
    case 'number': {
      const n = Number(s);
      return s !== '' && Number.isFinite(n) && n >= 0 ? n : { error: 'expected a number >= 0' };
    }
    case 'bool':
      if (/^(true|1|yes)$/i.test(s)) return true;
      if (/^(false|0|no)$/i.test(s)) return false;
      return { error: 'expected true or false' };
    case 'arch':
      if (s === 'amd64' || s === 'x86_64') return 'amd64';
      if (s === 'arm64') return 'arm64';
      return { error: 'expected amd64 or arm64' };
    case 'bucket':
      return (INTERRUPTION_BUCKETS as readonly string[]).includes(s) ? s : { error: `expected one of ${INTERRUPTION_BUCKETS.join(', ')}` };
  }
}
