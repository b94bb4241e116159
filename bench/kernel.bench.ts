import { SimClock } from '../src/sim/sim-clock.js';
import { peakRssMiB, type Benchmark, type Figure } from './harness.js';

/** Heap plus typed-array backing stores (the queue keeps its events in typed arrays, outside the JS heap). */
const usedBytes = (): number => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

/**
 * schedule+pop of trivial events with `queued` events kept in the queue. Times are whole seconds (many
 * events share a time, as timers on round periods do) or, with `fractional`, spread over the millisecond
 * (no two alike in a bucket, the queue's general case).
 */
function throughput(queued: number, ops: number, fractional = false): { eventsPerSecond: number; bytesPerEvent: number } {
  const scale = fractional ? 1000 : 1;
  const span = 1000 * scale + (fractional ? 3 : 0);
  const clock = new SimClock();
  let x = 0;
  const action = (): void => {
    x++;
  };
  global.gc?.();
  const before = usedBytes();
  for (let i = 0; i < queued; i++) clock.schedule(((i * 7919) % span) / scale, action);
  const bytesPerEvent = (usedBytes() - before) / queued;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < ops; i++) {
    clock.schedule(((i * 104729) % span) / scale, action);
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
      const f = throughput(1_000_000, 2_000_000, true);
      out.push({
        figure: 'kernel: schedule+pop, 10^6 queued, ms times',
        value: f.eventsPerSecond,
        unit: 'events/s',
        ratio: { value: f.eventsPerSecond / ref, to: 'array push+pop' },
      });
      out.push({ figure: 'kernel: peak RSS', value: peakRssMiB(), unit: 'MiB' });
      return out;
    },
  },
];
