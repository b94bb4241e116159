export * from './types.js';
export * from './time.js';
export * from './quantities.js';
export * from './scheduling-fields.js';
export * from './pod.js';
export * from './node.js';
export * from './objects.js';
export * from './nodeclaim.js';
export { stableUid } from './uid.js';
