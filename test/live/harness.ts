import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '../../src/cluster/kube/client.js';
import { ApiServer, kubeconfigYaml, type ApiServerOptions } from '../../src/cluster/api-server/index.js';
import { KubeCluster, WallClock, type KubeClusterOptions, type WriteFailure } from '../../src/cluster/kube/index.js';
import { SimCluster, type SimClusterOptions } from '../../src/cluster/sim/index.js';
import { RandomSource } from '../../src/sim/random.js';
import { SimClock } from '../../src/sim/sim-clock.js';

/** Unix time of simulated time zero in the live tests (the served timestamps are sim seconds + this). */
export const EPOCH = 1_700_000_000;

export interface LiveWorld {
  readonly clock: SimClock;
  readonly sim: SimCluster;
  readonly server: ApiServer;
  readonly url: string;
  readonly kubeConfig: KubeConfig;
  /** Run simulated time forward now (in addition to the pump). */
  advance(seconds: number): void;
  close(): Promise<void>;
}

export interface LiveOptions {
  readonly sim?: Partial<SimClusterOptions>;
  readonly server?: Partial<ApiServerOptions>;
  /** Simulated seconds per 10 ms of real time; 0 leaves the clock to `advance`. Default 1. */
  readonly pumpSeconds?: number;
}

/** A SimCluster served on 127.0.0.1 (any port), its clock pumped in real time, and a KubeConfig for it. */
export async function liveWorld(o: LiveOptions = {}): Promise<LiveWorld> {
  const clock = new SimClock();
  const sim = new SimCluster(clock, new RandomSource(1), o.sim ?? {});
  const server = new ApiServer(sim, { epochSeconds: EPOCH, now: () => clock.now(), ...o.server });
  const url = await server.listen(0, '127.0.0.1');
  const step = o.pumpSeconds ?? 1;
  const pump = step > 0 ? setInterval(() => clock.run(clock.now() + step), 10) : undefined;
  return {
    clock,
    sim,
    server,
    url,
    kubeConfig: kubeConfigFor(url),
    advance: (seconds) => clock.run(clock.now() + seconds),
    close: async () => {
      if (pump) clearInterval(pump);
      await server.close();
    },
  };
}

/** A KubeConfig for the server: cluster URL, skipTLSVerify and a fake token, loaded from options. */
export function kubeConfigFor(url: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'fleetsim', server: url, skipTLSVerify: true }],
    users: [{ name: 'fleetsim', token: 'not-a-secret' }],
    contexts: [{ name: 'fleetsim', cluster: 'fleetsim', user: 'fleetsim' }],
    currentContext: 'fleetsim',
  });
  return kc;
}

/** A kubeconfig file for kubectl in a fresh temp dir; `cleanup` removes the dir. */
export function kubeconfigFile(url: string): { path: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'fleetsim-kubeconfig-'));
  const path = join(dir, 'config');
  writeFileSync(path, kubeconfigYaml(url));
  return { path, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Poll until `check` returns a value other than undefined/false (real time), or fail after `timeoutMs`. */
export async function eventually<T>(check: () => T | undefined | false, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const start = performance.now();
  for (;;) {
    const v = check();
    if (v !== undefined && v !== false) return v;
    if (performance.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A KubeCluster on the wall clock against the world's server, with fast backoffs, collecting errors. */
export async function kubeClusterFor(w: LiveWorld, options: KubeClusterOptions = {}): Promise<{ kube: KubeCluster; errors: WriteFailure[]; clock: WallClock }> {
  const errors: WriteFailure[] = [];
  const clock = new WallClock();
  const kube = new KubeCluster(w.kubeConfig, clock, {
    informerBackoff: { initialSeconds: 0.05, maxSeconds: 0.5 },
    eviction: { initialSeconds: 0.05, maxSeconds: 0.2, maxAttempts: 5 },
    onError: (f) => errors.push(f),
    ...options,
  });
  await kube.start();
  return { kube, errors, clock };
}
