import type { ClusterAutoscalerOptions } from '../../model/index.js';
import { InputError } from '../errors.js';
import { Reader, describeFound, isObj, type Locate, type Path } from '../karpenter/reader.js';
import { readFlagValue } from './flag-values.js';
import {
  ALL_FLAG_NAMES,
  CA_VERSIONS,
  DEFAULT_CA_VERSION,
  FLAGS,
  FLAGS_BY_NAME,
  UNSIMULATED_FLAGS,
  VERSIONED_UNSIMULATED,
  VERSION_BEHAVIOUR,
  flagDefault,
  versionIndex,
  type CaVersion,
  type FlagOption,
  type FlagValue,
} from './flags.js';
import { readPriorities } from './priority-expander.js';
import { nearest } from '../errors.js';

/** The scenario's `clusterAutoscaler` section, as far as options go (node groups are read separately). */
export interface CaOptionsInput {
  /** Release whose defaults apply: "1.30" … "1.36" (also "v1.33.2" or the YAML number 1.33). */
  readonly version?: unknown;
  /** Flags by real name: a mapping `{ "scan-interval": "10s" }` or the Deployment's args list `["--scan-interval=10s"]`. */
  readonly flags?: unknown;
  /** The priority expander's ConfigMap, its `priorities` text, or a mapping priority → regexes. */
  readonly priorities?: unknown;
  /** fleetsim's own knobs (not CA flags). */
  readonly simulation?: unknown;
}

/** Where the input came from, for problems: `locate` gets paths relative to the input (`["flags", 2]`). */
export interface CaSource {
  readonly file: string;
  readonly locate?: Locate;
  /** Shown before paths in problems, e.g. `["clusterAutoscaler"]`. */
  readonly pathPrefix?: Path;
}

/** Simulated decision time of one loop = base + perNode × nodes: ≈5 s under 100 nodes, ≈15 s at 1000 (reference §4, §7). */
export const DEFAULT_LOOP_DURATION = { baseSeconds: 4, perNodeSeconds: 0.012 } as const;

export function caReader(src: CaSource): Reader {
  const prefix = src.pathPrefix ?? [];
  return new Reader(src.file, src.locate ?? (() => ({})), (p) => [...prefix, ...p]);
}

/** "1.33", "v1.33.2", 1.33 (YAML number), 1.3 (YAML's reading of 1.30) → a supported release. */
export function readCaVersion(r: Reader, value: unknown, path: Path): CaVersion | undefined {
  if (value === undefined) return DEFAULT_CA_VERSION;
  const text = typeof value === 'number' ? value.toFixed(2) : typeof value === 'string' ? value.trim().replace(/^v/, '') : undefined;
  const minor = text === undefined ? undefined : /^(\d+\.\d+)(\.\d+)?$/.exec(text)?.[1];
  const v = CA_VERSIONS.find((c) => c === minor);
  if (v) return v;
  return r.expected(path, `a Cluster Autoscaler release from ${CA_VERSIONS[0]} to ${CA_VERSIONS[CA_VERSIONS.length - 1]} (e.g. "1.33")`, value);
}

/** One flag occurrence: its name (no dashes), raw value (undefined = bare `--flag`), and where it was. */
interface Occurrence {
  readonly name: string;
  readonly raw: unknown;
  readonly path: Path;
}

function flagOccurrences(r: Reader, flags: unknown, path: Path): Occurrence[] {
  const out: Occurrence[] = [];
  if (Array.isArray(flags)) {
    for (let i = 0; i < flags.length; i++) {
      const item: unknown = flags[i];
      const p = [...path, i];
      if (typeof item !== 'string') {
        r.expected(p, 'a flag such as "--scan-interval=10s"', item);
        continue;
      }
      if (i === 0 && !item.startsWith('-') && /cluster-autoscaler$/.test(item)) continue; // the binary, pasted with its args
      const m = /^--?([^=\s]+)(?:=(.*))?$/s.exec(item.trim());
      if (!m) {
        r.problem(p, `expected a flag such as "--scan-interval=10s", found ${describeFound(item)}`);
        continue;
      }
      const name = m[1]!;
      let raw: unknown = m[2];
      const spec = FLAGS_BY_NAME.get(name);
      const next: unknown = flags[i + 1];
      if (raw === undefined && spec && spec.type !== 'bool' && typeof next === 'string' && !next.startsWith('-')) {
        raw = next; // "--scan-interval", "10s" as two items
        i++;
      }
      out.push({ name, raw, path: p });
    }
  } else if (isObj(flags)) {
    for (const [key, raw] of Object.entries(flags)) out.push({ name: key.replace(/^--?/, ''), raw, path: [...path, key] });
  } else if (flags !== undefined) {
    r.expected(path, 'a mapping of flags ({"scan-interval": "10s"}) or an args list (["--scan-interval=10s"])', flags);
  }
  return out;
}

/**
 * The Cluster Autoscaler's options with the defaults of the chosen release applied. Misspelt flags are
 * errors naming the nearest real flag; real flags without simulation effect are accepted with a warning.
 * Throws an InputError listing every problem.
 */
