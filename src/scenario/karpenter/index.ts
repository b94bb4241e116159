/** Karpenter manifests (v1, and older APIs converted with warnings) → fleetsim's NodePool / NodeClass model. */
export { loadKarpenterManifestsFromPath, parseKarpenterManifests, parseKarpenterObjects } from './manifests.js';
export type { KarpenterConfig, KarpenterObjectsOptions, ResolveOptions } from './manifests.js';
export { defaultNodeClass } from './nodeclass.js';
export { NODEPOOL_DEFAULTS } from './nodepool-v1.js';
export { templateHash } from './template-hash.js';
export { formatKarpenterDuration, parseGoDuration, parseKarpenterDuration } from './duration.js';
export type { Locate, Path } from './reader.js';
