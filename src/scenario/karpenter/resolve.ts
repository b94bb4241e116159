import type { Kubelet, NodeClass, NodePool } from '../../model/index.js';
import { nearest } from '../errors.js';
import type { SourceDrafts } from './documents.js';
import type { PoolDraft } from './drafts.js';
import { defaultNodeClass } from './nodeclass.js';

export interface KarpenterConfig {
  readonly nodePools: NodePool[];
  readonly nodeClasses: NodeClass[];
  readonly warnings: string[];
}

export interface ResolveOptions {
  /**
   * When the input holds NodePools but no node class at all (no EC2NodeClass, AWSNodeTemplate or inline
   * provider), give each referenced name fleetsim's default class (AL2023, al2023@latest, default kubelet,
   * 20 GiB root). Default true; with false such references are errors like any other missing class.
   */
  readonly defaultNodeClass?: boolean;
}

function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function kubeletKey(k: Kubelet, recorded: Readonly<Record<string, unknown>>): string {
  return stable({ k, recorded });
}

/**
 * Join NodePools to their node classes across every source: duplicate names and missing classes are
 * problems (recorded on the source that holds the pool). Kubelet settings of v1beta1/v1alpha5 pools move
 * to their class: when the class has none and every pool using it carries settings, the first pool's go
 * onto the class; a pool whose settings differ from the class's then gets a copy of the class named
 * `<class>-<pool>` (with a warning), as Karpenter's v1 migration guide asks.
 */
export function resolveDrafts(sources: readonly SourceDrafts[], opts: ResolveOptions = {}): KarpenterConfig {
  const warnings = sources.flatMap((s) => s.warnings);
  const classes = new Map<string, { nodeClass: NodeClass; where: string }>();
  const addClass = (s: SourceDrafts, nodeClass: NodeClass, path: readonly (string | number)[], label: string): void => {
    const first = classes.get(nodeClass.name);
    if (first) s.r.problem(path, `duplicate node class ${JSON.stringify(nodeClass.name)} (${label}; also defined at ${first.where})`);
    else classes.set(nodeClass.name, { nodeClass, where: s.r.where(path) });
  };
  for (const s of sources) for (const c of s.classes) addClass(s, c.nodeClass, c.path, c.label);
  for (const s of sources) for (const p of s.pools) if (p.inlineClass) addClass(s, p.inlineClass, p.classRefPath, p.label);

  const anyClass = classes.size > 0 || sources.some((s) => s.classObjects > 0);
  const pools: { s: SourceDrafts; d: PoolDraft; pool: NodePool }[] = [];
  const poolWhere = new Map<string, string>();
  for (const s of sources) {
    for (const d of s.pools) {
      const first = poolWhere.get(d.pool.name);
      if (first !== undefined) {
        s.r.problem(d.path, `duplicate NodePool ${JSON.stringify(d.pool.name)} (${d.label}; also defined at ${first})`);
        continue;
      }
      poolWhere.set(d.pool.name, s.r.where(d.path));
      const ref = d.pool.nodeClassName;
      if (!classes.has(ref)) {
        if (!anyClass && opts.defaultNodeClass !== false) {
          classes.set(ref, { nodeClass: defaultNodeClass(ref), where: 'fleetsim default' });
          warnings.push(
            `${s.r.where(d.classRefPath)}: ${d.label}: no EC2NodeClass given; using fleetsim's default class ${JSON.stringify(ref)} (AL2023, alias al2023@latest, default kubelet, 20 GiB root volume)`,
          );
        } else {
          const hint = nearest(ref, classes.keys());
          const known = [...classes.keys()];
          s.r.problem(
            d.classRefPath,
            `EC2NodeClass ${JSON.stringify(ref)} not found${hint ? ` (did you mean "${hint}"?)` : known.length ? ` (defined: ${known.join(', ')})` : ''}`,
          );
          continue;
        }
      }
      pools.push({ s, d, pool: d.pool });
    }
  }
  moveKubelets(pools, classes, warnings);
  return { nodePools: pools.map((p) => p.pool), nodeClasses: [...classes.values()].map((c) => c.nodeClass), warnings };
}

function moveKubelets(
  pools: { s: SourceDrafts; d: PoolDraft; pool: NodePool }[],
  classes: Map<string, { nodeClass: NodeClass; where: string }>,
  warnings: string[],
): void {
  const byClass = new Map<string, typeof pools>();
  for (const p of pools) byClass.set(p.pool.nodeClassName, [...(byClass.get(p.pool.nodeClassName) ?? []), p]);
  for (const [className, members] of byClass) {
    const withKubelet = members.filter((m) => m.d.kubelet);
    if (withKubelet.length === 0) continue;
    const entry = classes.get(className)!;
    const own = entry.nodeClass;
    const ownKey = kubeletKey(own.kubelet, (own.recorded.kubelet as Record<string, unknown> | undefined) ?? {});
    const emptyKey = kubeletKey({}, {});
    const keyOf = (m: (typeof members)[number]): string => kubeletKey(m.d.kubelet!.kubelet, m.d.kubelet!.recorded);
    // A class nobody else uses without kubelet settings takes the first pool's settings in place.
    let classKey = ownKey;
    if (ownKey === emptyKey && withKubelet.length === members.length) {
      entry.nodeClass = withKubeletOf(own, withKubelet[0]!.d.kubelet!);
      classKey = keyOf(withKubelet[0]!);
    }
    for (const m of withKubelet) {
      const k = m.d.kubelet!;
      if (keyOf(m) === classKey) continue;
      let copyName = `${className}-${m.pool.name}`;
      while (classes.has(copyName)) copyName += '-x';
      classes.set(copyName, { nodeClass: { ...withKubeletOf(own, k), name: copyName }, where: entry.where });
      m.pool = { ...m.pool, nodeClassName: copyName };
      warnings.push(
        `${m.s.r.where(k.path)}: ${m.d.label}: its kubelet settings differ from those of the other users of EC2NodeClass ${JSON.stringify(className)}; it uses a copy named ${JSON.stringify(copyName)}`,
      );
    }
  }
}

function withKubeletOf(nodeClass: NodeClass, k: NonNullable<PoolDraft['kubelet']>): NodeClass {
  const recorded: Record<string, unknown> = { ...nodeClass.recorded };
  if (Object.keys(k.recorded).length > 0) recorded.kubelet = k.recorded;
  else delete recorded.kubelet;
  return { ...nodeClass, kubelet: k.kubelet, recorded };
}
