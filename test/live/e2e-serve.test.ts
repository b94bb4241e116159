import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreV1Api } from '../../src/cluster/kube/client.js';
import { startRecord } from '../../src/runtime/live/record.js';
import { startServe, startServeResolved, type ServeHandle } from '../../src/runtime/live/serve.js';
import { resolveScenario } from '../../src/runtime/resolve-scenario.js';
import { loadScenario } from '../../src/scenario/load.js';
import { readFleetsimTrace } from '../../src/workload/formats/fleetsim-reader.js';
import { TemplateResolver } from '../../src/workload/template-resolver.js';
import { newSourceStats, type WorkloadEvent } from '../../src/workload/types.js';
import { eventually, SERVED_SCENARIO } from './e2e-harness.js';
import { kubeConfigFor } from './harness.js';

const run = promisify(execFile);
const hasKubectl = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
if (!hasKubectl) console.warn('kubectl not found: skipping the kubectl part of e2e-serve (Debian: apt-get install -y kubernetes-client)');

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: default }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: web, image: nginx, resources: { requests: { cpu: 500m, memory: 512Mi } } }]
`;

describe('fleetsim serve', () => {
  it('stops by itself at the horizon, having served the simulated time in between', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleetsim-serve-'));
    const r = resolveScenario(loadScenario(SERVED_SCENARIO));
    const h = await startServeResolved({ ...r, horizonSeconds: 60 }, { policy: 'none', speed: 200, kubeconfig: join(dir, 'kc') });
    expect(await h.done).toBe('horizon');
    expect(h.world.clock.now()).toBe(60);
    await expect(fetch(`${h.k8sUrl}/healthz`)).rejects.toThrow();
    rmSync(dir, { recursive: true, force: true });
  });
});

describe.skipIf(!hasKubectl)('kubectl and fleetsim record against a served simulation (in-world Karpenter, 10× real time)', () => {
  let h: ServeHandle;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fleetsim-serve-'));
    h = await startServe(SERVED_SCENARIO, { policy: 'karpenter', speed: 10, kubeconfig: join(dir, 'kubeconfig'), tickMs: 10 });
  });
  afterAll(async () => {
    await h?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function kubectl(...args: string[]): Promise<string> {
    const { stdout } = await run('kubectl', ['--kubeconfig', h.kubeconfigPath, '--cache-dir', join(dir, 'cache'), '--request-timeout=10s', ...args], { timeout: 30_000 });
    return stdout;
  }
  const rows = (table: string): string[][] => table.trim().split('\n').map((l) => l.trim().split(/\s+/));

  it('lists nodes and pods, scales a Deployment; record writes what happened as a fleetsim trace', async () => {
    const trace = join(dir, 'recorded.csv');
    const rec = await startRecord({ out: trace, kubeConfig: kubeConfigFor(h.k8sUrl), log: () => undefined });
    writeFileSync(join(dir, 'web.yaml'), DEPLOYMENT);
    await kubectl('apply', '--validate=false', '-f', join(dir, 'web.yaml'));
    const webRunning = (n: number) => () => [...h.world.cluster.pods()].filter((p) => p.labels.app === 'web' && p.status.phase === 'Running').length === n;
    await eventually(webRunning(2), 20_000, '2 web pods running (the in-world engine provisioned a node)');

    const nodes = rows(await kubectl('get', 'nodes'));
    expect(nodes[0]).toEqual(['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION']);
    expect(nodes.length).toBeGreaterThanOrEqual(2);
    expect(nodes.slice(1).every((r) => r[1] === 'Ready')).toBe(true);
    const pods = rows(await kubectl('get', 'pods'));
    expect(pods.slice(1).filter((r) => r[0]!.startsWith('web') && r[2] === 'Running')).toHaveLength(2);

    expect(await kubectl('scale', 'deployment', 'web', '--replicas=4')).toContain('deployment.apps/web scaled');
    await eventually(webRunning(4), 20_000, '4 web pods running');
    expect(await kubectl('get', 'deployment', 'web', '-o', 'jsonpath={.spec.replicas}')).toBe('4');

    // A bare pod through client-node, then deleted: a pod row and a delete row.
    const core = kubeConfigFor(h.k8sUrl).makeApiClient(CoreV1Api);
    await core.createNamespacedPod({ namespace: 'default', body: { metadata: { name: 'one-off' }, spec: { containers: [{ name: 'c', image: 'x', resources: { requests: { cpu: '250m', memory: '256Mi' } } }] } } });
    await eventually(() => rec.counts.pods === 1, 5000, 'the bare pod recorded');
    await core.deleteNamespacedPod({ namespace: 'default', name: 'one-off' });
    await eventually(() => rec.counts.deletes === 1, 5000, 'its deletion recorded');
    const summary = await rec.stop();
    expect(summary).toMatchObject({ pods: 1, deletes: 1, scales: 2 });

    const events: WorkloadEvent[] = [...readFleetsimTrace(trace, { resolver: new TemplateResolver(new Map()), onBadRow: 'fail', stats: newSourceStats(trace) })];
    expect(events.map((e) => (e.kind === 'scale' ? `scale ${e.name} ${e.replicas}` : e.kind === 'pod' ? `pod ${e.id}` : `${e.kind} ${'id' in e ? e.id : ''}`))).toEqual([
      'scale web 2',
      'scale web 4',
      'pod default.one-off',
      'delete-pod default.one-off',
    ]);
    const scale = events[0] as Extract<WorkloadEvent, { kind: 'scale' }>;
    expect(scale.template.requests).toMatchObject({ cpuMillis: 500, memoryMiB: 512 });
    const pod = events[2] as Extract<WorkloadEvent, { kind: 'pod' }>;
    expect(pod.spec.requests).toMatchObject({ cpuMillis: 250, memoryMiB: 256 });
    // Times are seconds from the start of the recording, in order.
    const times = events.map((e) => e.at);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(times[times.length - 1]!).toBeLessThan(summary.seconds + 0.001);
  }, 90_000);
});
