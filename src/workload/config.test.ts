import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { InputError } from '../scenario/errors.js';
import { RandomSource } from '../sim/random.js';
import { buildWorkload, validateWorkload, workloadSchema } from './config.js';
import { buildPodTemplates, podTemplatesSchema } from './pod-template.js';
import type { WorkloadEvent } from './types.js';
import { tempFile, TRACES } from '../../test/workload/helpers.js';

const templates = buildPodTemplates(
  podTemplatesSchema.parse(
    parse(`
web:
  namespace: shop
  requests: {cpu: 500m, memory: 1Gi}
  labels: {app: web}
  pdb: {maxUnavailable: 1}
  topologySpreadConstraints:
    - {maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: DoNotSchedule}
batch:
  requests: {cpu: "2", memory: 4Gi}
  doNotDisrupt: true
  tolerations: [{key: batch, operator: Exists, effect: NoSchedule}]
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
          - matchExpressions: [{key: karpenter.sh/capacity-type, operator: In, values: [spot]}]
`),
  ),
);

const trace = tempFile('mix.csv', 'id,arrival_s,cpu_millis,namespace\na,30,100,team-b\nb,90,100,other\n');

function config(yaml: string) {
  return workloadSchema.parse(parse(yaml));
}

describe('workload config', () => {
  it('parses generators and traces and merges them in time order', () => {
    const cfg = config(`
- generator: burst
  name: spike
  template: web
  at: 1m
  replicas: 10
- trace:
    file: ${trace}
    transform: {templateByNamespace: {team-b: batch}}
- generator: cronjob
  name: report
  every: 45s
  until: 100s
  duration: {fixed: 10}
  template: batch
`);
    const built = buildWorkload(cfg, { rng: new RandomSource(1), baseDir: '/', podTemplates: templates, horizonSeconds: 3600 });
    const events = [...built.events];
    expect(events.map((e) => `${e.at} ${e.kind}`)).toEqual(['0 job', '30 pod', '45 job', '60 scale', '90 pod', '90 job']);
    const podA = events[1] as Extract<WorkloadEvent, { kind: 'pod' }>;
    expect(podA.spec.namespace).toBe('team-b');
    expect(podA.spec.requests).toMatchObject({ cpuMillis: 100, memoryMiB: 4096 });
    expect(podA.spec.tolerations).toEqual([{ key: 'batch', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(podA.spec.affinity?.nodeAffinity?.required?.[0]?.matchExpressions[0]).toMatchObject({ key: 'karpenter.sh/capacity-type', values: ['spot'] });
    const spike = events[3] as Extract<WorkloadEvent, { kind: 'scale' }>;
    expect(spike.template.topologySpreadConstraints[0]).toMatchObject({ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone' });
    expect(built.pdbs).toEqual([{ name: 'web-pdb', namespace: 'shop', selector: { matchLabels: { 'fleetsim.io/template': 'web' } }, maxUnavailable: 1 }]);
    const stats = built.stats();
    expect(stats.totals).toEqual({ read: 2 + 1 + 3, used: 6, skipped: 0, filtered: 0, events: 6 });
    expect(stats.sources.map((s) => s.name)).toEqual(['generator burst #0', `trace ${trace} (fleetsim)`, 'generator cronjob #2']);
  });

  it('gives each generator its own random stream: adding one leaves the others unchanged', () => {
    const one = config(`
- generator: poisson
  rate: 0.1
  duration: {fixed: 1}
  until: 1h
`);
    const two = config(`
- generator: poisson
  rate: 0.1
  duration: {fixed: 1}
  until: 1h
- generator: poisson
  rate: 1
  duration: {fixed: 1}
  until: 1h
  labels: {second: "yes"}
`);
    const first = (c: typeof one): number[] =>
      [...buildWorkload(c, { rng: new RandomSource(9), baseDir: '/', podTemplates: templates }).events].filter((e) => e.kind === 'pod' && !e.spec.labels.second).map((e) => e.at);
    expect(first(two)).toEqual(first(one));
  });

  it('reports unknown generators and fields through the schema', () => {
    expect(workloadSchema.safeParse(parse('- generator: tsunami\n  rate: 1')).success).toBe(false);
    const r = workloadSchema.safeParse(parse('- trace: {file: x.csv, onBadRows: skip}'));
    expect(r.success).toBe(false);
  });

  it('validates template names, files, format options and ends', () => {
    const cfg = config(`
- generator: poisson
  rate: 1
  duration: {fixed: 1}
  template: nope
- trace: {file: missing.csv}
- trace: {file: ${join(TRACES, 'formats', 'google2011-task-events-sample.csv')}, format: google-2011, options: {referenceMachine: {cpus: 3}}}
- trace: {file: ${trace}, transform: {templateByOwner: {x: nada}, window: {start: 1h, end: 30m}}}
`);
    const problems = validateWorkload(cfg, { baseDir: '/tmp', podTemplates: templates, scenarioFile: 's.yaml' });
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'workload[0]: unknown pod template "nope" (known: web, batch)',
      'workload[0].until: required when the scenario has no horizon',
      'workload[1].trace.file: trace file not found: /tmp/missing.csv',
      'workload[2].trace.options.referenceMachine: Unrecognized key: "cpus"',
      'workload[3]: unknown pod template "nada" (known: web, batch)',
      'workload[3].trace.transform.window.end: must be after start (3600 s), found 1800 s',
    ]);
    expect(() => buildWorkload(cfg, { rng: new RandomSource(1), baseDir: '/tmp', podTemplates: templates })).toThrow(InputError);
  });

  it('rejects bad pod templates', () => {
    const r = podTemplatesSchema.safeParse({ t: { requests: { cpu: 'lots' }, pdb: { minAvailable: 1, maxUnavailable: 1 } } });
    expect(r.success).toBe(false);
    const messages = r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toContain('t.requests.cpu: expected a Kubernetes quantity such as "500m", "2Gi" or 1, found "lots"');
    expect(messages).toContain('t.pdb: give exactly one of minAvailable, maxUnavailable');
  });
});

describe('workload config errors', () => {
  const issues = (yaml: string): string[] => {
    const r = workloadSchema.safeParse(parse(yaml));
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('names the field at fault inside generators, distributions and load curves', () => {
    expect(issues('- {generator: poisson, rate: 1, duration: {lognormal: {median: 5m, p95: soon}}}')).toEqual([
      '0.duration.lognormal.p95: expected a duration such as "30s", "10m", "6h" or "7d", found "soon"',
    ]);
    expect(issues('- {generator: hpa-deployment, name: a, capacityPerReplica: 1, maxReplicas: 3, load: {sine: 1}}')).toEqual([
      '0.load: expected a load curve: a mapping with one of constant, points, diurnal',
    ]);
    expect(issues('- {generator: tsunami}')[0]).toContain("0.generator: Invalid discriminator value. Expected 'poisson' | 'diurnal-web'");
    expect(issues('- {color: red}')).toEqual([
      '0: expected a generator (generator: poisson | diurnal-web | burst | batch-waves | gpu-training | cronjob | hpa-deployment) or a trace (trace: {file: ...})',
    ]);
  });
});
