import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Benchmark, Figure } from './harness.js';
import { HORIZON_DAYS, SIZES } from './scaling-workload.js';

/**
 * The scaling curve (issue #10): the same synthetic 30-day workload (bench/scaling-workload.ts) at 10k,
 * 100k and 1M pods, under karpenter and cluster-autoscaler, each run in its own process
 * (bench/scaling-run.ts) so that peak RSS is its own.
 *
 * Selection (environment):
 * - FLEETSIM_SCALING_SIZES: comma list of sizes (`10k,100k,1M` or pod counts); default `10k,100k`, with
 *   FLEETSIM_BENCH_FULL=1 `10k,100k,1M`;
 * - FLEETSIM_SCALING_POLICIES: default `karpenter,cluster-autoscaler`;
 * - FLEETSIM_SCALING_DAYS: simulated days (default 30; fewer for a quick look — figures are then for that horizon);
 * - FLEETSIM_SCALING_TIMEOUT: wall seconds per run before it is stopped (default 900); a stopped run reports
 *   how far it got and the wall time extrapolated from its simulated/wall ratio;
 * - FLEETSIM_SCALING_NODE_FLAGS: extra node flags for the runs, e.g. `--max-semi-space-size=64` (default none,
 *   as `fleetsim run` starts node).
 */

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');

interface RunResult {
  readonly pods: number;
  readonly policy: string;
  readonly horizonSeconds: number;
  readonly plannedPods: number;
  readonly podsCreated: number;
  readonly peakNodes: number;
  readonly wallSeconds: number;
  /** CPU seconds of the whole process (user + system): steadier than wall time on a shared machine. */
  readonly cpuSeconds: number;
  readonly eventsProcessed: number;
  readonly eventsPerSecond: number;
  readonly peakRssMiB: number;
}

interface Outcome {
  readonly result?: RunResult;
  /** A run stopped at the timeout: simulated seconds reached in `wall` seconds. */
  readonly partial?: { readonly simSeconds: number; readonly wall: number; readonly cpu: number };
  readonly error?: string;
}

function sizesFromEnv(): number[] {
  const raw = process.env.FLEETSIM_SCALING_SIZES ?? (process.env.FLEETSIM_BENCH_FULL === '1' ? '10k,100k,1M' : '10k,100k');
  return raw.split(',').map((s) => {
    const t = s.trim();
    const n = SIZES[t] ?? Number(t);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`FLEETSIM_SCALING_SIZES: unknown size "${t}" (use 10k, 100k, 1M or a pod count)`);
    return n;
  });
}

function label(pods: number): string {
  return Object.entries(SIZES).find(([, v]) => v === pods)?.[0] ?? String(pods);
}

