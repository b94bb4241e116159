import type { Decision } from '../model/index.js';
import type { SlowPod } from './slowest-pods.js';

/** Pieces shared by the run and comparison pages: escaping, CSS, inline charts, the decision log. */
export const MAX_DECISIONS_IN_HTML = 5000;
/**
 * The decision log of a page holds at most this many bytes of decisions.jsonl lines (shared between the
 * runs of a comparison): a run with ~100,000 decisions keeps a page of a few MB that opens in a second.
 */
export const DECISION_LOG_BUDGET_BYTES = 1024 * 1024;

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Escaping for text between tags (not attributes): quotes stay as they are, which keeps JSON readable and short. */
export function escText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function fmt(x: number | null | undefined, decimals: number): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  const [int, frac] = Math.abs(x).toFixed(decimals).split('.');
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sign = x < 0 && Number(Math.abs(x).toFixed(decimals)) !== 0 ? '-' : '';
  return sign + grouped + (frac ? '.' + frac : '');
}

export const CSS = `
:root { --fg:#1d2430; --muted:#5d6776; --line:#e3e6ea; --bg:#fafbfc; --accent:#2b5c8a; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.45 system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif; color:var(--fg); background:var(--bg); }
header, main, footer { max-width: 1100px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
.meta { color: var(--muted); margin: 0; }
table { border-collapse: collapse; background: #fff; border: 1px solid var(--line); }
th, td { padding: 5px 10px; border-bottom: 1px solid var(--line); text-align: right; vertical-align: top; }
th:first-child, td:first-child { text-align: left; }
thead th { background: #f1f3f5; font-weight: 600; }
td.ci { color: var(--muted); font-size: 12px; }
td.better { color: #1e7b34; } td.worse { color: #b3261e; }
.swatch { display:inline-block; width:10px; height:10px; border-radius:2px; margin-right:6px; vertical-align:baseline; }
.grid { display:flex; flex-wrap:wrap; gap:24px; align-items:flex-start; }
figure.chart { margin: 0 0 18px; padding: 10px; background:#fff; border:1px solid var(--line); border-radius:4px; overflow-x:auto; }
figure.chart figcaption { font-size: 12px; color: var(--muted); margin-top: 4px; }
figure.chart svg { display:block; max-width:100%; height:auto; }
.filters { display:flex; gap:12px; margin: 0 0 10px; flex-wrap: wrap; }
.filters input, .filters select { font: inherit; padding: 4px 8px; border:1px solid #c9ced6; border-radius:4px; min-width: 200px; }
#decisions { width: 100%; font-size: 12px; }
#decisions td.details { text-align:left; font-family: ui-monospace,Menlo,Consolas,monospace; word-break: break-all; max-width: 560px; }
#decisions td, #decisions th { text-align: left; }
#slowest-pods { font-size: 12px; }
section.deferred { content-visibility: auto; contain-intrinsic-size: auto 1200px; }
.note { color: var(--muted); font-size: 12px; }
footer { color: var(--muted); font-size: 12px; padding-bottom: 40px; }
a { color: var(--accent); }
`;

/** Make a rendered SVG safe to inline next to others: prefix its ids (vega numbers clip paths per view). */
export function inlineSvg(svg: string, prefix: string): string {
  return svg
    .replace(/<\?xml[^>]*>/, '')
    .replace(/\bid="([^"]+)"/g, (_m, id: string) => `id="${prefix}-${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_m, id: string) => `url(#${prefix}-${id})`)
    .replace(/href="#([^"]+)"/g, (_m, id: string) => `href="#${prefix}-${id}"`);
}

export interface RenderedChart {
  readonly id: string;
  readonly title: string;
  readonly svg: string;
}

export function chartsSection(charts: readonly RenderedChart[], chartsDir = 'charts'): string {
  return charts
    .map(
      (c) => `<figure class="chart" id="chart-${esc(c.id)}">${inlineSvg(c.svg, `c-${c.id}`)}
<figcaption>${esc(c.title)} · <a href="${chartsDir}/${esc(c.id)}.svg">SVG</a> · <a href="${chartsDir}/${esc(c.id)}.vl.json">vega-lite spec</a></figcaption></figure>`,
    )
    .join('\n');
}

export interface LoggedDecision {
  /** Which run (comparison pages); '' on a run page. */
  readonly run: string;
  readonly decision: Decision;
}

const SHOWN = new Set(['at', 'actor', 'kind', 'reason']);

