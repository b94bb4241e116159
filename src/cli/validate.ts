import type { Command } from 'commander';
import { validateScenarioFile } from '../runtime/resolve-scenario.js';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check a scenario and the files it names; prints every error (exit 2 when any)')
    .argument('<scenario>', 'scenario file (YAML)')
    .action((scenario: string) => {
      const { warnings, summary } = validateScenarioFile(scenario);
      for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
      process.stdout.write(`${scenario}: valid (${summary})\n`);
    });
}
