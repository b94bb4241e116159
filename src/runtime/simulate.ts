import { ASG_TAG, type MockEc2 } from '../cloud/mock-ec2/index.js';
import type { SimCluster } from '../cluster/sim/index.js';
import { DISRUPTION_REASONS, Recorder, type DisruptionKind, type RunData } from '../metrics/index.js';
import { LabelKeys, type Decision, type DecisionSink, type PodDisruptionBudget } from '../model/index.js';
import type { SimClock } from '../sim/sim-clock.js';
import type { PolicyName } from '../scenario/schema.js';
import type { WorkloadStats } from '../workload/types.js';
import { WorkloadDriver } from '../workload/driver.js';
import { bootstrapNodes, nodeNameOf } from './node-bootstrap.js';
import { seedInitialState } from './initial-state-seed.js';
import { createSimWorld } from './sim-world.js';
import { policyUnitPrices, POLICIES } from './policies.js';
import { InvariantChecker, isScheduledBudgetActive } from '../invariants/index.js';
import { buildSummary } from '../report/summary.js';
import type { PolicyContext } from './policy.js';
import { recordingAutoScaling, recordingCloud } from './recording-seams.js';
import type { ResolvedScenario } from './resolved-scenario.js';

export interface SimulationOptions {
  readonly policy: PolicyName;
  readonly seed: number;
  /** Called now and then with (simulated seconds done, horizon). */
  readonly onProgress?: (done: number, total: number) => void;
  /** How many times `onProgress` is called over the horizon (default 200); the run itself is the same. */
  readonly progressSteps?: number;
  /** Called once the world is built and started, before time moves (tests schedule actions and look inside). */
  readonly onWorld?: (world: SimulationWorld) => void;
}

/** The pieces of a run's world, for `onWorld`. */
export interface SimulationWorld {
  readonly clock: SimClock;
  readonly cluster: SimCluster;
  readonly ec2: MockEc2;
}

/** What is not deterministic about a run: it goes to run.json, never into summary.json. */
export interface RunStats {
  readonly wallSeconds: number;
  readonly eventsProcessed: number;
  readonly eventsPerSecond: number;
  readonly peakRssMiB: number;
}

export interface SimulationResult {
  readonly data: RunData;
  readonly stats: RunStats;
  readonly workload: WorkloadStats;
}

const PROGRESS_STEPS = 200;

const REASONS: ReadonlySet<string> = new Set(DISRUPTION_REASONS);
/** Karpenter's voluntary disruptions: do-not-disrupt pods must protect these nodes (not expiration or interruption). */
const VOLUNTARY: ReadonlySet<string> = new Set(['emptiness', 'drift', 'underutilized']);

/**
 * The decision log is passed through to decisions.jsonl; decisions that disrupt nodes are also counted
 * by reason. Karpenter's engine logs `kind: 'disruption'` with `reason` and `nodes`; the Cluster
 * Autoscaler logs `scale-down` with `node` and whether it was `empty`.
 */
function disruptionCounting(recorder: Recorder, checker: InvariantChecker, hasTerminationGracePeriod: (nodeName: string) => boolean): DecisionSink {
  return {
    record(d: Decision) {
      recorder.decision(d);
      checker.decision(d);
      if (d.kind === 'disruption' && typeof d.reason === 'string' && REASONS.has(d.reason) && Array.isArray(d.nodes)) {
        for (const nodeName of d.nodes as unknown[]) {
          if (typeof nodeName !== 'string') continue;
          recorder.disruption({ nodeName, reason: d.reason as DisruptionKind, at: d.at });
          // Karpenter lets drift take a node with a do-not-disrupt pod when its NodePool sets
          // terminationGracePeriod (the pod is deleted at the deadline); everything else voluntary must not.
          const exempt = d.reason === 'drift' && hasTerminationGracePeriod(nodeName);
          if (VOLUNTARY.has(d.reason) && !exempt) checker.voluntaryDisruption(nodeName, d.reason);
        }
      } else if (d.kind === 'scale-down' && typeof d.node === 'string') {
        recorder.disruption({ nodeName: d.node, reason: d.empty === true ? 'emptiness' : 'underutilized', at: d.at });
      }
    },
  };
}

/** The workload's PodDisruptionBudgets and those of the initial state's templates, each once. */
export function withInitialPdbs(pdbs: readonly PodDisruptionBudget[], scenario: ResolvedScenario): PodDisruptionBudget[] {
  const out = new Map(pdbs.map((b) => [`${b.namespace}/${b.name}`, b] as const));
  for (const b of scenario.initialState?.pdbs ?? []) if (!out.has(`${b.namespace}/${b.name}`)) out.set(`${b.namespace}/${b.name}`, b);
  return [...out.values()];
}

/**
 * One simulated run: a pure function of (scenario, policy, seed). Builds the world — simulated clock,
 * mock EC2, simulated cluster, recorder, policy, workload driver — runs it to the horizon and returns the
 * recorded data.
 */
