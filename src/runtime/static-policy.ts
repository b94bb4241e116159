import type { Instance } from '../cloud/cloud-provider.js';
import { InputError } from '../scenario/errors.js';
import { LabelKeys } from '../model/index.js';
import type { PolicyContext, Policy } from './policy.js';
import { instanceLabels, type NodeDecoration } from './node-bootstrap.js';

export const STATIC_TAG = 'fleetsim.io/static-node';

/**
 * The `static` policy: a fixed list of nodes that exist (running, registered, Ready) from time zero and
 * never change — no autoscaling. The baseline that shows what the workload alone does. Nodes of an
 * initial state are all unmanaged (static.nodes may then be empty).
 */
export function staticPolicy(ctx: PolicyContext): Policy {
  const nodes = ctx.scenario.staticNodes;
  if (nodes.length === 0 && (ctx.scenario.initialState?.nodes.length ?? 0) === 0) {
    throw new InputError([{ file: ctx.scenario.file, path: 'static.nodes', message: 'the static policy needs at least one node (static.nodes or initialState.nodes)' }]);
  }
  const byType = new Map(ctx.catalog.map((it) => [it.name, it] as const));
  const specOfIndex: (typeof nodes)[number][] = [];
  nodes.forEach((spec) => {
    for (let i = 0; i < spec.count; i++) specOfIndex.push(spec);
  });
  const zones = ctx.scenario.zones;
  const launchAll = (): void => {
    let index = 0;
    for (const spec of nodes) {
      const it = byType.get(spec.instanceType)!;
      for (let i = 0; i < spec.count; i++, index++) {
        const zone = spec.zone ?? zones[index % zones.length]!;
        const capacityType = spec.capacityType ?? 'on-demand';
        const result = ctx.ec2.launchNow(
          {
            nodeClaimName: `static-${index}`,
            nodePoolName: 'static',
            nodeClassName: 'static',
            capacityType,
            overrides: [{ instanceType: it.name, zone, capacityType }],
            tags: { [STATIC_TAG]: String(index) },
          },
          { prewarmed: true },
        );
        if (!result.ok) throw new Error(`static node ${index} (${it.name} in ${zone}) could not be launched: ${result.error.message}`);
      }
    }
  };
  const decorate = (instance: Instance): NodeDecoration | undefined => {
    const tag = instance.tags[STATIC_TAG];
    const spec = tag === undefined ? undefined : specOfIndex[Number(tag)];
    const it = byType.get(instance.instanceType);
    if (!spec || !it) return undefined;
    return {
      labels: { ...instanceLabels(instance, it, ctx.scenario.region), ...(spec.labels ?? {}), [LabelKeys.nodePool]: 'static' },
      taints: spec.taints ?? [],
      startupTaints: [],
      capacity: it.capacity,
      allocatable: it.allocatable,
    };
  };
  return {
    decorateNode: decorate,
    start: launchAll,
    stop: () => undefined,
  };
}
