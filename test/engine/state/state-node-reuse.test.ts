import { afterEach, describe, expect, it } from 'vitest';
import { SimCluster } from '../../../src/cluster/sim/index.js';
import { ClusterState } from '../../../src/engine/state/cluster-state.js';
import type { StateNode } from '../../../src/engine/state/state-node.js';
import { podSpec } from '../../../src/engine/testing/fixtures.js';
import { resources } from '../../../src/model/index.js';
import { resolveScenario } from '../../../src/runtime/resolve-scenario.js';
import { simulate } from '../../../src/runtime/simulate.js';
import { loadScenario } from '../../../src/scenario/load.js';
import { RandomSource } from '../../../src/sim/random.js';
import { SimClock } from '../../../src/sim/sim-clock.js';

/**
 * ClusterState keeps each registered node's StateNode until a watch event touches the node. These tests
 * compare every snapshot the engine takes with one built from scratch at the same instant.
 */
const original = ClusterState.prototype.stateNodes;
afterEach(() => {
  ClusterState.prototype.stateNodes = original;
});

/** The fields the scheduler and consolidation read, in a comparable form (pods and objects by identity). */
function view(n: StateNode): unknown {
  return {
    ...n,
    daemonSetNames: [...n.daemonSetNames].sort(),
    hostPortsInUse: [...n.hostPortsInUse].sort(),
    pods: n.pods.map((p) => p.uid),
    node: n.node?.name,
    nodeClaim: n.nodeClaim?.name,
  };
}

describe('StateNodes kept between snapshots', () => {
  it('equal a from-scratch build at every snapshot of a 6-hour Karpenter run of the default scenario', () => {
    let snapshots = 0;
    let reused = 0;
    const seen = new Set<StateNode>();
    ClusterState.prototype.stateNodes = function (lookup, fromScratch = false) {
      const kept = original.call(this, lookup, fromScratch);
      const fresh = original.call(this, lookup, true);
      expect(kept.map(view)).toEqual(fresh.map(view));
      snapshots++;
      for (const n of kept) {
        if (seen.has(n)) reused++;
        seen.add(n);
      }
      return kept;
    };
    const scenario = resolveScenario(loadScenario('scenarios/default.yaml'));
    simulate(scenario, { policy: 'karpenter', seed: scenario.seed });
    expect(snapshots).toBeGreaterThan(100);
    // The reuse is real: most nodes of most snapshots come from an earlier one.
    expect(reused).toBeGreaterThan(snapshots);
  }, 60_000);

  it('a pod finishing behind the watch (no event) is not seen: the comparison above can fail', () => {
    const clock = new SimClock();
    const cluster = new SimCluster(clock, new RandomSource(1));
    const state = new ClusterState(cluster, clock);
    cluster.registerNode({ name: 'ip-a', labels: {}, capacity: resources({ cpuMillis: 2000, pods: 29 }), allocatable: resources({ cpuMillis: 1930, pods: 29 }), providerID: 'aws:///us-east-1a/i-a' });
    cluster.createRunningPod(podSpec({ cpuMillis: 500 }), 'web-1', 'ip-a');
    cluster.createRunningPod(podSpec({ cpuMillis: 500 }), 'web-2', 'ip-a');
    const lookup = (): undefined => undefined;
    const first = state.stateNodes(lookup);
    expect(first[0].pods).toHaveLength(2);
    expect(first[0].requested.cpuMillis).toBe(1000);
    const pod = first[0].pods[0];
    (pod.status as { phase: string }).phase = 'Succeeded'; // behind the cluster's back
    expect(state.stateNodes(lookup)[0].requested.cpuMillis).toBe(1000);
    expect(state.stateNodes(lookup, true)[0].requested.cpuMillis).toBe(500);
    cluster.setNodeLabels('ip-a', { team: 'a' }); // an event about the node: it is built again
    expect(state.stateNodes(lookup)[0].requested.cpuMillis).toBe(500);
  });
});
