import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SimCluster } from '../../src/cluster/sim/index.js';
import { resources, type Node, type Pod, type Taint } from '../../src/model/index.js';
import { RandomSource } from '../../src/sim/random.js';
import { SimClock } from '../../src/sim/sim-clock.js';
import { overcommit, sumRequests, untolerated } from './scheduling-oracles.js';

/**
 * The kube-scheduler model inside SimCluster over random nodes (sizes, zone/team labels, taints, late
 * registration, slow readiness) and random pods (requests, nodeSelectors, tolerations) arriving and
 * being deleted over time. Checked against Kubernetes semantics written separately (scheduling-oracles.ts):
 * - at every binding: the node is Ready, its bound pods' requests (each one pod slot) stay within its
 *   allocatable, the pod's nodeSelector is a subset of the node's labels and it tolerates every
 *   NoSchedule/NoExecute taint;
 * - at the end (long after the last change, past the backoff): every pod still pending is marked
 *   Unschedulable and fits on no Ready node with the room left there (no pod is forgotten).
 */

const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
const DEDICATED: Taint = { key: 'dedicated', value: 'batch', effect: 'NoSchedule' };
const DRAINING: Taint = { key: 'example.com/draining', effect: 'NoExecute' };

/** A value one time in `every`, undefined otherwise. */
function sometimes<T>(arb: fc.Arbitrary<T>, every: number): fc.Arbitrary<T | undefined> {
  return fc.oneof({ arbitrary: arb, weight: 1 }, { arbitrary: fc.constant(undefined), weight: every - 1 });
}

const nodeArb = fc.record({
  cpuMillis: fc.integer({ min: 500, max: 8000 }),
  memoryMiB: fc.integer({ min: 512, max: 16384 }),
  pods: fc.integer({ min: 1, max: 12 }),
  zone: fc.constantFrom(...ZONES),
  team: fc.option(fc.constantFrom('a', 'b'), { nil: undefined }),
  dedicated: fc.boolean(),
  draining: sometimes(fc.constant(true), 4),
  registerAt: fc.constantFrom(0, 0, 0, 3, 12),
  readyAfterSeconds: fc.constantFrom(0, 0, 2, 7),
});

const podArb = fc.record({
  cpuMillis: fc.integer({ min: 0, max: 4000 }),
  memoryMiB: fc.integer({ min: 0, max: 8192 }),
  zone: sometimes(fc.constantFrom(...ZONES), 3),
  team: sometimes(fc.constantFrom('a', 'b'), 4),
  tolerateDedicated: fc.boolean(),
  tolerateAll: fc.boolean(),
  createAt: fc.integer({ min: 0, max: 20 }),
  deleteAt: sometimes(fc.integer({ min: 1, max: 25 }), 5),
});

const worldArb = fc.record({
  nodes: fc.array(nodeArb, { minLength: 1, maxLength: 8 }),
  pods: fc.array(podArb, { minLength: 1, maxLength: 50 }),
  seed: fc.integer({ min: 1, max: 1000 }),
});

type World = typeof worldArb extends fc.Arbitrary<infer T> ? T : never;

/** Bindings and pods pending at the end over all runs, so that the property is known not to be vacuous. */
const seen = { bindings: 0, pendingAtEnd: 0 };

