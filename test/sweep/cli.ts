import { Command, CommanderError } from 'commander';
import { reportError } from '../../src/cli/errors.js';
import { registerSweep } from '../../src/cli/sweep.js';

/**
 * Run `fleetsim sweep ...` in-process as the CLI does (the sweep command on its own program, so the tests
 * do not depend on src/cli/main.ts), capturing output; returns the exit code (0, 1 a run failed, 2 bad input).
 */
export async function runSweepCli(argv: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    const program = new Command('fleetsim').exitOverride().configureOutput({ writeErr: (s) => (stderr += s), writeOut: (s) => (stdout += s) });
    registerSweep(program);
    try {
      await program.parseAsync([...argv], { from: 'user' });
      return { code: 0, stdout, stderr };
    } catch (e) {
      if (e instanceof CommanderError) return { code: e.exitCode === 0 ? 0 : 2, stdout, stderr };
      return { code: reportError(e), stdout, stderr };
    }
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}
