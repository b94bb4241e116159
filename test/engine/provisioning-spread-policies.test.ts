import { describe, expect, it } from 'vitest';
import { simulateScheduling } from '../../src/engine/provisioning/simulation/index.js';
import { fakeInstanceTypes, FAKE_ZONES } from '../../src/engine/testing/fake-instance-types.js';
import { nodePool, pods } from '../../src/engine/testing/fixtures.js';
import { LabelKeys, type TopologySpreadConstraint } from '../../src/model/index.js';

const [Z1, Z2, Z3] = FAKE_ZONES;
const TYPES = fakeInstanceTypes(8);
const APP = { app: 'web' };
const zoneSpread = (extra: Partial<TopologySpreadConstraint> = {}): TopologySpreadConstraint => ({
  maxSkew: 1,
  topologyKey: LabelKeys.zone,
  whenUnsatisfiable: 'DoNotSchedule',
  labelSelector: { matchLabels: APP },
  ...extra,
});
const zoneOf = (reqs: readonly { key: string; values: readonly string[] }[]): readonly string[] | undefined => reqs.find((r) => r.key === LabelKeys.zone)?.values;

describe('provisioning topology: spread node inclusion policies when counting domains (Kubernetes semantics)', () => {
  // Zone 3 is only offered by a NodePool with a taint the pods do not tolerate.
  const general = nodePool({ name: 'general', requirements: [{ key: LabelKeys.zone, operator: 'In', values: [Z1, Z2] }] });
  const gpu = nodePool({
    name: 'gpu',
    taints: [{ key: 'nvidia.com/gpu', effect: 'NoSchedule' }],
    requirements: [{ key: LabelKeys.zone, operator: 'In', values: [Z3] }],
  });

  it('nodeTaintsPolicy Ignore (default): the tainted-only zone counts with 0 pods, so the third pod exceeds maxSkew', () => {
    // Pods 1 and 2 take zones 1 and 2; pod 3 would make zone 1 or 2 hold 2 against zone 3's 0: skew 2 > 1.
    const r = simulateScheduling(pods(3, { cpuMillis: 500, labels: APP, topologySpreadConstraints: [zoneSpread()] }), [], [general, gpu], TYPES);
    expect(r.newNodeClaims.flatMap((c) => c.pods)).toHaveLength(2);
    expect(r.unschedulable).toHaveLength(1);
    expect(r.unschedulable[0].reason).toMatch(/topology spread on topology\.kubernetes\.io\/zone/);
  });

  it('nodeTaintsPolicy Honor: zones only untolerated nodes provide are no domains; all three pods schedule (2 + 1)', () => {
    const spec = { cpuMillis: 500, labels: APP, topologySpreadConstraints: [zoneSpread({ nodeTaintsPolicy: 'Honor' })] } as const;
    const r = simulateScheduling(pods(3, spec), [], [general, gpu], TYPES);
    expect(r.unschedulable).toHaveLength(0);
    const perZone = new Map<string, number>();
    for (const c of r.newNodeClaims) {
      expect(c.nodePool.name).toBe('general');
      const z = zoneOf(c.requirements)!;
      expect(z).toHaveLength(1);
      perZone.set(z[0], (perZone.get(z[0]) ?? 0) + c.pods.length);
    }
    expect([...perZone.values()].sort()).toEqual([1, 2]);
    expect([...perZone.keys()].sort()).toEqual([Z1, Z2]);
  });

  it('nodeTaintsPolicy Honor with the toleration: zone 3 counts again (the gpu pool can take the third pod)', () => {
    const spec = {
      cpuMillis: 500,
      labels: APP,
      tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists' as const }],
      topologySpreadConstraints: [zoneSpread({ nodeTaintsPolicy: 'Honor' })],
    };
    const r = simulateScheduling(pods(3, spec), [], [general, gpu], TYPES);
    expect(r.unschedulable).toHaveLength(0);
    const zones = r.newNodeClaims.map((c) => zoneOf(c.requirements)![0]).sort();
    expect(zones).toEqual([Z1, Z2, Z3]);
  });

  // One NodePool in all three zones; the pods' node affinity allows zones 1 and 2 only.
  const all = nodePool({ name: 'all' });
  const inZones12 = { nodeAffinity: { required: [{ matchExpressions: [{ key: LabelKeys.zone, operator: 'In' as const, values: [Z1, Z2] }] }] } };

  it('nodeAffinityPolicy Honor (default): the minimum is over the zones the pod may use; three pods schedule', () => {
    const r = simulateScheduling(pods(3, { cpuMillis: 500, labels: APP, affinity: inZones12, topologySpreadConstraints: [zoneSpread()] }), [], [all], TYPES);
    expect(r.unschedulable).toHaveLength(0);
    expect(r.newNodeClaims.flatMap((c) => zoneOf(c.requirements)!).every((z) => z === Z1 || z === Z2)).toBe(true);
  });

  it('nodeAffinityPolicy Ignore: zone 3 counts (empty, out of reach), so the third pod exceeds maxSkew', () => {
    const spec = { cpuMillis: 500, labels: APP, affinity: inZones12, topologySpreadConstraints: [zoneSpread({ nodeAffinityPolicy: 'Ignore' })] };
    const r = simulateScheduling(pods(3, spec), [], [all], TYPES);
    expect(r.newNodeClaims.flatMap((c) => c.pods)).toHaveLength(2);
    expect(r.unschedulable).toHaveLength(1);
  });
});
