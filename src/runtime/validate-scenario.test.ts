import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../scenario/errors.js';
import { validateScenarioFile } from './resolve-scenario.js';

const dir = mkdtempSync(join(tmpdir(), 'fleetsim-validate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = 'id,kind,owner_kind,owner_name,namespace,arrival_s,duration_s,end_s,cpu_millis,memory_mib,gpus,extended,priority,labels,template,replicas,parallelism';
const row = (id: string, at: number, cpu: string): string => `${id},pod,,,default,${at},60,,${cpu},128,,,,,,,`;

let n = 0;
/** Write a scenario (and files beside it) and return what `fleetsim validate` reports: [] when valid. */
function problems(yaml: string, files: Record<string, string> = {}): string[] {
  const file = join(dir, `s${n++}.yaml`);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  writeFileSync(file, yaml);
  try {
    validateScenarioFile(file);
    return [];
  } catch (e) {
    if (e instanceof InputError) return e.problems.map((p) => `${p.line ?? '-'}:${p.column ?? '-'}: ${p.path ?? ''}: ${p.message}`);
    throw e;
  }
}

/** A static scenario on an m5-only catalog (largest m5 types: 96 vCPU) with `extra` lines and a workload. */
function scenario(extra: string, workload = '  - { generator: poisson, ratePerMinute: 1, requests: { cpu: 100m }, duration: { fixed: 60 } }'): string {
  return `name: t\nhorizon: 10m\npolicy: static\nstatic:\n  nodes: [{ instanceType: m5.large }]\ncloud:\n  catalog: { families: [m5] }\n${extra}workload:\n${workload}\n`;
}

describe('requests no instance type of the catalog can hold', () => {
  it('accepts a DaemonSet of 96 vCPU (an m5.24xlarge has 96) and rejects 97, naming the largest type', () => {
    expect(problems(scenario('cluster:\n  daemonSets:\n    - { name: a, requests: { cpu: 96 } }\n'))).toEqual([]);
    const [p, ...rest] = problems(scenario('cluster:\n  daemonSets:\n    - { name: a, requests: { cpu: 97 } }\n'));
    expect(rest).toEqual([]);
    expect(p).toMatch(/^10:35: cluster\.daemonSets\[0\]\.requests\.cpu: requests 97 vCPU, more than the largest instance type in the scenario's catalog has \(m5\.(24xlarge|metal): 96 vCPU\)/);
  });

  it('checks pod templates and generator overrides at the offending quantity', () => {
    const out = problems(
      scenario('cluster:\n  podTemplates:\n    big: { requests: { cpu: 1, memory: 1Ti } }\n', '  - { generator: poisson, template: big, ratePerMinute: 1, requests: { cpu: 200 }, duration: { fixed: 60 } }'),
    );
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(/^10:40: cluster\.podTemplates\.big\.requests\.memory: requests 1 TiB, more than the largest instance type in the scenario's catalog has \(m5\.(24xlarge|metal): 355\.2 GiB\)/); // 384 GiB less the 7.5 % VM overhead
    expect(out[1]).toMatch(/^12:77: workload\[0\]\.requests\.cpu: requests 200 vCPU, more than/);
  });

  it('rejects a GPU request when no type of the catalog has a GPU', () => {
    const out = problems(scenario('', '  - { generator: poisson, ratePerMinute: 1, requests: { nvidia.com/gpu: 1 }, duration: { fixed: 60 } }'));
    expect(out).toEqual([`9:73: workload[0].requests.nvidia.com/gpu: requests 1 GPU, but no instance type in the scenario's catalog has any: no node could ever run this pod`]);
  });

  it('reports a missing catalog file once, without knock-on unknown instance types', () => {
    const out = problems(scenario('').replace('{ families: [m5] }', '{ file: missing.csv }'));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/missing\.csv/);
  });
});

describe('misspelt generator fields', () => {
  it('hint at the right field and do not add the knock-on rate error', () => {
    const out = problems(scenario('', '  - { generator: poisson, ratePerMinut: 1, requests: { cpu: 100m }, duration: { fixed: 60 } }'));
    expect(out).toEqual(['9:27: workload[0].ratePerMinut: unknown field "ratePerMinut" (did you mean "ratePerMinute"?)']);
  });
});

describe('validate reads traces as run does', () => {
  const traceScenario = (file: string, options = ''): string => scenario('', `  - trace: { file: ${file}${options} }`);

  it('reports a bad row with file, line, column and reason', () => {
    const out = problems(traceScenario('bad.csv'), { 'bad.csv': [HEADER, row('p1', 0, '100'), row('p2', 30, 'lots')].join('\n') });
    expect(out).toEqual(['3:25: cpu_millis: expected a number, found "lots"']);
  });

  it('stops, like run, after the first event past the horizon (600 s)', () => {
    const text = [HEADER, row('p1', 0, '100'), row('p2', 700, '100'), row('p3', 800, 'lots')].join('\n');
    expect(problems(traceScenario('late.csv'), { 'late.csv': text })).toEqual([]);
    expect(problems(traceScenario('late.csv').replace('horizon: 10m', 'horizon: 1h'), { 'late.csv': text })).toEqual(['4:26: cpu_millis: expected a number, found "lots"']);
  });

  it('skips bad rows under onBadRow: skip, but never a missing header', () => {
    expect(problems(traceScenario('skip.csv', ', onBadRow: skip'), { 'skip.csv': [HEADER, row('p1', 0, 'lots')].join('\n') })).toEqual([]);
    const out = problems(traceScenario('empty.csv', ', onBadRow: skip'), { 'empty.csv': '# nothing yet\n' });
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^-:-: : empty file \(no header line\), expected a header \(id,kind,/);
  });

  it('refuses binary data', () => {
    const out = problems(traceScenario('bin.csv'), { 'bin.csv': `${HEADER}\n\u0000\u0001\u0002\n` });
    expect(out).toEqual(['-:-: : binary data, expected a text file']);
  });
});
