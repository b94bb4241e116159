import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorOf, pods, readTrace, tempFile, TRACES } from '../../../test/workload/helpers.js';
import { band2011, band2019 } from './google-lifecycle.js';

const sample2011 = join(TRACES, 'formats', 'google2011-task-events-sample.csv');
const sample2019 = join(TRACES, 'formats', 'google2019-instance-events-sample.csv');

describe('Google clusterdata-2011 task events', () => {
  it('folds each task lifecycle into one pod (sample written for fleetsim)', () => {
    const { events, stats } = readTrace('google-2011', sample2011);
    expect(events.map((e) => [e.kind, e.kind === 'pod' || e.kind === 'delete-pod' ? e.id : '', e.at])).toEqual([
      ['pod', '100-0', 0],
      ['pod', '100-1', 0],
      ['pod', '200-0', 5],
      ['pod', '300-0', 10],
      ['delete-pod', '200-0', 20],
    ]);
    const [a, b, c, d] = pods(events);
    // 100-0: SCHEDULE at 1 s, FINISH at 61 s → runs 60 s.
    expect(a!.spec.durationSeconds).toBe(60);
    // 100-1: runs 2→32 s, EVICT, resubmitted, runs 50→80 s, FINISH → 30 + 30 s of work.
    expect(b!.spec.durationSeconds).toBe(60);
    // 200-0: KILLed at 20 s before it was ever scheduled → deleted then, no run time.
    expect(c!.spec.durationSeconds).toBeUndefined();
    // 300-0: scheduled at 12 s and never ends in the trace → runs until the horizon.
    expect(d!.spec.durationSeconds).toBeUndefined();
    // Requests × the default reference machine (32 CPUs, 128 GiB): 0.125 → 4000m, 0.0625 → 8192 MiB.
    expect(a!.spec.requests).toMatchObject({ cpuMillis: 4000, memoryMiB: 8192 });
    // 200-0's SUBMIT has empty requests; its UPDATE_PENDING gives 0.5 / 0.25.
    expect(c!.spec.requests).toMatchObject({ cpuMillis: 16000, memoryMiB: 32768 });
    expect([a!.spec.namespace, a!.spec.priority, c!.spec.namespace, c!.spec.priority, d!.spec.namespace, d!.spec.priority]).toEqual([
      'production',
      10000,
      'free',
      0,
      'batch',
      1000,
    ]);
    expect(d!.spec.labels['fleetsim.io/scheduling-class']).toBe('1');
    expect(stats.read).toBe(14);
  });

  it('scales normalized requests by the referenceMachine knob', () => {
    const { events } = readTrace('google-2011', sample2011, { options: { referenceMachine: { cpu: '64', memory: '256Gi' } } });
    expect(pods(events)[0]!.spec.requests).toMatchObject({ cpuMillis: 8000, memoryMiB: 16384 });
  });

  it('maps priorities to bands', () => {
    expect([0, 1, 2, 8, 9, 11].map((p) => band2011(p).band)).toEqual(['free', 'free', 'batch', 'batch', 'production', 'production']);
    expect([0, 99, 100, 115, 116, 119, 120, 359, 360].map((p) => band2019(p).band)).toEqual([
      'free',
      'free',
      'batch',
      'batch',
      'mid',
      'mid',
      'production',
      'production',
      'monitoring',
    ]);
  });

  it('rejects malformed rows with line and column', () => {
    const file = tempFile('task_events.csv', '0,,1,0,,0,u,0,0,0.1,0.1,0,0\n5,,1,0,,9,u,0,0,0.1,0.1,0,0\n');
    // Event type is the 6th field: "5,,1,0,," is 8 characters → column 9.
    expect(errorOf(() => readTrace('google-2011', file))).toBe(`${file}:2:9: event_type: must be <= 8, found 9`);
    const short = tempFile('short.csv', '0,,1,0,,0\n');
    expect(errorOf(() => readTrace('google-2011', short))).toBe(`${short}:1:1: expected 13 fields, found 6`);
    const { events, stats } = readTrace('google-2011', file, { onBadRow: 'skip' });
    expect([pods(events).length, stats.skipped]).toEqual([1, 1]);
  });
});

describe('Google clusterdata-2019 instance events (BigQuery CSV)', () => {
  it('reads numeric and named event types and flattened resource_request columns; alloc sets are filtered', () => {
    const { events, stats } = readTrace('google-2019', sample2019);
    const p = pods(events);
    expect(p.map((x) => [x.id, x.at, x.spec.durationSeconds])).toEqual([
      // SUBMIT 0, SCHEDULE 3, FINISH 303 → 300 s.
      ['4001-0', 0, 300],
      // SCHEDULE 3, KILL 500 after running → its 497 s of work, then done.
      ['4001-1', 0, 497],
      // SUBMIT 10, QUEUE 15, ENABLE 18, SCHEDULE 20, FINISH 400 → 380 s.
      ['5002-0', 10, 380],
    ]);
    expect(p[0]!.spec.requests).toMatchObject({ cpuMillis: 2000, memoryMiB: 4096 });
    expect([p[0]!.spec.namespace, p[0]!.spec.priority, p[2]!.spec.namespace]).toEqual(['production', 10000, 'free']);
    expect(p[2]!.spec.requests.memoryMiB).toBe(1311);
    expect(stats).toMatchObject({ read: 13, filtered: 1 });
  });

  it('reads a resource_request column holding JSON, and includes alloc sets on request', () => {
    const file = tempFile(
      'instance_events.csv',
      'time,type,collection_id,instance_index,priority,collection_type,resource_request\n0,0,7,0,120,1,"{""cpus"": 0.25, ""memory"": 0.5}"\n',
    );
    const p = pods(readTrace('google-2019', file, { options: { allocSets: 'include' } }).events);
    expect(p[0]!.spec.requests).toMatchObject({ cpuMillis: 8000, memoryMiB: 65536 });
  });

  it('requires its header columns and rejects unknown event types', () => {
    expect(errorOf(() => readTrace('google-2019', tempFile('ie.csv', 'time,type\n0,0\n')))).toContain('header lacks columns collection_id, instance_index');
    const file = tempFile('ie2.csv', 'time,type,collection_id,instance_index\n0,SUBMITTED,1,0\n');
    expect(errorOf(() => readTrace('google-2019', file))).toBe(
      `${file}:2:3: type: expected 0–10 or an event name (SUBMIT, SCHEDULE, FINISH, ...), found "SUBMITTED"`,
    );
  });
});
