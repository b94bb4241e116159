import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { echoValue, InputError, type InputProblem } from './errors.js';
import { scenarioSchema, type ScenarioDocument } from './schema.js';
import { YamlSource } from './yaml-source.js';
import { zodProblems } from './zod-problems.js';

/** A scenario file, parsed and validated for shape. */
export interface LoadedScenario {
  readonly file: string;
  /** Directory that relative paths in the scenario (traces, manifests, catalogs) resolve against. */
  readonly baseDir: string;
  readonly source: YamlSource;
  readonly document: ScenarioDocument;
}

export function readInputFile(file: string): string {
  let text: string;
  try {
    if (statSync(file).isDirectory()) throw new InputError([{ file, message: 'is a directory, expected a scenario file (YAML)' }]);
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError([{ file, message: code === 'ENOENT' ? 'file not found' : `cannot read: ${(e as Error).message}` }], { cause: e });
  }
  if (text.includes('\u0000')) throw new InputError([{ file, message: 'binary data, expected a YAML text file' }]);
  return text;
}

/** Parse and validate a scenario's shape; every problem is reported at once. */
export function loadScenario(file: string): LoadedScenario {
  return parseScenario(file, readInputFile(file));
}

export function parseScenario(file: string, text: string): LoadedScenario {
  if (text.trim() === '') throw new InputError([{ file, message: 'empty file, expected a scenario (YAML mapping with name, horizon, workload, ...)' }]);
  const source = YamlSource.parse(file, text);
  const raw = source.value();
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    const found = raw === null || raw === undefined ? 'no content (only comments or an empty document)' : Array.isArray(raw) ? 'a list' : `${typeof raw} ${echoValue(raw)}`;
    throw new InputError([{ file, line: 1, column: 1, message: `expected a YAML mapping (name, horizon, workload, ...), found ${found}` }]);
  }
  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success) throw new InputError(zodProblems(parsed.error.issues, scenarioSchema, source, raw));
  const problems: InputProblem[] = [];
  const doc = parsed.data;
  for (const [i, c] of (doc.cloud?.capacity?.crunches ?? []).entries()) {
    if (c.to <= c.from) problems.push(source.problem(['cloud', 'capacity', 'crunches', i, 'to'], `must be after "from" (${c.from} s), found ${c.to} s`));
  }
  if (doc.policy === 'static' && !doc.static && !doc.initialState?.nodes?.length) problems.push(source.problem(['policy'], 'policy "static" needs a "static.nodes" section'));
  if (doc.policy === 'karpenter' && !doc.karpenter) problems.push(source.problem(['policy'], 'policy "karpenter" needs a "karpenter.manifests" section'));
  if (doc.policy === 'cluster-autoscaler' && !doc.clusterAutoscaler) {
    problems.push(source.problem(['policy'], 'policy "cluster-autoscaler" needs a "clusterAutoscaler" section'));
  }
  const names = new Set<string>();
  for (const [i, ds] of (doc.cluster?.daemonSets ?? []).entries()) {
    const key = `${ds.namespace}/${ds.name}`;
    if (names.has(key)) problems.push(source.problem(['cluster', 'daemonSets', i, 'name'], `duplicate DaemonSet "${key}"`));
    names.add(key);
  }
  if (problems.length > 0) throw new InputError(problems);
  return { file, baseDir: dirname(resolve(file)), source, document: doc };
}
