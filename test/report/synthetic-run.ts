import { PodTable } from '../../src/metrics/pod-table.js';
import { DISRUPTION_REASONS, type InstanceRow, type RunData, type RunEvent, type RunEventKind } from '../../src/metrics/run-data.js';
import { TimeseriesTable } from '../../src/metrics/timeseries-table.js';
import type { Decision } from '../../src/model/index.js';

/**
 * A large synthetic RunData for report benchmarks and scale tests (no simulation): by default a 30-day
 * run of 1,000,000 workload pods, ~30,000 instances peaking near 2,000 running, a 60 s time series
 * (43,200 samples), ~40,000 node events and ~60,000 decisions. Deterministic (a fixed LCG).
 *
 * Planted features the downsampled charts must keep (see SYNTHETIC_SPIKES): a one-sample spike of
 * pending pods, a one-sample dip of spot nodes, and a one-sample peak of the cost rate.
 */
export interface SyntheticOptions {
  readonly pods?: number;
  readonly days?: number;
  readonly stepSeconds?: number;
  readonly instances?: number;
  readonly decisions?: number;
}

export const SYNTHETIC_SPIKES = {
  /** Sample index and value of the pending-pods spike (the global maximum). */
  pendingAt: 31_337,
  pendingValue: 25_000,
  /** Sample index of the spot-node dip to 0 (the global minimum after the first hour). */
  spotDipAt: 20_011,
} as const;

const TYPES = [
  ['m5.large', 0.096, 2, 8],
  ['m5.xlarge', 0.192, 4, 16],
  ['c5.2xlarge', 0.34, 8, 16],
  ['r5.xlarge', 0.252, 4, 32],
  ['m6i.4xlarge', 0.768, 16, 64],
  ['c6a.xlarge', 0.153, 4, 8],
  ['m7i.2xlarge', 0.4032, 8, 32],
  ['r6a.2xlarge', 0.4536, 8, 64],
  ['c7g.xlarge', 0.145, 4, 8],
  ['m5.8xlarge', 1.536, 32, 128],
  ['t3.medium', 0.0416, 2, 4],
] as const;
const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'];

/** Park–Miller LCG in [0, 1): deterministic, no Math.random. */
function lcg(seed: number): () => number {
  let s = seed % 2147483647 || 1;
  return () => {
    s = (s * 48271) % 2147483647;
    return (s - 1) / 2147483646;
  };
}

/** Diurnal load in [0, 1]: peaks at 14:00, low at 02:00. */
function diurnal(t: number): number {
  return 0.5 - 0.5 * Math.cos((2 * Math.PI * (t - 2 * 3600)) / 86400);
}

function instances(count: number, horizon: number, rand: () => number): InstanceRow[] {
  const rows: InstanceRow[] = [];
  for (let i = 0; i < count; i++) {
    // Launch times weighted towards the day's peak (rejection sampling); lifetimes ~ exponential, mean 20 h.
    let at = 0;
    do at = rand() * horizon;
    while (rand() > 0.25 + 0.75 * diurnal(at));
    const life = -Math.log(1 - rand()) * 20 * 3600;
    const [type, price, , ] = TYPES[Math.floor(rand() * rand() * TYPES.length)]!;
    const spot = rand() < 0.6;
    const pricePerHour = spot ? Math.round(price * 0.35 * 1e6) / 1e6 : price;
    const end = at + life;
    const terminated = end < horizon;
    const billedSeconds = Math.max(60, Math.ceil((terminated ? end : horizon) - at));
    const costUsd = (pricePerHour * billedSeconds) / 3600;
    const reason = terminated ? DISRUPTION_REASONS[i % 3 === 0 ? 0 : i % 7 === 0 ? 4 : 2]! : undefined;
    rows.push({
      instanceId: `i-${(0x10000000 + i).toString(16)}`,
      nodeName: `ip-10-${(i >> 16) & 255}-${(i >> 8) & 255}-${i & 255}.ec2.internal`,
      nodeClaimName: `default-${i.toString(36)}`,
      instanceType: type,
      zone: ZONES[i % 3]!,
      capacityType: spot ? 'spot' : 'on-demand',
      pricePerHour,
      launchRequestedAt: at - 1,
      launchedAt: at,
      registeredAt: at + 25,
      readyAt: at + 32 + rand() * 10,
      ...(terminated ? { terminatedAt: end, terminationReason: reason === 'interruption' ? 'spot-interruption' : reason!, disruptionReason: reason! } : {}),
      billedSeconds,
      costUsd,
      workloadUsd: costUsd * 0.7,
      daemonsetUsd: costUsd * 0.05,
    });
  }
  rows.sort((a, b) => a.launchedAt - b.launchedAt);
  return rows;
}

