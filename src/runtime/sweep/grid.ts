import type { PolicyName } from '../../scenario/schema.js';
import type { PathSegment, SetSpec } from './set-spec.js';

/** One point of the grid: one value for every swept path. */
export interface SweepPoint {
  /** Deterministic directory-safe id, e.g. `p000-spot.interruptionMultiplier=10`. */
  readonly id: string;
  /** Value per swept path (canonical path text → value), in --set order. */
  readonly values: Readonly<Record<string, unknown>>;
  /** Index of each path's value in its --set list (same order as `parameters`). */
  readonly valueIndexes: readonly number[];
}

/** One simulated run of the grid. Runs are numbered point-major, then policy, then seed. */
export interface SweepRunRef {
  readonly index: number;
  readonly point: string;
  readonly policy: PolicyName;
  readonly seed: number;
  /** Run directory relative to the sweep directory: `runs/<point>/<policy>/seed-<n>`. */
  readonly dir: string;
}

/**
 * What a sweep is, independent of where and in how many pieces it runs: written by every shard as
 * grid.json so that `sweep merge` can check that the shards belong together and are complete.
 */
export interface SweepGrid {
  readonly schemaVersion: 1;
  /** The scenario's name. */
  readonly scenario: string;
  /** SHA-256 of the scenario file's text: shards of one sweep ran the same scenario. */
  readonly scenarioSha256: string;
  readonly parameters: readonly { readonly path: string; readonly values: readonly unknown[] }[];
  readonly policies: readonly PolicyName[];
  /** Seeds per (point, policy): the point's scenario seed, seed+1, ... */
  readonly seedsPerPoint: number;
  readonly points: readonly SweepPoint[];
  readonly runs: readonly SweepRunRef[];
}

/** Which part of the grid one process runs: the runs whose index ≡ index (mod count). */
export interface ShardSpec {
  readonly index: number;
  readonly count: number;
}

export const WHOLE: ShardSpec = { index: 0, count: 1 };

/** Parse `i/N` (0 ≤ i < N). */
export function parseShard(text: string): ShardSpec | undefined {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) return undefined;
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index >= count) return undefined;
  return { index, count };
}

export function inShard(runIndex: number, shard: ShardSpec): boolean {
  return runIndex % shard.count === shard.index;
}

/** Every combination of value indexes, the first --set varying slowest. */
export function cartesian(sizes: readonly number[]): number[][] {
  let out: number[][] = [[]];
  for (const size of sizes) {
    const next: number[][] = [];
    for (const prefix of out) for (let v = 0; v < size; v++) next.push([...prefix, v]);
    out = next;
  }
  return out;
}

/** The last two keys of a path (with their indexes): `cloud.spot.interruptionMultiplier` → `spot.interruptionMultiplier`. */
export function shortPath(path: readonly PathSegment[]): string {
  const tokens: string[] = [];
  for (const seg of path) {
    if (typeof seg === 'number' && tokens.length > 0) tokens[tokens.length - 1] += `.${seg}`;
    else tokens.push(String(seg));
  }
  return tokens.slice(-2).join('.');
}

const MAX_LABEL = 96;

function safe(text: string): string {
  return text.replace(/[^A-Za-z0-9._=,+-]/g, '_');
}

/** `p000-spot.interruptionMultiplier=10,flags.scale-down-unneeded-time=5m` (the number makes it unique). */
export function pointId(index: number, total: number, specs: readonly SetSpec[], valueIndexes: readonly number[]): string {
  const width = Math.max(3, String(Math.max(0, total - 1)).length);
  const label = specs.map((s, i) => `${shortPath(s.path)}=${s.valueTexts[valueIndexes[i]!]}`).join(',');
  const num = `p${String(index).padStart(width, '0')}`;
  const tail = safe(label).slice(0, MAX_LABEL);
  return tail ? `${num}-${tail}` : num;
}

/** The points of the grid (without seeds and policies). */
export function gridPoints(specs: readonly SetSpec[]): SweepPoint[] {
  const combos = cartesian(specs.map((s) => s.values.length));
  return combos.map((valueIndexes, i) => ({
    id: pointId(i, combos.length, specs, valueIndexes),
    values: Object.fromEntries(specs.map((s, k) => [s.pathText, s.values[valueIndexes[k]!]])),
    valueIndexes,
  }));
}

/** Number the runs: for each point, each policy, each of the point's seeds. */
export function gridRuns(points: readonly SweepPoint[], policies: readonly PolicyName[], seedsOf: (point: SweepPoint) => readonly number[]): SweepRunRef[] {
  const runs: SweepRunRef[] = [];
  for (const point of points) {
    for (const policy of policies) {
      for (const seed of seedsOf(point)) {
        runs.push({ index: runs.length, point: point.id, policy, seed, dir: `runs/${point.id}/${policy}/seed-${seed}` });
      }
    }
  }
  return runs;
}

/** grid.json: the grid plus which shard wrote this directory and which runs it holds. */
export interface GridFile {
  readonly grid: SweepGrid;
  readonly shard: ShardSpec;
  /** Indexes of the runs this directory holds. */
  readonly completed: readonly number[];
}

export function gridFileJson(file: GridFile): string {
  return JSON.stringify({ kind: 'fleetsim-sweep-grid', ...file }, null, 2) + '\n';
}
