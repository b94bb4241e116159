import { InputError, type InputProblem } from '../scenario/errors.js';
import type { LoadedScenario } from '../scenario/load.js';
import { zodProblems } from '../scenario/zod-problems.js';
import { z } from 'zod';
import type { InstanceType } from '../model/index.js';
import type { RandomSource } from '../sim/random.js';
import { buildWorkload, generatorSchema, traceSchema, validateWorkload, workloadSchema, type WorkloadConfig } from '../workload/config.js';
import { resourcesFromKube } from '../workload/kube-objects.js';
import { buildPodTemplates, podTemplatesSchema, type PodTemplateInput, type PodTemplates } from '../workload/pod-template.js';
import { requestBounds, requestKeys, requestsBeyondBounds, type RequestBounds } from './request-bounds.js';
import type { RunWorkload } from './resolved-scenario.js';
import { traceProblems } from './trace-check.js';

/** `workload[2].trace.file` → ['workload', 2, 'trace', 'file'] */
export function parsePath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}

/** Give a problem from another module the line and column of its field path in the scenario. */
function located(s: LoadedScenario, p: InputProblem): InputProblem {
  if (p.line !== undefined || !p.path || p.file !== s.file) return p;
  return { ...p, ...s.source.locate(parsePath(p.path)) };
}

/** Only for "did you mean" hints: the workload items' schemas, which keysAt can walk (workloadSchema picks one by key in a transform). */
const WORKLOAD_HINTS = z.array(z.union([traceSchema, ...generatorSchema.options]));

export interface WorkloadChecks {
  /** The scenario's instance types (when its catalog loaded): a request none of them can hold is an error. */
  readonly catalog?: readonly InstanceType[];
  /** Read every trace as `run` would (for `validate`, see trace-check.ts): bad rows are reported now. */
  readonly readTraces?: boolean;
}

/** Pod template and generator requests that no instance type of the catalog can hold (see request-bounds.ts). */
function requestProblems(
  s: LoadedScenario,
  rawTemplates: Readonly<Record<string, PodTemplateInput>>,
  templates: PodTemplates,
  config: WorkloadConfig,
  bounds: RequestBounds,
): InputProblem[] {
  const out: InputProblem[] = [];
  for (const [name, t] of templates) {
    const keys = requestKeys(rawTemplates[name]?.requests);
    for (const b of requestsBeyondBounds(t.spec.requests, bounds, [...keys.keys()])) {
      out.push(s.source.problem(['cluster', 'podTemplates', name, 'requests', keys.get(b.resource)!], b.message));
    }
  }
  config.forEach((item, i) => {
    if ('trace' in item || !item.requests) return;
    const keys = requestKeys(item.requests);
    const requests = resourcesFromKube(item.requests, 'requests');
    for (const b of requestsBeyondBounds(requests, bounds, [...keys.keys()])) {
      out.push(s.source.problem(['workload', i, 'requests', keys.get(b.resource)!], b.message));
    }
  });
  return out;
}

/**
 * The scenario's workload (generators and traces) and pod templates, validated; returns a factory that
 * builds fresh event sources for each run. Throws InputError with every problem located in the file.
 */
export function resolveWorkload(s: LoadedScenario, warnings: string[], o: WorkloadChecks = {}): (random: RandomSource) => RunWorkload {
  const raw = s.source.value() as Record<string, unknown>;
  const rawTemplates = (raw.cluster as Record<string, unknown> | undefined)?.podTemplates ?? {};
  const problems: InputProblem[] = [];
  const templates = podTemplatesSchema.safeParse(rawTemplates);
  if (!templates.success) problems.push(...zodProblems(templates.error.issues, podTemplatesSchema, s.source, rawTemplates, ['cluster', 'podTemplates']));
  const config = workloadSchema.safeParse(raw.workload);
  if (!config.success) problems.push(...zodProblems(config.error.issues, WORKLOAD_HINTS, s.source, raw.workload, ['workload']));
  if (!templates.success || !config.success) throw new InputError(problems);
  let podTemplates;
  try {
    podTemplates = buildPodTemplates(templates.data);
  } catch (e) {
    if (e instanceof InputError) throw new InputError(e.problems.map((p) => located(s, p)));
    throw e;
  }
  const options = { baseDir: s.baseDir, podTemplates, horizonSeconds: s.document.horizon, scenarioFile: s.file };
  const more = validateWorkload(config.data, options);
  if (o.catalog) more.push(...requestProblems(s, templates.data, podTemplates, config.data, requestBounds(o.catalog)));
  if (more.length > 0) throw new InputError(more.map((p) => located(s, p)));
  if (o.readTraces) {
    const bad = traceProblems(config.data, options);
    if (bad.length > 0) throw new InputError(bad);
  }
  if (config.data.length === 0) warnings.push(`${s.file}: the workload is empty`);
  return (random) => {
    const built = buildWorkload(config.data, { ...options, rng: random });
    return { source: built.events, pdbs: built.pdbs, stats: () => built.stats() };
  };
}
