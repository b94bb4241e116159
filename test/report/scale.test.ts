import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunData } from '../../src/metrics/run-data.js';
import { MAX_POINTS, type RunChartData } from '../../src/report/chart-data.js';
import { CHARTS } from '../../src/report/charts/index.js';
import { pendingSecondsOf } from '../../src/report/summary.js';
import { rebuildReport, writeRunReport } from '../../src/report/write.js';
import { SYNTHETIC_SPIKES, syntheticRun } from './synthetic-run.js';

/**
 * A 30-day run at 60 s steps (43,200 samples) with 20,000 pods, 10,000 instances and 20,000 decisions:
 * the charts are downsampled, the tables capped, the CSVs complete. (The 10^6-pod version is
 * scale-1m.test.ts, run with FLEETSIM_LONG=1, and bench/report.bench.ts.)
 */
const MiB = 2 ** 20;
const countLines = (text: string): number => text.split('\n').length - 1;

describe('a 30-day, 20,000-pod report', () => {
  let root: string;
  let dir: string;
  let data: RunData;
  let chartData: RunChartData;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'fleetsim-scale-'));
    dir = join(root, 'run');
    data = syntheticRun({ pods: 20_000, instances: 10_000, decisions: 20_000 });
    ({ chartData } = await writeRunReport(dir, data));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('keeps every row in the CSVs', async () => {
    expect(countLines(await readFile(join(dir, 'pods.csv'), 'utf8'))).toBe(20_001);
    expect(countLines(await readFile(join(dir, 'timeseries.csv'), 'utf8'))).toBe(30 * 1440 + 1);
    expect(countLines(await readFile(join(dir, 'nodes.csv'), 'utf8'))).toBe(10_001);
    expect(countLines(await readFile(join(dir, 'decisions.jsonl'), 'utf8'))).toBe(20_000);
  });

  it('draws at most MAX_POINTS rows that keep the pending spike, the spot dip, the first and the last sample', () => {
    const s = chartData.series;
    expect(s.length).toBeLessThanOrEqual(MAX_POINTS);
    expect(s[0]!.t).toBe(0);
    expect(s.at(-1)!.t).toBe((30 * 1440 - 1) * 60);
    const bucketSeconds = ((30 * 1440) / ((MAX_POINTS - 2) / 2)) * 60; // ≈ 72 samples a bucket
    const spike = s.find((p) => p.pending === SYNTHETIC_SPIKES.pendingValue)!;
    expect(spike).toBeDefined();
    expect(Math.abs(spike.t - SYNTHETIC_SPIKES.pendingAt * 60)).toBeLessThanOrEqual(bucketSeconds);
    expect(Math.max(...s.map((p) => p.pending))).toBe(SYNTHETIC_SPIKES.pendingValue);
    const dip = s.filter((p) => p.t > 3600 && p.nodesSpot === 0);
    expect(dip).toHaveLength(1);
    expect(Math.abs(dip[0]!.t - SYNTHETIC_SPIKES.spotDipAt * 60)).toBeLessThanOrEqual(bucketSeconds);
    // the cost-rate peak planted with the pending spike (3 × the rate) survives too
    const ts = data.timeseries;
    expect(Math.max(...s.map((p) => p.costPerHour))).toBeCloseTo(ts.costPerHour[SYNTHETIC_SPIKES.pendingAt]!, 6);
    expect(s.at(-1)!.costUsd).toBeCloseTo(ts.costUsd[ts.count - 1]!, 6);
  });

  it('computes the pending CDF from every pod and lists the slowest pods', () => {
    const pending = Array.from({ length: data.pods.count }, (_, i) => Math.round(pendingSecondsOf(data.pods, i, data.meta.endAt) * 1000) / 1000);
    const max = Math.max(...pending);
    expect(chartData.pendingCdf.at(-1)).toEqual({ seconds: max, fraction: 1 });
    expect(chartData.podCount).toBe(20_000);
    expect(chartData.slowestPods).toHaveLength(200);
    expect(chartData.slowestPods[0]!.pendingSeconds).toBe(max);
    const cut = [...pending].sort((a, b) => b - a)[199]!;
    for (const p of chartData.slowestPods) expect(p.pendingSeconds).toBeGreaterThanOrEqual(cut);
  });

  it('writes a page under 5 MB that says how many rows it shows', async () => {
    const html = await readFile(join(dir, 'index.html'), 'utf8');
    expect((await stat(join(dir, 'index.html'))).size).toBeLessThan(5 * MiB);
    expect(html).toContain('Showing 200 of 20,000 pods, longest pending first — full table in pods.csv.');
    expect(html).toMatch(/Showing the first [\d,]+ of 20,000 decisions; decisions\.jsonl has them all\./);
    expect(html.match(/<tr/g)!.length).toBeLessThan(5000);
    const spec = JSON.parse(await readFile(join(dir, 'charts', 'pending-pods.vl.json'), 'utf8')) as { data: { values: { pending: number }[] } };
    expect(spec.data.values.length).toBeLessThanOrEqual(MAX_POINTS);
    expect(Math.max(...spec.data.values.map((v) => v.pending))).toBe(SYNTHETIC_SPIKES.pendingValue);
    const events = JSON.parse(await readFile(join(dir, 'charts', 'disruptions.vl.json'), 'utf8')) as { data: { values: unknown[] }; title: { subtitle: string } };
    expect(events.data.values.length).toBeLessThan(data.events.length);
    expect(events.title.subtitle).toContain(`${data.events.length.toLocaleString('en-US')} events in all (events.csv)`);
  });

  it('rebuilds the same charts and page from the data files', async () => {
    const files = ['index.html', ...CHARTS.flatMap((c) => [`charts/${c.id}.svg`, `charts/${c.id}.vl.json`])];
    const before = new Map<string, string>();
    for (const f of files) before.set(f, await readFile(join(dir, f), 'utf8'));
    await writeFile(join(dir, 'index.html'), 'stale');
    expect(await rebuildReport(dir)).toBe('run');
    for (const f of files) expect(await readFile(join(dir, f), 'utf8'), f).toBe(before.get(f));
  });
});
