/** Tag keys the AWS adapter writes on every instance and volume it launches, and checks before it terminates. */
export const CLUSTER_TAG = 'fleetsim.io/cluster';
export const NODEPOOL_TAG = 'karpenter.sh/nodepool';
export const NODECLAIM_TAG = 'karpenter.sh/nodeclaim';
export const NODECLASS_TAG = 'karpenter.k8s.aws/ec2nodeclass';

/** Keys a caller may not set or change: they decide which cluster owns an instance. */
export const OWNERSHIP_KEYS: ReadonlySet<string> = new Set([CLUSTER_TAG]);

export type Tags = Readonly<Record<string, string>>;

/** SDK tag list → record (later keys win; a missing value is ""). */
export function tagsFromList(list: readonly { Key?: string | undefined; Value?: string | undefined }[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of list ?? []) if (t.Key !== undefined) out[t.Key] = t.Value ?? '';
  return out;
}

/** Record → SDK tag list, in key order of the record. */
export function tagsToList(tags: Tags): { Key: string; Value: string }[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

/** True when the instance's tags say it belongs to this cluster. */
export function isOwnedBy(tags: Tags, clusterName: string): boolean {
  return tags[CLUSTER_TAG] === clusterName;
}
