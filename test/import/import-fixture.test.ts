import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { importCluster, type ImportResult, writeScenario } from '../../src/import/index.js';
import { validateScenarioFile } from '../../src/runtime/resolve-scenario.js';

/**
 * The hand-written export of a small EKS cluster (test/fixtures/import/eks-small): 6 nodes — 3 from the
 * Karpenter NodePool "general" (one spot), 2 from the managed node group "ng-system", 1 self-managed
 * (tainted dedicated=legacy) — 29 pods (12 of the DaemonSets aws-node and kube-proxy, one Succeeded, one
 * Pending), Deployments, a StatefulSet, a running Job, a CronJob with one finished run, an HPA, three
 * PDBs, three priority classes, a LimitRange, the Cluster Autoscaler's Deployment and its priority
 * ConfigMap, the NodePool and EC2NodeClass, and a ServiceMonitor (a CRD fleetsim does not know).
 */
const FIXTURE = 'test/fixtures/import/eks-small';

/** Where each pod runs in the export (read off the fixture by hand). */
const PLACEMENT: Record<string, string[]> = {
  'ip-192-168-10-11.ec2.internal': ['shop/api-5f7b8c9d4-h7q2x', 'shop/web-64c8d9f7b6-2mx9q'],
  'ip-192-168-42-87.ec2.internal': ['shop/redis-0', 'shop/web-64c8d9f7b6-8fvwc', 'shop/web-64c8d9f7b6-kd4rn'],
  'ip-192-168-75-200.ec2.internal': ['default/debug-shell', 'shop/api-5f7b8c9d4-p3n8v', 'shop/web-64c8d9f7b6-tz6hb'],
  'ip-192-168-21-5.ec2.internal': ['karpenter/karpenter-6d8f7b9c5-bk2jd', 'kube-system/cluster-autoscaler-7f9d6c8b4d-q8wtn', 'kube-system/coredns-5b8cc885bc-7x2kq'],
  'ip-192-168-60-33.ec2.internal': ['karpenter/karpenter-6d8f7b9c5-zr7pv', 'kube-system/coredns-5b8cc885bc-m4hzp'],
  'ip-192-168-88-14.ec2.internal': ['legacy/reindex-r4t7w', 'legacy/reports-ui-7c5d9b8f6-x9d2m'],
};

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let result: ImportResult;
let s: Doc;
beforeAll(() => {
  result = importCluster({ from: FIXTURE, name: 'eks-small' });
  s = result.scenario as Doc;
});

