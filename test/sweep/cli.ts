import { Command, CommanderError } from 'commander';
import { reportError } from '../../src/cli/errors.js';
import { registerSweep } from '../../src/cli/sweep.js';
import { captureOutput } from '../e2e/cli-capture.js';

/**
 * Run `fleetsim sweep ...` in-process as the CLI does (the sweep command on its own program, so the tests
 * do not depend on src/cli/main.ts), capturing output; returns the exit code (0, 1 a run failed, 2 bad input).
 */
export async function runSweepCli(argv: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const r = await captureOutput(async (out) => {
    const program = new Command('fleetsim').exitOverride().configureOutput({ writeErr: out.stderr, writeOut: out.stdout });
    registerSweep(program);
    try {
      await program.parseAsync([...argv], { from: 'user' });
      return 0;
    } catch (e) {
      if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
      return reportError(e);
    }
  });
  if (r.thrown !== undefined) throw r.thrown;
  return { code: r.result!, stdout: r.stdout, stderr: r.stderr };
}
