import type { V1CronJob, V2HorizontalPodAutoscaler, V2HPAScalingRules } from '@kubernetes/client-node';
import type { ImportContext } from './context.js';
import { type ControllerImport, controllerKey, cronJobPodSeconds, cronJobTemplate, DEFAULT_JOB_POD_SECONDS } from './controllers.js';
import { idOf } from './export-source.js';

/** Kubernetes' default HPA behavior (autoscaling/v2). */
const DEFAULT_SCALE_UP = { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }, { type: 'Pods', value: 4, periodSeconds: 15 }] };
const DEFAULT_SCALE_DOWN = { stabilizationWindowSeconds: 300, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] };

function rules(r: V2HPAScalingRules | undefined, dflt: typeof DEFAULT_SCALE_UP): Record<string, unknown> {
  if (!r) return dflt;
  return {
    stabilizationWindowSeconds: r.stabilizationWindowSeconds ?? dflt.stabilizationWindowSeconds,
    selectPolicy: r.selectPolicy ?? dflt.selectPolicy,
    policies: r.policies && r.policies.length > 0 ? r.policies.map((p) => ({ type: p.type, value: p.value, periodSeconds: p.periodSeconds })) : dflt.policies,
  };
}

/** Target utilization (percent) of an HPA: its cpu (else memory) Utilization target; other metrics are reported. */
function targetPercent(hpa: V2HorizontalPodAutoscaler & { spec: { targetCPUUtilizationPercentage?: number } }, ctx: ImportContext, subject: string): number {
  if (typeof hpa.spec.targetCPUUtilizationPercentage === 'number') return hpa.spec.targetCPUUtilizationPercentage;
  const metrics = hpa.spec.metrics ?? [];
  if (metrics.length === 0) return 80; // autoscaling/v2 default: 80 % cpu
  const resource = (name: string): number | undefined => metrics.find((m) => m.type === 'Resource' && m.resource?.name === name && m.resource.target.type === 'Utilization')?.resource?.target.averageUtilization;
  const t = resource('cpu') ?? resource('memory');
  const others = metrics.filter((m) => !(m.type === 'Resource' && m.resource?.target.type === 'Utilization'));
  if (others.length > 0) ctx.report.unmapped(`HPA metrics ${others.map((m) => m.type).join(', ')} are not modelled: the HPA model scales on one utilization figure`, subject);
  if (t === undefined) {
    ctx.report.guess('no Utilization target: the HPA model targets 70 %', subject);
    return 70;
  }
  return t;
}

/**
 * HPAs → `hpa-deployment` generators on their Deployment's template with a constant load equal to
 * replicas × target: the HPA model then holds today's replica count until a load shape is attached.
 */
export function importHpas(ctx: ImportContext, ci: ControllerImport): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const o of ctx.c.of('HorizontalPodAutoscaler')) {
    const hpa = o.obj as unknown as V2HorizontalPodAutoscaler & { spec: { targetCPUUtilizationPercentage?: number } };
    const subject = idOf(o);
    const ref = hpa.spec.scaleTargetRef;
    const namespace = o.namespace ?? 'default';
    const key = controllerKey(ref.kind, namespace, ref.name);
    const controller = ci.controllers.get(key);
    if (!controller || (ref.kind !== 'Deployment' && ref.kind !== 'StatefulSet' && ref.kind !== 'ReplicaSet')) {
      ctx.report.unmapped(`scales ${ref.kind} ${namespace}/${ref.name}, which is not in the export (or not a Deployment, StatefulSet or ReplicaSet); left out`, subject);
      continue;
    }
    const target = targetPercent(hpa, ctx, subject);
    const replicas = Math.max(controller.replicas ?? 1, hpa.spec.minReplicas ?? 1);
    const load = Math.round(replicas * (target / 100) * 1e6) / 1e6;
    const current = hpa.status?.currentMetrics?.find((m) => m.type === 'Resource')?.resource?.current.averageUtilization;
    ctx.report.mapped(`HPA ${namespace}/${o.name}: hpa-deployment on ${ref.kind} ${ref.name}, target ${target} %, ${hpa.spec.minReplicas ?? 1}–${hpa.spec.maxReplicas} replicas, steady load ${load}${current !== undefined ? ` (utilization at export: ${current} %)` : ''}; attach a load shape to see it scale`);
    const b = hpa.spec.behavior;
    out.push({
      generator: 'hpa-deployment',
      name: ref.name,
      namespace,
      template: controller.template,
      load: { constant: load },
      capacityPerReplica: 1,
      targetUtilization: target,
      minReplicas: hpa.spec.minReplicas ?? 1,
      maxReplicas: hpa.spec.maxReplicas,
      behavior: { scaleUp: rules(b?.scaleUp, DEFAULT_SCALE_UP), scaleDown: rules(b?.scaleDown, DEFAULT_SCALE_DOWN) },
    });
  }
  return out;
}

/** CronJobs → `cronjob` generators (schedule in UTC from the export time), pod run time measured from finished runs or guessed. */
export function importCronJobs(ctx: ImportContext, exportEpochSeconds: number | undefined): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const measured = cronJobPodSeconds(ctx);
  for (const o of ctx.c.of('CronJob')) {
    const cj = o.obj as unknown as V1CronJob;
    const subject = idOf(o);
    if (cj.spec?.suspend) {
      ctx.report.unmapped('suspended CronJob: not simulated', subject);
      continue;
    }
    if (cj.spec?.timeZone && !/^(UTC|Etc\/UTC)$/.test(cj.spec.timeZone)) ctx.report.unmapped(`timeZone ${cj.spec.timeZone} is not simulated: the schedule is read as UTC`, subject);
    const namespace = o.namespace ?? 'default';
    const seconds = measured.get(`${namespace}/${o.name}`);
    if (seconds === undefined) ctx.report.guess(`pods run ${DEFAULT_JOB_POD_SECONDS / 60} min (no finished Job of it in the export to measure)`, subject);
    const job = cj.spec?.jobTemplate?.spec;
    out.push({
      generator: 'cronjob',
      name: o.name,
      namespace,
      template: cronJobTemplate(ctx, o),
      schedule: cj.spec!.schedule,
      ...(exportEpochSeconds !== undefined ? { epoch: exportEpochSeconds } : {}),
      completions: Math.max(1, job?.completions ?? 1),
      parallelism: Math.max(1, job?.parallelism ?? 1),
      duration: { fixed: seconds ?? DEFAULT_JOB_POD_SECONDS },
    });
  }
  return out;
}
