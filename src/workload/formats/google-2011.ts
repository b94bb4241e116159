import { z } from 'zod';
import { BadRowHandler } from '../io/bad-rows.js';
import { eachRow, readTable } from '../io/table.js';
import type { WorkloadEvent } from '../types.js';
import { band2011, referenceMachine, referenceMachineSchema, tasksToPods, type TaskAction, type TaskEvent } from './google-lifecycle.js';
import type { ReaderContext } from './reader-context.js';

/**
 * Google clusterdata-2011 `task_events` (13 columns, no header; lines starting with # are skipped):
 * timestamp µs, missing info, job ID, task index, machine ID, event type (0 SUBMIT 1 SCHEDULE 2 EVICT
 * 3 FAIL 4 FINISH 5 KILL 6 LOST 7 UPDATE_PENDING 8 UPDATE_RUNNING), user, scheduling class, priority
 * 0–11, CPU / RAM / disk request normalized 0–1, different-machine constraint. See google-lifecycle.ts
 * for how a task becomes a pod. Timestamps ≥ 2^63−1 ("after the trace") are ignored.
 */
export const google2011OptionsSchema = z.strictObject({ referenceMachine: referenceMachineSchema }).default({ referenceMachine: { cpu: 32, memory: '128Gi' } });
export type Google2011Options = z.infer<typeof google2011OptionsSchema>;

const COLUMNS = [
  'timestamp',
  'missing_info',
  'job_id',
  'task_index',
  'machine_id',
  'event_type',
  'user',
  'scheduling_class',
  'priority',
  'cpu_request',
  'memory_request',
  'disk_request',
  'different_machines',
];
const ACTIONS: TaskAction[] = ['submit', 'schedule', 'pause', 'complete', 'complete', 'delete', 'delete', 'update', 'update'];
const NEVER_US = 9.2e18;

export function readGoogle2011Trace(ctx: ReaderContext, options: Google2011Options = google2011OptionsSchema.parse(undefined)): Iterable<WorkloadEvent> {
  const { file, stats } = ctx;
  const handler = new BadRowHandler(file, ctx.onBadRow, stats);
  const machine = referenceMachine(options.referenceMachine);
  const rows = readTable(file, handler, stats, { columns: COLUMNS, header: 'no', required: [], comment: '#' });
  const tasks = eachRow(rows, handler, (r): TaskEvent | undefined => {
    const us = r.num('timestamp', { min: 0 });
    const type = r.num('event_type', { min: 0, max: 8, integer: true });
    const job = r.num('job_id', { min: 0, integer: true });
    const index = r.num('task_index', { min: 0, integer: true });
    const cpu = r.optNum('cpu_request', { min: 0, max: 1 });
    const memory = r.optNum('memory_request', { min: 0, max: 1 });
    const priority = r.optNum('priority', { min: 0, max: 11, integer: true });
    const schedulingClass = r.optNum('scheduling_class', { min: 0, max: 3, integer: true });
    if (us >= NEVER_US) return undefined;
    return { at: us / 1e6, key: `${job}-${index}`, action: ACTIONS[type]!, cpu, memory, priority, schedulingClass };
  });
  return tasksToPods(tasks, machine, band2011, ctx.resolver);
}
