import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { requestDeletion } from '../../src/engine/index.js';
import { loadKarpenterManifestsFromPath } from '../../src/scenario/karpenter/index.js';
import { createPod, eventually, liveAgainst, liveInstances, served, type Live, type Served } from './e2e-harness.js';

const DIR = resolve(import.meta.dirname, '../../deploy/kubernetes');

interface Obj {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
  [k: string]: unknown;
}
interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}

function load(): Obj[] {
  return readdirSync(DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .flatMap((f) =>
      parseAllDocuments(readFileSync(join(DIR, f), 'utf8')).map((d) => {
        expect(d.errors, f).toEqual([]);
        return d.toJS() as Obj;
      }),
    );
}

const byKind = (objs: Obj[], kind: string): Obj[] => objs.filter((o) => o.kind === kind);

/** The (group, resource, verb) a request to the Kubernetes API needs (RBAC's attribute mapping). */
function attributes(method: string, path: string, watch: boolean): { group: string; resource: string; verb: string; name?: string } | undefined {
  const m = /^\/(?:api\/v1|apis\/([^/]+)\/[^/]+)(?:\/namespaces\/[^/]+)?\/([^/]+)(?:\/([^/]+))?(?:\/([^/]+))?$/.exec(path);
  if (!m) return undefined;
  const [, group = '', plural, name, sub] = m;
  const resource = sub ? `${plural}/${sub}` : plural!;
  const verb =
    method === 'GET' ? (watch ? 'watch' : name ? 'get' : 'list') : method === 'POST' ? 'create' : method === 'PUT' ? 'update' : method === 'PATCH' ? 'patch' : method === 'DELETE' ? 'delete' : method.toLowerCase();
  return { group, resource, verb, ...(name && verb !== 'create' ? { name } : {}) };
}

function allowed(rules: Rule[], a: { group: string; resource: string; verb: string; name?: string }): boolean {
  return rules.some((r) => r.apiGroups.includes(a.group) && r.resources.includes(a.resource) && r.verbs.includes(a.verb) && (!r.resourceNames || (a.name !== undefined && r.resourceNames.includes(a.name))));
}

describe('deploy/kubernetes', () => {
  const objs = load();

  it('holds the namespace, service account with IRSA, RBAC, the NodePools ConfigMap and a two-replica Deployment in dry run', () => {
    expect(objs.map((o) => o.kind).sort()).toEqual(['ClusterRole', 'ClusterRoleBinding', 'ConfigMap', 'Deployment', 'Namespace', 'PodDisruptionBudget', 'Role', 'RoleBinding', 'Service', 'ServiceAccount']);
    const ns = byKind(objs, 'Namespace')[0]!.metadata.name;
    for (const o of objs) if (!['Namespace', 'ClusterRole', 'ClusterRoleBinding'].includes(o.kind)) expect(o.metadata.namespace, `${o.kind}/${o.metadata.name}`).toBe(ns);
    const sa = byKind(objs, 'ServiceAccount')[0]!;
    expect(sa.metadata.annotations?.['eks.amazonaws.com/role-arn']).toMatch(/^arn:aws:iam::\d{12}:role\//);
    const dep = byKind(objs, 'Deployment')[0] as Obj & { spec: { replicas: number; template: { spec: { serviceAccountName: string; containers: { args: string[]; env: { name: string }[]; volumeMounts: { name: string; mountPath: string }[] }[]; volumes: { name: string; configMap?: { name: string } }[] } } } };
    expect(dep.spec.replicas).toBe(2);
    const pod = dep.spec.template.spec;
    expect(pod.serviceAccountName).toBe(sa.metadata.name);
    const c = pod.containers[0]!;
    expect(c.args[0]).toBe('live');
    expect(c.args).not.toContain('--apply');
    expect(c.env.map((e) => e.name)).toEqual(expect.arrayContaining(['POD_NAME', 'POD_NAMESPACE']));
    // --nodepools points at the mounted ConfigMap, and the manifests in it parse.
    const path = c.args.find((a) => a.startsWith('--nodepools='))!.split('=')[1]!;
    const mount = c.volumeMounts.find((v) => v.mountPath === path)!;
    const cm = byKind(objs, 'ConfigMap').find((x) => x.metadata.name === pod.volumes.find((v) => v.name === mount.name)!.configMap!.name) as Obj & { data: Record<string, string> };
    const file = join(tmpdir(), `fleetsim-deploy-${process.pid}.yaml`);
    writeFileSync(file, Object.values(cm.data)[0]!);
    const cfg = loadKarpenterManifestsFromPath(file);
    expect(cfg.nodePools.map((p) => p.name)).toEqual(['general']);
    const binding = byKind(objs, 'ClusterRoleBinding')[0] as Obj & { subjects: { name: string; namespace: string }[] };
    expect(binding.subjects).toEqual([expect.objectContaining({ kind: 'ServiceAccount', name: sa.metadata.name, namespace: ns })]);
    // Least privilege: no wildcards, no secrets, no pod/node creation.
    const rules = [...byKind(objs, 'ClusterRole'), ...byKind(objs, 'Role')].flatMap((r) => r.rules as Rule[]);
    expect(rules.flatMap((r) => [...r.apiGroups, ...r.resources, ...r.verbs])).not.toContain('*');
    expect(rules.flatMap((r) => r.resources)).not.toContain('secrets');
    expect(allowed(rules, { group: '', resource: 'pods', verb: 'create' })).toBe(false);
    expect(allowed(rules, { group: '', resource: 'nodes', verb: 'create' })).toBe(false);
  });

  describe('RBAC covers every request fleetsim live --apply makes (recorded on the served API server)', () => {
    let s: Served;
    let l: Live;
    beforeAll(async () => {
      s = await served();
      l = await liveAgainst(s, { apply: true, leaseName: 'fleetsim-leader-election' });
      await l.handle.acting;
    }, 30_000);
    afterAll(async () => {
      await l?.handle.stop();
      await s?.close();
    });

    it('launch, registration, drain with eviction, termination, lease renewals', async () => {
      await createPod(s.core, 'p');
      await eventually(() => s.world.cluster.pod('default/p')?.status.phase === 'Running', 20_000, 'pod running');
      const claim = [...l.handle.engineCluster.nodeClaims()][0]!;
      requestDeletion(l.handle.clock, l.handle.engineCluster, claim, 'test');
      await eventually(() => liveInstances(s).length === 0 && !s.world.cluster.nodeClaim(claim.name), 20_000, 'drained and terminated');
      await l.handle.kube.idle();
      const cluster = byKind(objs, 'ClusterRole')[0]!.rules as Rule[];
      const role = byKind(objs, 'Role')[0]!.rules as Rule[];
      const seen = new Set<string>();
      const denied: string[] = [];
      for (const r of s.api.faults.requests) {
        if (r.method === 'POST' && r.path === '/api/v1/namespaces/default/pods') continue; // the test's own pod
        const a = attributes(r.method, r.path, r.watch);
        if (!a) continue;
        seen.add(`${a.group}/${a.resource}:${a.verb}`);
        const rules = a.group === 'coordination.k8s.io' ? role : cluster;
        if (!allowed(rules, a)) denied.push(`${r.method} ${r.path}${r.watch ? ' (watch)' : ''} → ${a.group}/${a.resource} ${a.verb}`);
      }
      expect(denied).toEqual([]);
      // The run exercised the interesting verbs (so the check above is not vacuous).
      expect([...seen]).toEqual(expect.arrayContaining(['/pods:watch', '/nodes:patch', '/pods/eviction:create', 'fleetsim.io/nodeclaims:create', 'fleetsim.io/nodeclaims/status:patch', 'coordination.k8s.io/leases:update']));
    }, 60_000);
  });
});
