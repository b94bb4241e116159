import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPodTemplates } from '../pod-template.js';
import type { WorkloadEvent } from '../types.js';
import { errorOf, msgpack, pods, readTrace, tempFile, TRACES } from '../../../test/workload/helpers.js';

const sk = (name: string): string => join(TRACES, 'simkube', name);
type Job = Extract<WorkloadEvent, { kind: 'job' }>;
type Scale = Extract<WorkloadEvent, { kind: 'scale' }>;

describe('SimKube traces (real .sktrace samples)', () => {
  it('CronJob: a Job at every minute tick while it existed, pods running their recorded 30 s', () => {
    // Applied at ts 1743286823, deleted at 1743287028; "* * * * *" ticks at 1743286860, 920, 980.
    const { events, stats } = readTrace('simkube', sk('simkube-cronjob.sktrace'));
    const jobs = events as Job[];
    expect(jobs.map((j) => [j.kind, j.at, j.name])).toEqual([
      ['job', 37, 'hello-simkube-29054781'],
      ['job', 97, 'hello-simkube-29054782'],
      ['job', 157, 'hello-simkube-29054783'],
    ]);
    expect(jobs.map((j) => j.template.durationSeconds)).toEqual([30, 30, 30]);
    expect(jobs[0]).toMatchObject({ namespace: 'default', completions: 1, parallelism: 1 });
    expect(stats.read).toBe(2);
  });

  it('bare pods: run times from pod_lifecycles (Finished end − start; Running: no end)', () => {
    const { events } = readTrace('simkube', sk('simkube-bare-pods.sktrace'));
    expect(pods(events).map((p) => [p.id, p.at, p.spec.durationSeconds])).toEqual([
      ['testing/bare-pod-1781282449', 0, 12],
      ['testing/bare-pod-1781282509', 42, 30],
      ['testing/bare-pod-1781282570', 102, 30],
      ['testing/bare-pod-1781282630', 162, undefined],
    ]);
    expect(pods(events)[0]!.spec).toMatchObject({ namespace: 'testing', priority: 0, terminationGracePeriodSeconds: 30 });
    expect(pods(events)[0]!.spec.requests).toMatchObject({ cpuMillis: 0, memoryMiB: 0 });
  });

  it('a mapped template fills the requests of pods whose manifests state none', () => {
    const templates = buildPodTemplates({ small: { requests: { cpu: '250m', memory: '256Mi' } } });
    const { events } = readTrace('simkube', sk('simkube-bare-pods.sktrace'), { templates, mapping: { templateByNamespace: { testing: 'small' } } });
    expect(pods(events)[0]!.spec.requests).toMatchObject({ cpuMillis: 250, memoryMiB: 256 });
    expect(pods(events)[0]!.spec.labels['fleetsim.io/template']).toBe('small');
  });

  it('Deployments: every applied manifest is a scaling to spec.replicas with the template requests', () => {
    const { events } = readTrace('simkube', sk('simkube-dsb-scaling.sktrace'));
    const scales = events as Scale[];
    expect(scales).toHaveLength(46);
    expect(scales.slice(0, 27).every((s) => s.at === 0 && s.replicas === 1 && s.namespace === 'dsb')).toBe(true);
    expect(new Set(scales.slice(0, 27).map((s) => s.name)).size).toBe(27);
    expect(scales[0]!.template.requests).toMatchObject({ cpuMillis: 1000, memoryMiB: 1024 });
    // ts 1710892561 − 1710892138 = 423 s; the last event at 1710893272 − 1710892138 = 1134 s.
    expect([scales[27]!.at, scales[27]!.name, scales[27]!.replicas]).toEqual([423, 'social-graph-service', 3]);
    expect([scales[45]!.at, scales[45]!.name, scales[45]!.replicas]).toEqual([1134, 'compose-post-service', 2]);
    const nginx = scales.filter((s) => s.name === 'nginx-thrift').map((s) => s.replicas);
    expect(nginx).toEqual([1, 2, 4, 8, 10]);
  });
});

const container = (cpu: string) => ({ name: 'c', image: 'x', resources: { requests: { cpu, memory: '1Gi' } } });
const deployment = (name: string, replicas: number, cpu = '500m') => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'web' },
  spec: { replicas, template: { metadata: { labels: { app: name } }, spec: { containers: [container(cpu)], nodeSelector: { pool: 'a' } } } },
});

