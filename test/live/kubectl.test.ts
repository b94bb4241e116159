import { execFile, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeSpec, podSpec } from '../cluster/fixtures.js';
import { eventually, kubeconfigFile, liveWorld, type LiveWorld } from './harness.js';

const run = promisify(execFile);
const hasKubectl = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
if (!hasKubectl) {
  console.warn('kubectl not found: skipping the kubectl tests (Debian: apt-get install -y kubernetes-client)');
}

describe.skipIf(!hasKubectl)('kubectl against the served simulation', () => {
  let w: LiveWorld;
  let config: { path: string; cleanup: () => void };

  beforeAll(async () => {
    w = await liveWorld();
    w.sim.registerNode(nodeSpec('node-a', { labels: { 'node.kubernetes.io/instance-type': 'm5.xlarge' } }));
    w.sim.registerNode(nodeSpec('node-b'));
    w.server.workloads.scaleDeployment('default', 'web', 2, podSpec({ labels: { app: 'web' } }));
    w.sim.createPod(podSpec({ namespace: 'batch' }), 'job-0');
    config = kubeconfigFile(w.url);
    await eventually(() => [...w.sim.pods()].every((p) => p.status.phase === 'Running'), 5000, 'pods running');
  });
  afterAll(async () => {
    await w?.close();
    config?.cleanup();
  });

  async function kubectl(...args: string[]): Promise<string> {
    const cacheDir = join(config.path, '..', 'cache');
    const { stdout } = await run('kubectl', ['--kubeconfig', config.path, '--cache-dir', cacheDir, '--request-timeout=10s', ...args], { timeout: 30_000 });
    return stdout;
  }

  const rows = (table: string): string[][] => table.trim().split('\n').map((l) => l.trim().split(/\s+/));

  it('get nodes prints the server-side table', async () => {
    const out = rows(await kubectl('get', 'nodes'));
    expect(out[0]).toEqual(['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION']);
    expect(out.slice(1).map((r) => [r[0], r[1], r[2], r[4]])).toEqual([
      ['node-a', 'Ready', '<none>', 'v1.30.0-fleetsim'],
      ['node-b', 'Ready', '<none>', 'v1.30.0-fleetsim'],
    ]);
    const wide = rows(await kubectl('get', 'nodes', '-o', 'wide'));
    expect(wide[0]).toContain('INSTANCE-TYPE');
    expect(wide[1]).toContain('m5.xlarge');
  });

  it('get pods -A lists every namespace', async () => {
    const out = rows(await kubectl('get', 'pods', '-A'));
    expect(out[0]).toEqual(['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    expect(out.slice(1).map((r) => `${r[0]}/${r[1]} ${r[2]} ${r[3]}`)).toEqual(['batch/job-0 1/1 Running', 'default/web-1 1/1 Running', 'default/web-2 1/1 Running']);
    const json = JSON.parse(await kubectl('get', 'pods', '-n', 'default', '-o', 'json')) as { items: { spec: { nodeName: string } }[] };
    expect(json.items.every((p) => p.spec.nodeName === 'node-a' || p.spec.nodeName === 'node-b')).toBe(true);
  });

  it('scale deployment changes the replicas in the simulation', async () => {
    expect(await kubectl('scale', 'deployment', 'web', '--replicas=4')).toContain('deployment.apps/web scaled');
    await eventually(() => [...w.sim.pods()].filter((p) => p.owner?.name === 'web' && p.status.phase === 'Running').length === 4, 5000, '4 web pods running');
    expect(await kubectl('get', 'deployment', 'web', '-o', 'jsonpath={.spec.replicas} {.status.readyReplicas}')).toBe('4 4');
    await kubectl('scale', 'deployment', 'web', '--replicas=1');
    await eventually(() => [...w.sim.pods()].filter((p) => p.owner?.name === 'web' && p.status.deletionAt === undefined).length === 1, 5000, 'scaled down to 1');
  });

  it('cordon, taint and label reach the simulated node', async () => {
    await kubectl('cordon', 'node-b');
    await kubectl('taint', 'nodes', 'node-b', 'dedicated=gpu:NoSchedule');
    await kubectl('label', 'node', 'node-b', 'team=ml');
    const node = w.sim.node('node-b')!;
    expect(node.unschedulable).toBe(true);
    expect(node.labels.team).toBe('ml');
    expect(node.taints.map((t) => `${t.key}=${t.value ?? ''}:${t.effect}`).sort()).toEqual(['dedicated=gpu:NoSchedule', 'node.kubernetes.io/unschedulable=:NoSchedule']);
    expect(rows(await kubectl('get', 'node', 'node-b'))[1][1]).toBe('Ready,SchedulingDisabled');
    await kubectl('uncordon', 'node-b');
    await kubectl('taint', 'nodes', 'node-b', 'dedicated-');
    expect(w.sim.node('node-b')!.taints).toEqual([]);
  });
});
