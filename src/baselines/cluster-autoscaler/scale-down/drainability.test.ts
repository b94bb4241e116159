import { describe, expect, it } from 'vitest';
import type { Pod, PodSpec } from '../../../model/index.js';
import { podSpec } from '../testing/fixtures.js';
import { StaticCluster } from '../testing/static-cluster.js';
import { podDrainability } from './drainability.js';
import type { DrainContext } from './drainability.js';
import { PdbIndex } from './pdb-index.js';
import { PdbTracker } from './pdb-tracker.js';

let seq = 0;
function running(spec: PodSpec, extra: Partial<Pod['status']> = {}, createdAt = 0): Pod {
  const uid = `p${++seq}`;
  return { ...spec, uid, name: uid, createdAt, status: { phase: 'Running', nodeName: 'n1', unschedulable: false, ...extra } };
}

function ctx(pods: Pod[], extra: Partial<DrainContext> = {}, pdbs: ConstructorParameters<typeof StaticCluster>[2] = []): DrainContext {
  const cluster = new StaticCluster([], pods, pdbs);
  return {
    now: 1000,
    pdbs: new PdbTracker(cluster, new PdbIndex(cluster)),
    skipNodesWithSystemPods: true,
    skipNodesWithLocalStorage: true,
    skipNodesWithCustomControllerPods: true,
    blockingSystemPodSeconds: 3600,
    ...extra,
  };
}

describe('drainability rules', () => {
  it('skips mirror pods, drains DaemonSet pods without rescheduling, reschedules replicated pods', () => {
    const mirror = running(podSpec(100, 100, { owner: { kind: 'Node', name: 'n1' } }));
    const ds = running(podSpec(100, 100, { owner: { kind: 'DaemonSet', name: 'fluentd' } }));
    const web = running(podSpec(100, 100));
    const c = ctx([mirror, ds, web]);
    expect(podDrainability(mirror, c)).toEqual({ kind: 'skip' });
    expect(podDrainability(ds, c)).toEqual({ kind: 'drain', reschedule: false });
    expect(podDrainability(web, c)).toEqual({ kind: 'drain', reschedule: true });
  });

  it('blocks on a bare pod, unless annotated safe-to-evict "true"', () => {
    const bare = running(podSpec(100, 100, { owner: null }));
    const safe = running(podSpec(100, 100, { owner: null, annotations: { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'true' } }));
    const c = ctx([bare, safe]);
    expect(podDrainability(bare, c).kind).toBe('block');
    expect(podDrainability(safe, c)).toEqual({ kind: 'drain', reschedule: true });
  });

  it('blocks on safe-to-evict "false", local storage, and custom controllers', () => {
    const pinned = running(podSpec(100, 100, { annotations: { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'false' } }));
    const local = running(podSpec(100, 100, { localStorage: true }));
    const custom = running(podSpec(100, 100, { owner: { kind: 'Rollout', name: 'r' } }));
    const c = ctx([pinned, local, custom]);
    expect(podDrainability(pinned, c)).toMatchObject({ kind: 'block', reason: expect.stringContaining('NotSafeToEvictAnnotation') });
    expect(podDrainability(local, c)).toMatchObject({ kind: 'block', reason: expect.stringContaining('LocalStorageRequested') });
    expect(podDrainability(custom, c)).toMatchObject({ kind: 'block', reason: expect.stringContaining('NotReplicated') });
    expect(podDrainability(custom, ctx([custom], { skipNodesWithCustomControllerPods: false }))).toEqual({ kind: 'drain', reschedule: true });
  });

  it('kube-system pods without a PDB block until 1 h old (1.33+), with a PDB they drain', () => {
    const young = running(podSpec(100, 100, { namespace: 'kube-system', app: 'dns' }), {}, 0);
    expect(podDrainability(young, ctx([young], { now: 3600 })).kind).toBe('block');
    expect(podDrainability(young, ctx([young], { now: 3601 }))).toEqual({ kind: 'drain', reschedule: true });
    expect(podDrainability(young, ctx([young], { now: 99999, blockingSystemPodSeconds: undefined })).kind).toBe('block');
    const pdb = { name: 'dns', namespace: 'kube-system', selector: { matchLabels: { app: 'dns' } }, maxUnavailable: 1 };
    expect(podDrainability(young, ctx([young], { now: 10 }, [pdb]))).toEqual({ kind: 'drain', reschedule: true });
  });

  it('PDB budgets are used up as pods are selected: maxUnavailable 1 over 3 healthy pods allows one', () => {
    const pods = [0, 1, 2].map(() => running(podSpec(100, 100, { app: 'api' })));
    const pdb = { name: 'api', namespace: 'default', selector: { matchLabels: { app: 'api' } }, maxUnavailable: 1 };
    const c = ctx(pods, {}, [pdb]);
    expect(c.pdbs.cannotRemove([pods[0]!, pods[1]!])).toBe('api');
    expect(c.pdbs.cannotRemove([pods[0]!])).toBeUndefined();
    c.pdbs.remove([pods[0]!]);
    expect(podDrainability(pods[1]!, c)).toMatchObject({ kind: 'block', reason: expect.stringContaining('NotEnoughPdb') });
  });

  it('removing the list just checked uses up one disruption per pod, like any other list', () => {
    const pods = [0, 1, 2, 3, 4].map(() => running(podSpec(100, 100, { app: 'api' })));
    const pdb = { name: 'api', namespace: 'default', selector: { matchLabels: { app: 'api' } }, maxUnavailable: 3 };
    const c = ctx(pods, {}, [pdb]);
    const two = [pods[0]!, pods[1]!];
    expect(c.pdbs.cannotRemove(two)).toBeUndefined();
    c.pdbs.remove(two); // 3 − 2 = 1 left
    expect(c.pdbs.cannotRemove([pods[2]!, pods[3]!])).toBe('api');
    c.pdbs.remove([pods[2]!]); // not the list just checked: 1 − 1 = 0 left
    expect(podDrainability(pods[4]!, c)).toMatchObject({ kind: 'block', reason: expect.stringContaining('NotEnoughPdb') });
  });
});
