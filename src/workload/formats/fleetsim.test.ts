import { describe, expect, it } from 'vitest';
import { InputError } from '../../scenario/errors.js';
import { buildPodTemplates } from '../pod-template.js';
import { TemplateResolver } from '../template-resolver.js';
import { newSourceStats, type WorkloadEvent } from '../types.js';
import { readFleetsimTrace } from './fleetsim-reader.js';
import { FLEETSIM_HEADER } from './fleetsim-row.js';
import { FleetsimTraceWriter } from './fleetsim-writer.js';
import { errorOf, pods, tempFile } from '../../../test/workload/helpers.js';
import { readFileSync } from 'node:fs';

const H = FLEETSIM_HEADER;

function read(file: string, onBadRow: 'fail' | 'skip' = 'fail', templates = new Map()) {
  const stats = newSourceStats(file);
  const events = [...readFleetsimTrace(file, { resolver: new TemplateResolver(templates), onBadRow, stats })];
  return { events, stats };
}

describe('fleetsim trace format: reading', () => {
  it('turns each record kind into its event, with end_s deletes interleaved in time', () => {
    const file = tempFile(
      'kinds.csv',
      [
        H,
        'p1,pod,,,default,0,60,,500,1024,,,,app=web;tier=fe,,,',
        'p2,pod,Job,j0,team-a,5,,30,250,512,1,vpc.amazonaws.com/efa=2,100,,,,',
        ',scale,Deployment,web,default,10,,,1000,2048,,,,,,3,',
        ',job,,train,ml,50,120,,2000,4096,,,,,,4,2',
        'p1,delete,,,,70,,,,,,,,,,,',
      ].join('\n'),
    );
    const { events, stats } = read(file);
    expect(events.map((e) => [e.kind, e.at])).toEqual([
      ['pod', 0],
      ['pod', 5],
      ['scale', 10],
      ['delete-pod', 30],
      ['job', 50],
      ['delete-pod', 70],
    ]);
    const [p1, p2] = pods(events);
    expect(p1!.spec.requests).toMatchObject({ cpuMillis: 500, memoryMiB: 1024, gpus: 0 });
    expect(p1!.spec.labels).toEqual({ app: 'web', tier: 'fe' });
    expect(p1!.spec.durationSeconds).toBe(60);
    expect(p2!.spec).toMatchObject({ namespace: 'team-a', priority: 100, owner: { kind: 'Job', name: 'j0' } });
    expect(p2!.spec.requests).toMatchObject({ gpus: 1, extended: { 'vpc.amazonaws.com/efa': 2 } });
    expect(p2!.spec.durationSeconds).toBeUndefined();
    expect(events[2]).toMatchObject({ kind: 'scale', name: 'web', namespace: 'default', replicas: 3 });
    expect(events[4]).toMatchObject({ kind: 'job', name: 'train', namespace: 'ml', completions: 4, parallelism: 2 });
    expect((events[4] as Extract<WorkloadEvent, { kind: 'job' }>).template.durationSeconds).toBe(120);
    expect(stats.read).toBe(5);
  });

  it('accepts the columns in any order and leaves absent ones empty', () => {
    const file = tempFile('reordered.csv', 'arrival_s,cpu_millis,id\n3,100,a\n4,200,b\n');
    const got = pods(read(file).events).map((p) => [p.id, p.at, p.spec.requests.cpuMillis]);
    expect(got).toEqual([
      ['a', 3, 100],
      ['b', 4, 200],
    ]);
  });

  it('fills what a row leaves empty from its template, and takes what it gives', () => {
    const templates = buildPodTemplates({
      gpu: { requests: { cpu: '4', memory: '16Gi', 'nvidia.com/gpu': 1 }, nodeSelector: { pool: 'gpu' }, doNotDisrupt: true, pdb: { maxUnavailable: 1 } },
    });
    const file = tempFile('tpl.csv', `${H}\nx,pod,,,,0,,,8000,,,,,,gpu,,\n`);
    const [p] = pods(read(file, 'fail', templates).events);
    expect(p!.spec.requests).toMatchObject({ cpuMillis: 8000, memoryMiB: 16384, gpus: 1 });
    expect(p!.spec.nodeSelector).toEqual({ pool: 'gpu' });
    expect(p!.spec.annotations['karpenter.sh/do-not-disrupt']).toBe('true');
    expect(p!.spec.labels['fleetsim.io/template']).toBe('gpu');
  });

  it('stops at a malformed row with file, line, column and reason', () => {
    const file = tempFile('bad.csv', `${H}\nok,pod,,,,0,,,100,100,,,,,,,\nbad,pod,,,,1,,,12x,100,,,,,,,\n`);
    const err = (() => {
      try {
        read(file);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(InputError);
    const p = (err as InputError).problems[0]!;
    // "bad,pod,,,,1,,," is 15 characters: cpu_millis starts at column 16.
    expect(p).toMatchObject({ file, line: 3, column: 16, path: 'cpu_millis' });
    expect(p.message).toBe('expected a number, found "12x"');
    expect((err as Error).message).toBe(`${file}:3:16: cpu_millis: expected a number, found "12x"`);
  });

  it('names the reason for each kind of bad record', () => {
    const cases: [string, string][] = [
      ['x,pod,,,,-1,,,,,,,,,,,', 'arrival_s: must be >= 0, found -1'],
      [',pod,,,,1,,,,,,,,,,,', 'id: required for a pod record'],
      ['x,boat,,,,1,,,,,,,,,,,', 'kind: expected pod, scale, job or delete, found "boat"'],
      [',scale,,web,,1,,,,,,,,,,,', 'replicas: required for a scale record'],
      [',scale,,web,,1,,,,,,,,,,2.5,', 'replicas: expected an integer, found "2.5"'],
      ['x,pod,,,,5,,4,,,,,,,,,', 'end_s: must not be before arrival_s (5), found 4'],
      ['x,pod,,,,1,,,,,,,,app,,,', 'labels: expected key=value pairs separated by ";", found "app"'],
      ['x,pod,,,,1,,,,,,,,,nope,,', 'unknown pod template "nope" (the scenario defines none)'],
      ['x,pod,,,,1', 'expected 17 fields as in the header, found 6'],
      // 400 digits: a number too large for a double is an error, not Infinity.
      [`x,pod,,,,1,,${'9'.repeat(400)},,,,,,,,,`, `end_s: expected a number, found "${'9'.repeat(400)}"`],
      ['x,pod,,,,1,,,,,0.5,,,,,,', 'gpus: expected an integer, found "0.5"'],
      ['x,pod,,,,1,,,,,,,,,,,0', 'parallelism: must be >= 1, found 0'],
      ['x,pod,,,,1,,,,,,efa=many,,,,,', 'extended efa: expected a number, found "many"'],
    ];
    for (const [row, reason] of cases) {
      const msg = errorOf(() => read(tempFile('case.csv', `${H}\n${row}\n`)));
      expect(msg).toContain(reason);
      expect(msg).toMatch(/case\.csv:2:\d+: /);
    }
  });

  it('reads plain rows exactly: fractional times, trimmed label pairs, shared names', () => {
    const file = tempFile(
      'plain.csv',
      [H, 'a,pod,,,team-1,0.1,,0.30,250,512,,,,app = web ; tier=fe;,,,', 'b,pod,,,team-1,0.2,,,,,,,-7,app=web,,,', ',scale,,web,team-1,1.25,,,,,,,,,,2,'].join('\n'),
    );
    const { events } = read(file);
    expect(events.map((e) => [e.kind, e.at])).toEqual([
      ['pod', 0.1],
      ['pod', 0.2],
      ['delete-pod', 0.3],
      ['scale', 1.25],
    ]);
    const [a, b] = pods(events);
    expect(a!.spec.labels).toEqual({ app: 'web', tier: 'fe' });
    expect(b!.spec.labels).toEqual({ app: 'web' });
    expect(a!.spec.requests).toMatchObject({ cpuMillis: 250, memoryMiB: 512 });
    expect(b!.spec.priority).toBe(-7);
    expect(b!.spec.namespace).toBe('team-1');
    expect(events[3]).toMatchObject({ kind: 'scale', name: 'web', namespace: 'team-1', replicas: 2 });
  });

  it('rejects an unknown header column with a hint, and records out of time order', () => {
    expect(errorOf(() => read(tempFile('h.csv', 'id,arival_s\nx,1\n')))).toContain('unknown column "arival_s" (did you mean "arrival_s"?)');
    expect(errorOf(() => read(tempFile('o.csv', `${H}\na,pod,,,,5,,,,,,,,,,,\nb,pod,,,,4,,,,,,,,,,,\n`)))).toContain(
      'o.csv:3:10: arrival_s: records must be sorted by arrival_s: 4 comes after 5',
    );
  });

  it('under onBadRow: skip, skips and counts bad rows and keeps reading', () => {
    const file = tempFile('skip.csv', `${H}\na,pod,,,,0,,,1,,,,,,,,\nb,pod,,,,1,,,x,,,,,,,,\nc,pod,,,,2\nd,pod,,,,3,,,,,,,,,,,\n`);
    const { events, stats } = read(file, 'skip');
    expect(pods(events).map((p) => p.id)).toEqual(['a', 'd']);
    expect(stats).toMatchObject({ read: 4, skipped: 2 });
    expect(stats.skippedExamples[0]).toMatch(/skip\.csv:3:\d+: cpu_millis: /);
  });
});

describe('fleetsim trace format: JSON Lines', () => {
  it('reads the same records with objects for labels and extended', () => {
    const file = tempFile(
      't.jsonl',
      [
        '{"id":"p1","kind":"pod","arrival_s":0,"duration_s":60,"cpu_millis":500,"memory_mib":1024,"labels":{"app":"web"}}',
        '{"kind":"scale","owner_name":"web","arrival_s":10,"replicas":3,"cpu_millis":"1000"}',
        '{"id":"p1","kind":"delete","arrival_s":20}',
      ].join('\n'),
    );
    const { events } = read(file);
    expect(events.map((e) => [e.kind, e.at])).toEqual([
      ['pod', 0],
      ['scale', 10],
      ['delete-pod', 20],
    ]);
    expect(pods(events)[0]!.spec.labels).toEqual({ app: 'web' });
  });

  it('points at the key of a bad value', () => {
    const file = tempFile('bad.jsonl', '{"id":"p1","kind":"pod","arrival_s":"soon"}\n');
    expect(errorOf(() => read(file))).toBe(`${file}:1:25: arrival_s: expected a number, found "soon"`);
    expect(errorOf(() => read(tempFile('b2.jsonl', '{"id":1,"arrival":2}\n')))).toContain('b2.jsonl:1:9: arrival: unknown key "arrival"');
    expect(errorOf(() => read(tempFile('b3.jsonl', '{oops\n')))).toContain('b3.jsonl:1:1: not valid JSON');
  });
});

describe('fleetsim trace format: writing', () => {
  const events: WorkloadEvent[] = [
    {
      kind: 'pod',
      at: 0,
      id: 'a,1',
      spec: { ...buildPodTemplates({ t: {} }).get('t')!.spec, requests: { cpuMillis: 250, memoryMiB: 512, gpus: 1, pods: 0, ephemeralMiB: 0 }, durationSeconds: 30 },
    },
    { kind: 'delete-pod', at: 12.5, id: 'a,1' },
  ];

  it('writes the header and one row per event, quoting where needed', () => {
    const file = tempFile('out.csv', '');
    const w = new FleetsimTraceWriter(file);
    events.forEach((e) => w.write(e));
    w.close();
    expect(readFileSync(file, 'utf8')).toBe(`${H}\n"a,1",pod,,,default,0,30,,250,512,1,,,,t,,\n"a,1",delete,,,,12.5,,,,,,,,,,,\n`);
  });

  it('writes JSON Lines for a .jsonl name', () => {
    const file = tempFile('out.jsonl', '');
    const w = new FleetsimTraceWriter(file);
    events.forEach((e) => w.write(e));
    w.close();
    expect(readFileSync(file, 'utf8').split('\n')[1]).toBe('{"id":"a,1","kind":"delete","arrival_s":12.5}');
  });

  it('writes every JSON Lines field, escaping strings that need it', () => {
    const file = tempFile('all.jsonl', '');
    const w = new FleetsimTraceWriter(file);
    const base = buildPodTemplates({ gpu: { labels: { 'app': 'tr"ain', 'tier': 'é' } } }).get('gpu')!.spec;
    w.write({
      kind: 'pod',
      at: 3.14159,
      id: 'p\\1',
      spec: {
        ...base,
        namespace: 'ml',
        owner: { kind: 'Job', name: 'j0' },
        requests: { cpuMillis: 1500.25, memoryMiB: 2048, gpus: 2, pods: 0, ephemeralMiB: 0, extended: { 'vpc.amazonaws.com/efa': 1 } },
        priority: -5,
        durationSeconds: 60.0004,
      },
    });
    w.write({ kind: 'job', at: 4, namespace: 'ml', name: 'train', template: { ...base, namespace: 'ml' }, completions: 4, parallelism: 2 });
    w.write({ kind: 'scale', at: 1e12 + 0.5, namespace: 'default', name: 'web', replicas: 0, template: { ...base, labels: {} } });
    w.close();
    expect(readFileSync(file, 'utf8')).toBe(
      [
        '{"id":"p\\\\1","kind":"pod","owner_kind":"Job","owner_name":"j0","namespace":"ml","arrival_s":3.142,"duration_s":60,"cpu_millis":1500.25,"memory_mib":2048,' +
          '"gpus":2,"extended":{"vpc.amazonaws.com/efa":1},"priority":-5,"labels":{"app":"tr\\"ain","tier":"é"},"template":"gpu"}',
        '{"kind":"job","owner_kind":"Job","owner_name":"train","namespace":"ml","arrival_s":4,"cpu_millis":0,"memory_mib":0,"labels":{"app":"tr\\"ain","tier":"é"},"template":"gpu","replicas":4,"parallelism":2}',
        '{"kind":"scale","owner_kind":"Deployment","owner_name":"web","namespace":"default","arrival_s":1000000000000.5,"cpu_millis":0,"memory_mib":0,"replicas":0}',
        '',
      ].join('\n'),
    );
  });
});
