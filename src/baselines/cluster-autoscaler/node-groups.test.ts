import { describe, expect, it } from 'vitest';
import { SimClock } from '../../sim/sim-clock.js';
import { NodeGroupRegistry } from './node-groups.js';
import { FakeAutoScaling } from './testing/fake-auto-scaling.js';
import { ALL_TYPES, nodeGroup } from './testing/fixtures.js';

describe('NodeGroupRegistry instance → group mapping', () => {
  it('follows launches and terminations, and its version moves only when membership changes', () => {
    const clock = new SimClock();
    const asg = new FakeAutoScaling(clock, [nodeGroup('a', 'm5.xlarge', { desiredCapacity: 1 }), nodeGroup('b', 'c5.xlarge', { desiredCapacity: 1 })], ALL_TYPES);
    const registry = new NodeGroupRegistry(asg, [nodeGroup('a', 'm5.xlarge'), nodeGroup('b', 'c5.xlarge')]);
    registry.refresh();
    const idsOf = (name: string): string[] => asg.group(name)!.instances.map((i) => i.id);
    const [a1] = idsOf('a');
    const [b1] = idsOf('b');
    expect(registry.groupForInstance(a1!)).toBe('a');
    expect(registry.groupForInstance(b1!)).toBe('b');
    const v1 = registry.version;

    registry.refresh(); // nothing changed
    expect(registry.version).toBe(v1);

    let ok = false;
    registry.setTargetSize('a', 3, 0, (r) => (ok = r.ok));
    expect(ok).toBe(true);
    registry.refresh();
    expect(registry.version).not.toBe(v1);
    const grown = idsOf('a');
    expect(grown).toHaveLength(3);
    for (const id of grown) expect(registry.groupForInstance(id)).toBe('a');

    const v2 = registry.version;
    registry.terminateInstance('b', b1!, () => undefined);
    registry.refresh();
    expect(registry.version).not.toBe(v2);
    expect(registry.groupForInstance(b1!)).toBeUndefined();
    expect(registry.groupForInstance(grown[2]!)).toBe('a');
  });
});
