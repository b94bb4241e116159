import { hostname } from 'node:os';
import type { CloudProvider } from '../../cloud/cloud-provider.js';
import { AwsCloudProvider } from '../../cloud/aws/aws-cloud-provider.js';
import { createEc2Client, createSqsClient, type AwsClientOptions } from '../../cloud/aws/client.js';
import { SqsInterruptionSource } from '../../cloud/aws/interruption/sqs-source.js';
import type { Cluster } from '../../cluster/cluster.js';
import type { KubeConfig } from '../../cluster/kube/client.js';
import { WallClock } from '../../cloud/ec2-api/wall-clock.js';
import { httpStatus, KubeCluster, type KubeClusterOptions } from '../../cluster/kube/index.js';
import { createKarpenterEngine, type KarpenterEngine, type KarpenterEngineOptions } from '../../engine/index.js';
import type { DisruptionOptions } from '../../engine/disruption/index.js';
import { loadKarpenterManifestsFromPath } from '../../scenario/karpenter/index.js';
import { DecisionLog } from './decision-log.js';
import { loadKubeConfig } from './kubeconfig.js';
import { DryRunCloud } from './dry-run-cloud.js';
import { DryRunCluster } from './dry-run-cluster.js';
import { Fence } from './fence.js';
import { Interceptions } from './interceptions.js';
import { LiveMetrics } from './live-metrics.js';
import { startMetricsServer, type MetricsServer } from './metrics-server.js';
import { LiveLeadership, type LeaseTimings } from './leadership.js';

export interface LiveOptions {
  /** Act on the cluster and EC2. Default false: dry run. */
  readonly apply?: boolean;
  /** Value of the `fleetsim.io/cluster` ownership tag. Default "fleetsim". */
  readonly clusterName?: string;
  /** A kubeconfig file; default: $KUBECONFIG, ~/.kube/config or the in-cluster service account. */
  readonly kubeconfig?: string;
  /** An already loaded KubeConfig (tests). */
  readonly kubeConfig?: KubeConfig;
  readonly region: string;
  /** A custom EC2 endpoint (fleetsim serve's EC2 API). */
  readonly endpointUrl?: string;
  /** Only for tests and emulators (production uses the SDK's standard chain). */
  readonly credentials?: AwsClientOptions['credentials'];
  /** SDK attempts per call. Default 3. */
  readonly maxAttempts?: number;
  /** SQS queue URL of the interruption queue (EventBridge rules → SQS). */
  readonly interruptionQueue?: string;
  /** A custom SQS endpoint (an emulator). */
  readonly sqsEndpointUrl?: string;
  /** NodePool / EC2NodeClass manifests: a file or a directory of YAML files. */
  readonly nodePools: string;
  /** Directory of decisions.jsonl. */
  readonly outDir?: string;
  /** Port of /metrics, /healthz, /readyz; none: no server. */
  readonly metricsPort?: number;
  readonly metricsHost?: string;
  /** Launch template name for CreateFleet. Default "fleetsim-nodes". */
  readonly launchTemplate?: string;
  /** Leader election candidate identity. Default $POD_NAME or <hostname>-<pid>. */
  readonly identity?: string;
  /** Lease namespace. Default $POD_NAMESPACE or kube-system. */
  readonly leaseNamespace?: string;
  readonly leaseName?: string;
  readonly lease?: LeaseTimings;
  /** Engine knobs (timeouts, batching). */
  readonly engine?: Partial<KarpenterEngineOptions>;
  /** Disruption knobs (validation delay, polling). */
  readonly disruption?: Partial<DisruptionOptions>;
  /** Leak reconciliation period. Default 120 s (Karpenter's garbage collection). */
  readonly reconcileIntervalSeconds?: number;
  /** On taking over, wait this long for launches a previous leader had in flight. Default 10 s. */
  readonly launchSettleSeconds?: number;
  readonly kube?: KubeClusterOptions;
  /** Log lines (mode, decisions, errors). Default: stderr. */
  readonly log?: (line: string) => void;
}

