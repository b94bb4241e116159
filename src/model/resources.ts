/**
 * Resource quantities as integers with the unit in the name. `pods` counts pod slots.
 * Extended resources other than GPUs (e.g. `vpc.amazonaws.com/efa`) live in `extended`.
 */
export interface Resources {
  readonly cpuMillis: number;
  readonly memoryMiB: number;
  readonly gpus: number;
  readonly pods: number;
  readonly ephemeralMiB: number;
  readonly extended?: Readonly<Record<string, number>>;
}

export const ZERO: Resources = Object.freeze({ cpuMillis: 0, memoryMiB: 0, gpus: 0, pods: 0, ephemeralMiB: 0 });

export function resources(partial: Partial<Resources> = {}): Resources {
  return {
    cpuMillis: partial.cpuMillis ?? 0,
    memoryMiB: partial.memoryMiB ?? 0,
    gpus: partial.gpus ?? 0,
    pods: partial.pods ?? 0,
    ephemeralMiB: partial.ephemeralMiB ?? 0,
    ...(partial.extended && Object.keys(partial.extended).length > 0 ? { extended: { ...partial.extended } } : {}),
  };
}

function mergeExtended(
  a: Readonly<Record<string, number>> | undefined,
  b: Readonly<Record<string, number>> | undefined,
  sign: 1 | -1,
): Record<string, number> | undefined {
  if (!a && !b) return undefined;
  const out: Record<string, number> = { ...(a ?? {}) };
  for (const [k, v] of Object.entries(b ?? {})) out[k] = (out[k] ?? 0) + sign * v;
  return out;
}

export function add(a: Resources, b: Resources): Resources {
  const extended = mergeExtended(a.extended, b.extended, 1);
  return {
    cpuMillis: a.cpuMillis + b.cpuMillis,
    memoryMiB: a.memoryMiB + b.memoryMiB,
    gpus: a.gpus + b.gpus,
    pods: a.pods + b.pods,
    ephemeralMiB: a.ephemeralMiB + b.ephemeralMiB,
    ...(extended ? { extended } : {}),
  };
}

export function subtract(a: Resources, b: Resources): Resources {
  const extended = mergeExtended(a.extended, b.extended, -1);
  return {
    cpuMillis: a.cpuMillis - b.cpuMillis,
    memoryMiB: a.memoryMiB - b.memoryMiB,
    gpus: a.gpus - b.gpus,
    pods: a.pods - b.pods,
    ephemeralMiB: a.ephemeralMiB - b.ephemeralMiB,
    ...(extended ? { extended } : {}),
  };
}

export function scale(a: Resources, factor: number): Resources {
  const extended = a.extended ? Object.fromEntries(Object.entries(a.extended).map(([k, v]) => [k, v * factor])) : undefined;
  return {
    cpuMillis: a.cpuMillis * factor,
    memoryMiB: a.memoryMiB * factor,
    gpus: a.gpus * factor,
    pods: a.pods * factor,
    ephemeralMiB: a.ephemeralMiB * factor,
    ...(extended ? { extended } : {}),
  };
}

/**
 * The first resource of `request` that exceeds `available`, or undefined when it fits.
 * A resource absent from `available.extended` counts as zero available.
 */
export function firstExceeded(request: Resources, available: Resources): string | undefined {
  if (request.cpuMillis > available.cpuMillis) return 'cpu';
  if (request.memoryMiB > available.memoryMiB) return 'memory';
  if (request.pods > available.pods) return 'pods';
  if (request.gpus > available.gpus) return 'nvidia.com/gpu';
  if (request.ephemeralMiB > available.ephemeralMiB && request.ephemeralMiB > 0) return 'ephemeral-storage';
  if (request.extended) {
    for (const [k, v] of Object.entries(request.extended)) {
      if (v > 0 && v > (available.extended?.[k] ?? 0)) return k;
    }
  }
  return undefined;
}

export function fits(request: Resources, available: Resources): boolean {
  return firstExceeded(request, available) === undefined;
}

export function max(a: Resources, b: Resources): Resources {
  const keys = new Set([...Object.keys(a.extended ?? {}), ...Object.keys(b.extended ?? {})]);
  const extended: Record<string, number> = {};
  for (const k of keys) extended[k] = Math.max(a.extended?.[k] ?? 0, b.extended?.[k] ?? 0);
  return {
    cpuMillis: Math.max(a.cpuMillis, b.cpuMillis),
    memoryMiB: Math.max(a.memoryMiB, b.memoryMiB),
    gpus: Math.max(a.gpus, b.gpus),
    pods: Math.max(a.pods, b.pods),
    ephemeralMiB: Math.max(a.ephemeralMiB, b.ephemeralMiB),
    ...(keys.size > 0 ? { extended } : {}),
  };
}
