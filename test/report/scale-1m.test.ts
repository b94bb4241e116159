import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_POINTS } from '../../src/report/chart-data.js';
import { writeRunReport } from '../../src/report/write.js';
import { SYNTHETIC_SPIKES, syntheticRun } from './synthetic-run.js';

/**
 * The issue-#10 case: a 30-day run of 1,000,000 pods (~30,000 instances peaking near 2,000). Takes
 * about a minute, so it runs only with FLEETSIM_LONG=1:
 *   FLEETSIM_LONG=1 npx vitest run test/report/scale-1m.test.ts
 * (bench/report.bench.ts measures the same run: write time, sizes, Chromium render time.)
 */
const MiB = 2 ** 20;

async function countLines(file: string): Promise<number> {
  let n = 0;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) for (const b of chunk) if (b === 10) n++;
  return n;
}

describe.skipIf(!process.env.FLEETSIM_LONG)('a 30-day, 1,000,000-pod report', () => {
  let root: string;
  let dir: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'fleetsim-scale-1m-'));
    dir = join(root, 'run');
    await writeRunReport(dir, syntheticRun());
  }, 600_000);
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('keeps pods.csv and timeseries.csv complete', async () => {
    expect(await countLines(join(dir, 'pods.csv'))).toBe(1_000_001);
    expect(await countLines(join(dir, 'timeseries.csv'))).toBe(30 * 1440 + 1);
  });

  it('writes an index.html under 5 MB that says how many pods and decisions it shows', async () => {
    expect((await stat(join(dir, 'index.html'))).size).toBeLessThan(5 * MiB);
    const html = await readFile(join(dir, 'index.html'), 'utf8');
    expect(html).toContain('Showing 200 of 1,000,000 pods, longest pending first — full table in pods.csv.');
    expect(html).toMatch(/Showing the first [\d,]+ of 60,000 decisions; decisions\.jsonl has them all\./);
    const spec = JSON.parse(await readFile(join(dir, 'charts', 'pending-pods.vl.json'), 'utf8')) as { data: { values: { pending: number }[] } };
    expect(spec.data.values.length).toBeLessThanOrEqual(MAX_POINTS);
    expect(Math.max(...spec.data.values.map((v) => v.pending))).toBe(SYNTHETIC_SPIKES.pendingValue);
  });
});
