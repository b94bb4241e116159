import { describe, expect, it } from 'vitest';
import { numFeasibleNodesToFind } from '../../src/cluster/sim/scoring.js';
import { bindingSequence, nodeSpec, podSpec, world } from './fixtures.js';

describe('numFeasibleNodesToFind (kube-scheduler percentageOfNodesToScore)', () => {
  it('uses every node under 100 nodes, else 50% − n/125 (at least 5%) and at least 100 nodes', () => {
    expect(numFeasibleNodesToFind(99, 0)).toBe(99);
    expect(numFeasibleNodesToFind(150, 0)).toBe(100); // 49% of 150 = 73 → raised to 100
    expect(numFeasibleNodesToFind(1000, 0)).toBe(420); // 50 − 8 = 42%
    expect(numFeasibleNodesToFind(5000, 0)).toBe(500); // 50 − 40 = 10%
    expect(numFeasibleNodesToFind(20_000, 0)).toBe(1000); // 50 − 160 < 5 → 5%
    expect(numFeasibleNodesToFind(1000, 30)).toBe(300);
    expect(numFeasibleNodesToFind(1000, 100)).toBe(1000);
  });
});

describe('kube-scheduler model: scoring', () => {
  // Hand-computed NodeResourcesFit scores for a 1000m / 1024 MiB pod (integer arithmetic, cpu and memory weight 1):
  //   small 2000m/4096Mi:  LeastAllocated cpu (2000-1000)*100/2000 = 50, mem (4096-1024)*100/4096 = 75 → 62
  //                        MostAllocated  cpu 1000*100/2000 = 50,       mem 1024*100/4096 = 25          → 37
  //   big 8000m/16384Mi:   LeastAllocated cpu 7000*100/8000 = 87,       mem 15360*100/16384 = 93        → 90
  //                        MostAllocated  cpu 1000*100/8000 = 12,       mem 1024*100/16384 = 6          → 9
  it('LeastAllocated binds to the emptier (big) node', () => {
    const { clock, cluster } = world({ scoring: 'LeastAllocated', tieBreak: 'name' });
    cluster.registerNode(nodeSpec('small', { cpuMillis: 2000, memoryMiB: 4096 }));
    cluster.registerNode(nodeSpec('big', { cpuMillis: 8000, memoryMiB: 16384 }));
    clock.run(1);
    const pod = cluster.createPod(podSpec({ cpuMillis: 1000, memoryMiB: 1024 }));
    clock.run(2);
    expect(pod.status.nodeName).toBe('big');
  });

  it('MostAllocated binds to the fuller (small) node', () => {
    const { clock, cluster } = world({ scoring: 'MostAllocated', tieBreak: 'name' });
    cluster.registerNode(nodeSpec('small', { cpuMillis: 2000, memoryMiB: 4096 }));
    cluster.registerNode(nodeSpec('big', { cpuMillis: 8000, memoryMiB: 16384 }));
    clock.run(1);
    const pod = cluster.createPod(podSpec({ cpuMillis: 1000, memoryMiB: 1024 }));
    clock.run(2);
    expect(pod.status.nodeName).toBe('small');
  });

  it('LeastAllocated spreads identical pods over identical nodes; MostAllocated stacks them', () => {
    // Two 4000m nodes, four 1000m pods: LeastAllocated alternates (a, b, a, b with name tie-break);
    // MostAllocated fills a (4 × 1000m = 4000m) before b.
    for (const [scoring, expected] of [
      ['LeastAllocated', ['a', 'b', 'a', 'b']],
      ['MostAllocated', ['a', 'a', 'a', 'a']],
    ] as const) {
      const { clock, cluster } = world({ scoring, tieBreak: 'name' });
      cluster.registerNode(nodeSpec('a'));
      cluster.registerNode(nodeSpec('b'));
      clock.run(1);
      const pods = [1, 2, 3, 4].map(() => cluster.createPod(podSpec({ cpuMillis: 1000, memoryMiB: 1024 })));
      clock.run(2);
      expect(pods.map((p) => p.status.nodeName)).toEqual(expected);
    }
  });

  it('binds a pod to its nominated node when that node fits, even if it scores lower', () => {
    const { clock, cluster } = world({ scoring: 'LeastAllocated', tieBreak: 'name' });
    cluster.registerNode(nodeSpec('small', { cpuMillis: 2000, memoryMiB: 4096 }));
    cluster.registerNode(nodeSpec('big', { cpuMillis: 8000, memoryMiB: 16384 }));
    clock.run(1);
    const pod = cluster.createPod(podSpec({ cpuMillis: 1000, memoryMiB: 1024 }));
    cluster.nominatePod(pod.uid, 'small');
    clock.run(2);
    expect(pod.status.nodeName).toBe('small');
    expect(pod.status.nominatedNodeName).toBeUndefined();
  });

  it('schedules higher-priority pods first when capacity is short', () => {
    const { clock, cluster } = world({ tieBreak: 'name' });
    cluster.registerNode(nodeSpec('only', { cpuMillis: 1000 }));
    clock.run(1);
    const low = cluster.createPod(podSpec({ cpuMillis: 1000, priority: 0 }));
    const high = cluster.createPod(podSpec({ cpuMillis: 1000, priority: 1000 }));
    clock.run(2);
    expect(high.status.nodeName).toBe('only');
    expect(low.status.nodeName).toBeUndefined();
    expect(low.status.unschedulable).toBe(true);
  });

  it('never binds to a NotReady, cordoned or untolerated-tainted node', () => {
    const { clock, cluster } = world({ tieBreak: 'name' });
    cluster.registerNode(nodeSpec('booting', { readyAfterSeconds: 1000 }));
    cluster.registerNode(nodeSpec('cordoned'));
    cluster.registerNode(nodeSpec('tainted', { taints: [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }] }));
    clock.run(1);
    cluster.cordonNode('cordoned', true);
    const pod = cluster.createPod(podSpec());
    clock.run(10);
    expect(pod.status.nodeName).toBeUndefined();
    expect(pod.status.unschedulable).toBe(true);
    const tolerating = cluster.createPod(podSpec({ tolerations: [{ key: 'gpu', operator: 'Exists' }] }));
    clock.run(11);
    expect(tolerating.status.nodeName).toBe('tainted');
  });
});

