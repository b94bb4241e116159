export { cpuMillisOf, memoryMiBOf } from '../model/quantity.js';

/** A plain count ("1", 2) as for nvidia.com/gpu; undefined when not a non-negative integer. */
export function countOf(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}
