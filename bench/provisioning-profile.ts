import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { simulateScheduling } from '../src/engine/provisioning/simulation/index.js';
import { fakeInstanceTypes } from '../src/engine/testing/fake-instance-types.js';
import { nodePool } from '../src/engine/testing/fixtures.js';
import { RandomSource } from '../src/sim/random.js';
import { diversePods } from './provisioning.bench.js';

/**
 * Profiling aid for the provisioning benchmark.
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof bin/run-ts.mjs bench/provisioning-profile.ts run [pods] [runs]
 *   node bin/run-ts.mjs bench/provisioning-profile.ts summary /tmp/prof/<file>.cpuprofile [top]
 *
 * `run` solves the benchmark's batch repeatedly (after a warm-up) and prints the best CPU time;
 * `summary` sums the self time per function of a .cpuprofile and prints the heaviest.
 */

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number; readonly columnNumber: number };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

function summary(file: string, top: number): void {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n] as const));
  const self = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const n = byId.get(profile.samples[i]!)!;
    const f = n.callFrame;
    const where = f.url.replace(/^.*\/(src|bench|node_modules)\//, '$1/');
    const key = `${f.functionName || "(anonymous)"} ${where}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
    const dt = profile.timeDeltas[i] ?? 0;
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  }
  const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, top);
  for (const [key, us] of rows) console.log(`${(us / 1000).toFixed(1).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)} %  ${key}`);
  console.log(`${(total / 1000).toFixed(1).padStart(8)} ms total`);
}

function run(size: number, runs: number): void {
  const types = fakeInstanceTypes(400);
  const pools = [nodePool()];
  const batch = diversePods(size, new RandomSource(42).stream(`pods-${size}`));
  for (let i = 0; i < 3; i++) simulateScheduling(batch, [], pools, types);
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const cpu0 = process.cpuUsage();
    simulateScheduling(batch, [], pools, types);
    const cpu = process.cpuUsage(cpu0);
    best = Math.min(best, (cpu.user + cpu.system) / 1000);
  }
  console.log(`${size} pods: best CPU ${best.toFixed(1)} ms of ${runs} runs`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [mode, a, b] = process.argv.slice(2);
  if (mode === 'summary' && a) summary(a, Number(b ?? 40));
  else if (mode === 'run') {
    const sizes = a ? a.split(',').map(Number) : [1000, 5000, 20000];
    for (const size of sizes) run(size, Number(b ?? 10));
  } else console.error('usage: provisioning-profile.ts run [pods,...] [runs] | summary <file.cpuprofile> [top]');
}
