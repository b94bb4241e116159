import type { V1ObjectMeta, V1PodSpec, V1Toleration, V1TopologySpreadConstraint } from '@kubernetes/client-node';
import { Annotations } from '../model/labels.js';
import { isObj } from './export-source.js';
import type { ImportReport } from './report.js';
import { formatRequests, type LimitDefaults, type PodRequests, podRequests, type QuantityProblem } from './requests.js';

/** A scenario pod template (`cluster.podTemplates.<name>`, see src/workload/pod-template.ts). */
export type TemplateDoc = Record<string, unknown>;

/** Labels the controllers stamp per pod or per revision: not part of what a pod is. */
const PER_POD_LABELS = new Set([
  'pod-template-hash',
  'controller-revision-hash',
  'statefulset.kubernetes.io/pod-name',
  'apps.kubernetes.io/pod-index',
  'batch.kubernetes.io/controller-uid',
  'controller-uid',
  'batch.kubernetes.io/job-completion-index',
]);

const TOLERATION_EFFECTS = new Set(['NoSchedule', 'PreferNoSchedule', 'NoExecute']);

export interface TemplateInput {
  readonly metadata?: V1ObjectMeta;
  readonly spec: V1PodSpec;
  readonly namespace: string;
  /** Path of the pod spec below its object, for quantity problems. */
  readonly specPath: readonly (string | number)[];
  /** Who the template is for, in report lines ("Deployment shop/web"). */
  readonly subject: string;
  readonly limits?: LimitDefaults;
  /** PriorityClass values by name. */
  readonly priorities: ReadonlyMap<string, number>;
}

export interface BuiltTemplate {
  readonly doc: TemplateDoc;
  readonly requests: PodRequests;
}

/** A pod template for the scenario from a pod (template) spec; what it cannot carry goes to the report. */
export function buildTemplate(t: TemplateInput, report: ImportReport, problem: QuantityProblem): BuiltTemplate {
  const { spec } = t;
  const requests = podRequests(spec, t.specPath, t.limits, problem);
  const labels = Object.fromEntries(Object.entries(t.metadata?.labels ?? {}).filter(([k]) => !PER_POD_LABELS.has(k)));
  const annotations = t.metadata?.annotations ?? {};
  const doc: TemplateDoc = { namespace: t.namespace };
  const formatted = formatRequests(requests.requests);
  if (Object.keys(formatted).length > 0) doc.requests = formatted;
  if (Object.keys(labels).length > 0) doc.labels = labels;
  if (spec.nodeSelector && Object.keys(spec.nodeSelector).length > 0) doc.nodeSelector = { ...spec.nodeSelector };
  const tolerations = (spec.tolerations ?? []).map(toleration).filter((x) => x !== undefined);
  if (tolerations.length > 0) doc.tolerations = tolerations;
  if (spec.affinity && Object.keys(spec.affinity).length > 0) doc.affinity = cleanAffinity(spec.affinity, t.subject, report);
  const spread = (spec.topologySpreadConstraints ?? []).map((c) => spreadConstraint(c, labels, t.subject, report));
  if (spread.length > 0) doc.topologySpreadConstraints = spread;
  if (annotations[Annotations.doNotDisrupt] === 'true' || annotations['karpenter.sh/do-not-evict'] === 'true') doc.doNotDisrupt = true;
  if (annotations['karpenter.sh/do-not-evict'] === 'true') report.warn('karpenter.sh/do-not-evict (Karpenter before v0.32) read as karpenter.sh/do-not-disrupt', t.subject);
  const safe = annotations[Annotations.safeToEvict];
  if (safe === 'true' || safe === 'false') doc.safeToEvict = safe === 'true';
  const priority = spec.priorityClassName !== undefined ? t.priorities.get(spec.priorityClassName) : undefined;
  if (spec.priorityClassName) {
    doc.priorityClassName = spec.priorityClassName;
    if (priority !== undefined) doc.priority = priority;
    else if (typeof spec.priority === 'number') doc.priority = spec.priority;
    else report.unmapped(`priorityClassName "${spec.priorityClassName}" is not among the exported PriorityClasses; priority 0 used`, t.subject);
  } else if (typeof spec.priority === 'number' && spec.priority !== 0) doc.priority = spec.priority;
  if (typeof spec.terminationGracePeriodSeconds === 'number' && spec.terminationGracePeriodSeconds !== 30) doc.terminationGracePeriodSeconds = spec.terminationGracePeriodSeconds;
  if ((spec.volumes ?? []).some((v) => v.emptyDir !== undefined && v.emptyDir.medium !== 'Memory')) doc.localStorage = true;
  const ports = hostPorts(spec);
  if (ports.length > 0) doc.hostPorts = ports;
  unsupported(spec, t.subject, report);
  return { doc, requests };
}

