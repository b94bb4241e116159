import { describe, expect, it } from 'vitest';
import type { Labels, LabelSelector, PodAffinityTerm, PodSpec, TopologySpreadConstraint } from '../model/index.js';
import { checkFit } from './fit.js';
import { selectorMatches } from './requirements.js';
import { nodeView, podSpec } from './test-fixtures.js';
import { TopologyIndex } from './topology.js';

const ZONE = 'topology.kubernetes.io/zone';
const HOST = 'kubernetes.io/hostname';
const web: LabelSelector = { matchLabels: { app: 'web' } };

function nodeLabels(name: string, zone: string): Labels {
  return { [HOST]: name, [ZONE]: zone };
}

/** An index with one node per zone (n-a in zone a, ...) and `counts[zone]` web pods on it. */
function zonedIndex(counts: Record<string, number>, extra: Partial<PodSpec> = {}): TopologyIndex {
  const idx = new TopologyIndex();
  let uid = 0;
  for (const [zone, n] of Object.entries(counts)) {
    idx.upsertNode(`n-${zone}`, nodeLabels(`n-${zone}`, zone));
    for (let i = 0; i < n; i++) idx.addPod(`p${uid++}`, podSpec({ labels: { app: 'web' }, ...extra }), `n-${zone}`);
  }
  return idx;
}

const spread = (c: Partial<TopologySpreadConstraint> = {}): TopologySpreadConstraint => ({
  maxSkew: 1,
  topologyKey: ZONE,
  whenUnsatisfiable: 'DoNotSchedule',
  labelSelector: web,
  ...c,
});

const webPod = (constraints: TopologySpreadConstraint[], extra: Partial<PodSpec> = {}) =>
  podSpec({ labels: { app: 'web' }, topologySpreadConstraints: constraints, ...extra });

describe('TopologyIndex counts', () => {
  it('counts matching pods per domain, zero domains included', () => {
    const idx = zonedIndex({ a: 2, b: 1, c: 0 });
    idx.addPod('other', podSpec({ labels: { app: 'db' } }), 'n-a');
    idx.addPod('other-ns', podSpec({ namespace: 'prod', labels: { app: 'web' } }), 'n-a');
    expect(idx.domainCounts(ZONE, web, ['default'])).toEqual(new Map([['a', 2], ['b', 1], ['c', 0]]));
    expect(idx.countInDomain(ZONE, 'a', web, ['default'])).toBe(2);
    expect(idx.countInDomain(ZONE, 'a', web, ['default', 'prod'])).toBe(3);
    expect(idx.countInDomain(ZONE, 'a', {}, ['default'])).toBe(3);
    expect(idx.countInDomain(ZONE, 'a', undefined, ['default'])).toBe(0);
    expect(idx.countInDomain(HOST, 'n-b', web, ['default'])).toBe(1);
  });
  it('follows pod removal, node relabeling and node removal', () => {
    const idx = zonedIndex({ a: 2, b: 1 });
    expect(idx.countInDomain(ZONE, 'a', web, ['default'])).toBe(2);
    idx.removePod('p0');
    expect(idx.countInDomain(ZONE, 'a', web, ['default'])).toBe(1);
    idx.upsertNode('n-a', nodeLabels('n-a', 'b'));
    expect(idx.domainCounts(ZONE, web, ['default'])).toEqual(new Map([['b', 2]]));
    idx.removeNode('n-b');
    expect(idx.domainCounts(ZONE, web, ['default'])).toEqual(new Map([['b', 1]]));
    idx.upsertNode('n-b', nodeLabels('n-b', 'c'));
    expect(idx.domainCounts(ZONE, web, ['default'])).toEqual(new Map([['b', 1], ['c', 1]]));
  });
  it('re-adding a uid moves the pod', () => {
    const idx = zonedIndex({ a: 1, b: 0 });
    idx.addPod('p0', podSpec({ labels: { app: 'web' } }), 'n-b');
    expect(idx.domainCounts(ZONE, web, ['default'])).toEqual(new Map([['a', 0], ['b', 1]]));
  });
  it('agrees with a brute-force count under random churn', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const idx = new TopologyIndex();
    const nodes = new Map<string, Labels>();
    const pods = new Map<string, { pod: PodSpec; node: string }>();
    const selectors: LabelSelector[] = [web, { matchLabels: { tier: 'x' } }, { matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'db'] }] }];
    for (let step = 0; step < 3000; step++) {
      const op = rand(10);
      if (op < 2) {
        const name = `n${rand(12)}`;
        const labels = nodeLabels(name, `z${rand(3)}`);
        idx.upsertNode(name, labels);
        nodes.set(name, labels);
      } else if (op < 3) {
        const name = `n${rand(12)}`;
        idx.removeNode(name);
        nodes.delete(name);
      } else if (op < 7) {
        const uid = `p${rand(200)}`;
        const pod = podSpec({ namespace: rand(4) === 0 ? 'prod' : 'default', labels: { app: ['web', 'db', 'x'][rand(3)], tier: rand(2) ? 'x' : 'y' } });
        const node = `n${rand(14)}`;
        idx.addPod(uid, pod, node);
        pods.set(uid, { pod, node });
      } else if (op < 9) {
        const uid = `p${rand(200)}`;
        idx.removePod(uid);
        pods.delete(uid);
      } else {
        const sel = selectors[rand(3)];
        const key = rand(2) ? ZONE : HOST;
        const expected = new Map<string, number>();
        for (const labels of nodes.values()) expected.set(labels[key], 0);
        for (const { pod, node } of pods.values()) {
          const labels = nodes.get(node);
          if (labels && pod.namespace === 'default' && selectorMatches(sel, pod.labels)) expected.set(labels[key], (expected.get(labels[key]) ?? 0) + 1);
        }
        expect(idx.domainCounts(key, sel, ['default'])).toEqual(expected);
      }
    }
  });
});

