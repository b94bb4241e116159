/**
 * Regenerates the shipped sample traces under traces/ (fleetsim's own format), deterministically:
 * - synthetic ones from fleetsim's workload generators with fixed seeds;
 * - converted ones from the SimKube (MIT) and Azure LLM (CC BY 4.0) samples shipped in traces/.
 * Usage: node bin/run-ts.mjs scripts/make-sample-traces.ts
 */
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RandomSource } from '../src/sim/random.js';
import { buildWorkload, workloadSchema } from '../src/workload/config.js';
import { FleetsimTraceWriter } from '../src/workload/formats/fleetsim-writer.js';
import { convertTrace } from '../src/workload/inspect.js';
import { buildPodTemplates, podTemplatesSchema } from '../src/workload/pod-template.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const traces = join(root, 'traces');

/** Templates the synthetic samples name; a scenario reading them should define templates of these names. */
const templates = buildPodTemplates(
  podTemplatesSchema.parse({
    web: { namespace: 'shop', requests: { cpu: '500m', memory: '1Gi' }, labels: { app: 'web' } },
    batch: { namespace: 'batch', requests: { cpu: '2', memory: '4Gi' } },
    gpu: { namespace: 'ml', requests: { cpu: '8', memory: '60Gi', 'nvidia.com/gpu': 1 } },
  }),
);

const samples: { file: string; seed: number; horizon: number; workload: unknown[] }[] = [
  {
    file: 'web-diurnal.csv',
    seed: 1,
    horizon: 2 * 86400,
    workload: [{ generator: 'diurnal-web', name: 'web', template: 'web', minReplicas: 4, maxReplicas: 60, peakAt: '14h', noise: 0.05 }],
  },
  {
    file: 'batch-poisson.csv',
    seed: 2,
    horizon: 6 * 3600,
    workload: [{ generator: 'poisson', ratePerMinute: 6, template: 'batch', duration: { lognormal: { median: '10m', p95: '1h' } } }],
  },
  {
    file: 'gpu-training.csv',
    seed: 3,
    horizon: 86400,
    workload: [{ generator: 'gpu-training', template: 'gpu', meanInterarrival: '20m' }],
  },
  {
    file: 'mixed-day.csv',
    seed: 4,
    horizon: 86400,
    workload: [
      { generator: 'diurnal-web', name: 'web', template: 'web', minReplicas: 3, maxReplicas: 30, peakAt: '15h' },
      { generator: 'poisson', ratePerMinute: 2, template: 'batch', duration: { exponential: { mean: '15m' } } },
      { generator: 'cronjob', name: 'nightly-report', template: 'batch', schedule: '0 2 * * *', completions: 20, parallelism: 10, duration: { fixed: '20m' } },
      { generator: 'burst', name: 'flash-sale', template: 'web', at: '11h', replicas: 80, hold: '45m' },
      { generator: 'batch-waves', name: 'etl', template: 'batch', interval: '4h', jobsPerWave: 3, completions: 6, parallelism: 3, duration: { uniform: { min: '5m', max: '25m' } } },
    ],
  },
];

for (const s of samples) {
  for (const out of [join(traces, s.file), ...(s.file === 'gpu-training.csv' ? [join(traces, 'gpu-training.jsonl')] : [])]) {
    const w = new FleetsimTraceWriter(out);
    for (const e of buildWorkload(workloadSchema.parse(s.workload), { rng: new RandomSource(s.seed), baseDir: traces, podTemplates: templates, horizonSeconds: s.horizon }).events) w.write(e);
    w.close();
    console.log(`${relative(root, out)}: ${w.rows} rows`);
  }
}

const conversions: [string, 'simkube' | 'azure-llm', string, unknown?][] = [
  ['simkube/simkube-cronjob.sktrace', 'simkube', 'simkube/simkube-cronjob.csv'],
  ['simkube/simkube-bare-pods.sktrace', 'simkube', 'simkube/simkube-bare-pods.csv'],
  ['simkube/simkube-dsb-scaling.sktrace', 'simkube', 'simkube/simkube-dsb-scaling.csv'],
  [
    'azure/azure-llm-inference-2023-code.csv',
    'azure-llm',
    'azure/azure-llm-hpa.csv',
    { name: 'llm-inference', namespace: 'llm', requests: { cpu: '4', memory: '16Gi', 'nvidia.com/gpu': 1 }, capacityPerReplica: 0.5, targetUtilization: 0.7, maxReplicas: 40 },
  ],
];
for (const [input, format, output, options] of conversions) {
  const r = convertTrace(join(traces, input), format, join(traces, output), options === undefined ? {} : { formatOptions: options });
  console.log(`${relative(root, r.output)}: ${r.rowsWritten} rows (from ${input})`);
}
