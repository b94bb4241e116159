import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import { startEc2ApiServer, type Ec2ApiServer } from '../../cloud/ec2-api/index.js';
import { ApiServer, kubeconfigYaml } from '../../cluster/api-server/index.js';
import type { Decision, DecisionSink } from '../../model/index.js';
import { loadScenario } from '../../scenario/load.js';
import { resolveScenario } from '../resolve-scenario.js';
import type { ResolvedScenario } from '../resolved-scenario.js';
import { RealTimePump } from './pump.js';
import { buildWorld, type ServedPolicy, type World } from './world.js';

export interface ServeOptions {
  /** The world's own autoscaler; `none` leaves provisioning to an external controller. Default: the scenario's policy. */
  readonly policy?: ServedPolicy;
  /** Simulated seconds per real second. Default 1. */
  readonly speed?: number;
  /** Default: the scenario's seed. */
  readonly seed?: number;
  /** Kubernetes API port (0: any free port). Default 0. */
  readonly k8sPort?: number;
  /** EC2 API port (0: any free port). Default 0. */
  readonly ec2Port?: number;
  /** Bind address. Default 127.0.0.1 (the servers have no authentication: keep them local). */
  readonly host?: string;
  /** Where the kubeconfig goes. Default `fleetsim.kubeconfig` in the working directory. */
  readonly kubeconfig?: string;
  /** Real milliseconds between pump ticks. Default 20. */
  readonly tickMs?: number;
  /** Unix seconds of simulated time zero. Default: now. */
  readonly epochSeconds?: number;
  /** Decisions of the in-world policy. */
  readonly onDecision?: (d: Decision) => void;
  /** One line per API request (never headers or bodies). */
  readonly requestLog?: (line: string) => void;
  /** The pump hit the horizon or an event failed: `stop()` has been started. */
  readonly onEnd?: (why: 'horizon' | 'error', error?: unknown) => void;
}

export interface ServeHandle {
  readonly k8sUrl: string;
  readonly ec2Url: string;
  readonly kubeconfigPath: string;
  readonly epochSeconds: number;
  readonly world: World;
  readonly api: ApiServer;
  readonly ec2Api: Ec2ApiServer;
  readonly pump: RealTimePump;
  /** Resolves once stopped (by `stop()`, at the horizon or after a failed event). */
  readonly done: Promise<'stopped' | 'horizon' | 'error'>;
  stop(): Promise<void>;
}

/** `fleetsim serve` for a scenario file. */
export async function startServe(scenarioFile: string, opts: ServeOptions = {}): Promise<ServeHandle> {
  return startServeResolved(resolveScenario(loadScenario(scenarioFile)), opts);
}

/**
 * Runs a scenario's world in wall-clock time (accelerated by `speed`) and serves it: the Kubernetes API
 * over the simulated cluster (kubectl, client-node, `fleetsim live`) and the EC2 query API over the mock
 * EC2 (`@aws-sdk/client-ec2`, the AWS adapter). Writes a kubeconfig. Stops at the horizon or on `stop()`.
 */
export async function startServeResolved(scenario: ResolvedScenario, opts: ServeOptions = {}): Promise<ServeHandle> {
  const epochSeconds = opts.epochSeconds ?? Date.now() / 1000;
  const decisions: DecisionSink = { record: (d) => opts.onDecision?.(d) };
  const world = buildWorld(scenario, { policy: opts.policy ?? scenario.defaultPolicy, seed: opts.seed ?? scenario.seed, decisions });
  const host = opts.host ?? '127.0.0.1';
  const api = new ApiServer(world.cluster, {
    epochSeconds,
    now: () => world.clock.now(),
    ...(opts.requestLog ? { log: opts.requestLog } : {}),
  });
  const k8sUrl = await api.listen(opts.k8sPort ?? 0, host);
  let ec2Api: Ec2ApiServer;
  try {
    ec2Api = await startEc2ApiServer({ ec2: world.ec2, port: opts.ec2Port ?? 0, host, region: scenario.region, timeOrigin: epochSeconds });
  } catch (e) {
    await api.close();
    throw e;
  }
  const kubeconfigPath = resolvePath(opts.kubeconfig ?? 'fleetsim.kubeconfig');
  mkdirSync(dirname(kubeconfigPath), { recursive: true });
  writeFileSync(kubeconfigPath, kubeconfigYaml(k8sUrl), { mode: 0o600 });

  let finish: (why: 'stopped' | 'horizon' | 'error') => void = () => undefined;
  const done = new Promise<'stopped' | 'horizon' | 'error'>((ok) => (finish = ok));
  let stopping: Promise<void> | undefined;
  const stopWith = (why: 'stopped' | 'horizon' | 'error'): Promise<void> => {
    stopping ??= (async () => {
      pump.stop();
      world.stop();
      await Promise.all([api.close(), ec2Api.close()]);
      finish(why);
    })();
    return stopping;
  };
  const pump = new RealTimePump(world.clock, {
    speed: opts.speed ?? 1,
    ...(opts.tickMs !== undefined ? { tickMs: opts.tickMs } : {}),
    horizonSeconds: scenario.horizonSeconds,
    onHorizon: () => {
      opts.onEnd?.('horizon');
      void stopWith('horizon');
    },
    onError: (e) => {
      opts.onEnd?.('error', e);
      void stopWith('error');
    },
  });
  const w = api.workloads;
  world.start({
    createPod: (spec, name) => w.createPod(spec, name),
    scaleDeployment: (ns, name, replicas, template) => w.scaleDeployment(ns, name, replicas, template),
    createJob: (ns, name, template, completions, parallelism) => w.createJob(ns, name, template, completions, parallelism),
    addPdb: (pdb) => w.addPdb(pdb),
    addDaemonSet: (ds) => w.addDaemonSet(ds),
    deletePod: (uid) => world.cluster.deletePod(uid),
    pod: (uid) => world.cluster.pod(uid),
  });
  pump.start();
  return { k8sUrl, ec2Url: ec2Api.url, kubeconfigPath, epochSeconds, world, api, ec2Api, pump, done, stop: () => stopWith('stopped') };
}