describe('kube-scheduler model: Unschedulable and retries', () => {
  it('marks a pod that fits nowhere Unschedulable and binds it when a big-enough node becomes Ready', () => {
    const { clock, cluster, events } = world({ tieBreak: 'name' });
    cluster.registerNode(nodeSpec('small', { cpuMillis: 1000 }));
    clock.run(5);
    const pod = cluster.createPod(podSpec({ cpuMillis: 2000 }));
    clock.run(6);
    expect(pod.status.unschedulable).toBe(true);
    expect(pod.status.unschedulableSince).toBe(5);
    expect([...cluster.pendingPods()].map((p) => p.uid)).toEqual([pod.uid]);
    cluster.registerNode(nodeSpec('big', { cpuMillis: 4000, readyAfterSeconds: 30 }));
    clock.run(35.9);
    expect(pod.status.nodeName).toBeUndefined(); // big registered at 6, Ready at 36
    clock.run(36.5);
    expect(pod.status.nodeName).toBe('big');
    expect(pod.status.boundAt).toBe(36);
    expect(pod.status.unschedulable).toBe(false);
    expect([...cluster.pendingPods()]).toEqual([]);
    // Events in order: added, marked Unschedulable, bound.
    const mine = events.filter((e) => e.name === pod.uid).map((e) => `${e.at} ${e.kind} ${e.unschedulable} ${e.nodeName ?? '-'}`);
    expect(mine.slice(0, 3)).toEqual(['5 pod-added false -', '5 pod-updated true -', '36 pod-updated false big']);
  });

  it('does not retry unschedulable pods on changes that cannot help, and does on those that can', () => {
    const { clock, cluster } = world({ tieBreak: 'name' });
    cluster.registerNode(nodeSpec('n', { cpuMillis: 1000 }));
    clock.run(1);
    cluster.createPod(podSpec({ cpuMillis: 900 }));
    const big = cluster.createPod(podSpec({ cpuMillis: 500 }));
    clock.run(2);
    expect(big.status.unschedulable).toBe(true);
    const attempts = cluster.stats().schedulingAttempts;
    cluster.addNodeTaint('n', { key: 'x', effect: 'NoSchedule' });
    cluster.createPod(podSpec({ cpuMillis: 5000 })); // a new pod is tried; the parked one is not
    clock.run(3);
    expect(cluster.stats().schedulingAttempts).toBe(attempts + 1);
    cluster.removeNodeTaint('n', 'x'); // may help: both parked pods are retried
    clock.run(4);
    expect(cluster.stats().schedulingAttempts).toBe(attempts + 3);
    expect(big.status.nodeName).toBeUndefined();
  });

  it('retries a parked pod when a bound pod is deleted and its resources free up', () => {
    const { clock, cluster } = world({ tieBreak: 'name' });
    cluster.registerNode(nodeSpec('n', { cpuMillis: 1000 }));
    clock.run(1);
    const first = cluster.createPod(podSpec({ cpuMillis: 900 }));
    const second = cluster.createPod(podSpec({ cpuMillis: 500 }));
    clock.run(10);
    expect(second.status.unschedulable).toBe(true);
    cluster.deletePod(first.uid);
    clock.run(11);
    expect(second.status.nodeName).toBe('n');
    expect(second.status.boundAt).toBe(10);
  });

  it('holds a parked pod back until its backoff (1 s, 2 s, 4 s, ... up to 10 s) ends', () => {
    const { clock, cluster } = world();
    cluster.registerNode(nodeSpec('n', { cpuMillis: 1000 }));
    clock.run(1);
    cluster.createPod(podSpec({ cpuMillis: 2000 })); // fails at 1: backoff until 2
    clock.run(1);
    const base = cluster.stats().schedulingAttempts;
    const poke = (): void => {
      cluster.addNodeTaint('n', { key: 'x', effect: 'NoSchedule' });
      cluster.removeNodeTaint('n', 'x'); // a taint removed: may help
    };
    clock.schedule(0.5, poke);
    clock.run(1.9);
    expect(cluster.stats().schedulingAttempts).toBe(base);
    clock.run(2); // retried when the backoff ends; fails again: backoff 2 s, until 4
    expect(cluster.stats().schedulingAttempts).toBe(base + 1);
    clock.schedule(0.5, poke);
    clock.run(3.9);
    expect(cluster.stats().schedulingAttempts).toBe(base + 1);
    clock.run(4);
    expect(cluster.stats().schedulingAttempts).toBe(base + 2);
  });

  it('retries parked pods after 5 minutes even when nothing changed (periodic flush)', () => {
    const { clock, cluster } = world();
    cluster.registerNode(nodeSpec('n', { cpuMillis: 1000 }));
    clock.run(1);
    cluster.createPod(podSpec({ cpuMillis: 2000 }));
    clock.run(2);
    const after = cluster.stats().schedulingAttempts;
    clock.run(300);
    expect(cluster.stats().schedulingAttempts).toBe(after);
    clock.run(301);
    expect(cluster.stats().schedulingAttempts).toBe(after + 1);
    clock.run(601);
    expect(cluster.stats().schedulingAttempts).toBe(after + 2);
  });

  it('runs at most one cycle per instant; pods arriving after it wait for a follow-up cycle', () => {
    const { clock, cluster } = world({ followUpCycleDelaySeconds: 0.5 });
    cluster.registerNode(nodeSpec('n'));
    clock.run(1);
    const a = cluster.createPod(podSpec());
    clock.schedule(0, () => cluster.createPod(podSpec()), 50); // same instant, after the cluster's cycle
    clock.run(1);
    expect(a.status.boundAt).toBe(1);
    clock.run(2);
    const b = [...cluster.pods()].find((p) => p.uid !== a.uid)!;
    expect(b.status.boundAt).toBe(1.5);
  });
});

