import { WallClock } from '../../cloud/ec2-api/wall-clock.js';
import type { ClusterEvent } from '../../cluster/cluster.js';
import { AppsV1Api, type KubeConfig, type KubernetesListObject, type KubernetesObject, type V1Deployment } from '../../cluster/kube/client.js';
import { KubeCluster, podSpecFromKube, ResourceInformer, type KubePodTemplate } from '../../cluster/kube/index.js';
import type { Pod, PodSpec } from '../../model/index.js';
import { loadKubeConfig } from './kubeconfig.js';
import { FleetsimTraceWriter } from '../../workload/formats/fleetsim-writer.js';
import type { WorkloadEvent } from '../../workload/types.js';

export interface RecordOptions {
  /** Trace file: CSV, or JSON Lines when it ends in .jsonl / .ndjson. */
  readonly out: string;
  readonly kubeconfig?: string;
  readonly kubeConfig?: KubeConfig;
  /** Stop by itself after this many seconds; none: until `stop()`. */
  readonly durationSeconds?: number;
  readonly log?: (line: string) => void;
}

export interface RecordSummary {
  readonly rows: number;
  readonly pods: number;
  readonly deletes: number;
  readonly scales: number;
  readonly seconds: number;
}

export interface RecordHandle {
  readonly file: string;
  /** Resolves with the summary once the trace is closed (by `stop()` or after the duration). */
  readonly done: Promise<RecordSummary>;
  /** Events written so far. */
  readonly counts: { pods: number; deletes: number; scales: number };
  stop(): Promise<RecordSummary>;
}

/** A pod's own spec, without its owner (a recorded pod is replayed as a bare pod). */
function bareSpec(p: Pod): PodSpec {
  const spec: PodSpec = {
    namespace: p.namespace,
    labels: p.labels,
    annotations: p.annotations,
    requests: p.requests,
    nodeSelector: p.nodeSelector,
    tolerations: p.tolerations,
    topologySpreadConstraints: p.topologySpreadConstraints,
    hostPorts: p.hostPorts,
    priority: p.priority,
    terminationGracePeriodSeconds: p.terminationGracePeriodSeconds,
    ...(p.affinity ? { affinity: p.affinity } : {}),
    ...(p.priorityClassName ? { priorityClassName: p.priorityClassName } : {}),
    ...(p.localStorage ? { localStorage: p.localStorage } : {}),
  };
  return spec;
}

/** Pods that the trace records one by one: not made by a Deployment's ReplicaSet (recorded as scalings) nor a DaemonSet. */
function recordedPod(p: Pod): boolean {
  const kind = p.owner?.kind;
  return kind !== 'ReplicaSet' && kind !== 'DaemonSet';
}

/**
 * `fleetsim record`: watches a live cluster (client-node informers) and writes what its workload did in
 * fleetsim's trace format, times in seconds from the start of the recording. Pods that are not made by
 * a ReplicaSet or DaemonSet become `pod` rows when first seen and `delete` rows when deleted or finished
 * (Succeeded/Failed); every change of a Deployment's `spec.replicas` (kubectl scale, an HPA) becomes a
 * `scale` row with the Deployment's pod template, a deleted Deployment a scale to 0. What exists when
 * the recording starts is recorded at time 0.
 */
