import { closeSync, openSync } from 'node:fs';
import type { PodSpec } from '../../model/index.js';
import { WorkloadLabels, type WorkloadEvent } from '../types.js';
import { ByteWriter } from '../io/byte-writer.js';
import { writeJsonRow } from './fleetsim-json.js';
import { FLEETSIM_HEADER, rowToCsv, type TraceRow } from './fleetsim-row.js';
import { isJsonLines } from './fleetsim-reader.js';

/** The template name (its label) and the other labels of a spec. */
function splitLabels(spec: PodSpec): { template: string | undefined; labels: Record<string, string> | undefined } {
  let template: string | undefined;
  let labels: Record<string, string> | undefined;
  for (const k in spec.labels) {
    if (k === WorkloadLabels.template) template = spec.labels[k];
    else (labels ??= {})[k] = spec.labels[k]!;
  }
  return { template, labels };
}

function extendedOf(spec: PodSpec): Readonly<Record<string, number>> | undefined {
  const ext = spec.requests.extended;
  return ext && Object.keys(ext).length ? ext : undefined;
}

/** Times and quantities are written to the millisecond / thousandth (rounding keeps time order). */
function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}

function opt3(v: number | undefined): number | undefined {
  return v === undefined ? undefined : round3(v);
}

/** The columns of a row that are not the spec's. */
interface RowHead {
  readonly kind: TraceRow['kind'];
  readonly id?: string;
  readonly ownerKind?: string;
  readonly ownerName?: string;
  readonly arrivalSeconds: number;
  readonly durationSeconds?: number;
  readonly replicas?: number;
  readonly parallelism?: number;
}

/** A row: its head plus the spec's columns (namespace, requests, template, labels, priority), field by field. */
function specRow(head: RowHead, spec: PodSpec, namespace: string): TraceRow {
  const { template, labels } = splitLabels(spec);
  return {
    kind: head.kind,
    id: head.id,
    ownerKind: head.ownerKind,
    ownerName: head.ownerName,
    arrivalSeconds: head.arrivalSeconds,
    durationSeconds: head.durationSeconds,
    replicas: head.replicas,
    parallelism: head.parallelism,
    namespace,
    cpuMillis: round3(spec.requests.cpuMillis),
    memoryMiB: round3(spec.requests.memoryMiB),
    gpus: spec.requests.gpus || undefined,
    extended: extendedOf(spec),
    template,
    labels,
    priority: spec.priority || undefined,
  };
}

/**
 * One event → one record, times rounded to the millisecond. Only what the format holds survives: requests, labels, priority, owner,
 * run time and the template name (a template's nodeSelector, tolerations, affinity come back from
 * the scenario's template of that name when the trace is read). The writers put columns in their own
 * fixed order; an absent column and an undefined one are written alike.
 */
export function eventToRow(e: WorkloadEvent): TraceRow {
  switch (e.kind) {
    case 'pod': {
      const spec = e.spec;
      const head = { kind: 'pod', id: e.id, ownerKind: spec.owner?.kind, ownerName: spec.owner?.name, arrivalSeconds: round3(e.at), durationSeconds: opt3(spec.durationSeconds) } as const;
      return specRow(head, spec, spec.namespace);
    }
    case 'delete-pod':
      return { kind: 'delete', id: e.id, arrivalSeconds: round3(e.at) };
    case 'scale':
      return specRow({ kind: 'scale', ownerKind: 'Deployment', ownerName: e.name, arrivalSeconds: round3(e.at), replicas: e.replicas }, e.template, e.namespace);
    case 'job':
      return specRow(
        {
          kind: 'job',
          ownerKind: 'Job',
          ownerName: e.name,
          arrivalSeconds: round3(e.at),
          durationSeconds: opt3(e.template.durationSeconds),
          replicas: e.completions,
          parallelism: e.parallelism,
        },
        e.template,
        e.namespace,
      );
  }
}

/**
 * Writes events to a fleetsim trace file (CSV, or JSON Lines when the name ends in .jsonl/.ndjson),
 * buffering output in 1 MiB blocks. Events must arrive in time order, as sources yield them. JSON
 * Lines are encoded straight into the output block; CSV lines are built as strings.
 */
export class FleetsimTraceWriter {
  private readonly fd: number;
  private readonly jsonl: boolean;
  private readonly out: ByteWriter;
  rows = 0;

  constructor(readonly file: string) {
    this.fd = openSync(file, 'w');
    this.jsonl = isJsonLines(file);
    this.out = new ByteWriter(this.fd);
    if (!this.jsonl) this.line(FLEETSIM_HEADER);
  }

  private line(text: string): void {
    this.out.text(text);
    this.out.byte(10);
    this.out.endRecord();
  }

  write(e: WorkloadEvent): void {
    const row = eventToRow(e);
    if (this.jsonl) {
      writeJsonRow(this.out, row);
      this.out.endRecord();
    } else this.line(rowToCsv(row));
    this.rows++;
  }

  flush(): void {
    this.out.flush();
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}
