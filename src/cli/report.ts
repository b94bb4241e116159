import type { Command } from 'commander';
import { rebuildReport, ReportReadError } from '../report/index.js';
import { InputError } from '../scenario/errors.js';

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('rebuild the charts and index.html of a run or comparison directory from its data files')
    .argument('<dir>', 'a run directory (summary.json, CSVs) or a comparison directory (comparison.json)')
    .action(async (dir: string) => {
      try {
        const kind = await rebuildReport(dir);
        process.stdout.write(`rebuilt ${kind} report: ${dir}/index.html\n`);
      } catch (e) {
        if (e instanceof ReportReadError) throw new InputError([{ file: dir, message: e.message }], { cause: e });
        throw e;
      }
    });
}
