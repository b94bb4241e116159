import { describe, expect, it } from 'vitest';
import type { ClusterWorkloads } from '../cluster/cluster.js';
import { SimCluster } from '../cluster/sim/index.js';
import { resources, type Pod, type PodSpec } from '../model/index.js';
import { RandomSource } from '../sim/random.js';
import { SimClock } from '../sim/sim-clock.js';
import { InvariantChecker } from './checker.js';
import { harness } from './testing/harness.js';
import type { FakeCluster } from './testing/fake-cluster.js';
import type { InvariantViolation } from './violation.js';

/**
 * A workload API over the fake cluster whose "controllers" create pods only when the test says so: the
 * checker must notice a ReplicaSet or Job that is not brought back to its desired pods.
 */
function workloads(cluster: FakeCluster): ClusterWorkloads & { made: Pod[] } {
  const made: Pod[] = [];
  const create = (kind: 'ReplicaSet' | 'Job', name: string, n: number): void => {
    for (let i = 0; i < n; i++) made.push(cluster.createPod({ name: `${name}-${made.length + 1}`, owner: { kind, name } }));
  };
  return {
    made,
    createPod: () => {
      throw new Error('unused');
    },
    scaleDeployment: (_ns, name, replicas) => create('ReplicaSet', name, replicas),
    createJob: (_ns, name, _t, completions, parallelism) => create('Job', name, Math.min(completions, parallelism)),
    addPdb: () => undefined,
    addDaemonSet: () => undefined,
  };
}

const TEMPLATE = {} as PodSpec;

