import type { Command } from 'commander';
import { parseDuration } from '../scenario/duration.js';
import { UsageError } from './errors.js';
import { untilSignal } from './serve.js';

function durationOption(value: string): number {
  const s = parseDuration(value);
  if (s === undefined || !(s > 0)) throw new UsageError(`--duration expects a duration such as "90s", "10m" or "2h", got "${value}"`);
  return s;
}

export function registerRecord(program: Command): void {
  program
    .command('record')
    .description("watch a live cluster's pods and Deployment scalings and write them as a fleetsim trace (times from the start of the recording)")
    .requiredOption('--out <file>', 'trace file to write (.csv, or .jsonl for JSON Lines)')
    .option('--kubeconfig <file>', 'kubeconfig (default: $KUBECONFIG, ~/.kube/config or in-cluster)')
    .option('--duration <d>', 'stop after this long (default: until Ctrl-C)', durationOption)
    .action(async (opts: { out: string; kubeconfig?: string; duration?: number }) => {
      const { startRecord } = await import('../runtime/live/record.js');
      const handle = await startRecord({
        out: opts.out,
        ...(opts.kubeconfig ? { kubeconfig: opts.kubeconfig } : {}),
        ...(opts.duration !== undefined ? { durationSeconds: opts.duration } : {}),
      });
      const signal = untilSignal();
      await Promise.race([handle.done, signal.promise]);
      signal.cancel();
      const s = await handle.stop();
      process.stdout.write(`recorded ${s.rows} rows (${s.pods} pods, ${s.deletes} deletes, ${s.scales} scalings) over ${s.seconds.toFixed(1)} s to ${handle.file}\n`);
    });
}
