import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCluster, writeScenario } from '../../src/import/index.js';
import { validateScenarioFile } from '../../src/runtime/resolve-scenario.js';
import { DEFAULT_CA_VERSION } from '../../src/scenario/cluster-autoscaler/index.js';
import { runCli } from '../e2e/cli-capture.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const FIXTURE = 'test/fixtures/import/eks-small';

/** The fixture export with `edit` applied to its objects, written to a fresh directory with the chosen side files. */
function exportWith(edit: (items: Obj[]) => Obj[], files: readonly string[] = ['karpenter.yaml', 'ca-priority-expander.yaml', 'limitranges.json']): string {
  const dir = mkdtempSync(join(tmpdir(), 'fleetsim-import-variant-'));
  const list = JSON.parse(readFileSync(join(FIXTURE, 'cluster.json'), 'utf8')) as Obj;
  list.items = edit(list.items as Obj[]);
  writeFileSync(join(dir, 'cluster.json'), JSON.stringify(list, null, 4));
  for (const f of files) copyFileSync(join(FIXTURE, f), join(dir, f));
  return dir;
}

const named = (kind: string, name: string) => (o: Obj): boolean => o.kind === kind && o.metadata.name === name;
const podsOf = (s: Obj): Obj[] => s.initialState.pods;

