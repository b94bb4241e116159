/**
 * One scaling-benchmark run in its own process (so peak RSS is this run's own):
 * `node bin/run-ts.mjs bench/scaling-run.ts <pods> <policy> [horizonDays]`. Progress lines
 * `{"progress":simSeconds,"wall":s,"cpu":s}` and a final `{"result":...}` line go to stdout as JSON.
 */
import type { PolicyName } from '../src/scenario/schema.js';
import { simulate } from '../src/runtime/simulate.js';
import { HORIZON_DAYS, scalingPlan, scalingScenario } from './scaling-workload.js';

const pods = Number(process.argv[2] ?? 10_000);
const policy = (process.argv[3] ?? 'karpenter') as PolicyName;
const days = Number(process.argv[4] ?? HORIZON_DAYS);
const t0 = process.hrtime.bigint();
const wall = (): number => Number(process.hrtime.bigint() - t0) / 1e9;
const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const scenario = scalingScenario(pods, days);
let lastReport = 0;
const result = simulate(scenario, {
  policy,
  seed: scenario.seed,
  // One progress line per 10 simulated minutes at most (a run stopped at the timeout extrapolates from its last one).
  progressSteps: Math.max(200, Math.round((scenario.horizonSeconds / 600))),
  onProgress: (done) => {
    const w = wall();
    if (w - lastReport >= 2) {
      lastReport = w;
      process.stdout.write(`${JSON.stringify({ progress: done, wall: w, cpu: cpu() })}\n`);
    }
  },
});
const podsCreated = result.data.pods.count;
const peakNodes = result.data.totals.peakInstances;
process.stdout.write(
  `${JSON.stringify({
    result: {
      pods,
      policy,
      horizonSeconds: scenario.horizonSeconds,
      plannedPods: scalingPlan(pods, days).expectedPods,
      podsCreated,
      peakNodes,
      wallSeconds: result.stats.wallSeconds,
      totalWallSeconds: wall(),
      cpuSeconds: cpu(),
      eventsProcessed: result.stats.eventsProcessed,
      eventsPerSecond: result.stats.eventsPerSecond,
      peakRssMiB: result.stats.peakRssMiB,
      costUsd: result.data.instances.reduce((s, r) => s + r.costUsd, 0),
    },
  })}\n`,
);
