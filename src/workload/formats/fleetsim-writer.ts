import { closeSync, openSync, writeSync } from 'node:fs';
import type { PodSpec } from '../../model/index.js';
import { WorkloadLabels, type WorkloadEvent } from '../types.js';
import { rowToJson } from './fleetsim-json.js';
import { FLEETSIM_HEADER, rowToCsv, type TraceRow } from './fleetsim-row.js';
import { isJsonLines } from './fleetsim-reader.js';

function resourceFields(spec: PodSpec): Pick<TraceRow, 'cpuMillis' | 'memoryMiB' | 'gpus' | 'extended' | 'template' | 'labels' | 'priority' | 'namespace'> {
  let template: string | undefined;
  let labels: Record<string, string> | undefined;
  for (const k in spec.labels) {
    if (k === WorkloadLabels.template) template = spec.labels[k];
    else (labels ??= {})[k] = spec.labels[k]!;
  }
  const ext = spec.requests.extended;
  return {
    namespace: spec.namespace,
    cpuMillis: round3(spec.requests.cpuMillis),
    memoryMiB: round3(spec.requests.memoryMiB),
    gpus: spec.requests.gpus || undefined,
    extended: ext && Object.keys(ext).length ? ext : undefined,
    template,
    labels,
    priority: spec.priority || undefined,
  };
}

/** Times and quantities are written to the millisecond / thousandth (rounding keeps time order). */
function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}

function opt3(v: number | undefined): number | undefined {
  return v === undefined ? undefined : round3(v);
}

/**
 * One event → one record, times rounded to the millisecond. Only what the format holds survives: requests, labels, priority, owner,
 * run time and the template name (a template's nodeSelector, tolerations, affinity come back from
 * the scenario's template of that name when the trace is read).
 */
export function eventToRow(e: WorkloadEvent): TraceRow {
  switch (e.kind) {
    case 'pod':
      return {
        kind: 'pod',
        id: e.id,
        ownerKind: e.spec.owner?.kind,
        ownerName: e.spec.owner?.name,
        arrivalSeconds: round3(e.at),
        durationSeconds: opt3(e.spec.durationSeconds),
        ...resourceFields(e.spec),
      };
    case 'delete-pod':
      return { kind: 'delete', id: e.id, arrivalSeconds: round3(e.at) };
    case 'scale':
      return { kind: 'scale', ownerKind: 'Deployment', ownerName: e.name, arrivalSeconds: round3(e.at), replicas: e.replicas, ...resourceFields(e.template), namespace: e.namespace };
    case 'job':
      return {
        kind: 'job',
        ownerKind: 'Job',
        ownerName: e.name,
        arrivalSeconds: round3(e.at),
        durationSeconds: opt3(e.template.durationSeconds),
        replicas: e.completions,
        parallelism: e.parallelism,
        ...resourceFields(e.template),
        namespace: e.namespace,
      };
  }
}

/**
 * Writes events to a fleetsim trace file (CSV, or JSON Lines when the name ends in .jsonl/.ndjson),
 * buffering output in 1 MiB blocks. Events must arrive in time order, as sources yield them.
 */
export class FleetsimTraceWriter {
  private readonly fd: number;
  private readonly jsonl: boolean;
  private buf = '';
  rows = 0;

  constructor(readonly file: string) {
    this.fd = openSync(file, 'w');
    this.jsonl = isJsonLines(file);
    if (!this.jsonl) this.push(FLEETSIM_HEADER);
  }

  private push(line: string): void {
    this.buf += `${line}\n`;
    if (this.buf.length >= 1 << 20) this.flush();
  }

  write(e: WorkloadEvent): void {
    const row = eventToRow(e);
    this.push(this.jsonl ? rowToJson(row) : rowToCsv(row));
    this.rows++;
  }

  flush(): void {
    if (this.buf.length === 0) return;
    writeSync(this.fd, this.buf);
    this.buf = '';
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}
