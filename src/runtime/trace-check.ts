import { statSync } from 'node:fs';
import { isInputError, type InputProblem } from '../scenario/errors.js';
import { RandomSource } from '../sim/random.js';
import { buildWorkload, resolveTracePath, type BuildOptions, type WorkloadConfig } from '../workload/config.js';

/** A trace up to this size is read in full by `validate` (within the horizon, as `run` reads it). */
export const VALIDATE_FULL_READ_BYTES = 64 * 1024 * 1024;
/** Of a larger trace, `validate` reads the header and this many records (bad rows beyond are found by `run`). */
export const VALIDATE_RECORDS_OF_LARGE_TRACE = 100_000;

/**
 * `fleetsim validate` reads each trace the scenario names with the same readers, options and
 * transform as `run`, so it reports the same problems (file, line, column, reason): unknown header
 * columns, bad rows under `onBadRow: fail`, binary or empty files. Like `run`, it stops after the first
 * event past the horizon. A trace larger than VALIDATE_FULL_READ_BYTES is read only up to
 * VALIDATE_RECORDS_OF_LARGE_TRACE records, so validation stays quick on multi-gigabyte traces.
 * Generators are not run. Expects a config that already passed validateWorkload.
 */
export function traceProblems(config: WorkloadConfig, o: Omit<BuildOptions, 'rng'>): InputProblem[] {
  const problems: InputProblem[] = [];
  for (const item of config) {
    if (!('trace' in item)) continue;
    const file = resolveTracePath(item.trace.file, o.baseDir);
    const maxRecords = statSync(file).size <= VALIDATE_FULL_READ_BYTES ? Infinity : VALIDATE_RECORDS_OF_LARGE_TRACE;
    // The random source only salts `sample`, which drops events after they are read and checked.
    const built = buildWorkload([item], { ...o, rng: new RandomSource('validate') });
    const stats = built.sourceStats[0]!;
    try {
      for (const e of built.events) {
        if ((o.horizonSeconds !== undefined && e.at > o.horizonSeconds) || stats.read >= maxRecords) break;
      }
    } catch (e) {
      if (!isInputError(e)) throw e;
      problems.push(...e.problems);
    }
  }
  return problems;
}