function jsonTrace(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    version: 2,
    config: {},
    events: [
      { ts: 1000, applied_objs: [deployment('front', 2)], deleted_objs: [] },
      {
        ts: 1010,
        applied_objs: [
          { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'etl', namespace: 'data' }, spec: { completions: 6, parallelism: 3, template: { spec: { containers: [container('2')] } } } },
          { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc', namespace: 'web' }, spec: {} },
          { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'solo', namespace: 'web' }, spec: { containers: [container('1')], initContainers: [container('3')] } },
        ],
        deleted_objs: [],
      },
      { ts: 1100, applied_objs: [], deleted_objs: [deployment('front', 2), { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'solo', namespace: 'web' } }] },
    ],
    index: {},
    pod_lifecycles: [
      [['batch/v1.Job', 'data/etl'], { '1': [{ Finished: [1020, 1080] }, { Finished: [1020, 1100] }] }],
      [['v1.Pod', 'web/solo'], { '7': [{ Running: 1012 }] }],
    ],
    ...over,
  };
}

describe('SimKube traces (JSON and constructed msgpack)', () => {
  it('reads Deployments, Jobs (mean recorded run time), bare pods and deletions; other kinds are filtered', () => {
    const file = tempFile('t.json', JSON.stringify(jsonTrace()));
    const { events, stats } = readTrace('simkube', file);
    expect(events.map((e) => [e.kind, e.at])).toEqual([
      ['scale', 0],
      ['job', 10],
      ['pod', 10],
      ['scale', 100],
      ['delete-pod', 100],
    ]);
    const job = events[1] as Job;
    expect(job).toMatchObject({ name: 'etl', namespace: 'data', completions: 6, parallelism: 3 });
    expect(job.template.durationSeconds).toBe(70);
    expect(job.template.requests.cpuMillis).toBe(2000);
    // Effective requests: max(sum of containers, largest init container) = max(1, 3) cores.
    expect((events[2] as Extract<WorkloadEvent, { kind: 'pod' }>).spec.requests.cpuMillis).toBe(3000);
    expect(events[3]).toMatchObject({ kind: 'scale', name: 'front', replicas: 0 });
    expect((events[0] as Scale).template.nodeSelector).toEqual({ pool: 'a' });
    expect(stats).toMatchObject({ read: 6, filtered: 1 });
  });

  it('decodes msgpack maps with 2-tuple keys', () => {
    const lifecycles = new Map<unknown, unknown>([[['v1.Pod', 'web/solo'], new Map([[42, [{ Finished: [1012, 1042] }]]])]]);
    const trace = { ...jsonTrace(), pod_lifecycles: lifecycles };
    const file = tempFile('t.sktrace', msgpack(trace));
    const pod = pods(readTrace('simkube', file).events)[0]!;
    expect(pod.spec.durationSeconds).toBe(30);
  });

  it('bad objects: fail names the path and reason; skip counts them', () => {
    const bad = jsonTrace();
    (bad.events as { applied_objs: unknown[] }[])[0]!.applied_objs = [deployment('front', 2, 'lots')];
    const file = tempFile('bad.json', JSON.stringify(bad));
    expect(errorOf(() => readTrace('simkube', file))).toBe(
      `${file}: events[0].applied_objs[0]: events[0].applied_objs[0].spec.template.spec.containers[0].resources.requests.cpu: expected a Kubernetes quantity, found "lots"`,
    );
    const { events, stats } = readTrace('simkube', file, { onBadRow: 'skip' });
    expect(stats.skipped).toBe(1);
    expect(events.map((e) => e.kind)).toEqual(['job', 'pod', 'scale', 'delete-pod']);
  });

  it('rejects files that are not SimKube traces', () => {
    expect(errorOf(() => readTrace('simkube', tempFile('x.json', '{"version": 3, "events": []}')))).toContain('expected SimKube trace version 1 or 2, found 3');
    expect(errorOf(() => readTrace('simkube', tempFile('y.json', '{"version": 2}')))).toContain('events: expected a list of events');
    expect(errorOf(() => readTrace('simkube', tempFile('z.sktrace', new Uint8Array([0xc1]))))).toContain('not a SimKube trace (msgpack or JSON)');
  });
});
