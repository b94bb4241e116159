import type { Command } from 'commander';
import { runScenarioFile } from '../runtime/run-scenario.js';
import { POLICIES, type PolicyName } from '../scenario/schema.js';
import { intOption, UsageError } from './errors.js';
import { createProgress } from './progress.js';

export function policyOption(value: string): PolicyName {
  if (!(POLICIES as readonly string[]).includes(value)) throw new UsageError(`--policy expects one of ${POLICIES.join(', ')}, got "${value}"`);
  return value as PolicyName;
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('one simulated run of a scenario; writes summary.json, CSVs, decisions.jsonl, charts and index.html')
    .argument('<scenario>', 'scenario file (YAML)')
    .option('--policy <policy>', `policy under test: ${POLICIES.join(' | ')} (default: the scenario's)`, policyOption)
    .option('--seed <n>', "random seed (default: the scenario's)", intOption('seed', 0))
    .option('--out <dir>', 'output directory (default: reports/<scenario>-<policy>-<seed>)')
    .action(async (scenario: string, opts: { policy?: PolicyName; seed?: number; out?: string }) => {
      const progress = createProgress('simulating');
      try {
        const result = await runScenarioFile(scenario, {
          ...opts,
          onProgress: (done, total) => progress.update(Math.round(done), Math.round(total), 'simulated seconds'),
        });
        progress.stop();
        process.stdout.write(`${result.headline}\nreport: ${result.outDir}/index.html\n`);
      } finally {
        progress.stop();
      }
    });
}
