import { LabelKeys, TaintKeys } from '../../model/index.js';
import type { DaemonSet, InstanceType, Labels, PodSpec, Resources, Taint } from '../../model/index.js';
import { checkFit } from '../../scheduling/index.js';
import { CaConstants } from './constants.js';
import type { NodeGroupInfo } from './node-groups.js';
import { SnapshotNode } from './snapshot.js';
import type { SnapshotNodeKind, SnapshotPod } from './snapshot.js';

/** What a new node of a group would look like, with the pods it starts with (DaemonSets, kube-proxy). */
export interface NodeTemplate {
  readonly groupName: string;
  /** node: a live node of the group; cache: a former live node; cloud: built from the instance type. */
  readonly source: 'node' | 'cache' | 'cloud';
  readonly instanceType: string | undefined;
  readonly labels: Labels;
  readonly taints: readonly Taint[];
  readonly capacity: Resources;
  readonly allocatable: Resources;
  readonly pods: readonly SnapshotPod[];
}

/** Taints a template never copies from a live node (CA's own, and node-condition taints). */
const SANITIZED_TAINTS: ReadonlySet<string> = new Set([
  TaintKeys.caToBeDeleted,
  TaintKeys.caDeletionCandidate,
  TaintKeys.notReady,
  TaintKeys.unschedulable,
  'node.kubernetes.io/unreachable',
  'node.kubernetes.io/memory-pressure',
  'node.kubernetes.io/disk-pressure',
  'node.kubernetes.io/pid-pressure',
  'node.kubernetes.io/network-unavailable',
  'node.cloudprovider.kubernetes.io/uninitialized',
]);

function regionOf(zone: string): string {
  return zone.replace(/[a-z]$/, '');
}

function daemonSetPod(ds: DaemonSet, nodeName: string): SnapshotPod {
  return { ...ds.template, namespace: ds.namespace, owner: { kind: 'DaemonSet', name: ds.name }, uid: `${nodeName}/ds/${ds.namespace}/${ds.name}` };
}

function kubeProxyPod(groupName: string): SnapshotPod {
  const spec: PodSpec = {
    namespace: 'kube-system',
    labels: { 'k8s-app': 'kube-proxy' },
    annotations: {},
    owner: { kind: 'Node', name: `template-node-for-${groupName}` },
    requests: { cpuMillis: CaConstants.kubeProxyCpuMillis, memoryMiB: 0, gpus: 0, pods: 0, ephemeralMiB: 0 },
    nodeSelector: {},
    tolerations: [{ operator: 'Exists' }],
    topologySpreadConstraints: [],
    hostPorts: [],
    priority: 2_000_001_000,
    terminationGracePeriodSeconds: 30,
  };
  return { ...spec, uid: `template-node-for-${groupName}/kube-proxy` };
}

/** DaemonSet pods that would run on a node with these labels and taints (taints and node affinity only). */
function daemonSetPodsFor(name: string, labels: Labels, taints: readonly Taint[], allocatable: Resources, daemonSets: readonly DaemonSet[]): SnapshotPod[] {
  const probe = new SnapshotNode(name, labels, taints, allocatable, allocatable, false, 'estimate', undefined);
  const out: SnapshotPod[] = [];
  for (const ds of daemonSets) {
    const pod = daemonSetPod(ds, name);
    const failure = checkFit(pod, probe);
    if (failure === undefined || failure.kind === 'resources') out.push(pod);
  }
  return out;
}

/**
 * The AWS cloud template (`buildNodeFromTemplate`): capacity of the group's first instance type, used
 * unchanged as allocatable, 110 pods, the well-known labels (instance type, first zone, region, arch,
 * os) plus the group's labels and taints, a kube-proxy pod of 100m CPU and the DaemonSet pods.
 */
export function cloudTemplate(group: NodeGroupInfo, instanceType: InstanceType, daemonSets: readonly DaemonSet[]): NodeTemplate {
  const name = `template-node-for-${group.name}`;
  const zone = group.zones[0] ?? '';
  const capacity: Resources = {
    cpuMillis: instanceType.vcpu * 1000,
    memoryMiB: instanceType.memoryMiB,
    gpus: instanceType.gpu?.count ?? 0,
    pods: CaConstants.templatePods,
    ephemeralMiB: instanceType.capacity.ephemeralMiB,
    ...(instanceType.capacity.extended ? { extended: instanceType.capacity.extended } : {}),
  };
  const labels: Labels = {
    [LabelKeys.os]: 'linux',
    'beta.kubernetes.io/os': 'linux',
    [LabelKeys.arch]: instanceType.arch,
    'beta.kubernetes.io/arch': instanceType.arch,
    [LabelKeys.instanceType]: instanceType.name,
    'beta.kubernetes.io/instance-type': instanceType.name,
    ...(zone ? { [LabelKeys.zone]: zone, 'failure-domain.beta.kubernetes.io/zone': zone } : {}),
    ...(zone ? { [LabelKeys.region]: regionOf(zone), 'failure-domain.beta.kubernetes.io/region': regionOf(zone) } : {}),
    [LabelKeys.hostname]: name,
    ...group.labels,
  };
  const pods = [kubeProxyPod(group.name), ...daemonSetPodsFor(name, labels, group.taints, capacity, daemonSets)];
  return { groupName: group.name, source: 'cloud', instanceType: instanceType.name, labels, taints: group.taints, capacity, allocatable: capacity, pods };
}

/**
 * A template from a live node of the group (`TemplateNodeInfoFromExampleNodeInfo`): its capacity,
 * allocatable, labels (hostname replaced) and sanitized taints, with its DaemonSet and mirror pods.
 */
export function nodeTemplate(groupName: string, example: SnapshotNode): NodeTemplate {
  const name = `template-node-for-${groupName}`;
  const pods: SnapshotPod[] = [];
  for (const pod of example.pods.values()) {
    const kind = pod.owner?.kind;
    if (kind === 'DaemonSet' || kind === 'Node') pods.push({ ...pod, uid: `${name}/${pod.uid}` });
  }
  return {
    groupName,
    source: 'node',
    instanceType: example.labels[LabelKeys.instanceType],
    labels: { ...example.labels, [LabelKeys.hostname]: name },
    taints: example.taints.filter((t) => !SANITIZED_TAINTS.has(t.key)),
    capacity: example.capacity,
    allocatable: example.allocatable,
    pods,
  };
}

/**
 * A fresh node built from a template, holding the template's pods under new uids. Its hostname label is
 * its name, unless `shareLabels` (estimation without topology, where no one looks at hostnames).
 */
export function nodeFromTemplate(template: NodeTemplate, name: string, kind: SnapshotNodeKind, shareLabels = false): SnapshotNode {
  const node = new SnapshotNode(
    name,
    shareLabels ? template.labels : { ...template.labels, [LabelKeys.hostname]: name },
    template.taints,
    template.capacity,
    template.allocatable,
    false,
    kind,
    template.groupName,
  );
  for (const pod of template.pods) node.addPod({ ...pod, uid: `${name}/${pod.uid}` });
  return node;
}