describe('fleetsim import: partial exports and clusters unlike the fixture', () => {
  it('no NodePool exported: a default NodePool and EC2NodeClass are written (reported); Karpenter nodes become unmanaged', () => {
    const r = importCluster({ from: exportWith((items) => items, ['ca-priority-expander.yaml']) });
    const s = r.scenario as Obj;
    expect(s.karpenter.manifests.map((m: Obj) => `${m.kind}/${m.metadata.name}`)).toEqual(['NodePool/default', 'EC2NodeClass/default']);
    expect(s.karpenter.manifests[0].spec.template.spec.requirements).toContainEqual({ key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand', 'spot'] });
    expect(r.report.find('guess', 'no Karpenter NodePool in the export')).toHaveLength(1);
    expect(r.report.find('unmapped', 'NodePool "general", which is not in the export').map((i) => i.subject)).toEqual([
      'Node ip-192-168-10-11.ec2.internal',
      'Node ip-192-168-42-87.ec2.internal',
      'Node ip-192-168-75-200.ec2.internal',
    ]);
    expect(s.initialState.nodes.filter((n: Obj) => n.nodePool)).toEqual([]);
    const dir = mkdtempSync(join(tmpdir(), 'fleetsim-import-out-'));
    writeScenario(join(dir, 's.yaml'), r);
    expect(validateScenarioFile(join(dir, 's.yaml')).summary).toContain('1 NodePool(s)');
  });

  it('a node of an instance type outside the catalog, and a Fargate node, are left out; their pods start Pending', () => {
    const r = importCluster({
      from: exportWith((items) =>
        items.map((o) => {
          if (named('Node', 'ip-192-168-75-200.ec2.internal')(o)) o.metadata.labels['node.kubernetes.io/instance-type'] = 'x9z.superlarge';
          if (named('Node', 'ip-192-168-88-14.ec2.internal')(o)) o.metadata.labels['eks.amazonaws.com/compute-type'] = 'fargate';
          return o;
        }),
      ),
    });
    const s = r.scenario as Obj;
    expect(s.initialState.nodes.map((n: Obj) => n.name)).not.toContain('ip-192-168-75-200.ec2.internal');
    expect(s.initialState.nodes).toHaveLength(4);
    expect(r.report.find('unmapped', 'instance type "x9z.superlarge" is not in the catalog').map((i) => i.subject)).toEqual(['Node ip-192-168-75-200.ec2.internal']);
    expect(r.report.find('unmapped', 'Fargate nodes are not simulated').map((i) => i.subject)).toEqual(['Node ip-192-168-88-14.ec2.internal']);
    const pending = podsOf(s).filter((p) => !p.node).map((p) => p.name).sort();
    expect(pending).toEqual(['api-5f7b8c9d4-p3n8v', 'debug-shell', 'reindex-r4t7w', 'reports-ui-7c5d9b8f6-x9d2m', 'web-64c8d9f7b6-tz6hb', 'web-64c8d9f7b6-w5jlx']);
    expect(s.zones).toEqual(['us-east-1a', 'us-east-1b']);
  });

  it('a pod whose requests differ from its Deployment (a VPA) keeps them in a variant template', () => {
    const r = importCluster({
      from: exportWith((items) =>
        items.map((o) => {
          if (named('Pod', 'web-64c8d9f7b6-8fvwc')(o)) o.spec.containers[0].resources.requests = { cpu: '300m', memory: '400Mi' };
          return o;
        }),
      ),
    });
    const s = r.scenario as Obj;
    const pod = podsOf(s).find((p) => p.name === 'web-64c8d9f7b6-8fvwc')!;
    expect(pod.template).toBe('shop/web~2');
    expect(pod.owner).toEqual({ kind: 'Deployment', name: 'web' });
    const t = s.cluster.podTemplates;
    expect(t['shop/web~2']).toEqual({ ...t['shop/web'], requests: { cpu: '300m', memory: '400Mi' } });
    expect(podsOf(s).find((p) => p.name === 'web-64c8d9f7b6-kd4rn')!.template).toBeUndefined();
  });

  it('no Cluster Autoscaler and no node-group labels: default flags, node groups left to be derived from the NodePools', () => {
    const r = importCluster({
      from: exportWith((items) =>
        items
          .filter((o) => !(o.kind === 'Deployment' || o.kind === 'ReplicaSet' || o.kind === 'Pod') || !(o.metadata.name as string).startsWith('cluster-autoscaler'))
          .map((o) => {
            if (o.kind === 'Node') delete o.metadata.labels['eks.amazonaws.com/nodegroup'];
            return o;
          }),
        ['karpenter.yaml'],
      ),
    });
    const s = r.scenario as Obj;
    expect(s.clusterAutoscaler).toEqual({ version: DEFAULT_CA_VERSION }); // the scenario's documented default release
    expect(r.report.find('guess', 'no Cluster Autoscaler Deployment in the export')).toHaveLength(1);
    expect(r.report.find('guess', 'clusterAutoscaler.nodeGroups is left out')).toHaveLength(1);
    expect(s.initialState.nodes.filter((n: Obj) => n.nodeGroup)).toEqual([]);
  });

  it('a pod beyond the catalog\'s allocatable starts Pending, with the resource and amounts reported', () => {
    const r = importCluster({
      from: exportWith((items) =>
        items.map((o) => {
          if (named('Pod', 'debug-shell')(o)) o.spec.containers[0].resources = { requests: { cpu: '1500m' } };
          return o;
        }),
      ),
    });
    // m5.large: 1930m allocatable − DaemonSets 125m − web 500m − api 1050m = 255m left for debug-shell's 1500m
    const items = r.report.find('unmapped', 'does not fit node ip-192-168-75-200.ec2.internal');
    expect(items.map((i) => i.subject)).toEqual(['Pod default/debug-shell']);
    expect(items[0]!.reason).toContain('1500m cpu requested, 255m cpu left');
    expect(podsOf(r.scenario as Obj).find((p) => p.name === 'debug-shell')!.node).toBeUndefined();
  });

  it('objects that point at missing ones: a pod on a node not exported, an HPA on a Deployment not exported; duplicates across files', () => {
    const r = importCluster({
      from: exportWith((items) => [
        ...items.map((o) => {
          if (named('Pod', 'debug-shell')(o)) o.spec.nodeName = 'ip-192-168-99-99.ec2.internal';
          if (o.kind === 'HorizontalPodAutoscaler') o.spec.scaleTargetRef.name = 'checkout';
          return o;
        }),
        items.find(named('PriorityClass', 'shop-critical'))!,
      ]),
    });
    expect(r.report.find('unmapped', 'bound to node ip-192-168-99-99.ec2.internal, which is not in the export').map((i) => i.subject)).toEqual(['Pod default/debug-shell']);
    expect(r.report.find('unmapped', 'scales Deployment shop/checkout').map((i) => i.subject)).toEqual(['HorizontalPodAutoscaler shop/web']);
    expect((r.scenario as Obj).workload.map((w: Obj) => w.generator)).toEqual(['cronjob']);
    expect(r.report.find('warning', 'exported twice')).toHaveLength(1);
  });
});

describe('fleetsim import: a self-managed (eksctl) node group named by the --nodes flag', () => {
  it('becomes an Auto Scaling group under its ASG name, with the flag\'s sizes, its nodes\' type and shared taints', () => {
    const asg = 'eksctl-shop-prod-nodegroup-ng-legacy-NodeGroup-1A2B3C4D5E6F';
    const r = importCluster({
      from: exportWith((items) =>
        items.map((o) => {
          if (named('Node', 'ip-192-168-88-14.ec2.internal')(o)) o.metadata.labels['alpha.eksctl.io/nodegroup-name'] = 'ng-legacy';
          if (named('Deployment', 'cluster-autoscaler')(o)) o.spec.template.spec.containers[0].command.push(`--nodes=0:3:${asg}`);
          return o;
        }),
      ),
    });
    const s = r.scenario as Obj;
    expect(s.clusterAutoscaler.nodeGroups.find((g: Obj) => g.name === asg)).toEqual({
      name: asg,
      minSize: 0,
      maxSize: 3,
      desiredCapacity: 1,
      instanceType: 't3.large',
      availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
      labels: { team: 'legacy' },
      taints: [{ key: 'dedicated', value: 'legacy', effect: 'NoSchedule' }],
    });
    expect(s.initialState.nodes.find((n: Obj) => n.name === 'ip-192-168-88-14.ec2.internal').nodeGroup).toBe(asg);
    expect(r.report.find('unmapped', '--nodes=')).toEqual([]);
  });
});

describe('fleetsim import: API-server lists and static pods', () => {
  it('reads typed lists (PodList, NodeList: items without kind and apiVersion) and keeps a static pod as a bare pod, reported', () => {
    const dir = exportWith((items) => items.filter((o) => o.kind !== 'Pod' && o.kind !== 'Node'));
    const list = JSON.parse(readFileSync(join(FIXTURE, 'cluster.json'), 'utf8')) as Obj;
    const strip = (o: Obj): Obj => {
      const { kind: _k, apiVersion: _a, ...rest } = o;
      return rest;
    };
    const pods = (list.items as Obj[]).filter((o) => o.kind === 'Pod').map(strip);
    const mirror = structuredClone(pods.find((p) => p.metadata.name === 'debug-shell')!);
    mirror.metadata.name = 'etcd-backup-ip-192-168-88-14.ec2.internal';
    mirror.metadata.ownerReferences = [{ apiVersion: 'v1', controller: true, kind: 'Node', name: 'ip-192-168-88-14.ec2.internal', uid: '00000000-0000-4000-8000-000000000001' }];
    mirror.spec.nodeName = 'ip-192-168-88-14.ec2.internal';
    writeFileSync(join(dir, 'pods.json'), JSON.stringify({ apiVersion: 'v1', kind: 'PodList', metadata: { resourceVersion: '48211999' }, items: [...pods, mirror] }));
    writeFileSync(join(dir, 'nodes.json'), JSON.stringify({ apiVersion: 'v1', kind: 'NodeList', metadata: { resourceVersion: '48211999' }, items: (list.items as Obj[]).filter((o) => o.kind === 'Node').map(strip) }));
    const r = importCluster({ from: dir });
    const s = r.scenario as Obj;
    expect(s.initialState.nodes).toHaveLength(6);
    expect(s.initialState.pods).toHaveLength(17);
    expect(s.initialState.pods.find((p: Obj) => p.name === mirror.metadata.name)).toMatchObject({ node: 'ip-192-168-88-14.ec2.internal', template: `default/${mirror.metadata.name}` });
    expect(r.report.find('unmapped', 'a static (mirror) pod of its node').map((i) => i.subject)).toEqual([`Pod default/${mirror.metadata.name}`]);
  });
});

describe('fleetsim import: Karpenter v1beta1', () => {
  it('a v1beta1 NodePool and EC2NodeClass are kept for the scenario parser to convert; its conversion notes are in the report', () => {
    const dir = exportWith((items) => items, ['ca-priority-expander.yaml', 'limitranges.json']);
    writeFileSync(
      join(dir, 'karpenter.yaml'),
      [
        'apiVersion: karpenter.sh/v1beta1',
        'kind: NodePool',
        'metadata: { name: general }',
        'spec:',
        '  template:',
        '    spec:',
        '      nodeClassRef: { name: default }',
        '      requirements: [{ key: karpenter.sh/capacity-type, operator: In, values: [spot, on-demand] }]',
        '  disruption: { consolidationPolicy: WhenUnderutilized, expireAfter: 720h }',
        '---',
        'apiVersion: karpenter.k8s.aws/v1beta1',
        'kind: EC2NodeClass',
        'metadata: { name: default }',
        'spec:',
        '  amiFamily: AL2',
        '  role: KarpenterNodeRole-shop-prod',
        '  subnetSelectorTerms: [{ tags: { karpenter.sh/discovery: shop-prod } }]',
        '  securityGroupSelectorTerms: [{ tags: { karpenter.sh/discovery: shop-prod } }]',
        '',
      ].join('\n'),
    );
    const r = importCluster({ from: dir });
    const s = r.scenario as Obj;
    expect(s.karpenter.manifests.map((m: Obj) => `${m.apiVersion} ${m.kind}/${m.metadata.name}`)).toEqual(['karpenter.sh/v1beta1 NodePool/general', 'karpenter.k8s.aws/v1beta1 EC2NodeClass/default']);
    expect(r.report.items.filter((i) => i.section === 'warning' && /v1beta1/.test(i.reason)).length).toBeGreaterThan(0);
    // the three Karpenter nodes are adopted by the converted NodePool
    expect(s.initialState.nodes.filter((n: Obj) => n.nodePool === 'general')).toHaveLength(3);
  });
});

describe('fleetsim import (command)', () => {
  it('writes the scenario, prints the report, and the scenario validates', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'fleetsim-import-cli-')), 'my-cluster.yaml');
    const r = await runCli(['import', '--from', FIXTURE, '--out', out, '--horizon', '6h']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Not mapped (left out of the scenario):');
    expect(r.stdout).toContain(`wrote ${out}`);
    expect(r.stdout).toContain(`next: fleetsim compare ${out}`);
    const text = readFileSync(out, 'utf8');
    expect(text.startsWith(`# fleetsim import --from ${FIXTURE}\n#\n# Mapped:`)).toBe(true);
    expect(text).toContain('\nname: my-cluster\n');
    expect(text).toContain('\nhorizon: 6h\n');
    expect((await runCli(['validate', out])).code).toBe(0);
  });
});
