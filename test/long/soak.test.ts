import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RunData } from '../../src/metrics/index.js';
import { resolveScenario } from '../../src/runtime/resolve-scenario.js';
import { simulate, type SimulationResult } from '../../src/runtime/simulate.js';
import { applyAssignments, parseSetSpec } from '../../src/runtime/sweep/index.js';
import { parseScenario } from '../../src/scenario/load.js';
import type { PolicyName } from '../../src/scenario/schema.js';

/** Simulated days (FLEETSIM_SOAK_DAYS shortens the soak, e.g. to try it); heap samples at 1/9, 1/3, 2/3 and all of them. */
const DAYS = Number(process.env.FLEETSIM_SOAK_DAYS ?? 90);
const SAMPLE_DAYS = [DAYS / 9, DAYS / 3, (2 * DAYS) / 3, DAYS];
const MiB = 2 ** 20;
/** Heap growth from the first sample to the last that the run's recorded output does not explain. */
const UNEXPLAINED_GROWTH_BOUND = 32 * MiB;
/**
 * Besides the output, one record per instance ever launched is kept by design until the end of the run:
 * the mock EC2's billing ledger and the invariant checker's instance tracker (the end-of-run cost and
 * ledger checks need them). Measured at ≈ 1.2 KiB an instance (9-day runs); allowed 1.5 KiB.
 */
const PER_INSTANCE_BYTES = 1.5 * 1024;

const gc = (globalThis as { gc?: () => void }).gc;
function heapUsed(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

/**
 * The default scenario over DAYS days: the horizon overridden as `fleetsim sweep --set horizon=90d` would;
 * its generators then run the whole span — the diurnal web service (6h period) and the ETL batch waves
 * (every 45 min) repeat — and the GPU training Job is made to repeat every 6 hours too
 * (`workload[3].waves`); the 1h30m API burst and the 4h AMI rollout happen once.
 */
function soakScenario() {
  const file = 'scenarios/default.yaml';
  const sets = [`horizon=${DAYS}d`, `workload[3].waves=${DAYS * 4}`].map((s) => ({ spec: parseSetSpec(s), valueIndex: 0 }));
  return resolveScenario(parseScenario(file, applyAssignments(readFileSync(file, 'utf8'), sets)));
}

/** Share of the recorded rows (pods, instances, decisions, events) that existed at `at`. */
function recordedShare(data: RunData, at: number): number {
  let before = 0;
  for (let i = 0; i < data.pods.count; i++) if (data.pods.created[i]! <= at) before++;
  for (const r of data.instances) if (r.launchedAt <= at) before++;
  for (const d of data.decisions) if (d.at <= at) before++;
  for (const e of data.events) if (e.at <= at) before++;
  return before / (data.pods.count + data.instances.length + data.decisions.length + data.events.length);
}

/**
 * `npm run test:long`: a 90-simulated-day soak of the default scenario under both policies. Every
 * invariant is checked as the run goes (a violation throws). Memory stays flat: heap used (after
 * global.gc(), which test:long exposes) is sampled at days 10, 30, 60 and 90; the growth from day 10 to
 * day 90 minus the part explained by the run's recorded output (one row a pod, instance, decision and
 * event, which grows with simulated time by design — its size is measured at the end by dropping it) and
 * by the per-instance records kept for billing (1.5 KiB an instance launched) must stay under 32 MiB.
 * Wall time (measured on 2 loaded cores, 9-day runs): ≈ 40 s a simulated day under Karpenter, ≈ 17 s under
 * the Cluster Autoscaler — the 90-day soak takes about an hour; FLEETSIM_SOAK_DAYS=9 tries it in minutes.
 */
describe.skipIf(!process.env.FLEETSIM_LONG)(`soak: the default scenario for ${DAYS} simulated days`, () => {
  it.each<PolicyName>(['karpenter', 'cluster-autoscaler'])('%s: invariants hold and the heap stays flat', (policy) => {
    expect(gc, 'run with --expose-gc (npm run test:long does)').toBeTypeOf('function');
    const scenario = soakScenario();
    expect(scenario.horizonSeconds).toBe(DAYS * 86400);
    const samples: { day: number; heap: number; wallSeconds: number }[] = [];
    const wallStart = process.hrtime.bigint();
    let next = 0;
    let result: SimulationResult | undefined = simulate(scenario, {
      policy,
      seed: scenario.seed,
      onProgress: (done) => {
        while (next < SAMPLE_DAYS.length && done >= SAMPLE_DAYS[next]! * 86400) {
          samples.push({ day: SAMPLE_DAYS[next]!, heap: heapUsed(), wallSeconds: Number(process.hrtime.bigint() - wallStart) / 1e9 });
          next++;
        }
      },
    });
    const shares = samples.map((s) => recordedShare(result!.data, s.day * 86400));
    const rows = { pods: result.data.pods.count, instances: result.data.instances.length, decisions: result.data.decisions.length, events: result.data.events.length };
    const [fromAt, toAt] = [SAMPLE_DAYS[0]! * 86400, SAMPLE_DAYS[SAMPLE_DAYS.length - 1]! * 86400];
    const launchedBetween = result.data.instances.filter((i) => i.launchedAt > fromAt && i.launchedAt <= toAt).length;
    const withOutput = heapUsed();
    result = undefined; // the run's output is garbage from here on
    const outputBytes = withOutput - heapUsed();
    const first = samples[0]!;
    const last = samples[samples.length - 1]!;
    const explained = outputBytes * (shares[shares.length - 1]! - shares[0]!) + PER_INSTANCE_BYTES * launchedBetween;
    const unexplained = last.heap - first.heap - explained;
    console.log(
      `[soak] ${policy} ${DAYS} d: ${samples.map((s) => `day ${s.day.toFixed(0)} ${(s.heap / MiB).toFixed(1)} MiB @${s.wallSeconds.toFixed(0)} s`).join(', ')}; ` +
        `output ${(outputBytes / MiB).toFixed(1)} MiB (${JSON.stringify(rows)}), ${launchedBetween} instances launched between the samples, ` +
        `unexplained growth ${(unexplained / MiB).toFixed(1)} MiB (before the per-instance allowance ${((unexplained + PER_INSTANCE_BYTES * launchedBetween) / MiB).toFixed(1)} MiB)`,
    );
    expect(samples.map((s) => s.day)).toEqual(SAMPLE_DAYS);
    expect(rows.pods).toBeGreaterThan(DAYS * 500);
    expect(unexplained).toBeLessThan(UNEXPLAINED_GROWTH_BOUND);
  }, 6 * 3600_000);
});