describe('kube-scheduler model: determinism', () => {
  function run(seed: number): string[] {
    const { clock, cluster, events } = world({ tieBreak: 'random' }, seed);
    for (let i = 0; i < 10; i++) cluster.registerNode(nodeSpec(`n${i}`));
    clock.run(1);
    cluster.scaleDeployment('default', 'web', 40, podSpec({ cpuMillis: 250, memoryMiB: 256 }));
    clock.run(100);
    return bindingSequence(events);
  }

  it('gives the same binding sequence for the same seed', () => {
    const a = run(7);
    expect(a).toHaveLength(40);
    expect(run(7)).toEqual(a);
  });

  it('breaks ties with the seeded stream, so another seed binds differently', () => {
    expect(run(8)).not.toEqual(run(7));
  });
});

describe('kube-scheduler model: inter-pod constraints through the topology index', () => {
  const zone = 'topology.kubernetes.io/zone';

  it('honours zone topology spread (maxSkew 1) even when MostAllocated would stack pods', () => {
    const { clock, cluster } = world({ scoring: 'MostAllocated', tieBreak: 'name' });
    for (const z of ['a', 'b', 'c']) cluster.registerNode(nodeSpec(`n-${z}`, { labels: { [zone]: `us-east-1${z}` } }));
    clock.run(1);
    const spread = podSpec({
      labels: { app: 'web' },
      topologySpreadConstraints: [{ maxSkew: 1, topologyKey: zone, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } }],
    });
    cluster.scaleDeployment('default', 'web', 6, spread);
    clock.run(10);
    const perNode = ['n-a', 'n-b', 'n-c'].map((n) => [...cluster.podsOnNode(n)].length);
    expect(perNode).toEqual([2, 2, 2]);
  });

  it('leaves a pod Unschedulable when hostname anti-affinity excludes every node, and binds it on a new node', () => {
    const { clock, cluster } = world({ tieBreak: 'name' });
    cluster.registerNode(nodeSpec('n1'));
    cluster.registerNode(nodeSpec('n2'));
    clock.run(1);
    const lonely = podSpec({
      labels: { app: 'db' },
      affinity: { podAntiAffinity: { required: [{ labelSelector: { matchLabels: { app: 'db' } }, topologyKey: 'kubernetes.io/hostname' }] } },
    });
    cluster.scaleDeployment('default', 'db', 3, lonely);
    clock.run(10);
    const pending = [...cluster.pendingPods()];
    expect(pending).toHaveLength(1);
    expect(pending[0]!.status.unschedulable).toBe(true);
    cluster.registerNode(nodeSpec('n3', { readyAfterSeconds: 20 }));
    clock.run(40);
    expect(pending[0]!.status.nodeName).toBe('n3');
    expect(pending[0]!.status.boundAt).toBe(30);
  });
});
