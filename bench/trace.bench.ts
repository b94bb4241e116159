import { spawnSync } from 'node:child_process';
import { closeSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFleetsimTrace } from '../src/workload/formats/fleetsim-reader.js';
import { FLEETSIM_HEADER } from '../src/workload/formats/fleetsim-row.js';
import { convertTrace } from '../src/workload/inspect.js';
import { TemplateResolver } from '../src/workload/template-resolver.js';
import { newSourceStats } from '../src/workload/types.js';
import { peakRssMiB, type Benchmark, type Figure } from './harness.js';

/**
 * Trace I/O: a 1,000,000-row fleetsim CSV (pods with run times, pods deleted by end_s, Deployment
 * scalings, Jobs; a fifth with labels) is generated into the OS temp directory, then
 * - read: parsed into WorkloadEvents (templates resolved, PodSpecs built, end_s deletes interleaved);
 * - convert: read and written back out as fleetsim JSON Lines (`convertTrace`).
 * Each runs in a fresh child process so its peak RSS is its own (the other benchmarks share a process).
 * Rates are given per wall-clock second (the target) and per CPU second of the child (user + system,
 * all threads): the second is steadier on a busy machine.
 */
const ROWS = 1_000_000;
const CHILD_FLAG = '--trace-bench-child';

function generate(file: string, rows: number): void {
  const fd = openSync(file, 'w');
  let buf: string[] = [FLEETSIM_HEADER];
  for (let i = 0; i < rows; i++) {
    const at = (i / 100).toFixed(2);
    const k = i % 100;
    let line: string;
    if (k < 90) line = `p${i},pod,,,team-${i % 7},${at},${60 + (i % 600)},,${250 + (i % 8) * 250},${512 + (i % 16) * 256},,,,${k < 20 ? `app=a${i % 50};tier=web` : ''},,,`;
    else if (k < 95) line = `p${i},pod,Deployment,d${i % 30},team-${i % 7},${at},,${(i / 100 + 300).toFixed(2)},500,1024,,,100,,,,`;
    else if (k < 98) line = `,scale,Deployment,d${i % 30},team-${i % 7},${at},,,1000,2048,,,,,,${1 + (i % 20)},`;
    else line = `,job,Job,j${i},batch,${at},120,,2000,4096,1,,,,,${4 + (i % 4)},2`;
    buf.push(line);
    if (buf.length >= 10_000) {
      writeSync(fd, buf.join('\n') + '\n');
      buf = [];
    }
  }
  writeSync(fd, buf.join('\n') + '\n');
  closeSync(fd);
}

interface ChildResult {
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly rows: number;
  readonly peakRssMiB: number;
}

/** In the child: run one task and print a ChildResult as JSON. */
function child(task: string, file: string): void {
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  let rows = 0;
  if (task === 'read') {
    const stats = newSourceStats(file);
    let n = 0;
    for (const e of readFleetsimTrace(file, { resolver: new TemplateResolver(new Map(), {}, true), onBadRow: 'fail', stats })) if (e.at >= 0) n++;
    rows = stats.read;
    if (n === 0) throw new Error('no events');
  } else {
    const out = `${file}.jsonl`;
    rows = convertTrace(file, 'fleetsim', out).stats.totals.read;
    rmSync(out, { force: true });
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(c0);
  const result: ChildResult = { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, rows, peakRssMiB: peakRssMiB() };
  process.stdout.write(JSON.stringify(result));
}

function runChild(task: string, file: string): ChildResult {
  const here = dirname(fileURLToPath(import.meta.url));
  const runTs = join(here, '..', 'bin', 'run-ts.mjs');
  const r = spawnSync(process.execPath, [runTs, join(here, 'trace.bench.ts'), CHILD_FLAG, task, file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`trace bench child (${task}) failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as ChildResult;
}

if (process.argv[2] === CHILD_FLAG) child(process.argv[3]!, process.argv[4]!);

export const benchmarks: Benchmark[] = [
  {
    name: 'trace',
    run(): Figure[] {
      const file = join(tmpdir(), `fleetsim-trace-bench-${process.pid}.csv`);
      generate(file, ROWS);
      try {
        const sizeMiB = statSync(file).size / 2 ** 20;
        const read = runChild('read', file);
        const convert = runChild('convert', file);
        if (read.rows !== ROWS || convert.rows !== ROWS) throw new Error(`expected ${ROWS} rows, read ${read.rows} / ${convert.rows}`);
        return [
          { figure: `trace: read 10^6-row fleetsim CSV (${sizeMiB.toFixed(0)} MiB) → events`, value: ROWS / read.seconds, unit: 'rows/s', target: { op: '>=', value: 500_000 } },
          { figure: 'trace: read, per CPU second', value: ROWS / read.cpuSeconds, unit: 'rows/cpu-s' },
          { figure: 'trace: read, peak RSS', value: read.peakRssMiB, unit: 'MiB', target: { op: '<=', value: 300 } },
          { figure: 'trace: convert 10^6 rows CSV → JSON Lines', value: ROWS / convert.seconds, unit: 'rows/s', target: { op: '>=', value: 500_000 } },
          { figure: 'trace: convert, per CPU second', value: ROWS / convert.cpuSeconds, unit: 'rows/cpu-s' },
          { figure: 'trace: convert, peak RSS', value: convert.peakRssMiB, unit: 'MiB', target: { op: '<=', value: 300 } },
        ];
      } finally {
        rmSync(file, { force: true });
      }
    },
  },
];
