import { describe, expect, it } from 'vitest';
import { run, scenarioOf } from './world.js';

const NODE_CLASS = `
    - apiVersion: karpenter.k8s.aws/v1
      kind: EC2NodeClass
      metadata: { name: default }
      spec:
        amiSelectorTerms: [{ alias: al2023@latest }]
        role: r
        subnetSelectorTerms: [{ tags: { a: b } }]
        securityGroupSelectorTerms: [{ tags: { a: b } }]`;

describe('initialState: billing of unmanaged nodes', () => {
  it('an unmanaged m5.large costs its catalog on-demand price over 1 h ($0.096), under every policy', () => {
    const yaml = `
name: bill
horizon: 1h
policy: static
zones: [us-east-1a]
initialState:
  nodes: [{ name: u1, instanceType: m5.large, zone: us-east-1a }]
karpenter:
  manifests:
    - apiVersion: karpenter.sh/v1
      kind: NodePool
      metadata: { name: default }
      spec: { template: { spec: { nodeClassRef: { group: karpenter.k8s.aws, kind: EC2NodeClass, name: default } } } }${NODE_CLASS}
clusterAutoscaler:
  nodeGroups: [{ name: ng, minSize: 1, maxSize: 2, desiredCapacity: 1, instanceType: m5.large, availabilityZones: [us-east-1a] }]
`;
    const s = scenarioOf(yaml);
    for (const policy of ['static', 'karpenter'] as const) {
      const d = run(s, policy).data;
      expect(d.instances.map((i) => [i.nodeName, i.instanceType, i.launchedAt, i.terminatedAt])).toEqual([['u1', 'm5.large', 0, undefined]]);
      expect(d.instances[0]!.costUsd).toBeCloseTo(0.096, 9);
    }
    // Under the Cluster Autoscaler the m5.large fits group ng and is adopted (desired 1 counts it, min 1
    // keeps it from being scaled down although empty); billed the same.
    const ca = run(s, 'cluster-autoscaler').data;
    expect(ca.instances.map((i) => [i.nodeName, i.groupName])).toEqual([['u1', 'ng']]);
    expect(ca.instances[0]!.costUsd).toBeCloseTo(0.096, 9);
  });
});

describe('initialState: adoption', () => {
  it('karpenter consolidates adopted, underused nodes onto unmanaged ones, and never removes unmanaged nodes (even empty)', () => {
    // k1, k2: m5.xlarge of NodePool default with one 500m pod each; u1: m5.xlarge, unmanaged, one pod;
    // u2: an empty unmanaged m5.large. All three web pods (1.5 CPU) fit on u1 (3920m allocatable) →
    // both adopted nodes can go (their pods move to u1 or u2); u1 and u2 stay for the whole horizon.
    const yaml = `
name: consolidate
horizon: 40m
zones: [us-east-1a]
cluster:
  podTemplates:
    web: { requests: { cpu: 500m, memory: 1Gi }, labels: { app: web } }
initialState:
  nodes:
    - { name: k1, instanceType: m5.xlarge, zone: us-east-1a, nodePool: default }
    - { name: k2, instanceType: m5.xlarge, zone: us-east-1a, nodePool: default }
    - { name: u1, instanceType: m5.xlarge, zone: us-east-1a }
    - { name: u2, instanceType: m5.large, zone: us-east-1a }
  controllers: [{ kind: Deployment, name: web, replicas: 3, template: web }]
  pods:
    - { name: web-a, node: k1, owner: { kind: Deployment, name: web } }
    - { name: web-b, node: k2, owner: { kind: Deployment, name: web } }
    - { name: web-c, node: u1, owner: { kind: Deployment, name: web } }
karpenter:
  manifests:
    - apiVersion: karpenter.sh/v1
      kind: NodePool
      metadata: { name: default }
      spec:
        template: { spec: { nodeClassRef: { group: karpenter.k8s.aws, kind: EC2NodeClass, name: default } } }
        disruption: { consolidationPolicy: WhenEmptyOrUnderutilized, consolidateAfter: 30s }${NODE_CLASS}
`;
    let live: string[] = [];
    let webRunning = 0;
    const d = run(scenarioOf(yaml), 'karpenter', (w) => {
      w.clock.scheduleAt(39 * 60, () => {
        live = [...w.cluster.nodes()].map((n) => n.name).sort();
        webRunning = [...w.cluster.pods()].filter((p) => p.owner?.kind === 'ReplicaSet' && p.status.phase === 'Running' && ['u1', 'u2'].includes(p.status.nodeName!)).length;
      });
    }).data;
    expect(live).toEqual(['u1', 'u2']);
    expect(webRunning).toBe(3);
    const byNode = new Map(d.instances.map((i) => [i.nodeName, i] as const));
    expect(byNode.get('u1')!.terminatedAt).toBeUndefined();
    expect(byNode.get('u2')!.terminatedAt).toBeUndefined();
    expect(byNode.get('k1')!.terminatedAt).toBeDefined();
    expect(byNode.get('k2')!.terminatedAt).toBeDefined();
    const disrupted = d.decisions.filter((x) => x.kind === 'disruption').flatMap((x) => x.nodes as string[]);
    expect(disrupted.filter((n) => n === 'u1' || n === 'u2')).toEqual([]);
    expect(d.instances.length).toBe(4); // nothing launched: the pods had room on u1
  });

  it('cluster-autoscaler scales down adopted empty nodes of a group, never below its minSize, and leaves the unmanaged one', () => {
    // g1..g3 in group ng (min 1): empty but for DaemonSet pods; u1 unmanaged, empty.
    const yaml = `
name: scale-down
horizon: 40m
policy: cluster-autoscaler
zones: [us-east-1a, us-east-1b]
initialState:
  nodes:
    - { name: g1, instanceType: m5.xlarge, zone: us-east-1a, nodeGroup: ng }
    - { name: g2, instanceType: m5.xlarge, zone: us-east-1b, nodeGroup: ng }
    - { name: g3, instanceType: m5.xlarge, zone: us-east-1a, nodeGroup: ng }
    - { name: u1, instanceType: m5.large, zone: us-east-1b }
clusterAutoscaler:
  flags: { scale-down-unneeded-time: 1m, scale-down-delay-after-add: 0s }
  nodeGroups: [{ name: ng, minSize: 1, maxSize: 5, desiredCapacity: 1, instanceType: m5.xlarge, availabilityZones: [us-east-1a, us-east-1b] }]
`;
    let desired = -1;
    let nodes: string[] = [];
    const d = run(scenarioOf(yaml), 'cluster-autoscaler', (w) => {
      w.clock.scheduleAt(39 * 60, () => {
        desired = w.ec2.group('ng')!.desiredCapacity;
        nodes = [...w.cluster.nodes()].map((n) => n.name).sort();
      });
    }).data;
    expect(desired).toBe(1);
    expect(nodes.length).toBe(2);
    expect(nodes).toContain('u1');
    const removed = d.instances.filter((i) => i.terminatedAt !== undefined).map((i) => i.nodeName).sort();
    expect(removed.length).toBe(2);
    expect(removed.every((n) => n === 'g1' || n === 'g2' || n === 'g3')).toBe(true);
    expect(d.instances.length).toBe(4); // nothing launched
  });
});
