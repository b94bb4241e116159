import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderSvg, type Summary } from '../../report/index.js';
import type { RenderedChart } from '../../report/html-parts.js';
import { sweepCharts, sweepPalette } from './charts.js';
import type { SweepGrid } from './grid.js';
import { renderSweepHtml } from './html.js';
import { buildSweepResult, sweepJson, type SweepResult } from './result.js';

/**
 * Write sweep.json, charts/<figure>-by-<k>.svg + .vl.json and index.html into `dir`. Callers write into
 * a staging directory that is renamed into place afterwards, so a sweep report is complete or absent.
 */
export async function writeSweepReport(dir: string, grid: SweepGrid, summaryOf: (runIndex: number) => Summary): Promise<SweepResult> {
  const result = buildSweepResult(grid, summaryOf);
  await writeFile(join(dir, 'sweep.json'), sweepJson(result));
  const chartsDir = join(dir, 'charts');
  await mkdir(chartsDir, { recursive: true });
  const palette = sweepPalette(result);
  const rendered: RenderedChart[] = [];
  for (const chart of sweepCharts(result, palette)) {
    const svg = await renderSvg(chart.spec);
    await writeFile(join(chartsDir, `${chart.id}.vl.json`), JSON.stringify(chart.spec, null, 2) + '\n');
    await writeFile(join(chartsDir, `${chart.id}.svg`), svg);
    rendered.push({ id: chart.id, title: chart.title, svg });
  }
  await writeFile(join(dir, 'index.html'), renderSweepHtml(result, rendered, palette));
  return result;
}
