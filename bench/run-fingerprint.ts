/**
 * Proof that a speed-up changed no output: runs shipped scenarios and scaling-benchmark workloads through
 * `simulate` + `writeRunReport` as `fleetsim run` does, and prints one SHA-256 per run over every report file
 * (summary.json, CSVs, decisions.jsonl, charts, index.html). Compare the lines before and after a change.
 *
 *   node bin/run-ts.mjs bench/run-fingerprint.ts [karpenter|cluster-autoscaler|all] [quick|full]
 *
 * quick: scenarios/default.yaml (6 h) + the scaling workload at 10k pods / 1 day; full adds
 * scenarios/existing-cluster.yaml and the scaling workload at 100k pods / 6 h.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scalingPlan, scalingScenarioText } from './scaling-workload.js';

const { loadScenario } = await import('../src/scenario/load.js');
const { resolveScenario } = await import('../src/runtime/resolve-scenario.js');
const { simulate } = await import('../src/runtime/simulate.js');
const { writeRunReport } = await import('../src/report/write.js');

const which = process.argv[2] ?? 'all';
const mode = process.argv[3] ?? 'quick';
const policies = which === 'all' ? ['karpenter', 'cluster-autoscaler'] : [which];
const work = mkdtempSync(join(tmpdir(), 'fleetsim-fp-'));

function scalingFile(pods: number, days: number): string {
  const file = join(work, `scaling-${pods}-${days}d.yaml`);
  writeFileSync(file, scalingScenarioText(scalingPlan(pods, days), days));
  return file;
}

const runs: string[] = ['scenarios/default.yaml', scalingFile(10_000, 1)];
if (mode === 'full') runs.push('scenarios/existing-cluster.yaml', scalingFile(100_000, 0.25));

function digestDir(dir: string): string {
  const h = createHash('sha256');
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else h.update(name).update(readFileSync(p));
    }
  };
  walk(dir);
  return h.digest('hex').slice(0, 16);
}

for (const file of runs) {
  for (const policy of policies) {
    const t0 = process.cpuUsage();
    const scenario = resolveScenario(loadScenario(file));
    const result = simulate(scenario, { policy: policy as 'karpenter' | 'cluster-autoscaler', seed: scenario.seed });
    const out = join(work, `out-${policy}`);
    rmSync(out, { recursive: true, force: true });
    await writeRunReport(out, result.data);
    const cpu = process.cpuUsage(t0);
    const label = file.startsWith(work) ? file.slice(work.length + 1) : file;
    process.stdout.write(`${label.padEnd(34)} ${policy.padEnd(19)} ${digestDir(out)}  (${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU)\n`);
  }
}
rmSync(work, { recursive: true, force: true });
