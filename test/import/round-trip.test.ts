import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { importCluster, writeScenario } from '../../src/import/index.js';
import { runScenarioFile } from '../../src/runtime/run-scenario.js';

/** Where each pod runs in the exported cluster (read off test/fixtures/import/eks-small by hand). */
const PLACEMENT: Record<string, string[]> = {
  'ip-192-168-10-11.ec2.internal': ['shop/api-5f7b8c9d4-h7q2x', 'shop/web-64c8d9f7b6-2mx9q'],
  'ip-192-168-42-87.ec2.internal': ['shop/redis-0', 'shop/web-64c8d9f7b6-8fvwc', 'shop/web-64c8d9f7b6-kd4rn'],
  'ip-192-168-75-200.ec2.internal': ['default/debug-shell', 'shop/api-5f7b8c9d4-p3n8v', 'shop/web-64c8d9f7b6-tz6hb'],
  'ip-192-168-21-5.ec2.internal': ['karpenter/karpenter-6d8f7b9c5-bk2jd', 'kube-system/cluster-autoscaler-7f9d6c8b4d-q8wtn', 'kube-system/coredns-5b8cc885bc-7x2kq'],
  'ip-192-168-60-33.ec2.internal': ['karpenter/karpenter-6d8f7b9c5-zr7pv', 'kube-system/coredns-5b8cc885bc-m4hzp'],
  'ip-192-168-88-14.ec2.internal': ['legacy/reindex-r4t7w', 'legacy/reports-ui-7c5d9b8f6-x9d2m'],
};

type Row = Record<string, string>;

async function runAtTimeZero(policy: 'karpenter' | 'cluster-autoscaler'): Promise<{ nodes: Row[]; pods: Row[]; decisions: Record<string, unknown>[] }> {
  const dir = mkdtempSync(join(tmpdir(), `fleetsim-import-rt-${policy}-`));
  const file = join(dir, 'eks-small.yaml');
  writeScenario(file, importCluster({ from: 'test/fixtures/import/eks-small', name: 'eks-small', horizon: '1s' }));
  const out = join(dir, 'run');
  await runScenarioFile(file, { policy, seed: 1, out });
  const csv = (name: string): Row[] => parse(readFileSync(join(out, name), 'utf8'), { columns: true }) as Row[];
  const decisions = readFileSync(join(out, 'decisions.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  return { nodes: csv('nodes.csv'), pods: csv('pods.csv'), decisions };
}

/**
 * Who adopts the initial nodes (INITIAL-STATE-FORMAT.md): Karpenter takes the three nodes of its NodePool
 * "general"; the Cluster Autoscaler takes the two ng-system members and, as the first group whose type
 * (m5.xlarge), zones and capacity type (on-demand) include it, the on-demand m5.xlarge Karpenter node.
 */
const ADOPTION = {
  karpenter: { adoptedByNodePool: { general: 3 }, adoptedByNodeGroup: {}, unmanaged: 3 },
  'cluster-autoscaler': { adoptedByNodePool: {}, adoptedByNodeGroup: { 'ng-system': 3 }, unmanaged: 3 },
};

describe.each(['karpenter', 'cluster-autoscaler'] as const)('import → simulate to t = 1 s under %s', (policy) => {
  it('reproduces the exported nodes and every pod on its node', async () => {
    const { nodes, pods, decisions } = await runAtTimeZero(policy);
    const atZero = nodes.filter((n) => Number(n.launched) === 0);
    expect(atZero.map((n) => n.node).sort()).toEqual(Object.keys(PLACEMENT).sort());
    expect(Object.fromEntries(atZero.map((n) => [n.node, n.instance_type]))).toEqual({
      'ip-192-168-10-11.ec2.internal': 'm5.xlarge',
      'ip-192-168-42-87.ec2.internal': 'c6i.2xlarge',
      'ip-192-168-75-200.ec2.internal': 'm5.large',
      'ip-192-168-21-5.ec2.internal': 'm5.xlarge',
      'ip-192-168-60-33.ec2.internal': 'm5.xlarge',
      'ip-192-168-88-14.ec2.internal': 't3.large',
    });
    const spot = atZero.filter((n) => n.capacity_type === 'spot').map((n) => n.node);
    expect(spot).toEqual(['ip-192-168-42-87.ec2.internal']);
    // DaemonSet pods (aws-node, kube-proxy: they tolerate every taint) run on every node: each bills some DaemonSet cost
    expect(atZero.filter((n) => !(Number(n.daemonset_cost) > 0)).map((n) => n.node)).toEqual([]);
    // The replica that was Pending in the export is Pending at time 0; the simulated scheduler may place it at once.
    const bound = pods.filter((p) => p.bound !== '' && Number(p.bound) === 0 && p.id !== 'shop/web-64c8d9f7b6-w5jlx');
    const byNode: Record<string, string[]> = {};
    for (const p of bound) {
      (byNode[p.node!] ??= []).push(p.id!);
    }
    for (const list of Object.values(byNode)) list.sort();
    expect(byNode).toEqual(PLACEMENT);
    expect(pods.find((p) => p.id === 'shop/web-64c8d9f7b6-w5jlx')?.created).toBe('0');
    const seed = decisions.find((d) => d.kind === 'initial-state');
    expect(seed).toMatchObject({ at: 0, nodes: 6, podsBound: 15, podsPending: 1, controllers: 8, ...ADOPTION[policy] });
  });
});