/** The not-ready / unreachable NoExecute tolerations the DefaultTolerationSeconds admission plugin adds to every pod. */
function isAdmissionDefault(t: V1Toleration): boolean {
  return (t.key === 'node.kubernetes.io/not-ready' || t.key === 'node.kubernetes.io/unreachable') && t.operator === 'Exists' && t.effect === 'NoExecute' && t.tolerationSeconds === 300;
}

function toleration(t: V1Toleration): Record<string, unknown> | undefined {
  if (isAdmissionDefault(t)) return undefined;
  const out: Record<string, unknown> = {};
  if (t.key) out.key = t.key;
  if (t.operator === 'Equal' || t.operator === 'Exists') out.operator = t.operator;
  if (typeof t.value === 'string' && t.value !== '') out.value = t.value;
  if (t.effect && TOLERATION_EFFECTS.has(t.effect)) out.effect = t.effect;
  if (typeof t.tolerationSeconds === 'number') out.tolerationSeconds = t.tolerationSeconds;
  return out;
}

/** Host ports of all containers; with hostNetwork every container port is a host port. */
function hostPorts(spec: V1PodSpec): number[] {
  const ports = new Set<number>();
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    for (const p of c.ports ?? []) {
      const port = p.hostPort ?? (spec.hostNetwork ? p.containerPort : undefined);
      if (typeof port === 'number' && port > 0 && (p.protocol ?? 'TCP') === 'TCP') ports.add(port);
    }
  }
  return [...ports].sort((a, b) => a - b);
}

const SPREAD_FIELDS = ['maxSkew', 'topologyKey', 'whenUnsatisfiable', 'labelSelector', 'minDomains', 'nodeAffinityPolicy', 'nodeTaintsPolicy'] as const;

/** A spread constraint in the scenario's accepted fields; matchLabelKeys are merged into the selector from the template's labels, as Kubernetes does. */
function spreadConstraint(c: V1TopologySpreadConstraint, labels: Record<string, string>, subject: string, report: ImportReport): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of SPREAD_FIELDS) if (c[k] !== undefined && c[k] !== null) out[k] = structuredClone(c[k]);
  const keys = c.matchLabelKeys ?? [];
  if (keys.length > 0) {
    const selector = isObj(out.labelSelector) ? (out.labelSelector as Record<string, unknown>) : {};
    const matchLabels: Record<string, string> = isObj(selector.matchLabels) ? { ...(selector.matchLabels as Record<string, string>) } : {};
    for (const key of keys) {
      if (labels[key] !== undefined) matchLabels[key] = labels[key]!;
      else report.warn(`topologySpreadConstraints.matchLabelKeys "${key}" is not a label of the template (a per-revision label such as pod-template-hash): simulated pods are all of one revision, so the key is dropped`, subject);
    }
    out.labelSelector = { ...selector, matchLabels };
  }
  return out;
}

/** The affinity without the fields the simulator's scheduler does not read (reported). */
function cleanAffinity(affinity: object, subject: string, report: ImportReport): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(affinity)) as Record<string, unknown>;
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const pa = copy[kind];
    if (!isObj(pa)) continue;
    const terms = [
      ...((Array.isArray(pa.requiredDuringSchedulingIgnoredDuringExecution) ? pa.requiredDuringSchedulingIgnoredDuringExecution : []) as unknown[]),
      ...((Array.isArray(pa.preferredDuringSchedulingIgnoredDuringExecution) ? pa.preferredDuringSchedulingIgnoredDuringExecution : []) as unknown[]).map((p) => (isObj(p) ? p.podAffinityTerm : undefined)),
    ];
    for (const term of terms) {
      if (!isObj(term)) continue;
      for (const f of ['matchLabelKeys', 'mismatchLabelKeys', 'namespaceSelector']) {
        if (term[f] !== undefined) {
          report.unmapped(`${kind} term field ${f} is not simulated; dropped`, subject);
          delete term[f];
        }
      }
    }
  }
  return copy;
}

/** Pod spec fields that change scheduling but that the simulator does not model. */
function unsupported(spec: V1PodSpec, subject: string, report: ImportReport): void {
  if (spec.schedulerName && spec.schedulerName !== 'default-scheduler') report.unmapped(`schedulerName "${spec.schedulerName}": simulated with the default scheduler`, subject);
  if ((spec.schedulingGates ?? []).length > 0) report.unmapped('schedulingGates are not simulated (the pod is schedulable at once)', subject);
  if ((spec.resourceClaims ?? []).length > 0) report.unmapped('resourceClaims (dynamic resource allocation) are not simulated', subject);
  if ((spec.volumes ?? []).some((v) => v.persistentVolumeClaim !== undefined || v.ephemeral !== undefined)) {
    report.unmapped('persistent volumes pin pods to their volume\'s zone in a real cluster; the simulation does not (no PV zone affinity)', subject);
  }
}
