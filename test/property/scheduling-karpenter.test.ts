import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/index.js';
import { simulateScheduling, type SchedulingResult } from '../../src/engine/provisioning/simulation/index.js';
import { daemonSet, nodePool, pod, req } from '../../src/engine/testing/fixtures.js';
import { LabelKeys, type DaemonSet, type InstanceType, type NodePool, type Offering, type Pod, type Toleration } from '../../src/model/index.js';
import { allowedValues, overcommit, requirementsAdmit, selectorMatches, sumRequests, untolerated } from './scheduling-oracles.js';

/**
 * Karpenter's scheduling simulation (`simulateScheduling`) over random pods — requests, nodeSelectors on
 * zone / capacity type / a NodePool label, tolerations, hostname anti-affinity, zonal topology spread —
 * random instance-type lists (subsets of the catalog) with random offerings out of capacity, two
 * NodePools (one tainted) and an optional DaemonSet. Checked against Kubernetes semantics written
 * separately (scheduling-oracles.ts), never against the engine's own helpers:
 * - every input pod comes back exactly once (on a planned NodeClaim, or unschedulable);
 * - a planned NodeClaim's pods plus the DaemonSet pod fit the allocatable of EVERY instance type it keeps;
 * - each kept instance type matches the claim's requirements and has an available offering in a zone and
 *   capacity type the claim allows;
 * - every pod's nodeSelector is pinned by the claim's requirements (the node is certain to carry it), and
 *   the pod tolerates its NodePool's taints;
 * - no two pods on one claim where one's required hostname anti-affinity selects the other;
 * - zonal spread: claims holding spread pods are pinned to one zone, and the counts per zone stay within
 *   maxSkew;
 * - a pod without constraints that fits alone on some available instance type of the untainted pool is
 *   not reported unschedulable.
 */

const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
const CATALOG = loadCatalog({ families: ['c5', 'm5', 'r5', 't3', 'm6i'] });
const TAINT = { key: 'dedicated', value: 'batch', effect: 'NoSchedule' } as const;
const TOLERATE: Toleration = { key: 'dedicated', operator: 'Equal', value: 'batch', effect: 'NoSchedule' };
const TEAM = 'example.com/team';

interface Input {
  readonly pods: Pod[];
  readonly pools: NodePool[];
  readonly types: InstanceType[];
  readonly unavailable: ReadonlySet<string>;
  readonly daemonSet: DaemonSet | undefined;
  readonly webSpread: boolean;
  readonly dbAntiAffinity: boolean;
}

const offeringKey = (t: InstanceType, o: Offering): string => `${t.name}/${o.zone}/${o.capacityType}`;

const podArb = fc.record({
  app: fc.constantFrom('web', 'db', 'batch'),
  cpuMillis: fc.integer({ min: 50, max: 6000 }),
  memoryMiB: fc.integer({ min: 64, max: 24000 }),
  zone: fc.option(fc.constantFrom(...ZONES), { nil: undefined, freq: 4 }),
  capacityType: fc.option(fc.constantFrom('spot', 'on-demand'), { nil: undefined, freq: 4 }),
  team: fc.option(fc.constantFrom('a', 'b'), { nil: undefined, freq: 3 }),
  tolerates: fc.boolean(),
});