export function simulate(scenario: ResolvedScenario, opts: SimulationOptions): SimulationResult {
  const wallStart = process.hrtime.bigint();
  const { clock, random, catalog, ec2, cluster } = createSimWorld(scenario, opts.seed);

  const recorder = new Recorder(clock, {
    scenario: scenario.name,
    policy: opts.policy,
    seed: opts.seed,
    unitPrices: policyUnitPrices(scenario, opts.policy, catalog),
    stepSeconds: scenario.reportStepSeconds,
  });
  // Invariants are checked in every run, cheaply, from the same state changes; a violation stops the run.
  const checker = new InvariantChecker(clock, {
    nodePools: scenario.karpenter?.nodePools ?? [],
    nodePoolChanges: scenario.karpenter?.changes ?? [],
    capacityOf: (type) => capacityByType.get(type),
    // Simulated time 0 is 1970-01-01T00:00Z, as the engine's cron budgets assume.
    isScheduledBudgetActive,
  });
  // Deployment scales and Job creations go through the checker, which then knows what each controller wants.
  const workloads = checker.watchWorkloads(cluster);
  const capacityByType = new Map(catalog.map((it) => [it.name, it.capacity] as const));
  ec2.onInstanceEvent((e) => checker.instanceEvent(e));
  ec2.onInstanceEvent((e) => {
    const i = e.instance;
    if (e.kind === 'launched') {
      recorder.instanceLaunched({
        instanceId: i.id,
        providerID: i.providerID,
        instanceType: i.instanceType,
        zone: i.zone,
        capacityType: i.capacityType,
        pricePerHour: i.pricePerHour,
        at: e.at,
        ...(i.tags['karpenter.sh/nodeclaim'] ? { nodeClaimName: i.tags['karpenter.sh/nodeclaim'] } : {}),
        ...(i.tags[ASG_TAG] ? { groupName: i.tags[ASG_TAG] } : {}),
      });
    } else if (e.kind === 'terminated') {
      recorder.instanceTerminated({ instanceId: i.id, at: e.at, reason: e.reason ?? 'terminated' });
      if (e.reason === 'spot-reclaim') recorder.disruption({ instanceId: i.id, nodeName: nodeNameOf(i), reason: 'interruption', at: e.at });
    }
  });
  ec2.onEvent((e) => {
    if (e.kind === 'spot-interruption-warning') recorder.spotEvent({ kind: 'interruption', instanceId: e.instanceId, at: e.at });
    else if (e.kind === 'rebalance-recommendation') recorder.spotEvent({ kind: 'rebalance', instanceId: e.instanceId, at: e.at });
  });

  const ctx: PolicyContext = {
    clock,
    random,
    cluster: checker.guardEvictions(cluster),
    ec2,
    cloud: recordingCloud(ec2, recorder, clock),
    autoscaling: recordingAutoScaling(ec2, recorder, clock, () => checker.groupsChanged(ec2.groups())),
    catalog,
    scenario,
    decisions: disruptionCounting(recorder, checker, (nodeName) => {
      const pool = cluster.node(nodeName)?.labels[LabelKeys.nodePool];
      return scenario.karpenter?.nodePools.find((np) => np.name === pool)?.terminationGracePeriodSeconds !== undefined;
    }),
  };
  const policy = POLICIES[opts.policy](ctx);
  // An existing cluster at time 0 (instances billed from now, nodes Ready, pods Running) is in place
  // before the recorder and the checker attach: they take it as it is.
  if (scenario.initialState) {
    seedInitialState({ clock, ec2, cluster: workloads, catalog, region: scenario.region, file: scenario.file }, scenario.initialState, policy, ctx.decisions);
  }
  recorder.attach(cluster);
  checker.attach(cluster);
  bootstrapNodes(ec2, cluster, policy.decorateNode);
  policy.start();

  const workload = scenario.buildWorkload(random);
  const driver = new WorkloadDriver(clock, workloads, workload.source, { pdbs: withInitialPdbs(workload.pdbs, scenario) });
  driver.start();
  opts.onWorld?.({ clock, cluster, ec2 });

  const horizon = scenario.horizonSeconds;
  const steps = opts.progressSteps !== undefined && opts.progressSteps >= 1 ? Math.floor(opts.progressSteps) : PROGRESS_STEPS;
  for (let i = 1; i <= steps; i++) {
    clock.run((horizon * i) / steps);
    opts.onProgress?.(clock.now(), horizon);
  }
  policy.stop();
  driver.stop();
  const data = recorder.finish(horizon);
  const summary = buildSummary(data);
  // The recorder's unrounded cost must equal the cloud's bill (summary.json rounds each node to 1e-6 USD).
  const recordedCostUsd = data.instances.reduce((sum, row) => sum + row.costUsd, 0);
  checker.finish(horizon, { ledger: ec2.ledger(), totalCostUsd: recordedCostUsd, podTotals: summary.pods });
  const wallSeconds = Number(process.hrtime.bigint() - wallStart) / 1e9;
  return {
    data,
    workload: workload.stats(),
    stats: {
      wallSeconds,
      eventsProcessed: clock.eventsProcessed,
      eventsPerSecond: clock.eventsProcessed / Math.max(wallSeconds, 1e-9),
      peakRssMiB: process.resourceUsage().maxRSS / 1024,
    },
  };
}
