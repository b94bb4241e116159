import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { guessFormat } from '../../src/workload/formats/index.js';
import { inspectTrace } from '../../src/workload/inspect.js';
import { readTrace, TRACES } from './helpers.js';

const shipped = [
  ...readdirSync(TRACES).filter((f) => /\.(csv|jsonl)$/.test(f)),
  ...readdirSync(join(TRACES, 'simkube')).map((f) => `simkube/${f}`),
  ...readdirSync(join(TRACES, 'azure')).map((f) => `azure/${f}`),
];

describe('shipped sample traces', () => {
  it.each(shipped)('%s reads without a bad row', (name) => {
    const file = join(TRACES, name);
    const format = guessFormat(file)!;
    const { events, stats } = readTrace(format, file, { options: format === 'azure-llm' ? { capacityPerReplica: 1 } : undefined });
    expect(stats.skipped).toBe(0);
    expect(events.length).toBeGreaterThan(0);
    for (let i = 1; i < events.length; i++) expect(events[i]!.at).toBeGreaterThanOrEqual(events[i - 1]!.at);
  });

  it('mixed-day.csv holds a day of web, batch, cron and burst load on the templates web and batch', () => {
    const r = inspectTrace(join(TRACES, 'mixed-day.csv'));
    expect(r.timeSpan.lastSeconds).toBeLessThan(86400);
    expect(r.counts.deployments).toBe(2);
    // Poisson at 2 pods/min for 24 h: 2880 expected (sd ≈ 54).
    expect(Math.abs(r.counts.pods - 2880)).toBeLessThan(220);
    // One nightly report at 02:00 and six ETL waves of 3 Jobs.
    expect(r.counts.jobs).toBe(1 + 6 * 3);
    const templates = new Set(readTrace('fleetsim', join(TRACES, 'mixed-day.csv')).events.map((e) => (e.kind === 'pod' ? e.spec : e.kind === 'delete-pod' ? undefined : e.template)?.labels['fleetsim.io/template']));
    expect([...templates].filter(Boolean).sort()).toEqual(['batch', 'web']);
  });

  it('the converted SimKube samples match their sources', () => {
    for (const name of ['simkube-cronjob', 'simkube-bare-pods', 'simkube-dsb-scaling']) {
      const a = readTrace('simkube', join(TRACES, 'simkube', `${name}.sktrace`)).events;
      const b = readTrace('fleetsim', join(TRACES, 'simkube', `${name}.csv`)).events;
      expect(b.map((e) => [e.kind, e.at])).toEqual(a.map((e) => [e.kind, e.at]));
    }
  });
});
