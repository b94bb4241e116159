export * from './requirements.js';
export * from './fit.js';
export * from './topology.js';
