import type { InputProblem } from '../scenario/errors.js';
import { type ExportFiles, type ExportObject, idOf, isObj } from './export-source.js';
import type { ImportReport } from './report.js';

/** The kinds the importer reads, by API group ("" = core). */
const KNOWN: Readonly<Record<string, readonly string[]>> = {
  Node: [''],
  Pod: [''],
  ConfigMap: [''],
  LimitRange: [''],
  Deployment: ['apps'],
  ReplicaSet: ['apps'],
  StatefulSet: ['apps'],
  DaemonSet: ['apps'],
  Job: ['batch'],
  CronJob: ['batch'],
  PodDisruptionBudget: ['policy'],
  HorizontalPodAutoscaler: ['autoscaling'],
  PriorityClass: ['scheduling.k8s.io'],
  NodePool: ['karpenter.sh'],
  Provisioner: ['karpenter.sh'],
  EC2NodeClass: ['karpenter.k8s.aws'],
  AWSNodeTemplate: ['karpenter.k8s.aws'],
  NodeClaim: ['karpenter.sh'],
  Machine: ['karpenter.sh'],
};

/** Kinds exported on purpose but carrying nothing the scenario needs (said so in the report). */
const COVERED: Readonly<Record<string, string>> = {
  NodeClaim: 'Karpenter NodeClaims are represented by their nodes (the runtime adopts them as NodeClaims)',
  Machine: 'Karpenter Machines (v1alpha5) are represented by their nodes',
};

export type Kind = keyof typeof KNOWN;

export function groupOf(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

/** Objects of an export by kind, duplicates dropped (reported), unknown kinds reported. */
export class Classified {
  private readonly byKind = new Map<string, ExportObject[]>();
  private readonly index = new Map<string, ExportObject>();

  constructor(
    readonly files: ExportFiles,
    report: ImportReport,
  ) {
    for (const o of files.objects) {
      const groups = KNOWN[o.kind];
      const listed = o.apiVersion === '' ? o.kind : `${o.kind} (${o.apiVersion})`;
      if (!groups || (o.apiVersion !== '' && !groups.includes(groupOf(o.apiVersion)))) {
        report.unmapped(`kind ${listed} is not simulated`, `${o.namespace ? `${o.namespace}/` : ''}${o.name}`);
        continue;
      }
      if (COVERED[o.kind]) {
        report.warn(COVERED[o.kind]!, idOf(o));
        continue;
      }
      const key = `${o.kind}/${o.namespace ?? ''}/${o.name}`;
      const first = this.index.get(key);
      if (first) {
        report.warn(`exported twice; the first copy is used (${first.file})`, `${idOf(o)} in ${o.file}`);
        continue;
      }
      this.index.set(key, o);
      const list = this.byKind.get(o.kind) ?? [];
      list.push(o);
      this.byKind.set(o.kind, list);
    }
  }

  of(kind: Kind): readonly ExportObject[] {
    return this.byKind.get(kind) ?? [];
  }

  get(kind: Kind, namespace: string | undefined, name: string): ExportObject | undefined {
    return this.index.get(`${kind}/${namespace ?? ''}/${name}`);
  }

  /** Forget an object (malformed: its problems are reported instead). */
  drop(o: ExportObject): void {
    const list = this.byKind.get(o.kind);
    if (list) this.byKind.set(o.kind, list.filter((x) => x !== o));
    this.index.delete(`${o.kind}/${o.namespace ?? ''}/${o.name}`);
  }

  has(kind: Kind): boolean {
    return (this.byKind.get(kind)?.length ?? 0) > 0;
  }
}

type Check = (o: ExportObject, at: (sub: readonly (string | number)[], message: string) => void) => void;

function podSpecAt(obj: unknown, path: readonly string[], at: (sub: readonly (string | number)[], message: string) => void): void {
  let cur: unknown = obj;
  for (let i = 0; i < path.length; i++) {
    if (!isObj(cur) || cur[path[i]!] === undefined || cur[path[i]!] === null) {
      at(path.slice(0, i), `required field "${path.slice(i).join('.')}" is missing`);
      return;
    }
    cur = cur[path[i]!];
  }
  const specPath = path.slice(0, -1);
  if (!Array.isArray(cur) || cur.length === 0) {
    at(path, `expected a non-empty list of containers, found ${Array.isArray(cur) ? 'an empty list' : typeof cur}`);
    return;
  }
  const check = (list: unknown, key: string): void => {
    if (list === undefined) return;
    if (!Array.isArray(list)) return at([...specPath, key], 'expected a list of containers');
    list.forEach((c, i) => {
      if (!isObj(c)) at([...specPath, key, i], 'expected a container object');
      else if (typeof c.name !== 'string' || c.name === '') at([...specPath, key, i], 'required field "name" is missing');
      else if (c.resources !== undefined && c.resources !== null && !isObj(c.resources)) at([...specPath, key, i, 'resources'], 'expected a mapping with requests and limits');
    });
  };
  const spec = specPath.reduce<unknown>((o, k) => (isObj(o) ? o[k] : undefined), obj);
  if (isObj(spec)) {
    check(spec.containers, 'containers');
    check(spec.initContainers, 'initContainers');
  }
}

function intField(o: ExportObject, path: readonly string[], min: number, at: (sub: readonly (string | number)[], message: string) => void): void {
  const v = path.reduce<unknown>((x, k) => (isObj(x) ? x[k] : undefined), o.obj);
  if (v === undefined || v === null) return;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) at(path, `expected an integer >= ${min}, found ${JSON.stringify(v)}`);
}

