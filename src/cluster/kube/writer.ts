/** A failed write, as reported to KubeCluster's `onError`. */
export interface WriteFailure {
  /** What was attempted: "evict", "delete-pod", "nominate", "label", "taint", "cordon", "delete-node", "create-nodeclaim", ... */
  readonly op: string;
  /** The object: "pod/<namespace>/<name>", "node/<name>", "nodeclaim/<name>". */
  readonly key: string;
  readonly error: unknown;
}

/** The HTTP status of a client-node error (ApiException.code, or statusCode on watch errors). */
export function httpStatus(e: unknown): number | undefined {
  if (e === null || typeof e !== 'object') return undefined;
  const o = e as { code?: unknown; statusCode?: unknown };
  if (typeof o.code === 'number') return o.code;
  if (typeof o.statusCode === 'number') return o.statusCode;
  return undefined;
}

/**
 * Runs the adapter's write requests: in order per object (a later write to the same object waits for
 * the earlier one, so a status update never overtakes the create), concurrently across objects. A
 * failed write is reported and then `onFailure` runs (the adapter re-reads the object, undoing its
 * optimistic change).
 */
export class WriteQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private inFlight = 0;
  private waiters: (() => void)[] = [];

  constructor(private readonly report: (failure: WriteFailure) => void) {}

  /** Is a write to this object queued or running? */
  busy(key: string): boolean {
    return this.tails.has(key);
  }

  get size(): number {
    return this.inFlight;
  }

  enqueue(key: string, op: string, task: () => Promise<void>, onFailure?: () => Promise<void>): void {
    this.inFlight++;
    const previous = this.tails.get(key) ?? Promise.resolve();
    const run = async (): Promise<void> => {
      try {
        await task();
      } catch (error) {
        this.report({ op, key, error });
        try {
          await onFailure?.();
        } catch (again) {
          this.report({ op: `${op}/resync`, key, error: again });
        }
      }
    };
    const next = previous.then(run);
    this.tails.set(key, next);
    void next.finally(() => {
      if (this.tails.get(key) === next) this.tails.delete(key);
      this.inFlight--;
      if (this.inFlight === 0) {
        const ws = this.waiters;
        this.waiters = [];
        for (const w of ws) w();
      }
    });
  }

  /** Resolves when no write is queued or running. */
  idle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}