/** The decision log: a table filtered in the page by node, pod (substring of the whole entry) and run. */
export function decisionLog(entries: readonly LoggedDecision[], total: number, runs: readonly string[] = []): string {
  const rows = entries
    .map(({ run, decision: d }) => {
      const details = Object.fromEntries(Object.entries(d).filter(([k]) => !SHOWN.has(k)));
      const json = JSON.stringify(details);
      return `<tr data-run="${esc(run)}">${runs.length ? `<td>${esc(run)}</td>` : ''}<td>${fmt(d.at, 1)}</td><td>${esc(d.actor)}</td><td>${esc(d.kind)}</td><td>${esc(d.reason ?? '')}</td><td class="details">${escText(json)}</td></tr>`;
    })
    .join('\n');
  const runFilter = runs.length
    ? `<select id="f-run"><option value="">all runs</option>${runs.map((r) => `<option>${esc(r)}</option>`).join('')}</select>`
    : '';
  const note =
    total > entries.length
      ? `<p class="note">Showing the first ${fmt(entries.length, 0)} of ${fmt(total, 0)} decisions; decisions.jsonl has them all.</p>`
      : '';
  return `<div class="filters"><input id="f-node" type="search" placeholder="filter by node"><input id="f-pod" type="search" placeholder="filter by pod">${runFilter}<span class="note" id="f-count"></span></div>
${note}<table id="decisions"><thead><tr>${runs.length ? '<th>run</th>' : ''}<th>at (s)</th><th>actor</th><th>kind</th><th>reason</th><th>details</th></tr></thead><tbody>
${rows}
</tbody></table>`;
}

/** The longest-pending pods (at most SLOWEST_PODS of `total`); pods.csv has every pod. */
export function slowestPodsTable(pods: readonly SlowPod[], total: number): string {
  if (total === 0) return '<p class="note">No workload pods.</p>';
  const rows = pods
    .map(
      (p) =>
        `<tr><td>${esc(p.id)}</td><td>${esc(p.owner)}</td><td>${fmt(p.created, 1)}</td><td>${p.bound === null ? 'never' : fmt(p.bound, 1)}</td><td>${esc(p.node)}</td><td>${fmt(p.pendingSeconds, 1)}</td><td>${p.evictions}</td></tr>`,
    )
    .join('\n');
  const note =
    pods.length < total
      ? `Showing ${fmt(pods.length, 0)} of ${fmt(total, 0)} pods, longest pending first — full table in pods.csv.`
      : `All ${fmt(total, 0)} pods, longest pending first (pods.csv has every column).`;
  return `<p class="note" id="pods-shown">${note}</p>
<table id="slowest-pods"><thead><tr><th>pod</th><th>owner</th><th>created (s)</th><th>bound (s)</th><th>node</th><th>pending (s)</th><th>evictions</th></tr></thead><tbody>
${rows}
</tbody></table>`;
}

/** The page's only script: filters the decision log. No network access. */
export const FILTER_SCRIPT = `(function () {
  var node = document.getElementById('f-node'), pod = document.getElementById('f-pod'), run = document.getElementById('f-run');
  var count = document.getElementById('f-count');
  var rows = Array.prototype.slice.call(document.querySelectorAll('#decisions tbody tr'));
  var text = rows.map(function (tr) { return tr.textContent.toLowerCase(); });
  function apply() {
    var n = node.value.trim().toLowerCase(), p = pod.value.trim().toLowerCase(), r = run ? run.value : '';
    var shown = 0;
    rows.forEach(function (tr, i) {
      var s = text[i];
      var ok = (!n || s.indexOf(n) >= 0) && (!p || s.indexOf(p) >= 0) && (!r || tr.getAttribute('data-run') === r);
      tr.style.display = ok ? '' : 'none';
      if (ok) shown++;
    });
    count.textContent = shown + ' of ' + rows.length + ' shown';
  }
  [node, pod, run].forEach(function (el) { if (el) el.addEventListener('input', apply); });
  apply();
})();`;

export function page(title: string, header: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>${header}</header>
<main>
${body}
</main>
<footer>
<p>Pending time: creation → first binding (a pod never bound counts until its deletion or the horizon). Node ready: launch request → Ready.
Percentiles are nearest-rank. Cost: per-second billing with a 60 s minimum per instance; split between workload, DaemonSet and idle by pod requests with OpenCost's default per-vCPU/per-GiB weights.
Lower bound: the cheapest price per unit of the binding resource times the requested resources, integrated over time. Intervals: 95 % Student-t over seeds; differences are paired by seed.</p>
<p>Generated by fleetsim. This page is self-contained: no scripts or styles are loaded from the network.</p>
</footer>
<script>${FILTER_SCRIPT}</script>
</body>
</html>
`;
}
