import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { NodeClass, NodePool } from '../../model/index.js';
import { isInputError } from '../errors.js';
import { YamlSource } from '../yaml-source.js';
import { parseKarpenterManifests } from './index.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../../../test/fixtures/manifests/${name}`, import.meta.url));
const parse = (text: string, file = 'm.yaml') => parseKarpenterManifests(YamlSource.parseAll(file, text));
function problems(text: string): string[] {
  try {
    parse(text);
  } catch (e) {
    if (isInputError(e)) return e.message.split('\n');
    throw e;
  }
  throw new Error('expected an InputError');
}

const MINIMAL_CLASS = `---
apiVersion: karpenter.k8s.aws/v1
kind: EC2NodeClass
metadata:
  name: default
spec:
  amiSelectorTerms:
    - alias: al2023@latest
`;
const pool = (spec: string): string => `apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: p
spec:
  template:
    spec:
      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
${spec}${MINIMAL_CLASS}`;

describe('karpenter.sh/v1 NodePool', () => {
  it('maps every field of a full manifest to the model', () => {
    const file = fixture('good/v1-default.yaml');
    const config = parseKarpenterManifests(YamlSource.parseAll(file, readFileSync(file, 'utf8')));
    const expected: NodePool = {
      name: 'general',
      weight: 50,
      labels: { team: 'platform' },
      taints: [{ key: 'example.com/dedicated', value: 'general', effect: 'NoSchedule' }],
      startupTaints: [{ key: 'example.com/agent-not-ready', effect: 'NoExecute' }],
      requirements: [
        { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['spot', 'on-demand'] },
        { key: 'karpenter.k8s.aws/instance-category', operator: 'In', values: ['c', 'm', 'r'], minValues: 2 },
        { key: 'karpenter.k8s.aws/instance-generation', operator: 'Gt', values: ['4'] },
        { key: 'karpenter.k8s.aws/instance-size', operator: 'NotIn', values: ['metal'] },
        { key: 'topology.kubernetes.io/zone', operator: 'Exists', values: [] },
        { key: 'example.com/gpu', operator: 'DoesNotExist', values: [] },
        { key: 'karpenter.k8s.aws/instance-cpu', operator: 'Lt', values: ['65'] },
      ],
      nodeClassName: 'default',
      expireAfterSeconds: 336 * 3600,
      terminationGracePeriodSeconds: 90 * 60,
      disruption: {
        consolidationPolicy: 'WhenEmpty',
        consolidateAfterSeconds: 30,
        budgets: [
          { nodes: '20%', reasons: ['Empty', 'Drifted'] },
          { nodes: '0', schedule: '0 9 * * mon-fri', durationSeconds: 8 * 3600 },
          { nodes: '5' },
        ],
      },
      // cpu "1000" cores; 1000Gi = 1000 × 1024 MiB
      limits: { cpuMillis: 1_000_000, memoryMiB: 1_024_000, gpus: 4 },
    };
    expect(config.nodePools).toEqual([expected]);
    const expectedClass: NodeClass = {
      name: 'default',
      amiFamily: 'AL2023',
      amiId: 'al2023@v20240807',
      kubelet: {
        maxPods: 58,
        podsPerCore: 4,
        systemReserved: { cpuMillis: 100, memoryMiB: 100, ephemeralMiB: 1024 },
        kubeReserved: { cpuMillis: 200, memoryMiB: 512 },
        evictionHardMemoryPercent: 5,
      },
      tags: { team: 'platform' },
      blockDeviceGiB: 100,
      recorded: {
        amiSelectorTerms: [{ alias: 'al2023@v20240807' }],
        role: 'KarpenterNodeRole-demo',
        subnetSelectorTerms: [{ tags: { 'karpenter.sh/discovery': 'demo' } }],
        securityGroupSelectorTerms: [{ tags: { 'karpenter.sh/discovery': 'demo' } }],
        blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { volumeSize: '100Gi', volumeType: 'gp3', encrypted: true } }],
        userData: 'echo hello\n',
        metadataOptions: { httpTokens: 'required' },
        detailedMonitoring: true,
        kubelet: { clusterDNS: ['10.0.1.100'] },
      },
    };
    expect(config.nodeClasses).toEqual([expectedClass]);
    expect(config.warnings).toEqual([]);
  });

  it('applies Karpenter v1 defaults to a minimal pool', () => {
    const [p] = parse(pool('')).nodePools;
    expect(p).toEqual({
      name: 'p',
      weight: 0,
      labels: {},
      taints: [],
      startupTaints: [],
      requirements: [],
      nodeClassName: 'default',
      expireAfterSeconds: 720 * 3600,
      disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfterSeconds: 0, budgets: [{ nodes: '10%' }] },
      limits: {},
    });
    expect(p!.terminationGracePeriodSeconds).toBeUndefined();
  });

  it('reads "Never" as no expiry and no consolidation', () => {
    const [p] = parse(pool('      expireAfter: Never\n  disruption:\n    consolidateAfter: Never\n')).nodePools;
    expect(p!.expireAfterSeconds).toBeUndefined();
    expect('expireAfterSeconds' in p!).toBe(false);
    expect(p!.disruption).toEqual({ consolidationPolicy: 'WhenEmptyOrUnderutilized', budgets: [{ nodes: '10%' }] });
  });

  it('expands cron macros in budget schedules and reads hour-minute durations', () => {
    const [p] = parse(pool('  disruption:\n    budgets:\n      - nodes: "0"\n        schedule: "@daily"\n        duration: 1h30m\n')).nodePools;
    expect(p!.disruption.budgets).toEqual([{ nodes: '0', schedule: '0 0 * * *', durationSeconds: 5400 }]);
  });

  it('reads limits on pods, ephemeral storage, nodes and extended resources', () => {
    const [p] = parse(pool('  limits:\n    cpu: 500m\n    memory: 1G\n    pods: "110"\n    ephemeral-storage: 2Gi\n    nodes: 10\n    aws.amazonaws.com/neuron: 8\n')).nodePools;
    // 1G = 10^9 bytes = 953.67 MiB, rounded up
    expect(p!.limits).toEqual({ cpuMillis: 500, memoryMiB: 954, pods: 110, ephemeralMiB: 2048, nodes: 10, extended: { 'aws.amazonaws.com/neuron': 8 } });
  });

  it('reports every invalid field of one manifest at once, with file, line, column and path', () => {
    const file = fixture('bad/several-problems.yaml');
    let messages: string[] = [];
    try {
      parseKarpenterManifests(YamlSource.parseAll('several-problems.yaml', readFileSync(file, 'utf8')));
    } catch (e) {
      if (!isInputError(e)) throw e;
      messages = e.message.split('\n');
    }
    expect(messages).toEqual([
      'several-problems.yaml:11:21: spec.template.spec.requirements[0].operator: expected one of "In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt", found string "Inn" (did you mean "In"?)',
      'several-problems.yaml:13:20: spec.template.spec.expireAfter: expected a duration such as "30s", "15m", "720h" or "1h30m" or "Never", found string "30 days"',
      'several-problems.yaml:15:25: spec.disruption.consolidatonPolicy: unknown field "consolidatonPolicy" (did you mean "consolidationPolicy"?)',
      'several-problems.yaml:17:10: spec.limits.cpu: expected a Kubernetes quantity such as "1000", "500m" or 4, found string "10 cpu"',
      'several-problems.yaml:8:21: spec.template.spec.nodeClassRef: EC2NodeClass "defualt" not found (did you mean "default"?)',
    ]);
  });

  it('rejects requirement values that contradict their operator', () => {
    const text = pool(`      requirements:
        - key: karpenter.k8s.aws/instance-cpu
          operator: Gt
          values: ["4", "8"]
        - key: topology.kubernetes.io/zone
          operator: Exists
          values: [us-east-1a]
        - key: karpenter.k8s.aws/instance-family
          operator: In
          values: []
        - key: karpenter.sh/capacity-type
          operator: In
          values: [spot, ondemand]
        - key: karpenter.k8s.aws/instance-category
          operator: In
          values: [c, m]
          minValues: 3
        - key: karpenter.sh/nodepool
          operator: In
          values: [x]
`);
    expect(problems(text)).toEqual([
      'm.yaml:12:19: spec.template.spec.requirements[0].values: operator Gt needs exactly one non-negative integer value, found a list',
      'm.yaml:15:19: spec.template.spec.requirements[1].values: operator Exists takes no values, found 1',
      'm.yaml:18:19: spec.template.spec.requirements[2].values: operator In needs at least one value',
      'm.yaml:21:26: spec.template.spec.requirements[3].values[1]: expected one of "spot", "on-demand", "reserved", found string "ondemand"',
      'm.yaml:25:22: spec.template.spec.requirements[4].minValues: minValues 3 needs at least 3 values, found 2',
      'm.yaml:26:16: spec.template.spec.requirements[5].key: label "karpenter.sh/nodepool" is restricted: Karpenter sets it',
    ]);
  });

  it('rejects bad taints, budgets, weights and nodeClassRefs', () => {
    const text = `apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: p
spec:
  template:
    spec:
      nodeClassRef: {group: karpenter.sh, kind: EC2NodeClass, name: default}
      taints:
        - key: dedicated
          effect: NoSchedul
  disruption:
    budgets:
      - nodes: "110%"
      - nodes: "1"
        schedule: "0 25 * * *"
        duration: 30s
      - nodes: "1"
        duration: 1h
  weight: 0
${MINIMAL_CLASS}`;
    expect(problems(text)).toEqual([
      'm.yaml:11:19: spec.template.spec.taints[0].effect: expected one of "NoSchedule", "PreferNoSchedule", "NoExecute", found string "NoSchedul" (did you mean "NoSchedule"?)',
      'm.yaml:8:29: spec.template.spec.nodeClassRef.group: expected "karpenter.k8s.aws" (fleetsim simulates AWS), found string "karpenter.sh"',
      'm.yaml:14:16: spec.disruption.budgets[0].nodes: expected a node count such as "5" or a percentage such as "10%", found string "110%"',
      'm.yaml:16:19: spec.disruption.budgets[1].schedule: invalid cron schedule "0 25 * * *": hour "25" is not in 0–23',
      'm.yaml:17:19: spec.disruption.budgets[1].duration: expected a duration in hours and minutes such as "8h", "30m" or "1h30m", found string "30s"',
      'm.yaml:18:9: spec.disruption.budgets[2]: "schedule" and "duration" must be set together, found only "duration"',
      'm.yaml:20:11: spec.weight: expected an integer from 1 to 100, found number 0',
    ]);
  });
});
