import { describe, expect, it } from 'vitest';
import { LabelKeys, type NodeClaim, type NodeClass, type NodePool } from '../../../src/model/index.js';
import { EngineWorld } from './engine-world.js';
import { nodeClass, pool } from './world.js';

const onDemand = { key: LabelKeys.capacityType, operator: 'In' as const, values: ['on-demand'] };
const m5xlarge = { key: LabelKeys.instanceType, operator: 'In' as const, values: ['m5.xlarge'] };

describe('spot interruption, end to end', () => {
  it("a warned spot node's pods run elsewhere before the 2-minute reclaim; the reclaimed offering is avoided", () => {
    const spot = { key: LabelKeys.capacityType, operator: 'In' as const, values: ['spot'] };
    const w = new EngineWorld({ pools: [pool({ requirements: [spot], consolidateAfterSeconds: 'Never' })] });
    w.deployment('web', 3, { cpuMillis: 500 });
    w.runUntil(300);
    expect(w.nodes()).toHaveLength(1);
    const victim = w.nodes()[0];
    const claim = w.claimOfNode(victim.name)!;
    const offering = `${claim.status.instanceType}/${claim.status.zone}/spot`;
    const instanceId = claim.status.instanceId!;
    // The 2-minute notice at 300, the reclaim at 420 (MockEc2's default boot: Ready ≈ 30 s median, 60 s p95).
    w.emit({ kind: 'spot-interruption-warning', instanceId, at: 300, terminationAt: 420 });
    w.clock.schedule(120, () => w.ec2.terminateNow(instanceId, 'spot-reclaim'));
    w.runUntil(419.9);
    const pods = w.podsOf('web');
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.status.phase).toBe('Running');
      expect(p.status.nodeName).not.toBe(victim.name);
    }
    const others = w.claims().filter((c) => c.name !== claim.name);
    expect(others.map((c) => `${c.status.instanceType}/${c.status.zone}/${c.status.capacityType}`)).not.toContain(offering);
    expect(w.decisionsOf('disruption')).toEqual([expect.objectContaining({ reason: 'interruption', nodes: [victim.name], event: 'spot-interruption-warning' })]);
    w.runUntil(500);
    expect(w.cluster.node(victim.name)).toBeUndefined();
    expect(w.ec2.getNow(instanceId)?.state).toBe('terminated');
  });
});

describe('drift, end to end', () => {
  it('an AMI change rolls through the pool one node at a time (budget 1), each replacement launched before its node goes', () => {
    const w = new EngineWorld({ pools: [pool({ requirements: [onDemand, m5xlarge], consolidateAfterSeconds: 600, budgets: [{ nodes: '1' }] })] });
    w.deployment('web', 4, { cpuMillis: 2500 });
    w.runUntil(300);
    const old = new Set(w.claims().map((c) => c.name));
    expect(old.size).toBe(4);
    let mostAtOnce = 0;
    w.always(() => {
      const busy = w.claims().filter((c) => old.has(c.name) && (c.status.deletionAt !== undefined || w.cluster.node(c.status.nodeName ?? '')?.taints.some((t) => t.key === 'karpenter.sh/disrupted')));
      mostAtOnce = Math.max(mostAtOnce, busy.length);
    });
    w.engine.updateConfig({ nodeClasses: [nodeClass({ amiId: 'ami-2' })] });
    w.runUntil(3600);
    const now = w.claims();
    expect(now).toHaveLength(4);
    for (const c of now) expect(old.has(c.name)).toBe(false);
    expect(mostAtOnce).toBe(1);
    const commands = w.decisionsOf('disruption-command');
    const done = w.decisionsOf('disruption');
    expect(done.map((d) => d.reason)).toEqual(['drift', 'drift', 'drift', 'drift']);
    for (let i = 0; i < 4; i++) expect(commands[i].at).toBeLessThan(done[i].at);
    for (const p of w.podsOf('web')) expect(p.status.phase).toBe('Running');
  });
});

describe('template-hash drift, end to end', () => {
  function labelChange(hashOf?: (p: NodePool, c: NodeClass) => string): EngineWorld {
    const w = new EngineWorld({ pools: [pool({ requirements: [onDemand], consolidateAfterSeconds: 'Never', budgets: [{ nodes: '100%' }] })], ...(hashOf ? { hashOf } : {}) });
    w.deployment('web', 1, { cpuMillis: 500 });
    w.runUntil(300);
    w.clock.schedule(0, () => w.engine.applyConfig({ nodePools: [{ ...w.engine.config.nodePools()[0], labels: { team: 'blue' } }] }));
    w.runUntil(900);
    return w;
  }

  it("a NodePool template change (labels) drifts its nodes under the engine's own hash; the replacement carries the new label", () => {
    const w = labelChange();
    expect(w.decisionsOf('disruption').map((d) => d.reason)).toEqual(['drift']);
    expect(w.nodes().map((n) => n.labels.team)).toEqual(['blue']);
  });

  it('the runtime may pass its own hash: one that ignores labels drifts nothing', () => {
    const w = labelChange((p, c) => `${p.nodeClassName}|${c.amiId}`);
    expect(w.decisionsOf('disruption')).toEqual([]);
  });
});

describe('expiration, end to end', () => {
  it('a node is deleted at its NodeClaim age expireAfter and its pod is rescheduled onto a new node', () => {
    const w = new EngineWorld({ pools: [pool({ requirements: [onDemand], expireAfterSeconds: 3600, consolidateAfterSeconds: 'Never' })] });
    w.deployment('web', 1, { cpuMillis: 500 });
    w.runUntil(300);
    const first: NodeClaim = w.claims()[0];
    w.runUntil(first.createdAt + 3599.9);
    expect(first.status.deletionAt).toBeUndefined();
    w.runUntil(first.createdAt + 3600);
    expect(first.status.deletionAt).toBe(first.createdAt + 3600);
    expect(w.decisionsOf('disruption')).toEqual([expect.objectContaining({ reason: 'expiration', at: first.createdAt + 3600 })]);
    w.runUntil(first.createdAt + 3800);
    const [pod] = w.podsOf('web');
    expect(pod.status.phase).toBe('Running');
    expect(w.claims().map((c) => c.name)).not.toContain(first.name);
    expect(w.claimOfNode(pod.status.nodeName!)?.createdAt).toBeGreaterThanOrEqual(first.createdAt + 3600);
  });
});
