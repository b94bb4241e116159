import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { NodePool } from '../../model/index.js';
import { isInputError } from '../errors.js';
import { YamlSource } from '../yaml-source.js';
import { parseKarpenterManifests } from './index.js';

const fixturePath = (name: string): string => fileURLToPath(new URL(`../../../test/fixtures/manifests/${name}`, import.meta.url));
const parseFixture = (name: string) => parseKarpenterManifests(YamlSource.parseAll(name, readFileSync(fixturePath(name), 'utf8')));
const parse = (text: string) => parseKarpenterManifests(YamlSource.parseAll('m.yaml', text));
function problems(text: string): string[] {
  try {
    parse(text);
  } catch (e) {
    if (isInputError(e)) return e.message.split('\n');
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('karpenter.sh/v1alpha5 Provisioner', () => {
  it('converts the classic blog-post Provisioner and its AWSNodeTemplate, naming each change', () => {
    const config = parseFixture('good/v1alpha5-blog.yaml');
    const expected: NodePool = {
      name: 'default',
      weight: 0,
      labels: {},
      taints: [],
      startupTaints: [],
      requirements: [
        { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['spot'] },
        { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] },
      ],
      nodeClassName: 'default',
      // ttlSecondsAfterEmpty 30 → WhenEmpty after 30 s; no ttlSecondsUntilExpired → never expires
      disruption: { consolidationPolicy: 'WhenEmpty', consolidateAfterSeconds: 30, budgets: [{ nodes: '10%' }] },
      limits: { cpuMillis: 1_000_000 },
    };
    expect(config.nodePools).toEqual([expected]);
    expect(config.nodeClasses).toEqual([
      {
        name: 'default',
        amiFamily: 'AL2',
        amiId: 'al2@latest',
        kubelet: {},
        tags: {},
        blockDeviceGiB: 20,
        recorded: {
          subnetSelector: { 'karpenter.sh/discovery': '${CLUSTER_NAME}' },
          securityGroupSelector: { 'karpenter.sh/discovery': '${CLUSTER_NAME}' },
        },
      },
    ]);
    const P = 'good/v1alpha5-blog.yaml';
    const prov = 'karpenter.sh/v1alpha5 Provisioner "default"';
    const tmpl = 'karpenter.k8s.aws/v1alpha1 AWSNodeTemplate "default"';
    expect(config.warnings).toEqual([
      `${P}:8: ${prov}: no kubernetes.io/arch requirement: the AWS webhook defaulted to amd64; added kubernetes.io/arch In [amd64]`,
      `${P}:16: ${prov}: spec.ttlSecondsAfterEmpty 30 is consolidationPolicy WhenEmpty with consolidateAfter 30s in v1`,
      `${P}:7: ${prov}: no ttlSecondsUntilExpired: nodes never expired; expireAfter Never in v1 (not its 720h default)`,
      `${P}:13: ${prov}: spec.limits.resources is spec.limits in v1`,
      `${P}:15: ${prov}: spec.providerRef is spec.template.spec.nodeClassRef {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default} in v1`,
      `${P}:18: ${tmpl}: converted to karpenter.k8s.aws/v1 EC2NodeClass "default"`,
      `${P}:23: ${tmpl}: no amiSelector: the latest EKS-optimized AL2 AMI (amiFamily defaulted to AL2), amiSelectorTerms [{alias: al2@latest}] in v1`,
      `${P}:24: ${tmpl}: subnetSelector is subnetSelectorTerms in v1 (recorded, no effect in simulation)`,
      `${P}:26: ${tmpl}: securityGroupSelector is securityGroupSelectorTerms in v1 (recorded, no effect in simulation)`,
    ]);
  });

  it('converts consolidation, expiry, an inline provider and kubeletConfiguration', () => {
    const config = parse(`apiVersion: karpenter.sh/v1alpha5
kind: Provisioner
metadata:
  name: legacy
spec:
  consolidation:
    enabled: true
  ttlSecondsUntilExpired: 2592000
  labels:
    team: web
  taints:
    - key: dedicated
      value: web
      effect: NoSchedule
  requirements:
    - key: node.kubernetes.io/instance-type
      operator: In
      values: [m5.large, m5.xlarge]
  kubeletConfiguration:
    containerRuntime: containerd
    maxPods: 110
  weight: 10
  provider:
    instanceProfile: KarpenterNodeInstanceProfile
    subnetSelector: {karpenter.sh/discovery: demo}
    securityGroupSelector: {karpenter.sh/discovery: demo}
    amiFamily: Bottlerocket
`);
    expect(config.nodePools).toEqual([
      {
        name: 'legacy',
        weight: 10,
        labels: { team: 'web' },
        taints: [{ key: 'dedicated', value: 'web', effect: 'NoSchedule' }],
        startupTaints: [],
        requirements: [
          { key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m5.large', 'm5.xlarge'] },
          { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] },
          { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] },
        ],
        nodeClassName: 'legacy',
        expireAfterSeconds: 2_592_000,
        disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfterSeconds: 0, budgets: [{ nodes: '10%' }] },
        limits: {},
      },
    ]);
    expect(config.nodeClasses).toEqual([
      {
        name: 'legacy',
        amiFamily: 'Bottlerocket',
        amiId: 'bottlerocket@latest',
        kubelet: { maxPods: 110 },
        tags: {},
        // Bottlerocket's kubelet volume (/dev/xvdb) defaults to 20 GiB
        blockDeviceGiB: 20,
        recorded: {
          instanceProfile: 'KarpenterNodeInstanceProfile',
          subnetSelector: { 'karpenter.sh/discovery': 'demo' },
          securityGroupSelector: { 'karpenter.sh/discovery': 'demo' },
          kubelet: { containerRuntime: 'containerd' },
        },
      },
    ]);
    const w = config.warnings.join('\n');
    expect(w).toContain('m.yaml:7: karpenter.sh/v1alpha5 Provisioner "legacy": spec.consolidation.enabled true is consolidationPolicy WhenEmptyOrUnderutilized with consolidateAfter 0s in v1');
    expect(w).toContain('m.yaml:8: karpenter.sh/v1alpha5 Provisioner "legacy": spec.ttlSecondsUntilExpired 2592000 is spec.template.spec.expireAfter 720h in v1');
    expect(w).toContain('m.yaml:24: karpenter.sh/v1alpha5 Provisioner "legacy": spec.provider is EC2NodeClass "legacy" in v1');
    expect(w).toContain('m.yaml:20: karpenter.sh/v1alpha5 Provisioner "legacy": spec.kubeletConfiguration moved to EC2NodeClass "legacy" spec.kubelet in v1');
    expect(w).toContain('no karpenter.sh/capacity-type requirement: the AWS webhook defaulted to on-demand; added karpenter.sh/capacity-type In [on-demand]');
  });

  it('without ttlSecondsAfterEmpty or consolidation, nodes are never removed', () => {
    const [p] = parse('apiVersion: karpenter.sh/v1alpha5\nkind: Provisioner\nmetadata: {name: x}\nspec:\n  provider: {}\n').nodePools;
    expect(p!.disruption).toEqual({ consolidationPolicy: 'WhenEmpty', budgets: [{ nodes: '10%' }] });
    expect(p!.expireAfterSeconds).toBeUndefined();
  });

  it('rejects ttlSecondsAfterEmpty together with consolidation, and a Provisioner without a provider', () => {
    expect(problems('apiVersion: karpenter.sh/v1alpha5\nkind: Provisioner\nmetadata: {name: x}\nspec:\n  consolidation: {enabled: true}\n  ttlSecondsAfterEmpty: 30\n  providerRef: {name: d}\n')).toContain(
      'm.yaml:6:25: spec.ttlSecondsAfterEmpty: ttlSecondsAfterEmpty and consolidation.enabled are mutually exclusive',
    );
    expect(problems('apiVersion: karpenter.sh/v1alpha5\nkind: Provisioner\nmetadata: {name: x}\nspec:\n  weight: 1\n')).toEqual([
      'm.yaml:5:3: spec: expected "providerRef" (an AWSNodeTemplate) or "provider", found neither',
    ]);
  });

  it('turns pre-requirements instanceTypes, zones and architecture lists into requirements', () => {
    const config = parse('apiVersion: karpenter.sh/v1alpha5\nkind: Provisioner\nmetadata: {name: old}\nspec:\n  instanceTypes: [m5.large]\n  zones: [us-east-1a, us-east-1b]\n  architecture: arm64\n  provider: {}\n');
    expect(config.nodePools[0]!.requirements).toEqual([
      { key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m5.large'] },
      { key: 'topology.kubernetes.io/zone', operator: 'In', values: ['us-east-1a', 'us-east-1b'] },
      { key: 'kubernetes.io/arch', operator: 'In', values: ['arm64'] },
      { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] },
    ]);
    expect(config.warnings).toContain('m.yaml:6: karpenter.sh/v1alpha5 Provisioner "old": spec.zones is the requirement topology.kubernetes.io/zone In [us-east-1a, us-east-1b] in v1');
  });

  it('turns an AWSNodeTemplate amiSelector of ids into the v1 AMI identity', () => {
    const config = parse(`apiVersion: karpenter.k8s.aws/v1alpha1
kind: AWSNodeTemplate
metadata: {name: pinned}
spec:
  amiFamily: AL2
  amiSelector:
    aws::ids: "ami-0123abcd,ami-0456ef01"
`);
    expect(config.nodeClasses[0]!.amiId).toBe('id:ami-0123abcd | id:ami-0456ef01');
    expect(config.warnings).toContain('m.yaml:7: karpenter.k8s.aws/v1alpha1 AWSNodeTemplate "pinned": amiSelector is amiSelectorTerms in v1 (selection "id:ami-0123abcd | id:ami-0456ef01")');
  });
});

