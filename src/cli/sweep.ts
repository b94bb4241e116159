import type { Command } from 'commander';
import { emitSweepJob, mergeSweepShards, parseShard, sweepHeadline, sweepScenarioFile, type EmitSweepJobOptions } from '../runtime/sweep/index.js';
import { InputError } from '../scenario/errors.js';
import { POLICIES, type PolicyName } from '../scenario/schema.js';
import { createProgress } from './progress.js';

/** Bad flags are bad input (exit 2), named by the flag. */
function flagError(flag: string, message: string): InputError {
  return new InputError([{ file: flag, message }]);
}

function intFlag(flag: string, min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw flagError(flag, `expected an integer >= ${min}, got "${value}"`);
    return n;
  };
}

function policiesFlag(value: string): PolicyName[] {
  const list = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (list.length === 0) throw flagError('--policies', 'expected a comma-separated list of policies');
  for (const p of list) {
    if (!(POLICIES as readonly string[]).includes(p)) throw flagError('--policies', `expected names from ${POLICIES.join(', ')}, got "${p}"`);
  }
  return list as PolicyName[];
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function shardFlag(value: string) {
  const shard = parseShard(value);
  if (!shard) throw flagError('--shard', `expected i/N with 0 <= i < N (e.g. 0/4), got "${value}"`);
  return shard;
}

interface SweepFlags {
  set?: string[];
  policies?: PolicyName[];
  seeds?: number;
  out?: string;
  workers?: number;
  shard?: { index: number; count: number };
  emitK8sJob?: string;
  shards?: number;
  image: string;
  resultsPath?: string;
  pvc?: string;
  jobName?: string;
  namespace?: string;
  scenarioInImage?: string;
  podCpu?: number;
  podMemory?: string;
}

const K8S_ONLY = ['shards', 'resultsPath', 'pvc', 'jobName', 'namespace', 'scenarioInImage', 'podCpu', 'podMemory'] as const;

async function emitJob(scenario: string, opts: SweepFlags): Promise<void> {
  if (opts.shard) throw flagError('--shard', 'is set by the Job for each pod; do not combine it with --emit-k8s-job');
  const emit: EmitSweepJobOptions = {
    image: opts.image,
    ...(opts.policies ? { policies: opts.policies } : {}),
    ...(opts.seeds !== undefined ? { seeds: opts.seeds } : {}),
    ...(opts.shards !== undefined ? { shards: opts.shards } : {}),
    ...(opts.resultsPath !== undefined ? { resultsPath: opts.resultsPath } : {}),
    ...(opts.pvc !== undefined ? { pvc: opts.pvc } : {}),
    ...(opts.jobName !== undefined ? { name: opts.jobName } : {}),
    ...(opts.namespace !== undefined ? { namespace: opts.namespace } : {}),
    ...(opts.scenarioInImage !== undefined ? { scenarioInImage: opts.scenarioInImage } : {}),
    ...(opts.podCpu !== undefined ? { cpu: opts.podCpu } : {}),
    ...(opts.podMemory !== undefined ? { memory: opts.podMemory } : {}),
  };
  const { runs, shards } = await emitSweepJob(scenario, opts.set ?? [], opts.emitK8sJob!, emit);
  process.stdout.write(`wrote ${opts.emitK8sJob}: Indexed Job of ${shards} shard${shards === 1 ? '' : 's'} for ${runs} run${runs === 1 ? '' : 's'}\n`);
}

async function runLocal(scenario: string, opts: SweepFlags): Promise<void> {
  const used = K8S_ONLY.filter((k) => opts[k] !== undefined);
  if (used.length > 0) throw flagError('--emit-k8s-job', `--${used[0]!.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} only applies with --emit-k8s-job`);
  const progress = createProgress(opts.shard ? `sweeping (shard ${opts.shard.index}/${opts.shard.count})` : 'sweeping');
  try {
    const outcome = await sweepScenarioFile(scenario, opts.set ?? [], {
      ...(opts.policies ? { policies: opts.policies } : {}),
      ...(opts.seeds !== undefined ? { seeds: opts.seeds } : {}),
      ...(opts.out !== undefined ? { out: opts.out } : {}),
      ...(opts.workers !== undefined ? { workers: opts.workers } : {}),
      ...(opts.shard ? { shard: opts.shard } : {}),
      onProgress: (done, total) => progress.update(done, total, 'runs'),
    });
    progress.stop();
    if (outcome.result) process.stdout.write(`${sweepHeadline(outcome.result)}\nreport: ${outcome.outDir}/index.html\n`);
    else {
      process.stdout.write(
        `shard ${outcome.shard.index}/${outcome.shard.count}: ${outcome.completed.length} of ${outcome.grid.runs.length} runs in ${outcome.outDir}\n` +
          `combine all shards with: fleetsim sweep merge <shard dirs...> --out DIR\n`,
      );
    }
  } finally {
    progress.stop();
  }
}

export function registerSweep(program: Command): void {
  const sweep = program
    .command('sweep')
    .description('a grid of runs over scenario values (--set path=v1,v2), in parallel on local cores or as a Kubernetes Indexed Job')
    .argument('<scenario>', 'scenario file (YAML)')
    .option('--set <path=v1,v2,...>', 'a dotted/indexed path into the scenario and its values, parsed as YAML (repeatable; the grid is the product)', collect)
    .option('--policies <list>', "comma-separated policies (default: the scenario's compare list, else its policy)", policiesFlag)
    .option('--seeds <n>', 'seeds per point and policy (scenario seed, seed+1, ...)', intFlag('--seeds', 1))
    .option('--out <dir>', 'output directory (default: reports/<scenario>-sweep)')
    .option('--workers <n>', 'worker threads (default: number of cores)', intFlag('--workers', 1))
    .option('--shard <i/N>', 'run only the runs with index ≡ i (mod N); combine shards with `sweep merge`', shardFlag)
    .option('--emit-k8s-job <file>', 'write a Kubernetes Indexed Job running the sweep in shards instead of running it here')
    .option('--shards <n>', '(with --emit-k8s-job) pods of the Job (default: runs, at most 10)', intFlag('--shards', 1))
    .option('--image <image>', '(with --emit-k8s-job) container image with fleetsim on its PATH', 'fleetsim:latest')
    .option('--results-path <path>', '(with --emit-k8s-job) mount path of the results volume (default /results)')
    .option('--pvc <name>', '(with --emit-k8s-job) PersistentVolumeClaim for the results (default fleetsim-results)')
    .option('--job-name <name>', '(with --emit-k8s-job) Job name (default fleetsim-sweep-<scenario>)')
    .option('--namespace <ns>', '(with --emit-k8s-job) namespace of the Job')
    .option('--scenario-in-image <path>', '(with --emit-k8s-job) the scenario path inside the image (default: as given)')
    .option('--pod-cpu <n>', '(with --emit-k8s-job) CPU request per pod, also its worker threads (default 1)', intFlag('--pod-cpu', 1))
    .option('--pod-memory <q>', '(with --emit-k8s-job) memory request and limit per pod (default 2Gi)')
    .enablePositionalOptions()
    .addHelpText(
      'after',
      `
Examples:
  fleetsim sweep scenarios/default.yaml --set cloud.spot.interruptionMultiplier=1,10,40 --seeds 3
  fleetsim sweep scenarios/default.yaml --set 'karpenter.manifests[0].spec.disruption.consolidateAfter=0s,5m' \\
      --set clusterAutoscaler.flags.scale-down-unneeded-time=5m,10m --out reports/consolidation
  fleetsim sweep scenarios/default.yaml --set cloud.spot.interruptionMultiplier=1,10,40 --seeds 3 \\
      --emit-k8s-job sweep-job.yaml --shards 6 --image registry.example.com/fleetsim:0.1.0 --pvc fleetsim-results
  fleetsim sweep merge /results/shard-0 /results/shard-1 /results/shard-2 --out /results/merged

Values are YAML (1 a number, 5m a string, [a, b] a list; quote a value holding a comma). Runs go to
<out>/runs/<point>/<policy>/seed-<n>/; sweep.json and index.html hold means and 95 % intervals.`,
    )
    .action(async (scenario: string, opts: SweepFlags) => {
      if (opts.emitK8sJob !== undefined) await emitJob(scenario, opts);
      else await runLocal(scenario, opts);
    });
  sweep
    .command('merge')
    .description("combine the shard outputs of a sweep (each --out of `sweep --shard i/N`) into one report; sweep.json is the same as a single local run's")
    .argument('<dirs...>', 'shard output directories')
    .option('--out <dir>', 'output directory of the combined report (required)')
    .action(async (dirs: string[], opts: { out?: string }) => {
      // Unless the root program has positional options, commander hands `--out` after `merge` to the
      // parent `sweep` command: take it from there.
      const out = opts.out ?? (sweep.opts() as SweepFlags).out;
      if (out === undefined) throw flagError('--out', 'sweep merge needs --out <dir> for the combined report');
      const merged = await mergeSweepShards(dirs, out);
      process.stdout.write(`${sweepHeadline(merged.result)}\nreport: ${merged.outDir}/index.html\n`);
    });
}
