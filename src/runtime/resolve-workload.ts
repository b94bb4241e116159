import { InputError, type InputProblem } from '../scenario/errors.js';
import type { LoadedScenario } from '../scenario/load.js';
import { zodProblems } from '../scenario/zod-problems.js';
import type { RandomSource } from '../sim/random.js';
import { buildWorkload, validateWorkload, workloadSchema } from '../workload/config.js';
import { buildPodTemplates, podTemplatesSchema } from '../workload/pod-template.js';
import type { RunWorkload } from './resolved-scenario.js';

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

/**
 * The scenario's workload (generators and traces) and pod templates, validated; returns a factory that
 * builds fresh event sources for each run. Throws InputError with every problem located in the file.
 */
export function resolveWorkload(s: LoadedScenario, warnings: string[]): (random: RandomSource) => RunWorkload {
  const raw = s.source.value() as Record<string, unknown>;
  const rawTemplates = (raw.cluster as Record<string, unknown> | undefined)?.podTemplates ?? {};
  const problems: InputProblem[] = [];
  const templates = podTemplatesSchema.safeParse(rawTemplates);
  if (!templates.success) problems.push(...zodProblems(templates.error.issues, podTemplatesSchema, s.source, rawTemplates, ['cluster', 'podTemplates']));
  const config = workloadSchema.safeParse(raw.workload);
  if (!config.success) problems.push(...zodProblems(config.error.issues, workloadSchema, s.source, raw.workload, ['workload']));
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
  if (more.length > 0) throw new InputError(more.map((p) => located(s, p)));
  if (config.data.length === 0) warnings.push(`${s.file}: the workload is empty`);
  return (random) => {
    const built = buildWorkload(config.data, { ...options, rng: random });
    return { source: built.events, pdbs: built.pdbs, stats: () => built.stats() };
  };
}
