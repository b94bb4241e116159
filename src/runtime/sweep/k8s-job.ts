import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Document } from 'yaml';
import { InputError } from '../../scenario/errors.js';
import type { PolicyName } from '../../scenario/schema.js';
import { scenarioStem } from '../run-scenario.js';
import { planSweep } from './plan.js';
import { parseSetSpecs } from './set-spec.js';

/** The env var Kubernetes sets to a pod's completion index in an Indexed Job (declared explicitly too). */
export const COMPLETION_INDEX_ENV = 'JOB_COMPLETION_INDEX';
export const COMPLETION_INDEX_ANNOTATION = 'batch.kubernetes.io/job-completion-index';

export interface SweepJobOptions {
  /** The scenario's path as the container sees it (relative to the image's working directory, or absolute). */
  readonly scenario: string;
  /** The --set flags, as given to `fleetsim sweep`. */
  readonly sets: readonly string[];
  readonly policies?: readonly PolicyName[];
  readonly seeds?: number;
  /** Pods of the Job: completions = parallelism = shards. */
  readonly shards: number;
  readonly image: string;
  /** Where the results volume is mounted; shard i writes `<resultsPath>/shard-i`. Default /results. */
  readonly resultsPath?: string;
  /** PersistentVolumeClaim holding the results (must exist; ReadWriteMany when pods may land on several nodes). */
  readonly pvc?: string;
  /** Job name (DNS-1123 label); default `fleetsim-sweep-<scenario>`. */
  readonly name?: string;
  readonly namespace?: string;
  /** CPU request per pod (integer cores; also the worker threads per pod). Default 1. */
  readonly cpu?: number;
  /** Memory request and limit per pod. Default 2Gi. */
  readonly memory?: string;
  /** Retries per shard (spec.backoffLimitPerIndex). Default 2. */
  readonly retriesPerShard?: number;
  /** The command that starts fleetsim in the image. Default ["fleetsim"]. */
  readonly command?: readonly string[];
}

export const DEFAULT_RESULTS_PATH = '/results';
export const DEFAULT_PVC = 'fleetsim-results';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A DNS-1123 label from any text: lower case, [a-z0-9-], at most 63 characters. */
export function dnsLabel(text: string): string {
  const s = text.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-+/, '').slice(0, 63).replace(/-+$/, '');
  return s || 'fleetsim-sweep';
}

/** Kubernetes expands `$(VAR)` in command and args; `$$` keeps a literal `$` in user-given text. */
function literal(text: string): string {
  return text.replace(/\$/g, '$$$$');
}

function posixJoin(a: string, b: string): string {
  return `${a.replace(/\/+$/, '')}/${b}`;
}

/** The Indexed Job as a plain object (apiVersion batch/v1). */
export function buildSweepJob(opts: SweepJobOptions): Record<string, unknown> {
  const name = opts.name ?? dnsLabel(`fleetsim-sweep-${scenarioStem(opts.scenario)}`);
  if (!DNS_LABEL.test(name) || name.length > 63) throw new InputError([{ file: '--job-name', message: `"${name}" is not a valid Job name (lower-case letters, digits and "-", at most 63 characters)` }]);
  if (!Number.isInteger(opts.shards) || opts.shards < 1) throw new InputError([{ file: '--shards', message: `expected an integer >= 1, got ${opts.shards}` }]);
  const results = opts.resultsPath ?? DEFAULT_RESULTS_PATH;
  if (!results.startsWith('/')) throw new InputError([{ file: '--results-path', message: `must be an absolute path in the container, got "${results}"` }]);
  const cpu = opts.cpu ?? 1;
  const index = `$(${COMPLETION_INDEX_ENV})`;
  const command = [
    ...(opts.command ?? ['fleetsim']),
    'sweep',
    literal(opts.scenario),
    ...opts.sets.flatMap((s) => ['--set', literal(s)]),
    ...(opts.policies ? ['--policies', opts.policies.join(',')] : []),
    ...(opts.seeds !== undefined ? ['--seeds', String(opts.seeds)] : []),
    '--workers',
    String(cpu),
    '--shard',
    `${index}/${opts.shards}`,
    '--out',
    posixJoin(literal(results), `shard-${index}`),
  ];
  const labels = { 'app.kubernetes.io/name': 'fleetsim', 'app.kubernetes.io/component': 'sweep', 'fleetsim.io/sweep': name };
  const memory = opts.memory ?? '2Gi';
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, ...(opts.namespace ? { namespace: opts.namespace } : {}), labels },
    spec: {
      completionMode: 'Indexed',
      completions: opts.shards,
      parallelism: opts.shards,
      backoffLimitPerIndex: opts.retriesPerShard ?? 2,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'Never',
          containers: [
            {
              name: 'fleetsim',
              image: opts.image,
              command,
              env: [
                { name: COMPLETION_INDEX_ENV, valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${COMPLETION_INDEX_ANNOTATION}']` } } },
                { name: 'CI', value: '1' },
              ],
              resources: { requests: { cpu: String(cpu), memory }, limits: { memory } },
              volumeMounts: [{ name: 'results', mountPath: results }],
            },
          ],
          volumes: [{ name: 'results', persistentVolumeClaim: { claimName: opts.pvc ?? DEFAULT_PVC } }],
        },
      },
    },
  };
}

