import type { Command } from 'commander';
import { convertTrace, formatInspection, inspectTrace } from '../workload/inspect.js';
import { TRACE_FORMATS, type TraceFormat } from '../workload/formats/index.js';
import { UsageError } from './errors.js';

function formatOption(value: string): TraceFormat {
  if (!(TRACE_FORMATS as readonly string[]).includes(value)) throw new UsageError(`--format expects one of ${TRACE_FORMATS.join(', ')}, got "${value}"`);
  return value as TraceFormat;
}

function onBadRowOption(value: string): 'fail' | 'skip' {
  if (value !== 'fail' && value !== 'skip') throw new UsageError(`--on-bad-row expects fail or skip, got "${value}"`);
  return value;
}

export function registerTrace(program: Command): void {
  const trace = program.command('trace').description('inspect workload traces and convert them to fleetsim\'s own format');
  trace
    .command('inspect')
    .description('pods, time span, arrival rate over time, request percentiles, peak concurrent requests')
    .argument('<file>', 'trace file')
    .option('--format <format>', `trace format (${TRACE_FORMATS.join(', ')}); guessed from the name when absent`, formatOption)
    .option('--on-bad-row <policy>', 'fail (default) or skip malformed rows, counting them', onBadRowOption)
    .option('--bucket <seconds>', 'arrival-rate bucket in seconds (default 3600)', (v) => Number(v))
    .action((file: string, opts: { format?: TraceFormat; onBadRow?: 'fail' | 'skip'; bucket?: number }) => {
      const r = inspectTrace(file, opts.format, {
        ...(opts.onBadRow ? { onBadRow: opts.onBadRow } : {}),
        ...(opts.bucket ? { bucketSeconds: opts.bucket } : {}),
      });
      process.stdout.write(`${formatInspection(r)}\n`);
    });
  trace
    .command('convert')
    .description("convert a trace to fleetsim's format (CSV, or JSON Lines when --out ends in .jsonl)")
    .argument('<in>', 'input trace')
    .requiredOption('--out <file>', 'output file')
    .option('--format <format>', `input format (${TRACE_FORMATS.join(', ')}); guessed from the name when absent`, formatOption)
    .option('--on-bad-row <policy>', 'fail (default) or skip malformed rows, counting them', onBadRowOption)
    .action((input: string, opts: { out: string; format?: TraceFormat; onBadRow?: 'fail' | 'skip' }) => {
      const r = convertTrace(input, opts.format, opts.out, opts.onBadRow ? { onBadRow: opts.onBadRow } : {});
      const s = r.stats.totals;
      process.stdout.write(`${r.input} (${r.format}) → ${r.output}: ${r.rowsWritten} rows written; read ${s.read}, used ${s.used}, skipped ${s.skipped}, filtered ${s.filtered}\n`);
    });
}
