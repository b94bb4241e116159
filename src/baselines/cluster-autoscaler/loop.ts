import type { Cluster, ClusterEvent } from '../../cluster/cluster.js';
import type { ClusterAutoscalerOptions } from '../../model/index.js';
import type { Clock, TimerHandle } from '../../sim/clock.js';
import { Priority } from '../../sim/clock.js';
import { CaConstants } from './constants.js';
import type { LoopResult } from './static-autoscaler.js';

/**
 * The main loop (`main.go`, `loop/trigger.go`). Each iteration reads the world at its start and applies
 * its actions once its decision time (base + per-node × nodes) has passed. Without frequent loops the
 * next iteration starts a scan interval after the previous one ended. With frequent loops it starts at
 * once after a productive iteration (a scale-up or a deletion started), else at the scan interval or on
 * a fresh Unschedulable pod (transition under 10 s old), whichever comes first; a pod event seen while
 * an iteration runs makes the next one start at once.
 */
export class ScanLoop {
  private timer: TimerHandle | undefined;
  private running = false;
  private stopped = true;
  private podEventPending = false;
  private unwatch: (() => void) | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly cluster: Cluster,
    private readonly options: ClusterAutoscalerOptions,
    private readonly runOnce: (now: number) => LoopResult,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    if (this.options.frequentLoopsEnabled) this.unwatch = this.cluster.watch((e) => this.onEvent(e));
    this.wait(this.options.frequentLoopsEnabled ? 0 : this.options.scanIntervalSeconds);
  }

  stop(): void {
    this.stopped = true;
    this.unwatch?.();
    this.unwatch = undefined;
    if (this.timer) this.clock.cancel(this.timer);
    this.timer = undefined;
  }

  private wait(delaySeconds: number): void {
    if (this.stopped) return;
    if (this.timer) this.clock.cancel(this.timer);
    this.timer = this.clock.schedule(delaySeconds, () => this.iterate(), Priority.controller);
  }

  private onEvent(e: ClusterEvent): void {
    if (this.stopped || (e.kind !== 'pod-added' && e.kind !== 'pod-updated')) return;
    const s = e.pod.status;
    if (!s.unschedulable || s.nodeName !== undefined || s.phase !== 'Pending') return;
    if (s.unschedulableSince === undefined || this.clock.now() - s.unschedulableSince >= CaConstants.maxPodChangeAgeSeconds) return;
    if (this.running) {
      this.podEventPending = true;
      return;
    }
    if (this.timer && this.timer.at <= this.clock.now()) return;
    this.wait(0);
  }

  private iterate(): void {
    this.timer = undefined;
    if (this.stopped) return;
    this.running = true;
    this.podEventPending = false;
    const result = this.runOnce(this.clock.now());
    const duration = this.options.loopDurationBaseSeconds + this.options.loopDurationPerNodeSeconds * result.nodeCount;
    const finish = (): void => {
      this.running = false;
      if (this.stopped) return;
      for (const action of result.actions) action();
      const productive = result.scaledUp || result.deletionStarted;
      if (this.options.frequentLoopsEnabled && (productive || this.podEventPending)) this.wait(0);
      else this.wait(this.options.scanIntervalSeconds);
    };
    if (duration > 0) this.timer = this.clock.schedule(duration, finish, Priority.controller);
    else finish();
  }
}