export interface LiveHandle {
  readonly mode: 'dry-run' | 'apply';
  /** The engine's clock (Unix seconds). */
  readonly clock: WallClock;
  readonly metricsUrl: string | undefined;
  readonly decisions: DecisionLog;
  readonly metrics: LiveMetrics;
  readonly kube: KubeCluster;
  /** The cluster and cloud as the engine sees them (dry-run wrappers in dry run). */
  readonly engineCluster: Cluster;
  readonly engineCloud: CloudProvider;
  readonly dryRunCloud: DryRunCloud | undefined;
  readonly interceptions: Interceptions | undefined;
  readonly engine: KarpenterEngine;
  isLeader(): boolean;
  /** Resolves when this replica starts acting (leads, reconciled) — at once in dry run. */
  readonly acting: Promise<void>;
  /** Resolves when stopped, or with 'lost-leadership' (the process should exit and be restarted). */
  readonly done: Promise<'stopped' | 'lost-leadership'>;
  stop(): Promise<void>;
  /** Tests: die like SIGKILL — no lease release, no more writes or cloud answers. */
  kill(): void;
}

function defaultLog(line: string): void {
  process.stderr.write(`${line}\n`);
}

/**
 * `fleetsim live`: the Karpenter-style engine on the wall clock against a real cluster (client-node) and
 * EC2 (the SDK), NodePools from manifests. Dry run unless `apply`: the engine then runs against wrappers
 * that keep NodeClaims in memory, answer launches with simulated instances and report every other action
 * as "would ..." (decisions.jsonl and the log) — nothing is written to the cluster or to EC2, and no
 * lease is taken. With `apply`, one replica leads (Lease); on taking over it reconciles instances
 * against NodeClaims (adopts interrupted launches, terminates leaks), then starts the engine.
 */
