import { existsSync } from 'node:fs';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readSummary, withStagedDir, type Summary } from '../../report/index.js';
import { InputError, type InputProblem } from '../../scenario/errors.js';
import { gridFileJson, WHOLE, type GridFile, type SweepGrid } from './grid.js';
import { writeSweepReport } from './report.js';
import type { SweepResult } from './result.js';

export interface MergeOutcome {
  readonly outDir: string;
  readonly grid: SweepGrid;
  readonly result: SweepResult;
}

async function readGridFile(dir: string): Promise<GridFile> {
  const file = join(dir, 'grid.json');
  if (!existsSync(file)) throw new InputError([{ file: dir, message: 'not a sweep output directory (no grid.json): expected the --out directory of `fleetsim sweep --shard i/N`' }]);
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<GridFile> & { kind?: string };
    if (parsed.kind !== 'fleetsim-sweep-grid' || !parsed.grid || !parsed.shard || !Array.isArray(parsed.completed)) {
      throw new Error('missing kind/grid/shard/completed');
    }
    return parsed as GridFile;
  } catch (e) {
    throw new InputError([{ file, message: `not a fleetsim sweep grid file: ${(e as Error).message}` }], { cause: e });
  }
}

/**
 * `fleetsim sweep merge <dir>... --out DIR`: combine the outputs of the shards of one sweep (each an
 * `--out` of `fleetsim sweep --shard i/N`) into the report a single local run writes: the run
 * directories are copied under `<out>/runs/`, and sweep.json and index.html are built from the runs'
 * summary.json files. The shards must come from the same grid (same scenario text, --set values,
 * policies and seeds) and together hold every run exactly once; otherwise it is bad input.
 */
export async function mergeSweepShards(dirs: readonly string[], out: string): Promise<MergeOutcome> {
  if (dirs.length === 0) throw new InputError([{ file: 'sweep merge', message: 'no shard directories given' }]);
  const files = await Promise.all(dirs.map(readGridFile));
  const grid = files[0]!.grid;
  const key = JSON.stringify(grid);
  const problems: InputProblem[] = [];
  const holder = new Map<number, string>();
  for (const [i, f] of files.entries()) {
    if (JSON.stringify(f.grid) !== key) {
      problems.push({ file: dirs[i]!, message: `belongs to a different sweep than ${dirs[0]} (scenario, --set values, policies or seeds differ)` });
      continue;
    }
    for (const index of f.completed) {
      const other = holder.get(index);
      if (other !== undefined) problems.push({ file: dirs[i]!, message: `run ${index} (${grid.runs[index]?.dir ?? '?'}) is also in ${other}` });
      else holder.set(index, dirs[i]!);
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  const missing = grid.runs.filter((r) => !holder.has(r.index));
  if (missing.length > 0) {
    const counts = [...new Set(files.map((f) => f.shard.count))];
    const have = new Set(files.map((f) => `${f.shard.index}/${f.shard.count}`));
    const absentShards = counts.length === 1 ? Array.from({ length: counts[0]! }, (_, i) => `${i}/${counts[0]}`).filter((s) => !have.has(s)) : [];
    const hint = absentShards.length > 0 ? ` (shard${absentShards.length === 1 ? '' : 's'} ${absentShards.join(', ')} not given)` : '';
    const examples = missing.slice(0, 3).map((r) => r.dir).join(', ');
    throw new InputError([{ file: 'sweep merge', message: `${missing.length} of ${grid.runs.length} runs missing${hint}: ${examples}${missing.length > 3 ? ', ...' : ''}` }]);
  }
  const summaries = new Map<number, Summary>();
  for (const run of grid.runs) {
    const dir = join(holder.get(run.index)!, run.dir);
    const summary = await readSummary(dir);
    if (summary.policy !== run.policy || summary.seed !== run.seed) {
      throw new InputError([{ file: join(dir, 'summary.json'), message: `expected policy ${run.policy} seed ${run.seed}, found policy ${summary.policy} seed ${summary.seed}` }]);
    }
    summaries.set(run.index, summary);
  }
  const result = await withStagedDir(out, async (stage) => {
    const copiedPoints = new Set<string>();
    for (const run of grid.runs) {
      const from = holder.get(run.index)!;
      if (!copiedPoints.has(run.point)) {
        const scenario = join(from, 'runs', run.point, 'scenario.yaml');
        if (existsSync(scenario)) await cp(scenario, join(stage, 'runs', run.point, 'scenario.yaml'));
        copiedPoints.add(run.point);
      }
      await cp(join(from, run.dir), join(stage, run.dir), { recursive: true });
    }
    await writeFile(join(stage, 'grid.json'), gridFileJson({ grid, shard: WHOLE, completed: grid.runs.map((r) => r.index) }));
    return writeSweepReport(stage, grid, (i) => summaries.get(i)!);
  });
  return { outDir: out, grid, result };
}
