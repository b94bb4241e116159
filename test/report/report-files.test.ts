import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunData } from '../../src/metrics/run-data.js';
import { CHARTS } from '../../src/report/charts/index.js';
import { joinChunks, nodesCsv, podsCsv } from '../../src/report/csv.js';
import { rebuildReport, writeRunReport } from '../../src/report/write.js';
import type { Summary } from '../../src/report/summary.js';
import { sampleRun } from './sample-run.js';

type Row = Record<string, string>;
const csv = (text: string): Row[] => parse(text, { columns: true }) as Row[];
const header = (text: string): string[] => text.slice(0, text.indexOf('\n')).split(',');

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listFiles(dir, rel)));
    else out.push(rel);
  }
  return out.sort();
}

describe('run report files', () => {
  let root: string;
  let runDir: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'fleetsim-files-'));
    runDir = join(root, 'run');
    await writeRunReport(runDir, sampleRun('karpenter', 1), { wallSeconds: 2, eventsProcessed: 500, peakRssBytes: 1e8, versions: { fleetsim: '0.1.0' } });
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('writes every file of the contract and leaves no staging directory behind', async () => {
    const files = await listFiles(runDir);
    for (const f of ['summary.json', 'run.json', 'pods.csv', 'nodes.csv', 'timeseries.csv', 'decisions.jsonl', 'index.html']) expect(files).toContain(f);
    for (const c of CHARTS) expect(files).toEqual(expect.arrayContaining([`charts/${c.id}.svg`, `charts/${c.id}.vl.json`]));
    expect((await readdir(root)).sort()).toEqual(['run']);
    const info = JSON.parse(await readFile(join(runDir, 'run.json'), 'utf8'));
    expect(info.eventsPerSecond).toBe(250);
  });

  it('has exactly the summary.json fields of schemaVersion 1, in the documented order', async () => {
    const s = JSON.parse(await readFile(join(runDir, 'summary.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    expect(Object.keys(s)).toEqual([
      'schemaVersion', 'scenario', 'policy', 'seed', 'horizonSeconds', 'pods', 'pendingSeconds', 'startupSeconds', 'nodeReadySeconds',
      'nodes', 'cost', 'costLowerBoundUsd', 'utilization', 'disruptions', 'spot', 'launchFailures', 'evictions',
    ]);
    expect(s.schemaVersion).toBe(1);
    expect(Object.keys(s.pods!)).toEqual(['created', 'scheduled', 'completed', 'evicted', 'pendingAtEnd', 'neverScheduled']);
    for (const d of ['pendingSeconds', 'startupSeconds', 'nodeReadySeconds']) expect(Object.keys(s[d]!)).toEqual(['p50', 'p90', 'p95', 'p99', 'max', 'mean']);
    expect(Object.keys(s.nodes!)).toEqual(['launched', 'terminated', 'peak', 'meanActive']);
    expect(Object.keys(s.cost!)).toEqual(['totalUsd', 'onDemandUsd', 'spotUsd', 'workloadUsd', 'idleUsd', 'daemonsetUsd']);
    expect(Object.keys(s.utilization!)).toEqual(['cpuRequestedMean', 'memoryRequestedMean']);
    expect(Object.keys(s.disruptions!)).toEqual(['emptiness', 'drift', 'underutilized', 'expiration', 'interruption']);
    expect(Object.keys(s.spot!)).toEqual(['interruptions', 'rebalanceRecommendations']);
    expect(Object.keys(s.launchFailures!)).toEqual(['insufficientCapacity', 'other']);
  });

  it('starts pods.csv and nodes.csv with the columns OUTPUTS.md lists, in that order', async () => {
    const pods = header(await readFile(join(runDir, 'pods.csv'), 'utf8'));
    expect(pods.slice(0, 12)).toEqual([
      'id', 'owner', 'cpu_millis', 'memory_mib', 'gpus', 'created', 'bound', 'running', 'finished', 'node', 'pending_seconds', 'evicted_count',
    ]);
    const nodes = header(await readFile(join(runDir, 'nodes.csv'), 'utf8'));
    expect(nodes.slice(0, 10)).toEqual([
      'id', 'instance_type', 'zone', 'capacity_type', 'price_per_hour', 'launched', 'ready', 'terminated', 'termination_reason', 'cost',
    ]);
    const ts = header(await readFile(join(runDir, 'timeseries.csv'), 'utf8'));
    expect(ts).toEqual(expect.arrayContaining(['t', 'pending_pods', 'running_pods', 'nodes_on_demand', 'nodes_spot', 'cost_per_hour']));
  });

  it('leaves cells empty where something never happened', async () => {
    const pods = csv(await readFile(join(runDir, 'pods.csv'), 'utf8'));
    const never = pods.find((p) => p.id === 'never')!;
    expect(never).toMatchObject({ bound: '', running: '', finished: '', node: '', created: '6000', pending_seconds: '1200', evicted_count: '0' });
    const evicted = pods.find((p) => p.id === 'pod-1-0')!;
    expect(evicted).toMatchObject({ node: 'node-1', finished: '2220', evicted_count: '1' });
    const nodes = csv(await readFile(join(runDir, 'nodes.csv'), 'utf8'));
    const running = nodes.find((n) => n.id === 'i-karpenter-5')!;
    expect(running).toMatchObject({ terminated: '', termination_reason: '', launched: '3002', ready: '3036', capacity_type: 'on-demand' });
    expect(nodes.find((n) => n.id === 'i-karpenter-1')).toMatchObject({ terminated: '2220', termination_reason: 'spot-interruption', capacity_type: 'spot' });
  });

  it('has a nodes.csv cost column that sums to cost.totalUsd (and the split to its parts)', async () => {
    const summary = JSON.parse(await readFile(join(runDir, 'summary.json'), 'utf8')) as Summary;
    const nodes = csv(await readFile(join(runDir, 'nodes.csv'), 'utf8'));
    const micro = (col: string, filter: (r: Row) => boolean = () => true): number =>
      nodes.filter(filter).reduce((a, r) => a + Math.round(Number(r[col]) * 1e6), 0);
    expect(micro('cost')).toBe(Math.round(summary.cost.totalUsd * 1e6));
    expect(micro('cost', (r) => r.capacity_type === 'spot')).toBe(Math.round(summary.cost.spotUsd * 1e6));
    expect(micro('workload_cost')).toBe(Math.round(summary.cost.workloadUsd * 1e6));
    expect(micro('idle_cost')).toBe(Math.round(summary.cost.idleUsd * 1e6));
    // Independent check of one row: m5.large at 0.096 $/h, launched at 2, terminated at 4000 → 3998 s.
    const first = nodes.find((n) => n.id === 'i-karpenter-0')!;
    expect(first.billed_seconds).toBe('3998');
    expect(Number(first.cost)).toBeCloseTo((0.096 * 3998) / 3600, 6);
  });

  it('rebuilds charts and HTML from the data files, byte for byte', async () => {
    const before = new Map<string, string>();
    for (const f of await listFiles(runDir)) before.set(f, await readFile(join(runDir, f), 'utf8'));
    await rm(join(runDir, 'charts'), { recursive: true });
    await writeFile(join(runDir, 'index.html'), 'stale');
    expect(await rebuildReport(runDir)).toBe('run');
    const after = await listFiles(runDir);
    expect(after).toEqual([...before.keys()]);
    for (const f of after) expect(await readFile(join(runDir, f), 'utf8'), f).toBe(before.get(f));
  });

  it('refuses a directory that is not a report', async () => {
    await mkdir(join(root, 'empty'));
    await expect(rebuildReport(join(root, 'empty'))).rejects.toThrow(/not a fleetsim report directory/);
    await rm(join(root, 'empty'), { recursive: true });
  });
});

