import type { V1Pod, V1ReplicaSet } from '@kubernetes/client-node';
import type { ImportContext } from './context.js';
import { type ControllerEntry, type ControllerImport, controllerKey, controllerRef } from './controllers.js';
import { type ExportObject, idOf } from './export-source.js';
import { podRequests, sameRequests } from './requests.js';

/** An `initialState.pods` entry. */
export interface InitialPod {
  readonly name: string;
  readonly namespace: string;
  node?: string;
  readonly template: string;
  readonly owner?: { readonly kind: ControllerEntry['kind']; readonly name: string };
  /** Priority (for the fit check's order) — not written. */
  readonly priority: number;
}

export interface PodImport {
  readonly pods: InitialPod[];
  /** DaemonSet pods per node (placed by cluster.daemonSets at time 0). */
  readonly daemonSetPods: number;
  readonly finished: number;
}

/** Resolve a pod's controller: Pod → ReplicaSet → Deployment, StatefulSet, Job; undefined for bare, mirror and DaemonSet pods. */
function ownerOf(ctx: ImportContext, pod: V1Pod, o: ExportObject, ci: ControllerImport): { entry?: ControllerEntry; daemonSet?: string; why?: string } {
  const ref = controllerRef(pod.metadata);
  if (!ref) return {};
  const ns = o.namespace ?? 'default';
  switch (ref.kind) {
    case 'DaemonSet':
      return ctx.c.get('DaemonSet', ns, ref.name) ? { daemonSet: ref.name } : { why: `its DaemonSet ${ns}/${ref.name} is not in the export` };
    case 'Node':
      return { why: 'a static (mirror) pod of its node' };
    case 'ReplicaSet': {
      const rsObj = ctx.c.get('ReplicaSet', ns, ref.name);
      if (!rsObj) return { why: `its ReplicaSet ${ns}/${ref.name} is not in the export` };
      const rsRef = controllerRef((rsObj.obj as unknown as V1ReplicaSet).metadata);
      if (rsRef?.kind === 'Deployment' && ci.controllers.has(controllerKey('Deployment', ns, rsRef.name))) return { entry: ci.controllers.get(controllerKey('Deployment', ns, rsRef.name))! };
      const entry = ci.controllers.get(controllerKey('ReplicaSet', ns, ref.name));
      return entry ? { entry } : { why: `its ReplicaSet ${ns}/${ref.name} could not be mapped` };
    }
    case 'StatefulSet':
    case 'Job': {
      const entry = ci.controllers.get(controllerKey(ref.kind, ns, ref.name));
      return entry ? { entry } : { why: `its ${ref.kind} ${ns}/${ref.name} is not in the export or has finished` };
    }
    default:
      return { why: `its owner kind ${ref.kind} (${ref.name}) is not simulated` };
  }
}

/**
 * Running and pending pods → `initialState.pods`: bound to their node where it is imported, Pending
 * otherwise; DaemonSet pods are left to `cluster.daemonSets`. A pod whose requests differ from its
 * controller's template (set at admission: VPA, LimitRange, a webhook) gets a variant template.
 */
export function importPods(ctx: ImportContext, ci: ControllerImport, nodeNames: ReadonlySet<string>, leftOutNodes: ReadonlySet<string>): PodImport {
  const pods: InitialPod[] = [];
  let daemonSetPods = 0;
  let finished = 0;
  const variants = new Map<string, string[]>();
  for (const o of ctx.c.of('Pod')) {
    const pod = o.obj as unknown as V1Pod;
    const subject = idOf(o);
    const phase = pod.status?.phase ?? 'Pending';
    if (phase === 'Succeeded' || phase === 'Failed') {
      finished++;
      ctx.report.unmapped(`${phase} pods are finished, not simulated`, subject);
      continue;
    }
    if (pod.metadata?.deletionTimestamp) {
      ctx.report.unmapped('the pod was terminating at export time; left out', subject);
      continue;
    }
    const owner = ownerOf(ctx, pod, o, ci);
    if (owner.daemonSet) {
      daemonSetPods++;
      continue;
    }
    const namespace = o.namespace ?? 'default';
    let template: string;
    const own = podRequests(pod.spec!, ['spec'], undefined, ctx.quantityProblem(o));
    if (owner.entry) {
      template = owner.entry.template;
      const expected = ctx.templateRequests.get(template);
      if (expected && !sameRequests(expected, own.requests)) {
        const known = variants.get(template) ?? [];
        const match = known.find((v) => sameRequests(ctx.templateRequests.get(v)!, own.requests));
        if (match) template = match;
        else {
          const { name } = ctx.addTemplate(ctx.freeName(template), o, { ...(pod.metadata ? { metadata: pod.metadata } : {}), spec: pod.spec!, namespace, specPath: ['spec'], subject });
          const base = ctx.templates[owner.entry.template]!;
          // The variant is the controller's template with this pod's requests.
          ctx.templates[name] = { ...base, requests: ctx.templates[name]!.requests ?? {} };
          if (base.duration !== undefined) ctx.templates[name]!.duration = base.duration;
          known.push(name);
          variants.set(owner.entry.template, known);
          template = name;
        }
        ctx.report.warn('requests differ from the controller\'s pod template (set at admission: a VPA, a LimitRange or a webhook); the pod keeps its own in a variant template', subject);
      }
    } else {
      if (owner.why) ctx.report.unmapped(`${owner.why}; kept as a bare pod (not replaced if evicted)`, subject);
      template = ctx.addTemplate(`${namespace}/${o.name}`, o, { ...(pod.metadata ? { metadata: pod.metadata } : {}), spec: pod.spec!, namespace, specPath: ['spec'], subject }).name;
    }
    const nodeName = pod.spec?.nodeName;
    let node: string | undefined;
    if (nodeName) {
      if (nodeNames.has(nodeName)) node = nodeName;
      else if (!leftOutNodes.has(nodeName)) ctx.report.unmapped(`bound to node ${nodeName}, which is not in the export; starts Pending`, subject);
    }
    const priority = typeof pod.spec?.priority === 'number' ? pod.spec.priority : 0;
    pods.push({
      name: o.name,
      namespace,
      ...(node ? { node } : {}),
      template,
      ...(owner.entry ? { owner: { kind: owner.entry.kind, name: owner.entry.name } } : {}),
      priority,
    });
  }
  return { pods, daemonSetPods, finished };
}
