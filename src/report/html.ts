import { DISRUPTION_REASONS } from '../metrics/run-data.js';
import type { Palette } from './charts/colors.js';
import type { Comparison, FigureStats } from './comparison.js';
import { MAIN_FIGURES } from './figures.js';
import { chartsSection, decisionLog, esc, fmt, page, slowestPodsTable, type LoggedDecision, type RenderedChart } from './html-parts.js';
import type { SlowPod } from './slowest-pods.js';
import type { Summary } from './summary.js';

export type { LoggedDecision, RenderedChart } from './html-parts.js';

function row(label: string, ...cells: string[]): string {
  return `<tr><td>${esc(label)}</td>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
}

function figureCell(v: number | null, decimals: number, unit: string): string {
  const u = unit && unit !== '×' ? ` ${esc(unit)}` : unit === '×' && v !== null ? '×' : '';
  return v === null ? '–' : `${fmt(v, decimals)}${u}`;
}

/** index.html of one run: headline figures, details, charts, the slowest pods, the decision log. */
export function renderRunHtml(input: {
  summary: Summary;
  charts: readonly RenderedChart[];
  decisions: readonly LoggedDecision[];
  decisionsTotal: number;
  /** The longest-pending pods and how many pods the run has (the section is left out without them). */
  slowestPods?: { readonly pods: readonly SlowPod[]; readonly total: number };
}): string {
  const s = input.summary;
  const headline = MAIN_FIGURES.map((f) => row(f.label, figureCell(f.get(s), f.integer ? 0 : f.decimals, f.unit))).join('\n');
  const details = [
    row('pods created / scheduled / completed', `${s.pods.created} / ${s.pods.scheduled} / ${s.pods.completed}`),
    row('pods evicted / pending at end / never scheduled', `${s.pods.evicted} / ${s.pods.pendingAtEnd} / ${s.pods.neverScheduled}`),
    row('startup p50 / p95 (s)', `${fmt(s.startupSeconds.p50, 1)} / ${fmt(s.startupSeconds.p95, 1)}`),
    row('nodes launched / terminated / peak / mean active', `${s.nodes.launched} / ${s.nodes.terminated} / ${s.nodes.peak} / ${fmt(s.nodes.meanActive, 2)}`),
    row('cost on-demand / spot (USD)', `${fmt(s.cost.onDemandUsd, 2)} / ${fmt(s.cost.spotUsd, 2)}`),
    row('cost workload / DaemonSet / idle (USD)', `${fmt(s.cost.workloadUsd, 2)} / ${fmt(s.cost.daemonsetUsd, 2)} / ${fmt(s.cost.idleUsd, 2)}`),
    row('disruptions by reason', DISRUPTION_REASONS.map((r) => `${r} ${s.disruptions[r]}`).join(', ')),
    row('spot interruptions / rebalance recommendations', `${s.spot.interruptions} / ${s.spot.rebalanceRecommendations}`),
    row('launch failures: capacity / other', `${s.launchFailures.insufficientCapacity} / ${s.launchFailures.other}`),
  ].join('\n');
  const header = `<h1>fleetsim run: ${esc(s.policy)}</h1>
<p class="meta">scenario ${esc(s.scenario)} · policy ${esc(s.policy)} · seed ${s.seed} · horizon ${fmt(s.horizonSeconds / 3600, 2)} h</p>`;
  const body = `<section><h2>Headline</h2>
<div class="grid"><table class="headline"><thead><tr><th>figure</th><th>value</th></tr></thead><tbody>
${headline}
</tbody></table>
<table class="details"><thead><tr><th>detail</th><th>value</th></tr></thead><tbody>
${details}
</tbody></table></div></section>
<section><h2>Charts</h2>
${chartsSection(input.charts)}
</section>
${input.slowestPods ? `<section class="deferred"><h2>Slowest pods to schedule</h2>\n${slowestPodsTable(input.slowestPods.pods, input.slowestPods.total)}\n</section>\n` : ''}<section class="deferred"><h2>Decision log</h2>
${decisionLog(input.decisions, input.decisionsTotal)}
</section>`;
  return page(`fleetsim — ${s.scenario} — ${s.policy} seed ${s.seed}`, header, body);
}

function meanCell(st: FigureStats | undefined, decimals: number, unit: string): string {
  if (!st || st.mean === null) return '–';
  const ci = st.low !== null && st.high !== null ? `<br><span class="note">[${fmt(st.low, decimals)}, ${fmt(st.high, decimals)}]</span>` : '';
  return `${figureCell(st.mean, decimals, unit)}${ci}`;
}

function diffCell(st: FigureStats | undefined, decimals: number, lowerIsBetter: boolean): { html: string; cls: string } {
  if (!st || st.mean === null) return { html: '–', cls: '' };
  const sign = st.mean > 0 ? '+' : '';
  const hasCi = st.low !== null && st.high !== null;
  const ci = hasCi ? ` <span class="note">[${fmt(st.low, decimals)}, ${fmt(st.high, decimals)}]</span>` : '';
  // Colour only differences whose interval excludes zero at the printed precision.
  let cls = '';
  const shown = (x: number): number => Number(x.toFixed(decimals));
  if (hasCi && (shown(st.low!) > 0 || shown(st.high!) < 0)) cls = (st.mean < 0) === lowerIsBetter ? 'better' : 'worse';
  return { html: `${sign}${fmt(st.mean, decimals)}${ci}`, cls };
}

/** index.html of a comparison: policies side by side, differences from the baseline, charts, decisions. */
export function renderComparisonHtml(input: {
  comparison: Comparison;
  palette: Palette;
  charts: readonly RenderedChart[];
  decisions: readonly LoggedDecision[];
  decisionsTotal: number;
  runLinks: readonly { label: string; href: string }[];
}): string {
  const c = input.comparison;
  const others = c.policies.filter((p) => p.policy !== c.baseline);
  const swatch = (p: string): string => `<span class="swatch" style="background:${esc(input.palette.policyColor(p))}"></span>`;
  const head = [
    '<th>figure</th>',
    ...c.policies.map((p) => `<th>${swatch(p.policy)}${esc(p.policy)} <span class="note">(${p.seeds.length} seeds)</span></th>`),
    ...others.map((p) => `<th>${esc(p.policy)} − ${esc(c.baseline)}</th>`),
  ].join('');
  const rows = MAIN_FIGURES.map((f) => {
    const cells = c.policies.map((p) => `<td>${meanCell(p.figures[f.key], f.decimals, f.unit)}</td>`);
    const diffs = others.map((p) => {
      const d = diffCell(p.differenceFromBaseline?.[f.key], f.decimals, f.lowerIsBetter);
      return `<td class="${d.cls}">${d.html}</td>`;
    });
    return `<tr><td>${esc(f.label)}${f.unit && f.unit !== '×' ? ` <span class="note">(${esc(f.unit)})</span>` : ''}</td>${cells.join('')}${diffs.join('')}</tr>`;
  }).join('\n');
  const links = input.runLinks.map((l) => `<a href="${esc(l.href)}">${esc(l.label)}</a>`).join(' · ');
  const header = `<h1>fleetsim comparison: ${c.policies.map((p) => esc(p.policy)).join(' vs ')}</h1>
<p class="meta">scenario ${esc(c.scenario)} · horizon ${fmt(c.horizonSeconds / 3600, 2)} h · baseline ${esc(c.baseline)}</p>`;
  const body = `<section><h2>Headline</h2>
<p class="note">Mean over seeds with its 95 % interval (Student t); the difference columns are paired by seed. Green/red: the interval of the difference excludes zero (better/worse).</p>
<table class="headline"><thead><tr>${head}</tr></thead><tbody>
${rows}
</tbody></table>
${links ? `<p class="note">Runs: ${links}</p>` : ''}
</section>
<section><h2>Charts</h2>
${chartsSection(input.charts)}
</section>
<section class="deferred"><h2>Decision log</h2>
${decisionLog(input.decisions, input.decisionsTotal, [...new Set(input.decisions.map((d) => d.run))])}
</section>`;
  return page(`fleetsim — ${c.scenario} — comparison`, header, body);
}
