import type { Pod, PodSpec, PriorityClass } from '../../model/index.js';

/** `namespace/name`: the pod's uid in the simulation (client-go's cache key for the object). */
export function podUid(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

/**
 * Builds Pod objects from specs with deterministic names: `<base>-<n>` with a counter per namespace and
 * base (the owner's name, or "pod" for bare pods), skipping names in use; n starts at 1 and is never
 * reused. A spec naming a known PriorityClass gets that class's value as its priority (admission).
 */
export class PodFactory {
  private readonly counters = new Map<string, number>();

  constructor(
    private readonly exists: (uid: string) => boolean,
    private readonly priorityClasses: () => readonly PriorityClass[],
  ) {}

  nextName(namespace: string, base: string): string {
    const key = `${namespace}/${base}`;
    let n = this.counters.get(key) ?? 0;
    let name: string;
    do {
      n++;
      name = `${base}-${n}`;
    } while (this.exists(podUid(namespace, name)));
    this.counters.set(key, n);
    return name;
  }

  create(spec: PodSpec, now: number, name?: string): Pod {
    const podName = name ?? this.nextName(spec.namespace, spec.owner?.name ?? 'pod');
    const uid = podUid(spec.namespace, podName);
    if (this.exists(uid)) throw new Error(`pod ${uid} already exists`);
    const pc = spec.priorityClassName === undefined ? undefined : this.priorityClasses().find((c) => c.name === spec.priorityClassName);
    return {
      ...spec,
      priority: pc ? pc.value : spec.priority,
      uid,
      name: podName,
      createdAt: now,
      status: { phase: 'Pending', unschedulable: false },
    };
  }
}
