import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { RunData } from '../metrics/run-data.js';
import { chartDataFromRun, type RunChartData } from './chart-data.js';
import { CHARTS, paletteFor, renderSvg } from './charts/index.js';
import { buildComparison, comparisonJson, type Comparison, type ComparisonRun } from './comparison.js';
import { decisionsJsonl, eventsCsv, nodesCsv, podsCsv, timeseriesCsv } from './csv.js';
import { DECISION_LOG_BUDGET_BYTES, MAX_DECISIONS_IN_HTML, type LoggedDecision, type RenderedChart } from './html-parts.js';
import { renderComparisonHtml, renderRunHtml } from './html.js';
import { ReportReadError, readDecisions, readRunChartData, readSummary } from './read-run.js';
import { buildSummary, summaryJson, type Summary, type SummaryExtras } from './summary.js';

/** What only the runtime knows (run.json): not deterministic, kept out of summary.json. */
export interface RunInfo {
  readonly wallSeconds: number;
  readonly eventsProcessed: number;
  /** Computed from the two above when absent. */
  readonly eventsPerSecond?: number;
  readonly peakRssBytes: number;
  readonly versions: Readonly<Record<string, string>>;
  readonly [extra: string]: unknown;
}

let stagingSeq = 0;
function stagingName(base: string, tag: string): string {
  return `${base}.${tag}-${process.pid}-${++stagingSeq}`;
}

async function writeChunks(file: string, chunks: Iterable<string>): Promise<void> {
  const out = createWriteStream(file, { encoding: 'utf8' });
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => undefined); // observed through the races below
  for (const chunk of chunks) {
    if (!out.write(chunk)) await Promise.race([new Promise<void>((r) => out.once('drain', () => r())), failed]);
  }
  await Promise.race([new Promise<void>((resolve) => out.end(resolve)), failed]);
}

/** Replace `target` (a directory or file) by `fresh` with renames; the old one is removed afterwards. */
async function swapInto(fresh: string, target: string): Promise<void> {
  let old: string | undefined;
  if (existsSync(target)) {
    old = stagingName(target, 'old');
    await rename(target, old);
  }
  await rename(fresh, target);
  if (old) await rm(old, { recursive: true, force: true });
}

/**
 * Run `fn` on a fresh staging directory next to `dir`, then put it in place of `dir` (renames). On error
 * the staging directory is removed and `dir` is left as it was: a report is either complete or absent.
 */
export async function withStagedDir<T>(dir: string, fn: (stagingDir: string) => Promise<T>): Promise<T> {
  await mkdir(dirname(dir), { recursive: true });
  const stage = stagingName(dir, 'tmp');
  await mkdir(stage, { recursive: true });
  try {
    const result = await fn(stage);
    await swapInto(stage, dir);
    return result;
  } catch (e) {
    await rm(stage, { recursive: true, force: true });
    throw e;
  }
}

/**
 * Put `names` from `stage` into `dir`, `index.html` last (removed first), so that a report directory with
 * an index.html is always complete. Other files of `dir` (run subdirectories) are left alone.
 */
async function commitFiles(stage: string, dir: string, names: readonly string[]): Promise<void> {
  await rm(join(dir, 'index.html'), { force: true });
  for (const name of names) if (name !== 'index.html') await swapInto(join(stage, name), join(dir, name));
  if (names.includes('index.html')) await rename(join(stage, 'index.html'), join(dir, 'index.html'));
}

/** Write charts/<id>.vl.json and charts/<id>.svg for the runs; returns the rendered charts. */
async function writeCharts(dir: string, runs: readonly RunChartData[]): Promise<RenderedChart[]> {
  const chartsDir = join(dir, 'charts');
  await mkdir(chartsDir, { recursive: true });
  const palette = paletteFor(runs);
  const rendered: RenderedChart[] = [];
  for (const chart of CHARTS) {
    const spec = chart.build(runs, palette);
    const svg = await renderSvg(spec);
    await writeFile(join(chartsDir, `${chart.id}.vl.json`), JSON.stringify(spec, null, 2) + '\n');
    await writeFile(join(chartsDir, `${chart.id}.svg`), svg);
    rendered.push({ id: chart.id, title: chart.title, svg });
  }
  return rendered;
}

/** charts/ and index.html of a run directory `dir` whose data files are written (into `outDir`, default `dir`). */
async function writeRunPage(dir: string, summary: Summary, chartData: RunChartData, outDir = dir): Promise<void> {
  const charts = await writeCharts(outDir, [chartData]);
  const { decisions, total } = await readDecisions(dir, MAX_DECISIONS_IN_HTML, DECISION_LOG_BUDGET_BYTES);
  const html = renderRunHtml({
    summary,
    charts,
    decisions: decisions.map((decision) => ({ run: '', decision })),
    decisionsTotal: total,
    slowestPods: { pods: chartData.slowestPods, total: chartData.podCount },
  });
  await writeFile(join(outDir, 'index.html'), html);
}

/**
 * Write a run's report directory: summary.json, run.json, pods.csv, nodes.csv, timeseries.csv,
 * events.csv, decisions.jsonl, charts/*.svg + *.vl.json, index.html. Written to a staging directory and
 * renamed into place. Returns the summary and the (small) chart data, which is all a comparison needs.
 */
