import { describe, expect, it } from 'vitest';
import { resources, type Node, type Pod } from '../../../model/index.js';
import { fromQuantities, toQuantities } from './quantities.js';
import { podFromKube, podRequests, podToKube } from './pod.js';
import { nodeFromKube, nodeToKube } from './node.js';
import { nodeClaimFromKube, nodeClaimToKube } from './nodeclaim.js';
import { fromTimestamp, toMicroTime, toTimestamp } from './time.js';
import type { KubePod } from './types.js';

const base = { epochSeconds: 1_700_000_000 }; // 2023-11-14T22:13:20Z

function pod(overrides: Partial<Pod> = {}): Pod {
  return {
    uid: 'shop/cart-1',
    name: 'cart-1',
    namespace: 'shop',
    createdAt: 10,
    labels: { app: 'cart' },
    annotations: { note: 'x' },
    owner: { kind: 'ReplicaSet', name: 'cart' },
    requests: resources({ cpuMillis: 1500, memoryMiB: 2048, gpus: 1 }),
    nodeSelector: { 'kubernetes.io/arch': 'arm64' },
    affinity: {
      nodeAffinity: { required: [{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['us-east-1a'] }] }] },
      podAntiAffinity: { preferred: [{ weight: 50, term: { labelSelector: { matchLabels: { app: 'cart' } }, topologyKey: 'kubernetes.io/hostname' } }] },
    },
    tolerations: [{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }],
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'cart' } } }],
    hostPorts: [8080],
    priority: 1000,
    priorityClassName: 'high',
    terminationGracePeriodSeconds: 45,
    localStorage: true,
    durationSeconds: 600,
    status: { phase: 'Running', nodeName: 'node-a', unschedulable: false, boundAt: 12, startedAt: 20 },
    ...overrides,
  };
}

describe('quantities', () => {
  it('writes cpu in cores or millicores and memory in Gi or Mi', () => {
    expect(toQuantities(resources({ cpuMillis: 2000, memoryMiB: 4096, pods: 110 }), true)).toEqual({ cpu: '2', memory: '4Gi', pods: '110' });
    expect(toQuantities(resources({ cpuMillis: 1500, memoryMiB: 1536, gpus: 1, ephemeralMiB: 20480 }))).toEqual({
      cpu: '1500m',
      memory: '1536Mi',
      'nvidia.com/gpu': '1',
      'ephemeral-storage': '20Gi',
    });
  });

  it('reads Kubernetes quantities into the model units', () => {
    // 0.5 cores = 500m; 1G = 10^9 bytes = 953.67 MiB, rounded up to 954; 2Gi = 2048 MiB.
    expect(fromQuantities({ cpu: '0.5', memory: '1G', 'ephemeral-storage': '2Gi', 'vpc.amazonaws.com/efa': '1', 'hugepages-2Mi': '0' })).toEqual(
      resources({ cpuMillis: 500, memoryMiB: 954, ephemeralMiB: 2048, extended: { 'vpc.amazonaws.com/efa': 1 } }),
    );
  });

  it('effective pod requests: the larger of the containers sum and each init container, plus overhead', () => {
    const spec: KubePod['spec'] = {
      containers: [
        { name: 'a', resources: { requests: { cpu: '250m', memory: '256Mi' } } },
        { name: 'b', resources: { requests: { cpu: '250m', memory: '256Mi' } } },
      ],
      initContainers: [{ name: 'init', resources: { requests: { cpu: '1', memory: '128Mi' } } }],
      overhead: { cpu: '100m', memory: '64Mi' },
    };
    // max(500m, 1000m) + 100m = 1100m; max(512Mi, 128Mi) + 64Mi = 576Mi.
    expect(podRequests(spec)).toMatchObject({ cpuMillis: 1100, memoryMiB: 576 });
  });
});

describe('times', () => {
  it('model seconds become RFC 3339 at the epoch offset, and back', () => {
    expect(toTimestamp(0, base)).toBe('2023-11-14T22:13:20Z');
    expect(toTimestamp(61.9, base)).toBe('2023-11-14T22:14:21Z');
    expect(toMicroTime(1.25, base)).toBe('2023-11-14T22:13:21.250000Z');
    expect(fromTimestamp('2023-11-14T22:14:21Z', base)).toBe(61);
    expect(fromTimestamp('2023-11-14T23:13:21.5+01:00', base)).toBe(1.5);
    expect(fromTimestamp(new Date(Date.UTC(2023, 10, 14, 22, 13, 30)), base)).toBe(10);
    expect(() => fromTimestamp('yesterday', base)).toThrow(/RFC 3339/);
  });
});

