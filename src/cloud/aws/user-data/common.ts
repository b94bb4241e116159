import type { Kubelet, Resources, Taint } from '../../../model/index.js';

/** What a node needs to join an EKS cluster (from DescribeCluster or the EKS console). */
export interface EksCluster {
  readonly name: string;
  /** https://<id>.<region>.eks.amazonaws.com */
  readonly apiServerEndpoint: string;
  /** The cluster CA bundle, base64-encoded PEM (as DescribeCluster returns it). */
  readonly certificateAuthority: string;
  /** The service CIDR (e.g. 10.100.0.0/16). */
  readonly serviceCidr: string;
}

/** Node-specific settings written into the user data. */
export interface NodeBootstrap {
  /** Labels the kubelet registers the node with (NodePool labels, karpenter.sh/nodepool, ...). */
  readonly labels?: Readonly<Record<string, string>>;
  /** Taints the kubelet registers the node with (NodePool taints and startup taints). */
  readonly taints?: readonly Taint[];
  readonly kubelet?: Kubelet;
  /** Cluster DNS IPs; default: the tenth address of the service CIDR (10.100.0.10 for 10.100.0.0/16). */
  readonly clusterDns?: readonly string[];
}

/** EKS's convention: the cluster DNS service is the .10 address of the service CIDR. */
export function defaultClusterDns(serviceCidr: string): string {
  const ip = serviceCidr.split('/')[0] ?? '';
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) throw new RangeError(`not an IPv4 CIDR: ${serviceCidr}`);
  return `${parts[0]}.${parts[1]}.${parts[2]}.${parts[3]! + 10}`;
}

/** Kubernetes quantities for reserved resources (only the resources set). */
export function reservedQuantities(r: Partial<Resources> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!r) return out;
  if (r.cpuMillis !== undefined) out.cpu = `${r.cpuMillis}m`;
  if (r.memoryMiB !== undefined) out.memory = `${r.memoryMiB}Mi`;
  if (r.ephemeralMiB !== undefined) out['ephemeral-storage'] = `${r.ephemeralMiB}Mi`;
  return out;
}

/** evictionHard from the kubelet settings (memory.available only). */
export function evictionHard(k: Kubelet | undefined): Record<string, string> {
  if (k?.evictionHardMemoryMiB !== undefined) return { 'memory.available': `${k.evictionHardMemoryMiB}Mi` };
  if (k?.evictionHardMemoryPercent !== undefined) return { 'memory.available': `${k.evictionHardMemoryPercent}%` };
  return {};
}

/** Base64, as a launch template's UserData field wants it. */
export function encodeUserData(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}
