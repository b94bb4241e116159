import type { Command } from 'commander';
import { compareScenarioFile } from '../runtime/compare.js';
import { POLICIES, type PolicyName } from '../scenario/schema.js';
import { intOption, UsageError } from './errors.js';
import { createProgress } from './progress.js';

function policiesOption(value: string): PolicyName[] {
  const list = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const p of list) {
    if (!(POLICIES as readonly string[]).includes(p)) throw new UsageError(`--policies expects names from ${POLICIES.join(', ')}, got "${p}"`);
  }
  return list as PolicyName[];
}

export function registerCompare(program: Command): void {
  program
    .command('compare')
    .description('the same workload under several policies and seeds, in parallel; writes comparison.json and index.html')
    .argument('<scenario>', 'scenario file (YAML)')
    .option('--policies <list>', 'comma-separated policies (default: karpenter,cluster-autoscaler)', policiesOption)
    .option('--seeds <n>', 'seeds per policy (scenario seed, seed+1, ...)', intOption('seeds', 1), 1)
    .option('--out <dir>', 'output directory (default: reports/<scenario>)')
    .option('--workers <n>', 'worker threads (default: number of cores)', intOption('workers', 1))
    .action(async (scenario: string, opts: { policies?: PolicyName[]; seeds: number; out?: string; workers?: number }) => {
      const progress = createProgress('comparing');
      try {
        const result = await compareScenarioFile(scenario, {
          ...opts,
          onProgress: (done, total) => progress.update(done, total, 'runs'),
        });
        progress.stop();
        process.stdout.write(`${result.headline}\nreport: ${result.outDir}/index.html\n`);
      } finally {
        progress.stop();
      }
    });
}
