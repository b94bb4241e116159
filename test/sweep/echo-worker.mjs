// A stand-in worker for the pool tests: answers { index, job } after job.delayMs with job.value * 2, or
// with an error when job.fail is set, or exits the thread when job.exit is set.
import { parentPort } from 'node:worker_threads';

parentPort.on('message', ({ index, job }) => {
  if (job.exit) process.exit(3);
  setTimeout(() => {
    if (job.fail) parentPort.postMessage({ index, error: { message: `job ${job.value} failed` } });
    else parentPort.postMessage({ index, result: { value: job.value * 2, thread: job.value } });
  }, job.delayMs);
});
