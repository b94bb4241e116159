import type { CapacityType, NodeClaim, NodeClaimStatus } from '../../../model/index.js';
import { NodeClaimResource } from '../constants.js';
import { fromQuantities, toQuantities } from './quantities.js';
import { requirementFromKube, requirementToKube, taintFromKube, taintToKube } from './scheduling-fields.js';
import { fromTimestamp, toMicroTime, toTimestamp, type TimeBase } from './time.js';
import type { KubeNodeSelectorRequirement, KubeObject, KubeTaint, QuantityMap } from './types.js';
import { stableUid } from './uid.js';

/** fleetsim's NodeClaim custom resource (see deploy/crds/nodeclaims.fleetsim.io.yaml). */
export interface KubeNodeClaim extends KubeObject {
  spec: {
    nodePool: string;
    nodeClass: string;
    requirements: KubeNodeSelectorRequirement[];
    instanceTypeOptions: string[];
    resources: { requests: QuantityMap };
    taints?: KubeTaint[];
    startupTaints?: KubeTaint[];
    templateHash: string;
  };
  status?: KubeNodeClaimStatus;
}

export interface KubeNodeClaimStatus {
  providerID?: string;
  instanceID?: string;
  instanceType?: string;
  zone?: string;
  capacityType?: string;
  pricePerHour?: number;
  allocatable?: QuantityMap;
  nodeName?: string;
  launchRequestedAt?: string;
  launchedAt?: string;
  registeredAt?: string;
  initializedAt?: string;
  deletionAt?: string;
  deletionReason?: string;
  drifted?: boolean;
  driftedAt?: string;
  lastPodEventAt?: string;
}

const TIME_FIELDS = ['launchRequestedAt', 'launchedAt', 'registeredAt', 'initializedAt', 'deletionAt', 'driftedAt', 'lastPodEventAt'] as const;
const PLAIN_FIELDS = ['providerID', 'instanceType', 'zone', 'nodeName', 'pricePerHour', 'deletionReason', 'drifted'] as const;

/**
 * Status fields as Kubernetes JSON. Keys present in `status` with an undefined value come out as null
 * (a merge patch removes them). Times are MicroTime strings (fleetsim's times can be fractional).
 */
export function nodeClaimStatusToKube(status: Partial<NodeClaimStatus>, base: TimeBase): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(status) as [keyof NodeClaimStatus, unknown][]) {
    const kubeKey = key === 'instanceId' ? 'instanceID' : key;
    if (value === undefined) out[kubeKey] = null;
    else if ((TIME_FIELDS as readonly string[]).includes(key)) out[kubeKey] = toMicroTime(value as number, base);
    else if (key === 'allocatable') out[kubeKey] = toQuantities(status.allocatable!, true);
    else out[kubeKey] = value;
  }
  return out;
}

export function nodeClaimStatusFromKube(status: KubeNodeClaimStatus | undefined, base: TimeBase): NodeClaimStatus {
  const out: NodeClaimStatus = {};
  if (!status) return out;
  const writable = out as Record<string, unknown>;
  for (const key of PLAIN_FIELDS) if (status[key] !== undefined && status[key] !== null) writable[key] = status[key];
  for (const key of TIME_FIELDS) {
    const at = fromTimestamp(status[key], base);
    if (at !== undefined) out[key] = at;
  }
  if (status.instanceID) out.instanceId = status.instanceID;
  if (status.capacityType === 'spot' || status.capacityType === 'on-demand') out.capacityType = status.capacityType as CapacityType;
  if (status.allocatable) out.allocatable = fromQuantities(status.allocatable);
  return out;
}

export function nodeClaimToKube(claim: NodeClaim, base: TimeBase): KubeNodeClaim {
  const spec: KubeNodeClaim['spec'] = {
    nodePool: claim.nodePoolName,
    nodeClass: claim.nodeClassName,
    requirements: claim.requirements.map((r) => requirementToKube(r, true)),
    instanceTypeOptions: [...claim.instanceTypeOptions],
    resources: { requests: toQuantities(claim.requests) },
    templateHash: claim.templateHash,
  };
  if (claim.taints.length > 0) spec.taints = claim.taints.map(taintToKube);
  if (claim.startupTaints.length > 0) spec.startupTaints = claim.startupTaints.map(taintToKube);
  const status = nodeClaimStatusToKube(claim.status, base);
  for (const k of Object.keys(status)) if (status[k] === null) delete status[k];
  return {
    apiVersion: NodeClaimResource.apiVersion,
    kind: NodeClaimResource.kind,
    metadata: {
      name: claim.name,
      uid: stableUid(`NodeClaim/${claim.name}/${claim.createdAt}`),
      creationTimestamp: toTimestamp(claim.createdAt, base),
      labels: { 'fleetsim.io/nodepool': claim.nodePoolName },
    },
    spec,
    status: status as KubeNodeClaimStatus,
  };
}

export function nodeClaimFromKube(claim: KubeNodeClaim, base: TimeBase): NodeClaim {
  const spec = claim.spec;
  return {
    name: claim.metadata.name ?? '',
    nodePoolName: spec.nodePool,
    nodeClassName: spec.nodeClass,
    createdAt: fromTimestamp(claim.metadata.creationTimestamp, base) ?? 0,
    requirements: (spec.requirements ?? []).map(requirementFromKube),
    instanceTypeOptions: [...(spec.instanceTypeOptions ?? [])],
    requests: fromQuantities(spec.resources?.requests),
    taints: (spec.taints ?? []).map(taintFromKube),
    startupTaints: (spec.startupTaints ?? []).map(taintFromKube),
    templateHash: spec.templateHash ?? '',
    status: nodeClaimStatusFromKube(claim.status, base),
  };
}
