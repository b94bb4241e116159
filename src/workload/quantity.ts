import { parseCpuMillis, parseMemoryMiB } from '../model/quantity.js';

/** A Kubernetes quantity through one of the model's parsers; undefined when it is not a valid quantity. */
function tryParse(parse: (q: string) => number | undefined, value: unknown): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  try {
    const n = parse(String(value));
    return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

/** "500m", "2", 1.5 → CPU millicores; undefined when not a quantity. */
export function cpuMillisOf(value: unknown): number | undefined {
  return tryParse(parseCpuMillis, value);
}

/** "2Gi", "512Mi", "1G" → MiB; undefined when not a quantity. */
export function memoryMiBOf(value: unknown): number | undefined {
  return tryParse(parseMemoryMiB, value);
}

/** A plain count ("1", 2) as for nvidia.com/gpu; undefined when not a non-negative integer. */
export function countOf(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}
