import { describe, expect, it } from 'vitest';
import { EngineConfig } from './config.js';
import { nodePool } from './testing/fixtures.js';

describe('EngineConfig', () => {
  it('replaces same-named NodePools, adds new ones, removes listed ones, and bumps the revision', () => {
    const c = new EngineConfig([nodePool({ name: 'a' }), nodePool({ name: 'b' })], []);
    expect(c.revision).toBe(0);
    c.update({ nodePools: [nodePool({ name: 'b', weight: 5 }), nodePool({ name: 'c' })] });
    expect(c.nodePools().map((p) => p.name)).toEqual(['a', 'b', 'c']);
    expect(c.nodePool('b')?.weight).toBe(5);
    c.update({ removeNodePools: ['a'] });
    expect(c.nodePools().map((p) => p.name)).toEqual(['b', 'c']);
    expect(c.revision).toBe(2);
  });
});
