import type { V1Node } from '@kubernetes/client-node';
import type { CapacityType, Taint } from '../model/index.js';
import type { Classified } from './classify.js';
import { idOf } from './export-source.js';
import type { ImportReport } from './report.js';

/** A node of the export, as `initialState.nodes` takes it, plus what the importer needs. */
export interface ImportedNode {
  readonly name: string;
  readonly instanceType: string;
  readonly zone: string;
  readonly region?: string;
  readonly capacityType: CapacityType;
  /** Labels beyond the derived well-known ones. */
  readonly labels: Record<string, string>;
  /** Every label of the node (for DaemonSet matching). */
  readonly allLabels: Record<string, string>;
  readonly taints: Taint[];
  readonly nodePool?: string;
  /** The node group label's value (EKS managed or eksctl); the scenario's group name may differ. */
  readonly nodeGroupLabel?: string;
  readonly managedNodeGroup: boolean;
  readonly arch?: string;
}

export const NodeLabelKeys = {
  instanceType: ['node.kubernetes.io/instance-type', 'beta.kubernetes.io/instance-type'],
  zone: ['topology.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/zone'],
  region: ['topology.kubernetes.io/region', 'failure-domain.beta.kubernetes.io/region'],
  nodePool: ['karpenter.sh/nodepool', 'karpenter.sh/provisioner-name'],
  eksNodeGroup: 'eks.amazonaws.com/nodegroup',
  eksctlNodeGroup: 'alpha.eksctl.io/nodegroup-name',
} as const;

/** Labels a node gets from its instance type, zone, name or its Karpenter NodeClaim: derived in simulation. */
const DERIVED = [
  /^kubernetes\.io\/(hostname|arch|os)$/,
  /^beta\.kubernetes\.io\//,
  /^node\.kubernetes\.io\/instance-type$/,
  /^(topology\.kubernetes\.io|failure-domain\.beta\.kubernetes\.io)\//,
  /^topology\.(ebs\.csi\.aws\.com|k8s\.aws)\//,
  /^karpenter\.k8s\.aws\//,
  /^karpenter\.sh\/(capacity-type|nodepool|registered|initialized|provisioner-name)$/,
  /^eks\.amazonaws\.com\/(nodegroup-image|sourceLaunchTemplateId|sourceLaunchTemplateVersion)$/,
  /^k8s\.io\/cloud-provider-aws$/,
];

/** Taints of a node's lifecycle or of a disruption in progress: not part of the node's configuration. */
const TRANSIENT_TAINTS = /^(node\.kubernetes\.io\/|node\.cloudprovider\.kubernetes\.io\/|karpenter\.sh\/(disrupted|unregistered|disruption)$|ToBeDeletedByClusterAutoscaler$|DeletionCandidateOfClusterAutoscaler$|node\.cilium\.io\/agent-not-ready$)/;

const EFFECTS = new Set(['NoSchedule', 'PreferNoSchedule', 'NoExecute']);

function first(labels: Record<string, string>, keys: readonly string[]): string | undefined {
  for (const k of keys) if (labels[k]) return labels[k];
  return undefined;
}

function capacityTypeOf(labels: Record<string, string>): { type: CapacityType; note?: string } {
  const k = labels['karpenter.sh/capacity-type'];
  if (k === 'spot' || k === 'on-demand') return { type: k };
  if (k) return { type: 'on-demand', note: `capacity type "${k}" is simulated as on-demand` };
  const eks = labels['eks.amazonaws.com/capacityType'];
  if (eks === 'SPOT') return { type: 'spot' };
  if (eks && eks !== 'ON_DEMAND') return { type: 'on-demand', note: `capacity type "${eks}" is simulated as on-demand` };
  if (labels['node.kubernetes.io/lifecycle'] === 'spot' || labels['lifecycle'] === 'Ec2Spot') return { type: 'spot' };
  return { type: 'on-demand' };
}

export interface NodeImport {
  readonly nodes: ImportedNode[];
  /** Names of exported nodes left out (their pods start Pending). */
  readonly leftOut: Set<string>;
}

