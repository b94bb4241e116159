import { describe, expect, it } from 'vitest';
import { RandomSource } from '../../sim/random.js';
import { buildPodTemplates } from '../pod-template.js';
import { newSourceStats, type WorkloadEvent } from '../types.js';
import type { GeneratorContext } from './common.js';
import { burstDeployment, burstSchema, diurnalDeployment, diurnalSchema, hpaDeployment, hpaDeploymentSchema } from './deployments.js';
import { batchWaves, batchWavesSchema, cronJobs, cronJobSchema, gpuTrainingJobs, gpuTrainingSchema } from './jobs.js';
import { poissonPods, poissonSchema } from './pods.js';

type Scale = Extract<WorkloadEvent, { kind: 'scale' }>;
type Job = Extract<WorkloadEvent, { kind: 'job' }>;
type Pod = Extract<WorkloadEvent, { kind: 'pod' }>;

const ctx = (seed: number | string = 1, horizonSeconds = 86400): GeneratorContext => ({
  rng: new RandomSource(seed).stream('test'),
  templates: buildPodTemplates({ web: { requests: { cpu: '500m', memory: '1Gi' }, namespace: 'shop' } }),
  horizonSeconds,
  stats: newSourceStats('test'),
  prefix: 'g0',
});

/** Replicas in force at time t from a list of scale events. */
const replicasAt = (events: Scale[], t: number): number => events.filter((e) => e.at <= t).at(-1)?.replicas ?? 0;

