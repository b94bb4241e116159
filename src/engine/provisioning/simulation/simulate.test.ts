import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../catalog/index.js';
import { fits, LabelKeys, type InstanceType, type NodePool, type Pod } from '../../../model/index.js';
import type { StateNode } from '../../state/state-node.js';
import { cheapestTypes, claimZones, podNames, unschedulableReasons } from '../../testing/expectations.js';
import { daemonSet, nodePool, pod, pods, req } from '../../testing/fixtures.js';
import { simulateScheduling } from './simulate.js';
import type { SchedulingResult, SimulationOptions } from './types.js';

const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
const catalog = loadCatalog();
const onDemand = req(LabelKeys.capacityType, 'In', 'on-demand');
const amd64 = req(LabelKeys.arch, 'In', 'amd64');

function schedule(
  batch: readonly Pod[],
  o: { nodePools?: readonly NodePool[]; types?: readonly InstanceType[]; stateNodes?: readonly StateNode[] } & SimulationOptions = {},
): SchedulingResult {
  const { nodePools = [nodePool({ requirements: [onDemand, amd64] })], types = catalog, stateNodes = [], ...opts } = o;
  return simulateScheduling(batch, stateNodes, nodePools, types, opts);
}

describe('simulateScheduling: instance type choice', () => {
  it('packs ten 1-CPU/1-GiB pods plus DaemonSet overhead onto the cheapest single type that holds them all', () => {
    // 10 × (1000m, 1024Mi) + DaemonSet (200m, 256Mi) = 10200m, 10496Mi, 11 pods. 8-vCPU types allocate 7910m,
    // 16-vCPU ones 15890m; among on-demand amd64 c/m/r types the cheapest 16-vCPU one is c6a.4xlarge at
    // $0.612/h (c5a.4xlarge $0.616, c5.4xlarge $0.68; reference CSV, us-east-1).
    const pool = nodePool({ requirements: [onDemand, amd64, req(LabelKeys.instanceCategory, 'In', 'c', 'm', 'r')] });
    const result = schedule(pods(10, { cpuMillis: 1000, memoryMiB: 1024 }), {
      nodePools: [pool],
      daemonSets: [daemonSet({ cpuMillis: 200, memoryMiB: 256 })],
    });
    expect(cheapestTypes(result)).toEqual(['c6a.4xlarge']);
    expect(result.newNodeClaims[0].cheapestPricePerHour).toBeCloseTo(0.612, 6);
    expect(result.newNodeClaims[0].requests).toMatchObject({ cpuMillis: 10200, memoryMiB: 10496, pods: 11 });
    expect(result.unschedulable).toEqual([]);
  });

  it('restricted to c5/m5/r5 the same ten pods get c5.4xlarge ($0.68/h), the cheapest of them with 16 vCPUs', () => {
    const types = loadCatalog({ families: ['c5', 'm5', 'r5'] });
    const result = schedule(pods(10, { cpuMillis: 1000, memoryMiB: 1024 }), { types, daemonSets: [daemonSet({ cpuMillis: 200 })] });
    expect(cheapestTypes(result)).toEqual(['c5.4xlarge']);
    expect(result.newNodeClaims[0].cheapestPricePerHour).toBeCloseTo(0.68, 6);
  });

  it('counts DaemonSet overhead: seven 1-CPU pods fit c5.2xlarge (7910m) alone, but not beside a 1-CPU DaemonSet', () => {
    const types = loadCatalog({ families: ['c5'] });
    expect(cheapestTypes(schedule(pods(7, { cpuMillis: 1000 }), { types }))).toEqual(['c5.2xlarge']);
    const withDs = schedule(pods(7, { cpuMillis: 1000 }), { types, daemonSets: [daemonSet({ cpuMillis: 1000 })] });
    expect(cheapestTypes(withDs)).toEqual(['c5.4xlarge']);
  });

  it('keeps the options cheapest first and at most maxInstanceTypes', () => {
    const result = schedule([pod({ cpuMillis: 100 })], { maxInstanceTypes: 20 });
    const claim = result.newNodeClaims[0];
    expect(claim.instanceTypes).toHaveLength(20);
    const prices = claim.instanceTypes.map((t) => Math.min(...t.offerings.filter((o) => o.capacityType === 'on-demand').map((o) => o.pricePerHour)));
    expect([...prices].sort((a, b) => a - b)).toEqual(prices);
    expect(claim.requirements).toContainEqual(expect.objectContaining({ key: LabelKeys.instanceType, operator: 'In', values: claim.instanceTypes.map((t) => t.name) }));
  });

  it('puts GPU pods only on NVIDIA GPU types: g4dn.xlarge ($0.526/h) is the cheapest amd64 one', () => {
    const result = schedule([pod({ cpuMillis: 1000, gpus: 1 })]);
    expect(cheapestTypes(result)).toEqual(['g4dn.xlarge']);
    for (const t of result.newNodeClaims[0].instanceTypes) expect(t.allocatable.gpus).toBeGreaterThanOrEqual(1);
  });

  it('an arm64-only NodePool launches Graviton: t4g.small ($0.0168/h) for a 1-CPU/1-GiB pod', () => {
    const pool = nodePool({ requirements: [onDemand, req(LabelKeys.arch, 'In', 'arm64')] });
    const result = schedule([pod({ cpuMillis: 1000, memoryMiB: 1024 })], { nodePools: [pool] });
    expect(cheapestTypes(result)).toEqual(['t4g.small']);
    for (const t of result.newNodeClaims[0].instanceTypes) {
      expect(t.arch).toBe('arm64');
      expect(t.labels[LabelKeys.instanceCpuManufacturer]).toBe('aws');
    }
  });

  it('skips offerings the availability check rejects (an ICE on c5.large moves the claim to c5.xlarge)', () => {
    const types = loadCatalog({ families: ['c5'] });
    const iced = (t: InstanceType): boolean => t.name === 'c5.large';
    const result = schedule([pod({ cpuMillis: 500 })], { types, isOfferingAvailable: (t, o) => o.available && !iced(t) });
    expect(cheapestTypes(result)).toEqual(['c5.xlarge']);
  });
});

