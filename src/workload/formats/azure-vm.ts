import { z } from 'zod';
import { BadRowHandler } from '../io/bad-rows.js';
import { eachRow, readTable, type TableRow } from '../io/table.js';
import { makePodSpec } from '../pod-template.js';
import type { WorkloadEvent } from '../types.js';
import type { ReaderContext } from './reader-context.js';
import { sortEvents } from './sorted.js';

/**
 * Azure Public Dataset `vmtable.csv` (V1/V2; no header): vmid, subscriptionid, deploymentid,
 * vmcreated, vmdeleted (seconds from the trace start), maxcpu, avgcpu, p95maxcpu, vmcategory,
 * vmcorecountbucket, vmmemorybucket (GB). Each VM becomes a pod created at vmcreated and deleted at
 * vmdeleted, asking for its bucket's cores and memory; the open-ended top buckets (">24" cores,
 * ">64" GB) count as `coresAbove24` (default 32) and `memoryGiBAbove64` (default 128). The namespace
 * is the VM category (interactive, delay-insensitive, unknown) and the owner the deployment id, for
 * templateByNamespace / templateByOwner.
 */
export const azureVmOptionsSchema = z
  .strictObject({ coresAbove24: z.number().int().min(25).default(32), memoryGiBAbove64: z.number().min(65).default(128) })
  .default({ coresAbove24: 32, memoryGiBAbove64: 128 });
export type AzureVmOptions = z.infer<typeof azureVmOptionsSchema>;

const COLUMNS = ['vmid', 'subscriptionid', 'deploymentid', 'vmcreated', 'vmdeleted', 'maxcpu', 'avgcpu', 'p95maxcpu', 'vmcategory', 'vmcorecountbucket', 'vmmemorybucket'];

function bucket(r: TableRow, name: string, above: number, top: string): number {
  const v = r.str(name);
  if (v === top) return above;
  const n = r.num(name, { min: 0 });
  if (n <= 0) r.fail(name, `expected a positive bucket or "${top}", found ${JSON.stringify(v)}`);
  return n;
}

export function readAzureVmTrace(ctx: ReaderContext, options: AzureVmOptions = azureVmOptionsSchema.parse(undefined)): Iterable<WorkloadEvent> {
  const { file, stats, resolver } = ctx;
  const handler = new BadRowHandler(file, ctx.onBadRow, stats);
  const rows = readTable(file, handler, stats, { columns: COLUMNS, header: 'auto', required: [] });
  const events: WorkloadEvent[] = [];
  eachRow(rows, handler, (r) => {
    const id = r.str('vmid') || r.fail('vmid', 'required');
    const created = r.num('vmcreated', { min: 0 });
    const deleted = r.optNum('vmdeleted', { min: 0 });
    if (deleted !== undefined && deleted < created) r.fail('vmdeleted', `before vmcreated (${created})`);
    const cores = bucket(r, 'vmcorecountbucket', options.coresAbove24, '>24');
    const memoryGiB = bucket(r, 'vmmemorybucket', options.memoryGiBAbove64, '>64');
    const namespace = (r.str('vmcategory') || 'unknown').toLowerCase().replace(/[^a-z0-9]+/g, '-');
    const owner = r.str('deploymentid') || undefined;
    const spec = makePodSpec(resolver.resolve(undefined, namespace, owner), {
      namespace,
      requests: { cpuMillis: cores * 1000, memoryMiB: memoryGiB * 1024 },
    });
    events.push({ kind: 'pod', at: created, id, spec });
    if (deleted !== undefined) events.push({ kind: 'delete-pod', at: deleted, id });
    return true;
  });
  return sortEvents(events);
}
