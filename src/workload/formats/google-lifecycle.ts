import { z } from 'zod';
import { makePodSpec } from '../pod-template.js';
import type { TemplateResolver } from '../template-resolver.js';
import { WorkloadLabels, type WorkloadEvent } from '../types.js';
import { cpuMillisOf, memoryMiBOf } from '../quantity.js';
import { sortEvents } from './sorted.js';

/**
 * The task (instance) lifecycle shared by the Google 2011 task events and the 2019 InstanceEvents:
 * SUBMIT → (QUEUE/ENABLE) → SCHEDULE → EVICT | FAIL | FINISH | KILL | LOST, with resubmission after
 * EVICT or FAIL, and UPDATE_PENDING / UPDATE_RUNNING changing requests.
 *
 * One task becomes one pod: it arrives at its first SUBMIT (or first event) and, if it ran, runs for
 * its total running time across all SCHEDULE→end segments, then completes — so its work is kept even
 * when the simulated cluster starts it later than Borg did. A task killed or lost before it ever ran
 * is deleted at that time; a task still pending or running at the end of the trace runs until the
 * horizon. Evictions and failures are Borg's own and are not replayed.
 *
 * Requests are normalized 0–1 to the largest machine: × `referenceMachine` (default 32 CPUs and
 * 128 GiB, an assumption — set it to the cell you model). The first non-empty request of a task
 * counts. Priority bands become the namespace (templateByNamespace can map them) and a priority.
 */
export type TaskAction = 'submit' | 'schedule' | 'pause' | 'complete' | 'delete' | 'update' | 'ignore';

export interface TaskEvent {
  readonly at: number;
  readonly key: string;
  readonly action: TaskAction;
  readonly cpu?: number;
  readonly memory?: number;
  readonly priority?: number;
  readonly schedulingClass?: number;
}

export const referenceMachineSchema = z
  .strictObject({ cpu: z.union([z.string(), z.number()]).default(32), memory: z.union([z.string(), z.number()]).default('128Gi') })
  .default({ cpu: 32, memory: '128Gi' });

export interface ReferenceMachine {
  readonly cpuMillis: number;
  readonly memoryMiB: number;
}

export function referenceMachine(input: { cpu: string | number; memory: string | number }): ReferenceMachine {
  const cpuMillis = cpuMillisOf(input.cpu);
  const memoryMiB = memoryMiBOf(input.memory);
  if (cpuMillis === undefined || memoryMiB === undefined) throw new Error(`referenceMachine: expected quantities, found cpu ${input.cpu}, memory ${input.memory}`);
  return { cpuMillis, memoryMiB };
}

export interface PriorityBand {
  readonly band: string;
  readonly priority: number;
}

/** Kubernetes priority per band: free 0, batch 1000, mid 2000, production 10000, monitoring 100000. */
const BAND_PRIORITY: Record<string, number> = { free: 0, batch: 1000, mid: 2000, production: 10000, monitoring: 100000 };

/** 2011: 0–1 free ("gratis"), 2–8 batch ("other"), 9–11 production. */
export function band2011(p: number): PriorityBand {
  const band = p <= 1 ? 'free' : p <= 8 ? 'batch' : 'production';
  return { band, priority: BAND_PRIORITY[band]! };
}

/** 2019: ≤ 99 free tier, 100–115 best-effort batch, 116–119 mid-tier, 120–359 production, ≥ 360 monitoring. */
export function band2019(p: number): PriorityBand {
  const band = p <= 99 ? 'free' : p <= 115 ? 'batch' : p <= 119 ? 'mid' : p <= 359 ? 'production' : 'monitoring';
  return { band, priority: BAND_PRIORITY[band]! };
}

interface TaskState {
  arrival: number;
  cpu?: number;
  memory?: number;
  priority?: number;
  schedulingClass?: number;
  runningSince?: number;
  ran: number;
  everRan: boolean;
  outcome?: { kind: 'complete' | 'delete'; at: number };
}

/** Fold task events (any order; sorted here by time) into pod events. */
export function tasksToPods(
  events: TaskEvent[],
  machine: ReferenceMachine,
  bandOf: (p: number) => PriorityBand,
  resolver: TemplateResolver,
): WorkloadEvent[] {
  events.sort((a, b) => a.at - b.at);
  const tasks = new Map<string, TaskState>();
  for (const e of events) {
    let t = tasks.get(e.key);
    if (!t) {
      t = { arrival: e.at, ran: 0, everRan: false };
      tasks.set(e.key, t);
    }
    if (t.cpu === undefined && e.cpu !== undefined) t.cpu = e.cpu;
    if (t.memory === undefined && e.memory !== undefined) t.memory = e.memory;
    if (t.priority === undefined && e.priority !== undefined) t.priority = e.priority;
    if (t.schedulingClass === undefined && e.schedulingClass !== undefined) t.schedulingClass = e.schedulingClass;
    const stopRunning = (): void => {
      if (t!.runningSince !== undefined) t!.ran += e.at - t!.runningSince;
      t!.runningSince = undefined;
    };
    switch (e.action) {
      case 'submit':
        t.outcome = undefined;
        break;
      case 'schedule':
        if (t.runningSince === undefined) t.runningSince = e.at;
        t.everRan = true;
        t.outcome = undefined;
        break;
      case 'pause':
        stopRunning();
        break;
      case 'complete':
      case 'delete':
        stopRunning();
        t.outcome = { kind: e.action, at: e.at };
        break;
      default:
        break;
    }
  }
  const out: WorkloadEvent[] = [];
  for (const [key, t] of tasks) {
    const { band, priority } = bandOf(t.priority ?? 0);
    const namespace = band;
    const labels: Record<string, string> = { [WorkloadLabels.priorityBand]: band };
    if (t.schedulingClass !== undefined) labels['fleetsim.io/scheduling-class'] = String(t.schedulingClass);
    let durationSeconds: number | undefined;
    let deleteAt: number | undefined;
    if (t.outcome && t.everRan && t.runningSince === undefined) durationSeconds = t.ran;
    else if (t.outcome && !t.everRan) deleteAt = t.outcome.at;
    const spec = makePodSpec(resolver.resolve(undefined, namespace, undefined), {
      namespace,
      requests: { cpuMillis: Math.round((t.cpu ?? 0) * machine.cpuMillis), memoryMiB: Math.round((t.memory ?? 0) * machine.memoryMiB) },
      labels,
      priority,
      durationSeconds,
    });
    out.push({ kind: 'pod', at: t.arrival, id: key, spec });
    if (deleteAt !== undefined) out.push({ kind: 'delete-pod', at: deleteAt, id: key });
  }
  return sortEvents(out);
}