describe('simulateScheduling: invariants', () => {
  it('every option of every planned claim holds its pods and DaemonSets and has an available offering', () => {
    const types = loadCatalog({ families: ['c5', 'm5', 'r5'] });
    const gone = new Set(['c5.2xlarge', 'c5.4xlarge', 'm5.4xlarge', 'r5.2xlarge']);
    const available = (t: InstanceType, o: { available: boolean; zone: string }): boolean => o.available && !(gone.has(t.name) && o.zone !== 'us-east-1c');
    const batch = [
      ...pods(7, { cpuMillis: 1500, memoryMiB: 3000 }),
      ...pods(5, { cpuMillis: 250, memoryMiB: 6000 }),
      ...pods(4, { cpuMillis: 3000, memoryMiB: 512, nodeSelector: { [LabelKeys.zone]: 'us-east-1a' } }),
    ];
    const result = schedule(batch, { types, isOfferingAvailable: available, daemonSets: [daemonSet({ cpuMillis: 150, memoryMiB: 200 })] });
    expect(result.unschedulable).toEqual([]);
    for (const claim of result.newNodeClaims) {
      const zones = claimZones(claim, ZONES);
      for (const t of claim.instanceTypes) {
        expect(fits(claim.requests, t.allocatable)).toBe(true);
        expect(t.offerings.some((o) => available(t, o) && zones.includes(o.zone) && o.capacityType === 'on-demand')).toBe(true);
      }
    }
    expect(result.newNodeClaims.flatMap((c) => c.pods).length).toBe(batch.length);
  });
});

