import type { V1ConfigMap, V1Deployment } from '@kubernetes/client-node';
import { CA_VERSIONS, DEFAULT_CA_VERSION, parseClusterAutoscalerOptions, parsePriorities, PRIORITY_EXPANDER_CONFIGMAP } from '../scenario/cluster-autoscaler/index.js';
import { InputError } from '../scenario/errors.js';
import type { ImportContext } from './context.js';
import { type ExportObject, idOf } from './export-source.js';
import { importNodeGroups, type NodeGroupImport } from './node-groups.js';
import type { ImportedNode } from './nodes.js';

/** `--nodes=min:max:name` of the Cluster Autoscaler (a static node group). */
export interface StaticNodeGroup {
  readonly min: number;
  readonly max: number;
  readonly name: string;
}

export interface CaImport {
  /** The scenario's `clusterAutoscaler` section. */
  readonly section: Record<string, unknown>;
  readonly nodeGroups: NodeGroupImport;
}

/** The Cluster Autoscaler's Deployment: a container whose image or command names cluster-autoscaler. */
export function findCaDeployment(ctx: ImportContext): { o: ExportObject; args: string[]; image: string } | undefined {
  for (const o of ctx.c.of('Deployment')) {
    const d = o.obj as unknown as V1Deployment;
    for (const c of d.spec?.template?.spec?.containers ?? []) {
      const command = c.command ?? [];
      if (!/(^|\/)cluster-autoscaler(:|@|$)/.test(c.image ?? '') && !command.some((x) => /cluster-autoscaler$/.test(x))) continue;
      const args = [...command.filter((x) => x.startsWith('-')), ...(c.args ?? [])];
      return { o, args, image: c.image ?? '' };
    }
  }
  return undefined;
}

/** "registry.k8s.io/autoscaling/cluster-autoscaler:v1.30.2" → "1.30", clamped to the releases fleetsim models. */
export function caVersionOf(image: string, ctx: ImportContext, subject: string): string {
  const m = /:v?(\d+)\.(\d+)/.exec(image);
  if (!m) {
    ctx.report.guess(`no version in the image tag "${image}": Cluster Autoscaler ${DEFAULT_CA_VERSION} defaults used`, subject);
    return DEFAULT_CA_VERSION;
  }
  const v = `${m[1]}.${m[2]}`;
  if ((CA_VERSIONS as readonly string[]).includes(v)) return v;
  const minor = Number(m[2]);
  const clamped = Number(m[1]) < 1 || (Number(m[1]) === 1 && minor < 30) ? CA_VERSIONS[0] : CA_VERSIONS[CA_VERSIONS.length - 1];
  ctx.report.warn(`Cluster Autoscaler ${v}: fleetsim models ${CA_VERSIONS[0]}–${CA_VERSIONS[CA_VERSIONS.length - 1]}; ${clamped} defaults used`, subject);
  return clamped;
}

/** Split `--nodes=1:10:name` flags (also "--nodes", "1:10:name") out of the args. */
export function staticNodeGroups(args: readonly string[], ctx: ImportContext, subject: string): { groups: StaticNodeGroup[]; rest: string[] } {
  const groups: StaticNodeGroup[] = [];
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const m = /^--?nodes(?:=(.*))?$/.exec(a);
    if (!m) {
      rest.push(a);
      continue;
    }
    const value = m[1] ?? args[++i] ?? '';
    const parts = /^(\d+):(\d+):(.+)$/.exec(value);
    if (!parts) ctx.report.unmapped(`--nodes=${value} is not min:max:name; ignored`, subject);
    else groups.push({ min: Number(parts[1]), max: Number(parts[2]), name: parts[3]! });
  }
  return { groups, rest };
}

