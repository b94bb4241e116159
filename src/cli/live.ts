import type { Command } from 'commander';
import { intOption } from './errors.js';
import { untilSignal } from './serve.js';

interface LiveFlags {
  apply?: boolean;
  clusterName: string;
  kubeconfig?: string;
  region?: string;
  endpointUrl?: string;
  interruptionQueue?: string;
  sqsEndpointUrl?: string;
  nodepools: string;
  out: string;
  metricsPort?: number;
  launchTemplate: string;
}

export function registerLive(program: Command): void {
  program
    .command('live')
    .description('run the Karpenter-style engine against a real cluster and EC2 (DRY RUN unless --apply: decisions are logged as "would ...", nothing is changed)')
    .option('--apply', 'act: create NodeClaims, launch and terminate instances, taint, drain and delete nodes')
    .option('--cluster-name <name>', 'ownership tag fleetsim.io/cluster of the instances this controller launches (and the only ones it terminates)', 'fleetsim')
    .option('--kubeconfig <file>', 'kubeconfig (default: $KUBECONFIG, ~/.kube/config or the in-cluster service account)')
    .option('--region <region>', 'AWS region (default: $AWS_REGION, $AWS_DEFAULT_REGION or us-east-1)')
    .option('--endpoint-url <url>', 'EC2 endpoint (e.g. the one fleetsim serve prints)')
    .option('--interruption-queue <url>', 'SQS queue URL of the interruption queue (spot interruptions, rebalance, scheduled changes, state changes)')
    .option('--sqs-endpoint-url <url>', 'SQS endpoint of the interruption queue (an emulator)')
    .requiredOption('--nodepools <path>', 'NodePool and EC2NodeClass manifests: a YAML file or a directory of them')
    .option('--out <dir>', 'directory of decisions.jsonl', 'live')
    .option('--metrics-port <n>', 'serve /metrics, /healthz and /readyz on this port', intOption('metrics-port', 0))
    .option('--launch-template <name>', 'EC2 launch template of the nodes (user data that joins them to the cluster)', 'fleetsim-nodes')
    .action(async (opts: LiveFlags) => {
      const region = opts.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
      // Loaded on use: the Kubernetes and AWS clients are heavy, and other commands never need them.
      const { startLive } = await import('../runtime/live/live.js');
      const handle = await startLive({
        apply: opts.apply === true,
        clusterName: opts.clusterName,
        region,
        nodePools: opts.nodepools,
        outDir: opts.out,
        launchTemplate: opts.launchTemplate,
        ...(opts.kubeconfig ? { kubeconfig: opts.kubeconfig } : {}),
        ...(opts.endpointUrl ? { endpointUrl: opts.endpointUrl } : {}),
        ...(opts.interruptionQueue ? { interruptionQueue: opts.interruptionQueue } : {}),
        ...(opts.sqsEndpointUrl ? { sqsEndpointUrl: opts.sqsEndpointUrl } : {}),
        ...(opts.metricsPort !== undefined ? { metricsPort: opts.metricsPort } : {}),
      });
      if (handle.decisions.file) process.stderr.write(`decisions: ${handle.decisions.file}\n`);
      // Timers of the live clock do not hold the process open by themselves.
      const keepAlive = setInterval(() => undefined, 60_000);
      const signal = untilSignal();
      try {
        const why = await Promise.race([handle.done, signal.promise]);
        signal.cancel();
        await handle.stop();
        if (why === 'lost-leadership') throw new Error('lost the leader lease; exiting so that the replica restarts');
      } finally {
        clearInterval(keepAlive);
      }
    });
}
