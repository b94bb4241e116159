// Worker thread entry for `fleetsim sweep`: loads TypeScript through tsx, then runs jobs on request.
import { register } from 'tsx/esm/api';
import { parentPort } from 'node:worker_threads';

register();
const { runSweepJob } = await import('./run-job.ts');
parentPort.on('message', async ({ index, job }) => {
  try {
    const result = await runSweepJob(job);
    parentPort.postMessage({ index, result });
  } catch (e) {
    parentPort.postMessage({ index, error: { message: e instanceof Error ? e.message : String(e) } });
  }
});
