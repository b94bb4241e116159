import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { bottlerocketUserData, defaultClusterDns, encodeUserData, nodeadmUserData, tomlString, type EksCluster, type NodeBootstrap } from './index.js';

const cluster: EksCluster = {
  name: 'prod',
  apiServerEndpoint: 'https://ABCDEF0123456789.gr7.us-east-1.eks.amazonaws.com',
  certificateAuthority: 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==',
  serviceCidr: '10.100.0.0/16',
};
const node: NodeBootstrap = {
  labels: { 'karpenter.sh/nodepool': 'default', team: 'a' },
  taints: [
    { key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' },
    { key: 'karpenter.sh/unregistered', effect: 'NoExecute' },
  ],
  kubelet: { maxPods: 110, kubeReserved: { cpuMillis: 70, memoryMiB: 574 }, evictionHardMemoryMiB: 100 },
};

/** The parts of a multipart/mixed document (RFC 2046: the line break before a boundary belongs to the boundary). */
function mimeParts(doc: string, boundary: string): { headers: string[]; body: string }[] {
  const chunks = doc.split(`--${boundary}`);
  expect(chunks.at(-1)).toBe('--\n');
  return chunks.slice(1, -1).map((c) => {
    const [head, ...rest] = c.replace(/^\n/, '').split('\n\n');
    return { headers: head!.split('\n'), body: rest.join('\n\n').replace(/\n$/, '') };
  });
}

describe('AL2023 nodeadm user data', () => {
  it('is a MIME multipart document whose NodeConfig part joins the node to the cluster', () => {
    const doc = nodeadmUserData(cluster, node);
    expect(doc.startsWith('MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="//"\n\n')).toBe(true);
    const parts = mimeParts(doc, '//');
    expect(parts.length).toBe(1);
    expect(parts[0]!.headers).toEqual(['Content-Type: application/node.eks.aws']);
    expect(parse(parts[0]!.body)).toEqual({
      apiVersion: 'node.eks.aws/v1alpha1',
      kind: 'NodeConfig',
      spec: {
        cluster: { name: 'prod', apiServerEndpoint: cluster.apiServerEndpoint, certificateAuthority: cluster.certificateAuthority, cidr: '10.100.0.0/16' },
        kubelet: {
          config: {
            clusterDNS: ['10.100.0.10'],
            maxPods: 110,
            kubeReserved: { cpu: '70m', memory: '574Mi' },
            evictionHard: { 'memory.available': '100Mi' },
            registerWithTaints: [
              { key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' },
              { key: 'karpenter.sh/unregistered', effect: 'NoExecute' },
            ],
          },
          flags: ['--node-labels=karpenter.sh/nodepool=default,team=a'],
        },
      },
    });
  });

  it('keeps the user\'s own parts first and refuses a part containing the boundary', () => {
    const doc = nodeadmUserData(cluster, {}, [{ contentType: 'text/x-shellscript; charset="us-ascii"', body: '#!/bin/bash\necho hello\n' }]);
    const parts = mimeParts(doc, '//');
    expect(parts.map((p) => p.headers[0])).toEqual(['Content-Type: text/x-shellscript; charset="us-ascii"', 'Content-Type: application/node.eks.aws']);
    expect(parts[0]!.body).toBe('#!/bin/bash\necho hello\n');
    expect((parse(parts[1]!.body) as { spec: { kubelet: Record<string, unknown> } }).spec.kubelet).toEqual({ config: { clusterDNS: ['10.100.0.10'] } });
    expect(() => nodeadmUserData(cluster, {}, [{ contentType: 'text/plain', body: 'a\n--//\nb' }])).toThrow(/boundary/);
  });
});

describe('Bottlerocket user data', () => {
  it('writes [settings.kubernetes] TOML with labels, taints, reserved resources and eviction', () => {
    expect(bottlerocketUserData(cluster, node)).toBe(
      [
        '[settings.kubernetes]',
        'api-server = "https://ABCDEF0123456789.gr7.us-east-1.eks.amazonaws.com"',
        'cluster-certificate = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg=="',
        'cluster-name = "prod"',
        'cluster-dns-ip = "10.100.0.10"',
        'max-pods = 110',
        '',
        '[settings.kubernetes.node-labels]',
        '"karpenter.sh/nodepool" = "default"',
        '"team" = "a"',
        '',
        '[settings.kubernetes.node-taints]',
        '"karpenter.sh/unregistered" = [":NoExecute"]',
        '"nvidia.com/gpu" = ["true:NoSchedule"]',
        '',
        '[settings.kubernetes.kube-reserved]',
        '"cpu" = "70m"',
        '"memory" = "574Mi"',
        '',
        '[settings.kubernetes.eviction-hard]',
        '"memory.available" = "100Mi"',
        '',
      ].join('\n'),
    );
  });

  it('lists several DNS addresses and several values of one taint key; escapes TOML strings', () => {
    const doc = bottlerocketUserData(cluster, { clusterDns: ['169.254.20.10', '10.100.0.10'], taints: [{ key: 'k', value: 'a', effect: 'NoSchedule' }, { key: 'k', value: 'b', effect: 'PreferNoSchedule' }] });
    expect(doc).toContain('cluster-dns-ip = ["169.254.20.10", "10.100.0.10"]\n');
    expect(doc).toContain('"k" = ["a:NoSchedule", "b:PreferNoSchedule"]\n');
    expect(tomlString('say "hi"\\\n\u0001')).toBe('"say \\"hi\\"\\\\\\n\\u0001"');
  });
});

describe('user data helpers', () => {
  it('cluster DNS is the .10 address of the service CIDR; launch templates take base64', () => {
    expect(defaultClusterDns('10.100.0.0/16')).toBe('10.100.0.10');
    expect(defaultClusterDns('172.20.0.0/16')).toBe('172.20.0.10');
    expect(() => defaultClusterDns('fd00::/108')).toThrow(RangeError);
    expect(encodeUserData('[settings]\n')).toBe('W3NldHRpbmdzXQo=');
  });
});
