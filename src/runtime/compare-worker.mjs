// Worker thread entry for `fleetsim compare`: loads TypeScript through tsx, then runs jobs on request.
import { register } from 'tsx/esm/api';
import { parentPort } from 'node:worker_threads';

register();
const { runJob } = await import('./compare.ts');
parentPort.on('message', async ({ index, job }) => {
  try {
    const result = await runJob(job);
    parentPort.postMessage({ index, result });
  } catch (e) {
    parentPort.postMessage({ index, error: { message: e instanceof Error ? e.message : String(e) } });
  }
});