export async function writeRunReport(
  dir: string,
  data: RunData,
  info?: RunInfo,
  extras?: SummaryExtras,
): Promise<{ summary: Summary; chartData: RunChartData }> {
  return withStagedDir(dir, async (stage) => {
    const summary = buildSummary(data, extras);
    await writeFile(join(stage, 'summary.json'), summaryJson(summary));
    if (info) await writeFile(join(stage, 'run.json'), runInfoJson(info));
    await writeChunks(join(stage, 'pods.csv'), podsCsv(data));
    await writeChunks(join(stage, 'nodes.csv'), nodesCsv(data));
    await writeChunks(join(stage, 'timeseries.csv'), timeseriesCsv(data));
    await writeChunks(join(stage, 'events.csv'), eventsCsv(data));
    await writeChunks(join(stage, 'decisions.jsonl'), decisionsJsonl(data));
    const chartData = chartDataFromRun(data);
    await writeRunPage(stage, summary, chartData);
    return { summary, chartData };
  });
}

export function runInfoJson(info: RunInfo): string {
  const eventsPerSecond = info.eventsPerSecond ?? (info.wallSeconds > 0 ? info.eventsProcessed / info.wallSeconds : 0);
  return JSON.stringify({ ...info, eventsPerSecond }, null, 2) + '\n';
}

async function comparisonDecisions(dir: string, runs: readonly ComparisonRun[]): Promise<{ entries: LoggedDecision[]; total: number }> {
  const withDir = runs.filter((r) => r.dir !== undefined);
  const perRun = Math.max(1, Math.floor(MAX_DECISIONS_IN_HTML / Math.max(1, withDir.length)));
  const budget = DECISION_LOG_BUDGET_BYTES / Math.max(1, withDir.length);
  const entries: LoggedDecision[] = [];
  let total = 0;
  for (const r of withDir) {
    const { decisions, total: t } = await readDecisions(join(dir, r.dir!), perRun, budget);
    total += t;
    for (const decision of decisions) entries.push({ run: `${r.policy} seed ${r.seed}`, decision });
  }
  return { entries, total };
}

async function writeComparisonPage(dir: string, stage: string, comparison: Comparison, runs: readonly ComparisonRun[]): Promise<void> {
  const chartRuns = runs.flatMap((r) => (r.chartData ? [r.chartData] : []));
  const charts = await writeCharts(stage, chartRuns);
  const { entries, total } = await comparisonDecisions(dir, runs);
  const runLinks = runs
    .filter((r) => r.dir !== undefined)
    .map((r) => ({ label: `${r.policy} seed ${r.seed}`, href: `${r.dir!.split('\\').join('/')}/index.html` }));
  const html = renderComparisonHtml({ comparison, palette: paletteFor(chartRuns), charts, decisions: entries, decisionsTotal: total, runLinks });
  await writeFile(join(stage, 'index.html'), html);
}

/**
 * Write comparison.json, charts/ and index.html into `dir` (next to the run directories the runtime
 * wrote there). Staged, and index.html is put in place last.
 */
export async function writeComparisonReport(dir: string, runs: readonly ComparisonRun[]): Promise<Comparison> {
  await mkdir(dir, { recursive: true });
  const stage = stagingName(join(dir, '.staging'), 'cmp');
  await mkdir(stage, { recursive: true });
  try {
    const comparison = buildComparison(runs);
    await writeFile(join(stage, 'comparison.json'), comparisonJson(comparison));
    await writeComparisonPage(dir, stage, comparison, runs);
    await commitFiles(stage, dir, ['comparison.json', 'charts', 'index.html']);
    return comparison;
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

async function rebuildRun(dir: string): Promise<{ summary: Summary; chartData: RunChartData }> {
  const summary = await readSummary(dir);
  const chartData = await readRunChartData(dir, summary);
  const stage = stagingName(join(dir, '.staging'), 'rebuild');
  await mkdir(stage, { recursive: true });
  try {
    await writeRunPage(dir, summary, chartData, stage);
    await commitFiles(stage, dir, ['charts', 'index.html']);
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
  return { summary, chartData };
}

/**
 * Re-create charts and index.html from the data files of a run directory (summary.json + CSVs) or a
 * comparison directory (comparison.json + its runs' directories, which are rebuilt too).
 */
export async function rebuildReport(dir: string): Promise<'run' | 'comparison'> {
  const comparisonFile = join(dir, 'comparison.json');
  if (existsSync(comparisonFile)) {
    let comparison: Comparison;
    try {
      comparison = JSON.parse(await readFile(comparisonFile, 'utf8')) as Comparison;
    } catch (e) {
      throw new ReportReadError(comparisonFile, 'cannot read comparison.json', { cause: e });
    }
    const runs: ComparisonRun[] = [];
    for (const p of comparison.policies) {
      for (const s of p.seeds) {
        const runDir = s.dir !== undefined ? join(dir, s.dir) : undefined;
        const rebuilt = runDir && existsSync(join(runDir, 'summary.json')) ? await rebuildRun(runDir) : undefined;
        runs.push({ policy: p.policy, seed: s.seed, summary: s.summary, ...(rebuilt ? { chartData: rebuilt.chartData } : {}), ...(s.dir !== undefined ? { dir: s.dir } : {}) });
      }
    }
    const stage = stagingName(join(dir, '.staging'), 'rebuild');
    await mkdir(stage, { recursive: true });
    try {
      await writeComparisonPage(dir, stage, comparison, runs);
      await commitFiles(stage, dir, ['charts', 'index.html']);
    } finally {
      await rm(stage, { recursive: true, force: true });
    }
    return 'comparison';
  }
  if (existsSync(join(dir, 'summary.json'))) {
    await rebuildRun(dir);
    return 'run';
  }
  throw new ReportReadError(dir, 'not a fleetsim report directory (no summary.json or comparison.json)');
}
