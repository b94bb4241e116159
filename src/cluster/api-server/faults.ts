/** One request the server answered (for tests: count retries, check what a client sent). */
export interface RequestRecord {
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  readonly watch: boolean;
  readonly status: number;
}

export interface FailureRule {
  remaining: number;
  readonly code: number;
  readonly method?: string;
  readonly path?: RegExp;
}

interface OpenWatch {
  readonly resource: string;
  /** Destroy the connection mid-stream (the client sees a network error). */
  readonly drop: () => void;
}

const MAX_LOG = 10_000;

/**
 * Fault injection for tests of clients: drop open watch connections, answer the next watches with
 * 410 Gone, refuse the next evictions with 429, fail arbitrary requests. Also keeps a log of answered
 * requests. Every `reject…`/`fail…` call adds to what is pending; `reset()` clears everything.
 */
export class ApiFaults {
  readonly requests: RequestRecord[] = [];
  private evictionRejections = 0;
  private watchExpiries = 0;
  private readonly failures: FailureRule[] = [];
  private readonly watches = new Set<OpenWatch>();

  /** The next `count` evictions answer 429 TooManyRequests whatever the PDBs say. */
  rejectEvictions(count: number): void {
    this.evictionRejections += count;
  }

  /** The next `count` watch requests get an ERROR event with 410 Gone (Expired) and are closed. */
  expireNextWatches(count: number): void {
    this.watchExpiries += count;
  }

  /** The next `count` requests matching method and path fail with `code` (a Status body). */
  failRequests(count: number, code: number, match: { method?: string; path?: RegExp } = {}): void {
    this.failures.push({ remaining: count, code, method: match.method?.toUpperCase(), path: match.path });
  }

  /** Destroy every open watch connection (of one resource, e.g. "pods", if given); returns how many. */
  dropWatches(resource?: string): number {
    let n = 0;
    for (const w of [...this.watches]) {
      if (resource !== undefined && w.resource !== resource) continue;
      w.drop();
      this.watches.delete(w);
      n++;
    }
    return n;
  }

  /** Open watch connections (of one resource, if given). */
  openWatches(resource?: string): number {
    return [...this.watches].filter((w) => resource === undefined || w.resource === resource).length;
  }

  /** Requests answered so far, filtered. */
  count(match: { method?: string; path?: RegExp; status?: number; watch?: boolean }): number {
    return this.requests.filter(
      (r) =>
        (match.method === undefined || r.method === match.method.toUpperCase()) &&
        (match.path === undefined || match.path.test(r.path)) &&
        (match.status === undefined || r.status === match.status) &&
        (match.watch === undefined || r.watch === match.watch),
    ).length;
  }

  reset(): void {
    this.evictionRejections = 0;
    this.watchExpiries = 0;
    this.failures.length = 0;
    this.requests.length = 0;
  }

  // ---- used by the server ----

  /** @internal */
  takeEvictionRejection(): boolean {
    if (this.evictionRejections <= 0) return false;
    this.evictionRejections--;
    return true;
  }

  /** @internal */
  takeWatchExpiry(): boolean {
    if (this.watchExpiries <= 0) return false;
    this.watchExpiries--;
    return true;
  }

  /** @internal The failure code for this request, if a rule matches (consumes one). */
  takeFailure(method: string, path: string): number | undefined {
    const rule = this.failures.find((f) => f.remaining > 0 && (f.method === undefined || f.method === method) && (f.path === undefined || f.path.test(path)));
    if (!rule) return undefined;
    rule.remaining--;
    if (rule.remaining === 0) this.failures.splice(this.failures.indexOf(rule), 1);
    return rule.code;
  }

  /** @internal */
  registerWatch(resource: string, drop: () => void): () => void {
    const w: OpenWatch = { resource, drop };
    this.watches.add(w);
    return () => this.watches.delete(w);
  }

  /** @internal */
  record(r: RequestRecord): void {
    this.requests.push(r);
    if (this.requests.length > MAX_LOG) this.requests.splice(0, this.requests.length - MAX_LOG);
  }
}