export function syntheticRun(opts: SyntheticOptions = {}): RunData {
  const podCount = opts.pods ?? 1_000_000;
  const horizon = (opts.days ?? 30) * 86400;
  const step = opts.stepSeconds ?? 60;
  const rand = lcg(42);
  const inst = instances(opts.instances ?? 30_000, horizon, rand);

  const pods = new PodTable();
  for (let i = 0; i < podCount; i++) {
    const created = (i * horizon) / podCount + rand() * 10;
    const node = inst[(i * 7919) % inst.length]!;
    const k = pods.add(`pod-${i.toString().padStart(7, '0')}`, `Deployment/web-${i % 97}`, 250 * (1 + (i % 8)), 512 * (1 + (i % 6)), 0, created);
    const u = rand();
    // 70 % bind within 2 s, 25 % wait for a node (30–90 s), 4.9 % up to 15 min, 0.1 % are never bound.
    const pending = u < 0.7 ? rand() * 2 : u < 0.95 ? 30 + rand() * 60 : u < 0.999 ? 90 + rand() * 810 : NaN;
    if (!Number.isNaN(pending) && created + pending < horizon) {
      pods.set('bound', k, created + pending);
      pods.set('running', k, created + pending + 1.5);
      const runFor = 600 + rand() * 86400;
      if (created + pending + runFor < horizon) {
        pods.set('finished', k, created + pending + runFor);
        pods.setCompleted(k, i % 3 === 0);
      }
      pods.setNode(k, node.nodeName!);
      if (u > 0.25 && u < 0.252) pods.setEvictions(k, 1);
    }
    if (u >= 0.7) pods.set('unschedulable', k, created + 0.5);
  }

  const ts = new TimeseriesTable(Math.ceil(horizon / step) + 1);
  const changes = inst
    .flatMap((r) => [
      { at: r.launchedAt, d: 1, spot: r.capacityType === 'spot', price: r.pricePerHour },
      ...(r.terminatedAt !== undefined ? [{ at: r.terminatedAt, d: -1, spot: r.capacityType === 'spot', price: r.pricePerHour }] : []),
    ])
    .sort((a, b) => a.at - b.at);
  let c = 0;
  let od = 0;
  let sp = 0;
  let rate = 0;
  let cost = 0;
  let peak = 0;
  const samples = Math.floor(horizon / step);
  for (let s = 0; s < samples; s++) {
    const t = s * step;
    while (c < changes.length && changes[c]!.at <= t) {
      const ch = changes[c++]!;
      if (ch.spot) sp += ch.d;
      else od += ch.d;
      rate += ch.d * ch.price;
    }
    peak = Math.max(peak, od + sp);
    cost += (rate * step) / 3600;
    const load = diurnal(t);
    const pending = s === SYNTHETIC_SPIKES.pendingAt ? SYNTHETIC_SPIKES.pendingValue : Math.floor(rand() * 40 * load + (rand() < 0.01 ? 800 * rand() : 0));
    const spotNodes = s === SYNTHETIC_SPIKES.spotDipAt ? 0 : sp;
    ts.push({
      t,
      pendingPods: pending,
      runningPods: Math.round(20_000 + 15_000 * load),
      nodesOnDemand: od,
      nodesSpot: spotNodes,
      allocatableCpuCores: (od + spotNodes) * 7.6,
      allocatableMemoryGiB: (od + spotNodes) * 29.5,
      requestedCpuCores: (od + spotNodes) * 7.6 * (0.55 + 0.3 * load),
      requestedMemoryGiB: (od + spotNodes) * 29.5 * (0.5 + 0.3 * load),
      costPerHour: s === SYNTHETIC_SPIKES.pendingAt ? rate * 3 : rate,
      costUsd: cost,
    });
  }

  const events: RunEvent[] = [];
  for (const r of inst) {
    if (r.disruptionReason === undefined || r.terminatedAt === undefined) continue;
    const kind: RunEventKind = 'disruption';
    if (r.disruptionReason === 'interruption') {
      events.push({ at: r.terminatedAt - 120, kind: 'spot-interruption', reason: 'interruption', node: r.nodeName!, instanceId: r.instanceId });
    }
    events.push({ at: r.terminatedAt, kind, reason: r.disruptionReason, node: r.nodeName!, instanceId: r.instanceId });
  }
  for (let i = 0; i < 500; i++) events.push({ at: rand() * horizon, kind: 'launch-failure', reason: 'InsufficientInstanceCapacity', node: '', instanceId: '' });
  events.sort((a, b) => a.at - b.at);

  const decisions: Decision[] = [];
  const decisionCount = opts.decisions ?? 2 * inst.length;
  for (let i = 0; i < decisionCount; i++) {
    const r = inst[Math.floor(i / 2) % inst.length]!;
    const podsOf = Array.from({ length: 4 + (i % 24) }, (_, j) => `pod-${((i * 31 + j) % podCount).toString().padStart(7, '0')}`);
    decisions.push(
      i % 2 === 0
        ? {
            at: r.launchRequestedAt!,
            actor: 'karpenter/provisioner',
            kind: 'nodeclaim-created',
            reason: 'pending pods fit no existing node',
            nodeClaim: r.nodeClaimName,
            nodePool: 'default',
            pods: podsOf,
            requests: { cpuMillis: 250 * podsOf.length, memoryMiB: 512 * podsOf.length, gpus: 0, pods: podsOf.length },
            instanceTypes: TYPES.slice(0, 5).map((x) => x[0]),
            instanceTypeCount: 600,
            cheapestPricePerHour: r.pricePerHour,
          }
        : {
            at: r.launchedAt,
            actor: 'karpenter/nodeclaim-lifecycle',
            kind: 'launch',
            reason: `${r.instanceType} in ${r.zone} (${r.capacityType})`,
            nodeClaim: r.nodeClaimName,
            nodePool: 'default',
            pods: podsOf,
            instanceId: r.instanceId,
          },
    );
  }
  decisions.sort((a, b) => a.at - b.at);

  const disruptions = Object.fromEntries(DISRUPTION_REASONS.map((d) => [d, inst.filter((r) => r.disruptionReason === d).length])) as Record<
    (typeof DISRUPTION_REASONS)[number],
    number
  >;
  const instanceSeconds = inst.reduce((a, r) => a + Math.min(r.terminatedAt ?? horizon, horizon) - r.launchedAt, 0);
  return {
    meta: { scenario: 'synthetic-1m', policy: 'karpenter', seed: 1, startAt: 0, endAt: horizon, stepSeconds: step },
    pods: pods.columns(),
    instances: inst,
    timeseries: ts.columns(),
    events,
    decisions,
    totals: {
      launchRequests: inst.length,
      launchFailuresInsufficientCapacity: 500,
      launchFailuresOther: 0,
      spotInterruptions: disruptions.interruption,
      rebalanceRecommendations: 0,
      disruptions,
      evictions: 2000,
      pendingPodsAtEnd: 10,
      peakInstances: peak,
      instanceSeconds,
      requestedCpuMilliSeconds: instanceSeconds * 7600 * 0.7,
      allocatableCpuMilliSeconds: instanceSeconds * 7600,
      requestedMemoryMiBSeconds: instanceSeconds * 30_000 * 0.65,
      allocatableMemoryMiBSeconds: instanceSeconds * 30_000,
      costLowerBoundUsd: inst.reduce((a, r) => a + r.costUsd, 0) * 0.6,
    },
  };
}
