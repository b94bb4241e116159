import { z } from 'zod';
import { BadRowHandler } from '../io/bad-rows.js';
import { eachRow, readTable } from '../io/table.js';
import { makePodSpec } from '../pod-template.js';
import { WorkloadLabels, type WorkloadEvent } from '../types.js';
import { referenceMachine } from './google-lifecycle.js';
import type { ReaderContext } from './reader-context.js';
import { sortEvents } from './sorted.js';

/**
 * Alibaba cluster-trace-v2018, two tables (no header; one trace entry each):
 *
 * `batch_task` (format alibaba2018-batch): task_name, instance_num, job_name, task_type, status,
 * start_time, end_time, plan_cpu (100 = 1 core), plan_mem (normalized 0–100). Each task becomes a
 * Job `<job_name>-<task_name>` in namespace `batch` at start_time, with completions = parallelism =
 * instance_num, pods of plan_cpu × 10 millicores and plan_mem % of the reference machine's memory,
 * each running end_time − start_time. Terminated and Failed tasks keep their run time; Running tasks
 * run until the horizon; other statuses (Waiting, Ready, Cancelled, Interrupted) never ran and are
 * filtered. Dependencies between tasks (the DAG in task names) are not modelled.
 *
 * `container_meta` (format alibaba2018-containers): container_id, machine_id, time_stamp, app_du,
 * status, cpu_request (100 = 1 core), cpu_limit, mem_size (normalized 0–100). Each app_du is a
 * Deployment in namespace `online` whose replicas follow the number of its containers alive over time
 * (from a container's first started/allocated row to its first stopped row); pods ask for the app's
 * first container's requests.
 *
 * Empty plan_cpu/plan_mem/cpu_request/mem_size count as 0. Memory is normalized to an undisclosed
 * machine size: `referenceMachine.memory` (default 512Gi, an assumption) sets it.
 */
const refMachine = z
  .strictObject({ cpu: z.union([z.string(), z.number()]).default(96), memory: z.union([z.string(), z.number()]).default('512Gi') })
  .default({ cpu: 96, memory: '512Gi' });
export const alibaba2018OptionsSchema = z.strictObject({ referenceMachine: refMachine }).default({ referenceMachine: { cpu: 96, memory: '512Gi' } });
export type Alibaba2018Options = z.infer<typeof alibaba2018OptionsSchema>;

const TASK_COLUMNS = ['task_name', 'instance_num', 'job_name', 'task_type', 'status', 'start_time', 'end_time', 'plan_cpu', 'plan_mem'];
const CONTAINER_COLUMNS = ['container_id', 'machine_id', 'time_stamp', 'app_du', 'status', 'cpu_request', 'cpu_limit', 'mem_size'];

/** Kubernetes names are lowercase alphanumerics and dashes. */
function kubeName(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'x';
}

export function readAlibaba2018Batch(ctx: ReaderContext, options: Alibaba2018Options = alibaba2018OptionsSchema.parse(undefined)): Iterable<WorkloadEvent> {
  const { file, stats, resolver } = ctx;
  const handler = new BadRowHandler(file, ctx.onBadRow, stats);
  const machine = referenceMachine(options.referenceMachine);
  const rows = readTable(file, handler, stats, { columns: TASK_COLUMNS, header: 'auto', required: [] });
  const events: WorkloadEvent[] = [];
  eachRow(rows, handler, (r) => {
    const status = r.str('status');
    if (!['Terminated', 'Failed', 'Running'].includes(status)) {
      stats.filtered++;
      return undefined;
    }
    const instances = r.num('instance_num', { min: 1, integer: true });
    const job = r.str('job_name') || r.fail('job_name', 'required');
    const task = r.str('task_name') || r.fail('task_name', 'required');
    const start = r.num('start_time', { min: 0 });
    const end = status === 'Running' ? undefined : r.num('end_time', { min: 0 });
    if (end !== undefined && end < start) r.fail('end_time', `before start_time (${start})`);
    const name = kubeName(`${job}-${task}`);
    const spec = makePodSpec(resolver.resolve(undefined, 'batch', job), {
      namespace: 'batch',
      requests: { cpuMillis: Math.round((r.optNum('plan_cpu', { min: 0 }) ?? 0) * 10), memoryMiB: Math.round(((r.optNum('plan_mem', { min: 0, max: 100 }) ?? 0) / 100) * machine.memoryMiB) },
      labels: { [WorkloadLabels.traceId]: kubeName(job), 'fleetsim.io/task-type': kubeName(r.str('task_type') || 'none') },
      durationSeconds: end !== undefined ? end - start : undefined,
    });
    events.push({ kind: 'job', at: start, namespace: spec.namespace, name, template: spec, completions: instances, parallelism: instances });
    return true;
  });
  return sortEvents(events);
}

interface ContainerRow {
  readonly at: number;
  readonly id: string;
  readonly app: string;
  readonly alive: boolean;
  readonly cpuMillis: number;
  readonly memoryMiB: number;
}

export function readAlibaba2018Containers(ctx: ReaderContext, options: Alibaba2018Options = alibaba2018OptionsSchema.parse(undefined)): Iterable<WorkloadEvent> {
  const { file, stats, resolver } = ctx;
  const handler = new BadRowHandler(file, ctx.onBadRow, stats);
  const machine = referenceMachine(options.referenceMachine);
  const rows = readTable(file, handler, stats, { columns: CONTAINER_COLUMNS, header: 'auto', required: [] });
  const records = eachRow(rows, handler, (r): ContainerRow => {
    const status = r.str('status').toLowerCase();
    return {
      at: r.num('time_stamp', { min: 0 }),
      id: r.str('container_id') || r.fail('container_id', 'required'),
      app: r.str('app_du') || r.fail('app_du', 'required'),
      alive: status !== 'stopped' && status !== 'dead',
      cpuMillis: Math.round((r.optNum('cpu_request', { min: 0 }) ?? 0) * 10),
      memoryMiB: Math.round(((r.optNum('mem_size', { min: 0, max: 100 }) ?? 0) / 100) * machine.memoryMiB),
    };
  });
  records.sort((a, b) => a.at - b.at);
  const state = new Map<string, 'alive' | 'stopped'>();
  const apps = new Map<string, { replicas: number; cpuMillis: number; memoryMiB: number }>();
  const events: WorkloadEvent[] = [];
  const emit = (at: number, appName: string): void => {
    const app = apps.get(appName)!;
    const name = kubeName(appName);
    const template = makePodSpec(resolver.resolve(undefined, 'online', name), {
      namespace: 'online',
      requests: { cpuMillis: app.cpuMillis, memoryMiB: app.memoryMiB },
      labels: { app: name },
    });
    const last = events.length > 0 ? events[events.length - 1]! : undefined;
    if (last && last.kind === 'scale' && last.at === at && last.name === name) events.pop();
    events.push({ kind: 'scale', at, namespace: 'online', name, replicas: app.replicas, template });
  };
  for (const c of records) {
    const s = state.get(c.id);
    if (!apps.has(c.app)) apps.set(c.app, { replicas: 0, cpuMillis: c.cpuMillis, memoryMiB: c.memoryMiB });
    const app = apps.get(c.app)!;
    if (c.alive && s === undefined) {
      state.set(c.id, 'alive');
      app.replicas++;
      emit(c.at, c.app);
    } else if (!c.alive && s === 'alive') {
      state.set(c.id, 'stopped');
      app.replicas--;
      emit(c.at, c.app);
    } else if (s === undefined) state.set(c.id, 'stopped');
  }
  return events;
}