export async function startLive(o: LiveOptions): Promise<LiveHandle> {
  const log = o.log ?? defaultLog;
  const apply = o.apply === true;
  const clusterName = o.clusterName ?? 'fleetsim';
  log(apply ? `fleetsim live: APPLY mode — acting on the cluster and EC2 (cluster ${clusterName}, region ${o.region})` : `fleetsim live: DRY RUN — no writes to the cluster, no EC2 mutations; actions are logged as "would ..." (cluster ${clusterName}, region ${o.region}); pass --apply to act`);
  const config = loadKarpenterManifestsFromPath(o.nodePools);
  for (const w of config.warnings) log(`manifests: ${w}`);
  if (config.nodePools.length === 0) throw new Error(`${o.nodePools}: no NodePool found`);

  const kc = o.kubeConfig ?? loadKubeConfig(o.kubeconfig);
  // The ec2-api WallClock chains delays longer than setTimeout's 24.8-day limit (expireAfter: 720h);
  // its timers are unref'd, the informers' connections keep the process alive.
  const clock = new WallClock();
  const kube = new KubeCluster(kc, clock, { onError: (f) => log(`kube: ${f.op} ${f.key} failed: ${firstLine(f.error)}`), ...o.kube });
  const ec2 = createEc2Client({ region: o.region, ...(o.endpointUrl ? { endpoint: o.endpointUrl } : {}), ...(o.credentials ? { credentials: o.credentials } : {}), ...(o.maxAttempts ? { maxAttempts: o.maxAttempts } : {}) });
  const sqsClient = o.interruptionQueue ? createSqsClient({ region: o.region, ...(o.sqsEndpointUrl ? { endpoint: o.sqsEndpointUrl } : {}), ...(o.credentials ? { credentials: o.credentials } : {}) }) : undefined;
  const sqs = sqsClient && o.interruptionQueue ? new SqsInterruptionSource({ sqs: sqsClient, queueUrl: o.interruptionQueue, log: (e) => log(`sqs: ${e.message}`) }) : undefined;
  const aws = new AwsCloudProvider({
    clusterName,
    region: o.region,
    ec2,
    launchTemplate: { name: o.launchTemplate ?? 'fleetsim-nodes' },
    now: () => clock.now(),
    log: (e) => log(`aws: ${e.message}`),
    ...(sqs ? { interruptions: sqs } : {}),
  });
  const closeClients = (): void => {
    aws.close();
    ec2.destroy();
    sqsClient?.destroy();
  };
  try {
    await requireNodeClaimCrd(kube);
    await Promise.all([kube.start(), aws.start()]);
  } catch (e) {
    kube.stop();
    closeClients();
    throw e;
  }

  const fence = new Fence();
  const metricsRef: { m?: LiveMetrics } = {};
  const decisions = new DecisionLog({ dryRun: !apply, log, ...(o.outDir ? { outDir: o.outDir } : {}), also: [{ record: (d) => metricsRef.m?.record(d) }] });
  const interceptions = apply ? undefined : new Interceptions(clock, decisions);
  const dryRunCloud = interceptions ? new DryRunCloud(fence.cloud(aws), interceptions, { now: () => clock.now(), creationOf: (n) => decisions.creationOf(n) }) : undefined;
  const engineCluster: Cluster = interceptions ? new DryRunCluster(fence.cluster(kube), interceptions) : fence.cluster(kube);
  const engineCloud: CloudProvider = dryRunCloud ?? fence.cloud(aws);
  const engine = createKarpenterEngine({
    clock,
    cluster: engineCluster,
    cloud: engineCloud,
    nodePools: config.nodePools,
    nodeClasses: config.nodeClasses,
    decisions,
    options: { clusterName, ...o.engine },
    ...(o.disruption ? { disruptionOptions: o.disruption } : {}),
  });
  const leadership = new LiveLeadership({
    apply,
    kubeConfig: kc,
    clock,
    engine,
    cluster: engineCluster,
    cloud: engineCloud,
    clusterName,
    decisions,
    log,
    identity: o.identity ?? process.env.POD_NAME ?? `${hostname()}-${process.pid}`,
    namespace: o.leaseNamespace ?? process.env.POD_NAMESPACE ?? 'kube-system',
    leaseName: o.leaseName ?? 'fleetsim-leader-election',
    ...(o.lease ? { lease: o.lease } : {}),
    reconcileIntervalSeconds: o.reconcileIntervalSeconds ?? 120,
    launchSettleSeconds: o.launchSettleSeconds ?? 10,
    startInterruptions: sqs ? () => sqs.start() : undefined,
    fence,
  });
  const metrics = new LiveMetrics({ clock, cluster: engineCluster, dryRun: !apply, isLeader: () => leadership.isLeader, ...(interceptions ? { interceptions: () => interceptions.counts } : {}) });
  metricsRef.m = metrics;
  metrics.start();
  let metricsServer: MetricsServer | undefined;
  if (o.metricsPort !== undefined) {
    metricsServer = await startMetricsServer({
      port: o.metricsPort,
      ...(o.metricsHost ? { host: o.metricsHost } : {}),
      metrics: () => metrics.render(),
      ready: () => ({ ok: true, message: `ready (${apply ? 'apply' : 'dry run'}, ${leadership.isLeader ? 'leader' : 'standby'})` }),
    });
    log(`metrics: ${metricsServer.url}/metrics`);
  }

  let stopped: Promise<void> | undefined;
  const shutdown = async (graceful: boolean): Promise<void> => {
    metrics.stop();
    await leadership.stop(graceful);
    if (graceful) await Promise.race([kube.idle(), new Promise((r) => setTimeout(r, 5000).unref())]);
    kube.stop();
    await sqs?.stop();
    if (graceful) closeClients();
    else {
      // A killed process's requests in flight still reach EC2 (their answers are fenced off); destroying
      // the client now would make the SDK retry them on a fresh connection, which a dead process cannot.
      aws.close();
      setTimeout(() => ec2.destroy(), 30_000).unref();
    }
    await metricsServer?.close();
    decisions.close();
  };
  leadership.start();
  return {
    mode: apply ? 'apply' : 'dry-run',
    clock,
    metricsUrl: metricsServer ? `${metricsServer.url}` : undefined,
    decisions,
    metrics,
    kube,
    engineCluster,
    engineCloud,
    dryRunCloud,
    interceptions,
    engine,
    isLeader: () => leadership.isLeader,
    acting: leadership.acting,
    done: leadership.done,
    stop: () => (stopped ??= shutdown(true).then(() => leadership.finish('stopped'))),
    kill: () => {
      fence.cut();
      stopped ??= shutdown(false).then(() => leadership.finish('stopped'));
    },
  };
}

/** Fail fast with the fix when fleetsim's NodeClaim CRD is not installed (the informers would retry forever). */
async function requireNodeClaimCrd(kube: KubeCluster): Promise<void> {
  try {
    await kube.api.listNodeClaims();
  } catch (e) {
    if (httpStatus(e) === 404) throw new Error('the cluster does not serve fleetsim.io/v1alpha1 NodeClaims: install the CRD with kubectl apply -f deploy/crds/nodeclaims.fleetsim.io.yaml', { cause: e });
    throw e;
  }
}

function firstLine(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.split('\n')[0] ?? m;
}
