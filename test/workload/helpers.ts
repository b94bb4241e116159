import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openTrace, type TraceFormat } from '../../src/workload/formats/index.js';
import type { BadRowPolicy } from '../../src/workload/io/bad-rows.js';
import type { PodTemplates } from '../../src/workload/pod-template.js';
import { TemplateResolver, type TemplateMapping } from '../../src/workload/template-resolver.js';
import { newSourceStats, type SourceStats, type WorkloadEvent } from '../../src/workload/types.js';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const TRACES = join(REPO, 'traces');

export interface ReadResult {
  readonly events: WorkloadEvent[];
  readonly stats: SourceStats;
}

/** Read a whole trace with a given format, options and templates. */
export function readTrace(
  format: TraceFormat,
  file: string,
  o: { onBadRow?: BadRowPolicy; options?: unknown; templates?: PodTemplates; mapping?: TemplateMapping } = {},
): ReadResult {
  const stats = newSourceStats(file);
  const templates = o.templates ?? new Map();
  const resolver = new TemplateResolver(templates, o.mapping ?? {}, o.templates === undefined);
  const events = [...openTrace(format, { file, resolver, onBadRow: o.onBadRow ?? 'fail', stats }, o.options, templates)];
  return { events, stats };
}

let dir: string | undefined;
/** Write a temporary file and return its path. */
export function tempFile(name: string, content: string | Uint8Array): string {
  dir ??= mkdtempSync(join(tmpdir(), 'fleetsim-workload-'));
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** The thrown error's message (fails the test when nothing is thrown). */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error, none was thrown');
}

export function pods(events: readonly WorkloadEvent[]): Extract<WorkloadEvent, { kind: 'pod' }>[] {
  return events.filter((e): e is Extract<WorkloadEvent, { kind: 'pod' }> => e.kind === 'pod');
}
