import { readdirSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { meets, type Benchmark, type Figure } from './harness.js';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

const rows: (Figure & { bench: string; pass?: boolean })[] = [];
for (const file of files) {
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { benchmarks: Benchmark[] };
  for (const b of mod.benchmarks) {
    process.stderr.write(`running ${b.name} ...\n`);
    for (const f of await b.run()) rows.push({ ...f, bench: b.name, pass: meets(f) });
  }
}

const fmt = (v: number): string => (Math.abs(v) >= 1000 ? Math.round(v).toLocaleString('en-US') : v.toPrecision(4));
const table = rows.map((r) => [
  r.figure,
  fmt(r.value),
  r.unit,
  r.target ? `${r.target.op} ${fmt(r.target.value)}` : '',
  r.pass === undefined ? '' : r.pass ? 'pass' : 'short',
  r.ratio ? `${r.ratio.value.toFixed(2)}× ${r.ratio.to}` : '',
]);
const header = ['figure', 'value', 'unit', 'target', 'result', 'ratio'];
const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of table) console.log(line(r));

const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
mkdirSync(join(here, 'results'), { recursive: true });
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
writeFileSync(join(here, 'results', `bench-${stamp}.json`), JSON.stringify({ machine, rows }, null, 2));
console.log(`\nmachine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, node ${machine.node}`);
