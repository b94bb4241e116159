import type { CloudEvent, Instance } from '../cloud-provider.js';
import type { TerminationReason } from './instances.js';

/**
 * What happens to instances, for the runtime that wires the simulation: it turns 'registered' and 'ready'
 * into Node objects of the simulated cluster (the mock knows nothing of Kubernetes).
 */
export type InstanceEventKind = 'launched' | 'running' | 'registered' | 'ready' | 'terminated';

export interface InstanceEvent {
  readonly kind: InstanceEventKind;
  readonly instance: Instance;
  readonly at: number;
  /** For 'terminated': who ended it. */
  readonly reason?: TerminationReason;
}

/** A tiny synchronous emitter; listeners added during an emit run from the next emit on. */
export class Emitter<E> {
  private listeners: ((e: E) => void)[] = [];

  get size(): number {
    return this.listeners.length;
  }

  on(listener: (e: E) => void): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  emit(e: E): void {
    for (const l of this.listeners) l(e);
  }
}

export type CloudEventEmitter = Emitter<CloudEvent>;
export type InstanceEventEmitter = Emitter<InstanceEvent>;
