import { stringify } from 'yaml';
import { defaultClusterDns, evictionHard, reservedQuantities, type EksCluster, type NodeBootstrap } from './common.js';

export const NODEADM_CONTENT_TYPE = 'application/node.eks.aws';
export const MIME_BOUNDARY = '//';

/** A MIME part the user adds before the NodeConfig (a shell script, cloud-config, another NodeConfig). */
export interface MimePart {
  readonly contentType: string;
  readonly body: string;
}

/**
 * The nodeadm `NodeConfig` (node.eks.aws/v1alpha1) that joins an Amazon Linux 2023 node to the cluster:
 * cluster name, endpoint, CA and service CIDR; kubelet config (clusterDNS, maxPods, kube/system reserved,
 * evictionHard, registerWithTaints) and `--node-labels`. Pure: the same input gives the same text.
 */
export function nodeConfig(cluster: EksCluster, node: NodeBootstrap = {}): Record<string, unknown> {
  const k = node.kubelet;
  const config: Record<string, unknown> = { clusterDNS: [...(node.clusterDns ?? [defaultClusterDns(cluster.serviceCidr)])] };
  if (k?.maxPods !== undefined) config.maxPods = k.maxPods;
  if (k?.podsPerCore !== undefined) config.podsPerCore = k.podsPerCore;
  const kube = reservedQuantities(k?.kubeReserved);
  if (Object.keys(kube).length > 0) config.kubeReserved = kube;
  const system = reservedQuantities(k?.systemReserved);
  if (Object.keys(system).length > 0) config.systemReserved = system;
  const eviction = evictionHard(k);
  if (Object.keys(eviction).length > 0) config.evictionHard = eviction;
  if (node.taints && node.taints.length > 0) {
    config.registerWithTaints = node.taints.map((t) => ({ key: t.key, ...(t.value ? { value: t.value } : {}), effect: t.effect }));
  }
  const labels = Object.entries(node.labels ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const flags = labels.length > 0 ? [`--node-labels=${labels.map(([key, v]) => `${key}=${v}`).join(',')}`] : [];
  return {
    apiVersion: 'node.eks.aws/v1alpha1',
    kind: 'NodeConfig',
    spec: {
      cluster: { name: cluster.name, apiServerEndpoint: cluster.apiServerEndpoint, certificateAuthority: cluster.certificateAuthority, cidr: cluster.serviceCidr },
      kubelet: { config, ...(flags.length > 0 ? { flags } : {}) },
    },
  };
}

/**
 * AL2023 user data: a MIME multipart document (boundary `//`) whose last part is the NodeConfig YAML
 * (`Content-Type: application/node.eks.aws`), after any parts of the user's own. Goes into the launch
 * template's UserData (base64, see `encodeUserData`).
 */
export function nodeadmUserData(cluster: EksCluster, node: NodeBootstrap = {}, extraParts: readonly MimePart[] = []): string {
  const parts: MimePart[] = [...extraParts, { contentType: NODEADM_CONTENT_TYPE, body: `---\n${stringify(nodeConfig(cluster, node), { lineWidth: 0 })}` }];
  for (const p of parts) if (p.body.includes(`--${MIME_BOUNDARY}`)) throw new RangeError(`a user-data part contains the MIME boundary "--${MIME_BOUNDARY}"`);
  const lines = ['MIME-Version: 1.0', `Content-Type: multipart/mixed; boundary="${MIME_BOUNDARY}"`, ''];
  for (const p of parts) lines.push(`--${MIME_BOUNDARY}`, `Content-Type: ${p.contentType}`, '', p.body.replace(/\n$/, ''), '');
  lines.push(`--${MIME_BOUNDARY}--`, '');
  return lines.join('\n');
}
