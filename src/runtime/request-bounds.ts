import type { InstanceType, Resources } from '../model/index.js';

/**
 * Sanity bounds on what one pod may request: a pod (or DaemonSet pod) asking for more CPU, memory or
 * GPUs than the largest instance type of the scenario's catalog has can never run on any node, under
 * any policy, so the scenario is rejected with an error naming that type. The bound is the type's
 * capacity, not its allocatable: allocatable depends on kubelet reservations (an EC2NodeClass may
 * change them), and nothing can ever exceed capacity, so the check has no false positives. The catalog
 * is the scenario's own (after its families/sizes filters, or the user's catalog file); when it failed
 * to load, there is no bound (that error is reported on its own).
 */
export interface RequestBounds {
  readonly cpu?: Largest;
  readonly memory?: Largest;
  readonly gpus?: Largest;
}

interface Largest {
  readonly type: string;
  readonly amount: number;
}

/** A resource a pod spec names: its Kubernetes name (the key under `requests`) and its field. */
export type BoundedResource = 'cpu' | 'memory' | 'gpus';

function largest(catalog: readonly InstanceType[], of: (r: Resources) => number): Largest | undefined {
  let best: Largest | undefined;
  for (const it of catalog) {
    const amount = of(it.capacity);
    if (!best || amount > best.amount) best = { type: it.name, amount };
  }
  return best;
}

export function requestBounds(catalog: readonly InstanceType[]): RequestBounds {
  if (catalog.length === 0) return {};
  return {
    cpu: largest(catalog, (r) => r.cpuMillis),
    memory: largest(catalog, (r) => r.memoryMiB),
    gpus: largest(catalog, (r) => r.gpus),
  };
}

const round = (n: number): string => String(Math.round(n * 100) / 100);

function describe(resource: BoundedResource, amount: number): string {
  if (resource === 'cpu') return `${round(amount / 1000)} vCPU`;
  if (resource === 'memory') return amount >= 1024 * 1024 ? `${round(amount / (1024 * 1024))} TiB` : `${round(amount / 1024)} GiB`;
  return `${amount} GPU${amount === 1 ? '' : 's'}`;
}

const FIELD: Readonly<Record<BoundedResource, (r: Partial<Resources>) => number | undefined>> = {
  cpu: (r) => r.cpuMillis,
  memory: (r) => r.memoryMiB,
  gpus: (r) => r.gpus,
};

/**
 * Each resource of `requests` that no instance type of the catalog can hold, with a message; `given`
 * limits the check to the resources the input names (a generator's override of some requests).
 */
export function requestsBeyondBounds(
  requests: Partial<Resources>,
  bounds: RequestBounds,
  given: readonly BoundedResource[] = ['cpu', 'memory', 'gpus'],
): { resource: BoundedResource; message: string }[] {
  const out: { resource: BoundedResource; message: string }[] = [];
  for (const resource of given) {
    const amount = FIELD[resource](requests);
    const max = bounds[resource];
    if (amount === undefined || !max || amount <= max.amount) continue;
    const what = describe(resource, amount);
    out.push({
      resource,
      message:
        max.amount === 0
          ? `requests ${what}, but no instance type in the scenario's catalog has any: no node could ever run this pod`
          : `requests ${what}, more than the largest instance type in the scenario's catalog has (${max.type}: ${describe(resource, max.amount)}): no node could ever run this pod`,
    });
  }
  return out;
}

/** The key under a Kubernetes `requests` mapping that sets a resource (GPUs: nvidia.com/gpu or amd.com/gpu). */
export function requestKeys(requests: Readonly<Record<string, unknown>> | undefined): Map<BoundedResource, string> {
  const out = new Map<BoundedResource, string>();
  for (const key of Object.keys(requests ?? {})) {
    if (key === 'cpu' || key === 'memory') out.set(key, key);
    else if (key === 'nvidia.com/gpu' || key === 'amd.com/gpu') out.set('gpus', key);
  }
  return out;
}