const inputArb: fc.Arbitrary<Input> = fc
  .record({
    pods: fc.array(podArb, { minLength: 1, maxLength: 30 }),
    types: fc.subarray(CATALOG, { minLength: 1, maxLength: 25 }),
    outOfCapacity: fc.array(fc.tuple(fc.nat(), fc.constantFrom(...ZONES), fc.constantFrom('spot', 'on-demand')), { maxLength: 40 }),
    spotInA: fc.boolean(),
    weightB: fc.integer({ min: 0, max: 100 }),
    ds: fc.option(fc.record({ cpuMillis: fc.integer({ min: 0, max: 800 }), memoryMiB: fc.integer({ min: 0, max: 1024 }) }), { nil: undefined }),
    webSpread: fc.boolean(),
    dbAntiAffinity: fc.boolean(),
  })
  .map((r) => {
    const unavailable = new Set(r.outOfCapacity.map(([i, z, c]) => `${r.types[i % r.types.length]!.name}/${z}/${c}`));
    const pools = [
      nodePool({
        name: 'a',
        labels: { [TEAM]: 'a' },
        requirements: [req(LabelKeys.arch, 'In', 'amd64'), req(LabelKeys.capacityType, 'In', ...(r.spotInA ? ['spot', 'on-demand'] : ['on-demand']))],
      }),
      nodePool({
        name: 'b',
        weight: r.weightB,
        labels: { [TEAM]: 'b' },
        taints: [TAINT],
        requirements: [req(LabelKeys.arch, 'In', 'amd64'), req(LabelKeys.capacityType, 'In', 'spot', 'on-demand')],
      }),
    ];
    const pods = r.pods.map((p, i) => {
      // Spread pods all share one nodeSelector (none), so every one of them sees the same zones as domains.
      const spread = p.app === 'web' && r.webSpread;
      const nodeSelector: Record<string, string> = {};
      if (!spread) {
        if (p.zone) nodeSelector[LabelKeys.zone] = p.zone;
        if (p.capacityType) nodeSelector[LabelKeys.capacityType] = p.capacityType;
        if (p.team) nodeSelector[TEAM] = p.team;
      }
      return pod({
        name: `p${String(i).padStart(3, '0')}`,
        cpuMillis: p.cpuMillis,
        memoryMiB: p.memoryMiB,
        labels: { app: p.app },
        nodeSelector,
        tolerations: p.tolerates && !spread ? [TOLERATE] : [],
        ...(p.app === 'db' && r.dbAntiAffinity
          ? { affinity: { podAntiAffinity: { required: [{ topologyKey: LabelKeys.hostname, labelSelector: { matchLabels: { app: 'db' } } }] } } }
          : {}),
        ...(spread
          ? { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: LabelKeys.zone, whenUnsatisfiable: 'DoNotSchedule' as const, labelSelector: { matchLabels: { app: 'web' } } }] }
          : {}),
      });
    });
    return {
      pods,
      pools,
      types: r.types,
      unavailable,
      daemonSet: r.ds ? daemonSet({ name: 'agent', ...r.ds }) : undefined,
      webSpread: r.webSpread,
      dbAntiAffinity: r.dbAntiAffinity,
    };
  });

function run(input: Input): SchedulingResult {
  return simulateScheduling(input.pods, [], input.pools, input.types, {
    isOfferingAvailable: (t, o) => !input.unavailable.has(offeringKey(t, o)),
    ...(input.daemonSet ? { daemonSets: [input.daemonSet] } : {}),
  });
}

/** Everything wrong with the result, in words (empty when all holds). */
function problems(input: Input, result: SchedulingResult): string[] {
  const out: string[] = [];
  const seen = new Map<string, number>();
  const count = (p: Pod): void => void seen.set(p.uid, (seen.get(p.uid) ?? 0) + 1);
  for (const e of result.existingNodePlacements) count(e.pod);
  for (const c of result.newNodeClaims) for (const p of c.pods) count(p);
  for (const u of result.unschedulable) count(u.pod);
  for (const p of input.pods) if (seen.get(p.uid) !== 1) out.push(`pod ${p.uid} accounted for ${seen.get(p.uid) ?? 0} times`);
  if (seen.size !== input.pods.length) out.push(`result names ${seen.size} pods, input has ${input.pods.length}`);
  if (result.existingNodePlacements.length > 0) out.push('placements on existing nodes although there are none');

  const dsRequests = input.daemonSet ? [input.daemonSet.template.requests] : [];
  const webPerZone = new Map<string, number>();
  for (const [ci, claim] of result.newNodeClaims.entries()) {
    const name = `claim ${ci} (${claim.nodePool.name})`;
    if (claim.pods.length === 0) out.push(`${name} has no pods`);
    if (claim.instanceTypes.length === 0) out.push(`${name} keeps no instance type`);
    const totals = sumRequests([...claim.pods.map((p) => p.requests), ...dsRequests]);
    const zones = allowedValues(claim.requirements, LabelKeys.zone);
    const capacityTypes = allowedValues(claim.requirements, LabelKeys.capacityType);
    for (const t of claim.instanceTypes) {
      const over = overcommit(totals, t.allocatable);
      if (over.length > 0) out.push(`${name}: its pods + DaemonSet exceed ${t.name}'s allocatable: ${over.join(', ')}`);
      for (const [key, value] of Object.entries(t.labels)) {
        if (!requirementsAdmit(claim.requirements, key, value)) out.push(`${name}: kept ${t.name} has ${key}=${value}, which its requirements exclude`);
      }
      const launchable = t.offerings.some(
        (o) => !input.unavailable.has(offeringKey(t, o)) && (zones?.has(o.zone) ?? true) && (capacityTypes?.has(o.capacityType) ?? true),
      );
      if (!launchable) out.push(`${name}: kept ${t.name} has no available offering in zones ${[...(zones ?? [])]} / ${[...(capacityTypes ?? [])]}`);
    }
    for (const p of claim.pods) {
      for (const [key, value] of Object.entries(p.nodeSelector)) {
        const allowed = allowedValues(claim.requirements, key);
        if (!allowed || allowed.size !== 1 || !allowed.has(value)) {
          out.push(`${name}: pod ${p.uid} selects ${key}=${value} but the claim allows ${allowed ? [...allowed].join('|') || 'nothing' : 'any value'}`);
        }
      }
      const bad = untolerated(p, claim.nodePool.taints);
      if (bad.length > 0) out.push(`${name}: pod ${p.uid} does not tolerate ${bad.map((t) => t.key).join(', ')}`);
      for (const term of p.affinity?.podAntiAffinity?.required ?? []) {
        if (term.topologyKey !== LabelKeys.hostname) continue;
        for (const q of claim.pods) {
          if (q !== p && q.namespace === p.namespace && selectorMatches(term.labelSelector, q.labels)) out.push(`${name}: ${p.uid}'s anti-affinity selects ${q.uid} on the same claim`);
        }
      }
    }
    const web = claim.pods.filter((p) => p.labels.app === 'web').length;
    if (input.webSpread && web > 0) {
      if (!zones || zones.size !== 1) out.push(`${name} holds ${web} zone-spread pods but is not pinned to one zone (${zones ? [...zones].join('|') : 'any'})`);
      else {
        const z = [...zones][0]!;
        webPerZone.set(z, (webPerZone.get(z) ?? 0) + web);
      }
    }
  }
  if (input.webSpread && webPerZone.size > 0) {
    // Counts over the zones used: a lower bound of the skew over all domains, which must stay <= maxSkew.
    const counts = [...webPerZone.values()];
    if (Math.max(...counts) - Math.min(...counts) > 1) out.push(`zone spread (maxSkew 1) broken: ${JSON.stringify(Object.fromEntries(webPerZone))}`);
  }

  // Completeness for the plainest pods: no selector, no anti-affinity or spread, fits alone on the untainted pool.
  const poolA = input.pools[0]!;
  const capacityA = allowedValues(poolA.requirements, LabelKeys.capacityType)!;
  for (const u of result.unschedulable) {
    const p = u.pod;
    if (Object.keys(p.nodeSelector).length > 0 || p.affinity || p.topologySpreadConstraints.length > 0) continue;
    const alone = sumRequests([p.requests, ...dsRequests]);
    const fitsSomewhere = input.types.some(
      (t) =>
        t.arch === 'amd64' &&
        overcommit(alone, t.allocatable).length === 0 &&
        t.offerings.some((o) => capacityA.has(o.capacityType) && !input.unavailable.has(offeringKey(t, o))),
    );
    if (fitsSomewhere) out.push(`pod ${p.uid} (${p.requests.cpuMillis}m, ${p.requests.memoryMiB}Mi) unschedulable ("${u.reason}") although it fits alone on an available type of NodePool a`);
  }
  return out;
}

