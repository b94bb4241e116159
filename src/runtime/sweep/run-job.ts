import type { Summary } from '../../report/index.js';
import { parseScenario } from '../../scenario/load.js';
import type { PolicyName } from '../../scenario/schema.js';
import { resolveScenario } from '../resolve-scenario.js';
import { runResolved } from '../run-scenario.js';

/** One run of a sweep, as a message between threads: the point's scenario text, not a file. */
export interface SweepJob {
  /** The scenario file: names the scenario in errors, and relative paths in it resolve against its directory. */
  readonly file: string;
  /** The scenario text with the point's values applied. */
  readonly text: string;
  readonly policy: PolicyName;
  readonly seed: number;
  readonly outDir: string;
}

/** Simulate one run of a sweep in this thread and write its run report; returns its summary. */
export async function runSweepJob(job: SweepJob): Promise<Summary> {
  const r = resolveScenario(parseScenario(job.file, job.text));
  const { summary } = await runResolved(r, job.policy, job.seed, job.outDir);
  return summary;
}
