import { readFileSync } from 'node:fs';
import { decode } from '@msgpack/msgpack';
import { z } from 'zod';
import { InputError } from '../../scenario/errors.js';
import { parseCron, cronTimes } from '../../model/cron.js';
import { BadRowHandler } from '../io/bad-rows.js';
import { isObj } from '../kube-objects.js';
import type { WorkloadEvent } from '../types.js';
import { podSpecFromManifest } from './kube-pod-spec.js';
import type { ReaderContext } from './reader-context.js';

/**
 * SimKube trace v2 (acrlabs/simkube): msgpack `.sktrace`, or the same structure as JSON:
 * `{version, config, events: [{ts, applied_objs, deleted_objs}], index, pod_lifecycles}`.
 * Times are Unix seconds, rebased so the first event is at 0.
 * - Deployment / StatefulSet / ReplicaSet applied → scale to spec.replicas (default 1); deleted → 0.
 * - Job → a Job (completions, parallelism default 1); CronJob → a Job at each schedule tick (UTC)
 *   from when it is applied until it is deleted or the trace ends; Job pods run for the durations
 *   recorded in pod_lifecycles (tick i uses the i-th recorded run, later ticks their mean).
 * - bare Pod → a pod; its run time is its lifecycle's Finished end − start (Running: until deleted);
 *   deleted → the pod is deleted.
 * - Other kinds are counted as filtered.
 * `pod_lifecycles` is keyed by 2-tuples (GVK, "namespace/name"): in msgpack a map with array keys;
 * in JSON an object keyed by the JSON text of the tuple or by "GVK namespace/name", or a list of
 * [[gvk, name], lifecycles] pairs.
 */
export const simkubeOptionsSchema = z.strictObject({}).optional();

type Obj = Record<string, unknown>;
const SCALABLE = new Set(['Deployment', 'StatefulSet', 'ReplicaSet']);

function loadTrace(file: string): Obj {
  let raw: Buffer;
  try {
    raw = readFileSync(file);
  } catch (e) {
    throw new InputError([{ file, message: `cannot read: ${(e as Error).message}` }], { cause: e });
  }
  let first = 0;
  while (first < raw.length && (raw[first] === 0x20 || raw[first] === 0x0a || raw[first] === 0x0d || raw[first] === 0x09)) first++;
  let v: unknown;
  try {
    if (raw[first] === 0x7b) v = JSON.parse(raw.toString('utf8'));
    else v = decode(raw, { mapKeyConverter: (k) => (typeof k === 'string' || typeof k === 'number' ? k : JSON.stringify(k)) });
  } catch (e) {
    throw new InputError([{ file, message: `not a SimKube trace (msgpack or JSON): ${(e as Error).message}` }], { cause: e });
  }
  if (!isObj(v)) throw new InputError([{ file, message: 'not a SimKube trace: expected a map with version, events, pod_lifecycles' }]);
  if (v.version !== 1 && v.version !== 2) throw new InputError([{ file, path: 'version', message: `expected SimKube trace version 1 or 2, found ${JSON.stringify(v.version)}` }]);
  if (!Array.isArray(v.events)) throw new InputError([{ file, path: 'events', message: 'expected a list of events' }]);
  return v;
}

/** Lifecycle entries ({Finished: [start, end]} | {Running: start} | "Empty") by "Kind namespace/name". */
function lifecycles(raw: unknown): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  const add = (key: unknown, value: unknown): void => {
    let tuple: unknown = key;
    if (typeof key === 'string' && key.startsWith('[')) {
      try {
        tuple = JSON.parse(key);
      } catch {
        tuple = key;
      }
    }
    let gvk: string;
    let name: string;
    if (Array.isArray(tuple) && tuple.length === 2) [gvk, name] = [String(tuple[0]), String(tuple[1])];
    else if (typeof tuple === 'string' && tuple.includes(' ')) [gvk, name] = tuple.split(' ', 2) as [string, string];
    else return;
    const kind = gvk.slice(gvk.lastIndexOf('.') + 1);
    const runs: unknown[] = [];
    if (isObj(value)) for (const list of Object.values(value)) if (Array.isArray(list)) runs.push(...list);
    out.set(`${kind} ${name}`, runs);
  };
  if (Array.isArray(raw)) for (const pair of raw) if (Array.isArray(pair) && pair.length === 2) add(pair[0], pair[1]);
  if (raw instanceof Map) for (const [k, v] of raw) add(k, v);
  else if (isObj(raw)) for (const [k, v] of Object.entries(raw)) add(k, v);
  return out;
}

function runSeconds(entry: unknown): number | undefined {
  if (!isObj(entry)) return undefined;
  const f = entry.Finished;
  if (Array.isArray(f) && f.length === 2 && typeof f[0] === 'number' && typeof f[1] === 'number') return Math.max(0, f[1] - f[0]);
  return undefined;
}

function mean(xs: number[]): number | undefined {
  return xs.length === 0 ? undefined : xs.reduce((a, b) => a + b, 0) / xs.length;
}

interface CronState {
  readonly from: number;
  to?: number;
  readonly obj: Obj;
  readonly path: string;
}

