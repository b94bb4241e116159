// `node bin/run-ts.mjs test/sweep/cli-harness.ts sweep ...`: the sweep command alone, as the CLI runs it
// (exit 2 for bad input, 1 for a failed run), for child-process tests independent of src/cli/main.ts.
import { Command, CommanderError } from 'commander';
import { reportError } from '../../src/cli/errors.js';
import { registerSweep } from '../../src/cli/sweep.js';

const program = new Command('fleetsim').exitOverride();
registerSweep(program);
try {
  await program.parseAsync(process.argv.slice(2), { from: 'user' });
} catch (e) {
  process.exitCode = e instanceof CommanderError ? (e.exitCode === 0 ? 0 : 2) : reportError(e);
}
