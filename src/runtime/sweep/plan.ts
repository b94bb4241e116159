import { createHash } from 'node:crypto';
import { InputError, isInputError, type InputProblem } from '../../scenario/errors.js';
import { parseScenario, readInputFile } from '../../scenario/load.js';
import type { PolicyName } from '../../scenario/schema.js';
import { resolveScenario } from '../resolve-scenario.js';
import { checkPolicyConfigured } from '../run-scenario.js';
import { applyAssignments } from './apply.js';
import { gridPoints, gridRuns, type SweepGrid } from './grid.js';
import type { SetSpec } from './set-spec.js';

export interface SweepPlanOptions {
  /** Default: the scenario's `compare` list, or its `policy` when it has none. */
  readonly policies?: readonly PolicyName[];
  /** Seeds per (point, policy); default 1. */
  readonly seeds?: number;
}

/** A validated grid and the scenario text of every point (same order as `grid.points`). */
export interface SweepPlan {
  readonly file: string;
  readonly grid: SweepGrid;
  readonly pointTexts: readonly string[];
}

interface PointProblem {
  readonly problem: InputProblem;
  readonly assignment: string;
}

/**
 * Build the grid: apply each point's values to the scenario text, then parse and resolve it as any
 * scenario file is (every validation applies) and check the policies are configured. Every invalid
 * point is reported, as bad input naming the --set values that made it invalid.
 */
export function planSweep(file: string, specs: readonly SetSpec[], opts: SweepPlanOptions = {}): SweepPlan {
  const text = readInputFile(file);
  const points = gridPoints(specs);
  const seedsPerPoint = opts.seeds ?? 1;
  const pointTexts: string[] = [];
  const seedsByPoint = new Map<string, number[]>();
  const failures: PointProblem[] = [];
  let policies = opts.policies;
  let scenarioName = '';
  for (const point of points) {
    const assignments = specs.map((spec, k) => ({ spec, valueIndex: point.valueIndexes[k]! }));
    const assignment = specs.map((s, k) => `${s.pathText}=${s.valueTexts[point.valueIndexes[k]!]}`).join(' ');
    try {
      const pointText = applyAssignments(text, assignments);
      const loaded = parseScenario(file, pointText);
      const r = resolveScenario(loaded);
      policies ??= loaded.document.compare ?? [r.defaultPolicy];
      for (const p of policies) checkPolicyConfigured(r, p);
      if (scenarioName === '') scenarioName = loaded.document.name;
      pointTexts.push(pointText);
      seedsByPoint.set(point.id, Array.from({ length: seedsPerPoint }, (_, i) => r.seed + i));
    } catch (e) {
      if (!isInputError(e)) throw e;
      for (const problem of e.problems) failures.push({ problem, assignment });
    }
  }
  if (failures.length > 0) throw new InputError(mergeProblems(file, failures));
  const grid: SweepGrid = {
    schemaVersion: 1,
    scenario: scenarioName,
    scenarioSha256: createHash('sha256').update(text).digest('hex'),
    parameters: specs.map((s) => ({ path: s.pathText, values: s.values })),
    policies: policies ?? [],
    seedsPerPoint,
    points,
    runs: gridRuns(points, policies ?? [], (p) => seedsByPoint.get(p.id)!),
  };
  return { file, grid, pointTexts };
}

/**
 * One problem per distinct (path, message), naming the point values it occurred with. Line numbers
 * refer to the rewritten text, so they are dropped for problems of the rewritten scenario.
 */
function mergeProblems(file: string, failures: readonly PointProblem[]): InputProblem[] {
  const byKey = new Map<string, { problem: InputProblem; assignments: string[] }>();
  for (const f of failures) {
    const key = `${f.problem.file}\u0000${f.problem.path ?? ''}\u0000${f.problem.message}`;
    const entry = byKey.get(key) ?? { problem: f.problem, assignments: [] };
    if (!entry.assignments.includes(f.assignment)) entry.assignments.push(f.assignment);
    byKey.set(key, entry);
  }
  return [...byKey.values()].map(({ problem, assignments }) => {
    if (problem.file !== file) return problem; // a file the scenario names (trace, manifests): its own positions hold
    if (assignments.every((a) => a === '')) return problem; // no --set: the text is the file's own
    const { line: _line, column: _column, ...rest } = problem;
    const shown = assignments.slice(0, 3).join('; ') + (assignments.length > 3 ? `; and ${assignments.length - 3} more points` : '');
    return { ...rest, message: `${problem.message} (with --set ${shown})` };
  });
}
