import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCatalog } from '../src/catalog/index.js';
import { MockEc2 } from '../src/cloud/mock-ec2/index.js';
import { SimCluster } from '../src/cluster/sim/index.js';
import { simulateScheduling, type SchedulingResult } from '../src/engine/provisioning/simulation/index.js';
import { UnavailableOfferings } from '../src/engine/state/unavailable-offerings.js';
import { fakeInstanceTypes } from '../src/engine/testing/fake-instance-types.js';
import { nodePool } from '../src/engine/testing/fixtures.js';
import type { DaemonSet, InstanceType, NodePool, Pod } from '../src/model/index.js';
import { resolveScenario } from '../src/runtime/resolve-scenario.js';
import { loadScenario } from '../src/scenario/load.js';
import { RandomSource } from '../src/sim/random.js';
import { SimClock } from '../src/sim/sim-clock.js';
import { WorkloadDriver } from '../src/workload/driver.js';
import { diversePods } from './provisioning.bench.js';

/**
 * A fingerprint of the scheduler simulation's results, to prove that a performance change changes
 * nothing: every NodeClaim (NodePool, hostname, pods, requirements, instance types, requests, price),
 * every placement on an existing node and every unschedulable pod with its reason, hashed for
 * provisioning.bench.ts's batches (1 … 20,000 pods) and for the first batch of
 * bench/scenarios/burst-20k.yaml (20,000 replicas against the full catalog with two DaemonSets).
 *
 *   node bin/run-ts.mjs bench/provisioning-fingerprint.ts          # prints one hash per case and a total
 */

const here = dirname(fileURLToPath(import.meta.url));
const BATCHES = [1, 100, 500, 1_000, 2_000, 5_000, 20_000];

export function fingerprint(result: SchedulingResult): string {
  const h = createHash('sha256');
  const line = (s: string): void => {
    h.update(s);
    h.update('\n');
  };
  for (const c of result.newNodeClaims) {
    line(`claim ${c.nodePool.name} ${c.hostname} price=${c.cheapestPricePerHour}`);
    line(`  pods ${c.pods.map((p) => p.uid).join(',')}`);
    line(`  reqs ${JSON.stringify(c.requirements)}`);
    line(`  types ${c.instanceTypes.map((t) => t.name).join(',')}`);
    line(`  requests ${JSON.stringify(c.requests)} podRequests ${JSON.stringify(c.podRequests)}`);
    if (c.minValuesRelaxed) line(`  relaxed ${JSON.stringify(c.minValuesRelaxed)}`);
  }
  for (const p of result.existingNodePlacements) line(`placed ${p.pod.uid} ${p.nodeName}`);
  for (const u of result.unschedulable) line(`unschedulable ${u.pod.uid} ${u.reason}`);
  line(`work ${result.work ?? ''} ${JSON.stringify(result.budgetExhausted ?? null)}`);
  return h.digest('hex');
}

export interface FingerprintCase {
  readonly name: string;
  readonly run: () => SchedulingResult;
}

function benchmarkCases(): FingerprintCase[] {
  const types = fakeInstanceTypes(400);
  const pools = [nodePool()];
  return BATCHES.map((size) => {
    const batch = diversePods(size, new RandomSource(42).stream(`pods-${size}`));
    return { name: `provisioning ${size}`, run: () => simulateScheduling(batch, [], pools, types) };
  });
}

interface BurstBatch {
  readonly pods: Pod[];
  readonly nodePools: readonly NodePool[];
  readonly typesByPool: ReadonlyMap<string, readonly InstanceType[]>;
  readonly daemonSets: readonly DaemonSet[];
  readonly isOfferingAvailable: UnavailableOfferings['isAvailable'];
}

/** The burst scenario's first Karpenter batch: its pending pods, NodePool, the mock EC2's types and DaemonSets. */
export function burstFirstBatch(): BurstBatch {
  const scenario = resolveScenario(loadScenario(join(here, 'scenarios', 'burst-20k.yaml')));
  const clock = new SimClock();
  const random = new RandomSource(scenario.seed);
  const ec2 = new MockEc2(clock, random, loadCatalog(scenario.catalogOptions), scenario.ec2Options);
  const cluster = new SimCluster(clock, random, { scoring: scenario.scoring });
  for (const ds of scenario.daemonSets) cluster.addDaemonSet(ds);
  const workload = scenario.buildWorkload(random);
  new WorkloadDriver(clock, cluster, workload.source).start();
  // The burst comes at 1m; Karpenter's batch closes at most 10 s later.
  clock.run(70);
  const setup = scenario.karpenter!;
  const classes = new Map(setup.nodeClasses.map((c) => [c.name, c]));
  const typesByPool = new Map(setup.nodePools.map((np) => [np.name, ec2.instanceTypes(classes.get(np.nodeClassName))]));
  return {
    pods: [...cluster.pendingPods()],
    nodePools: setup.nodePools,
    typesByPool,
    daemonSets: cluster.daemonSets(),
    isOfferingAvailable: new UnavailableOfferings(clock).isAvailable,
  };
}

export function burstCase(): FingerprintCase {
  const b = burstFirstBatch();
  return {
    name: `burst-20k first batch (${b.pods.length} pods)`,
    run: () => simulateScheduling(b.pods, [], b.nodePools, b.typesByPool, { daemonSets: b.daemonSets, isOfferingAvailable: b.isOfferingAvailable }),
  };
}

export function allCases(): FingerprintCase[] {
  return [...benchmarkCases(), burstCase()];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const total = createHash('sha256');
  for (const c of allCases()) {
    const result = c.run();
    const fp = fingerprint(result);
    // A second run in the same process goes through the caches that outlive one simulation.
    const again = fingerprint(c.run());
    if (again !== fp) console.log(`  MISMATCH on the second run: ${again.slice(0, 16)}`);
    total.update(fp);
    console.log(`${fp.slice(0, 16)}  ${c.name}: ${result.newNodeClaims.length} NodeClaims, ${result.unschedulable.length} unschedulable`);
  }
  console.log(`total ${total.digest('hex')}`);
}