describe('karpenter.sh/v1beta1 NodePool and karpenter.k8s.aws/v1beta1 EC2NodeClass', () => {
  it('converts to v1: WhenUnderutilized, expireAfter and kubelet move, with a warning per change', () => {
    const config = parseFixture('good/v1beta1.yaml');
    expect(config.nodePools).toEqual([
      {
        name: 'default',
        weight: 0,
        labels: {},
        taints: [],
        startupTaints: [],
        requirements: [{ key: 'karpenter.k8s.aws/instance-category', operator: 'In', values: ['c', 'm', 'r'] }],
        nodeClassName: 'default',
        expireAfterSeconds: 2_592_000,
        disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfterSeconds: 0, budgets: [{ nodes: '10%' }] },
        limits: { cpuMillis: 1_000_000 },
      },
    ]);
    expect(config.nodeClasses).toEqual([
      {
        name: 'default',
        amiFamily: 'AL2',
        amiId: 'al2@latest',
        kubelet: { maxPods: 110, evictionHardMemoryMiB: 200 },
        tags: {},
        blockDeviceGiB: 20,
        recorded: {
          role: 'KarpenterNodeRole-demo',
          subnetSelectorTerms: [{ tags: { 'karpenter.sh/discovery': 'demo' } }],
          securityGroupSelectorTerms: [{ tags: { 'karpenter.sh/discovery': 'demo' } }],
        },
      },
    ]);
    const P = 'good/v1beta1.yaml';
    const np = 'karpenter.sh/v1beta1 NodePool "default"';
    const nc = 'karpenter.k8s.aws/v1beta1 EC2NodeClass "default"';
    expect(config.warnings).toEqual([
      `${P}:9: ${np}: nodeClassRef.apiVersion karpenter.k8s.aws/v1beta1 is nodeClassRef.group karpenter.k8s.aws in v1`,
      `${P}:17: ${np}: spec.template.spec.kubelet moved to EC2NodeClass "default" spec.kubelet in v1`,
      `${P}:21: ${np}: consolidationPolicy WhenUnderutilized is WhenEmptyOrUnderutilized with consolidateAfter 0s in v1`,
      `${P}:22: ${np}: spec.disruption.expireAfter moved to spec.template.spec.expireAfter in v1`,
      `${P}:31: ${nc}: no amiSelectorTerms: the latest EKS-optimized AL2 AMI, which karpenter.k8s.aws/v1 writes as amiSelectorTerms [{alias: al2@latest}]`,
      `${P}:26: ${nc}: read as karpenter.k8s.aws/v1 (kubelet settings, if any, come from the NodePools that use this class)`,
    ]);
  });

  const v1beta1 = (disruption: string, extra = ''): string => `apiVersion: karpenter.sh/v1beta1
kind: NodePool
metadata:
  name: ${extra || 'p'}
spec:
  template:
    spec:
      nodeClassRef: {name: default}
${disruption}`;

  it('enforces v1beta1 consolidateAfter rules', () => {
    expect(problems(v1beta1('  disruption:\n    consolidationPolicy: WhenEmpty\n'))).toEqual([
      'm.yaml:10:5: spec.disruption: consolidateAfter must be set with consolidationPolicy WhenEmpty in karpenter.sh/v1beta1',
    ]);
    expect(problems(v1beta1('  disruption:\n    consolidateAfter: 30s\n'))).toEqual([
      'm.yaml:10:23: spec.disruption.consolidateAfter: consolidateAfter cannot be combined with consolidationPolicy WhenUnderutilized in karpenter.sh/v1beta1',
    ]);
    const [p] = parse(v1beta1('  disruption:\n    consolidationPolicy: WhenEmpty\n    consolidateAfter: 5m\n    expireAfter: Never\n')).nodePools;
    expect(p!.disruption.consolidateAfterSeconds).toBe(300);
    expect(p!.disruption.consolidationPolicy).toBe('WhenEmpty');
    expect(p!.expireAfterSeconds).toBeUndefined();
  });

  it('gives pools with different kubelet settings on one class their own copy of the class', () => {
    const kubelet = (n: number): string => `      kubelet:\n        maxPods: ${n}\n`;
    const text = [
      v1beta1(kubelet(20), 'a'),
      v1beta1(kubelet(40), 'b'),
      'apiVersion: karpenter.k8s.aws/v1beta1\nkind: EC2NodeClass\nmetadata: {name: default}\nspec: {amiFamily: AL2023}\n',
    ].join('---\n');
    const config = parse(text);
    expect(config.nodePools.map((p) => [p.name, p.nodeClassName])).toEqual([
      ['a', 'default'],
      ['b', 'default-b'],
    ]);
    expect(config.nodeClasses.map((c) => [c.name, c.kubelet])).toEqual([
      ['default', { maxPods: 20 }],
      ['default-b', { maxPods: 40 }],
    ]);
    expect(config.warnings.at(-1)).toMatch(/: karpenter\.sh\/v1beta1 NodePool "b": its kubelet settings differ from those of the other users of EC2NodeClass "default"; it uses a copy named "default-b"$/);
  });
});