function problemsOf(w: World): string[] {
  const out: string[] = [];
  const clock = new SimClock();
  const cluster = new SimCluster(clock, new RandomSource(w.seed));
  const podsOn = (node: Node): Pod[] => [...cluster.podsOnNode(node.name)].filter((p) => p.status.phase !== 'Succeeded' && p.status.phase !== 'Failed');
  const check = (pod: Pod, node: Node, when: string): void => {
    if (!node.ready) out.push(`${when}: ${pod.uid} bound to NotReady ${node.name}`);
    const over = overcommit(sumRequests(podsOn(node).map((p) => p.requests)), node.allocatable);
    if (over.length > 0) out.push(`${when}: ${node.name} overcommitted after binding ${pod.uid}: ${over.join(', ')}`);
    for (const [k, v] of Object.entries(pod.nodeSelector)) if (node.labels[k] !== v) out.push(`${when}: ${pod.uid} selects ${k}=${v}, ${node.name} has ${node.labels[k]}`);
    const bad = untolerated(pod, node.taints);
    if (bad.length > 0) out.push(`${when}: ${pod.uid} on ${node.name} does not tolerate ${bad.map((t) => `${t.key}:${t.effect}`).join(', ')}`);
  };
  const bound = new Set<string>();
  cluster.watch((e) => {
    if ((e.kind === 'pod-updated' || e.kind === 'pod-added') && e.pod.status.nodeName !== undefined && !bound.has(e.pod.uid)) {
      bound.add(e.pod.uid);
      const node = cluster.node(e.pod.status.nodeName);
      if (!node) out.push(`t=${clock.now()}: ${e.pod.uid} bound to missing node ${e.pod.status.nodeName}`);
      else check(e.pod, node, `t=${clock.now()}`);
    }
  });

  w.nodes.forEach((n, i) => {
    const taints: Taint[] = [...(n.dedicated ? [DEDICATED] : []), ...(n.draining ? [DRAINING] : [])];
    const capacity = resources({ cpuMillis: n.cpuMillis, memoryMiB: n.memoryMiB, pods: n.pods });
    clock.schedule(n.registerAt, () =>
      cluster.registerNode({
        name: `node-${i}`,
        labels: { 'topology.kubernetes.io/zone': n.zone, ...(n.team ? { 'example.com/team': n.team } : {}) },
        taints,
        capacity,
        allocatable: capacity,
        providerID: `aws:///${n.zone}/i-${i}`,
        readyAfterSeconds: n.readyAfterSeconds,
      }),
    );
  });
  w.pods.forEach((p, i) => {
    const name = `p${i}`;
    clock.schedule(p.createAt, () =>
      cluster.createPod(
        {
          namespace: 'default',
          labels: {},
          annotations: {},
          nodeSelector: { ...(p.zone ? { 'topology.kubernetes.io/zone': p.zone } : {}), ...(p.team ? { 'example.com/team': p.team } : {}) },
          tolerations: p.tolerateAll ? [{ operator: 'Exists' }] : p.tolerateDedicated ? [{ key: 'dedicated', operator: 'Equal', value: 'batch', effect: 'NoSchedule' }] : [],
          topologySpreadConstraints: [],
          hostPorts: [],
          priority: 0,
          terminationGracePeriodSeconds: 30,
          requests: resources({ cpuMillis: p.cpuMillis, memoryMiB: p.memoryMiB }),
        },
        name,
      ),
    );
    if (p.deleteAt !== undefined) clock.schedule(Math.max(p.deleteAt, p.createAt), () => cluster.deletePod(`default/${name}`));
  });
  clock.run(120);
  seen.bindings += bound.size;

  for (const pod of cluster.pendingPods()) {
    seen.pendingAtEnd++;
    if (!pod.status.unschedulable) out.push(`end: ${pod.uid} pending but never marked Unschedulable`);
    for (const node of cluster.nodes()) {
      if (!node.ready) continue;
      const fitsHere =
        overcommit(sumRequests([...podsOn(node).map((p) => p.requests), pod.requests]), node.allocatable).length === 0 &&
        Object.entries(pod.nodeSelector).every(([k, v]) => node.labels[k] === v) &&
        untolerated(pod, node.taints).length === 0;
      if (fitsHere) out.push(`end: ${pod.uid} still pending although it fits on ${node.name}`);
    }
  }
  return out;
}

describe('property: kube-scheduler model binds only where Kubernetes allows, and forgets no pod', () => {
  it('random nodes and pods over time', () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        expect(problemsOf(w)).toEqual([]);
      }),
      { seed: 20251122, numRuns: 120 },
    );
    expect(seen.bindings).toBeGreaterThan(200);
    expect(seen.pendingAtEnd).toBeGreaterThan(50);
  });
});
