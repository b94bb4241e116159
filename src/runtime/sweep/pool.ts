import { Worker } from 'node:worker_threads';

/** A run that failed inside a worker thread (its message and the job it was running). */
export class SweepRunError extends Error {
  override readonly name = 'SweepRunError';
  readonly code = 'SWEEP_RUN_FAILED';
}

interface WorkerMessage<R> {
  readonly index: number;
  readonly result?: R;
  readonly error?: { readonly message: string };
}

/**
 * Run `jobs` on `size` worker threads started from `entry` (a module that answers `{ index, job }`
 * messages with `{ index, result }` or `{ index, error }`). Results come back in job order whatever
 * the finishing order. The first failure stops every worker and rejects.
 */
export function runOnWorkers<J, R>(
  entry: URL,
  jobs: readonly J[],
  size: number,
  finished: (index: number, result: R) => void,
  describe: (job: J) => string,
): Promise<R[]> {
  return new Promise((resolve, reject) => {
    const results: R[] = new Array<R>(jobs.length);
    if (jobs.length === 0) {
      resolve(results);
      return;
    }
    let next = 0;
    let done = 0;
    let failed = false;
    const pool: Worker[] = [];
    const retired = new Set<Worker>();
    const retire = (w: Worker): void => {
      retired.add(w);
      void w.terminate();
    };
    const stopAll = (): void => {
      for (const w of pool) retire(w);
    };
    const fail = (e: Error): void => {
      if (failed) return;
      failed = true;
      stopAll();
      reject(e);
    };
    const feed = (w: Worker): void => {
      if (failed) return;
      if (next >= jobs.length) {
        retire(w);
        return;
      }
      const index = next++;
      w.postMessage({ index, job: jobs[index] });
    };
    for (let i = 0; i < Math.max(1, Math.min(size, jobs.length)); i++) {
      const w = new Worker(entry);
      pool.push(w);
      w.on('message', (msg: WorkerMessage<R>) => {
        if (failed) return;
        if (msg.error) {
          fail(new SweepRunError(`${describe(jobs[msg.index]!)}: ${msg.error.message}`));
          return;
        }
        results[msg.index] = msg.result!;
        finished(msg.index, msg.result!);
        if (++done === jobs.length) {
          stopAll();
          resolve(results);
        } else feed(w);
      });
      w.on('error', (e) => fail(e));
      w.on('exit', (code) => {
        if (!retired.has(w)) fail(new SweepRunError(`a worker thread exited unexpectedly (code ${code})`));
      });
      feed(w);
    }
  });
}

/** The same contract in this thread, one job after another (workers = 1, tests, debugging). */
export async function runInline<J, R>(
  jobs: readonly J[],
  run: (job: J) => Promise<R>,
  finished: (index: number, result: R) => void,
  describe: (job: J) => string,
): Promise<R[]> {
  const out: R[] = [];
  for (const [i, job] of jobs.entries()) {
    let result: R;
    try {
      result = await run(job);
    } catch (e) {
      throw new SweepRunError(`${describe(job)}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    out.push(result);
    finished(i, result);
  }
  return out;
}