export function readSimkubeTrace(ctx: ReaderContext): Iterable<WorkloadEvent> {
  const { file, stats, resolver } = ctx;
  const handler = new BadRowHandler(file, ctx.onBadRow, stats);
  const trace = loadTrace(file);
  const runs = lifecycles(trace.pod_lifecycles);
  const events = trace.events as unknown[];
  const times = events.map((e) => (isObj(e) && typeof e.ts === 'number' ? e.ts : NaN));
  const bad = times.findIndex((t) => !Number.isFinite(t));
  if (bad >= 0) throw new InputError([{ file, path: `events[${bad}].ts`, message: 'expected a number (Unix seconds)' }]);
  const t0 = times.length ? Math.min(...times) : 0;
  const tEnd = times.length ? Math.max(...times) : 0;
  const out: WorkloadEvent[] = [];
  const crons = new Map<string, CronState>();

  const specOf = (meta: unknown, spec: unknown, ns: string | undefined, owner: string | undefined, path: string, durationSeconds?: number) =>
    podSpecFromManifest(meta, spec, { namespace: ns, template: resolver.resolve(undefined, ns, owner), durationSeconds }, path);

  events.forEach((ev, i) => {
    const e = ev as Obj;
    const at = (e.ts as number) - t0;
    for (const [listName, deleted] of [['applied_objs', false], ['deleted_objs', true]] as const) {
      const objs = Array.isArray(e[listName]) ? (e[listName] as unknown[]) : [];
      objs.forEach((o, j) => {
        const path = `events[${i}].${listName}[${j}]`;
        stats.read++;
        try {
          if (!isObj(o) || !isObj(o.metadata) || typeof o.kind !== 'string') throw new Error('expected a Kubernetes object with kind and metadata');
          const kind = o.kind;
          const meta = o.metadata;
          const ns = typeof meta.namespace === 'string' ? meta.namespace : undefined;
          const name = String(meta.name ?? '');
          if (name === '') throw new Error('metadata.name: required');
          const key = `${ns ?? 'default'}/${name}`;
          const spec = isObj(o.spec) ? o.spec : {};
          if (SCALABLE.has(kind)) {
            const tpl = isObj(spec.template) ? spec.template : {};
            const podSpec = specOf(tpl.metadata, tpl.spec ?? {}, ns, name, `${path}.spec.template`);
            const replicas = deleted ? 0 : typeof spec.replicas === 'number' ? spec.replicas : 1;
            out.push({ kind: 'scale', at, namespace: podSpec.namespace, name, replicas, template: podSpec });
          } else if (kind === 'Pod') {
            if (deleted) out.push({ kind: 'delete-pod', at, id: key });
            else {
              const run = runs.get(`Pod ${key}`)?.[0];
              const podSpec = specOf(meta, o.spec, ns, undefined, path, runSeconds(run));
              out.push({ kind: 'pod', at, id: key, spec: podSpec });
            }
          } else if (kind === 'Job') {
            if (!deleted) {
              const tpl = isObj(spec.template) ? spec.template : {};
              const d = mean((runs.get(`Job ${key}`) ?? []).map(runSeconds).filter((x): x is number => x !== undefined));
              const podSpec = specOf(tpl.metadata, tpl.spec ?? {}, ns, name, `${path}.spec.template`, d);
              const completions = typeof spec.completions === 'number' ? spec.completions : 1;
              const parallelism = typeof spec.parallelism === 'number' ? spec.parallelism : 1;
              out.push({ kind: 'job', at, namespace: podSpec.namespace, name, template: podSpec, completions, parallelism });
            }
          } else if (kind === 'CronJob') {
            if (deleted) {
              const c = crons.get(key);
              if (c && c.to === undefined) c.to = at;
            } else if (!crons.has(key)) {
              if (typeof spec.schedule !== 'string') throw new Error('spec.schedule: required');
              parseCron(spec.schedule);
              crons.set(key, { from: at, obj: o, path });
            }
          } else {
            stats.filtered++;
            return;
          }
        } catch (err) {
          if (err instanceof InputError) throw err;
          handler.bad({ path, message: (err as Error).message });
        }
      });
    }
  });

  for (const [key, c] of crons) {
    const spec = c.obj.spec as Obj;
    const jobTemplate = isObj(spec.jobTemplate) && isObj(spec.jobTemplate.spec) ? spec.jobTemplate.spec : {};
    const tpl = isObj(jobTemplate.template) ? jobTemplate.template : {};
    const name = key.slice(key.indexOf('/') + 1);
    const ns = key.slice(0, key.indexOf('/'));
    const recorded = (runs.get(`CronJob ${key}`) ?? []).map(runSeconds).filter((x): x is number => x !== undefined);
    const avg = mean(recorded);
    const schedule = parseCron(spec.schedule as string);
    let tick = 0;
    for (const t of cronTimes(schedule, c.from + t0, (c.to ?? tEnd - t0) + t0)) {
      const podSpec = podSpecFromManifest(tpl.metadata, tpl.spec ?? {}, { namespace: ns, template: resolver.resolve(undefined, ns, name), durationSeconds: recorded[tick] ?? avg }, `${c.path}.spec.jobTemplate.spec.template`);
      out.push({
        kind: 'job',
        at: t - t0,
        namespace: podSpec.namespace,
        name: `${name}-${Math.floor(t / 60)}`,
        template: podSpec,
        completions: typeof jobTemplate.completions === 'number' ? jobTemplate.completions : 1,
        parallelism: typeof jobTemplate.parallelism === 'number' ? jobTemplate.parallelism : 1,
      });
      tick++;
    }
  }
  return out.map((e, i) => ({ e, i })).sort((a, b) => a.e.at - b.e.at || a.i - b.i).map((x) => x.e);
}
