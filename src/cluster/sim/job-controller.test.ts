import { describe, expect, it } from 'vitest';
import type { SimClock } from '../../sim/sim-clock.js';
import { bareStore, podSpec } from '../../../test/cluster/fixtures.js';
import type { ClusterStore } from './cluster-store.js';
import { JobController } from './job-controller.js';

/** A Job controller on a bare store: pods stay Pending until the test finishes them. */
function bare(retainFinishedPods: boolean): { clock: SimClock; store: ClusterStore; jobs: JobController } {
  const { clock, store, createPod } = bareStore(retainFinishedPods);
  return { clock, store, jobs: new JobController(store, clock, createPod) };
}

function succeedAll(store: ClusterStore): void {
  for (const pod of [...store.pods.values()]) if (pod.status.phase === 'Pending') store.finishPod(pod, 'Succeeded');
}

describe('JobController success bookkeeping', () => {
  it('counts 3 completions with parallelism 2 and keeps no pod uid once the Job is complete and its pods are gone', () => {
    const { clock, store, jobs } = bare(false);
    jobs.create('batch', 'crunch', podSpec(), 3, 2);
    expect(store.pods.size).toBe(2);
    succeedAll(store);
    clock.run(1);
    // Two succeeded, one to go: one pod (min(parallelism, remaining)).
    expect(jobs.status('batch', 'crunch')).toEqual({ succeeded: 2, active: 1, complete: false });
    expect(jobs.trackedSuccesses).toBe(2);
    succeedAll(store);
    clock.run(2);
    expect(jobs.status('batch', 'crunch')).toEqual({ succeeded: 3, active: 0, complete: true });
    expect(store.pods.size).toBe(0);
    expect(jobs.trackedSuccesses).toBe(0);
  });

  it('counts a pod once however often it is reported Succeeded, while finished pods are still around', () => {
    const { clock, store, jobs } = bare(true);
    jobs.create('batch', 'crunch', podSpec(), 2, 2);
    succeedAll(store);
    clock.run(1);
    for (const pod of store.pods.values()) store.podUpdated(pod);
    clock.run(2);
    expect(jobs.status('batch', 'crunch')).toEqual({ succeeded: 2, active: 0, complete: true });
    // The finished pods are retained, so their uids are too.
    expect(jobs.trackedSuccesses).toBe(2);
  });
});
