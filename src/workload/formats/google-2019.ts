import { z } from 'zod';
import { BadRowHandler } from '../io/bad-rows.js';
import { eachRow, readTable, type TableRow } from '../io/table.js';
import type { WorkloadEvent } from '../types.js';
import { band2019, referenceMachine, referenceMachineSchema, tasksToPods, type TaskAction, type TaskEvent } from './google-lifecycle.js';
import type { ReaderContext } from './reader-context.js';

/**
 * Google clusterdata-2019 `instance_events` exported from BigQuery as CSV with a header. Columns used:
 * time (µs), type (0 SUBMIT 1 QUEUE 2 ENABLE 3 SCHEDULE 4 EVICT 5 FAIL 6 FINISH 7 KILL 8 LOST
 * 9 UPDATE_PENDING 10 UPDATE_RUNNING, or those names), collection_id, instance_index, priority,
 * scheduling_class, collection_type (0 job, 1 alloc set), and the normalized requests as flattened
 * columns `resource_request.cpus` / `resource_request.memory` (also `resource_request_cpus`, `cpus`,
 * ...) or one `resource_request` column holding `{"cpus": .., "memory": ..}`. Instances of alloc sets
 * (collection_type 1) are filtered by default: their tasks' requests already count.
 * See google-lifecycle.ts for how an instance becomes a pod.
 */
export const google2019OptionsSchema = z
  .strictObject({ referenceMachine: referenceMachineSchema, allocSets: z.enum(['skip', 'include']).default('skip') })
  .default({ referenceMachine: { cpu: 32, memory: '128Gi' }, allocSets: 'skip' });
export type Google2019Options = z.infer<typeof google2019OptionsSchema>;

const TYPES = ['SUBMIT', 'QUEUE', 'ENABLE', 'SCHEDULE', 'EVICT', 'FAIL', 'FINISH', 'KILL', 'LOST', 'UPDATE_PENDING', 'UPDATE_RUNNING'];
const ACTIONS: TaskAction[] = ['submit', 'ignore', 'ignore', 'schedule', 'pause', 'complete', 'complete', 'delete', 'delete', 'update', 'update'];
const NEVER_US = 9.2e18;

const COLUMNS = ['time', 'type', 'collection_id', 'instance_index', 'priority', 'scheduling_class', 'collection_type', 'cpus', 'memory', 'resource_request'];
const ALIASES = {
  cpus: ['resource_request.cpus', 'resource_request_cpus', 'request_cpus', 'cpu_request'],
  memory: ['resource_request.memory', 'resource_request_memory', 'request_memory', 'memory_request'],
};

function requests(r: TableRow): { cpu?: number; memory?: number } {
  if (r.col('cpus') >= 0 || r.col('memory') >= 0) {
    return { cpu: r.optNum('cpus', { min: 0 }), memory: r.optNum('memory', { min: 0 }) };
  }
  const text = r.str('resource_request');
  if (text === '') return {};
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    r.fail('resource_request', `expected {"cpus": .., "memory": ..}, found ${JSON.stringify(text)}`);
  }
  const o = (v ?? {}) as { cpus?: unknown; memory?: unknown };
  const num = (x: unknown, name: string): number | undefined => {
    if (x === null || x === undefined || x === '') return undefined;
    const n = Number(x);
    if (!Number.isFinite(n) || n < 0) r.fail('resource_request', `${name}: expected a number >= 0, found ${JSON.stringify(x)}`);
    return n;
  };
  return { cpu: num(o.cpus, 'cpus'), memory: num(o.memory, 'memory') };
}

export function readGoogle2019Trace(ctx: ReaderContext, options: Google2019Options = google2019OptionsSchema.parse(undefined)): Iterable<WorkloadEvent> {
  const { file, stats } = ctx;
  const handler = new BadRowHandler(file, ctx.onBadRow, stats);
  const machine = referenceMachine(options.referenceMachine);
  const rows = readTable(file, handler, stats, { columns: COLUMNS, header: 'yes', required: ['time', 'type', 'collection_id', 'instance_index'], aliases: ALIASES });
  const skippedKeys = new Set<string>();
  const tasks = eachRow(rows, handler, (r): TaskEvent | undefined => {
    const us = r.num('time', { min: 0 });
    const typeText = r.str('type').toUpperCase();
    const type = /^\d+$/.test(typeText) ? Number(typeText) : TYPES.indexOf(typeText);
    if (!(type >= 0 && type <= 10)) r.fail('type', `expected 0–10 or an event name (SUBMIT, SCHEDULE, FINISH, ...), found ${JSON.stringify(r.str('type'))}`);
    const key = `${r.str('collection_id')}-${r.num('instance_index', { min: 0, integer: true })}`;
    const { cpu, memory } = requests(r);
    const priority = r.optNum('priority', { min: 0, integer: true });
    const schedulingClass = r.optNum('scheduling_class', { min: 0, max: 3, integer: true });
    if (options.allocSets === 'skip' && r.optNum('collection_type', { min: 0, max: 1, integer: true }) === 1) {
      if (!skippedKeys.has(key)) {
        skippedKeys.add(key);
        stats.filtered++;
      }
      return undefined;
    }
    if (us >= NEVER_US) return undefined;
    return { at: us / 1e6, key, action: ACTIONS[type]!, cpu, memory, priority, schedulingClass };
  });
  return tasksToPods(tasks, machine, band2019, ctx.resolver);
}
