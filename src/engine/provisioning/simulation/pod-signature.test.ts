import { describe, expect, it } from 'vitest';
import { pod } from '../../testing/fixtures.js';
import { DenseSignatures, SharedSignatures, TopologySignatures } from './pod-signature.js';

describe('topology signatures shared across simulations', () => {
  const web = { app: 'web' };
  const spread = [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule' as const, labelSelector: { matchLabels: web } }];
  // web-1 and web-2 are equal in content (separate objects); db differs in labels; web-ns in namespace.
  const web1 = pod({ name: 'web-1', labels: { app: 'web' }, topologySpreadConstraints: spread });
  const web2 = pod({ name: 'web-2', labels: { app: 'web' }, topologySpreadConstraints: spread });
  const db = pod({ name: 'db', labels: { app: 'db' } });
  const other = pod({ name: 'web-ns', namespace: 'other', labels: { app: 'web' }, topologySpreadConstraints: spread });

  it('number each simulation densely from 0 in order of first appearance, as a numbering of its own does', () => {
    const shared = new SharedSignatures();
    const batches = [
      [web1, db, web2, other],
      [db, other, web1], // db first this time: it is 0 here
      [other, other, web2, db],
    ];
    const expected = [
      [0, 1, 0, 2],
      [0, 1, 2],
      [0, 0, 1, 2],
    ];
    batches.forEach((batch, b) => {
      const dense = new DenseSignatures(shared);
      const own = new TopologySignatures();
      expect(batch.map((p) => dense.of(p))).toEqual(expected[b]);
      expect(batch.map((p) => own.of(p))).toEqual(expected[b]);
    });
  });

  it('count the distinct contents numbered, however many objects carry them', () => {
    const shared = new SharedSignatures();
    for (const p of [web1, web2, web1, db]) shared.of(p);
    expect(shared.count).toBe(2); // web-1 and web-2 are one content; db another
    shared.of(other);
    expect(shared.count).toBe(3);
  });
});
