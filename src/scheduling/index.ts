export * from './requirements.js';
export * from './taints.js';
export * from './node-affinity.js';
export * from './fit.js';
export * from './topology.js';
export * from './score.js';
export * from './pdb.js';
