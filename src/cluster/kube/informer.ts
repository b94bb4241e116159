import { ListWatch, Watch, type KubeConfig, type KubernetesListObject, type KubernetesObject } from './client.js';
import { Backoff, type BackoffOptions } from './backoff.js';
import { sleep, type Clock, type TimerHandle } from './clock.js';

export interface InformerHandlers<T> {
  /** An object was added or changed on the server. */
  upsert(object: T): void;
  /** An object was deleted on the server (or is missing from a new list). */
  remove(object: T): void;
  /** A full list arrived (first sync, a re-list after 410 Gone, or a resync): the complete current set. */
  listed(objects: readonly T[]): void;
}

export interface InformerOptions {
  readonly backoff: BackoffOptions;
  /** Start over with a fresh list this often (0: never). Repairs a cache that drifted. */
  readonly resyncSeconds: number;
  readonly onError: (error: unknown) => void;
}

/**
 * One resource's list+watch, on client-node's ListWatch: it lists, then watches from the list's
 * resourceVersion; a watch that ends cleanly is resumed from the last resourceVersion seen; a 410 Gone
 * (expired resourceVersion) makes it list again, and objects missing from the new list are reported as
 * removed, so nothing is lost or duplicated. A watch or list that fails (network error, 5xx) is
 * reported through `onError` and restarted after an exponential backoff on the clock.
 */
export class ResourceInformer<T extends KubernetesObject> {
  private lw: ListWatch<T> | undefined;
  private readonly backoff: Backoff;
  private stopped = true;
  private restartTimer: TimerHandle | undefined;
  private resyncTimer: TimerHandle | undefined;
  private firstSync: Promise<void> | undefined;
  private resolveFirstSync: (() => void) | undefined;
  private hasSynced = false;
  /** Lists completed (the first sync, re-lists and resyncs). */
  lists = 0;
  /** Restarts after errors. */
  restarts = 0;

  constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly clock: Clock,
    readonly path: string,
    private readonly list: () => Promise<KubernetesListObject<T>>,
    private readonly handlers: InformerHandlers<T>,
    private readonly options: InformerOptions,
  ) {
    this.backoff = new Backoff(options.backoff);
  }

  get synced(): boolean {
    return this.hasSynced;
  }

  /** Start; resolves once the first list has been delivered. */
  start(): Promise<void> {
    if (!this.stopped) return this.firstSync!;
    this.stopped = false;
    this.firstSync ??= new Promise<void>((resolve) => (this.resolveFirstSync = resolve));
    this.lw = this.makeListWatch();
    void this.lw.start();
    this.scheduleResync();
    return this.firstSync;
  }

  stop(): void {
    this.stopped = true;
    if (this.restartTimer) this.clock.cancel(this.restartTimer);
    if (this.resyncTimer) this.clock.cancel(this.resyncTimer);
    this.restartTimer = this.resyncTimer = undefined;
    void this.lw?.stop();
    this.lw = undefined;
  }

  /** Drop the watch and start over with a full list now. */
  resync(): void {
    if (this.stopped) return;
    void this.lw?.stop();
    this.lw = this.makeListWatch();
    void this.lw.start();
  }

  private makeListWatch(): ListWatch<T> {
    const listAndReport = async (): Promise<KubernetesListObject<T>> => {
      const result = await this.list();
      if (lw !== this.lw) return result;
      this.lists++;
      this.backoff.reset();
      this.handlers.listed(result.items);
      if (!this.hasSynced) {
        this.hasSynced = true;
        this.resolveFirstSync?.();
      }
      return result;
    };
    const current = (): boolean => lw === this.lw && !this.stopped;
    // ListWatch does not look at `stopped` again after its reconnect delay: a replaced or stopped one
    // would open a watch nobody reads, so its delay never ends.
    const delayFn = async (ms: number): Promise<void> => {
      await sleep(this.clock, ms / 1000);
      if (!current()) await new Promise<never>(() => {});
    };
    const lw: ListWatch<T> = new ListWatch<T>(this.path, new Watch(this.kubeConfig), listAndReport, false, undefined, undefined, { delayFn });
    lw.on('add', (o) => current() && this.handlers.upsert(o));
    lw.on('update', (o) => current() && this.handlers.upsert(o));
    lw.on('delete', (o) => current() && this.handlers.remove(o));
    lw.on('error', (err) => {
      if (!current()) return;
      this.options.onError(err);
      const delay = this.backoff.next();
      this.restartTimer = this.clock.schedule(delay, () => {
        this.restartTimer = undefined;
        if (!current()) return;
        this.restarts++;
        void lw.start();
      });
    });
    return lw;
  }

  private scheduleResync(): void {
    if (this.options.resyncSeconds <= 0) return;
    this.resyncTimer = this.clock.schedule(this.options.resyncSeconds, () => {
      this.resync();
      this.scheduleResync();
    });
  }
}
