import type { Taint } from '../model/index.js';
import type { StaticNodeGroup } from './cluster-autoscaler.js';
import type { ImportContext } from './context.js';
import type { ImportedNode } from './nodes.js';

export interface NodeGroupImport {
  /** `clusterAutoscaler.nodeGroups` items (EKS managed node group or Auto Scaling group shape). */
  readonly groups: Record<string, unknown>[];
  /** Scenario node-group name by the nodes' node-group label. */
  readonly nameByLabel: ReadonlyMap<string, string>;
}

/** Largest group size guessed when no --nodes flag gives it: twice today's nodes, at least 10. */
export function guessedMaxSize(nodes: number): number {
  return Math.max(10, 2 * nodes);
}

const EKS_EFFECTS: Record<Taint['effect'], string> = { NoSchedule: 'NO_SCHEDULE', NoExecute: 'NO_EXECUTE', PreferNoSchedule: 'PREFER_NO_SCHEDULE' };
/** Labels EKS or eksctl set on every node of a group (added back by the node-group parser or not needed). */
const GROUP_LABELS = /^(eks\.amazonaws\.com\/(nodegroup|capacityType)|alpha\.eksctl\.io\/(nodegroup-name|cluster-name|instance-id)|node-lifecycle|node\.kubernetes\.io\/lifecycle)$/;

/** The --nodes group of a managed node group "ng" (its ASG is "eks-ng-<uuid>") or eksctl group (ASG "eksctl-<cluster>-nodegroup-ng-NodeGroup-…"). */
function matchStatic(label: string, statics: readonly StaticNodeGroup[]): StaticNodeGroup | undefined {
  return (
    statics.find((s) => s.name === label) ??
    statics.find((s) => s.name.startsWith(`eks-${label}-`)) ??
    statics.find((s) => s.name.includes(`-nodegroup-${label}-`)) ??
    statics.find((s) => s.name.includes(label))
  );
}

function common<T>(lists: readonly T[][], same: (a: T, b: T) => boolean): T[] {
  if (lists.length === 0) return [];
  return lists[0]!.filter((x) => lists.every((l) => l.some((y) => same(x, y))));
}

/**
 * One node group per node-group label value: the instance types and capacity type of its nodes, the
 * labels and taints all its nodes share, desired = its node count, min/max from the CA's --nodes
 * flag when one matches, else 0 and a guess (reported). Zones: all the cluster's zones (reported).
 */
export function importNodeGroups(ctx: ImportContext, nodes: readonly ImportedNode[], zones: readonly string[], statics: readonly StaticNodeGroup[]): NodeGroupImport {
  const byLabel = new Map<string, ImportedNode[]>();
  for (const n of nodes) if (n.nodeGroupLabel && !n.nodePool) byLabel.set(n.nodeGroupLabel, [...(byLabel.get(n.nodeGroupLabel) ?? []), n]);
  const groups: Record<string, unknown>[] = [];
  const nameByLabel = new Map<string, string>();
  const used = new Set<StaticNodeGroup>();
  for (const [label, members] of [...byLabel].sort(([a], [b]) => a.localeCompare(b))) {
    const subject = `node group ${label}`;
    const counts = new Map<string, number>();
    for (const n of members) counts.set(n.instanceType, (counts.get(n.instanceType) ?? 0) + 1);
    const types = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([t]) => t);
    const spot = members.filter((n) => n.capacityType === 'spot').length;
    if (spot > 0 && spot < members.length) ctx.report.warn(`mixes spot (${spot}) and on-demand (${members.length - spot}) nodes; modelled as ${spot * 2 >= members.length ? 'spot' : 'on-demand'}`, subject);
    const isSpot = spot * 2 >= members.length;
    const labels = Object.fromEntries(
      common(members.map((n) => Object.entries(n.labels).filter(([k]) => !GROUP_LABELS.test(k))), (a, b) => a[0] === b[0] && a[1] === b[1]),
    );
    const taints = common(members.map((n) => n.taints), (a, b) => a.key === b.key && a.value === b.value && a.effect === b.effect);
    const managed = members.every((n) => n.managedNodeGroup);
    const stat = matchStatic(label, statics);
    if (stat) used.add(stat);
    const desired = members.length;
    let min = stat?.min ?? 0;
    let max = stat?.max ?? guessedMaxSize(desired);
    if (!stat) ctx.report.guess(`minSize 0 and maxSize ${max} (no --nodes flag names it; from the Auto Scaling group's settings, put the real ones)`, subject);
    if (desired > max) {
      ctx.report.warn(`has ${desired} nodes, above --nodes max ${max}; maxSize raised to ${desired}`, subject);
      max = desired;
    }
    if (desired < min) {
      ctx.report.warn(`has ${desired} nodes, below --nodes min ${min}; minSize lowered to ${desired} (the Cluster Autoscaler will not scale it up to min)`, subject);
      min = desired;
    }
    const name = managed ? label : (stat?.name ?? label);
    if (stat && stat.name !== name) ctx.report.warn(`its Auto Scaling group is ${stat.name} (--nodes); named ${name} in the scenario after its eks.amazonaws.com/nodegroup label — the priority expander's regexes are matched against that name`, subject);
    nameByLabel.set(label, name);
    if (types.length > 1 || members.length < 3) ctx.report.guess(`instance types ${types.join(', ')}: those of its nodes (the group may allow more)`, subject);
    const tail = { availabilityZones: [...zones], ...(Object.keys(labels).length > 0 ? { labels } : {}) };
    if (managed) {
      groups.push({
        nodegroupName: name,
        scalingConfig: { minSize: min, maxSize: max, desiredSize: desired },
        instanceTypes: types,
        capacityType: isSpot ? 'SPOT' : 'ON_DEMAND',
        ...tail,
        ...(taints.length > 0 ? { taints: taints.map((t) => ({ key: t.key, ...(t.value ? { value: t.value } : {}), effect: EKS_EFFECTS[t.effect] })) } : {}),
      });
    } else {
      groups.push({
        name,
        minSize: min,
        maxSize: max,
        desiredCapacity: desired,
        ...(types.length === 1 && !isSpot
          ? { instanceType: types[0] }
          : {
              mixedInstancesPolicy: {
                overrides: types.map((t) => ({ instanceType: t })),
                ...(isSpot ? { instancesDistribution: { onDemandPercentageAboveBaseCapacity: 0, spotAllocationStrategy: 'price-capacity-optimized' } } : {}),
              },
            }),
        ...tail,
        ...(taints.length > 0 ? { taints } : {}),
      });
    }
  }
  if (groups.length > 0) ctx.report.guess(`node groups span all the cluster's zones (${zones.join(', ')}); the subnets of their Auto Scaling groups are not in the export`);
  for (const s of statics) if (!used.has(s)) ctx.report.unmapped(`--nodes=${s.min}:${s.max}:${s.name} names a group with no node in the export (its instance types are unknown); left out`);
  return { groups, nameByLabel };
}
