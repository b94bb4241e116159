import { defaultClusterDns, evictionHard, reservedQuantities, type EksCluster, type NodeBootstrap } from './common.js';

/** A TOML basic string. */
export function tomlString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

function table(name: string, entries: readonly (readonly [string, string])[]): string[] {
  if (entries.length === 0) return [];
  return ['', `[${name}]`, ...entries.map(([k, v]) => `${tomlString(k)} = ${v}`)];
}

/**
 * Bottlerocket user data: TOML settings under `[settings.kubernetes]` (api-server, cluster-certificate,
 * cluster-name, cluster-dns-ip, max-pods, pods-per-core) with node-labels, node-taints
 * (`key = ["value:Effect", ...]`), kube-reserved, system-reserved and eviction-hard tables. Keys are
 * quoted, values are TOML strings or integers; tables and entries in a stable order.
 */
export function bottlerocketUserData(cluster: EksCluster, node: NodeBootstrap = {}): string {
  const k = node.kubelet;
  const dns = node.clusterDns ?? [defaultClusterDns(cluster.serviceCidr)];
  const lines = [
    '[settings.kubernetes]',
    `api-server = ${tomlString(cluster.apiServerEndpoint)}`,
    `cluster-certificate = ${tomlString(cluster.certificateAuthority)}`,
    `cluster-name = ${tomlString(cluster.name)}`,
    `cluster-dns-ip = ${dns.length === 1 ? tomlString(dns[0]!) : `[${dns.map(tomlString).join(', ')}]`}`,
  ];
  if (k?.maxPods !== undefined) lines.push(`max-pods = ${Math.trunc(k.maxPods)}`);
  if (k?.podsPerCore !== undefined) lines.push(`pods-per-core = ${Math.trunc(k.podsPerCore)}`);
  const sorted = (r: Readonly<Record<string, string>>) => Object.entries(r).sort(([a], [b]) => a.localeCompare(b));
  lines.push(...table('settings.kubernetes.node-labels', sorted(node.labels ?? {}).map(([key, v]) => [key, tomlString(v)] as const)));
  const taints = new Map<string, string[]>();
  for (const t of node.taints ?? []) taints.set(t.key, [...(taints.get(t.key) ?? []), `${t.value ?? ''}:${t.effect}`]);
  lines.push(...table('settings.kubernetes.node-taints', [...taints].sort(([a], [b]) => a.localeCompare(b)).map(([key, vs]) => [key, `[${vs.map(tomlString).join(', ')}]`] as const)));
  const quantities = (r: Record<string, string>) => Object.entries(r).map(([key, v]) => [key, tomlString(v)] as const);
  lines.push(...table('settings.kubernetes.kube-reserved', quantities(reservedQuantities(k?.kubeReserved))));
  lines.push(...table('settings.kubernetes.system-reserved', quantities(reservedQuantities(k?.systemReserved))));
  lines.push(...table('settings.kubernetes.eviction-hard', quantities(evictionHard(k))));
  return `${lines.join('\n')}\n`;
}