describe('PodTopologySpread filter', () => {
  it('allows only domains where count + 1 − global min ≤ maxSkew', () => {
    const idx = zonedIndex({ a: 2, b: 1, c: 0 });
    const pod = webPod([spread()]);
    expect(idx.spreadViolation(pod, nodeLabels('x', 'a'))).toBeDefined(); // 2+1−0 = 3
    expect(idx.spreadViolation(pod, nodeLabels('x', 'b'))).toBeDefined(); // 1+1−0 = 2
    expect(idx.spreadViolation(pod, nodeLabels('x', 'c'))).toBeUndefined(); // 0+1−0 = 1
    const loose = webPod([spread({ maxSkew: 2 })]);
    expect(idx.spreadViolation(loose, nodeLabels('x', 'b'))).toBeUndefined();
  });
  it('minDomains: with fewer eligible domains than minDomains the global minimum is 0', () => {
    const idx = zonedIndex({ a: 1, b: 1 });
    expect(idx.spreadViolation(webPod([spread()]), nodeLabels('x', 'a'))).toBeUndefined(); // 1+1−1 = 1
    expect(idx.spreadViolation(webPod([spread({ minDomains: 3 })]), nodeLabels('x', 'a'))).toBeDefined(); // 1+1−0 = 2
    expect(idx.spreadViolation(webPod([spread({ minDomains: 2 })]), nodeLabels('x', 'a'))).toBeUndefined();
    // a new (hypothetical) zone is a fine place either way
    expect(idx.spreadViolation(webPod([spread({ minDomains: 3 })]), nodeLabels('x', 'c'))).toBeUndefined();
  });
  it('a node without the topology key fails the constraint', () => {
    const idx = zonedIndex({ a: 0 });
    expect(idx.spreadViolation(webPod([spread()]), { [HOST]: 'x' })).toBeDefined();
  });
  it('a pod that does not match its own selector does not count itself', () => {
    const idx = zonedIndex({ a: 1, b: 0 });
    const other = podSpec({ labels: { app: 'other' }, topologySpreadConstraints: [spread()] });
    expect(idx.spreadViolation(other, nodeLabels('x', 'a'))).toBeUndefined(); // 1+0−0 = 1
    expect(idx.spreadViolation(webPod([spread()]), nodeLabels('x', 'a'))).toBeDefined(); // 1+1−0 = 2
  });
  it('ScheduleAnyway constraints never filter', () => {
    const idx = zonedIndex({ a: 5, b: 0 });
    expect(idx.spreadViolation(webPod([spread({ whenUnsatisfiable: 'ScheduleAnyway' })]), nodeLabels('x', 'a'))).toBeUndefined();
  });
  it('only pods in the incoming pod’s namespace count', () => {
    const idx = zonedIndex({ a: 3, b: 0 }, { namespace: 'other' });
    expect(idx.spreadViolation(webPod([spread()]), nodeLabels('x', 'a'))).toBeUndefined();
  });
  it('nodeAffinityPolicy Honor (default) ignores domains the pod cannot use; Ignore counts them', () => {
    const idx = zonedIndex({ a: 1, b: 1, c: 0 });
    const affinity = { nodeAffinity: { required: [{ matchExpressions: [{ key: ZONE, operator: 'In' as const, values: ['a', 'b'] }] }] } };
    expect(idx.spreadViolation(webPod([spread()], { affinity }), nodeLabels('x', 'a'))).toBeUndefined(); // min over {a,b} = 1
    expect(idx.spreadViolation(webPod([spread({ nodeAffinityPolicy: 'Ignore' })], { affinity }), nodeLabels('x', 'a'))).toBeDefined(); // min 0 (c)
  });
  it('nodeTaintsPolicy Ignore (default) counts tainted domains; Honor drops untolerated ones', () => {
    const idx = zonedIndex({ a: 1, b: 1 });
    idx.upsertNode('n-c', nodeLabels('n-c', 'c'), [{ key: 'gpu', effect: 'NoSchedule' }]);
    expect(idx.spreadViolation(webPod([spread()]), nodeLabels('x', 'a'))).toBeDefined(); // min 0 (c)
    expect(idx.spreadViolation(webPod([spread({ nodeTaintsPolicy: 'Honor' })]), nodeLabels('x', 'a'))).toBeUndefined();
    const tolerant = webPod([spread({ nodeTaintsPolicy: 'Honor' })], { tolerations: [{ key: 'gpu', operator: 'Exists' }] });
    expect(idx.spreadViolation(tolerant, nodeLabels('x', 'a'))).toBeDefined();
  });
  it('hostname spreading across existing nodes', () => {
    const idx = new TopologyIndex();
    for (const n of ['h1', 'h2']) idx.upsertNode(n, nodeLabels(n, 'a'));
    idx.addPod('w1', webPod([]), 'h1');
    const pod = webPod([spread({ topologyKey: HOST })]);
    expect(idx.spreadViolation(pod, nodeLabels('h1', 'a'))).toBeDefined();
    expect(idx.spreadViolation(pod, nodeLabels('h2', 'a'))).toBeUndefined();
    idx.addPod('w2', webPod([]), 'h2');
    expect(idx.spreadViolation(pod, nodeLabels('h1', 'a'))).toBeUndefined(); // min is now 1
  });
  it('only nodes carrying every constraint key are domains', () => {
    const idx = zonedIndex({ a: 1, b: 1 });
    idx.upsertNode('bare', { [ZONE]: 'c' }); // no hostname label: ignored for both constraints
    const pod = webPod([spread(), spread({ topologyKey: HOST, maxSkew: 5 })]);
    expect(idx.spreadViolation(pod, nodeLabels('x', 'a'))).toBeUndefined(); // zone min over {a,b} = 1
  });
  it('checkFit reports the violated constraint', () => {
    const idx = zonedIndex({ a: 2, b: 0 });
    const c = spread();
    expect(checkFit(webPod([c]), nodeView({ labels: nodeLabels('n-a', 'a') }), idx)).toEqual({ kind: 'topology-spread', constraint: c });
    expect(checkFit(webPod([c]), nodeView({ labels: nodeLabels('n-b', 'b') }), idx)).toBeUndefined();
  });
});