export function parseClusterAutoscalerOptions(input: CaOptionsInput, src: CaSource): { options: ClusterAutoscalerOptions; warnings: string[] } {
  const r = caReader(src);
  const warnings: string[] = [];
  const warn = (path: Path, message: string): void => void warnings.push(`${r.where(path)}: ${message}`);
  const version = readCaVersion(r, input.version, ['version']) ?? DEFAULT_CA_VERSION;
  const values = new Map<FlagOption, FlagValue>(FLAGS.map((f) => [f.option, flagDefault(f, version)]));
  const seen = new Map<string, Path>();

  for (const occ of flagOccurrences(r, input.flags, ['flags'])) {
    const spec = FLAGS_BY_NAME.get(occ.name);
    if (spec) {
      if (spec.addedIn && versionIndex(spec.addedIn) > versionIndex(version)) {
        r.problem(occ.path, `--${spec.name} does not exist in Cluster Autoscaler ${version} (added in ${spec.addedIn})`);
        continue;
      }
      const read = readFlagValue(spec, occ.raw === undefined && spec.type === 'bool' ? true : occ.raw);
      if (!read.ok) {
        r.problem(occ.path, read.problem);
        continue;
      }
      if (seen.has(spec.name)) warn(occ.path, `--${spec.name} is set more than once; the last value wins`);
      seen.set(spec.name, occ.path);
      for (const note of read.notes) warn(occ.path, note);
      values.set(spec.option, read.value);
      continue;
    }
    const versioned = VERSIONED_UNSIMULATED[occ.name];
    if (versioned?.removedIn && versionIndex(versioned.removedIn) <= versionIndex(version)) {
      r.problem(occ.path, `--${occ.name} was removed in Cluster Autoscaler ${versioned.removedIn}${versioned.replacement ? ` (use ${versioned.replacement})` : ''}`);
    } else if (versioned?.addedIn && versionIndex(versioned.addedIn) > versionIndex(version)) {
      r.problem(occ.path, `--${occ.name} does not exist in Cluster Autoscaler ${version} (added in ${versioned.addedIn})`);
    } else if (versioned || UNSIMULATED_FLAGS.includes(occ.name)) {
      warn(occ.path, `--${occ.name} is a Cluster Autoscaler flag without effect in fleetsim's simulation; ignored`);
    } else {
      const hint = nearest(occ.name, ALL_FLAG_NAMES);
      r.problem(occ.path, `unknown Cluster Autoscaler flag --${occ.name}${hint ? ` (did you mean --${hint}?)` : ''}`);
    }
  }

  const sim = readSimulation(r, input.simulation, version);
  const priorities = input.priorities === undefined ? undefined : readPriorities(r, input.priorities, ['priorities']);
  const expanders = values.get('expanders') as ClusterAutoscalerOptions['expanders'];
  if (expanders.includes('priority') && input.priorities === undefined) {
    warn(['flags'], '--expander includes "priority" but no priorities are given: the priority expander passes every option through');
  }
  if (!expanders.includes('priority') && input.priorities !== undefined) {
    warn(['priorities'], `priorities are ignored: --expander (${expanders.join(',')}) does not include "priority"`);
  }
  if (r.problems.length > 0) throw new InputError(r.problems);
  const options = {
    version,
    ...(Object.fromEntries(values) as Pick<ClusterAutoscalerOptions, FlagOption>),
    ...sim,
    ...(priorities ? { priorities } : {}),
  } satisfies ClusterAutoscalerOptions;
  return { options, warnings };
}

function readSimulation(r: Reader, value: unknown, version: CaVersion): Pick<ClusterAutoscalerOptions, 'loopDurationBaseSeconds' | 'loopDurationPerNodeSeconds' | 'decreaseTargetOnTimeout'> {
  const out: { loopDurationBaseSeconds: number; loopDurationPerNodeSeconds: number; decreaseTargetOnTimeout: boolean } = {
    loopDurationBaseSeconds: DEFAULT_LOOP_DURATION.baseSeconds,
    loopDurationPerNodeSeconds: DEFAULT_LOOP_DURATION.perNodeSeconds,
    decreaseTargetOnTimeout: versionIndex(version) >= versionIndex(VERSION_BEHAVIOUR.decreaseTargetOnTimeoutSince),
  };
  if (value === undefined) return out;
  const p: Path = ['simulation'];
  const sim = r.object(value, p, ['loopDurationBaseSeconds', 'loopDurationPerNodeSeconds', 'decreaseTargetOnTimeout']);
  if (!sim) return out;
  if (sim.loopDurationBaseSeconds !== undefined) out.loopDurationBaseSeconds = r.number(sim.loopDurationBaseSeconds, [...p, 'loopDurationBaseSeconds'], { min: 0 }) ?? out.loopDurationBaseSeconds;
  if (sim.loopDurationPerNodeSeconds !== undefined) out.loopDurationPerNodeSeconds = r.number(sim.loopDurationPerNodeSeconds, [...p, 'loopDurationPerNodeSeconds'], { min: 0 }) ?? out.loopDurationPerNodeSeconds;
  if (sim.decreaseTargetOnTimeout !== undefined) out.decreaseTargetOnTimeout = r.bool(sim.decreaseTargetOnTimeout, [...p, 'decreaseTargetOnTimeout']) ?? out.decreaseTargetOnTimeout;
  return out;
}

/** Every option at its default for a release (no flags given). */
export function defaultClusterAutoscalerOptions(version: CaVersion = DEFAULT_CA_VERSION): ClusterAutoscalerOptions {
  return parseClusterAutoscalerOptions({ version }, { file: '<defaults>' }).options;
}

/** The priority expander's configuration on its own (ConfigMap, `priorities` text or mapping); throws an InputError. */
export function parsePriorities(value: unknown, src: CaSource): Readonly<Record<number, readonly string[]>> {
  const r = caReader(src);
  const priorities = readPriorities(r, value, []);
  if (!priorities || r.problems.length > 0) throw new InputError(r.problems);
  return priorities;
}