describe('determinism and atomicity', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'fleetsim-det-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('writes identical bytes for the same input (everything but run.json)', async () => {
    await writeRunReport(join(root, 'a'), sampleRun('cluster-autoscaler', 3, 1));
    await writeRunReport(join(root, 'b'), sampleRun('cluster-autoscaler', 3, 1));
    const files = await listFiles(join(root, 'a'));
    expect(files).toEqual(await listFiles(join(root, 'b')));
    for (const f of files) expect(await readFile(join(root, 'b', f), 'utf8'), f).toBe(await readFile(join(root, 'a', f), 'utf8'));
  });

  it('leaves an existing report untouched when writing a new one fails', async () => {
    const dir = join(root, 'keep');
    await writeRunReport(dir, sampleRun('karpenter', 1));
    const summaryBefore = await readFile(join(dir, 'summary.json'), 'utf8');
    const broken = sampleRun('karpenter', 2);
    const bad: RunData = { ...broken, instances: [{ ...broken.instances[0]!, get costUsd(): number { throw new Error('boom'); } }] };
    await expect(writeRunReport(dir, bad)).rejects.toThrow('boom');
    expect(await readFile(join(dir, 'summary.json'), 'utf8')).toBe(summaryBefore);
    expect((await readdir(root)).filter((n) => n.includes('.tmp-'))).toEqual([]);
    await expect(writeRunReport(join(root, 'fresh'), bad)).rejects.toThrow('boom');
    expect(existsSync(join(root, 'fresh'))).toBe(false);
  });

  it('streams large CSVs in chunks', () => {
    const data = sampleRun('karpenter', 1);
    expect(joinChunks(podsCsv(data)).split('\n').length).toBe(data.pods.count + 2);
    expect(joinChunks(nodesCsv(data)).split('\n').length).toBe(data.instances.length + 2);
  });
});
