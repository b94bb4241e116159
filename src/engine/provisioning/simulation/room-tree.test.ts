import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RoomTree } from './room-tree.js';

type Room = { cpuMillis: number; memoryMiB: number; pods: number };

/** The first position at or after `from` holding the request, by looking at every node in turn. */
function linearFirstFit(rooms: readonly Room[], from: number, c: number, m: number, p: number): number {
  for (let i = Math.max(0, from); i < rooms.length; i++) if (rooms[i].cpuMillis >= c && rooms[i].memoryMiB >= m && rooms[i].pods >= p) return i;
  return -1;
}

describe('RoomTree', () => {
  it('finds the first node holding all three, not one that is largest in a single dimension', () => {
    // Node 0 has the most CPU, node 1 the most memory, node 2 enough of both: a 2-CPU, 4-GiB pod goes to 2.
    const rooms = [
      { cpuMillis: 8000, memoryMiB: 1024, pods: 10 },
      { cpuMillis: 500, memoryMiB: 32768, pods: 10 },
      { cpuMillis: 2000, memoryMiB: 4096, pods: 1 },
      { cpuMillis: 4000, memoryMiB: 8192, pods: 0 },
    ];
    const t = new RoomTree(rooms.length, (i) => rooms[i]);
    expect(t.firstFit(0, 2000, 4096, 1)).toBe(2);
    expect(t.firstFit(3, 2000, 4096, 1)).toBe(-1); // node 3 has no pod slot left
    expect(t.firstFit(0, 2001, 4096, 1)).toBe(-1);
    t.set(2, -Infinity, -Infinity, -Infinity); // left out
    expect(t.firstFit(0, 2000, 4096, 1)).toBe(-1);
    expect(t.firstFit(0, 0, 0, 0)).toBe(0);
    t.restore();
    expect(t.firstFit(0, 2000, 4096, 1)).toBe(2);
  });

  it('agrees with a linear scan through placements, exclusions and restores (property)', () => {
    const room = fc.record({ cpuMillis: fc.integer({ min: 0, max: 8 }), memoryMiB: fc.integer({ min: 0, max: 8 }), pods: fc.integer({ min: 0, max: 3 }) });
    const op = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), at: fc.nat(), room }),
      fc.record({ kind: fc.constant('out' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('restore' as const) }),
      fc.record({ kind: fc.constant('find' as const), from: fc.integer({ min: 0, max: 40 }), need: room }),
    );
    fc.assert(
      fc.property(fc.array(room, { minLength: 1, maxLength: 37 }), fc.array(op, { maxLength: 60 }), (start, ops) => {
        const tree = new RoomTree(start.length, (i) => start[i]);
        let rooms = start.map((r) => ({ ...r }));
        for (const o of ops) {
          if (o.kind === 'set') {
            const i = o.at % start.length;
            rooms[i] = { ...o.room };
            tree.set(i, o.room.cpuMillis, o.room.memoryMiB, o.room.pods);
          } else if (o.kind === 'out') {
            const i = o.at % start.length;
            rooms[i] = { cpuMillis: -Infinity, memoryMiB: -Infinity, pods: -Infinity };
            tree.set(i, -Infinity, -Infinity, -Infinity);
          } else if (o.kind === 'restore') {
            rooms = start.map((r) => ({ ...r }));
            tree.restore();
          } else {
            const { cpuMillis, memoryMiB, pods } = o.need;
            expect(tree.firstFit(o.from, cpuMillis, memoryMiB, pods)).toBe(linearFirstFit(rooms, o.from, cpuMillis, memoryMiB, pods));
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
