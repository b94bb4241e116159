import type { NodePool, Resources } from '../../../model/index.js';
import type { LimitUsageNode } from './types.js';

type LimitKey = 'cpuMillis' | 'memoryMiB' | 'gpus' | 'pods' | 'ephemeralMiB';
const KEYS: readonly LimitKey[] = ['cpuMillis', 'memoryMiB', 'gpus', 'pods', 'ephemeralMiB'];
const NAMES: Readonly<Record<LimitKey | 'nodes', string>> = {
  cpuMillis: 'cpu',
  memoryMiB: 'memory',
  gpus: 'nvidia.com/gpu',
  pods: 'pods',
  ephemeralMiB: 'ephemeral-storage',
  nodes: 'nodes',
};

interface Remaining {
  resources: Partial<Record<LimitKey, number>>;
  nodes?: number;
  /** Bumped on every subtraction (callers cache per version). */
  version: number;
}

/**
 * What each NodePool may still add under its `limits`: the limits minus the capacity of its existing
 * nodes (and in-flight NodeClaims), each counting one node. New NodeClaims subtract, pessimistically, the
 * largest capacity among their instance-type options.
 */
export class RemainingLimits {
  private readonly byPool = new Map<string, Remaining>();

  /** A copy to subtract from (the same remaining limits and versions). */
  clone(): RemainingLimits {
    const c = new RemainingLimits([], []);
    for (const [pool, r] of this.byPool) c.byPool.set(pool, { resources: { ...r.resources }, ...(r.nodes !== undefined ? { nodes: r.nodes } : {}), version: r.version });
    return c;
  }

  constructor(nodePools: readonly NodePool[], stateNodes: readonly LimitUsageNode[]) {
    for (const np of nodePools) {
      const r: Remaining = { resources: {}, version: 0 };
      for (const k of KEYS) {
        const v = np.limits[k];
        if (v !== undefined) r.resources[k] = v;
      }
      if (np.limits.nodes !== undefined) r.nodes = np.limits.nodes;
      this.byPool.set(np.name, r);
    }
    for (const n of stateNodes) {
      const r = n.nodePoolName !== undefined ? this.byPool.get(n.nodePoolName) : undefined;
      if (r) this.subtractFrom(r, n.capacity);
    }
  }

  /** Does the pool have any limit? */
  limited(pool: string): boolean {
    const r = this.byPool.get(pool);
    return r !== undefined && (r.nodes !== undefined || Object.keys(r.resources).length > 0);
  }

  /** Changes whenever the pool's remaining limits do. */
  version(pool: string): number {
    return this.byPool.get(pool)?.version ?? 0;
  }

  /** The pool's remaining limits as a string: equal keys admit the same instance types. */
  key(pool: string): string {
    const r = this.byPool.get(pool);
    if (!r) return '';
    return `${KEYS.map((k) => r.resources[k] ?? '').join('|')}|${r.nodes !== undefined && r.nodes < 1 ? 'full' : ''}`;
  }

  /** Could one more node with this capacity join the pool? */
  allows(pool: string, capacity: Resources): boolean {
    const r = this.byPool.get(pool);
    if (!r) return true;
    if (r.nodes !== undefined && r.nodes < 1) return false;
    for (const k of KEYS) {
      const left = r.resources[k];
      if (left !== undefined && capacity[k] > left) return false;
    }
    return true;
  }

  /** "cpu (16000 left ...)"-style description of what is exhausted for a node of this capacity. */
  describe(pool: string, capacity?: Resources): string {
    const r = this.byPool.get(pool);
    if (!r) return 'no limits';
    if (r.nodes !== undefined && r.nodes < 1) return 'nodes limit reached';
    const parts: string[] = [];
    for (const k of KEYS) {
      const left = r.resources[k];
      if (left !== undefined && (capacity === undefined || capacity[k] > left)) parts.push(`${NAMES[k]} (${Math.max(0, left)} left)`);
    }
    return parts.join(', ') || 'limits';
  }

  subtract(pool: string, capacity: Resources): void {
    const r = this.byPool.get(pool);
    if (r) this.subtractFrom(r, capacity);
  }

  private subtractFrom(r: Remaining, capacity: Resources): void {
    for (const k of KEYS) {
      const left = r.resources[k];
      if (left !== undefined) r.resources[k] = left - capacity[k];
    }
    if (r.nodes !== undefined) r.nodes -= 1;
    r.version++;
  }
}
