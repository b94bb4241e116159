import { describe, expect, it } from 'vitest';
import { RandomSource } from '../../sim/random.js';
import { FreeRoomIndex, type FreeRoom } from './free-room-index.js';

/** NodeResourcesFit's first checks, written out: a pod slot, then cpu and memory within the free amounts. */
function passes(n: FreeRoom, cpuMillis: number, memoryMiB: number): boolean {
  if (n.freePods < 1) return false;
  if (cpuMillis > 0 && cpuMillis > n.freeCpuMillis) return false;
  return !(memoryMiB > 0 && memoryMiB > n.freeMemoryMiB);
}

function firstPassing(nodes: readonly FreeRoom[], from: number, end: number, cpu: number, memory: number): number {
  for (let i = from; i < end; i++) if (passes(nodes[i]!, cpu, memory)) return i;
  return end;
}

describe('FreeRoomIndex', () => {
  it('finds the next node with a pod slot and enough cpu and memory (hand-made list)', () => {
    const nodes: FreeRoom[] = [
      { freePods: 0, freeCpuMillis: 8000, freeMemoryMiB: 32000 }, // no pod slot
      { freePods: 5, freeCpuMillis: 200, freeMemoryMiB: 32000 }, // too little cpu for 250m
      { freePods: 5, freeCpuMillis: 4000, freeMemoryMiB: 100 }, // too little memory for 512 MiB
      { freePods: 1, freeCpuMillis: 250, freeMemoryMiB: 512 }, // exactly enough
      { freePods: 3, freeCpuMillis: 6000, freeMemoryMiB: 9000 },
    ];
    const index = new FreeRoomIndex();
    index.reset(nodes);
    expect(index.next(0, 5, 250, 512)).toBe(3);
    expect(index.next(4, 5, 250, 512)).toBe(4);
    expect(index.next(0, 3, 250, 512)).toBe(3); // none before the end
    expect(index.next(0, 5, 0, 0)).toBe(1); // a pod asking nothing needs only a slot
    expect(index.next(0, 5, 7000, 0)).toBe(5);
    nodes[0] = { freePods: 1, freeCpuMillis: 8000, freeMemoryMiB: 32000 };
    index.update(0, nodes[0]);
    expect(index.next(0, 5, 7000, 0)).toBe(0);
    expect(index.next(2, 2, 0, 0)).toBe(2); // empty range
  });

  it('agrees with a linear scan over random lists, queries and updates', () => {
    const rnd = new RandomSource(11).stream('free-room');
    for (let round = 0; round < 40; round++) {
      const n = 1 + rnd.int(70);
      const make = (): FreeRoom => ({ freePods: rnd.int(4) - 1, freeCpuMillis: rnd.int(9) * 250 - 500, freeMemoryMiB: rnd.int(9) * 512 - 1024 + 0.5 });
      const nodes = Array.from({ length: n }, make);
      const index = new FreeRoomIndex();
      index.reset(nodes);
      for (let q = 0; q < 200; q++) {
        if (rnd.int(4) === 0) {
          const at = rnd.int(n);
          nodes[at] = make();
          index.update(at, nodes[at]);
        }
        const from = rnd.int(n + 1);
        const end = from + rnd.int(n + 1 - from);
        const cpu = rnd.int(6) * 250 - 250;
        const memory = rnd.int(6) * 512 - 512;
        expect(index.next(from, end, cpu, memory)).toBe(firstPassing(nodes, from, end, cpu, memory));
      }
    }
  });
});
