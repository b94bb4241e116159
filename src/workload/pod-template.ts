import { z } from 'zod';
import type { Labels, OwnerRef, PodDisruptionBudget, PodSpec, Resources } from '../model/index.js';
import { Annotations } from '../model/index.js';
import { duration, toleration } from '../scenario/fields.js';
import { affinityFromKube, resourcesFromKube, topologySpreadFromKube } from './kube-objects.js';
import { WorkloadLabels } from './types.js';

const stringMap = z.record(z.string(), z.string());

const spreadConstraint = z.strictObject({
  maxSkew: z.number().int().min(1),
  topologyKey: z.string().min(1),
  whenUnsatisfiable: z.enum(['DoNotSchedule', 'ScheduleAnyway']),
  labelSelector: z.record(z.string(), z.unknown()).optional(),
  minDomains: z.number().int().min(1).optional(),
  nodeAffinityPolicy: z.enum(['Honor', 'Ignore']).optional(),
  nodeTaintsPolicy: z.enum(['Honor', 'Ignore']).optional(),
});

const percentOrCount = z.union([z.number().int().min(0), z.string().regex(/^\d+%$/, 'expected an integer or a percentage such as "50%"')]);

/**
 * A named pod template in the scenario (`cluster.podTemplates.<name>`), referenced by generators and
 * by trace rows (`template` column, or a trace's templateByNamespace/templateByOwner). Kubernetes
 * spelling for requests (`cpu: 500m`, `memory: 2Gi`, `nvidia.com/gpu: 1`), tolerations, affinity and
 * topologySpreadConstraints. Trace rows override `requests` resource by resource.
 */
export const podTemplateSchema = z
  .strictObject({
    namespace: z.string().min(1).optional(),
    requests: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    labels: stringMap.optional(),
    annotations: stringMap.optional(),
    nodeSelector: stringMap.optional(),
    tolerations: z.array(toleration).optional(),
    /** Kubernetes `affinity` (nodeAffinity / podAffinity / podAntiAffinity, long field names). */
    affinity: z.record(z.string(), z.unknown()).optional(),
    topologySpreadConstraints: z.array(spreadConstraint).optional(),
    /** Sets `karpenter.sh/do-not-disrupt: "true"`. */
    doNotDisrupt: z.boolean().optional(),
    /** Sets `cluster-autoscaler.kubernetes.io/safe-to-evict`. */
    safeToEvict: z.boolean().optional(),
    priority: z.number().int().optional(),
    priorityClassName: z.string().optional(),
    terminationGracePeriodSeconds: z.number().min(0).optional(),
    localStorage: z.boolean().optional(),
    hostPorts: z.array(z.number().int().min(1).max(65535)).optional(),
    /** Default run time once Running, where a trace row or generator gives none. */
    duration: duration.optional(),
    /** Pods of this template are covered by one PDB (selector: the fleetsim.io/template label). */
    pdb: z
      .strictObject({ minAvailable: percentOrCount.optional(), maxUnavailable: percentOrCount.optional() })
      .refine((p) => (p.minAvailable === undefined) !== (p.maxUnavailable === undefined), 'give exactly one of minAvailable, maxUnavailable')
      .optional(),
  })
  .superRefine((t, ctx) => {
    for (const [name, q] of Object.entries(t.requests ?? {})) {
      try {
        resourcesFromKube({ [name]: q }, 'requests');
      } catch {
        ctx.addIssue({ code: 'custom', path: ['requests', name], message: `expected a Kubernetes quantity such as "500m", "2Gi" or 1, found ${JSON.stringify(q)}` });
      }
    }
  });

export const podTemplatesSchema = z.record(z.string(), podTemplateSchema);

export type PodTemplateInput = z.infer<typeof podTemplateSchema>;

/** A template ready to stamp pods: its base PodSpec and its PDB. */
export interface PodTemplate {
  readonly name: string;
  readonly spec: PodSpec;
  readonly pdb?: PodDisruptionBudget;
}

export type PodTemplates = ReadonlyMap<string, PodTemplate>;

export const DEFAULT_NAMESPACE = 'default';

/** The PodSpec of a pod with no template: nothing but its requests. */
export const BARE_SPEC: PodSpec = Object.freeze({
  namespace: DEFAULT_NAMESPACE,
  labels: {},
  annotations: {},
  requests: { cpuMillis: 0, memoryMiB: 0, gpus: 0, pods: 0, ephemeralMiB: 0 },
  nodeSelector: {},
  tolerations: [],
  topologySpreadConstraints: [],
  hostPorts: [],
  priority: 0,
  terminationGracePeriodSeconds: 30,
});