describe('poisson pods', () => {
  const cfg = poissonSchema.parse({ generator: 'poisson', rate: 0.5, duration: { exponential: { mean: '10m' } }, requests: { cpu: '250m' } });

  it('arrives at the configured mean rate with exponential gaps and mean run time', () => {
    const pods = [...poissonPods(cfg, ctx(7, 20000))] as Pod[];
    // Expected 10,000 arrivals (sd 100): within 4 %.
    expect(Math.abs(pods.length - 10000)).toBeLessThan(400);
    const gaps = pods.slice(1).map((p, i) => p.at - pods[i]!.at);
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    const sd = Math.sqrt(gaps.reduce((a, g) => a + (g - mean) ** 2, 0) / gaps.length);
    expect(mean).toBeCloseTo(2, 1);
    expect(sd / mean).toBeGreaterThan(0.95); // exponential: coefficient of variation 1
    expect(sd / mean).toBeLessThan(1.05);
    const meanDuration = pods.reduce((a, p) => a + p.spec.durationSeconds!, 0) / pods.length;
    expect(Math.abs(meanDuration - 600) / 600).toBeLessThan(0.04);
    expect(pods[0]!.spec.requests.cpuMillis).toBe(250);
    expect(pods.every((p) => p.at < 20000)).toBe(true);
  });

  it('is deterministic per seed', () => {
    const a = [...poissonPods(cfg, ctx(3, 600))].map((e) => e.at);
    const b = [...poissonPods(cfg, ctx(3, 600))].map((e) => e.at);
    const c = [...poissonPods(cfg, ctx(4, 600))].map((e) => e.at);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('accepts one rate spelling only', () => {
    expect(poissonSchema.safeParse({ generator: 'poisson', rate: 1, ratePerMinute: 5, duration: { fixed: 1 } }).success).toBe(false);
    const perHour = poissonSchema.parse({ generator: 'poisson', ratePerHour: 3600, duration: { fixed: 1 } });
    expect([...poissonPods(perHour, ctx(1, 1000))].length).toBeGreaterThan(900);
  });
});

describe('diurnal web Deployment', () => {
  const cfg = diurnalSchema.parse({ generator: 'diurnal-web', name: 'web', template: 'web', minReplicas: 2, maxReplicas: 20, peakAt: '14h', until: '2d' });
  const events = [...diurnalDeployment(cfg, ctx())] as Scale[];

  it('peaks at peakAt with maxReplicas and bottoms out 12 h away with minReplicas, every day', () => {
    expect(replicasAt(events, 14 * 3600)).toBe(20);
    expect(replicasAt(events, 38 * 3600)).toBe(20);
    expect(replicasAt(events, 2 * 3600)).toBe(2);
    expect(replicasAt(events, 26 * 3600)).toBe(2);
    // round(curve) reaches 20 once the cosine is within 0.5/18 of its top: |t − 14h| ≤ 4604 s.
    const firstPeak = events.find((e) => e.replicas === 20)!.at;
    expect(firstPeak).toBeGreaterThanOrEqual(50400 - 4604);
    expect(firstPeak).toBeLessThanOrEqual(50400);
  });

  it('averages (min + max) / 2 over a day, and only emits changes', () => {
    let sum = 0;
    for (let t = 0; t < 86400; t += 60) sum += replicasAt(events, t);
    expect(sum / 1440).toBeCloseTo(11, 0);
    expect(events.every((e, i) => i === 0 || e.replicas !== events[i - 1]!.replicas)).toBe(true);
    expect(events[0]).toMatchObject({ namespace: 'shop', name: 'web' });
    expect(events[0]!.template.requests).toMatchObject({ cpuMillis: 500, memoryMiB: 1024 });
  });
});

describe('burst, batch waves, GPU training, CronJobs', () => {
  it('burst: 0 → N at T, back after hold', () => {
    const cfg = burstSchema.parse({ generator: 'burst', name: 'spike', at: '1h', replicas: 50, hold: '30m', requests: { cpu: 1 } });
    expect([...burstDeployment(cfg, ctx())].map((e) => [e.at, (e as Scale).replicas])).toEqual([
      [3600, 50],
      [5400, 0],
    ]);
  });

  it('batch waves: jobsPerWave Jobs every interval', () => {
    const cfg = batchWavesSchema.parse({ generator: 'batch-waves', interval: '10m', waves: 3, jobsPerWave: 2, completions: 8, parallelism: 4, duration: { fixed: '5m' } });
    const jobs = [...batchWaves(cfg, ctx())] as Job[];
    expect(jobs.map((j) => j.at)).toEqual([0, 0, 600, 600, 1200, 1200]);
    expect(jobs[0]).toMatchObject({ completions: 8, parallelism: 4, name: 'batch-g0-w0-0' });
    expect(jobs[0]!.template.durationSeconds).toBe(300);
    expect(new Set(jobs.map((j) => j.name)).size).toBe(6);
  });

  it('GPU training: Poisson Jobs whose pods ask gpus × per-GPU cpu and memory and tolerate the GPU taint', () => {
    const cfg = gpuTrainingSchema.parse({ generator: 'gpu-training', meanInterarrival: '10m', until: '100h' });
    const jobs = [...gpuTrainingJobs(cfg, ctx(5, 1e9))] as Job[];
    expect(Math.abs(jobs.length - 600)).toBeLessThan(100); // 600 expected, sd ≈ 24
    const share8 = jobs.filter((j) => j.template.requests.gpus === 8).length / jobs.length;
    expect(Math.abs(share8 - 1 / 7)).toBeLessThan(0.05);
    for (const j of jobs) {
      expect(j.template.requests.cpuMillis).toBe(j.template.requests.gpus * 8000);
      expect(j.template.requests.memoryMiB).toBe(j.template.requests.gpus * 61440);
      expect(j.completions).toBe(j.parallelism);
    }
    expect(jobs[0]!.template.tolerations).toContainEqual({ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' });
  });

  it('CronJob on a cron schedule: ticks and Kubernetes-style names', () => {
    const cfg = cronJobSchema.parse({ generator: 'cronjob', name: 'backup', schedule: '*/15 * * * *', until: '2h', duration: { fixed: 60 } });
    const jobs = [...cronJobs(cfg, ctx())] as Job[];
    expect(jobs.map((j) => j.at)).toEqual([0, 900, 1800, 2700, 3600, 4500, 5400, 6300]);
    expect(jobs[1]!.name).toBe('backup-15');
  });

  it('CronJob with an epoch: simulated time 0 is 2023-11-14T22:13:20Z, so the first quarter-hour is 100 s in', () => {
    const cfg = cronJobSchema.parse({ generator: 'cronjob', name: 'b', schedule: '*/15 * * * *', epoch: 1700000000, until: '1h', duration: { fixed: 60 } });
    expect([...cronJobs(cfg, ctx())].map((j) => j.at)).toEqual([100, 1000, 1900, 2800]);
  });

  it('CronJob every fixed interval; schedule and every are exclusive; bad cron is a config error', () => {
    const cfg = cronJobSchema.parse({ generator: 'cronjob', name: 'c', every: '20m', until: '1h', duration: { fixed: 1 } });
    expect([...cronJobs(cfg, ctx())].map((j) => j.at)).toEqual([0, 1200, 2400]);
    expect(cronJobSchema.safeParse({ generator: 'cronjob', name: 'c', every: 60, schedule: '* * * * *', duration: { fixed: 1 } }).success).toBe(false);
    const bad = cronJobSchema.safeParse({ generator: 'cronjob', name: 'c', schedule: '61 * * * *', duration: { fixed: 1 } });
    expect(bad.success ? '' : bad.error.issues[0]!.message).toBe('cron minute: "61" is outside 0-59');
  });
});

describe('HPA-driven Deployment from a load curve', () => {
  // 100 req/s per replica at 100 %; target 50 %; load steps 100 → 1000 at 600 s, back to 100 at 1200 s.
  const cfg = hpaDeploymentSchema.parse({
    generator: 'hpa-deployment',
    name: 'api',
    requests: { cpu: 1 },
    load: { points: [[0, 100], [600, 1000], [1200, 100]], interpolate: 'step' },
    capacityPerReplica: 100,
    targetUtilization: 50,
    maxReplicas: 40,
    until: '40m',
  });
  const events = [...hpaDeployment(cfg, ctx())] as Scale[];

  it('starts at load / (capacity × target) and reaches the new desired count within 3 syncs of a step up', () => {
    expect(events[0]).toMatchObject({ at: 0, replicas: 2 });
    // At 600 s: 1000 / (2 × 100) = 500 % → ratio 10 → desired 20; 2 → 6 → 12 → 20 (max(+4, ×2) per sync).
    expect(events.filter((e) => e.at >= 600 && e.at < 1200).map((e) => [e.at, e.replicas])).toEqual([
      [600, 6],
      [615, 12],
      [630, 20],
    ]);
  });

  it('holds replicas for the 300 s scale-down window after the load drops', () => {
    // The load drops at 1200 s; the last high recommendation (20) was at 1185 s → scale-down at 1485 s.
    expect(replicasAt(events, 1470)).toBe(20);
    expect(events.filter((e) => e.at > 1200).map((e) => [e.at, e.replicas])).toEqual([[1485, 2]]);
  });
});
