import { ControllerLoop } from '../../sim/controller-loop.js';
import { CommandQueue } from './command-queue.js';
import { DisruptionController } from './controller.js';
import { DisruptionDecisions } from './decisions.js';
import { Drift } from './drift.js';
import { DriftDetector } from './drift-detector.js';
import { Emptiness } from './emptiness.js';
import { MultiNodeConsolidation } from './multi-node-consolidation.js';
import { PodEvents } from './pod-events.js';
import type { DisruptionDeps } from './ports.js';
import { SingleNodeConsolidation } from './single-node-consolidation.js';
import type { DisruptionMethod } from './types.js';

export * from './decisions.js';
export * from './options.js';
export type * from './ports.js';
export type { Candidate, CandidateBlock } from './candidates.js';
export type { Command, DisruptionMethod } from './types.js';
export { DISRUPTED_TAINT, CommandQueue } from './command-queue.js';
export { DisruptionController } from './controller.js';
export { DriftDetector, type DriftReason } from './drift-detector.js';
export { Emptiness } from './emptiness.js';
export { Drift } from './drift.js';
export { MultiNodeConsolidation } from './multi-node-consolidation.js';
export { SingleNodeConsolidation } from './single-node-consolidation.js';
export { PodEvents } from './pod-events.js';
export { CronSchedule, cronSchedule } from './cron.js';
export { evictionCost, rescheduleDisruptionCost, savingsRatio } from './disruption-cost.js';

/** Karpenter's methods in priority order: emptiness, drift, multi-node then single-node consolidation. */
export function defaultMethods(): DisruptionMethod[] {
  return [new Emptiness(), new Drift(), new MultiNodeConsolidation(), new SingleNodeConsolidation()];
}

/** The disruption subsystem, assembled: controller, orchestration queue, drift detection, pod-event clock. */
export interface Disruption {
  readonly controller: DisruptionController;
  readonly queue: CommandQueue;
  readonly driftDetector: DriftDetector;
  readonly podEvents: PodEvents;
  readonly decisions: DisruptionDecisions;
  start(): void;
  stop(): void;
  /** NodePools/NodeClasses changed: re-evaluate drift and disruption now. */
  configChanged(): void;
}

export function createDisruption(deps: DisruptionDeps, opts: { methods?: readonly DisruptionMethod[]; decisions?: DisruptionDecisions } = {}): Disruption {
  const decisions = opts.decisions ?? new DisruptionDecisions(deps.decisions, () => deps.clock.now());
  const podEvents = new PodEvents(deps.cluster, deps.clock, deps.options.podEventDedupeSeconds);
  const queue = new CommandQueue(deps, decisions);
  const controller = new DisruptionController(deps, opts.methods ?? defaultMethods(), queue, podEvents, decisions);
  const driftDetector = new DriftDetector(deps);
  const loop = new ControllerLoop(deps.clock, controller);
  const driftLoop = new ControllerLoop(deps.clock, driftDetector);
  return {
    controller,
    queue,
    driftDetector,
    podEvents,
    decisions,
    start() {
      driftLoop.start(0);
      loop.start(0);
    },
    stop() {
      loop.stop();
      driftLoop.stop();
      queue.stop();
      driftDetector.stop();
      podEvents.stop();
    },
    configChanged() {
      driftDetector.check();
      loop.trigger();
    },
  };
}