describe('simulateScheduling: unavailable types', () => {
  it('never packs a claim beyond the types that can still be bought', () => {
    // Only c5.large (1930m) and c5.xlarge (3920m) are available: three 1500m pods need two claims.
    const types = loadCatalog({ families: ['c5'] });
    const result = schedule(pods(3, { cpuMillis: 1500 }), { types, isOfferingAvailable: (t, o) => o.available && ['c5.large', 'c5.xlarge'].includes(t.name) });
    expect(result.unschedulable).toEqual([]);
    expect(result.newNodeClaims.map((c) => c.pods.length).sort()).toEqual([1, 2]);
    expect(cheapestTypes(result).sort()).toEqual(['c5.large', 'c5.xlarge']);
  });
});

describe('simulateScheduling: NodePools', () => {
  it('orders NodePools by weight: the heavier pool wins even when pricier', () => {
    const pools = [
      nodePool({ name: 'cheap', weight: 0, requirements: [onDemand, req(LabelKeys.instanceFamily, 'In', 'c5')] }),
      nodePool({ name: 'preferred', weight: 10, requirements: [onDemand, req(LabelKeys.instanceFamily, 'In', 'r5')] }),
    ];
    const result = schedule([pod({ cpuMillis: 500 })], { nodePools: pools });
    expect(result.newNodeClaims.map((c) => c.nodePool.name)).toEqual(['preferred']);
    expect(cheapestTypes(result)).toEqual(['r5.large']);
  });

  it('breaks weight ties by name, descending', () => {
    const pools = [nodePool({ name: 'alpha', requirements: [onDemand] }), nodePool({ name: 'beta', requirements: [onDemand] })];
    expect(schedule([pod({ cpuMillis: 500 })], { nodePools: pools }).newNodeClaims[0].nodePool.name).toBe('beta');
  });

  it('stops at the NodePool cpu limit and leaves the rest pending with that reason', () => {
    // Limit 16 CPUs: only types of at most 16 vCPUs qualify, and the first claim uses the whole limit
    // (pessimistically, its largest option). A 16-vCPU c5.4xlarge allocates 15890m: 15 one-CPU pods.
    const pool = nodePool({ requirements: [onDemand, req(LabelKeys.instanceFamily, 'In', 'c5')], limits: { cpuMillis: 16000 } });
    const result = schedule(pods(20, { cpuMillis: 1000 }), { nodePools: [pool] });
    expect(result.newNodeClaims).toHaveLength(1);
    expect(result.newNodeClaims[0].pods).toHaveLength(15);
    expect(result.unschedulable).toHaveLength(5);
    for (const u of result.unschedulable) expect(u.reason).toMatch(/exceed its limits: cpu/);
  });

  it('counts existing nodes of the pool against its limits', () => {
    const pool = nodePool({ requirements: [onDemand], limits: { cpuMillis: 4000 } });
    const full = inFlight('default-1', catalog.find((t) => t.name === 'c5.xlarge')!, { allocatable: { cpuMillis: 0 } });
    const result = schedule([pod({ cpuMillis: 500 })], { nodePools: [pool], stateNodes: [full] });
    expect(result.newNodeClaims).toEqual([]);
    expect(result.unschedulable[0].reason).toMatch(/limits/);
  });

  it('explains a pod no NodePool tolerates', () => {
    const pool = nodePool({ requirements: [onDemand], taints: [{ key: 'team', value: 'ml', effect: 'NoSchedule' }] });
    const result = schedule([pod({ name: 'web' })], { nodePools: [pool] });
    expect(unschedulableReasons(result).get('web')).toMatch(/nodepool "default": did not tolerate taint team=ml:NoSchedule/);
  });

  it('explains a requirement no NodePool can meet', () => {
    const result = schedule([pod({ name: 'win', nodeSelector: { [LabelKeys.arch]: 'arm64' } })]);
    expect(unschedulableReasons(result).get('win')).toMatch(/incompatible requirement on kubernetes.io\/arch/);
  });

  it('enforces minValues: a pod too big for all but one family fails a 3-family minimum', () => {
    const pool = nodePool({
      requirements: [onDemand, amd64, { key: LabelKeys.instanceFamily, operator: 'In', values: ['c5', 'm5', 'r5', 'x1'], minValues: 3 }],
    });
    expect(schedule([pod({ cpuMillis: 1000 })], { nodePools: [pool] }).newNodeClaims).toHaveLength(1);
    // 700 GiB of memory: only r5.metal/24xlarge (768 GiB) and x1 fit.
    const big = schedule([pod({ name: 'big', memoryMiB: 700 * 1024 })], { nodePools: [pool] });
    expect(unschedulableReasons(big).get('big')).toMatch(/minValues for karpenter.k8s.aws\/instance-family/);
  });
});

