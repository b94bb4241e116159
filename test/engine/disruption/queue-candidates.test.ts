import { describe, expect, it } from 'vitest';
import { CommandQueue } from '../../../src/engine/disruption/command-queue.js';
import { commandTimeoutSeconds, DEFAULT_DISRUPTION_OPTIONS } from '../../../src/engine/disruption/options.js';
import type { Command } from '../../../src/engine/disruption/types.js';
import { resources } from '../../../src/model/index.js';
import { DisruptionWorld, pool } from './world.js';

describe('candidates', () => {
  it('a node the provisioner nominated pods onto is no candidate for 20 s', () => {
    const w = new DisruptionWorld({ pools: [pool({ budgets: [{ nodes: '100%' }] })] });
    const n = w.addNode('m5.large');
    w.run(60);
    expect(w.pass().candidate(n)).toBeDefined();
    w.state.nominate(n, []);
    w.run(19.9);
    expect(w.pass().candidate(n)).toBeUndefined();
    w.run(0.1);
    expect(w.pass().candidate(n)).toBeDefined();
  });

  it('consolidatable once consolidateAfter has passed since initialization or the last pod event (10 s dedupe)', () => {
    const w = new DisruptionWorld({ pools: [pool({ consolidateAfterSeconds: 120 })] });
    const n = w.addNode('m5.large');
    w.run(119);
    expect(w.pass().candidate(n)?.consolidatable).toBe(false);
    expect(w.pass().candidate(n)?.consolidatableAt).toBe(120);
    w.run(1);
    expect(w.pass().candidate(n)?.consolidatable).toBe(true);
    w.addPods(n, 1, { cpuMillis: 100 }); // binds at 120.001...: a pod event
    const boundAt = w.cluster.podsOnNode(n)[Symbol.iterator]().next().value!.status.boundAt!;
    expect(w.pass().candidate(n)?.consolidatable).toBe(false);
    w.run(boundAt + 120 - w.clock.now());
    expect(w.pass().candidate(n)?.consolidatable).toBe(true);
  });
});

describe('command queue', () => {
  it('command timeout is clamp(80 ms × commands, 10 min, 1 h)', () => {
    expect(commandTimeoutSeconds(DEFAULT_DISRUPTION_OPTIONS, 1)).toBe(600);
    expect(commandTimeoutSeconds(DEFAULT_DISRUPTION_OPTIONS, 10_000)).toBeCloseTo(800, 9);
    expect(commandTimeoutSeconds(DEFAULT_DISRUPTION_OPTIONS, 100_000)).toBe(3600);
  });

  it('abandons a replace command whose replacement is not initialized within 10 minutes, untainting the candidate', () => {
    const w = new DisruptionWorld();
    const n = w.addNode('m5.large');
    w.run(10);
    const candidate = w.pass().candidate(n)!;
    const deps = {
      ...w.deps,
      launcher: {
        launch: () => {
          w.cluster.createNodeClaim({ ...w.cluster.nodeClaim(candidate.nodeClaim.name)!, name: 'stuck', status: {}, requests: resources() });
          return { ok: true as const, nodeClaimName: 'stuck' };
        },
      },
    };
    const queue = new CommandQueue(deps, w.disruptionDecisions);
    const planned = { nodePool: candidate.nodePool, hostname: 'h', pods: [], requirements: [], instanceTypes: [candidate.instanceType], requests: resources(), podRequests: resources(), cheapestPricePerHour: 0.05 };
    const command: Command = { method: 'test', reason: 'underutilized', candidates: [candidate], replacements: [planned], savingsPerHour: 0.046 };
    w.clock.schedule(0, () => queue.execute(command));
    w.run(1);
    expect(w.cluster.node(n)?.taints).toContainEqual({ key: 'karpenter.sh/disrupted', effect: 'NoSchedule' });
    expect(queue.inFlight()).toEqual(new Set([n]));
    w.run(598);
    expect(w.decisionsOf('disruption-abandoned')).toEqual([]);
    w.run(2);
    expect(w.decisionsOf('disruption-abandoned')).toEqual([expect.objectContaining({ nodes: [n], rejection: 'replacement-failed' })]);
    expect(w.cluster.node(n)?.taints.some((t) => t.key === 'karpenter.sh/disrupted')).toBe(false);
    expect(queue.inFlight().size).toBe(0);
    expect(w.deleted).toEqual([]);
  });
});
