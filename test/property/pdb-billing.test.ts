import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { billedCostUsd, billedSeconds } from '../../src/model/billing.js';
import type { Pod, PodDisruptionBudget, PodPhase } from '../../src/model/index.js';
import { resources } from '../../src/model/index.js';
import { blockingPdb, disruptionsAllowed, scaledIntOrPercent } from '../../src/scheduling/pdb.js';

/** Kubernetes' intstr scaling with rounding up, in integers: ceil(p × n / 100) = floor((p × n + 99) / 100). */
const ceilPercent = (p: number, n: number): number => Math.floor((p * n + 99) / 100);

const intOrPercent = fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 100 }).map((p) => `${p}%`));

function scaledOracle(v: number | string, n: number): number {
  return typeof v === 'number' ? v : ceilPercent(Number(v.slice(0, -1)), n);
}

interface PodFacts {
  readonly phase: PodPhase;
  readonly terminating: boolean;
  readonly app: 'a' | 'b';
  readonly namespace: 'default' | 'other';
}

const podFacts = fc.record<PodFacts>({
  phase: fc.constantFrom('Pending', 'Running', 'Running', 'Succeeded', 'Failed'),
  terminating: fc.boolean(),
  app: fc.constantFrom('a', 'b'),
  namespace: fc.constantFrom('default', 'other'),
});

function pod(f: PodFacts, i: number): Pod {
  return {
    uid: `${f.namespace}/p${i}`,
    name: `p${i}`,
    namespace: f.namespace,
    labels: { app: f.app },
    annotations: {},
    requests: resources({ cpuMillis: 100 }),
    nodeSelector: {},
    tolerations: [],
    topologySpreadConstraints: [],
    hostPorts: [],
    priority: 0,
    terminationGracePeriodSeconds: 30,
    createdAt: 0,
    status: { phase: f.phase, unschedulable: false, ...(f.terminating ? { deletionAt: 1 } : {}) },
  };
}

describe('property: PodDisruptionBudget arithmetic against an independent oracle', () => {
  it('int-or-percent scaling rounds percentages up', () => {
    fc.assert(
      fc.property(intOrPercent, fc.integer({ min: 0, max: 1000 }), (v, n) => {
        expect(scaledIntOrPercent(v, n)).toBe(scaledOracle(v, n));
      }),
      { seed: 4101, numRuns: 500 },
    );
  });

  it('disruptionsAllowed and blockingPdb follow the disruption controller and Eviction API rules', () => {
    const budget = fc.oneof(intOrPercent.map((v) => ({ minAvailable: v })), intOrPercent.map((v) => ({ maxUnavailable: v })));
    fc.assert(
      fc.property(fc.array(podFacts, { maxLength: 25 }), budget, (facts, b) => {
        const pdb: PodDisruptionBudget = { name: 'web', namespace: 'default', selector: { matchLabels: { app: 'a' } }, ...b };
        const pods = facts.map(pod);
        const selected = facts.filter((f) => f.namespace === 'default' && f.app === 'a');
        const expected = selected.filter((f) => f.phase !== 'Succeeded' && f.phase !== 'Failed').length;
        const healthy = selected.filter((f) => f.phase === 'Running' && !f.terminating).length;
        const desired =
          'minAvailable' in b ? scaledOracle(b.minAvailable, expected) : Math.max(0, expected - scaledOracle(b.maxUnavailable, expected));
        const allowed = Math.max(0, healthy - desired);
        expect(disruptionsAllowed(pdb, pods)).toBe(allowed);
        facts.forEach((f, i) => {
          const evictable = f.phase === 'Running' && !f.terminating;
          const blocked = evictable && f.namespace === 'default' && f.app === 'a' && allowed === 0;
          expect(blockingPdb(pods[i]!, [pdb], pods)?.name).toBe(blocked ? 'web' : undefined);
        });
      }),
      { seed: 4102, numRuns: 400 },
    );
  });
});

describe('property: EC2 billing (per second, a started second counts, 60 s minimum)', () => {
  it('billedSeconds and billedCostUsd match the direct formula', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 * 86_400_000 }),
        fc.integer({ min: -5_000, max: 3 * 86_400_000 }),
        fc.double({ min: 0.001, max: 100, noNaN: true }),
        (launchMs, durationMs, pricePerHour) => {
          const launchedAt = launchMs / 1000;
          const endAt = (launchMs + durationMs) / 1000;
          const expected = durationMs <= 0 ? 60 : Math.max(60, Math.floor((durationMs + 999) / 1000));
          expect(billedSeconds(launchedAt, endAt)).toBe(expected);
          expect(billedCostUsd(pricePerHour, launchedAt, endAt)).toBeCloseTo((pricePerHour * expected) / 3600, 9);
        },
      ),
      { seed: 4103, numRuns: 2000 },
    );
  });
});
