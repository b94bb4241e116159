import { describeFound, type Path, type Reader } from './reader.js';

/**
 * Durations in Karpenter manifests. The CRDs only accept whole numbers of hours, minutes and seconds
 * ("30s", "15m", "720h", "1h30m"); `expireAfter` and `consolidateAfter` also take "Never".
 * (Go durations with fractions and ms/us/ns, as Cluster Autoscaler flags take them, are in `parseGoDuration`.)
 */
const KARPENTER_DURATION = /^(?:\d+[hms])+$/;
const UNIT: Record<string, number> = { h: 3600, m: 60, s: 1 };

/** Seconds of a Karpenter duration such as "1h30m", or undefined when it is not one. */
export function parseKarpenterDuration(text: string): number | undefined {
  if (!KARPENTER_DURATION.test(text)) return undefined;
  let total = 0;
  for (const m of text.matchAll(/(\d+)([hms])/g)) total += Number(m[1]) * UNIT[m[2]!]!;
  return total;
}

/** `never`: the field also accepts "Never" (returned as `null`). */
export function readKarpenterDuration(r: Reader, value: unknown, path: Path, never: boolean): number | null | undefined {
  if (never && value === 'Never') return null;
  if (typeof value === 'string') {
    const s = parseKarpenterDuration(value);
    if (s !== undefined) return s;
  }
  return r.problem(path, `expected a duration such as "30s", "15m", "720h" or "1h30m"${never ? ' or "Never"' : ''}, found ${describeFound(value)}`);
}

/** Budget windows: hours and minutes only ("8h", "30m", "1h30m", optionally ending in "0s"). */
export function readBudgetDuration(r: Reader, value: unknown, path: Path): number | undefined {
  if (typeof value === 'string' && /^(?:\d+h|\d+m|\d+h\d+m)(?:0s)?$/.test(value)) return parseKarpenterDuration(value);
  return r.problem(path, `expected a duration in hours and minutes such as "8h", "30m" or "1h30m", found ${describeFound(value)}`);
}

const GO_UNIT: Record<string, number> = { ns: 1e-9, us: 1e-6, 'µs': 1e-6, 'μs': 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** Go's time.ParseDuration ("10s", "1h30m", "1.5h", "300ms", "0"), in seconds; negatives are rejected. */
export function parseGoDuration(text: string): number | undefined {
  const s = text.trim();
  if (s === '0') return 0;
  if (s === '' || !/^(?:\d+(?:\.\d*)?(?:ns|us|µs|μs|ms|s|m|h))+$/.test(s) ) return undefined;
  let total = 0;
  for (const m of s.matchAll(/(\d+(?:\.\d*)?)(ns|us|µs|μs|ms|s|m|h)/g)) total += Number(m[1]) * GO_UNIT[m[2]!]!;
  return Math.round(total * 1e9) / 1e9;
}

/** Seconds as the shortest Karpenter-style text ("90s" → "1m30s", 2592000 → "720h"). */
export function formatKarpenterDuration(seconds: number | undefined): string {
  if (seconds === undefined) return 'Never';
  if (seconds === 0) return '0s';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}`;
}
