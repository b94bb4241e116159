import { describe, expect, it } from 'vitest';
import type { Pod, PodDisruptionBudget, PodSpec } from '../model/index.js';
import { Priority } from '../sim/clock.js';
import { SimClock } from '../sim/sim-clock.js';
import { WorkloadDriver, type DriverCluster } from './driver.js';
import { BARE_SPEC } from './pod-template.js';
import type { WorkloadEvent } from './types.js';

/** Records what the driver asks of the cluster, with the simulated time. */
class FakeCluster implements DriverCluster {
  readonly calls: string[] = [];
  private readonly live = new Map<string, Pod>();
  constructor(private readonly clock: SimClock) {}
  createPod(spec: PodSpec, name?: string): Pod {
    const uid = `uid-${name}`;
    const pod = { ...spec, uid, name: name ?? uid, createdAt: this.clock.now(), status: { phase: 'Pending' as const, unschedulable: false } };
    this.live.set(uid, pod);
    this.calls.push(`${this.clock.now()} create ${name}`);
    return pod;
  }
  pod(uid: string): Pod | undefined {
    return this.live.get(uid);
  }
  deletePod(uid: string): void {
    this.live.delete(uid);
    this.calls.push(`${this.clock.now()} delete ${uid}`);
  }
  scaleDeployment(namespace: string, name: string, replicas: number): void {
    this.calls.push(`${this.clock.now()} scale ${namespace}/${name}=${replicas}`);
  }
  createJob(namespace: string, name: string, _t: PodSpec, completions: number, parallelism: number): void {
    this.calls.push(`${this.clock.now()} job ${namespace}/${name} ${completions}/${parallelism}`);
  }
  addPdb(pdb: PodDisruptionBudget): void {
    this.calls.push(`${this.clock.now()} pdb ${pdb.name}`);
  }
  addDaemonSet(): void {}
}

const pod = (at: number, id: string): WorkloadEvent => ({ kind: 'pod', at, id, spec: BARE_SPEC });

describe('WorkloadDriver', () => {
  it('applies each event at its time, in order, with deletes mapped to the created pod', () => {
    const clock = new SimClock();
    const cluster = new FakeCluster(clock);
    const events: WorkloadEvent[] = [
      pod(0, 'a'),
      pod(5, 'b'),
      pod(5, 'c'),
      { kind: 'scale', at: 7.5, namespace: 'web', name: 'front', replicas: 3, template: BARE_SPEC },
      { kind: 'delete-pod', at: 9, id: 'b' },
      { kind: 'job', at: 12, namespace: 'ml', name: 'train', template: BARE_SPEC, completions: 4, parallelism: 2 },
      { kind: 'delete-pod', at: 13, id: 'b' },
      { kind: 'delete-pod', at: 14, id: 'never-created' },
    ];
    const pdb: PodDisruptionBudget = { name: 'web-pdb', namespace: 'web', selector: {}, maxUnavailable: 1 };
    const driver = new WorkloadDriver(clock, cluster, events, { pdbs: [pdb] });
    driver.start();
    clock.run(100);
    expect(cluster.calls).toEqual([
      '0 pdb web-pdb',
      '0 create a',
      '5 create b',
      '5 create c',
      '7.5 scale web/front=3',
      '9 delete uid-b',
      '12 job ml/train 4/2',
    ]);
    expect(driver.counts).toEqual({ pods: 3, deletes: 1, deletesMissed: 2, scales: 1, jobs: 1 });
    expect(driver.finished).toBe(true);
  });

  it('holds at most one event ahead: pulls lazily as time advances', () => {
    const clock = new SimClock();
    const cluster = new FakeCluster(clock);
    let pulled = 0;
    function* source(): Generator<WorkloadEvent> {
      for (let i = 0; i < 1000; i++) {
        pulled++;
        yield pod(i * 10, `p${i}`);
      }
    }
    const driver = new WorkloadDriver(clock, cluster, source());
    driver.start();
    expect(pulled).toBe(1);
    while (clock.step()) {
      expect(pulled - driver.counts.pods).toBeLessThanOrEqual(1);
      expect(clock.pending).toBeLessThanOrEqual(1);
    }
    expect(driver.counts.pods).toBe(1000);
  });

  it('runs before controllers scheduled for the same instant (Priority.world)', () => {
    const clock = new SimClock();
    const cluster = new FakeCluster(clock);
    clock.schedule(10, () => cluster.calls.push('10 controller'), Priority.controller);
    new WorkloadDriver(clock, cluster, [pod(10, 'x')]).start();
    clock.run(20);
    expect(cluster.calls).toEqual(['10 create x', '10 controller']);
  });

  it('counts times from when it starts (a clock not at 0, as in live mode)', () => {
    const clock = new SimClock(1000);
    const cluster = new FakeCluster(clock);
    new WorkloadDriver(clock, cluster, [pod(0, 'a'), pod(30, 'b')]).start();
    clock.run(2000);
    expect(cluster.calls).toEqual(['1000 create a', '1030 create b']);
  });

  it('stop() drops what is left; a bad event time throws', () => {
    const clock = new SimClock();
    const cluster = new FakeCluster(clock);
    const d = new WorkloadDriver(clock, cluster, [pod(0, 'a'), pod(10, 'b')]);
    d.start();
    clock.run(5);
    d.stop();
    clock.run(50);
    expect(cluster.calls).toEqual(['0 create a']);
    expect(() => new WorkloadDriver(clock, cluster, [pod(-1, 'x')]).start()).toThrow('times must be finite and >= 0');
  });
});
