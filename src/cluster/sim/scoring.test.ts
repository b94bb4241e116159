import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resources } from '../../model/index.js';
import { leastAllocatedScore, mostAllocatedScore } from '../../scheduling/index.js';
import { podSpec } from '../../scheduling/test-fixtures.js';
import { resourceScore } from './scoring.js';

const node = (cpuMillis: number, memoryMiB: number, reqCpu: number, reqMem: number) => ({
  allocatable: resources({ cpuMillis, memoryMiB }),
  requested: resources({ cpuMillis: reqCpu, memoryMiB: reqMem }),
  allocatableCpuMillis: cpuMillis,
  allocatableMemoryMiB: memoryMiB,
  scoringCpuMillis: reqCpu,
  scoringMemoryMiB: reqMem,
});

describe('resourceScore', () => {
  it('LeastAllocated by hand: 4000m/16384Mi node with 1000m/4096Mi requested, pod 1000m/2048Mi', () => {
    // cpu: (4000 − 2000)·100/4000 = 50; memory: (16384 − 6144)·100/16384 = 62.5 → 62; (50 + 62) / 2 = 56
    expect(resourceScore(false, 1000, 2048, node(4000, 16384, 1000, 4096))).toBe(56);
    // MostAllocated: cpu 2000·100/4000 = 50; memory 6144·100/16384 = 37.5 → 37; (50 + 37) / 2 = 43.5 → 43
    expect(resourceScore(true, 1000, 2048, node(4000, 16384, 1000, 4096))).toBe(43);
  });

  it('an overcommitted resource scores 0 (LeastAllocated) or is capped at allocatable (MostAllocated)', () => {
    // cpu 5000 > 4000 → 0; memory (16384 − 8192)·100/16384 = 50 → (0 + 50) / 2 = 25
    expect(resourceScore(false, 2000, 4096, node(4000, 16384, 3000, 4096))).toBe(25);
    // cpu capped: 100; memory 50 → 75
    expect(resourceScore(true, 2000, 4096, node(4000, 16384, 3000, 4096))).toBe(75);
  });

  it('equals the scheduling library score functions for any node and pod', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 0, max: 250_000 }),
        fc.integer({ min: 0, max: 1_200_000 }),
        fc.integer({ min: 0, max: 20_000 }),
        fc.integer({ min: 0, max: 70_000 }),
        (cpu, mem, reqCpu, reqMem, podCpu, podMem) => {
          const pod = podSpec({ cpuMillis: podCpu, memoryMiB: podMem });
          const n = node(cpu, mem, reqCpu, reqMem);
          const nzCpu = podCpu > 0 ? podCpu : 100;
          const nzMem = podMem > 0 ? podMem : 200;
          expect(resourceScore(false, nzCpu, nzMem, n)).toBe(leastAllocatedScore(pod, n));
          expect(resourceScore(true, nzCpu, nzMem, n)).toBe(mostAllocatedScore(pod, n));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