describe('fleetsim import of a small EKS cluster', () => {
  it('keeps every node with its instance type, zone, capacity type and manager', () => {
    const nodes = s.initialState.nodes as Doc[];
    expect(nodes.map((n) => [n.name, n.instanceType, n.zone, n.capacityType, n.nodePool ?? n.nodeGroup ?? '-'])).toEqual([
      ['ip-192-168-10-11.ec2.internal', 'm5.xlarge', 'us-east-1a', 'on-demand', 'general'],
      ['ip-192-168-42-87.ec2.internal', 'c6i.2xlarge', 'us-east-1b', 'spot', 'general'],
      ['ip-192-168-75-200.ec2.internal', 'm5.large', 'us-east-1c', 'on-demand', 'general'],
      ['ip-192-168-21-5.ec2.internal', 'm5.xlarge', 'us-east-1a', 'on-demand', 'ng-system'],
      ['ip-192-168-60-33.ec2.internal', 'm5.xlarge', 'us-east-1b', 'on-demand', 'ng-system'],
      ['ip-192-168-88-14.ec2.internal', 't3.large', 'us-east-1c', 'on-demand', '-'],
    ]);
    expect(nodes[3]!.nodeGroup).toBe('ng-system');
    expect(nodes[5]!.taints).toEqual([{ key: 'dedicated', value: 'legacy', effect: 'NoSchedule' }]);
    expect(nodes[5]!.labels).toEqual({ 'alpha.eksctl.io/cluster-name': 'shop-prod', team: 'legacy' });
    expect(s.region).toBe('us-east-1');
    expect(s.zones).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c']);
  });

  it('binds every running pod where it runs; DaemonSet and finished pods are not listed; the unschedulable replica stays Pending', () => {
    const pods = s.initialState.pods as Doc[];
    const byNode: Record<string, string[]> = {};
    for (const p of pods) if (p.node) (byNode[p.node] ??= []).push(`${p.namespace}/${p.name}`);
    for (const list of Object.values(byNode)) list.sort();
    expect(byNode).toEqual(PLACEMENT);
    expect(pods.filter((p) => !p.node).map((p) => p.name)).toEqual(['web-64c8d9f7b6-w5jlx']);
    expect(pods.some((p) => /^(aws-node|kube-proxy)-/.test(p.name))).toBe(false);
    expect(pods.some((p) => p.name.startsWith('report-nightly'))).toBe(false);
    expect(result.counts).toMatchObject({ nodes: 6, podsBound: 15, podsPending: 1 });
  });

  it('one controller per Deployment, StatefulSet and running Job, at the exported replica counts; owners resolved through ReplicaSets', () => {
    const controllers = Object.fromEntries((s.initialState.controllers as Doc[]).map((c) => [`${c.kind} ${c.namespace}/${c.name}`, c]));
    expect(Object.keys(controllers).sort()).toEqual([
      'Deployment karpenter/karpenter',
      'Deployment kube-system/cluster-autoscaler',
      'Deployment kube-system/coredns',
      'Deployment legacy/reports-ui',
      'Deployment shop/api',
      'Deployment shop/web',
      'Job legacy/reindex',
      'StatefulSet shop/redis',
    ]);
    expect(controllers['Deployment shop/web']).toMatchObject({ replicas: 5, template: 'shop/web' });
    // 3 completions, 1 succeeded: 2 still to run, one at a time
    expect(controllers['Job legacy/reindex']).toMatchObject({ completions: 2, parallelism: 1 });
    const web = (s.initialState.pods as Doc[]).find((p) => p.name === 'web-64c8d9f7b6-2mx9q')!;
    expect(web.owner).toEqual({ kind: 'Deployment', name: 'web' });
    expect(web.template).toBeUndefined(); // its owner's template
    expect((s.initialState.pods as Doc[]).find((p) => p.name === 'debug-shell')).toMatchObject({ template: 'default/debug-shell' });
  });

  it('pod templates carry the effective requests as Kubernetes computes them', () => {
    const t = s.cluster.podTemplates as Doc;
    // api: 250m/256Mi + sidecar 50m/64Mi; the 1-cpu migration runs beside the sidecar: max(300m, 1050m), max(320Mi, 192Mi)
    expect(t['shop/api'].requests).toEqual({ cpu: '1050m', memory: '320Mi' });
    expect(t['shop/api']).toMatchObject({ doNotDisrupt: true, localStorage: true, nodeSelector: { team: 'shop' } });
    expect(t['legacy/reindex'].requests).toEqual({ cpu: '1500m', memory: '1G' });
    // no requests in the Deployment; the namespace's LimitRange gives defaultRequest 100m / 128Mi
    expect(t['legacy/reports-ui'].requests).toEqual({ cpu: '100m', memory: '128Mi' });
    expect(t['kube-system/coredns'].requests).toEqual({ cpu: '100m', memory: '70Mi' });
    expect(t['default/debug-shell'].requests).toBeUndefined();
    expect(t['shop/web']).toMatchObject({ priorityClassName: 'shop-critical', priority: 100000, terminationGracePeriodSeconds: 45, labels: { app: 'web', tier: 'frontend' } });
    expect(t['shop/web'].topologySpreadConstraints).toEqual([
      { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'web' } } },
    ]);
    expect(t['kube-system/cluster-autoscaler']).toMatchObject({ safeToEvict: false, priority: 2000000000 });
    // default not-ready/unreachable tolerations added at admission are not part of the template
    expect(t['default/debug-shell'].tolerations).toBeUndefined();
  });

  it('DaemonSets, PDBs and priority classes', () => {
    expect(s.cluster.daemonSets).toEqual([
      { name: 'aws-node', namespace: 'kube-system', requests: { cpu: '25m' }, tolerations: [{ operator: 'Exists' }] },
      { name: 'kube-proxy', namespace: 'kube-system', requests: { cpu: '100m' }, tolerations: [{ operator: 'Exists' }] },
    ]);
    expect((s.cluster.pdbs as Doc[]).map((p) => [p.namespace, p.name, p.minAvailable ?? null, p.maxUnavailable ?? null])).toEqual([
      ['kube-system', 'coredns', null, 1],
      ['shop', 'web', '50%', null],
      ['karpenter', 'karpenter', null, 1],
    ]);
    expect(s.cluster.priorityClasses).toEqual([
      { name: 'system-cluster-critical', value: 2000000000 },
      { name: 'system-node-critical', value: 2000001000 },
      { name: 'shop-critical', value: 100000 },
    ]);
  });

  it('Karpenter: the exported NodePool and EC2NodeClass without status and metadata noise', () => {
    const manifests = s.karpenter.manifests as Doc[];
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual(['NodePool/general', 'EC2NodeClass/default']);
    for (const m of manifests) {
      expect(m.status).toBeUndefined();
      expect(Object.keys(m.metadata)).toEqual(['name']);
    }
    expect(manifests[0]!.spec.limits).toEqual({ cpu: '200', memory: '800Gi' });
  });

  it('Cluster Autoscaler: version from the image, flags from the args (--nodes turned into the node group), the priority ConfigMap', () => {
    const ca = s.clusterAutoscaler as Doc;
    expect(ca.version).toBe('1.30');
    expect(ca.flags).toEqual(['--v=4', '--stderrthreshold=info', '--cloud-provider=aws', '--skip-nodes-with-local-storage=false', '--expander=priority,least-waste', '--balance-similar-node-groups', '--scale-down-unneeded-time=5m', '--scan-interval=10s']);
    expect(ca.priorities).toBe('50:\n  - .*ng-system.*\n10:\n  - .*');
    // --nodes=1:4:eks-ng-system-<uuid> is the managed node group ng-system's Auto Scaling group
    expect(ca.nodeGroups).toEqual([
      { nodegroupName: 'ng-system', scalingConfig: { minSize: 1, maxSize: 4, desiredSize: 2 }, instanceTypes: ['m5.xlarge'], capacityType: 'ON_DEMAND', availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'], labels: { 'workload-tier': 'system' } },
    ]);
  });

  it('the HPA becomes an HPA model holding today\'s replicas; the CronJob a cronjob generator with its measured run time', () => {
    const [hpa, cron] = s.workload as Doc[];
    // 5 replicas at a 60 % target: load 5 × 0.6 = 3 keeps the HPA at 5
    expect(hpa).toMatchObject({ generator: 'hpa-deployment', name: 'web', namespace: 'shop', template: 'shop/web', load: { constant: 3 }, capacityPerReplica: 1, targetUtilization: 60, minReplicas: 3, maxReplicas: 12 });
    expect(hpa.behavior.scaleDown).toEqual({ stabilizationWindowSeconds: 600, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] });
    expect(hpa.behavior.scaleUp.stabilizationWindowSeconds).toBe(0); // Kubernetes' default
    // the finished Job ran 02:00:41 → 02:12:41: 720 s; time 0 is the export (the latest heartbeat, 2026-11-23T19:58:41Z)
    expect(cron).toMatchObject({ generator: 'cronjob', name: 'report-nightly', namespace: 'batch', schedule: '0 2 * * *', duration: { fixed: 720 }, completions: 1, parallelism: 1, epoch: Date.UTC(2026, 10, 23, 19, 58, 41) / 1000 });
    expect((s.cluster.podTemplates as Doc)[cron.template].requests).toEqual({ cpu: '500m', memory: '1Gi' });
  });

  it('reports what it could not map, what it guessed and what it warns about', () => {
    const r = result.report;
    expect(r.find('unmapped', 'kind ServiceMonitor (monitoring.coreos.com/v1) is not simulated').map((i) => i.subject)).toEqual(['shop/web']);
    expect(r.find('unmapped', 'finished Jobs').map((i) => i.subject)).toEqual(['Job batch/report-nightly-29398560']);
    expect(r.find('unmapped', 'Succeeded pods').map((i) => i.subject)).toEqual(['Pod batch/report-nightly-29398560-5kq8d']);
    expect(r.find('unmapped', 'volumeClaimTemplates').map((i) => i.subject)).toEqual(['StatefulSet shop/redis']);
    expect(r.find('unmapped', 'without effect').map((i) => i.subject)).toEqual(['--v', '--stderrthreshold', '--cloud-provider']);
    expect(r.find('guess', 'running Job').map((i) => i.subject)).toEqual(['Job legacy/reindex']);
    const noRequests = r.find('warning', 'without cpu or memory requests').map((i) => i.subject);
    expect(noRequests).toHaveLength(3);
    expect(noRequests[0]).toBe('Pod default/debug-shell [shell (cpu, memory)]');
    const text = r.lines().join('\n');
    expect(text).toContain('16 pods (15 bound where they run, 1 Pending at time 0); 12 DaemonSet pods come from 2 DaemonSets');
  });

  it('writes a YAML scenario headed by the report that fleetsim validates', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleetsim-import-'));
    const file = join(dir, 'eks-small.yaml');
    writeScenario(file, result);
    const text = readFileSync(file, 'utf8');
    expect(text.split('\n')[0]).toBe('# Mapped:');
    expect(text).toContain('# Not mapped (left out of the scenario):');
    expect(parse(text)).toEqual(s);
    const { summary } = validateScenarioFile(file);
    expect(summary).toContain('1 NodePool(s)');
    expect(summary).toContain('1 node group(s)');
  });
});
