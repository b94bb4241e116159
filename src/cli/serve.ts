import type { Command } from 'commander';
import { SERVED_POLICIES, type ServedPolicy } from '../runtime/live/world.js';
import { intOption, UsageError } from './errors.js';

function servedPolicy(value: string): ServedPolicy {
  if (!(SERVED_POLICIES as readonly string[]).includes(value)) throw new UsageError(`--policy expects one of ${SERVED_POLICIES.join(', ')}, got "${value}"`);
  return value as ServedPolicy;
}

function speedOption(value: string): number {
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n)) throw new UsageError(`--speed expects a number > 0, got "${value}"`);
  return n;
}

/** Resolves on the first SIGINT or SIGTERM (and removes its handlers). */
export function untilSignal(): { promise: Promise<string>; cancel: () => void } {
  let cancel = (): void => undefined;
  const promise = new Promise<string>((ok) => {
    const on = (sig: string): void => {
      cancel();
      ok(sig);
    };
    const int = (): void => on('SIGINT');
    const term = (): void => on('SIGTERM');
    process.once('SIGINT', int);
    process.once('SIGTERM', term);
    cancel = () => {
      process.off('SIGINT', int);
      process.off('SIGTERM', term);
    };
  });
  return { promise, cancel };
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run a scenario in wall-clock time and serve it: the Kubernetes API over the simulated cluster (kubectl, fleetsim live) and the EC2 API over the mock EC2')
    .argument('<scenario>', 'scenario file (YAML)')
    .option('--policy <policy>', `autoscaler inside the world: ${SERVED_POLICIES.join(' | ')} (none: an external controller such as fleetsim live launches through the EC2 API; default: the scenario's)`, servedPolicy)
    .option('--speed <x>', 'simulated seconds per real second', speedOption, 1)
    .option('--seed <n>', "random seed (default: the scenario's)", intOption('seed', 0))
    .option('--k8s-port <n>', 'Kubernetes API port (0: any free port)', intOption('k8s-port', 0), 0)
    .option('--ec2-port <n>', 'EC2 API port (0: any free port)', intOption('ec2-port', 0), 0)
    .option('--host <address>', 'bind address (the servers have no authentication: keep them local)', '127.0.0.1')
    .option('--kubeconfig <file>', 'where to write the kubeconfig for kubectl', 'fleetsim.kubeconfig')
    .option('--log-requests', 'print one line per API request')
    .action(async (scenario: string, opts: { policy?: ServedPolicy; speed: number; seed?: number; k8sPort: number; ec2Port: number; host: string; kubeconfig: string; logRequests?: boolean }) => {
      const out = (line: string): void => void process.stdout.write(`${line}\n`);
      const { startServe } = await import('../runtime/live/serve.js');
      const handle = await startServe(scenario, {
        speed: opts.speed,
        k8sPort: opts.k8sPort,
        ec2Port: opts.ec2Port,
        host: opts.host,
        kubeconfig: opts.kubeconfig,
        ...(opts.policy ? { policy: opts.policy } : {}),
        ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
        ...(opts.logRequests ? { requestLog: (l: string) => out(`api: ${l}`) } : {}),
        onEnd: (why, error) => out(why === 'horizon' ? 'fleetsim serve: reached the horizon; stopping' : `fleetsim serve: a simulated event failed: ${(error as Error)?.message ?? String(error)}`),
      });
      const horizon = handle.world.scenario.horizonSeconds;
      out(`fleetsim serve: ${handle.world.scenario.name}, policy ${handle.world.policy ? (opts.policy ?? handle.world.scenario.defaultPolicy) : 'none'}, ${opts.speed}x real time, horizon ${horizon} s (${(horizon / opts.speed).toFixed(0)} s of real time)`);
      out(`Kubernetes API: ${handle.k8sUrl}`);
      out(`EC2 API:        ${handle.ec2Url}`);
      out(`kubeconfig:     ${handle.kubeconfigPath}`);
      out(`  KUBECONFIG=${handle.kubeconfigPath} kubectl get nodes,pods -A`);
      out(`  fleetsim live --kubeconfig ${handle.kubeconfigPath} --endpoint-url ${handle.ec2Url} --region ${handle.world.scenario.region} --nodepools <manifests> --apply`);
      out('Ctrl-C stops.');
      const signal = untilSignal();
      const why = await Promise.race([handle.done, signal.promise]);
      signal.cancel();
      await handle.stop();
      const result = await handle.done;
      out(`fleetsim serve: stopped (${why}) at simulated ${handle.world.clock.now().toFixed(1)} s`);
      if (result === 'error') throw new Error('a simulated event failed (see above)');
    });
}
