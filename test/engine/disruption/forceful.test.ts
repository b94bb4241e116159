import { describe, expect, it } from 'vitest';
import type { CloudEvent, CloudProvider } from '../../../src/cloud/cloud-provider.js';
import { ExpirationController } from '../../../src/engine/expiration/expiration-controller.js';
import { InterruptionController } from '../../../src/engine/interruption/interruption-controller.js';
import { DisruptionWorld, pool } from './world.js';

/** The world's MockEc2 seen through a CloudProvider whose event channel the test drives. */
function scriptedEvents(w: DisruptionWorld): { cloud: CloudProvider; emit(e: CloudEvent): void } {
  const listeners: ((e: CloudEvent) => void)[] = [];
  const cloud: CloudProvider = {
    name: 'scripted',
    instanceTypes: (c) => w.ec2.instanceTypes(c),
    launch: (r, done) => w.ec2.launch(r, done),
    terminate: (id, done) => w.ec2.terminate(id, done),
    get: (id, done) => w.ec2.get(id, done),
    list: (tags, done) => w.ec2.list(tags, done),
    onEvent: (l) => {
      listeners.push(l);
      return () => listeners.splice(listeners.indexOf(l), 1);
    },
  };
  return { cloud, emit: (e) => listeners.forEach((l) => l(e)) };
}

function instanceOf(w: DisruptionWorld, node: string): string {
  const claim = [...w.cluster.nodeClaims()].find((c) => c.status.nodeName === node);
  return claim!.status.instanceId!;
}

describe('interruption (Karpenter AWS actionForMessage)', () => {
  function setup(): { w: DisruptionWorld; emit(e: CloudEvent): void; marked: string[]; spot: string; od: string } {
    const w = new DisruptionWorld();
    const spot = w.addNode('m5.large', { capacityType: 'spot', zone: 'us-east-1b' });
    const od = w.addNode('m5.large');
    const { cloud, emit } = scriptedEvents(w);
    const marked: string[] = [];
    new InterruptionController({
      cluster: w.cluster,
      cloud,
      state: w.state,
      terminator: w.deps.terminator,
      decisions: w.disruptionDecisions,
      markUnavailable: (t, z, ct) => marked.push(`${t}/${z}/${ct}`),
    }).start();
    return { w, emit, marked, spot, od };
  }

  it('a spot interruption warning marks the offering unavailable and deletes the NodeClaim at once', () => {
    const { w, emit, marked, spot } = setup();
    emit({ kind: 'spot-interruption-warning', instanceId: instanceOf(w, spot), at: 0, terminationAt: 120 });
    expect(marked).toEqual(['m5.large/us-east-1b/spot']);
    expect(w.deleted).toEqual(['claim-0']);
    expect(w.decisionsOf('disruption')).toEqual([expect.objectContaining({ reason: 'interruption', nodes: [spot], event: 'spot-interruption-warning' })]);
  });

  it('a rebalance recommendation is only logged', () => {
    const { w, emit, marked, spot } = setup();
    emit({ kind: 'rebalance-recommendation', instanceId: instanceOf(w, spot), at: 0 });
    expect(marked).toEqual([]);
    expect(w.deleted).toEqual([]);
    expect(w.decisionsOf('interruption-event')).toEqual([expect.objectContaining({ event: 'rebalance-recommendation', nodes: [spot] })]);
    expect(w.decisionsOf('disruption')).toEqual([]);
  });

  it.each([
    [{ kind: 'scheduled-change' as const }],
    [{ kind: 'instance-state-change' as const, state: 'stopping' as const }],
    [{ kind: 'instance-state-change' as const, state: 'terminated' as const }],
  ])('%o deletes the NodeClaim without touching the ICE cache', (e) => {
    const { w, emit, marked, od } = setup();
    emit({ ...e, instanceId: instanceOf(w, od), at: 0 } as CloudEvent);
    expect(w.deleted).toEqual(['claim-1']);
    expect(marked).toEqual([]);
  });

  it('events for unknown instances are ignored', () => {
    const { w, emit } = setup();
    emit({ kind: 'scheduled-change', instanceId: 'i-0000000000000dead', at: 0 });
    expect(w.deleted).toEqual([]);
  });
});

describe('expiration', () => {
  it('deletes a NodeClaim at createdAt + expireAfter, not before, ignoring budgets', () => {
    const w = new DisruptionWorld({ pools: [pool({ expireAfterSeconds: 3600, budgets: [{ nodes: '0' }] })] });
    w.addNode('m5.large');
    w.run(100);
    w.addNode('m5.large');
    const expiration = new ExpirationController({ clock: w.clock, cluster: w.cluster, state: w.state, config: w.config, terminator: w.deps.terminator, decisions: w.disruptionDecisions });
    expiration.start();
    w.clock.run(3599.9);
    expect(w.deleted).toEqual([]);
    w.clock.run(3600);
    expect(w.deleted).toEqual(['claim-0']);
    w.clock.run(3699.9);
    expect(w.deleted).toEqual(['claim-0']);
    w.clock.run(3700);
    expect(w.deleted).toEqual(['claim-0', 'claim-1']);
    expect(w.decisionsOf('disruption').map((d) => [d.reason, d.at])).toEqual([
      ['expiration', 3600],
      ['expiration', 3700],
    ]);
  });

  it('never expires NodeClaims of a pool with expireAfter Never', () => {
    const w = new DisruptionWorld({ pools: [pool()] });
    w.addNode('m5.large');
    new ExpirationController({ clock: w.clock, cluster: w.cluster, state: w.state, config: w.config, terminator: w.deps.terminator, decisions: w.disruptionDecisions }).start();
    w.clock.run(30 * 86400);
    expect(w.deleted).toEqual([]);
  });
});
