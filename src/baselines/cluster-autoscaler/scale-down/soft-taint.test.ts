import { describe, expect, it } from 'vitest';
import { SimCluster } from '../../../cluster/sim/index.js';
import { TaintKeys } from '../../../model/index.js';
import { RandomSource } from '../../../sim/random.js';
import { SimClock } from '../../../sim/sim-clock.js';
import { nodeSpec } from '../../../../test/cluster/fixtures.js';
import { CandidateTaintIndex, updateSoftTaints } from './soft-taint.js';

function cluster(names: readonly string[]): SimCluster {
  const c = new SimCluster(new SimClock(), new RandomSource(1));
  for (const n of names) c.registerNode(nodeSpec(n));
  return c;
}

const tainted = (c: SimCluster): string[] => [...c.nodes()].filter((n) => n.taints.some((t) => t.key === TaintKeys.caDeletionCandidate)).map((n) => n.name);

describe('soft tainting', () => {
  it('the index follows the DeletionCandidate taint through node events', () => {
    const c = cluster(['a', 'b', 'c']);
    c.addNodeTaint('a', { key: TaintKeys.caDeletionCandidate, value: '1', effect: 'PreferNoSchedule' });
    const index = new CandidateTaintIndex(c);
    expect([...index.names()]).toEqual(['a']);
    c.addNodeTaint('c', { key: TaintKeys.caDeletionCandidate, value: '2', effect: 'PreferNoSchedule' });
    c.removeNodeTaint('a', TaintKeys.caDeletionCandidate);
    expect([...index.names()]).toEqual(['c']);
    c.deleteNode('c');
    expect([...index.names()]).toEqual([]);
    index.stop();
    c.addNodeTaint('b', { key: TaintKeys.caDeletionCandidate, value: '3', effect: 'PreferNoSchedule' });
    expect([...index.names()]).toEqual(['b']); // watching again from the next call
  });

  it('with the index: taints unneeded nodes, untaints needed ones in node order, at most 10 changes', () => {
    const names = Array.from({ length: 14 }, (_, i) => `n${String(i).padStart(2, '0')}`);
    const c = cluster(names);
    const index = new CandidateTaintIndex(c);
    updateSoftTaints(c, new Set(names.slice(0, 12)), new Set(), 10, index.names());
    expect(tainted(c)).toEqual(names.slice(0, 10));
    // n00…n03 needed again, n01 being deleted (keeps its taint): n00, n02, n03 lose it; n10, n11 get it.
    updateSoftTaints(c, new Set(names.slice(4, 12)), new Set(['n01']), 20, index.names());
    expect(tainted(c)).toEqual(['n01', ...names.slice(4, 12)]);
    // Nothing to change: no scan, no change.
    updateSoftTaints(c, new Set(names.slice(4, 12)), new Set(['n01']), 30, index.names());
    expect(tainted(c)).toEqual(['n01', ...names.slice(4, 12)]);
  });
});