export async function startRecord(o: RecordOptions): Promise<RecordHandle> {
  const log = o.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const kc = o.kubeConfig ?? loadKubeConfig(o.kubeconfig);
  const clock = new WallClock();
  const start = clock.now();
  const at = (): number => Math.max(0, clock.now() - start);
  const writer = new FleetsimTraceWriter(o.out);
  const counts = { pods: 0, deletes: 0, scales: 0 };
  const write = (e: WorkloadEvent): void => {
    writer.write(e);
    writer.flush();
  };

  const live = new Map<string, string>();
  const ids = new Set<string>();
  const onPod = (e: ClusterEvent): void => {
    if (e.kind !== 'pod-added' && e.kind !== 'pod-updated' && e.kind !== 'pod-deleted') return;
    const p = e.pod;
    if (!recordedPod(p)) return;
    const key = p.uid;
    const finished = e.kind === 'pod-deleted' || p.status.phase === 'Succeeded' || p.status.phase === 'Failed' || p.status.deletionAt !== undefined;
    const id = live.get(key);
    if (id === undefined && !finished) {
      let newId = `${p.namespace}.${p.name}`;
      for (let n = 2; ids.has(newId); n++) newId = `${p.namespace}.${p.name}.${n}`;
      ids.add(newId);
      live.set(key, newId);
      counts.pods++;
      write({ kind: 'pod', at: at(), id: newId, spec: bareSpec(p) });
    } else if (id !== undefined && finished) {
      live.delete(key);
      counts.deletes++;
      write({ kind: 'delete-pod', at: at(), id });
    }
  };

  const replicas = new Map<string, number>();
  const onDeployment = (d: V1Deployment, deleted: boolean): void => {
    const namespace = d.metadata?.namespace ?? 'default';
    const name = d.metadata?.name ?? '';
    const key = `${namespace}/${name}`;
    const n = deleted ? 0 : (d.spec?.replicas ?? 1);
    if (replicas.get(key) === n || (deleted && !replicas.has(key))) return;
    replicas.set(key, n);
    if (deleted) replicas.delete(key);
    const template = podSpecFromKube((d.spec?.template ?? {}) as KubePodTemplate, namespace);
    counts.scales++;
    write({ kind: 'scale', at: at(), namespace, name, replicas: n, template });
  };

  const kube = new KubeCluster(kc, clock, { nodeClaims: false, onError: (f) => log(`record: ${f.op} ${f.key} failed: ${String((f.error as Error)?.message ?? f.error).split('\n')[0]}`) });
  const unwatch = kube.watch(onPod);
  const apps = kc.makeApiClient(AppsV1Api);
  const deployments = new ResourceInformer<KubernetesObject>(
    kc,
    clock,
    '/apis/apps/v1/deployments',
    () => apps.listDeploymentForAllNamespaces() as Promise<KubernetesListObject<KubernetesObject>>,
    {
      upsert: (obj) => onDeployment(obj as V1Deployment, false),
      remove: (obj) => onDeployment(obj as V1Deployment, true),
      listed: (items) => {
        const present = new Set(items.map((x) => `${x.metadata?.namespace ?? 'default'}/${x.metadata?.name ?? ''}`));
        for (const key of [...replicas.keys()]) {
          if (present.has(key)) continue;
          const [namespace, name] = key.split('/') as [string, string];
          onDeployment({ metadata: { namespace, name } }, true);
        }
        for (const x of items) onDeployment(x as V1Deployment, false);
      },
    },
    { backoff: { initialSeconds: 1, maxSeconds: 30 }, resyncSeconds: 0, onError: (e) => log(`record: watch deployments failed: ${String((e as Error)?.message ?? e).split('\n')[0]}`) },
  );
  try {
    await Promise.all([kube.start(), deployments.start()]);
  } catch (e) {
    unwatch();
    kube.stop();
    deployments.stop();
    writer.close();
    throw e;
  }
  log(`recording to ${o.out}${o.durationSeconds !== undefined ? ` for ${o.durationSeconds} s` : ''} (Ctrl-C to stop)`);

  let resolveDone: (s: RecordSummary) => void = () => undefined;
  const done = new Promise<RecordSummary>((ok) => (resolveDone = ok));
  let finished: RecordSummary | undefined;
  const timer = o.durationSeconds !== undefined ? setTimeout(() => void stop(), o.durationSeconds * 1000) : undefined;
  const stop = async (): Promise<RecordSummary> => {
    if (finished) return finished;
    if (timer) clearTimeout(timer);
    unwatch();
    kube.stop();
    deployments.stop();
    const seconds = at();
    writer.close();
    finished = { rows: writer.rows, ...counts, seconds };
    resolveDone(finished);
    return finished;
  };
  return { file: o.out, done, counts, stop };
}
