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

/**
 * A minimal msgpack encoder that, unlike @msgpack/msgpack's, writes Map keys of any type (SimKube's
 * pod_lifecycles has 2-tuple keys, as Rust's rmp-serde writes them).
 */
export function msgpack(value: unknown): Uint8Array {
  const out: number[] = [];
  const u32 = (n: number): void => void out.push((n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255);
  const put = (v: unknown): void => {
    if (v === null || v === undefined) out.push(0xc0);
    else if (v === true || v === false) out.push(v ? 0xc3 : 0xc2);
    else if (typeof v === 'number') {
      if (Number.isInteger(v) && v >= 0 && v <= 0xffffffff) {
        out.push(0xce);
        u32(v);
      } else {
        const b = new DataView(new ArrayBuffer(8));
        b.setFloat64(0, v);
        out.push(0xcb, ...new Uint8Array(b.buffer));
      }
    } else if (typeof v === 'string') {
      const bytes = new TextEncoder().encode(v);
      out.push(0xdb);
      u32(bytes.length);
      out.push(...bytes);
    } else if (Array.isArray(v)) {
      out.push(0xdd);
      u32(v.length);
      v.forEach(put);
    } else if (v instanceof Map) {
      out.push(0xdf);
      u32(v.size);
      for (const [k, x] of v) {
        put(k);
        put(x);
      }
    } else if (typeof v === 'object') {
      const entries = Object.entries(v as Record<string, unknown>);
      out.push(0xdf);
      u32(entries.length);
      for (const [k, x] of entries) {
        put(k);
        put(x);
      }
    } else throw new Error(`msgpack: cannot encode ${typeof v}`);
  };
  put(value);
  return Uint8Array.from(out);
}
