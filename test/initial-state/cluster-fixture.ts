/**
 * A small existing cluster: one Karpenter node (k1), one node-group node (g1), one self-managed node (u1);
 * a Deployment web (3 replicas, 3 pods listed), a Deployment api (2 replicas, 1 listed), a Job (2
 * completions, parallelism 1, one pod running for 10 minutes), a DaemonSet.
 */
export const CLUSTER = `
name: seeded
horizon: 30m
zones: [us-east-1a, us-east-1b]
cluster:
  daemonSets:
    - { name: agent, requests: { cpu: 100m, memory: 128Mi } }
  podTemplates:
    web: { requests: { cpu: 500m, memory: 1Gi }, labels: { app: web } }
    api: { requests: { cpu: "1", memory: 2Gi }, labels: { app: api } }
    batch: { requests: { cpu: "1", memory: 1Gi }, duration: 10m }
initialState:
  nodes:
    - { name: k1, instanceType: m5.xlarge, zone: us-east-1a, nodePool: default }
    - { name: g1, instanceType: m5.xlarge, zone: us-east-1b, nodeGroup: ng }
    - { name: u1, instanceType: m5.large, zone: us-east-1a, labels: { role: edge } }
  controllers:
    - { kind: Deployment, name: web, namespace: shop, replicas: 3, template: web }
    - { kind: Deployment, name: api, namespace: shop, replicas: 2, template: api }
    - { kind: Job, name: report, namespace: batch, completions: 2, parallelism: 1, template: batch }
  pods:
    - { name: web-a, namespace: shop, node: k1, template: web, owner: { kind: Deployment, name: web } }
    - { name: web-b, namespace: shop, node: g1, template: web, owner: { kind: Deployment, name: web } }
    - { name: web-c, namespace: shop, node: u1, template: web, owner: { kind: Deployment, name: web } }
    - { name: api-a, namespace: shop, node: g1, owner: { kind: Deployment, name: api } }
    - { name: report-a, namespace: batch, node: k1, template: batch, owner: { kind: Job, name: report } }
karpenter:
  manifests:
    - apiVersion: karpenter.sh/v1
      kind: NodePool
      metadata: { name: default }
      spec:
        template:
          spec:
            nodeClassRef: { group: karpenter.k8s.aws, kind: EC2NodeClass, name: default }
            requirements: [{ key: karpenter.k8s.aws/instance-category, operator: In, values: [m] }]
        disruption: { consolidationPolicy: WhenEmpty, consolidateAfter: 1h }
    - apiVersion: karpenter.k8s.aws/v1
      kind: EC2NodeClass
      metadata: { name: default }
      spec:
        amiSelectorTerms: [{ alias: al2023@latest }]
        role: r
        subnetSelectorTerms: [{ tags: { a: b } }]
        securityGroupSelectorTerms: [{ tags: { a: b } }]
clusterAutoscaler:
  flags: { scale-down-enabled: false }
  nodeGroups:
    - { name: ng, minSize: 0, maxSize: 5, desiredCapacity: 1, instanceType: m5.xlarge, availabilityZones: [us-east-1a, us-east-1b] }
`;
