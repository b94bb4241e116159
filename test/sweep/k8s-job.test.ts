import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildSweepJob, dnsLabel, emitSweepJob, sweepJobYaml, type SweepJobOptions } from '../../src/runtime/sweep/index.js';
import { isInputError } from '../../src/scenario/errors.js';
import { runSweepCli } from './cli.js';
import { podCommand, type JobManifest } from './job-pod.js';
import { checkAgainstModel } from './k8s-schema.js';

const root = mkdtempSync(join(tmpdir(), 'fleetsim-sweep-job-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const OPTS: SweepJobOptions = {
  scenario: 'scenarios/default.yaml',
  sets: ['cloud.spot.interruptionMultiplier=1,10,40', 'karpenter.manifests[0].spec.disruption.consolidateAfter=0s,5m'],
  policies: ['karpenter', 'cluster-autoscaler'],
  seeds: 3,
  shards: 4,
  image: 'registry.example.com/fleetsim:0.1.0',
  pvc: 'sweep-results',
};

function manifestOf(opts: SweepJobOptions): JobManifest {
  return parse(sweepJobYaml(opts)) as JobManifest;
}

function rejection(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (isInputError(e)) return e.message;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('the Kubernetes Indexed Job of a sweep', () => {
  const job = manifestOf(OPTS);
  const container = job.spec.template.spec.containers[0]!;

  it('is a batch/v1 Job in Indexed completion mode with one pod per shard, all at once', () => {
    expect(job.apiVersion).toBe('batch/v1');
    expect(job.kind).toBe('Job');
    expect(job.metadata.name).toBe('fleetsim-sweep-default');
    expect(job.spec.completionMode).toBe('Indexed');
    expect(job.spec.completions).toBe(4);
    expect(job.spec.parallelism).toBe(4);
    // Job pods must not restart in place (Never or OnFailure); Never gives each retry a fresh pod
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
    expect(container.image).toBe('registry.example.com/fleetsim:0.1.0');
  });

  it('runs `fleetsim sweep` on the shard given by JOB_COMPLETION_INDEX into /results/shard-<index>', () => {
    expect(container.command).toEqual([
      'fleetsim',
      'sweep',
      'scenarios/default.yaml',
      '--set',
      'cloud.spot.interruptionMultiplier=1,10,40',
      '--set',
      'karpenter.manifests[0].spec.disruption.consolidateAfter=0s,5m',
      '--policies',
      'karpenter,cluster-autoscaler',
      '--seeds',
      '3',
      '--workers',
      '1',
      '--shard',
      '$(JOB_COMPLETION_INDEX)/4',
      '--out',
      '/results/shard-$(JOB_COMPLETION_INDEX)',
    ]);
    // $(VAR) is only expanded for variables of the container's env: JOB_COMPLETION_INDEX is declared,
    // from the completion-index annotation the Job controller puts on each pod
    const env = new Map((container.env ?? []).map((e) => [e.name, e]));
    expect(env.get('JOB_COMPLETION_INDEX')?.valueFrom?.fieldRef?.fieldPath).toBe("metadata.annotations['batch.kubernetes.io/job-completion-index']");
    const referenced = container.command.flatMap((a) => [...a.replace(/\$\$/g, '').matchAll(/\$\(([^)]+)\)/g)].map((m) => m[1]));
    for (const name of referenced) expect(env.has(name!)).toBe(true);
    expect(podCommand(container, 2).slice(-4)).toEqual(['--shard', '2/4', '--out', '/results/shard-2']);
  });

  it('mounts the PersistentVolumeClaim at the results path', () => {
    expect(job.spec.template.spec.volumes).toEqual([{ name: 'results', persistentVolumeClaim: { claimName: 'sweep-results' } }]);
    expect(container.volumeMounts).toEqual([{ name: 'results', mountPath: '/results' }]);
    const other = manifestOf({ ...OPTS, resultsPath: '/data/out/' });
    const c = other.spec.template.spec.containers[0]!;
    expect(c.volumeMounts![0]!.mountPath).toBe('/data/out/');
    expect(podCommand(c, 0).at(-1)).toBe('/data/out/shard-0');
  });

  it('keeps a literal "$" in user-given values ($$ in the manifest, $ again in the pod)', () => {
    const j = manifestOf({ ...OPTS, sets: ['workload[0].name=$(HOME),a$b'] });
    const c = j.spec.template.spec.containers[0]!;
    expect(c.command[4]).toBe('workload[0].name=$$(HOME),a$$b');
    expect(podCommand(c, 0)[4]).toBe('workload[0].name=$(HOME),a$b');
  });

  it('fits the Kubernetes API types (schema check against the client-node models of batch/v1 Job)', () => {
    expect(checkAgainstModel(job, 'V1Job')).toEqual([]);
    // the check itself can fail: an unknown field and a wrong type are caught
    const broken = JSON.parse(JSON.stringify(job)) as { spec: Record<string, unknown> };
    broken.spec.completionModes = 'Indexed';
    broken.spec.completions = '4';
    expect(checkAgainstModel(broken, 'V1Job').sort()).toEqual(['spec.completionModes: unknown field of V1JobSpec', 'spec.completions: expected a number, got "4"']);
  });

  it('is accepted by kubectl (create --dry-run=client, or a typed local decode without an API server)', () => {
    const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
    if (kubectl.status !== 0) {
      console.warn('kubectl not found: skipping the kubectl check (Debian: apt-get install -y kubernetes-client)');
      return;
    }
    const file = join(root, 'job.yaml');
    writeFileSync(file, sweepJobYaml(OPTS));
    const env = { ...process.env, KUBECONFIG: join(root, 'no-kubeconfig') };
    const created = spawnSync('kubectl', ['create', '--dry-run=client', '-f', file, '-o', 'name', '--request-timeout=5s'], { encoding: 'utf8', env });
    if (created.status === 0) {
      expect(created.stdout.trim()).toBe('job.batch/fleetsim-sweep-default');
      return;
    }
    // kubectl create needs discovery (and the OpenAPI schema) from an API server, even with
    // --dry-run=client. Without one, decode the file into the typed batch/v1 Job locally instead
    // (`set env --local` reads it through kubectl's scheme: a wrong field type is an error there).
    expect(created.stderr).toMatch(/connection refused|unable to recognize|failed to download openapi|no such host|dial tcp/);
    console.warn('kubectl create --dry-run=client needs an API server here; checked with `kubectl set env --local` (typed decode) instead');
    const local = spawnSync('kubectl', ['set', 'env', '--local', '-f', file, 'FLEETSIM_CHECK=1', '-o', 'name'], { encoding: 'utf8', env });
    expect(local.stderr).toBe('');
    expect(local.stdout.trim()).toBe('job.batch/fleetsim-sweep-default');
    const bad = join(root, 'bad-job.yaml');
    writeFileSync(bad, readFileSync(file, 'utf8').replace('completions: 4', 'completions: "four"'));
    const rejected = spawnSync('kubectl', ['set', 'env', '--local', '-f', bad, 'FLEETSIM_CHECK=1', '-o', 'name'], { encoding: 'utf8', env });
    expect(rejected.status).not.toBe(0);
    expect(rejected.stderr).toContain('JobSpec.spec.completions');
  });

  it('rejects invalid names, shard counts and relative results paths', () => {
    expect(rejection(() => buildSweepJob({ ...OPTS, name: 'Fleet_Sweep' }))).toContain('not a valid Job name');
    expect(rejection(() => buildSweepJob({ ...OPTS, shards: 0 }))).toContain('--shards');
    expect(rejection(() => buildSweepJob({ ...OPTS, resultsPath: 'results' }))).toContain('must be an absolute path');
    expect(dnsLabel('Fleet Sweep: my_scenario.v2')).toBe('fleet-sweep-my-scenario-v2');
    expect(dnsLabel('x'.repeat(80))).toHaveLength(63);
  });
});

describe('emitting the Job', () => {
  it('validates the sweep first and defaults to one shard per run, at most 10', async () => {
    const out = join(root, 'emitted', 'job.yaml');
    const emitted = await emitSweepJob('scenarios/static.yaml', ['static.nodes[0].count=2,4'], out, { image: 'fleetsim:test' });
    expect(emitted).toMatchObject({ runs: 2, shards: 2 });
    const job = parse(readFileSync(out, 'utf8')) as JobManifest;
    expect(job.spec.completions).toBe(2);
    expect(readFileSync(out, 'utf8')).toContain('# When the Job has completed, combine the shards');
    const big = await emitSweepJob('scenarios/static.yaml', ['static.nodes[0].count=1,2,3,4,5,6', 'horizon=10m,20m'], join(root, 'big.yaml'), { image: 'fleetsim:test' });
    expect(big).toMatchObject({ runs: 12, shards: 10 });
  });

  it('is bad input (exit 2) for more shards than runs, a bad --set value, or --shard with --emit-k8s-job; nothing is written', async () => {
    const out = join(root, 'never.yaml');
    const base = ['sweep', 'scenarios/static.yaml', '--set', 'static.nodes[0].count=2,4', '--emit-k8s-job', out];
    const tooMany = await runSweepCli([...base, '--shards', '3']);
    expect(tooMany.code).toBe(2);
    expect(tooMany.stderr).toContain('3 shards for 2 runs');
    const badValue = await runSweepCli(['sweep', 'scenarios/static.yaml', '--set', 'static.nodes[0].count=2,zero', '--emit-k8s-job', out]);
    expect(badValue.code).toBe(2);
    expect(badValue.stderr).toContain('static.nodes[0].count');
    expect(badValue.stderr).toContain('(with --set static.nodes[0].count=zero)');
    const withShard = await runSweepCli([...base, '--shard', '0/2']);
    expect(withShard.code).toBe(2);
    expect(withShard.stderr).toContain('--shard: is set by the Job');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses Job-only flags on a local sweep', async () => {
    const r = await runSweepCli(['sweep', 'scenarios/static.yaml', '--pvc', 'x', '--out', join(root, 'x')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--pvc only applies with --emit-k8s-job');
    expect(existsSync(join(root, 'x'))).toBe(false);
  });
});