/** The exported nodes that can start the simulation; the others are reported with the reason. */
export function importNodes(c: Classified, knownTypes: ReadonlySet<string>, report: ImportReport): NodeImport {
  const nodes: ImportedNode[] = [];
  const leftOut = new Set<string>();
  for (const o of c.of('Node')) {
    const node = o.obj as unknown as V1Node;
    const labels: Record<string, string> = { ...(node.metadata?.labels ?? {}) };
    const subject = idOf(o);
    const leave = (why: string): void => {
      leftOut.add(o.name);
      report.unmapped(`${why}; the node is left out and its pods start Pending`, subject);
    };
    if (labels['eks.amazonaws.com/compute-type'] === 'fargate') {
      leave('Fargate nodes are not simulated');
      continue;
    }
    const instanceType = first(labels, NodeLabelKeys.instanceType);
    const zone = first(labels, NodeLabelKeys.zone);
    if (!instanceType) {
      leave('no node.kubernetes.io/instance-type label');
      continue;
    }
    if (!zone) {
      leave('no topology.kubernetes.io/zone label');
      continue;
    }
    if (!knownTypes.has(instanceType)) {
      leave(`instance type "${instanceType}" is not in the catalog`);
      continue;
    }
    const cap = capacityTypeOf(labels);
    if (cap.note) report.warn(cap.note, subject);
    const taints: Taint[] = [];
    for (const t of node.spec?.taints ?? []) {
      if (!t.key || !EFFECTS.has(t.effect)) continue;
      if (TRANSIENT_TAINTS.test(t.key)) {
        report.warn(`taint ${t.key}:${t.effect} is a lifecycle or disruption taint of the moment; not kept`, subject);
        continue;
      }
      taints.push({ key: t.key, ...(t.value ? { value: t.value } : {}), effect: t.effect as Taint['effect'] });
    }
    if (node.spec?.unschedulable) report.unmapped('the node is cordoned (spec.unschedulable); it starts schedulable', subject);
    const ready = node.status?.conditions?.find((x) => x.type === 'Ready');
    if (ready && ready.status !== 'True') report.warn(`the node was not Ready (${ready.reason ?? ready.status}); it starts Ready`, subject);
    const extra = Object.fromEntries(Object.entries(labels).filter(([k]) => !DERIVED.some((re) => re.test(k))));
    const nodePool = first(labels, NodeLabelKeys.nodePool);
    const eksGroup = labels[NodeLabelKeys.eksNodeGroup];
    const eksctlGroup = labels[NodeLabelKeys.eksctlNodeGroup];
    const region = first(labels, NodeLabelKeys.region);
    nodes.push({
      name: o.name,
      instanceType,
      zone,
      ...(region ? { region } : {}),
      capacityType: cap.type,
      labels: extra,
      allLabels: labels,
      taints,
      ...(nodePool ? { nodePool } : {}),
      ...(eksGroup || eksctlGroup ? { nodeGroupLabel: (eksGroup ?? eksctlGroup)! } : {}),
      managedNodeGroup: eksGroup !== undefined,
      ...(labels['kubernetes.io/arch'] ? { arch: labels['kubernetes.io/arch'] } : {}),
    });
  }
  return { nodes, leftOut };
}

/** The region most nodes name (reported when they disagree or none does). */
export function regionOf(nodes: readonly ImportedNode[], report: ImportReport): string {
  const counts = new Map<string, number>();
  for (const n of nodes) if (n.region) counts.set(n.region, (counts.get(n.region) ?? 0) + 1);
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (sorted.length === 0) {
    const fromZone = nodes[0]?.zone.replace(/[a-z]$/, '');
    report.guess(`no topology.kubernetes.io/region label; region ${fromZone ?? 'us-east-1'} taken from the zones`);
    return fromZone ?? 'us-east-1';
  }
  if (sorted.length > 1) report.warn(`nodes are in several regions (${sorted.map(([r, n]) => `${r}: ${n}`).join(', ')}); ${sorted[0]![0]} is used`);
  const region = sorted[0]![0];
  if (region !== 'us-east-1') report.warn(`region ${region}: the embedded catalog has us-east-1 prices; costs are us-east-1's (give cloud.catalog.file for your region's prices)`);
  return region;
}
