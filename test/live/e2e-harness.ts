import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CoreV1Api, type V1Toleration } from '../../src/cluster/kube/client.js';
import { startLive, type LiveHandle, type LiveOptions } from '../../src/runtime/live/live.js';
import { startServeResolved, type ServeHandle, type ServeOptions } from '../../src/runtime/live/serve.js';
import { resolveScenario } from '../../src/runtime/resolve-scenario.js';
import type { ResolvedScenario } from '../../src/runtime/resolved-scenario.js';
import { loadScenario } from '../../src/scenario/load.js';
import { FAKE_CREDENTIALS } from './aws-world.js';
import { kubeConfigFor } from './harness.js';

export { eventually } from './harness.js';

export const FIXTURES = resolve(import.meta.dirname, '../fixtures/live');
export const SERVED_SCENARIO = join(FIXTURES, 'served.yaml');
export const NODEPOOLS = join(FIXTURES, 'nodepools.yaml');
export const CLUSTER = 'e2e';

export interface Served extends ServeHandle {
  readonly dir: string;
  readonly core: CoreV1Api;
  close(): Promise<void>;
}

/**
 * The e2e world: test/fixtures/live/served.yaml served at 1× real time with no autoscaler inside
 * (`--policy none`); `tweak` changes the resolved scenario (e.g. a slower EC2 API).
 */
export async function served(tweak: (s: ResolvedScenario) => ResolvedScenario = (s) => s, opts: ServeOptions = {}): Promise<Served> {
  const dir = mkdtempSync(join(tmpdir(), 'fleetsim-e2e-'));
  const scenario = tweak(resolveScenario(loadScenario(SERVED_SCENARIO)));
  const h = await startServeResolved(scenario, { policy: 'none', kubeconfig: join(dir, 'kubeconfig'), tickMs: 10, ...opts });
  const core = kubeConfigFor(h.k8sUrl).makeApiClient(CoreV1Api);
  return Object.assign(h, {
    dir,
    core,
    close: async () => {
      await h.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}

export interface Live {
  readonly handle: LiveHandle;
  readonly logs: string[];
}

/** `fleetsim live` against the served world: the SDK against its EC2 API, client-node against its Kubernetes API. */
export async function liveAgainst(s: Served, o: Partial<LiveOptions> = {}): Promise<Live> {
  const logs: string[] = [];
  const handle = await startLive({
    apply: false,
    kubeConfig: kubeConfigFor(s.k8sUrl),
    region: 'us-east-1',
    endpointUrl: s.ec2Url,
    credentials: FAKE_CREDENTIALS,
    nodePools: NODEPOOLS,
    clusterName: CLUSTER,
    leaseNamespace: 'default',
    lease: { leaseDurationSeconds: 2, renewDeadlineSeconds: 1.5, retryPeriodSeconds: 0.25 },
    engine: { batchIdleSeconds: 0.2, batchMaxSeconds: 1, registrationTimeoutSeconds: 4, terminateRetrySeconds: 0.5, evictionRetrySeconds: 0.5, drainRecheckSeconds: 0.5 },
    disruption: { validationSeconds: 1, pollSeconds: 1, nominationWindowSeconds: 10, commandPollSeconds: 0.25 },
    reconcileIntervalSeconds: 1,
    launchSettleSeconds: 1,
    kube: { informerBackoff: { initialSeconds: 0.05, maxSeconds: 0.5 }, eviction: { initialSeconds: 0.05, maxSeconds: 0.2, maxAttempts: 6 } },
    outDir: join(s.dir, `live-${Math.random().toString(36).slice(2, 8)}`),
    log: (line) => logs.push(line),
    ...o,
  });
  return { handle, logs };
}

export interface PodOptions {
  readonly cpu?: string;
  readonly memory?: string;
  readonly nodeSelector?: Record<string, string>;
  readonly tolerations?: V1Toleration[];
}

/** A bare pod created through client-node, as a user would. */
export async function createPod(core: CoreV1Api, name: string, o: PodOptions = {}): Promise<void> {
  await core.createNamespacedPod({
    namespace: 'default',
    body: {
      metadata: { name, labels: { app: 'e2e' } },
      spec: {
        containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.9', resources: { requests: { cpu: o.cpu ?? '1', memory: o.memory ?? '1Gi' } } }],
        ...(o.nodeSelector ? { nodeSelector: o.nodeSelector } : {}),
        ...(o.tolerations ? { tolerations: o.tolerations } : {}),
      },
    },
  });
}

export async function deletePod(core: CoreV1Api, name: string): Promise<void> {
  await core.deleteNamespacedPod({ namespace: 'default', name, gracePeriodSeconds: 0 });
}

/** Instances of the served mock EC2 that are not terminated (or shutting down). */
export function liveInstances(s: Served): { id: string; instanceType: string; state: string; tags: Readonly<Record<string, string>> }[] {
  return s.world.ec2.listNow().filter((i) => i.state !== 'terminated' && i.state !== 'shutting-down');
}

/** Whether the engine has a disruption (consolidation) subsystem wired in this build. */
export function hasDisruption(live: LiveHandle): boolean {
  return live.engine.disruption !== undefined;
}
