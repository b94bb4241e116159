import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { runDirName, type ComparisonRun } from '../src/report/comparison.js';
import { rebuildReport, writeComparisonReport, writeRunReport } from '../src/report/write.js';
import { syntheticRun } from '../test/report/synthetic-run.js';
import { peakRssMiB, type Benchmark, type Figure } from './harness.js';

/**
 * Reports at scale (issue #10): a synthetic 30-day run of 1,000,000 pods (~30,000 instances peaking near
 * 2,000, 43,200 time-series samples, ~60,000 decisions) written by `writeRunReport`, twice (karpenter and
 * cluster-autoscaler labels) plus `writeComparisonReport` over both, in a child process so that its peak
 * RSS is its own. Then headless Chromium (the Debian build at /usr/bin/chromium) opens each index.html:
 * render time is navigation start → load event → two animation frames (first paint after layout).
 * Last, `fleetsim report` on the karpenter run directory (rebuildReport: pods.csv etc. read back, charts
 * and index.html rewritten), in a child process of its own.
 *
 *   npm run bench -- report          (or: node bin/run-ts.mjs bench/run.ts report)
 */
const CHILD_FLAG = '--report-bench-child';
const REBUILD_FLAG = '--report-bench-rebuild';
const CHROMIUM = '/usr/bin/chromium';
const MiB = 2 ** 20;

interface ChildResult {
  readonly generateSeconds: number;
  readonly dataRssMiB: number;
  readonly runWriteSeconds: number;
  readonly runWriteCpuSeconds: number;
  readonly comparisonWriteSeconds: number;
  readonly peakRssMiB: number;
}

async function child(root: string): Promise<void> {
  let t0 = process.hrtime.bigint();
  const since = (): number => Number(process.hrtime.bigint() - t0) / 1e9;
  const data = syntheticRun();
  const generateSeconds = since();
  const dataRssMiB = process.memoryUsage().rss / MiB;
  t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  const runs: ComparisonRun[] = [];
  for (const policy of ['karpenter', 'cluster-autoscaler']) {
    const dir = runDirName(policy, 1);
    const { summary, chartData } = await writeRunReport(join(root, dir), { ...data, meta: { ...data.meta, policy } });
    runs.push({ policy, seed: 1, summary, chartData, dir });
  }
  const runWriteSeconds = since() / 2;
  const cpu = process.cpuUsage(c0);
  const runWriteCpuSeconds = (cpu.user + cpu.system) / 1e6 / 2;
  t0 = process.hrtime.bigint();
  await writeComparisonReport(root, runs);
  const result: ChildResult = { generateSeconds, dataRssMiB, runWriteSeconds, runWriteCpuSeconds, comparisonWriteSeconds: since(), peakRssMiB: peakRssMiB() };
  process.stdout.write(JSON.stringify(result));
}

async function rebuildChild(dir: string): Promise<void> {
  const t0 = process.hrtime.bigint();
  await rebuildReport(dir);
  process.stdout.write(JSON.stringify({ seconds: Number(process.hrtime.bigint() - t0) / 1e9, peakRssMiB: peakRssMiB() }));
}

function runChild<T>(flag: string, path: string): T {
  const here = dirname(fileURLToPath(import.meta.url));
  const runTs = join(here, '..', 'bin', 'run-ts.mjs');
  const r = spawnSync(process.execPath, ['--max-old-space-size=8192', runTs, join(here, 'report.bench.ts'), flag, path], {
    encoding: 'utf8',
    maxBuffer: 16 * MiB,
  });
  if (r.status !== 0) throw new Error(`report bench child failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/** Seconds from navigation start to two animation frames after the load event. */
async function renderSeconds(files: readonly string[]): Promise<number[]> {
  const profile = mkdtempSync(join(tmpdir(), 'fleetsim-report-bench-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update'],
  });
  try {
    const out: number[] = [];
    for (const file of files) {
      const page = await context.newPage();
      const t0 = process.hrtime.bigint();
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load', timeout: 120_000 });
      await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(0))))');
      out.push(Number(process.hrtime.bigint() - t0) / 1e9);
      await page.close();
    }
    return out;
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

function dirSizeMiB(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    total += e.isDirectory() ? dirSizeMiB(p) * MiB : statSync(p).size;
  }
  return total / MiB;
}

if (process.argv[2] === CHILD_FLAG) await child(process.argv[3]!);
if (process.argv[2] === REBUILD_FLAG) await rebuildChild(process.argv[3]!);

export const benchmarks: Benchmark[] = [
  {
    name: 'report',
    async run(): Promise<Figure[]> {
      const root = mkdtempSync(join(tmpdir(), 'fleetsim-report-bench-'));
      try {
        const c = runChild<ChildResult>(CHILD_FLAG, root);
        const runDir = join(root, runDirName('karpenter', 1));
        const size = (f: string): number => statSync(join(runDir, f)).size / MiB;
        const figures: Figure[] = [
          { figure: 'report: synthetic 10^6-pod / 30-day RunData built', value: c.generateSeconds, unit: 's' },
          { figure: 'report: RSS holding the RunData', value: c.dataRssMiB, unit: 'MiB' },
          { figure: 'report: writeRunReport, 10^6 pods, 43,200 samples', value: c.runWriteSeconds, unit: 's', target: { op: '<=', value: 30 } },
          { figure: 'report: writeRunReport, CPU seconds (user + system)', value: c.runWriteCpuSeconds, unit: 'cpu-s' },
          { figure: 'report: writeComparisonReport over 2 such runs', value: c.comparisonWriteSeconds, unit: 's', target: { op: '<=', value: 10 } },
          { figure: 'report: peak RSS (data + 2 run reports + comparison)', value: c.peakRssMiB, unit: 'MiB', target: { op: '<=', value: 2048 } },
          { figure: 'report: run index.html', value: size('index.html'), unit: 'MiB', target: { op: '<=', value: 5 } },
          { figure: 'report: comparison index.html', value: statSync(join(root, 'index.html')).size / MiB, unit: 'MiB', target: { op: '<=', value: 5 } },
          { figure: 'report: run charts/ (svg + vl.json)', value: dirSizeMiB(join(runDir, 'charts')), unit: 'MiB' },
        ];
        for (const f of ['pods.csv', 'nodes.csv', 'timeseries.csv', 'events.csv', 'decisions.jsonl']) {
          figures.push({ figure: `report: ${f} (complete)`, value: size(f), unit: 'MiB' });
        }
        const rebuild = runChild<{ seconds: number; peakRssMiB: number }>(REBUILD_FLAG, runDir);
        figures.push({ figure: 'report: fleetsim report (rebuild) of the 10^6-pod run', value: rebuild.seconds, unit: 's', target: { op: '<=', value: 30 } });
        figures.push({ figure: 'report: rebuild, peak RSS', value: rebuild.peakRssMiB, unit: 'MiB', target: { op: '<=', value: 1024 } });
        if (existsSync(CHROMIUM)) {
          const [run, cmp] = await renderSeconds([join(runDir, 'index.html'), join(root, 'index.html')]);
          figures.push({ figure: 'report: Chromium load + first paint, run page', value: run!, unit: 's', target: { op: '<=', value: 3 } });
          figures.push({ figure: 'report: Chromium load + first paint, comparison page', value: cmp!, unit: 's', target: { op: '<=', value: 3 } });
        } else {
          process.stderr.write(`report bench: ${CHROMIUM} not found, render time skipped\n`);
        }
        return figures;
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  },
];