function intOrPercent(o: ExportObject, path: readonly string[], at: (sub: readonly (string | number)[], message: string) => void): void {
  const v = path.reduce<unknown>((x, k) => (isObj(x) ? x[k] : undefined), o.obj);
  if (v === undefined || v === null) return;
  const ok = (typeof v === 'number' && Number.isInteger(v) && v >= 0) || (typeof v === 'string' && /^\d+%$/.test(v));
  if (!ok) at(path, `expected a non-negative integer or a percentage such as "50%", found ${JSON.stringify(v)}`);
}

const CHECKS: Partial<Record<Kind, Check>> = {
  Pod: (o, at) => podSpecAt(o.obj, ['spec', 'containers'], at),
  Deployment: (o, at) => {
    intField(o, ['spec', 'replicas'], 0, at);
    podSpecAt(o.obj, ['spec', 'template', 'spec', 'containers'], at);
  },
  ReplicaSet: (o, at) => {
    intField(o, ['spec', 'replicas'], 0, at);
    podSpecAt(o.obj, ['spec', 'template', 'spec', 'containers'], at);
  },
  StatefulSet: (o, at) => {
    intField(o, ['spec', 'replicas'], 0, at);
    podSpecAt(o.obj, ['spec', 'template', 'spec', 'containers'], at);
  },
  DaemonSet: (o, at) => podSpecAt(o.obj, ['spec', 'template', 'spec', 'containers'], at),
  Job: (o, at) => {
    intField(o, ['spec', 'completions'], 0, at);
    intField(o, ['spec', 'parallelism'], 0, at);
    podSpecAt(o.obj, ['spec', 'template', 'spec', 'containers'], at);
  },
  CronJob: (o, at) => {
    const spec = o.obj.spec;
    if (!isObj(spec) || typeof spec.schedule !== 'string') at(isObj(spec) ? ['spec'] : [], 'required field "spec.schedule" is missing (a cron schedule such as "0 2 * * *")');
    podSpecAt(o.obj, ['spec', 'jobTemplate', 'spec', 'template', 'spec', 'containers'], at);
  },
  PodDisruptionBudget: (o, at) => {
    if (!isObj(o.obj.spec)) return at([], 'required field "spec" is missing');
    intOrPercent(o, ['spec', 'minAvailable'], at);
    intOrPercent(o, ['spec', 'maxUnavailable'], at);
  },
  HorizontalPodAutoscaler: (o, at) => {
    const spec = o.obj.spec;
    if (!isObj(spec)) return at([], 'required field "spec" is missing');
    const ref = spec.scaleTargetRef;
    if (!isObj(ref) || typeof ref.kind !== 'string' || typeof ref.name !== 'string') at(['spec'], 'required field "scaleTargetRef" (kind, name) is missing');
    if (spec.maxReplicas === undefined) at(['spec'], 'required field "maxReplicas" is missing');
    intField(o, ['spec', 'maxReplicas'], 1, at);
    intField(o, ['spec', 'minReplicas'], 1, at);
  },
  PriorityClass: (o, at) => {
    if (typeof o.obj.value !== 'number' || !Number.isInteger(o.obj.value)) at(o.obj.value === undefined ? [] : ['value'], `required field "value" (an integer) is ${o.obj.value === undefined ? 'missing' : `${JSON.stringify(o.obj.value)}`}`);
  },
  LimitRange: (o, at) => {
    const spec = o.obj.spec;
    if (!isObj(spec) || !Array.isArray(spec.limits)) at(isObj(spec) ? ['spec'] : [], 'required field "spec.limits" (a list) is missing');
  },
  Node: (o, at) => {
    const meta = o.obj.metadata;
    if (isObj(meta) && meta.labels !== undefined && !isObj(meta.labels)) at(['metadata', 'labels'], 'expected a mapping of labels');
    const spec = o.obj.spec;
    if (isObj(spec) && spec.taints !== undefined && !Array.isArray(spec.taints)) at(['spec', 'taints'], 'expected a list of taints');
  },
};

/** Problems of required fields and field types in the objects the importer reads; the malformed objects are dropped. */
export function shapeProblems(c: Classified): InputProblem[] {
  const problems: InputProblem[] = [];
  for (const [kind, check] of Object.entries(CHECKS) as [Kind, Check][]) {
    for (const o of [...c.of(kind)]) {
      const before = problems.length;
      check(o, (sub, message) => problems.push(c.files.objectProblem(o, sub, message)));
      if (problems.length > before) c.drop(o);
    }
  }
  return problems;
}

/** Where the pod spec of each kind lies. */
export const POD_SPEC_PATHS: Partial<Record<Kind, readonly string[]>> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};
