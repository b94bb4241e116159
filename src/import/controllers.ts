import type { V1CronJob, V1Deployment, V1Job, V1OwnerReference, V1PodTemplateSpec, V1ReplicaSet, V1StatefulSet } from '@kubernetes/client-node';
import type { ImportContext } from './context.js';
import { type ExportObject, idOf, isObj } from './export-source.js';

export type ControllerKind = 'Deployment' | 'StatefulSet' | 'ReplicaSet' | 'Job';

/** An `initialState.controllers` entry. */
export interface ControllerEntry {
  readonly kind: ControllerKind;
  readonly name: string;
  readonly namespace: string;
  readonly replicas?: number;
  readonly completions?: number;
  readonly parallelism?: number;
  readonly template: string;
}

/** Default run time of a Job pod when the export shows no finished run to measure. */
export const DEFAULT_JOB_POD_SECONDS = 600;

export function controllerKey(kind: string, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}

/** The controller owner reference (controller: true, else the first). */
export function controllerRef(meta: { ownerReferences?: V1OwnerReference[] } | undefined): V1OwnerReference | undefined {
  const refs = meta?.ownerReferences ?? [];
  return refs.find((r) => r.controller) ?? refs[0];
}

function seconds(v: unknown): number | undefined {
  if (v instanceof Date) return v.getTime() / 1000;
  if (typeof v !== 'string') return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : t / 1000;
}

/** A Job's run time in seconds per pod "wave" (completionTime − startTime over ⌈completions / parallelism⌉), if it finished. */
export function jobPodSeconds(job: V1Job): number | undefined {
  const start = seconds(job.status?.startTime);
  const end = seconds(job.status?.completionTime);
  if (start === undefined || end === undefined || end < start) return undefined;
  const completions = job.spec?.completions ?? 1;
  const parallelism = Math.max(1, job.spec?.parallelism ?? 1);
  return Math.max(1, Math.round((end - start) / Math.ceil(completions / parallelism)));
}

function median(xs: readonly number[]): number | undefined {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
}

/** Pod run times of each CronJob's finished Jobs (median), by `namespace/name`. */
export function cronJobPodSeconds(ctx: ImportContext): Map<string, number> {
  const runs = new Map<string, number[]>();
  for (const o of ctx.c.of('Job')) {
    const job = o.obj as unknown as V1Job;
    const ref = controllerRef(job.metadata);
    const s = jobPodSeconds(job);
    if (ref?.kind !== 'CronJob' || s === undefined) continue;
    const key = `${o.namespace ?? 'default'}/${ref.name}`;
    runs.set(key, [...(runs.get(key) ?? []), s]);
  }
  return new Map([...runs].map(([k, v]) => [k, median(v)!]));
}

function isFinished(job: V1Job): boolean {
  return (job.status?.conditions ?? []).some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}

export interface ControllerImport {
  readonly controllers: Map<string, ControllerEntry>;
  /** Controller templates by controller key (for the HPA and for pods). */
  readonly templateOf: Map<string, string>;
}

function templateBase(namespace: string, name: string, kind: string, taken: ReadonlySet<string>): string {
  const base = `${namespace}/${name}`;
  return taken.has(base) ? `${namespace}/${kind.toLowerCase()}-${name}` : base;
}

/**
 * Deployments, StatefulSets, ReplicaSets without a Deployment, and Jobs still running → controllers
 * with one pod template each (from spec.template). Finished or suspended Jobs are reported.
 */