describe('simulateScheduling: topology', () => {
  const app = { app: 'web' };

  it('spreads 3 replicas with a zonal topology spread over 3 zones onto 3 claims in 3 zones', () => {
    const result = schedule(
      pods(3, {
        cpuMillis: 500,
        labels: app,
        topologySpreadConstraints: [{ maxSkew: 1, topologyKey: LabelKeys.zone, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: app } }],
      }),
    );
    expect(result.newNodeClaims).toHaveLength(3);
    const zones = result.newNodeClaims.map((c) => claimZones(c, ZONES));
    for (const z of zones) expect(z).toHaveLength(1);
    expect(zones.flat().sort()).toEqual(ZONES);
  });

  it('hostname anti-affinity puts one pod on each claim', () => {
    const result = schedule(
      pods(4, { cpuMillis: 100, labels: app, affinity: { podAntiAffinity: { required: [{ topologyKey: LabelKeys.hostname, labelSelector: { matchLabels: app } }] } } }),
    );
    expect(result.newNodeClaims.map((c) => c.pods.length)).toEqual([1, 1, 1, 1]);
  });

  it('zonal self-affinity keeps every replica in one zone', () => {
    const result = schedule(
      pods(6, { cpuMillis: 4000, labels: app, affinity: { podAffinity: { required: [{ topologyKey: LabelKeys.zone, labelSelector: { matchLabels: app } }] } } }),
    );
    const zones = new Set(result.newNodeClaims.flatMap((c) => claimZones(c, ZONES)));
    expect(zones.size).toBe(1);
    expect(result.unschedulable).toEqual([]);
  });

  it('keeps a hostname spread of maxSkew 1 to at most one pod per node', () => {
    const result = schedule(
      pods(5, {
        cpuMillis: 100,
        labels: app,
        topologySpreadConstraints: [{ maxSkew: 1, topologyKey: LabelKeys.hostname, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: app } }],
      }),
    );
    expect(result.newNodeClaims.map((c) => c.pods.length)).toEqual([1, 1, 1, 1, 1]);
  });
});

describe('simulateScheduling: preferences', () => {
  it('relaxes a preferred zone that no offering has, then schedules', () => {
    const result = schedule([
      pod({
        name: 'pref',
        cpuMillis: 100,
        affinity: { nodeAffinity: { preferred: [{ weight: 10, term: { matchExpressions: [req(LabelKeys.zone, 'In', 'us-west-2a')] } }] } },
      }),
    ]);
    expect(result.unschedulable).toEqual([]);
    expect(result.newNodeClaims).toHaveLength(1);
  });

  it('honours a satisfiable preferred zone', () => {
    const result = schedule([
      pod({ cpuMillis: 100, affinity: { nodeAffinity: { preferred: [{ weight: 10, term: { matchExpressions: [req(LabelKeys.zone, 'In', 'us-east-1b')] } }] } } }),
    ]);
    expect(claimZones(result.newNodeClaims[0], ZONES)).toEqual(['us-east-1b']);
  });

  it('falls through required node-affinity OR-terms in order', () => {
    const result = schedule([
      pod({
        cpuMillis: 100,
        affinity: {
          nodeAffinity: {
            required: [{ matchExpressions: [req(LabelKeys.zone, 'In', 'eu-west-1a')] }, { matchExpressions: [req(LabelKeys.zone, 'In', 'us-east-1c')] }],
          },
        },
      }),
    ]);
    expect(claimZones(result.newNodeClaims[0], ZONES)).toEqual(['us-east-1c']);
  });

  it('ignores preferences up front with preferencePolicy Ignore', () => {
    const p = pod({ cpuMillis: 100, affinity: { nodeAffinity: { preferred: [{ weight: 1, term: { matchExpressions: [req(LabelKeys.zone, 'In', 'us-east-1b')] } }] } } });
    expect(claimZones(schedule([p], { preferencePolicy: 'Ignore' }).newNodeClaims[0], ZONES)).toEqual(ZONES);
  });
});