const seen = { claims: 0, unschedulable: 0, spreadClaims: 0, antiAffinityClaims: 0 };

describe('property: Karpenter scheduling simulation against Kubernetes semantics', () => {
  it('random pods, instance types, capacity and constraints', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const result = run(input);
        expect(problems(input, result)).toEqual([]);
        seen.claims += result.newNodeClaims.length;
        seen.unschedulable += result.unschedulable.length;
        seen.spreadClaims += input.webSpread ? result.newNodeClaims.filter((c) => c.pods.some((p) => p.labels.app === 'web')).length : 0;
        seen.antiAffinityClaims += input.dbAntiAffinity ? result.newNodeClaims.filter((c) => c.pods.some((p) => p.labels.app === 'db')).length : 0;
      }),
      { seed: 20251121, numRuns: 150 },
    );
    // Not vacuous: claims of every kind were planned, and some pods were turned away.
    expect(seen.claims).toBeGreaterThan(200);
    expect(seen.spreadClaims).toBeGreaterThan(40);
    expect(seen.antiAffinityClaims).toBeGreaterThan(40);
    expect(seen.unschedulable).toBeGreaterThan(20);
  });

  it('the oracles see a broken plan (a claim with an extra pod that does not fit its types)', () => {
    const input = fc.sample(inputArb.filter((i) => i.pods.length >= 2), { seed: 3, numRuns: 1 })[0]!;
    const result = run(input);
    expect(problems(input, result)).toEqual([]);
    const claim = result.newNodeClaims[0]!;
    const huge = pod({ name: 'huge', cpuMillis: 1_000_000 });
    const broken: SchedulingResult = { ...result, newNodeClaims: [{ ...claim, pods: [...claim.pods, huge, claim.pods[0]!] }, ...result.newNodeClaims.slice(1)] };
    const found = problems({ ...input, pods: [...input.pods, huge] }, broken).join('\n');
    expect(found).toContain('exceed');
    expect(found).toContain(`pod ${claim.pods[0]!.uid} accounted for 2 times`);
  });
});