/** The Job as YAML, with a comment saying how to merge the shards afterwards. */
export function sweepJobYaml(opts: SweepJobOptions): string {
  const job = buildSweepJob(opts);
  const doc = new Document(job, { aliasDuplicateObjects: false });
  const results = opts.resultsPath ?? DEFAULT_RESULTS_PATH;
  const shardDirs = opts.shards <= 4
    ? Array.from({ length: opts.shards }, (_, i) => posixJoin(results, `shard-${i}`)).join(' ')
    : `${posixJoin(results, 'shard-')}{0..${opts.shards - 1}}`;
  doc.commentBefore = [
    ` fleetsim sweep of ${opts.scenario} as a Kubernetes Indexed Job: ${opts.shards} shard${opts.shards === 1 ? '' : 's'}, shard i runs the grid runs with index ≡ i (mod ${opts.shards})`,
    ` and writes ${posixJoin(results, 'shard-<i>')} on the PersistentVolumeClaim "${opts.pvc ?? DEFAULT_PVC}" (which must exist).`,
    ` When the Job has completed, combine the shards (with the volume mounted) into one report:`,
    `   fleetsim sweep merge ${shardDirs} --out ${posixJoin(results, 'merged')}`,
  ].join('\n');
  return doc.toString({ lineWidth: 0 });
}

export interface EmitSweepJobOptions extends Omit<SweepJobOptions, 'scenario' | 'sets' | 'shards'> {
  /** The scenario's path inside the image; default the path given. */
  readonly scenarioInImage?: string;
  /** Default: the number of runs, at most 10. */
  readonly shards?: number;
}

/**
 * `fleetsim sweep ... --emit-k8s-job <file>`: check the sweep here first (every point parsed and
 * validated, so a bad --set fails now rather than in N pods), then write the Job manifest.
 */
export async function emitSweepJob(file: string, sets: readonly string[], out: string, opts: EmitSweepJobOptions): Promise<{ runs: number; shards: number; yaml: string }> {
  const specs = parseSetSpecs(sets);
  const plan = planSweep(file, specs, { ...(opts.policies ? { policies: opts.policies } : {}), ...(opts.seeds !== undefined ? { seeds: opts.seeds } : {}) });
  const runs = plan.grid.runs.length;
  const shards = opts.shards ?? Math.min(runs, 10);
  if (shards > runs) throw new InputError([{ file: '--shards', message: `${shards} shards for ${runs} run${runs === 1 ? '' : 's'}: some shards would have nothing to do (use at most ${runs})` }]);
  const yaml = sweepJobYaml({ ...opts, scenario: opts.scenarioInImage ?? file, sets, shards });
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, yaml);
  return { runs, shards, yaml };
}
