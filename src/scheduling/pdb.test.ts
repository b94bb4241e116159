import { describe, expect, it } from 'vitest';
import type { Pod, PodDisruptionBudget, PodPhase } from '../model/index.js';
import { blockingPdb, disruptionsAllowed, pdbStatus, scaledIntOrPercent } from './pdb.js';
import { podSpec } from './test-fixtures.js';

let n = 0;
function pod(phase: PodPhase = 'Running', opts: { labels?: Record<string, string>; namespace?: string; deleting?: boolean } = {}): Pod {
  const uid = `p${n++}`;
  return {
    ...podSpec({ labels: opts.labels ?? { app: 'zk' }, namespace: opts.namespace ?? 'default' }),
    uid,
    name: uid,
    createdAt: 0,
    status: { phase, unschedulable: false, ...(opts.deleting ? { deletionAt: 5 } : {}) },
  };
}
const pdb = (spec: Partial<PodDisruptionBudget>): PodDisruptionBudget => ({ name: 'zk', namespace: 'default', selector: { matchLabels: { app: 'zk' } }, ...spec });
const running = (k: number) => Array.from({ length: k }, () => pod());

describe('PDB arithmetic (Kubernetes disruption controller)', () => {
  it('minAvailable 2 over 3 healthy pods allows 1 (the documented zk-pdb example)', () => {
    expect(pdbStatus(pdb({ minAvailable: 2 }), running(3))).toEqual({ expectedPods: 3, currentHealthy: 3, desiredHealthy: 2, disruptionsAllowed: 1 });
    expect(disruptionsAllowed(pdb({ minAvailable: 2 }), [])).toBe(0);
  });
  it('minAvailable 50% of 7 rounds up to 4 → 3 disruptions', () => {
    expect(scaledIntOrPercent('50%', 7)).toBe(4);
    expect(disruptionsAllowed(pdb({ minAvailable: '50%' }), running(7))).toBe(3);
  });
  it('maxUnavailable 30% of 7 rounds up to 3 → desired 4', () => {
    expect(pdbStatus(pdb({ maxUnavailable: '30%' }), running(7)).desiredHealthy).toBe(4);
    expect(disruptionsAllowed(pdb({ maxUnavailable: 1 }), running(5))).toBe(1);
  });
  it('unhealthy pods consume the budget', () => {
    const pods = [...running(3), pod('Pending'), pod('Running', { deleting: true })];
    // expected 5 (non-terminal), healthy 3, maxUnavailable 1 → desired 4 → 0 allowed
    expect(pdbStatus(pdb({ maxUnavailable: 1 }), pods)).toEqual({ expectedPods: 5, currentHealthy: 3, desiredHealthy: 4, disruptionsAllowed: 0 });
  });
  it('maxUnavailable 0 / minAvailable 100% allow nothing', () => {
    expect(disruptionsAllowed(pdb({ maxUnavailable: 0 }), running(4))).toBe(0);
    expect(disruptionsAllowed(pdb({ minAvailable: '100%' }), running(4))).toBe(0);
    expect(disruptionsAllowed(pdb({ maxUnavailable: '0%' }), running(4))).toBe(0);
  });
  it('selects by namespace and selector; an empty selector selects the whole namespace', () => {
    const pods = [...running(2), pod('Running', { labels: { app: 'other' } }), pod('Running', { namespace: 'prod' })];
    expect(pdbStatus(pdb({ minAvailable: 1 }), pods).currentHealthy).toBe(2);
    expect(pdbStatus(pdb({ minAvailable: 1, selector: {} }), pods).currentHealthy).toBe(3);
  });
  it('expectedPods override (controller scale) drives percentages', () => {
    expect(disruptionsAllowed(pdb({ maxUnavailable: '50%' }), running(3), 4)).toBe(1); // desired 4 − 2 = 2
  });
  it('rejects malformed values', () => {
    expect(() => scaledIntOrPercent('half', 4)).toThrow(/half/);
    expect(() => scaledIntOrPercent('12.5%', 4)).toThrow();
    expect(scaledIntOrPercent('3', 4)).toBe(3);
  });
});

describe('blockingPdb', () => {
  it('blocks a healthy pod when the budget is spent, not otherwise', () => {
    const pods = running(2);
    const budget = pdb({ minAvailable: 2 });
    expect(blockingPdb(pods[0], [budget], pods)).toBe(budget);
    expect(blockingPdb(pods[0], [pdb({ minAvailable: 1 })], pods)).toBeUndefined();
    expect(blockingPdb(pod('Running', { labels: { app: 'other' } }), [budget], pods)).toBeUndefined();
  });
  it('never blocks pending, terminal or terminating pods', () => {
    const budget = pdb({ maxUnavailable: 0 });
    const pending = pod('Pending');
    const done = pod('Succeeded');
    const leaving = pod('Running', { deleting: true });
    const pods = [...running(2), pending, done, leaving];
    expect(blockingPdb(pending, [budget], pods)).toBeUndefined();
    expect(blockingPdb(done, [budget], pods)).toBeUndefined();
    expect(blockingPdb(leaving, [budget], pods)).toBeUndefined();
    expect(blockingPdb(pods[0], [budget], pods)).toBe(budget);
  });
});
