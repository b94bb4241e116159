import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FLEETSIM_HEADER } from './formats/fleetsim-row.js';
import { convertTrace, formatInspection, inspectTrace } from './inspect.js';
import { readTrace, tempFile, TRACES } from '../../test/workload/helpers.js';

const file = tempFile(
  'inspect.csv',
  [
    FLEETSIM_HEADER,
    'a,pod,,,,0,100,,1000,1024,,,,,,,',
    'b,pod,,,,50,,120,2000,2048,1,,,,,,',
    ',scale,,web,,60,,,500,512,,,,,,2,',
    ',job,,j,,70,10,,100,128,,,,,,5,2',
    'c,pod,,,,100,10,,4000,4096,,,,,,,',
  ].join('\n'),
);

describe('inspectTrace', () => {
  const r = inspectTrace(file, 'fleetsim', { bucketSeconds: 60 });

  it('counts objects and the time span', () => {
    expect(r.counts).toEqual({ pods: 3, deletes: 1, scales: 1, deployments: 1, jobs: 1, jobPods: 5 });
    expect(r.timeSpan).toEqual({ firstSeconds: 0, lastSeconds: 120, durationSeconds: 120 });
    expect(r.stats.totals).toMatchObject({ read: 5, used: 5, skipped: 0, events: 6 });
  });

  it('finds the peak of requests alive at once', () => {
    // cpu: a 1000 from 0 to 100; b 2000 from 50 to 120; web 2 × 500 from 60; job 2 × 100 for 3 waves × 10 s
    // from 70 to 100; c 4000 from 100 to 110. Ends at 100 go first: 4200 − 1000 − 200 + 4000 = 7000.
    expect(r.peakConcurrent).toMatchObject({ cpuMillis: 7000, cpuAt: 100, gpus: 1, gpusAt: 50, pods: 6, podsAt: 70 });
  });

  it('gives request and run-time percentiles and arrivals per bucket', () => {
    expect(r.requests.cpuMillis).toEqual({ count: 5, mean: 1520, p50: 1000, p90: 4000, p99: 4000, max: 4000 });
    expect(r.durationSeconds).toMatchObject({ count: 3, p50: 10, max: 100 });
    expect(r.arrivals.buckets).toEqual([
      { startSeconds: 0, pods: 2, jobs: 0, scales: 0 },
      { startSeconds: 60, pods: 1, jobs: 1, scales: 1 },
      { startSeconds: 120, pods: 0, jobs: 0, scales: 0 },
    ]);
    expect(r.arrivals.meanPodsPerSecond).toBeCloseTo(3 / 120, 10);
    expect(r.arrivals.peakPodsPerSecond).toBeCloseTo(2 / 60, 10);
    expect(formatInspection(r)).toContain('peak concurrent requests: 7 cpu at 100 s');
  });

  it('guesses the format from the name or asks for it', () => {
    expect(inspectTrace(join(TRACES, 'simkube', 'simkube-cronjob.sktrace')).format).toBe('simkube');
    expect(() => inspectTrace(tempFile('mystery.bin', ''))).toThrow('cannot tell the trace format from the file name; give --format');
  });
});

describe('convertTrace', () => {
  it('converts another format to fleetsim CSV and JSON Lines that read back to the same events', () => {
    const input = join(TRACES, 'formats', 'google2011-task-events-sample.csv');
    const direct = readTrace('google-2011', input).events;
    for (const out of [tempFile('g.csv', ''), tempFile('g.jsonl', '')]) {
      const res = convertTrace(input, 'google-2011', out);
      expect(res.rowsWritten).toBe(5);
      const back = readTrace('fleetsim', out).events;
      expect(back.map((e) => [e.kind, e.at])).toEqual(direct.map((e) => [e.kind, e.at]));
      expect(back.map((e) => (e.kind === 'pod' ? [e.spec.requests.cpuMillis, e.spec.requests.memoryMiB, e.spec.priority, e.spec.namespace, e.spec.durationSeconds] : null))).toEqual(
        direct.map((e) => (e.kind === 'pod' ? [e.spec.requests.cpuMillis, e.spec.requests.memoryMiB, e.spec.priority, e.spec.namespace, e.spec.durationSeconds] : null)),
      );
    }
  });

  it('applies a transform while converting', () => {
    const out = tempFile('w.csv', '');
    const res = convertTrace(file, 'fleetsim', out, { transform: { window: { startSeconds: 50, endSeconds: 100 } } });
    expect(res.stats.totals).toMatchObject({ filtered: 2 });
    expect(readTrace('fleetsim', out).events.map((e) => [e.kind, e.at])).toEqual([
      ['pod', 0],
      ['scale', 10],
      ['job', 20],
    ]);
  });
});
