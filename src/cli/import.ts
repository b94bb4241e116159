import { basename, extname } from 'node:path';
import type { Command } from 'commander';
import { importCluster, writeScenario } from '../import/index.js';
import { parseDuration } from '../scenario/duration.js';
import { UsageError } from './errors.js';

function horizonOption(value: string): string {
  const s = parseDuration(value);
  if (s === undefined || !(s > 0)) throw new UsageError(`--horizon expects a duration such as "6h", "24h" or "7d", got "${value}"`);
  return value;
}

export function registerImport(program: Command): void {
  program
    .command('import')
    .description("turn a kubectl export of your cluster (nodes, pods, controllers, PDBs, HPAs, Karpenter NodePools, the Cluster Autoscaler's Deployment) into a scenario that starts from it")
    .requiredOption('--from <path>', 'kubectl output (-o json or -o yaml): a file, or a directory of such files')
    .requiredOption('--out <file>', 'scenario file to write (YAML)')
    .option('--name <name>', 'scenario name (default: the output file name)')
    .option('--horizon <duration>', 'simulated time span', horizonOption, '24h')
    .action((opts: { from: string; out: string; name?: string; horizon: string }) => {
      const result = importCluster({ from: opts.from, horizon: opts.horizon, name: opts.name ?? basename(opts.out, extname(opts.out)) });
      writeScenario(opts.out, result, [`fleetsim import --from ${opts.from}`, '']);
      const lines = result.report.lines();
      process.stdout.write(`${lines.join('\n')}\n\nwrote ${opts.out} (${result.report.count('unmapped')} items not mapped, ${result.report.count('guess')} guesses, ${result.report.count('warning')} warnings; the same report heads the file)\nnext: fleetsim compare ${opts.out}\n`);
    });
}