describe('simulateScheduling: existing nodes', () => {
  it('lets an in-flight NodeClaim absorb new pods instead of planning another', () => {
    const m5xl = catalog.find((t) => t.name === 'm5.xlarge')!;
    const result = schedule(pods(3, { cpuMillis: 1000 }), { stateNodes: [inFlight('default-abc', m5xl)] });
    expect(result.newNodeClaims).toEqual([]);
    expect(result.existingNodePlacements.map((p) => p.nodeName)).toEqual(['default-abc', 'default-abc', 'default-abc']);
  });

  it('plans a new claim for what the in-flight one cannot hold', () => {
    const m5xl = catalog.find((t) => t.name === 'm5.xlarge')!;
    // m5.xlarge allocates 3920m: three 1-CPU pods fit, the fourth needs a new claim.
    const result = schedule(pods(4, { cpuMillis: 1000 }), { stateNodes: [inFlight('default-abc', m5xl)] });
    expect(result.existingNodePlacements).toHaveLength(3);
    expect(result.newNodeClaims.map((c) => c.pods.length)).toEqual([1]);
  });

  it('does not place pods on nodes marked for deletion', () => {
    const m5xl = catalog.find((t) => t.name === 'm5.xlarge')!;
    const deleting = { ...inFlight('default-abc', m5xl), markedForDeletion: true };
    const result = schedule([pod({ cpuMillis: 1000 })], { stateNodes: [deleting] });
    expect(result.existingNodePlacements).toEqual([]);
    expect(result.newNodeClaims).toHaveLength(1);
  });

  it('respects existing pods for anti-affinity', () => {
    const m5xl = catalog.find((t) => t.name === 'm5.xlarge')!;
    const anti = { podAntiAffinity: { required: [{ topologyKey: LabelKeys.hostname, labelSelector: { matchLabels: { app: 'db' } } }] } };
    const running = pod({ name: 'db-0', labels: { app: 'db' }, affinity: anti, nodeName: 'node-1' });
    const node = registered('node-1', m5xl, [running]);
    const result = schedule([pod({ name: 'db-1', labels: { app: 'db' }, affinity: anti, cpuMillis: 100 })], { stateNodes: [node] });
    expect(result.existingNodePlacements).toEqual([]);
    expect(podNames(result.newNodeClaims[0].pods)).toEqual(['db-1']);
  });
});

function inFlight(name: string, it: InstanceType, o: { allocatable?: Partial<InstanceType['allocatable']> } = {}): StateNode {
  return {
    name,
    hostname: name,
    nodePoolName: 'default',
    labels: { [LabelKeys.nodePool]: 'default' },
    requirements: [req(LabelKeys.instanceType, 'In', it.name), req(LabelKeys.nodePool, 'In', 'default'), onDemand],
    taints: [],
    capacity: it.capacity,
    allocatable: { ...it.allocatable, ...o.allocatable },
    requested: { cpuMillis: 0, memoryMiB: 0, gpus: 0, pods: 0, ephemeralMiB: 0 },
    pods: [],
    daemonSetNames: new Set(),
    hostPortsInUse: new Set(),
    registered: false,
    initialized: false,
    markedForDeletion: false,
    unschedulable: false,
  };
}

function registered(name: string, it: InstanceType, running: Pod[]): StateNode {
  return {
    ...inFlight(name, it),
    requirements: undefined,
    labels: { ...it.labels, [LabelKeys.zone]: 'us-east-1a', [LabelKeys.capacityType]: 'on-demand', [LabelKeys.nodePool]: 'default', [LabelKeys.hostname]: name },
    pods: running,
    registered: true,
    initialized: true,
  };
}
