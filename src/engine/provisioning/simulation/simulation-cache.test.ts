import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../catalog/index.js';
import { LabelKeys, type InstanceType, type Pod } from '../../../model/index.js';
import type { StateNode } from '../../state/state-node.js';
import { claimZones, podNames } from '../../testing/expectations.js';
import { daemonSet, nodePool, pod, req } from '../../testing/fixtures.js';
import { simulateScheduling } from './simulate.js';
import { SimulationCache } from './simulation-cache.js';
import type { SchedulingResult, SimulationOptions } from './types.js';

const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
const catalog = loadCatalog({ families: ['m5'] });
const m5xl = catalog.find((t) => t.name === 'm5.xlarge')!;
const pools = [nodePool({ requirements: [req(LabelKeys.capacityType, 'In', 'on-demand')] })];
const daemonSets = [daemonSet({ cpuMillis: 100, memoryMiB: 128 })];
const web = { app: 'web' };
const spread = [{ maxSkew: 1, topologyKey: LabelKeys.zone, whenUnsatisfiable: 'DoNotSchedule' as const, labelSelector: { matchLabels: web } }];
const antiDb = { podAntiAffinity: { required: [{ topologyKey: LabelKeys.hostname, labelSelector: { matchLabels: { app: 'db' } } }] } };

function node(name: string, zone: string, running: Pod[], it: InstanceType = m5xl): StateNode {
  const requested = running.reduce(
    (r, p) => ({ ...r, cpuMillis: r.cpuMillis + p.requests.cpuMillis, memoryMiB: r.memoryMiB + p.requests.memoryMiB, pods: r.pods + 1 }),
    { cpuMillis: 0, memoryMiB: 0, gpus: 0, pods: 0, ephemeralMiB: 0 },
  );
  return {
    name,
    hostname: name,
    nodePoolName: 'default',
    labels: { ...it.labels, [LabelKeys.zone]: zone, [LabelKeys.capacityType]: 'on-demand', [LabelKeys.nodePool]: 'default', [LabelKeys.hostname]: name },
    taints: [],
    capacity: it.capacity,
    allocatable: it.allocatable,
    requested,
    pods: running,
    daemonSetNames: new Set(['ds']),
    hostPortsInUse: new Set(running.flatMap((p) => p.hostPorts)),
    registered: true,
    initialized: true,
    markedForDeletion: false,
    unschedulable: false,
  };
}

/** Three m5.xlarge nodes, one per zone, each with one zone-spread web pod; a db pod on node-a, a host-port pod on node-b. */
function cluster(): StateNode[] {
  const w = (name: string, nodeName: string): Pod => pod({ name, nodeName, labels: web, cpuMillis: 500, topologySpreadConstraints: spread, unschedulable: false });
  return [
    node('node-a', ZONES[0], [w('web-a', 'node-a'), pod({ name: 'db-a', nodeName: 'node-a', labels: { app: 'db' }, affinity: antiDb, cpuMillis: 500, unschedulable: false })]),
    node('node-b', ZONES[1], [w('web-b', 'node-b'), pod({ name: 'port-b', nodeName: 'node-b', hostPorts: [8080], cpuMillis: 200, unschedulable: false })]),
    node('node-c', ZONES[2], [w('web-c', 'node-c')]),
  ];
}

/** Karpenter's consolidation question: the cluster without `candidate`, its pods to place again. */
function without(nodes: readonly StateNode[], candidate: string, cache?: SimulationCache): SchedulingResult {
  const moved = nodes.find((n) => n.name === candidate)!.pods;
  const opts: SimulationOptions = { daemonSets, limitUsage: nodes, ...(cache ? { cache } : {}) };
  return simulateScheduling(
    moved,
    nodes.filter((n) => n.name !== candidate),
    pools,
    catalog,
    opts,
  );
}

/** The same question asked as disruption asks it: the whole snapshot, the candidate named in `excludedNodes`. */
function excluding(nodes: readonly StateNode[], candidate: string, cache: SimulationCache): SchedulingResult {
  const moved = nodes.find((n) => n.name === candidate)!.pods;
  return simulateScheduling(moved, nodes, pools, catalog, { daemonSets, limitUsage: nodes, cache, excludedNodes: new Set([candidate]) });
}

function placements(r: SchedulingResult): string[] {
  return r.existingNodePlacements.map((p) => `${p.pod.name}→${p.nodeName}`);
}

