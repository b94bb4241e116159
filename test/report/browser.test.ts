import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHARTS } from '../../src/report/charts/index.js';
import { runDirName, type ComparisonRun } from '../../src/report/comparison.js';
import { writeComparisonReport, writeRunReport } from '../../src/report/write.js';
import { sampleRun } from './sample-run.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`browser test skipped: ${CHROMIUM} not found (install it with: apt-get install -y chromium)`);

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

interface Loaded {
  page: Page;
  errors: string[];
  external: string[];
}

describe('generated report in headless Chromium', () => {
  let root: string;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'fleetsim-report-'));
    if (!hasChromium) return;
    const runs: ComparisonRun[] = [];
    for (const [policy, variant] of [['karpenter', 0], ['cluster-autoscaler', 2]] as const) {
      for (const seed of [1, 2]) {
        const dir = runDirName(policy, seed);
        const { summary, chartData } = await writeRunReport(join(root, 'cmp', dir), sampleRun(policy, seed, variant));
        runs.push({ policy, seed, summary, chartData, dir });
      }
    }
    await writeComparisonReport(join(root, 'cmp'), runs);
    context = await chromium.launchPersistentContext(join(root, 'profile'), { executablePath: CHROMIUM, headless: true, args: ARGS });
  });

  afterAll(async () => {
    await context?.close();
    await rm(root, { recursive: true, force: true });
  });

  async function open(file: string): Promise<Loaded> {
    const page = await context!.newPage();
    const errors: string[] = [];
    const external: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) external.push(r.url());
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    return { page, errors, external };
  }

  async function marksPerChart(page: Page): Promise<Record<string, number>> {
    return page.$$eval('figure.chart', (figs) =>
      Object.fromEntries(
        figs.map((f) => {
          const svg = f.querySelector('svg');
          const items = svg ? svg.querySelectorAll('g.role-mark > path, g.role-mark > rect, g.role-mark > text, g.role-mark > line').length : 0;
          return [f.id.replace(/^chart-/, ''), items];
        }),
      ),
    );
  }

  it.skipIf(!hasChromium)('shows every chart with marks, filters the decision log, loads nothing from the network', async () => {
    const { page, errors, external } = await open(join(root, 'cmp', 'index.html'));
    const marks = await marksPerChart(page);
    expect(Object.keys(marks).sort()).toEqual(CHARTS.map((c) => c.id).sort());
    for (const [id, n] of Object.entries(marks)) expect(n, `chart ${id}`).toBeGreaterThan(0);

    const total = await page.locator('#decisions tbody tr').count();
    expect(total).toBeGreaterThan(4);
    await page.fill('#f-node', 'node-0');
    const visible = await page.$$eval('#decisions tbody tr', (rows) =>
      rows.filter((r) => !(r.getAttribute('style') ?? '').includes('none')).map((r) => r.textContent ?? ''),
    );
    expect(visible.length).toBeGreaterThan(0);
    expect(visible.length).toBeLessThan(total);
    for (const text of visible) expect(text).toContain('node-0');
    await page.fill('#f-node', '');
    await page.fill('#f-pod', 'pod-3-1');
    const podRows = await page.$$eval('#decisions tbody tr', (rows) => rows.filter((r) => !(r.getAttribute('style') ?? '').includes('none')).length);
    expect(podRows).toBe(4); // the launch decision planning pod-3-1, once in each of the 4 runs
    expect(await page.locator('table.headline tbody tr').count()).toBeGreaterThanOrEqual(10);

    const artifacts = resolve('test-artifacts');
    await mkdir(artifacts, { recursive: true });
    await page.fill('#f-pod', '');
    await page.screenshot({ path: join(artifacts, 'report.png'), fullPage: true });
    expect(errors).toEqual([]);
    expect(external).toEqual([]);
  });

  it.skipIf(!hasChromium)('a run page renders its charts without errors', async () => {
    const { page, errors, external } = await open(join(root, 'cmp', 'karpenter', 'seed-1', 'index.html'));
    const marks = await marksPerChart(page);
    expect(Object.keys(marks)).toHaveLength(CHARTS.length);
    for (const [id, n] of Object.entries(marks)) expect(n, `chart ${id}`).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    expect(external).toEqual([]);
  });
});