export function importControllers(ctx: ImportContext): ControllerImport {
  const controllers = new Map<string, ControllerEntry>();
  const templateOf = new Map<string, string>();
  const bases = new Set<string>();
  const cronSeconds = cronJobPodSeconds(ctx);
  const add = (o: ExportObject, kind: ControllerKind, template: V1PodTemplateSpec | undefined, specPath: (string | number)[], extra: Partial<ControllerEntry>, duration?: number): void => {
    const namespace = o.namespace ?? 'default';
    const base = templateBase(namespace, o.name, kind, bases);
    bases.add(base);
    const { name } = ctx.addTemplate(base, o, { ...(template?.metadata ? { metadata: template.metadata } : {}), spec: template!.spec!, namespace, specPath, subject: idOf(o) });
    if (duration !== undefined) ctx.templates[name]!.duration = duration;
    const key = controllerKey(kind, namespace, o.name);
    controllers.set(key, { kind, name: o.name, namespace, ...extra, template: name });
    templateOf.set(key, name);
  };
  for (const o of ctx.c.of('Deployment')) {
    const d = o.obj as unknown as V1Deployment;
    if (d.spec?.paused) ctx.report.warn('the Deployment is paused; simulated as a steady controller', idOf(o));
    add(o, 'Deployment', d.spec?.template, ['spec', 'template', 'spec'], { replicas: d.spec?.replicas ?? 1 });
  }
  for (const o of ctx.c.of('StatefulSet')) {
    const s = o.obj as unknown as V1StatefulSet;
    if ((s.spec?.volumeClaimTemplates ?? []).length > 0) ctx.report.unmapped('volumeClaimTemplates: the pods\' zonal volumes (which pin each pod to its zone) are not simulated', idOf(o));
    add(o, 'StatefulSet', s.spec?.template, ['spec', 'template', 'spec'], { replicas: s.spec?.replicas ?? 1 });
  }
  for (const o of ctx.c.of('ReplicaSet')) {
    const rs = o.obj as unknown as V1ReplicaSet;
    const ref = controllerRef(rs.metadata);
    if (ref?.kind === 'Deployment' && ctx.c.get('Deployment', o.namespace, ref.name)) continue;
    if (ref) ctx.report.unmapped(`owned by ${ref.kind} ${ref.name}, which is not in the export; kept as a ReplicaSet`, idOf(o));
    add(o, 'ReplicaSet', rs.spec?.template, ['spec', 'template', 'spec'], { replicas: rs.spec?.replicas ?? 1 });
  }
  for (const o of ctx.c.of('Job')) {
    const job = o.obj as unknown as V1Job;
    if (isFinished(job)) {
      ctx.report.unmapped('finished Jobs are history, not simulated', idOf(o));
      continue;
    }
    if (job.spec?.suspend) {
      ctx.report.unmapped('suspended Job: not simulated', idOf(o));
      continue;
    }
    const total = job.spec?.completions ?? 1;
    const remaining = Math.max(0, total - (job.status?.succeeded ?? 0));
    const ref = controllerRef(job.metadata);
    const fromCron = ref?.kind === 'CronJob' ? cronSeconds.get(`${o.namespace ?? 'default'}/${ref.name}`) : undefined;
    if (fromCron === undefined) ctx.report.guess(`running Job: its pods run ${DEFAULT_JOB_POD_SECONDS / 60} min from time 0 (no finished run in the export to measure)`, idOf(o));
    add(o, 'Job', job.spec?.template, ['spec', 'template', 'spec'], { completions: remaining, parallelism: job.spec?.parallelism ?? 1 }, fromCron ?? DEFAULT_JOB_POD_SECONDS);
  }
  return { controllers, templateOf };
}

/** The pod template of a CronJob's jobTemplate, registered as `namespace/name` (for the cronjob generator). */
export function cronJobTemplate(ctx: ImportContext, o: ExportObject): string {
  const cj = o.obj as unknown as V1CronJob;
  const namespace = o.namespace ?? 'default';
  const template = cj.spec?.jobTemplate?.spec?.template;
  const { name } = ctx.addTemplate(`${namespace}/cronjob-${o.name}`, o, {
    ...(template?.metadata ? { metadata: template.metadata } : {}),
    spec: template!.spec!,
    namespace,
    specPath: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
    subject: idOf(o),
  });
  return name;
}

/** The template's labels (for selectors) or {}. */
export function labelsOf(template: Record<string, unknown> | undefined): Record<string, string> {
  return template && isObj(template.labels) ? (template.labels as Record<string, string>) : {};
}
