import type { V1DaemonSet, V1LabelSelector, V1PodDisruptionBudget } from '@kubernetes/client-node';
import type { ImportContext } from './context.js';
import { idOf } from './export-source.js';
import { formatRequests, podRequests } from './requests.js';

/** `cluster.daemonSets` entries: cpu and memory requests, nodeSelector and tolerations. */
export function importDaemonSets(ctx: ImportContext): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const o of ctx.c.of('DaemonSet')) {
    const ds = o.obj as unknown as V1DaemonSet;
    const spec = ds.spec!.template.spec!;
    const namespace = o.namespace ?? 'default';
    const subject = idOf(o);
    const r = podRequests(spec, ['spec', 'template', 'spec'], ctx.limits.get(namespace), ctx.quantityProblem(o));
    const formatted = formatRequests(r.requests);
    const requests: Record<string, string> = {};
    for (const [k, v] of Object.entries(formatted)) {
      if (k === 'cpu' || k === 'memory') requests[k] = v;
      else ctx.report.unmapped(`DaemonSet request ${k}=${v} is not simulated (only cpu and memory)`, subject);
    }
    if (r.missing.length > 0) ctx.withoutRequests.push(`${subject} [${r.missing.join('; ')}]`);
    if (spec.affinity) ctx.report.unmapped('DaemonSet affinity is not simulated: its pods go to every node its nodeSelector and tolerations allow', subject);
    const tolerations = (spec.tolerations ?? []).map((t) => ({
      ...(t.key ? { key: t.key } : {}),
      ...(t.operator === 'Equal' || t.operator === 'Exists' ? { operator: t.operator } : {}),
      ...(t.value ? { value: t.value } : {}),
      ...(t.effect === 'NoSchedule' || t.effect === 'PreferNoSchedule' || t.effect === 'NoExecute' ? { effect: t.effect } : {}),
      ...(typeof t.tolerationSeconds === 'number' ? { tolerationSeconds: t.tolerationSeconds } : {}),
    }));
    out.push({
      name: o.name,
      namespace,
      requests,
      ...(spec.nodeSelector && Object.keys(spec.nodeSelector).length > 0 ? { nodeSelector: { ...spec.nodeSelector } } : {}),
      ...(tolerations.length > 0 ? { tolerations } : {}),
    });
  }
  return out;
}

function selector(s: V1LabelSelector): Record<string, unknown> {
  return {
    ...(s.matchLabels && Object.keys(s.matchLabels).length > 0 ? { matchLabels: { ...s.matchLabels } } : {}),
    ...(s.matchExpressions && s.matchExpressions.length > 0
      ? { matchExpressions: s.matchExpressions.map((e) => ({ key: e.key, operator: e.operator, ...(e.values && e.values.length > 0 ? { values: [...e.values] } : {}) })) }
      : {}),
  };
}

/** `cluster.pdbs` entries. */
export function importPdbs(ctx: ImportContext): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const o of ctx.c.of('PodDisruptionBudget')) {
    const pdb = o.obj as unknown as V1PodDisruptionBudget;
    const spec = pdb.spec!;
    if (!spec.selector) {
      ctx.report.unmapped('a PodDisruptionBudget without a selector selects no pod; left out', idOf(o));
      continue;
    }
    if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) {
      ctx.report.unmapped('sets both minAvailable and maxUnavailable (Kubernetes rejects this); left out', idOf(o));
      continue;
    }
    if (spec.unhealthyPodEvictionPolicy && spec.unhealthyPodEvictionPolicy !== 'IfHealthyBudget') {
      ctx.report.unmapped(`unhealthyPodEvictionPolicy ${spec.unhealthyPodEvictionPolicy} is not simulated (pods are always healthy)`, idOf(o));
    }
    out.push({
      name: o.name,
      namespace: o.namespace ?? 'default',
      selector: selector(spec.selector),
      ...(spec.minAvailable !== undefined ? { minAvailable: spec.minAvailable } : {}),
      ...(spec.maxUnavailable !== undefined ? { maxUnavailable: spec.maxUnavailable } : {}),
    });
  }
  return out;
}

/** `cluster.priorityClasses` entries. */
export function importPriorityClasses(ctx: ImportContext): { name: string; value: number }[] {
  return [...ctx.priorities].map(([name, value]) => ({ name, value }));
}
