import { isTerminal, type Pod, type PodSpec } from '../../model/index.js';
import type { Cluster, ClusterWorkloads } from '../cluster.js';
import { podSpecToKube, selectorToKube, stableUid, toTimestamp, type KubeDeployment, type TimeBase } from '../kube/convert/index.js';

/** What the API server serves: a Cluster that also takes workloads. */
export type ServedCluster = Cluster & ClusterWorkloads;

export interface DeploymentRecord {
  readonly namespace: string;
  readonly name: string;
  replicas: number;
  template: PodSpec;
  readonly createdAt: number;
  generation: number;
  /** Seen only through its pods (created outside the API server); not yet scaled through it. */
  readonly inferred: boolean;
}

const key = (namespace: string, name: string): string => `${namespace}/${name}`;

/**
 * Deployments as the API server knows them. The Cluster port can scale a Deployment but not list them,
 * so the server records the ones created or scaled through it (or through `workloads`), and infers the
 * others from pods owned by `ReplicaSet/<name>` (the simulation's ReplicaSet naming), taking the newest
 * pod's spec as the template.
 */
export class DeploymentRegistry {
  private readonly records = new Map<string, DeploymentRecord>();

  constructor(
    private readonly cluster: ServedCluster,
    private readonly now: () => number,
  ) {}

  get(namespace: string, name: string): DeploymentRecord | undefined {
    return this.records.get(key(namespace, name)) ?? this.inferred().get(key(namespace, name));
  }

  list(): DeploymentRecord[] {
    const inferred = this.inferred();
    for (const [k, r] of this.records) inferred.set(k, r);
    return [...inferred.values()];
  }

  /** Create or update a Deployment and scale it in the cluster. */
  apply(namespace: string, name: string, replicas: number, template: PodSpec): DeploymentRecord {
    if (!Number.isInteger(replicas) || replicas < 0) throw new RangeError(`replicas must be a non-negative integer, got ${replicas}`);
    const existing = this.records.get(key(namespace, name));
    const record: DeploymentRecord = existing ?? {
      namespace,
      name,
      replicas,
      template,
      createdAt: this.get(namespace, name)?.createdAt ?? this.now(),
      generation: 0,
      inferred: false,
    };
    record.replicas = replicas;
    record.template = template;
    record.generation++;
    this.records.set(key(namespace, name), record);
    this.cluster.scaleDeployment(namespace, name, replicas, template);
    return record;
  }

  scale(namespace: string, name: string, replicas: number): DeploymentRecord | undefined {
    const record = this.get(namespace, name);
    return record ? this.apply(namespace, name, replicas, record.template) : undefined;
  }

  private inferred(): Map<string, DeploymentRecord> {
    const out = new Map<string, DeploymentRecord & { newest: number }>();
    for (const pod of this.cluster.pods()) {
      if (pod.owner?.kind !== 'ReplicaSet' || this.records.has(key(pod.namespace, pod.owner.name))) continue;
      const k = key(pod.namespace, pod.owner.name);
      let r = out.get(k);
      if (!r) {
        r = { namespace: pod.namespace, name: pod.owner.name, replicas: 0, template: templateOf(pod), createdAt: pod.createdAt, generation: 1, inferred: true, newest: pod.createdAt };
        out.set(k, r);
      }
      if (isActive(pod)) r.replicas++;
      if (pod.createdAt < r.createdAt) (r as { createdAt: number }).createdAt = pod.createdAt;
      if (pod.createdAt >= r.newest) {
        r.newest = pod.createdAt;
        r.template = templateOf(pod);
      }
    }
    return new Map([...out].map(([k, { newest: _n, ...r }]) => [k, r]));
  }
}

function templateOf(pod: Pod): PodSpec {
  const { uid: _u, name: _n, createdAt: _c, status: _s, ...spec } = pod;
  return spec;
}

export function isActive(pod: Pod): boolean {
  return !isTerminal(pod) && pod.status.deletionAt === undefined;
}

export interface ReplicaCounts {
  replicas: number;
  ready: number;
}

/** Active and Running pods per owner key `namespace/Kind/name`. */
export function countByOwner(pods: Iterable<Pod>): Map<string, ReplicaCounts> {
  const out = new Map<string, ReplicaCounts>();
  for (const pod of pods) {
    if (!pod.owner || !isActive(pod)) continue;
    const k = `${pod.namespace}/${pod.owner.kind}/${pod.owner.name}`;
    let c = out.get(k);
    if (!c) out.set(k, (c = { replicas: 0, ready: 0 }));
    c.replicas++;
    if (pod.status.phase === 'Running') c.ready++;
  }
  return out;
}

export function deploymentToKube(d: DeploymentRecord, counts: ReplicaCounts | undefined, base: TimeBase): KubeDeployment {
  const selector = { matchLabels: { ...d.template.labels } };
  const replicas = counts?.replicas ?? 0;
  const ready = counts?.ready ?? 0;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: d.name,
      namespace: d.namespace,
      uid: stableUid(`Deployment/${d.namespace}/${d.name}`),
      generation: d.generation,
      creationTimestamp: toTimestamp(d.createdAt, base),
      ...(d.inferred ? { annotations: { 'fleetsim.io/inferred': 'true' } } : {}),
    },
    spec: {
      replicas: d.replicas,
      selector: selectorToKube(selector),
      template: { metadata: { labels: { ...d.template.labels }, annotations: { ...d.template.annotations } }, spec: podSpecToKube(d.template) },
    },
    status: {
      observedGeneration: d.generation,
      replicas,
      updatedReplicas: replicas,
      readyReplicas: ready,
      availableReplicas: ready,
      ...(d.replicas > ready ? { unavailableReplicas: d.replicas - ready } : {}),
    },
  };
}