/** Keep the flags the scenario parser accepts; report the others (unknown to fleetsim or to this release). */
function acceptedFlags(flags: string[], version: string, prio: string | undefined, ctx: ImportContext, subject: string): string[] {
  let kept = flags.filter((f) => !/^--?node-group-auto-discovery(=|$)/.test(f));
  if (kept.length !== flags.length) ctx.report.warn('--node-group-auto-discovery: the node groups are derived from the nodes\' node-group labels instead (ASG tags are not exported)', subject);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const { warnings } = parseClusterAutoscalerOptions({ version, flags: kept, ...(prio !== undefined ? { priorities: prio } : {}) }, { file: subject });
      for (const w of warnings) {
        const text = w.replace(/^[^:]*: /, '');
        const flag = /^(--\S+) is a Cluster Autoscaler flag without effect/.exec(text);
        if (flag) ctx.report.unmapped(`Cluster Autoscaler flags without effect in fleetsim's simulation (kept in the flags, ignored) in ${subject}`, flag[1]);
        else ctx.report.warn(text, subject);
      }
      return kept;
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      const bad = new Set<number>();
      for (const p of e.problems) {
        const m = /^flags\[(\d+)\]/.exec(p.path ?? '');
        if (m) bad.add(Number(m[1]));
        ctx.report.unmapped(`${p.message}; the flag is left out`, subject);
      }
      if (bad.size === 0) return [];
      kept = kept.filter((_, i) => !bad.has(i));
    }
  }
  return kept;
}

function priorities(ctx: ImportContext, namespace: string | undefined): string | undefined {
  for (const o of ctx.c.of('ConfigMap')) if (o.name !== PRIORITY_EXPANDER_CONFIGMAP) ctx.report.unmapped(`ConfigMaps other than ${PRIORITY_EXPANDER_CONFIGMAP} are not used`, idOf(o));
  const cms = ctx.c.of('ConfigMap').filter((o) => o.name === PRIORITY_EXPANDER_CONFIGMAP);
  const o = cms.find((x) => x.namespace === namespace) ?? cms[0];
  if (!o) return undefined;
  for (const other of cms) if (other !== o) ctx.report.unmapped(`another priority expander ConfigMap; ${idOf(o)} is used`, idOf(other));
  const text = (o.obj as unknown as V1ConfigMap).data?.priorities;
  if (typeof text !== 'string') {
    ctx.report.unmapped('the priority expander ConfigMap has no data.priorities; ignored', idOf(o));
    return undefined;
  }
  try {
    parsePriorities(text, { file: idOf(o) });
    return text;
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    for (const p of e.problems) ctx.report.unmapped(`priority expander: ${p.message}; the priorities are left out`, idOf(o));
    return undefined;
  }
}

/** The scenario's `clusterAutoscaler` section from the CA Deployment, its priority ConfigMap and the nodes' node groups. */
export function importClusterAutoscaler(ctx: ImportContext, nodes: readonly ImportedNode[], zones: readonly string[]): CaImport {
  const ca = findCaDeployment(ctx);
  const section: Record<string, unknown> = {};
  let groups: StaticNodeGroup[] = [];
  const prio = priorities(ctx, ca?.o.namespace);
  if (!ca) {
    ctx.report.guess(`no Cluster Autoscaler Deployment in the export: Cluster Autoscaler ${DEFAULT_CA_VERSION} with its default flags`);
    section.version = DEFAULT_CA_VERSION;
  } else {
    const subject = idOf(ca.o);
    const version = caVersionOf(ca.image, ctx, subject);
    section.version = version;
    const split = staticNodeGroups(ca.args, ctx, subject);
    groups = split.groups;
    const flags = acceptedFlags(split.rest, version, prio, ctx, subject);
    if (flags.length > 0) section.flags = flags;
  }
  if (prio !== undefined) section.priorities = prio;
  const nodeGroups = importNodeGroups(ctx, nodes, zones, groups);
  if (nodeGroups.groups.length > 0) section.nodeGroups = nodeGroups.groups;
  else ctx.report.guess('no node carries a node-group label (eks.amazonaws.com/nodegroup, alpha.eksctl.io/nodegroup-name): clusterAutoscaler.nodeGroups is left out, so fleetsim derives the node groups from the Karpenter NodePools');
  return { section, nodeGroups };
}
