import { Command, CommanderError } from 'commander';
import { registerCompare } from './compare.js';
import { reportError } from './errors.js';
import { registerImport } from './import.js';
import { registerReport } from './report.js';
import { registerRun } from './run.js';
import { registerSweep } from './sweep.js';
import { registerLive } from './live.js';
import { registerRecord } from './record.js';
import { registerServe } from './serve.js';
import { registerTrace } from './trace.js';
import { registerValidate } from './validate.js';

/** The fleetsim command line. Each command is a thin shell over an exported library function. */
export function buildProgram(): Command {
  const program = new Command('fleetsim')
    .description('Simulate Kubernetes node autoscaling on AWS: Karpenter-style provisioning vs the Cluster Autoscaler, against a mock EC2.')
    .showHelpAfterError('(run fleetsim --help for usage)')
    .exitOverride();
  registerRun(program);
  registerCompare(program);
  registerValidate(program);
  registerReport(program);
  registerTrace(program);
  registerSweep(program);
  registerServe(program);
  registerLive(program);
  registerRecord(program);
  registerImport(program);
  return program;
}

/** Runs the CLI; returns the exit code (0 ok, 1 a run failed, 2 bad input). */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 2;
    }
    return reportError(e);
  }
}
