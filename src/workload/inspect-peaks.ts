import type { PodSpec } from '../model/index.js';

interface Load {
  cpu: number;
  mem: number;
  gpus: number;
  pods: number;
}

interface Ending {
  readonly at: number;
  readonly key: string;
}

/**
 * Sweep-line of requested resources alive at once, for trace inspection: pods until deleted or their
 * run time ends, Deployments at their replicas, Jobs as waves of parallel pods. Ends at a time are
 * applied before arrivals at the same time.
 */
export class Peaks {
  private readonly alive = new Map<string, Load & { endAt?: number }>();
  private readonly ends: Ending[] = [];
  private readonly deployments = new Map<string, Load>();
  private readonly total: Load = { cpu: 0, mem: 0, gpus: 0, pods: 0 };
  private readonly peak = { cpuMillis: 0, cpuAt: 0, memoryMiB: 0, memoryAt: 0, gpus: 0, gpusAt: 0, pods: 0, podsAt: 0 };

  private add(l: Load, sign: 1 | -1, at: number): void {
    this.total.cpu += sign * l.cpu;
    this.total.mem += sign * l.mem;
    this.total.gpus += sign * l.gpus;
    this.total.pods += sign * l.pods;
    if (sign < 0) return;
    const p = this.peak;
    if (this.total.cpu > p.cpuMillis) [p.cpuMillis, p.cpuAt] = [this.total.cpu, at];
    if (this.total.mem > p.memoryMiB) [p.memoryMiB, p.memoryAt] = [this.total.mem, at];
    if (this.total.gpus > p.gpus) [p.gpus, p.gpusAt] = [this.total.gpus, at];
    if (this.total.pods > p.pods) [p.pods, p.podsAt] = [this.total.pods, at];
  }

  private now = 0;

  /** Apply every end at or before `t`. */
  advance(t: number): void {
    this.now = t;
    while (this.ends.length > 0 && this.ends[0]!.at <= t) {
      const e = this.popEnd();
      const l = this.alive.get(e.key);
      if (l && l.endAt === e.at) {
        this.alive.delete(e.key);
        this.add(l, -1, e.at);
      }
    }
  }

  private load(spec: PodSpec, n: number): Load {
    return { cpu: spec.requests.cpuMillis * n, mem: spec.requests.memoryMiB * n, gpus: spec.requests.gpus * n, pods: n };
  }

  private start(key: string, l: Load, endAt: number | undefined): void {
    const old = this.alive.get(key);
    if (old) {
      this.alive.delete(key);
      this.add(old, -1, this.now);
    }
    this.alive.set(key, endAt === undefined ? l : { ...l, endAt });
    this.add(l, 1, this.now);
    if (endAt !== undefined) this.pushEnd({ at: endAt, key });
  }

  addPod(id: string, at: number, spec: PodSpec): void {
    this.start(`pod:${id}`, this.load(spec, 1), spec.durationSeconds !== undefined ? at + spec.durationSeconds : undefined);
  }

  deletePod(id: string): void {
    const l = this.alive.get(`pod:${id}`);
    if (!l) return;
    this.alive.delete(`pod:${id}`);
    this.add(l, -1, this.now);
  }

  scale(key: string, replicas: number, spec: PodSpec): void {
    const old = this.deployments.get(key);
    if (old) this.add(old, -1, this.now);
    const l = this.load(spec, replicas);
    this.deployments.set(key, l);
    this.add(l, 1, this.now);
  }

  addJob(key: string, at: number, spec: PodSpec, completions: number, parallelism: number): void {
    const width = Math.min(completions, parallelism);
    const waves = Math.ceil(completions / Math.max(1, parallelism));
    this.start(`job:${key}`, this.load(spec, width), spec.durationSeconds !== undefined ? at + waves * spec.durationSeconds : undefined);
  }

  result(): { cpuMillis: number; cpuAt: number; memoryMiB: number; memoryAt: number; gpus: number; gpusAt: number; pods: number; podsAt: number } {
    return { ...this.peak };
  }

  private pushEnd(e: Ending): void {
    const a = this.ends;
    a.push(e);
    for (let i = a.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (a[p]!.at <= a[i]!.at) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }

  private popEnd(): Ending {
    const a = this.ends;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        let m = i;
        if (l < a.length && a[l]!.at < a[m]!.at) m = l;
        if (l + 1 < a.length && a[l + 1]!.at < a[m]!.at) m = l + 1;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}