const term = (selector: LabelSelector | undefined, topologyKey: string, namespaces?: string[]): PodAffinityTerm => ({
  labelSelector: selector,
  topologyKey,
  ...(namespaces ? { namespaces } : {}),
});

describe('InterPodAffinity filter', () => {
  it('self-matching anti-affinity: a second replica cannot share the domain', () => {
    const idx = new TopologyIndex();
    idx.upsertNode('h1', nodeLabels('h1', 'a'));
    idx.upsertNode('h2', nodeLabels('h2', 'a'));
    const replica = podSpec({ labels: { app: 'web' }, affinity: { podAntiAffinity: { required: [term(web, HOST)] } } });
    expect(idx.affinityViolation(replica, nodeLabels('h1', 'a'))).toBeUndefined();
    idx.addPod('r1', replica, 'h1');
    expect(idx.affinityViolation(replica, nodeLabels('h1', 'a'))).toBe('pod-anti-affinity');
    expect(idx.affinityViolation(replica, nodeLabels('h2', 'a'))).toBeUndefined();
    expect(idx.affinityViolation(replica, nodeLabels('new-node', 'a'))).toBeUndefined();
    idx.removePod('r1');
    expect(idx.affinityViolation(replica, nodeLabels('h1', 'a'))).toBeUndefined();
  });
  it("existing pods' anti-affinity repels the incoming pod (symmetry)", () => {
    const idx = zonedIndex({ a: 0, b: 0 });
    const loner = podSpec({ labels: { app: 'loner' }, affinity: { podAntiAffinity: { required: [term(web, ZONE)] } } });
    idx.addPod('l', loner, 'n-a');
    const plain = podSpec({ labels: { app: 'web' } });
    expect(idx.affinityViolation(plain, nodeLabels('x', 'a'))).toBe('pod-anti-affinity');
    expect(idx.affinityViolation(plain, nodeLabels('x', 'b'))).toBeUndefined();
    expect(idx.affinityViolation(podSpec({ labels: { app: 'db' } }), nodeLabels('x', 'a'))).toBeUndefined();
    // the term's namespace defaults to the owner's: a web pod elsewhere is not repelled
    expect(idx.affinityViolation(podSpec({ namespace: 'prod', labels: { app: 'web' } }), nodeLabels('x', 'a'))).toBeUndefined();
    expect(idx.prepare(plain).existingAntiAffinityDomains()).toEqual([{ key: ZONE, values: ['a'] }]);
  });
  it('required pod affinity needs a matching pod in the domain', () => {
    const idx = zonedIndex({ a: 0, b: 0 });
    idx.addPod('db', podSpec({ labels: { app: 'db' } }), 'n-a');
    const pod = podSpec({ labels: { app: 'web' }, affinity: { podAffinity: { required: [term({ matchLabels: { app: 'db' } }, ZONE)] } } });
    expect(idx.affinityViolation(pod, nodeLabels('x', 'a'))).toBeUndefined();
    expect(idx.affinityViolation(pod, nodeLabels('x', 'b'))).toBe('pod-affinity');
    expect(idx.affinityViolation(pod, { [HOST]: 'x' })).toBe('pod-affinity'); // no zone label
  });
  it('affinity bootstrap: the first pod matching its own term may go to any domain', () => {
    const idx = zonedIndex({ a: 0, b: 0 });
    const self = podSpec({ labels: { app: 'cache' }, affinity: { podAffinity: { required: [term({ matchLabels: { app: 'cache' } }, ZONE)] } } });
    expect(idx.affinityViolation(self, nodeLabels('x', 'b'))).toBeUndefined();
    expect(idx.affinityViolation(self, { [HOST]: 'x' })).toBe('pod-affinity'); // still needs the key
    const notSelf = podSpec({ labels: { app: 'web' }, affinity: { podAffinity: { required: [term({ matchLabels: { app: 'cache' } }, ZONE)] } } });
    expect(idx.affinityViolation(notSelf, nodeLabels('x', 'b'))).toBe('pod-affinity');
    idx.addPod('c1', self, 'n-a');
    expect(idx.affinityViolation(self, nodeLabels('x', 'a'))).toBeUndefined();
    expect(idx.affinityViolation(self, nodeLabels('x', 'b'))).toBe('pod-affinity'); // no more bootstrap
  });
  it('affinity term namespaces select pods in those namespaces', () => {
    const idx = zonedIndex({ a: 0, b: 0 });
    idx.addPod('db', podSpec({ namespace: 'data', labels: { app: 'db' } }), 'n-b');
    const local = podSpec({ labels: { app: 'web' }, affinity: { podAffinity: { required: [term({ matchLabels: { app: 'db' } }, ZONE)] } } });
    const cross = podSpec({ labels: { app: 'web' }, affinity: { podAffinity: { required: [term({ matchLabels: { app: 'db' } }, ZONE, ['data'])] } } });
    expect(idx.affinityViolation(local, nodeLabels('x', 'b'))).toBe('pod-affinity');
    expect(idx.affinityViolation(cross, nodeLabels('x', 'b'))).toBeUndefined();
  });
  it('anti-affinity against other pods by zone', () => {
    const idx = zonedIndex({ a: 1, b: 0 });
    const pod = podSpec({ labels: { app: 'batch' }, affinity: { podAntiAffinity: { required: [term(web, ZONE)] } } });
    expect(idx.affinityViolation(pod, nodeLabels('x', 'a'))).toBe('pod-anti-affinity');
    expect(idx.affinityViolation(pod, nodeLabels('x', 'b'))).toBeUndefined();
    expect(idx.affinityViolation(pod, { [HOST]: 'x' })).toBeUndefined(); // no key: anti-affinity holds
  });
  it('checkFit reports inter-pod failures after spread', () => {
    const idx = zonedIndex({ a: 1 });
    const pod = podSpec({ labels: { app: 'web' }, affinity: { podAntiAffinity: { required: [term(web, ZONE)] } } });
    expect(checkFit(pod, nodeView({ labels: nodeLabels('n-a', 'a') }), idx)).toEqual({ kind: 'pod-anti-affinity' });
  });
});

