import { afterEach, describe, expect, it } from 'vitest';
import { CoreV1Api } from '../../src/cluster/kube/client.js';
import type { ClusterEvent } from '../../src/cluster/cluster.js';
import { nodeSpec, podSpec } from '../cluster/fixtures.js';
import { EPOCH, eventually, kubeClusterFor, liveWorld, type LiveWorld } from './harness.js';

let world: LiveWorld | undefined;
const cleanups: (() => void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) c();
  await world?.close();
  world = undefined;
});

describe('KubeCluster informers over the served SimCluster', () => {
  it('lists the existing pods and nodes, then follows changes through the watch', async () => {
    world = await liveWorld();
    const w = world;
    w.sim.registerNode(nodeSpec('node-a', { cpuMillis: 2000, memoryMiB: 4096, labels: { 'topology.kubernetes.io/zone': 'us-east-1a' } }));
    w.sim.createPod(podSpec({ cpuMillis: 250, memoryMiB: 512, labels: { app: 'web' } }), 'web-0');
    w.advance(5);
    const { kube } = await kubeClusterFor(w);
    cleanups.push(() => kube.stop());

    // Listed: the node with its capacity as quantities round-tripped, the pod bound by the sim scheduler.
    const node = kube.node('node-a')!;
    expect(node.allocatable).toMatchObject({ cpuMillis: 2000, memoryMiB: 4096, pods: 110 });
    expect(node.labels['topology.kubernetes.io/zone']).toBe('us-east-1a');
    expect(node.ready).toBe(true);
    expect(node.providerID).toBe('aws:///us-east-1a/i-node-a');
    const pod = kube.pod('default/web-0')!;
    expect(pod.requests).toMatchObject({ cpuMillis: 250, memoryMiB: 512 });
    expect(pod.status.nodeName).toBe('node-a');
    expect(pod.createdAt).toBe(EPOCH); // created at simulated time 0

    // Watched: a node joins, a pod that cannot fit anywhere becomes Unschedulable, the node is deleted.
    const events: ClusterEvent[] = [];
    kube.watch((e) => events.push(e));
    w.sim.registerNode(nodeSpec('node-b'));
    w.sim.createPod(podSpec({ cpuMillis: 64_000 }), 'huge');
    await eventually(() => kube.node('node-b') && kube.pod('default/huge')?.status.unschedulable, 5000, 'node-b and an unschedulable pod');
    expect([...kube.pendingPods()].map((p) => p.uid)).toEqual(['default/huge']);
    expect(events.some((e) => e.kind === 'node-added' && e.node.name === 'node-b')).toBe(true);
    w.sim.deleteNode('node-a');
    await eventually(() => kube.node('node-a') === undefined && kube.pod('default/web-0') === undefined, 5000, 'node-a and its pod gone');
    expect(events.filter((e) => e.kind === 'pod-deleted').map((e) => ('pod' in e ? e.pod.uid : ''))).toEqual(['default/web-0']);
  });

  it('a pod created through client-node appears in the Cluster and is scheduled there', async () => {
    world = await liveWorld();
    const w = world;
    w.sim.registerNode(nodeSpec('node-a'));
    const core = w.kubeConfig.makeApiClient(CoreV1Api);
    const created = await core.createNamespacedPod({
      namespace: 'team-a',
      body: {
        metadata: { name: 'batch-1', labels: { app: 'batch' } },
        spec: {
          containers: [
            { name: 'a', image: 'busybox', resources: { requests: { cpu: '1500m', memory: '1Gi' } } },
            { name: 'b', image: 'busybox', resources: { requests: { cpu: '0.5', memory: '512Mi' } } },
          ],
          tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'batch', effect: 'NoSchedule' }],
          priority: 100,
        },
      },
    });
    expect(created.metadata?.resourceVersion).toMatch(/^\d+$/);
    const simPod = w.sim.pod('team-a/batch-1')!;
    // Requests are the sum of the containers: 1500m + 500m CPU, 1024 + 512 MiB.
    expect(simPod.requests).toMatchObject({ cpuMillis: 2000, memoryMiB: 1536 });
    expect(simPod.tolerations).toEqual([{ key: 'dedicated', operator: 'Equal', value: 'batch', effect: 'NoSchedule' }]);
    expect(simPod.labels).toEqual({ app: 'batch' });
    expect(simPod.priority).toBe(100);
    await eventually(() => w.sim.pod('team-a/batch-1')?.status.phase === 'Running', 5000, 'pod running in the sim');
    const read = await core.readNamespacedPod({ namespace: 'team-a', name: 'batch-1' });
    expect(read.spec?.nodeName).toBe('node-a');
    expect(read.status?.phase).toBe('Running');
    expect(read.status?.conditions?.find((c) => c.type === 'PodScheduled')?.status).toBe('True');

    const dup = core.createNamespacedPod({ namespace: 'team-a', body: { metadata: { name: 'batch-1' }, spec: { containers: [{ name: 'a' }] } } });
    await expect(dup).rejects.toMatchObject({ code: 409 });
  });
});
