import { describe, expect, it } from 'vitest';
import { runInline, runOnWorkers, SweepRunError } from '../../src/runtime/sweep/pool.js';

interface EchoJob {
  readonly value: number;
  readonly delayMs: number;
  readonly fail?: boolean;
  readonly exit?: boolean;
}

const ECHO = new URL('./echo-worker.mjs', import.meta.url);
const describeJob = (j: EchoJob): string => `job ${j.value}`;

describe('the sweep worker pool', () => {
  it('returns results in job order whatever order the threads finish in, and reports each as it finishes', async () => {
    // later jobs finish first
    const jobs: EchoJob[] = [0, 1, 2, 3, 4].map((value) => ({ value, delayMs: (5 - value) * 30 }));
    const seen: number[] = [];
    const results = await runOnWorkers<EchoJob, { value: number }>(ECHO, jobs, 3, (i) => seen.push(i), describeJob);
    expect(results.map((r) => r.value)).toEqual([0, 2, 4, 6, 8]);
    expect(seen.sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('handles no jobs and more threads than jobs', async () => {
    expect(await runOnWorkers(ECHO, [], 4, () => undefined, describeJob)).toEqual([]);
    const one = await runOnWorkers<EchoJob, { value: number }>(ECHO, [{ value: 7, delayMs: 0 }], 8, () => undefined, describeJob);
    expect(one.map((r) => r.value)).toEqual([14]);
  });

  it('rejects with the failing job named when a run fails, or when a thread dies', async () => {
    const jobs: EchoJob[] = [{ value: 1, delayMs: 0 }, { value: 2, delayMs: 10, fail: true }, { value: 3, delayMs: 0 }];
    await expect(runOnWorkers(ECHO, jobs, 2, () => undefined, describeJob)).rejects.toThrow(new SweepRunError('job 2: job 2 failed'));
    await expect(runOnWorkers(ECHO, [{ value: 1, delayMs: 0, exit: true }], 1, () => undefined, describeJob)).rejects.toThrow(/exited unexpectedly \(code 3\)/);
  });

  it('runs inline with the same contract', async () => {
    const double = (j: EchoJob): Promise<number> => (j.fail ? Promise.reject(new Error('boom')) : Promise.resolve(j.value * 2));
    expect(await runInline([{ value: 1, delayMs: 0 }, { value: 2, delayMs: 0 }], double, () => undefined, describeJob)).toEqual([2, 4]);
    await expect(runInline([{ value: 5, delayMs: 0, fail: true }], double, () => undefined, describeJob)).rejects.toThrow('job 5: boom');
  });

  it('reports a run that fails in the real sweep worker as a failed run, naming it', async () => {
    const entry = new URL('../../src/runtime/sweep/sweep-worker.mjs', import.meta.url);
    const job = { file: 'broken.yaml', text: 'name: [unclosed', policy: 'static', seed: 1, outDir: '/nonexistent/run' };
    await expect(runOnWorkers(entry, [job], 1, () => undefined, (j) => `run ${j.outDir}`)).rejects.toSatisfy(
      (e: unknown) => e instanceof SweepRunError && e.message.startsWith('run /nonexistent/run: broken.yaml:1:'),
    );
  });
});