describe('controllers restore their pods (CONTROLLER_REPLICAS_NOT_RESTORED)', () => {
  it('trips when an evicted ReplicaSet pod is not replaced before time moves on', () => {
    const h = harness();
    const w = workloads(h.cluster);
    h.checker.watchWorkloads(w).scaleDeployment('default', 'web', 3, TEMPLATE);
    h.cluster.addNode('n1');
    for (const p of w.made) h.cluster.bind(p, 'n1');
    h.clock.t = 120;
    h.cluster.evictPod(w.made[1]!.uid);
    expect(h.violations).toEqual([]); // the controller may still react at t = 120
    h.clock.t = 121;
    h.cluster.addNode('n2'); // any later event
    expect(h.codes()).toEqual(['CONTROLLER_REPLICAS_NOT_RESTORED']);
    const v = h.violations[0]!;
    expect(v.at).toBe(120);
    expect(v.objects).toEqual({ controller: 'default/ReplicaSet/web', pod: 'default/web-2' });
    expect(v.message).toContain('violated at t=120 s');
    expect(v.message).toContain('2 active pods but wants 3');
    expect(v.message).toContain('default/web-2 (evicted at t=120 s)');
  });

  it('stays quiet when the replacement comes within the same instant, and when the Deployment is scaled down', () => {
    const h = harness();
    const w = workloads(h.cluster);
    const api = h.checker.watchWorkloads(w);
    api.scaleDeployment('default', 'web', 2, TEMPLATE);
    h.cluster.addNode('n1');
    h.cluster.addNode('n3');
    for (const p of w.made) h.cluster.bind(p, 'n1');
    h.clock.t = 50;
    h.cluster.deleteNode('n1'); // both pods lost with their node...
    h.cluster.bind(h.cluster.createPod({ name: 'web-x', owner: { kind: 'ReplicaSet', name: 'web' } }), 'n3');
    h.cluster.bind(h.cluster.createPod({ name: 'web-y', owner: { kind: 'ReplicaSet', name: 'web' } }), 'n3'); // ...and replaced at t = 50
    h.clock.t = 60;
    h.cluster.evictPod('default/web-x'); // a scale-down to 1 deletes one gracefully
    const scaleDown: ClusterWorkloads = { ...w, scaleDeployment: () => undefined };
    h.checker.watchWorkloads(scaleDown).scaleDeployment('default', 'web', 1, TEMPLATE);
    h.clock.t = 70;
    h.cluster.addNode('n2');
    h.checker.finish(100);
    expect(h.violations).toEqual([]);
  });

  it('trips at the end for a ReplicaSet short of pods, and for one with a pod too many', () => {
    const short = harness();
    const w = workloads(short.cluster);
    short.checker.watchWorkloads(w).scaleDeployment('default', 'api', 2, TEMPLATE);
    short.clock.t = 300;
    short.cluster.addNode('n1');
    short.cluster.bind(w.made[1]!, 'n1');
    short.cluster.deletePod(w.made[0]!.uid);
    short.checker.finish(300);
    expect(short.codes()).toEqual(['CONTROLLER_REPLICAS_NOT_RESTORED']);
    expect(short.violations[0]!.message).toContain('default/api-1 (deleted at t=300 s)');

    const extra = harness();
    const w2 = workloads(extra.cluster);
    extra.checker.watchWorkloads(w2).scaleDeployment('default', 'api', 1, TEMPLATE);
    extra.clock.t = 10;
    extra.cluster.addNode('n1');
    extra.cluster.bind(w2.made[0]!, 'n1');
    extra.cluster.bind(extra.cluster.createPod({ name: 'api-dup', owner: { kind: 'ReplicaSet', name: 'api' } }), 'n1');
    extra.checker.finish(20);
    expect(extra.codes()).toEqual(['CONTROLLER_REPLICAS_NOT_RESTORED']);
    expect(extra.violations[0]!.message).toContain('2 active pods but wants 1');
    expect(extra.violations[0]!.at).toBe(10);
  });

  it('holds a Job to min(parallelism, completions − succeeded): a failed pod must be replaced, a finished Job needs none', () => {
    const h = harness();
    const w = workloads(h.cluster);
    h.checker.watchWorkloads(w).createJob('default', 'etl', TEMPLATE, 3, 2);
    h.cluster.addNode('n1');
    const [a, b] = w.made;
    h.cluster.bind(a!, 'n1');
    h.cluster.bind(b!, 'n1');
    h.clock.t = 40;
    h.cluster.complete(a!); // 1 succeeded: wants min(2, 2) = 2, has 1
    h.cluster.bind(h.cluster.createPod({ name: 'etl-3', owner: { kind: 'Job', name: 'etl' } }), 'n1'); // replaced at once
    h.clock.t = 45;
    h.cluster.setPhase(b!, 'Failed'); // not replaced
    h.checker.finish(90);
    expect(h.codes()).toEqual(['CONTROLLER_REPLICAS_NOT_RESTORED']);
    const v = h.violations[0]!;
    expect(v.at).toBe(45);
    expect(v.message).toContain('1 active pods but wants at least 2 (completions 3, parallelism 2, 1 succeeded)');
    expect(v.message).toContain('default/etl-2 (failed at t=45 s)');
  });

  it('does not check controllers whose desired state it never saw', () => {
    const h = harness();
    h.cluster.createPod({ name: 'orphan-1', owner: { kind: 'ReplicaSet', name: 'orphan' } });
    h.clock.t = 5;
    h.cluster.deletePod('default/orphan-1');
    h.checker.finish(10);
    expect(h.violations).toEqual([]);
  });

  it('stays quiet over the real simulated cluster: evictions, node loss, Job progress and scaling', () => {
    const clock = new SimClock();
    const cluster = new SimCluster(clock, new RandomSource(7));
    const violations: InvariantViolation[] = [];
    const checker = new InvariantChecker(clock, { onViolation: (v) => violations.push(v) });
    checker.attach(cluster);
    const api = checker.watchWorkloads(cluster);
    const node = (name: string): void => {
      cluster.registerNode({
        name,
        labels: {},
        taints: [],
        capacity: resources({ cpuMillis: 4000, memoryMiB: 8192, pods: 110 }),
        allocatable: resources({ cpuMillis: 4000, memoryMiB: 8192, pods: 110 }),
        providerID: `aws:///us-east-1a/i-${name}`,
      });
    };
    node('a');
    node('b');
    const template: PodSpec = {
      namespace: 'default',
      labels: { app: 'web' },
      annotations: {},
      nodeSelector: {},
      tolerations: [],
      topologySpreadConstraints: [],
      hostPorts: [],
      priority: 0,
      terminationGracePeriodSeconds: 30,
      requests: resources({ cpuMillis: 500, memoryMiB: 256 }),
    };
    api.scaleDeployment('default', 'web', 4, template);
    api.createJob('default', 'etl', { ...template, durationSeconds: 30 }, 5, 2);
    clock.run(20);
    const victim = [...cluster.pods()].find((p) => p.owner?.name === 'web' && p.status.nodeName !== undefined)!;
    cluster.evictPod(victim.uid);
    clock.run(40);
    cluster.deleteNode('a');
    clock.run(60);
    api.scaleDeployment('default', 'web', 2, template);
    clock.run(400);
    checker.finish(400);
    expect(violations.map((v) => v.message)).toEqual([]);
    expect(cluster.jobStatus('default', 'etl')).toMatchObject({ succeeded: 5, complete: true });
  });
});
