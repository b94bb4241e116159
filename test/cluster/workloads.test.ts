import { describe, expect, it } from 'vitest';
import { podsOf, podSpec, nodeSpec, running, world } from './fixtures.js';

const fixedStart = { podStartSeconds: { median: 1, p95: 1 } };

describe('DaemonSets', () => {
  it('put one pod on each matching node only, bound at registration', () => {
    const { clock, cluster } = world();
    cluster.addDaemonSet({ name: 'proxy', namespace: 'kube-system', template: podSpec({ cpuMillis: 100 }) });
    cluster.addDaemonSet({
      name: 'gpu-agent',
      namespace: 'kube-system',
      template: podSpec({ cpuMillis: 50, nodeSelector: { accelerator: 'nvidia' } }),
    });
    clock.run(10);
    cluster.registerNode(nodeSpec('plain', { readyAfterSeconds: 30 }));
    cluster.registerNode(nodeSpec('gpu', { labels: { accelerator: 'nvidia' }, readyAfterSeconds: 30 }));
    cluster.registerNode(nodeSpec('tainted', { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] }));
    clock.run(10); // same instant: daemon pods are created right after the node registers
    const byNode = (n: string): string[] => [...cluster.podsOnNode(n)].map((p) => p.owner?.name ?? '').sort();
    expect(byNode('plain')).toEqual(['proxy']);
    expect(byNode('gpu')).toEqual(['gpu-agent', 'proxy']);
    expect(byNode('tainted')).toEqual([]); // the template tolerates nothing
    const proxyOnPlain = [...cluster.podsOnNode('plain')][0]!;
    expect(proxyOnPlain.status.boundAt).toBe(10);
    expect(cluster.node('plain')!.ready).toBe(false);
  });

  it('announces the node before its daemon pods, and stops notifying after unwatch', () => {
    const { clock, cluster, events } = world();
    cluster.addDaemonSet({ name: 'proxy', namespace: 'kube-system', template: podSpec() });
    let heard = 0;
    const stop = cluster.watch(() => heard++);
    cluster.registerNode(nodeSpec('n'));
    clock.run(0);
    expect(events.slice(0, 2).map((e) => `${e.kind} ${e.name}`)).toEqual(['node-added n', 'pod-added kube-system/proxy-1']);
    expect(heard).toBeGreaterThan(0);
    stop();
    const before = heard;
    cluster.registerNode(nodeSpec('m'));
    clock.run(10);
    expect(heard).toBe(before);
  });

  it('covers nodes that existed before the DaemonSet, and nodes relabelled to match', () => {
    const { clock, cluster } = world();
    cluster.registerNode(nodeSpec('a', { labels: { pool: 'x' } }));
    cluster.registerNode(nodeSpec('b'));
    clock.run(1);
    cluster.addDaemonSet({ name: 'agent', namespace: 'kube-system', template: podSpec({ nodeSelector: { pool: 'x' } }) });
    expect([...cluster.podsOnNode('a')]).toHaveLength(1);
    expect([...cluster.podsOnNode('b')]).toHaveLength(0);
    cluster.setNodeLabels('b', { pool: 'x' });
    clock.run(2);
    expect([...cluster.podsOnNode('b')].map((p) => p.owner?.kind)).toEqual(['DaemonSet']);
  });

  it('daemon pods count against node capacity, so fewer workload pods fit', () => {
    const { clock, cluster } = world();
    cluster.addDaemonSet({ name: 'proxy', namespace: 'kube-system', template: podSpec({ cpuMillis: 500, memoryMiB: 0 }) });
    cluster.registerNode(nodeSpec('n', { cpuMillis: 2000 }));
    clock.run(1);
    cluster.scaleDeployment('default', 'web', 4, podSpec({ cpuMillis: 500, memoryMiB: 0 }));
    clock.run(10);
    // 2000m − 500m daemon = 1500m → 3 pods of 500m.
    expect(podsOf(cluster, 'web').filter((p) => p.status.nodeName === 'n')).toHaveLength(3);
  });
});

describe('Deployments (ReplicaSet controller)', () => {
  it('creates replicas with deterministic names, scales down Pending pods first then the newest', () => {
    const { clock, cluster } = world(fixedStart);
    cluster.registerNode(nodeSpec('n', { cpuMillis: 1000 }));
    clock.run(1);
    cluster.scaleDeployment('default', 'web', 2, podSpec({ cpuMillis: 400 }));
    clock.run(5);
    cluster.scaleDeployment('default', 'web', 4, podSpec({ cpuMillis: 400 }));
    clock.run(10);
    expect(podsOf(cluster, 'web').map((p) => p.uid).sort()).toEqual(['default/web-1', 'default/web-2', 'default/web-3', 'default/web-4']);
    // 1000m fits two 400m pods: web-3 and web-4 are Pending. Scaling to 1 removes both, then the newer of the two running.
    cluster.scaleDeployment('default', 'web', 1, podSpec({ cpuMillis: 400 }));
    expect(podsOf(cluster, 'web').map((p) => p.uid).sort()).toEqual(['default/web-1', 'default/web-2']);
    expect(cluster.pod('default/web-2')!.status.deletionAt).toBe(10);
    clock.run(60);
    expect(podsOf(cluster, 'web').map((p) => p.uid)).toEqual(['default/web-1']);
  });

  it('replaces an evicted pod right away and the replacement runs', () => {
    const { clock, cluster } = world(fixedStart);
    cluster.registerNode(nodeSpec('n'));
    clock.run(1);
    cluster.scaleDeployment('default', 'web', 3, podSpec());
    clock.run(5);
    expect(running(podsOf(cluster, 'web'))).toHaveLength(3);
    expect(cluster.evictPod('default/web-2')).toEqual({ ok: true });
    clock.run(5); // the ReplicaSet reacts in the same instant
    expect(podsOf(cluster, 'web').map((p) => p.uid).sort()).toEqual(['default/web-1', 'default/web-2', 'default/web-3', 'default/web-4']);
    clock.run(60);
    expect(running(podsOf(cluster, 'web')).map((p) => p.uid).sort()).toEqual(['default/web-1', 'default/web-3', 'default/web-4']);
  });

  it('does not replace bare pods', () => {
    const { clock, cluster } = world(fixedStart);
    cluster.registerNode(nodeSpec('n'));
    clock.run(1);
    const bare = cluster.createPod(podSpec(), 'lonely');
    clock.run(5);
    expect(bare.uid).toBe('default/lonely');
    cluster.evictPod(bare.uid);
    clock.run(60);
    expect([...cluster.pods()]).toEqual([]);
  });
});

