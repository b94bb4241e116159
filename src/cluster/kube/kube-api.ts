import {
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  PatchStrategy,
  PolicyV1Api,
  SchedulingV1Api,
  setHeaderOptions,
  type KubeConfig,
  type KubernetesListObject,
  type KubernetesObject,
} from './client.js';
import { NodeClaimResource } from './constants.js';
import type { KubeNodeClaim } from './convert/nodeclaim.js';
import type { KubeNode, KubePod } from './convert/types.js';
import { httpStatus } from './writer.js';

const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
const claimRef = { group: NodeClaimResource.group, version: NodeClaimResource.version, plural: NodeClaimResource.plural };

/** undefined for 404, the value otherwise; other errors propagate. */
async function orMissing<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (e) {
    if (httpStatus(e) === 404) return undefined;
    throw e;
  }
}

type AnyList = KubernetesListObject<KubernetesObject>;

/**
 * The requests KubeCluster makes, over client-node's typed clients. Credentials come only from the
 * KubeConfig; nothing here logs.
 */
export class KubeApi {
  readonly core: CoreV1Api;
  private readonly policy: PolicyV1Api;
  private readonly apps: AppsV1Api;
  private readonly scheduling: SchedulingV1Api;
  private readonly custom: CustomObjectsApi;

  constructor(kubeConfig: KubeConfig) {
    this.core = kubeConfig.makeApiClient(CoreV1Api);
    this.policy = kubeConfig.makeApiClient(PolicyV1Api);
    this.apps = kubeConfig.makeApiClient(AppsV1Api);
    this.scheduling = kubeConfig.makeApiClient(SchedulingV1Api);
    this.custom = kubeConfig.makeApiClient(CustomObjectsApi);
  }

  // ---- lists for the informers ----

  listPods = (): Promise<AnyList> => this.core.listPodForAllNamespaces();
  listNodes = (): Promise<AnyList> => this.core.listNode();
  listPdbs = (): Promise<AnyList> => this.policy.listPodDisruptionBudgetForAllNamespaces();
  listDaemonSets = (): Promise<AnyList> => this.apps.listDaemonSetForAllNamespaces();
  listPriorityClasses = (): Promise<AnyList> => this.scheduling.listPriorityClass();
  listNodeClaims = async (): Promise<AnyList> => (await this.custom.listClusterCustomObject(claimRef)) as AnyList;

  // ---- pods ----

  /** One Eviction API call (policy/v1 Eviction); throws the ApiException (429 when a PDB refuses). */
  async evict(namespace: string, name: string): Promise<void> {
    await this.core.createNamespacedPodEviction({
      name,
      namespace,
      body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace } },
    });
  }

  /** Delete now (grace period 0); a pod already gone is fine. */
  async deletePod(namespace: string, name: string): Promise<void> {
    await orMissing(this.core.deleteNamespacedPod({ name, namespace, gracePeriodSeconds: 0 }));
  }

  async patchPodAnnotations(namespace: string, name: string, annotations: Record<string, string | null>): Promise<void> {
    await this.core.patchNamespacedPod({ name, namespace, body: { metadata: { annotations } } }, mergePatch);
  }

  async readPod(namespace: string, name: string): Promise<KubePod | undefined> {
    return (await orMissing(this.core.readNamespacedPod({ name, namespace }))) as KubePod | undefined;
  }

  // ---- nodes ----

  async readNode(name: string): Promise<KubeNode | undefined> {
    return (await orMissing(this.core.readNode({ name }))) as KubeNode | undefined;
  }

  /** A JSON merge patch; a metadata.resourceVersion in it is a precondition (409 when stale). */
  async patchNode(name: string, body: object): Promise<void> {
    await this.core.patchNode({ name, body }, mergePatch);
  }

  async deleteNode(name: string): Promise<void> {
    await orMissing(this.core.deleteNode({ name }));
  }

  // ---- NodeClaims (fleetsim.io/v1alpha1) ----

  async createNodeClaim(body: KubeNodeClaim): Promise<void> {
    await this.custom.createClusterCustomObject({ ...claimRef, body });
  }

  async patchNodeClaimStatus(name: string, status: Record<string, unknown>): Promise<void> {
    await this.custom.patchClusterCustomObjectStatus({ ...claimRef, name, body: { status } }, mergePatch);
  }

  async readNodeClaim(name: string): Promise<KubeNodeClaim | undefined> {
    return (await orMissing(this.custom.getClusterCustomObject({ ...claimRef, name }))) as KubeNodeClaim | undefined;
  }

  async deleteNodeClaim(name: string): Promise<void> {
    await orMissing(this.custom.deleteClusterCustomObject({ ...claimRef, name }));
  }
}
