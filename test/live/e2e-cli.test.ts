import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerLive } from '../../src/cli/live.js';
import { registerRecord } from '../../src/cli/record.js';
import { registerServe } from '../../src/cli/serve.js';
import { FAKE_CREDENTIALS } from './aws-world.js';
import { createPod, eventually, liveAgainst, NODEPOOLS, served, type Served } from './e2e-harness.js';

function program(): Command {
  const p = new Command('fleetsim').exitOverride();
  registerServe(p);
  registerLive(p);
  registerRecord(p);
  return p;
}

/** The commands as a user runs them (flags → library), stopped with SIGINT like Ctrl-C. */
describe('fleetsim serve / live / record commands', () => {
  let s: Served | undefined;
  afterEach(async () => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
    await s?.close();
    s = undefined;
  });

  it('live without --apply is a dry run: it says so, logs "would launch" to decisions.jsonl and changes nothing', async () => {
    s = await served();
    vi.stubEnv('AWS_ACCESS_KEY_ID', FAKE_CREDENTIALS.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', FAKE_CREDENTIALS.secretAccessKey);
    const stderr: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr.push(String(chunk));
      return true;
    });
    const out = join(s.dir, 'live-out');
    const run = program().parseAsync(['live', '--kubeconfig', s.kubeconfigPath, '--endpoint-url', s.ec2Url, '--region', 'us-east-1', '--cluster-name', 'cli', '--nodepools', NODEPOOLS, '--out', out], { from: 'user' });
    await eventually(() => existsSync(join(out, 'decisions.jsonl')), 20_000, 'decisions.jsonl created');
    await createPod(s.core, 'cli-pod');
    await eventually(() => stderr.some((l) => l.startsWith('would launch')), 30_000, 'a "would launch" line');
    process.emit('SIGINT');
    await run;
    expect(stderr[0]).toMatch(/^fleetsim live: DRY RUN/);
    const records = readFileSync(join(out, 'decisions.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { kind: string; dryRun: boolean });
    expect(records.some((r) => r.kind === 'would-launch')).toBe(true);
    expect(records.every((r) => r.dryRun)).toBe(true);
    expect(s.world.ec2.listNow()).toEqual([]);
    expect(s.ec2Api.calls.CreateFleet ?? 0).toBe(0);
  }, 60_000);

  it('flag errors are usage errors', async () => {
    await expect(program().parseAsync(['serve', 'x.yaml', '--policy', 'magic'], { from: 'user' })).rejects.toThrow(/--policy expects one of karpenter, cluster-autoscaler, static, none/);
    await expect(program().parseAsync(['serve', 'x.yaml', '--speed', '0'], { from: 'user' })).rejects.toThrow(/--speed expects a number > 0/);
    await expect(program().parseAsync(['record', '--out', 'x.csv', '--duration', 'soon'], { from: 'user' })).rejects.toThrow(/--duration expects a duration/);
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await expect(program().parseAsync(['live'], { from: 'user' })).rejects.toThrow(/--nodepools/);
  });
});

describe('fleetsim live startup', () => {
  it('fails at once, naming the fix, when the cluster lacks the NodeClaim CRD', async () => {
    const s = await served();
    try {
      s.api.faults.failRequests(1, 404, { method: 'GET', path: /\/apis\/fleetsim\.io\/v1alpha1\/nodeclaims$/ });
      await expect(liveAgainst(s)).rejects.toThrow(/kubectl apply -f deploy\/crds\/nodeclaims\.fleetsim\.io\.yaml/);
    } finally {
      await s.close();
    }
  });
});