/** Build templates from the validated `cluster.podTemplates` section. */
export function buildPodTemplates(input: Readonly<Record<string, PodTemplateInput>> = {}): Map<string, PodTemplate> {
  const out = new Map<string, PodTemplate>();
  for (const [name, t] of Object.entries(input)) {
    const namespace = t.namespace ?? DEFAULT_NAMESPACE;
    const annotations: Record<string, string> = { ...(t.annotations ?? {}) };
    if (t.doNotDisrupt) annotations[Annotations.doNotDisrupt] = 'true';
    if (t.safeToEvict !== undefined) annotations[Annotations.safeToEvict] = String(t.safeToEvict);
    const affinity = affinityFromKube(t.affinity);
    const spec: PodSpec = {
      namespace,
      labels: { ...(t.labels ?? {}), [WorkloadLabels.template]: name },
      annotations,
      requests: resourcesFromKube(t.requests, 'requests'),
      nodeSelector: { ...(t.nodeSelector ?? {}) },
      ...(affinity ? { affinity } : {}),
      tolerations: t.tolerations ?? [],
      topologySpreadConstraints: topologySpreadFromKube(t.topologySpreadConstraints),
      hostPorts: t.hostPorts ?? [],
      priority: t.priority ?? 0,
      ...(t.priorityClassName ? { priorityClassName: t.priorityClassName } : {}),
      terminationGracePeriodSeconds: t.terminationGracePeriodSeconds ?? 30,
      ...(t.localStorage ? { localStorage: true } : {}),
      ...(t.duration !== undefined ? { durationSeconds: t.duration } : {}),
    };
    const pdb: PodDisruptionBudget | undefined = t.pdb
      ? {
          name: `${name}-pdb`,
          namespace,
          selector: { matchLabels: { [WorkloadLabels.template]: name } },
          ...(t.pdb.minAvailable !== undefined ? { minAvailable: t.pdb.minAvailable } : { maxUnavailable: t.pdb.maxUnavailable! }),
        }
      : undefined;
    out.set(name, { name, spec, ...(pdb ? { pdb } : {}) });
  }
  return out;
}

/** What a trace row or generator says about one pod, on top of its template. */
export interface PodOverrides {
  readonly namespace?: string;
  /** Resources given here replace the template's, one by one. */
  readonly requests?: Partial<Resources>;
  readonly labels?: Labels;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly priority?: number;
  readonly durationSeconds?: number;
  readonly owner?: OwnerRef;
}

/** Stamp a PodSpec from a template (or the bare spec) and per-pod overrides. */
export function makePodSpec(template: PodTemplate | undefined, o: PodOverrides): PodSpec {
  const base = template?.spec ?? BARE_SPEC;
  const r = o.requests;
  const requests = r ? mergeRequests(base.requests, r.cpuMillis, r.memoryMiB, r.gpus, r.ephemeralMiB, r.extended) : base.requests;
  return stampPodSpec(base, o.namespace, requests, o.labels, o.annotations, o.priority, o.durationSeconds, o.owner);
}

/** A template's requests with some replaced (undefined: the template's); extended resources merged. */
export function mergeRequests(
  base: Resources,
  cpuMillis: number | undefined,
  memoryMiB: number | undefined,
  gpus: number | undefined,
  ephemeralMiB: number | undefined,
  extended: Readonly<Record<string, number>> | undefined,
): Resources {
  const requests: Mutable<Resources> = {
    cpuMillis: cpuMillis ?? base.cpuMillis,
    memoryMiB: memoryMiB ?? base.memoryMiB,
    gpus: gpus ?? base.gpus,
    pods: 0,
    ephemeralMiB: ephemeralMiB ?? base.ephemeralMiB,
  };
  if (extended || base.extended) requests.extended = { ...(base.extended ?? {}), ...(extended ?? {}) };
  return requests;
}

/**
 * makePodSpec with the overrides as arguments and the requests already merged (the trace readers'
 * hot loop: no overrides object per pod).
 */
export function stampPodSpec(
  base: PodSpec,
  namespace: string | undefined,
  requests: Resources,
  labels: Labels | undefined,
  annotations: Readonly<Record<string, string>> | undefined,
  priority: number | undefined,
  durationSeconds: number | undefined,
  owner: OwnerRef | undefined,
): PodSpec {
  const duration = durationSeconds ?? base.durationSeconds;
  // Built property by property (no spread, no delete) so every spec shares one object shape: this
  // runs once per pod of a million-row trace.
  const spec: Mutable<PodSpec> = {
    namespace: namespace ?? base.namespace,
    labels: labels ? { ...base.labels, ...labels } : base.labels,
    annotations: annotations ? { ...base.annotations, ...annotations } : base.annotations,
    requests,
    nodeSelector: base.nodeSelector,
    tolerations: base.tolerations,
    topologySpreadConstraints: base.topologySpreadConstraints,
    hostPorts: base.hostPorts,
    priority: priority ?? base.priority,
    terminationGracePeriodSeconds: base.terminationGracePeriodSeconds,
  };
  const ownerRef = owner ?? base.owner;
  if (ownerRef) spec.owner = ownerRef;
  if (base.affinity) spec.affinity = base.affinity;
  if (base.priorityClassName !== undefined) spec.priorityClassName = base.priorityClassName;
  if (base.localStorage) spec.localStorage = true;
  if (duration !== undefined) spec.durationSeconds = duration;
  return spec;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Look a template up by name; an unknown name is an error listing the known ones. */
export function templateNamed(templates: PodTemplates, name: string): PodTemplate {
  const t = templates.get(name);
  if (!t) {
    const known = [...templates.keys()];
    throw new Error(`unknown pod template "${name}"${known.length ? ` (known: ${known.join(', ')})` : ' (the scenario defines none)'}`);
  }
  return t;
}
