import { describe, expect, it } from 'vitest';
import { SimCluster } from '../../src/cluster/sim/index.js';
import { RandomSource } from '../../src/sim/random.js';
import { SimClock } from '../../src/sim/sim-clock.js';
import { buildWorkload, workloadSchema } from '../../src/workload/config.js';
import { WorkloadDriver } from '../../src/workload/driver.js';
import { FLEETSIM_HEADER } from '../../src/workload/formats/fleetsim-row.js';
import { buildPodTemplates } from '../../src/workload/pod-template.js';
import { tempFile } from './helpers.js';

const trace = tempFile(
  'e2e.csv',
  [
    FLEETSIM_HEADER,
    'a,pod,,,default,0,30,,500,512,,,,,,,',
    'b,pod,,,default,0,,50,500,512,,,,,,,',
    ',scale,Deployment,web,shop,10,,,250,256,,,,app=web,,3,',
    ',job,,crunch,batch,20,10,,1000,1024,,,,,,4,2',
    ',scale,Deployment,web,shop,100,,,250,256,,,,app=web,,1,',
  ].join('\n'),
);

describe('workload driver on the simulated cluster', () => {
  it('creates, runs, deletes and scales what the trace says, at the trace times', () => {
    const clock = new SimClock();
    const rng = new RandomSource(1);
    const cluster = new SimCluster(clock, rng, { podStartSeconds: { median: 1, p95: 1 }, retainFinishedPods: true });
    const gib = 1024;
    const big = { cpuMillis: 16000, memoryMiB: 64 * gib, gpus: 0, pods: 110, ephemeralMiB: 100 * gib };
    cluster.registerNode({ name: 'n1', labels: {}, capacity: big, allocatable: big, providerID: 'aws:///us-east-1a/i-1', readyAfterSeconds: 0 });
    const built = buildWorkload(workloadSchema.parse([{ trace: { file: trace } }]), { rng, baseDir: '/', podTemplates: buildPodTemplates({}) });
    const driver = new WorkloadDriver(clock, cluster, built.events, { pdbs: built.pdbs });
    driver.start();

    clock.run(15);
    expect(cluster.pod('default/a')?.status.phase).toBe('Running');
    expect([...cluster.pods()].filter((p) => p.owner?.name === 'web' || p.labels.app === 'web')).toHaveLength(3);

    clock.run(60);
    // a: Running at ~1 s, runs 30 s, then Succeeded; b: deleted at 50 s.
    expect(cluster.pod('default/a')?.status.phase).toBe('Succeeded');
    expect(cluster.pod('default/b') === undefined || cluster.pod('default/b')!.status.deletionAt === 50).toBe(true);

    clock.run(200);
    expect(cluster.jobStatus('batch', 'crunch')).toMatchObject({ succeeded: 4, complete: true });
    const web = [...cluster.pods()].filter((p) => p.labels.app === 'web' && p.status.phase !== 'Succeeded' && p.status.phase !== 'Failed' && p.status.deletionAt === undefined);
    expect(web).toHaveLength(1);
    expect(driver.counts).toEqual({ pods: 2, deletes: 1, deletesMissed: 0, scales: 2, jobs: 1 });
    expect(built.stats().totals).toMatchObject({ read: 5, used: 5, events: 6 });
  });
});