describe('PodTopologySpread against a brute-force reference', () => {
  /** kube-scheduler's PreFilter+Filter written the slow, obvious way. */
  function reference(nodes: Map<string, { labels: Labels; taints: { key: string; effect: 'NoSchedule' }[] }>, pods: { pod: PodSpec; node: string }[], pod: PodSpec, target: Labels): boolean {
    const constraints = pod.topologySpreadConstraints.filter((c) => c.whenUnsatisfiable === 'DoNotSchedule');
    for (const c of constraints) {
      const counts = new Map<string, number>();
      for (const [name, n] of nodes) {
        if (!constraints.every((k) => n.labels[k.topologyKey] !== undefined)) continue;
        const honorAff = (c.nodeAffinityPolicy ?? 'Honor') === 'Honor';
        if (honorAff && !Object.entries(pod.nodeSelector).every(([k, v]) => n.labels[k] === v)) continue;
        if (c.nodeTaintsPolicy === 'Honor' && n.taints.some((t) => !pod.tolerations.some((tol) => tol.key === t.key))) continue;
        const d = n.labels[c.topologyKey];
        let k = counts.get(d) ?? 0;
        for (const p of pods) if (p.node === name && p.pod.namespace === pod.namespace && selectorMatches(c.labelSelector, p.pod.labels)) k++;
        counts.set(d, k);
      }
      let min = counts.size ? Math.min(...counts.values()) : Infinity;
      if (c.minDomains !== undefined && counts.size < c.minDomains) min = 0;
      const v = target[c.topologyKey];
      if (v === undefined) return false;
      const self = selectorMatches(c.labelSelector, pod.labels) ? 1 : 0;
      if ((counts.get(v) ?? 0) + self - min > c.maxSkew) return false;
    }
    return true;
  }

  it('agrees on random clusters, policies and pods', () => {
    let seed = 11;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let trial = 0; trial < 150; trial++) {
      const idx = new TopologyIndex();
      const nodes = new Map<string, { labels: Labels; taints: { key: string; effect: 'NoSchedule' }[] }>();
      const nodeCount = 1 + rand(8);
      for (let i = 0; i < nodeCount; i++) {
        const labels: Record<string, string> = { [ZONE]: `z${rand(3)}`, tier: rand(2) ? 'a' : 'b' };
        if (rand(5) > 0) labels[HOST] = `h${i}`;
        const taints = rand(4) === 0 ? [{ key: 'dedicated', effect: 'NoSchedule' as const }] : [];
        nodes.set(`h${i}`, { labels, taints });
        idx.upsertNode(`h${i}`, labels, taints);
      }
      const pods: { pod: PodSpec; node: string }[] = [];
      for (let i = 0; i < rand(25); i++) {
        const p = podSpec({ namespace: rand(5) ? 'default' : 'other', labels: { app: rand(3) ? 'web' : 'db' } });
        const node = `h${rand(nodeCount)}`;
        pods.push({ pod: p, node });
        idx.addPod(`p${i}`, p, node);
      }
      const constraints: TopologySpreadConstraint[] = [];
      for (let k = 0; k < 1 + rand(2); k++) {
        constraints.push({
          maxSkew: 1 + rand(2),
          topologyKey: rand(2) ? ZONE : HOST,
          whenUnsatisfiable: rand(5) ? 'DoNotSchedule' : 'ScheduleAnyway',
          labelSelector: rand(6) ? web : undefined,
          ...(rand(3) === 0 ? { minDomains: 1 + rand(4) } : {}),
          ...(rand(3) === 0 ? { nodeAffinityPolicy: 'Ignore' as const } : {}),
          ...(rand(3) === 0 ? { nodeTaintsPolicy: 'Honor' as const } : {}),
        });
      }
      const pod = podSpec({
        labels: { app: rand(4) ? 'web' : 'db' },
        topologySpreadConstraints: constraints,
        nodeSelector: rand(3) === 0 ? { tier: 'a' } : {},
        tolerations: rand(2) ? [{ key: 'dedicated', operator: 'Exists' }] : [],
      });
      for (const n of nodes.values()) {
        expect(idx.spreadViolation(pod, n.labels) === undefined, `trial ${trial}`).toBe(reference(nodes, pods, pod, n.labels));
      }
      const fresh = { [ZONE]: `z${rand(4)}`, [HOST]: 'new', tier: 'a' };
      expect(idx.spreadViolation(pod, fresh) === undefined, `trial ${trial} fresh`).toBe(reference(nodes, pods, pod, fresh));
    }
  });
});