describe('SimulationCache: simulations over one snapshot share per-node work and answer as without it', () => {
  it('without node-c its zone-spread web pod must stay in us-east-1c (counts a:1 b:1 c:0): a new NodeClaim there, with or without the cache', () => {
    const nodes = cluster();
    const cache = new SimulationCache();
    for (const r of [without(nodes, 'node-c'), without(nodes, 'node-c', cache), without(nodes, 'node-c', cache)]) {
      expect(r.existingNodePlacements).toEqual([]);
      expect(r.newNodeClaims).toHaveLength(1);
      expect(podNames(r.newNodeClaims[0].pods)).toEqual(['web-c']);
      expect(claimZones(r.newNodeClaims[0], ZONES)).toEqual([ZONES[2]]);
    }
  });

  it('candidate after candidate with one cache gives the uncached answers (seeds of the excluded node are not counted)', () => {
    const nodes = cluster();
    const cache = new SimulationCache();
    const order = ['node-a', 'node-b', 'node-c', 'node-a', 'node-c', 'node-b'];
    const shared = new SimulationCache();
    for (const candidate of order) {
      const plain = without(nodes, candidate);
      for (const cached of [without(nodes, candidate, cache), excluding(nodes, candidate, shared)]) {
      expect(placements(cached)).toEqual(placements(plain));
      expect(cached.newNodeClaims.map((c) => [podNames(c.pods), claimZones(c, ZONES), c.instanceTypes.map((t) => t.name)])).toEqual(
        plain.newNodeClaims.map((c) => [podNames(c.pods), claimZones(c, ZONES), c.instanceTypes.map((t) => t.name)]),
      );
      expect(cached.unschedulable).toEqual(plain.unschedulable);
      }
    }
  });

  it('without node-a the db pod (no spread) moves to node-b, the first node with room; web-a needs us-east-1a again', () => {
    const r = without(cluster(), 'node-a', new SimulationCache());
    expect(placements(r)).toEqual(['db-a→node-b']);
    expect(podNames(r.newNodeClaims.flatMap((c) => c.pods))).toEqual(['web-a']);
    expect(claimZones(r.newNodeClaims[0], ZONES)).toEqual([ZONES[0]]);
  });

  it("a placement in one simulation does not leak into the next: node-b's host port 9090 is free again", () => {
    const nodes = cluster();
    const cache = new SimulationCache();
    const withPort = [...nodes.slice(0, 2), node('node-c', ZONES[2], [pod({ name: 'port-c', nodeName: 'node-c', hostPorts: [9090], cpuMillis: 100, unschedulable: false })])];
    // Existing nodes are tried by name: port-c goes to node-a, both times.
    const first = without(withPort, 'node-c', cache);
    const second = without(withPort, 'node-c', cache);
    expect(placements(first)).toEqual(['port-c→node-a']);
    expect(placements(second)).toEqual(['port-c→node-a']);
    // Now fill node-a's port first: a second 9090 pod in the same simulation must go elsewhere (node-b).
    const two = [...nodes.slice(0, 2), node('node-c', ZONES[2], [pod({ name: 'p1', nodeName: 'node-c', hostPorts: [9090], cpuMillis: 100, unschedulable: false }), pod({ name: 'p2', nodeName: 'node-c', hostPorts: [9090], cpuMillis: 100, unschedulable: false })])];
    const both = without(two, 'node-c', cache);
    expect(placements(both).sort()).toEqual(['p1→node-a', 'p2→node-b']);
    // And node-a's own set (the StateNode's) was never written: it still holds no 9090.
    expect([...two[0].hostPortsInUse]).toEqual([]);
  });

  it('room taken on a node in one simulation is back for the next over the same snapshot (node-a: 2.8 CPU free, a 2-CPU pod each time)', () => {
    // m5.xlarge allocatable 3920m (catalog); node-a runs web-a and db-a (500m each) and the 100m DaemonSet is
    // due there: 3920 - 1000 - 100 = 2820m free, room for one 2-CPU pod, not two.
    const nodes = [...cluster().slice(0, 2), node('node-c', ZONES[2], [pod({ name: 'big-c', nodeName: 'node-c', cpuMillis: 2000, unschedulable: false })])];
    const cache = new SimulationCache();
    expect(placements(excluding(nodes, 'node-c', cache))).toEqual(['big-c→node-a']);
    expect(placements(excluding(nodes, 'node-c', cache))).toEqual(['big-c→node-a']);
    const two = [...nodes.slice(0, 2), node('node-c', ZONES[2], [pod({ name: 'b1', nodeName: 'node-c', cpuMillis: 2000, unschedulable: false }), pod({ name: 'b2', nodeName: 'node-c', cpuMillis: 2000, unschedulable: false })])];
    const shared = new SimulationCache();
    for (let i = 0; i < 2; i++) expect(placements(excluding(two, 'node-c', shared)).sort()).toEqual(['b1→node-a', 'b2→node-b']);
  });

  it('work counts only the nodes the simulation may use: node-b left out, a 3-CPU pod skips node-a (2820m free) for node-c (3320m) after 2 checks', () => {
    const nodes = [...cluster().slice(0, 1), node('node-b', ZONES[1], [pod({ name: 'big-b', nodeName: 'node-b', cpuMillis: 3000, unschedulable: false })]), cluster()[2]];
    const cache = new SimulationCache();
    for (const r of [excluding(nodes, 'node-b', cache), excluding(nodes, 'node-b', cache), without(nodes, 'node-b')]) {
      expect(placements(r)).toEqual(['big-b→node-c']);
      expect(r.work).toBe(2);
    }
    // A pod that fits on no node: both nodes checked, then the one template (work 3), with or without the cache.
    const huge = [...nodes.slice(0, 1), node('node-b', ZONES[1], [pod({ name: 'huge-b', nodeName: 'node-b', cpuMillis: 3500, unschedulable: false })]), nodes[2]];
    expect(excluding(huge, 'node-b', cache).work).toBe(3);
    expect(without(huge, 'node-b').work).toBe(3);
  });
});