describe('Jobs', () => {
  it('runs `completions` pods with at most `parallelism` at once', () => {
    // 1 s start delay, 10 s runs, parallelism 2, completions 5:
    // waves start at 0 (2 pods, done at 11), 11 (2 pods, done at 22), 22 (1 pod, done at 33).
    const { clock, cluster } = world(fixedStart);
    cluster.registerNode(nodeSpec('n'));
    cluster.createJob('batch', 'crunch', podSpec({ durationSeconds: 10 }), 5, 2);
    let maxActive = 0;
    cluster.watch(() => {
      maxActive = Math.max(maxActive, cluster.jobStatus('batch', 'crunch')!.active);
    });
    clock.run(10.9);
    expect(cluster.jobStatus('batch', 'crunch')).toEqual({ succeeded: 0, active: 2, complete: false });
    clock.run(11);
    expect(cluster.jobStatus('batch', 'crunch')).toEqual({ succeeded: 2, active: 2, complete: false });
    clock.run(32.9);
    expect(cluster.jobStatus('batch', 'crunch')).toEqual({ succeeded: 4, active: 1, complete: false });
    clock.run(33);
    expect(cluster.jobStatus('batch', 'crunch')).toEqual({ succeeded: 5, active: 0, complete: true });
    clock.run(100);
    expect([...cluster.pods()]).toEqual([]);
    expect(maxActive).toBe(2);
  });

  it('replaces an evicted job pod; evicted pods do not count as completions', () => {
    const { clock, cluster } = world(fixedStart);
    cluster.registerNode(nodeSpec('n'));
    cluster.createJob('batch', 'one', podSpec({ durationSeconds: 10, terminationGracePeriodSeconds: 0 }), 1, 1);
    clock.run(5);
    expect(cluster.evictPod('batch/one-1')).toEqual({ ok: true });
    clock.run(5);
    expect(cluster.pod('batch/one-2')).toBeDefined();
    // one-2 binds at 5, starts at 6, succeeds at 16.
    clock.run(15.9);
    expect(cluster.jobStatus('batch', 'one')!.complete).toBe(false);
    clock.run(16);
    expect(cluster.jobStatus('batch', 'one')).toEqual({ succeeded: 1, active: 0, complete: true });
  });
});

describe('pod lifecycle', () => {
  it('announces added → bound → Running → Succeeded → deleted, with the kubelet start delay', () => {
    const { clock, cluster, events } = world({ podStartSeconds: { median: 3, p95: 3 } });
    cluster.registerNode(nodeSpec('n'));
    const pod = cluster.createPod(podSpec({ durationSeconds: 20 }));
    clock.run(100);
    expect(events.filter((e) => e.name === pod.uid).map((e) => `${e.at} ${e.kind} ${e.phase} ${e.nodeName ?? '-'}`)).toEqual([
      '0 pod-added Pending -',
      '0 pod-updated Pending n',
      '3 pod-updated Running n',
      '23 pod-updated Succeeded n',
      '23 pod-deleted Succeeded n',
    ]);
    expect([...cluster.podsOnNode('n')]).toEqual([]);
  });

  it('samples start delays from a lognormal with median 2 s and p95 5 s by default', () => {
    const { clock, cluster } = world({}, 3);
    cluster.registerNode(nodeSpec('n', { cpuMillis: 1_000_000, memoryMiB: 10_000_000, pods: 5000 }));
    cluster.scaleDeployment('default', 'many', 2000, podSpec({ cpuMillis: 10, memoryMiB: 10 }));
    clock.run(1000);
    const delays = podsOf(cluster, 'many')
      .map((p) => p.status.startedAt! - p.status.boundAt!)
      .sort((a, b) => a - b);
    expect(delays).toHaveLength(2000);
    expect(delays[1000]!).toBeGreaterThan(1.8);
    expect(delays[1000]!).toBeLessThan(2.2);
    expect(delays[1900]!).toBeGreaterThan(4.3);
    expect(delays[1900]!).toBeLessThan(5.8);
  });

  it('keeps finished pods when retainFinishedPods is set', () => {
    const { clock, cluster } = world({ retainFinishedPods: true });
    cluster.registerNode(nodeSpec('n'));
    const pod = cluster.createPod(podSpec({ durationSeconds: 5 }));
    clock.run(60);
    expect(cluster.pod(pod.uid)!.status.phase).toBe('Succeeded');
    expect([...cluster.podsOnNode('n')]).toEqual([]);
  });

  it('resolves a pod priority from its PriorityClass', () => {
    const { cluster } = world();
    cluster.addPriorityClass({ name: 'critical', value: 1_000_000 });
    expect(cluster.createPod(podSpec({ priorityClassName: 'critical' })).priority).toBe(1_000_000);
  });
});
