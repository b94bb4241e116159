import { SimClock } from '../src/sim/sim-clock.js';
import { peakRssMiB, type Benchmark, type Figure } from './harness.js';

/** schedule+pop of trivial events with `queued` events kept in the queue. */
function throughput(queued: number, ops: number): { eventsPerSecond: number; bytesPerEvent: number } {
  const clock = new SimClock();
  let x = 0;
  const action = (): void => {
    x++;
  };
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < queued; i++) clock.schedule((i * 7919) % 1000, action);
  const bytesPerEvent = (process.memoryUsage().heapUsed - before) / queued;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < ops; i++) {
    clock.schedule((i * 104729) % 1000, action);
    clock.step();
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (x < 0) console.log(x);
  return { eventsPerSecond: ops / seconds, bytesPerEvent };
}

/** Reference: the same number of pushes/pops on a plain sorted array-less baseline (Array push + pop). */
function arrayBaseline(ops: number): number {
  const a: number[] = [];
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < ops; i++) {
    a.push(i);
    a.pop();
  }
  return ops / (Number(process.hrtime.bigint() - t0) / 1e9);
}

export const benchmarks: Benchmark[] = [
  {
    name: 'kernel',
    run(): Figure[] {
      const out: Figure[] = [];
      const ref = arrayBaseline(2_000_000);
      for (const [queued, label] of [
        [10_000, '10^4'],
        [1_000_000, '10^6'],
        [10_000_000, '10^7'],
      ] as const) {
        const r = throughput(queued, 2_000_000);
        out.push({
          figure: `kernel: schedule+pop, ${label} queued`,
          value: r.eventsPerSecond,
          unit: 'events/s',
          ...(queued === 1_000_000 ? { target: { op: '>=', value: 5_000_000 } as const } : {}),
          ratio: { value: r.eventsPerSecond / ref, to: 'array push+pop' },
        });
        out.push({ figure: `kernel: memory per queued event, ${label}`, value: r.bytesPerEvent, unit: 'bytes' });
      }
      out.push({ figure: 'kernel: peak RSS', value: peakRssMiB(), unit: 'MiB' });
      return out;
    },
  },
];