describe('pods', () => {
  it('round-trips every field the model has', () => {
    const p = pod();
    expect(podFromKube(podToKube(p, base), base)).toEqual(p);
  });

  it('an unschedulable pending pod carries PodScheduled=False reason Unschedulable', () => {
    const p = pod({ status: { phase: 'Pending', unschedulable: true, unschedulableSince: 15, nominatedNodeName: 'planned' } });
    const k = podToKube(p, base);
    expect(k.status?.conditions).toEqual([
      { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: 'no node can run this pod now', lastTransitionTime: '2023-11-14T22:13:35Z' },
    ]);
    expect(k.metadata.annotations?.['fleetsim.io/nominated-node']).toBe('planned');
    expect(k.spec.nodeName).toBeUndefined();
    expect(podFromKube(k, base).status).toEqual(p.status);
  });

  it('a terminating pod: deletionTimestamp is deletion start + grace period', () => {
    const k = podToKube(pod({ status: { phase: 'Running', nodeName: 'n', unschedulable: false, deletionAt: 100, boundAt: 12, startedAt: 20 } }), base);
    expect(k.metadata.deletionTimestamp).toBe(toTimestamp(145, base));
    expect(k.metadata.deletionGracePeriodSeconds).toBe(45);
    expect(podFromKube(k, base).status.deletionAt).toBe(100);
  });
});

describe('nodes and NodeClaims', () => {
  it('a node round-trips, with capacity as quantities and Ready since readyAt', () => {
    const n: Node = {
      name: 'ip-10-0-1-1.ec2.internal',
      labels: { 'node.kubernetes.io/instance-type': 'm5.large' },
      taints: [{ key: 'karpenter.sh/unregistered', effect: 'NoExecute' }],
      annotations: {},
      capacity: resources({ cpuMillis: 2000, memoryMiB: 7680, pods: 29 }),
      allocatable: resources({ cpuMillis: 1930, memoryMiB: 6950, pods: 29 }),
      providerID: 'aws:///us-east-1a/i-0abc',
      ready: true,
      unschedulable: true,
      createdAt: 30,
      readyAt: 75,
    };
    const k = nodeToKube(n, base);
    expect(k.status?.allocatable).toEqual({ cpu: '1930m', memory: '6950Mi', pods: '29' });
    expect(k.status?.conditions?.[0]).toMatchObject({ type: 'Ready', status: 'True', lastTransitionTime: toTimestamp(75, base) });
    expect(nodeFromKube(k, base)).toEqual(n);
  });

  it('a NodeClaim round-trips, status times kept to the microsecond', () => {
    const c = {
      name: 'default-abcde',
      nodePoolName: 'default',
      nodeClassName: 'default',
      createdAt: 5,
      requirements: [{ key: 'node.kubernetes.io/instance-type', operator: 'In' as const, values: ['m5.large'], minValues: 1 }],
      instanceTypeOptions: ['m5.large'],
      requests: resources({ cpuMillis: 500, memoryMiB: 512, pods: 2 }),
      taints: [],
      startupTaints: [],
      templateHash: 'h',
      status: { instanceId: 'i-1', capacityType: 'spot' as const, pricePerHour: 0.04, launchRequestedAt: 5.000123, allocatable: resources({ cpuMillis: 1930, memoryMiB: 6950, pods: 29 }) },
    };
    const k = nodeClaimToKube(c, base);
    expect(k.status).toMatchObject({ instanceID: 'i-1', launchRequestedAt: '2023-11-14T22:13:25.000123Z' });
    const back = nodeClaimFromKube(k, base);
    expect(back.status.launchRequestedAt).toBeCloseTo(5.000123, 6);
    expect({ ...back, status: { ...back.status, launchRequestedAt: 0 } }).toEqual({ ...c, status: { ...c.status, launchRequestedAt: 0 } });
  });
});