function runOne(pods: number, policy: string, days: number, timeoutSeconds: number): Promise<Outcome> {
  return new Promise((resolveRun) => {
    const flags = (process.env.FLEETSIM_SCALING_NODE_FLAGS ?? '').split(/\s+/).filter((f) => f !== '');
    const child = spawn(process.execPath, [...flags, join(root, 'bin', 'run-ts.mjs'), join(here, 'scaling-run.ts'), String(pods), policy, String(days)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let partial: Outcome['partial'];
    let result: RunResult | undefined;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      let nl: number;
      while ((nl = out.indexOf('\n')) >= 0) {
        const line = out.slice(0, nl);
        out = out.slice(nl + 1);
        try {
          const msg = JSON.parse(line) as { progress?: number; wall?: number; cpu?: number; result?: RunResult };
          if (msg.result) result = msg.result;
          else if (msg.progress !== undefined && msg.wall !== undefined) partial = { simSeconds: msg.progress, wall: msg.wall, cpu: msg.cpu ?? msg.wall };
        } catch {
          // not a JSON line: ignore
        }
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      err = (err + chunk).slice(-4000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutSeconds * 1000);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (result) resolveRun({ result });
      else if (partial) resolveRun({ partial, ...(code !== null ? { error: err.trim().split('\n').slice(-3).join(' ') } : {}) });
      else resolveRun({ error: `exit ${code ?? 'killed'}: ${err.trim().split('\n').slice(-3).join(' ')}` });
    });
  });
}

const TARGET_WALL_SECONDS = 60;
const TARGET_RSS_MIB = 2048;
const TARGET_GROWTH = 1.5;

async function scalingCurve(): Promise<Figure[]> {
  const sizes = sizesFromEnv();
  const policies = (process.env.FLEETSIM_SCALING_POLICIES ?? 'karpenter,cluster-autoscaler').split(',').map((s) => s.trim());
  const days = Number(process.env.FLEETSIM_SCALING_DAYS ?? HORIZON_DAYS);
  const timeout = Number(process.env.FLEETSIM_SCALING_TIMEOUT ?? 900);
  const span = days === HORIZON_DAYS ? '30 d' : `${days} d`;
  const figures: Figure[] = [];
  for (const policy of policies) {
    const perPod = new Map<number, number>();
    for (const pods of sizes) {
      process.stderr.write(`  scaling: ${label(pods)} pods, ${policy}, ${span} ...\n`);
      const o = await runOne(pods, policy, days, timeout);
      const name = `scaling ${label(pods)} pods / ${span}, ${policy}`;
      const full = pods >= 1_000_000 && days === HORIZON_DAYS;
      if (o.result) {
        const r = o.result;
        const usPerPod = (r.wallSeconds / r.plannedPods) * 1e6;
        perPod.set(pods, usPerPod);
        figures.push(
          { figure: `${name}: wall time`, value: r.wallSeconds, unit: 's', ...(full ? { target: { op: '<=', value: TARGET_WALL_SECONDS } as const } : {}) },
          { figure: `${name}: CPU time`, value: r.cpuSeconds, unit: 's (user + system, whole process)' },
          { figure: `${name}: events/s`, value: r.eventsPerSecond, unit: `events/s (${r.eventsProcessed.toLocaleString('en-US')} events)` },
          { figure: `${name}: simulated/wall time`, value: r.horizonSeconds / r.wallSeconds, unit: '×' },
          { figure: `${name}: peak RSS`, value: r.peakRssMiB, unit: 'MiB', ...(full ? { target: { op: '<=', value: TARGET_RSS_MIB } as const } : {}) },
          { figure: `${name}: time per workload pod`, value: usPerPod, unit: `µs (${r.plannedPods.toLocaleString('en-US')} planned, ${r.podsCreated.toLocaleString('en-US')} created)` },
          { figure: `${name}: peak nodes`, value: r.peakNodes, unit: 'nodes' },
        );
      } else if (o.partial) {
        const ratio = o.partial.simSeconds / o.partial.wall;
        figures.push(
          { figure: `${name}: STOPPED after ${Math.round(o.partial.wall)} s at ${(o.partial.simSeconds / 86_400).toFixed(2)} d simulated`, value: ratio, unit: '× simulated/wall' },
          {
            figure: `${name}: wall time extrapolated from that ratio`,
            value: (days * 86_400) / ratio,
            unit: 's',
            ...(full ? { target: { op: '<=', value: TARGET_WALL_SECONDS } as const } : {}),
          },
          { figure: `${name}: CPU time extrapolated the same way`, value: (o.partial.cpu * days * 86_400) / o.partial.simSeconds, unit: 's' },
        );
      } else if (o.error?.startsWith('exit killed')) {
        // Stopped before its first progress step (1/200 of the horizon): the wall time is at least this.
        const step = (days * 86_400) / 200;
        figures.push({
          figure: `${name}: STOPPED after ${timeout} s before ${(step / 3600).toFixed(1)} simulated h; wall time at least`,
          value: (timeout * days * 86_400) / step,
          unit: 's (extrapolated lower bound)',
          ...(full ? { target: { op: '<=', value: TARGET_WALL_SECONDS } as const } : {}),
        });
      } else {
        figures.push({ figure: `${name}: FAILED ${o.error ?? ''}`.slice(0, 200), value: NaN, unit: '' });
      }
    }
    const measured = [...perPod.keys()].sort((a, b) => a - b);
    if (measured.length >= 2) {
      const lo = measured[0]!;
      const hi = measured[measured.length - 1]!;
      figures.push({
        figure: `scaling ${policy}: time per pod growth ${label(lo)} → ${label(hi)}`,
        value: perPod.get(hi)! / perPod.get(lo)!,
        unit: '×',
        ...(lo === 10_000 && hi === 1_000_000 ? { target: { op: '<=', value: TARGET_GROWTH } as const } : {}),
      });
    }
  }
  return figures;
}

export const benchmarks: Benchmark[] = [{ name: 'scaling curve (30-day synthetic workload, 10k / 100k / 1M pods)', run: scalingCurve }];
