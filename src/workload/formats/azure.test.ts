import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { WorkloadEvent } from '../types.js';
import { errorOf, pods, readTrace, tempFile, TRACES } from '../../../test/workload/helpers.js';
import { parseTimestamp } from './azure-llm.js';

const vmSample = join(TRACES, 'formats', 'azure-vmtable-sample.csv');
const llm = join(TRACES, 'azure', 'azure-llm-inference-2023-code.csv');
type Scale = Extract<WorkloadEvent, { kind: 'scale' }>;

describe('Azure vmtable', () => {
  it('each VM is a pod from vmcreated to vmdeleted sized by its buckets', () => {
    const { events } = readTrace('azure-vm', vmSample);
    expect(events.map((e) => [e.kind, e.kind === 'pod' || e.kind === 'delete-pod' ? e.id : '', e.at])).toEqual([
      ['pod', 'vm-a', 0],
      ['pod', 'vm-b', 300],
      ['pod', 'vm-c', 600],
      ['pod', 'vm-d', 900],
      ['delete-pod', 'vm-c', 1200],
      ['delete-pod', 'vm-d', 2700],
      ['delete-pod', 'vm-a', 3600],
    ]);
    const p = pods(events);
    expect(p.map((x) => [x.spec.requests.cpuMillis, x.spec.requests.memoryMiB, x.spec.namespace])).toEqual([
      [2000, 4096, 'interactive'],
      [4000, 8192, 'interactive'],
      // ">24" cores and ">64" GB: the coresAbove24 (32) and memoryGiBAbove64 (128) defaults.
      [32000, 131072, 'delay-insensitive'],
      [8000, 32768, 'unknown'],
    ]);
  });

  it('open buckets follow their options; bad buckets are bad rows', () => {
    const p = pods(readTrace('azure-vm', vmSample, { options: { coresAbove24: 48, memoryGiBAbove64: 256 } }).events)[2]!;
    expect(p.spec.requests).toMatchObject({ cpuMillis: 48000, memoryMiB: 262144 });
    const file = tempFile('vmtable.csv', 'vm-x,s,d,0,10,1,1,1,Interactive,huge,4\n');
    expect(errorOf(() => readTrace('azure-vm', file))).toBe(`${file}:1:33: vmcorecountbucket: expected a number, found "huge"`);
  });
});

/** Requests in the first minute, counted straight from the file's text. */
function firstMinuteCount(): number {
  const stamps = readFileSync(llm, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]!);
  const seconds = (s: string): number => {
    const [h, m, sec] = s.slice(11).split(':').map(Number) as [number, number, number];
    return h * 3600 + m * 60 + sec;
  };
  const t0 = Math.min(...stamps.map(seconds));
  return stamps.filter((s) => seconds(s) - t0 < 60).length;
}

describe('Azure LLM inference arrivals → HPA-scaled Deployment', () => {
  it('parses the timestamps (UTC, 7-digit fractions)', () => {
    expect(parseTimestamp('2023-11-16 18:17:03.9799600')).toBeCloseTo(Date.UTC(2023, 10, 16, 18, 17, 3) / 1000 + 0.97996, 6);
    expect(parseTimestamp('16/11/2023')).toBeUndefined();
  });

  it('starts at ceil(first-minute rate / (capacity × target)) and scales up under the HPA rate limits', () => {
    const options = { capacityPerReplica: 0.5, targetUtilization: 0.7, maxReplicas: 50, name: 'llm', requests: { cpu: '4', memory: '16Gi' } };
    const { events, stats } = readTrace('azure-llm', llm, { options });
    const scales = events as Scale[];
    expect(firstMinuteCount()).toBe(63);
    expect(scales[0]).toMatchObject({ at: 0, name: 'llm', replicas: Math.ceil((firstMinuteCount() * 100) / (60 * 0.5 * 70)) });
    expect(scales[0]!.replicas).toBe(3);
    expect(scales[0]!.template.requests).toMatchObject({ cpuMillis: 4000, memoryMiB: 16384 });
    // Minutes 1–2 carry no requests, yet the 300 s scale-down window holds 3 replicas. Minute 3 has
    // 531 requests (8.85/s): desired ceil(8.85 / 0.5 / 0.7) = 26; the HPA may add max(4 pods, 100 %)
    // per 15 s: 3 → 7 at 180 s, → 14 at 195 s, → 26 at 210 s.
    expect(scales.slice(1, 4).map((s) => [s.at, s.replicas])).toEqual([
      [180, 7],
      [195, 14],
      [210, 26],
    ]);
    expect(scales.every((s) => s.replicas >= 1 && s.replicas <= 50)).toBe(true);
    expect(stats.read).toBe(8819);
  });

  it('a bad timestamp is a bad row', () => {
    const file = tempFile('llm.csv', 'TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:17:03.1,10,2\nyesterday,1,1\n');
    expect(errorOf(() => readTrace('azure-llm', file))).toBe(`${file}:3:1: timestamp: expected "YYYY-MM-DD hh:mm:ss[.fraction]", found "yesterday"`);
  });
});
