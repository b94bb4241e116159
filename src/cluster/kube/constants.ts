/** Names fleetsim uses on Kubernetes objects (annotations, its own CRD group). */
export const FleetsimAnnotations = {
  /** The node an in-flight pod is expected to land on (the port's `nominatePod`). */
  nominatedNode: 'fleetsim.io/nominated-node',
  /** A simulated pod's run time once Running (the model's `durationSeconds`). */
  durationSeconds: 'fleetsim.io/duration-seconds',
} as const;

/**
 * fleetsim's own NodeClaim CRD: `nodeclaims.fleetsim.io`, version v1alpha1, cluster-scoped. Not Karpenter's
 * `karpenter.sh/v1` NodeClaim: a live fleetsim may run beside a real Karpenter (shadowing it, or in a
 * cluster where Karpenter manages other NodePools), and writing `karpenter.sh` NodeClaims would make
 * Karpenter launch, adopt or garbage-collect them; fleetsim's claims also carry simulation fields
 * (pricePerHour, planned requests) that Karpenter's schema would refuse.
 */
export const NodeClaimResource = {
  group: 'fleetsim.io',
  version: 'v1alpha1',
  plural: 'nodeclaims',
  kind: 'NodeClaim',
  apiVersion: 'fleetsim.io/v1alpha1',
} as const;

/** The kubelet version fleetsim reports for nodes it serves (kubectl's VERSION column). */
export const SERVED_KUBELET_VERSION = 'v1.30.0-fleetsim';
