import { afterEach, describe, expect, it } from 'vitest';
import { CoreV1Api, Watch } from '../../src/cluster/kube/client.js';
import type { ClusterEvent } from '../../src/cluster/cluster.js';
import { nodeSpec, podSpec } from '../cluster/fixtures.js';
import { eventually, kubeClusterFor, liveWorld, type LiveWorld } from './harness.js';

let world: LiveWorld | undefined;
const cleanups: (() => void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) c();
  await world?.close();
  world = undefined;
});

interface Seen {
  type: string;
  name?: string;
  rv?: string;
  code?: number;
}

/** Run one raw watch (client-node Watch) and collect its events until it ends. */
async function watchOnce(w: LiveWorld, path: string, query: Record<string, string | number | boolean | undefined>, until: (seen: Seen[]) => boolean): Promise<Seen[]> {
  const seen: Seen[] = [];
  let abort: AbortController | undefined;
  const done = new Promise<void>((resolve) => {
    void new Watch(w.kubeConfig)
      .watch(
        path,
        query,
        (type, obj: { metadata?: { name?: string; resourceVersion?: string }; code?: number }) => {
          seen.push({ type, name: obj.metadata?.name, rv: obj.metadata?.resourceVersion, code: obj.code });
          if (until(seen)) abort?.abort();
        },
        () => resolve(),
      )
      .then((c) => (abort = c));
  });
  await done;
  return seen;
}

describe('watch semantics of the served API', () => {
  it('resumes from a resourceVersion, sends bookmarks, and answers an expired version with 410 Expired', async () => {
    world = await liveWorld({ pumpSeconds: 0, server: { historyLimit: 5, bookmarkIntervalSeconds: 0.05 } });
    const w = world;
    w.sim.createPod(podSpec(), 'a');
    const list = await w.kubeConfig.makeApiClient(CoreV1Api).listNamespacedPod({ namespace: 'default' });
    const rv = list.metadata!.resourceVersion!;
    expect(list.items.map((p) => p.metadata?.name)).toEqual(['a']);

    // From the list's version: only what happened after it, then a bookmark at the latest version.
    w.sim.createPod(podSpec(), 'b');
    const resumed = await watchOnce(w, '/api/v1/namespaces/default/pods', { resourceVersion: rv, allowWatchBookmarks: true }, (s) => s.some((e) => e.type === 'BOOKMARK'));
    expect(resumed.filter((e) => e.type !== 'BOOKMARK')).toEqual([{ type: 'ADDED', name: 'b', rv: String(Number(rv) + 1), code: undefined }]);
    expect(resumed.find((e) => e.type === 'BOOKMARK')!.rv).toBe(String(w.server.store.resourceVersion));

    // Six more changes push version rv+1 out of a 5-change history window.
    for (const name of ['c', 'd', 'e', 'f', 'g', 'h']) w.sim.createPod(podSpec(), name);
    const expired = await watchOnce(w, '/api/v1/namespaces/default/pods', { resourceVersion: rv }, () => false);
    expect(expired).toEqual([{ type: 'ERROR', name: undefined, rv: undefined, code: 410 }]);
  });
});

describe('KubeCluster informers under watch faults', () => {
  it('a watch dropped mid-stream reconnects and resumes without a re-list', async () => {
    world = await liveWorld({ pumpSeconds: 0 });
    const w = world;
    w.sim.registerNode(nodeSpec('node-a'));
    const { kube } = await kubeClusterFor(w);
    cleanups.push(() => kube.stop());
    const pods = kube.informers.get('pods')!;
    await eventually(() => w.server.faults.openWatches('pods') === 1, 5000, 'the pod watch to open');

    expect(w.server.faults.dropWatches('pods')).toBe(1);
    w.sim.createPod(podSpec(), 'while-down'); // no watch is open at this instant
    await eventually(() => kube.pod('default/while-down'), 5000, 'the pod created while the watch was down');
    expect(pods.lists).toBe(1);
    await eventually(() => w.server.faults.openWatches('pods') === 1, 5000, 'the pod watch to reopen');
    w.sim.createPod(podSpec(), 'after');
    await eventually(() => kube.pod('default/after'), 5000, 'a pod created after the reconnect');
  });

  it('410 Gone on reconnect makes a re-list: nothing lost, nothing duplicated', async () => {
    world = await liveWorld({ pumpSeconds: 0, server: { historyLimit: 10 } });
    const w = world;
    w.sim.registerNode(nodeSpec('node-a'));
    for (const name of ['keep', 'gone', 'changed']) w.sim.createPod(podSpec({ cpuMillis: 64_000 }), name);
    w.advance(1);
    const { kube } = await kubeClusterFor(w);
    cleanups.push(() => kube.stop());
    const pods = kube.informers.get('pods')!;
    const events: ClusterEvent[] = [];
    kube.watch((e) => events.push(e));
    await eventually(() => w.server.faults.openWatches('pods') === 1, 5000, 'the pod watch to open');

    // Drop the watch, then change the pods and churn the nodes past the 10-change history window,
    // all before the client can reconnect: its resourceVersion is then too old.
    w.server.faults.dropWatches('pods');
    w.sim.deletePod('default/gone');
    w.sim.createPod(podSpec(), 'new');
    w.sim.nominatePod('default/changed', 'node-planned');
    for (let i = 0; i < 12; i++) w.sim.setNodeLabels('node-a', { churn: String(i) });

    await eventually(() => pods.lists === 2 && kube.pod('default/new') && !kube.pod('default/gone'), 5000, 'a re-list');
    expect([...kube.pods()].map((p) => p.uid).sort()).toEqual([...w.sim.pods()].map((p) => p.uid).sort());
    expect(kube.pod('default/changed')!.status.nominatedNodeName).toBe('node-planned');
    const kinds = events.filter((e) => 'pod' in e).map((e) => `${e.kind} ${'pod' in e ? e.pod.name : ''}`);
    expect(kinds.sort()).toEqual(['pod-added new', 'pod-deleted gone', 'pod-updated changed']);
  });

  it('periodic resync lists again without announcing unchanged objects', async () => {
    world = await liveWorld({ pumpSeconds: 0 });
    const w = world;
    w.sim.registerNode(nodeSpec('node-a'));
    w.sim.createPod(podSpec(), 'p');
    const { kube } = await kubeClusterFor(w, { resyncSeconds: 0.2 });
    cleanups.push(() => kube.stop());
    const events: ClusterEvent[] = [];
    kube.watch((e) => events.push(e));
    await eventually(() => kube.informers.get('pods')!.lists >= 3, 5000, 'two resyncs');
    expect(events).toEqual([]);
    w.sim.createPod(podSpec(), 'q');
    await eventually(() => kube.pod('default/q'), 5000, 'a pod after the resyncs');
    expect(events.map((e) => e.kind)).toEqual(['pod-added']);
  });

  it('a failing list (server error) is retried with backoff', async () => {
    world = await liveWorld({ pumpSeconds: 0 });
    const w = world;
    w.sim.registerNode(nodeSpec('node-a'));
    w.server.faults.failRequests(2, 503, { method: 'GET', path: /^\/api\/v1\/nodes$/ });
    const { kube, errors } = await kubeClusterFor(w);
    cleanups.push(() => kube.stop());
    expect(kube.node('node-a')).toBeDefined();
    expect(errors.filter((e) => e.op === 'watch' && e.key === '/api/v1/nodes').length).toBe(2);
    expect(kube.informers.get('nodes')!.restarts).toBe(2);
  });
});
