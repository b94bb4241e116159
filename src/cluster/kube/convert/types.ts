/**
 * The Kubernetes JSON shapes fleetsim reads and writes, as far as it needs them. Timestamps are RFC 3339
 * strings on the wire; client-node's typed list calls turn them into `Date`s, so readers accept both.
 * Quantities are strings (or numbers, which the API also accepts).
 */
export type Timestamp = string | Date;
export type QuantityMap = Record<string, string | number>;

export interface KubeOwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid?: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface KubeObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: Timestamp;
  deletionTimestamp?: Timestamp;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: KubeOwnerReference[];
  finalizers?: string[];
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: KubeObjectMeta;
}

export interface KubeLabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export interface KubeNodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
  minValues?: number;
}

export interface KubeNodeSelectorTerm {
  matchExpressions?: KubeNodeSelectorRequirement[];
  matchFields?: KubeNodeSelectorRequirement[];
}

export interface KubePodAffinityTerm {
  labelSelector?: KubeLabelSelector;
  namespaces?: string[];
  topologyKey: string;
}

export interface KubeAffinity {
  nodeAffinity?: {
    requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms: KubeNodeSelectorTerm[] };
    preferredDuringSchedulingIgnoredDuringExecution?: { weight: number; preference: KubeNodeSelectorTerm }[];
  };
  podAffinity?: KubePodAffinity;
  podAntiAffinity?: KubePodAffinity;
}

export interface KubePodAffinity {
  requiredDuringSchedulingIgnoredDuringExecution?: KubePodAffinityTerm[];
  preferredDuringSchedulingIgnoredDuringExecution?: { weight: number; podAffinityTerm: KubePodAffinityTerm }[];
}

export interface KubeToleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

export interface KubeTaint {
  key: string;
  value?: string;
  effect: string;
  timeAdded?: Timestamp;
}

export interface KubeTopologySpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: string;
  labelSelector?: KubeLabelSelector;
  minDomains?: number;
  nodeAffinityPolicy?: string;
  nodeTaintsPolicy?: string;
}

export interface KubeContainer {
  name: string;
  image?: string;
  resources?: { requests?: QuantityMap; limits?: QuantityMap };
  ports?: { containerPort: number; hostPort?: number; protocol?: string }[];
}

export interface KubeVolume {
  name: string;
  emptyDir?: { medium?: string; sizeLimit?: string };
  hostPath?: { path: string };
  [source: string]: unknown;
}

export interface KubePodSpec {
  containers: KubeContainer[];
  initContainers?: KubeContainer[];
  overhead?: QuantityMap;
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  affinity?: KubeAffinity;
  tolerations?: KubeToleration[];
  topologySpreadConstraints?: KubeTopologySpreadConstraint[];
  priority?: number;
  priorityClassName?: string;
  terminationGracePeriodSeconds?: number;
  volumes?: KubeVolume[];
  restartPolicy?: string;
  schedulerName?: string;
}

export interface KubeCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: Timestamp;
  lastHeartbeatTime?: Timestamp;
}

export interface KubePodStatus {
  phase?: string;
  conditions?: KubeCondition[];
  startTime?: Timestamp;
  nominatedNodeName?: string;
  qosClass?: string;
}

export interface KubePod extends KubeObject {
  spec: KubePodSpec;
  status?: KubePodStatus;
}

export interface KubePodTemplate {
  metadata?: KubeObjectMeta;
  spec: KubePodSpec;
}

export interface KubeNode extends KubeObject {
  spec?: { providerID?: string; unschedulable?: boolean; taints?: KubeTaint[] };
  status?: {
    capacity?: QuantityMap;
    allocatable?: QuantityMap;
    conditions?: KubeCondition[];
    nodeInfo?: Record<string, string>;
    addresses?: { type: string; address: string }[];
  };
}

export interface KubePdb extends KubeObject {
  spec: { selector?: KubeLabelSelector; minAvailable?: number | string; maxUnavailable?: number | string };
  status?: { currentHealthy: number; desiredHealthy: number; disruptionsAllowed: number; expectedPods: number; observedGeneration?: number };
}

export interface KubeDaemonSet extends KubeObject {
  spec: { selector?: KubeLabelSelector; template: KubePodTemplate };
  status?: Record<string, number>;
}

export interface KubeDeployment extends KubeObject {
  spec: { replicas?: number; selector?: KubeLabelSelector; template: KubePodTemplate };
  status?: Record<string, number>;
}

export interface KubePriorityClass extends KubeObject {
  value: number;
  globalDefault?: boolean;
  description?: string;
}

export interface KubeStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  code: number;
  details?: { name?: string; group?: string; kind?: string; causes?: { reason?: string; message?: string; field?: string }[]; retryAfterSeconds?: number };
}

export interface KubeList<T extends KubeObject = KubeObject> {
  apiVersion: string;
  kind: string;
  metadata: { resourceVersion?: string; continue?: string };
  items: T[];
}
