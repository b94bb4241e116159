export * from './clock.js';
export * from './event-queue.js';
export * from './sim-clock.js';
export * from './random.js';
export * from './controller-loop.js';
