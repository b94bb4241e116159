import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { WorkloadEvent } from '../types.js';
import { errorOf, pods, readTrace, tempFile, TRACES } from '../../../test/workload/helpers.js';

const gpuSample = join(TRACES, 'formats', 'alibaba-gpu-2023-openb-pod-list-sample.csv');
const batchSample = join(TRACES, 'formats', 'alibaba-2018-batch-task-sample.csv');
const containerSample = join(TRACES, 'formats', 'alibaba-2018-container-meta-sample.csv');
type Job = Extract<WorkloadEvent, { kind: 'job' }>;
type Scale = Extract<WorkloadEvent, { kind: 'scale' }>;

describe('Alibaba cluster-trace-gpu-v2023 pod list', () => {
  it('pods at creation_time; scheduled pods run deletion − scheduled; never-scheduled pods are deleted', () => {
    const { events, stats } = readTrace('alibaba-gpu-2023', gpuSample);
    expect(events.map((e) => [e.kind, e.kind === 'pod' || e.kind === 'delete-pod' ? e.id : '', e.at])).toEqual([
      ['pod', 'openb-pod-0000', 0],
      ['pod', 'openb-pod-0001', 100],
      ['pod', 'openb-pod-0002', 200],
      ['pod', 'openb-pod-0003', 300],
      ['pod', 'openb-pod-0004', 400],
      ['pod', 'openb-pod-0005', 500],
      ['delete-pod', 'openb-pod-0003', 900],
    ]);
    const p = pods(events);
    expect(p.map((x) => x.spec.durationSeconds)).toEqual([12000, 4880, 500, undefined, 990, undefined]);
    expect(p[0]!.spec.requests).toMatchObject({ cpuMillis: 12000, memoryMiB: 16384, gpus: 1 });
    expect(p[4]!.spec.requests).toMatchObject({ cpuMillis: 88000, memoryMiB: 327680, gpus: 8 });
    // Empty cpu/memory/GPU fields count as zero.
    expect(p[5]!.spec.requests).toMatchObject({ cpuMillis: 0, memoryMiB: 0, gpus: 0 });
    expect(p.map((x) => [x.spec.namespace, x.spec.priority])).toEqual([
      ['ls', 1000],
      ['ls', 1000],
      ['be', 0],
      ['burstable', 500],
      ['guaranteed', 1000],
      ['be', 0],
    ]);
    expect(stats).toMatchObject({ read: 6, skipped: 0, filtered: 0 });
  });

  it('a fractional GPU asks for one whole GPU and records its share; or is filtered', () => {
    const shared = pods(readTrace('alibaba-gpu-2023', gpuSample).events)[1]!;
    expect(shared.spec.requests.gpus).toBe(1);
    expect(shared.spec.annotations['fleetsim.io/gpu-milli']).toBe('460');
    const { events, stats } = readTrace('alibaba-gpu-2023', gpuSample, { options: { fractionalGpu: 'skip' } });
    expect(pods(events).map((x) => x.id)).not.toContain('openb-pod-0001');
    expect(stats.filtered).toBe(1);
  });

  it('never-ran pods can be filtered', () => {
    const { events, stats } = readTrace('alibaba-gpu-2023', gpuSample, { options: { neverRan: 'skip' } });
    expect(events.map((e) => e.kind === 'pod' && e.id)).not.toContain('openb-pod-0003');
    expect(events.some((e) => e.kind === 'delete-pod')).toBe(false);
    expect(stats.filtered).toBe(1);
  });

  it('gpuSpecAffinity turns V100 specs into affinity on the AWS GPU name', () => {
    const p = pods(readTrace('alibaba-gpu-2023', gpuSample, { options: { gpuSpecAffinity: true } }).events)[2]!;
    expect(p.spec.affinity?.nodeAffinity?.required).toEqual([{ matchExpressions: [{ key: 'karpenter.k8s.aws/instance-gpu-name', operator: 'In', values: ['v100'] }] }]);
  });

  it('bad rows name line, column and reason', () => {
    const head = 'name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time';
    const file = tempFile('openb_pod_list_bad.csv', `${head}\np1,1000,10,0,0,,BE,Running,100,50,100\n`);
    // "p1,1000,10,0,0,,BE,Running,100," is 31 characters: deletion_time starts at column 32.
    expect(errorOf(() => readTrace('alibaba-gpu-2023', file))).toBe(`${file}:2:32: deletion_time: before creation_time (100)`);
    const noCreation = tempFile('openb2.csv', `${head}\np1,1000,10,0,0,,BE,Running,,50,\n`);
    expect(errorOf(() => readTrace('alibaba-gpu-2023', noCreation))).toContain('creation_time: required');
    const qos = tempFile('openb3.csv', `${head}\np1,1000,10,0,0,,Gold,Running,1,50,\n`);
    expect(errorOf(() => readTrace('alibaba-gpu-2023', qos))).toContain('qos: expected LS, BE, Burstable or Guaranteed, found "Gold"');
  });
});

describe('Alibaba cluster-trace-v2018', () => {
  it('batch_task: each task is a Job of instance_num pods; plan_cpu 100 = 1 core; plan_mem % of the reference machine', () => {
    const { events, stats } = readTrace('alibaba-2018-batch', batchSample);
    const jobs = events as Job[];
    expect(jobs.map((j) => [j.name, j.at, j.completions, j.parallelism, j.template.durationSeconds])).toEqual([
      ['j-1-m1', 100, 10, 10, 60],
      ['j-2-m1', 150, 4, 4, 300],
      ['j-1-r2-1', 160, 1, 1, 40],
      ['j-3-m1', 300, 2, 2, undefined],
    ]);
    // 0.39 % of 512 GiB (524288 MiB) = 2044.7 → 2045 MiB; plan_cpu 100 → 1000m.
    expect(jobs[0]!.template.requests).toMatchObject({ cpuMillis: 1000, memoryMiB: 2045 });
    expect(jobs[1]!.template.requests).toMatchObject({ cpuMillis: 2000, memoryMiB: 7864 });
    expect(jobs[0]!.namespace).toBe('batch');
    expect(stats).toMatchObject({ read: 5, filtered: 1 });
  });

  it('container_meta: replicas of each app follow its containers alive', () => {
    const { events } = readTrace('alibaba-2018-containers', containerSample);
    const scales = events as Scale[];
    expect(scales.map((s) => [s.at, s.name, s.replicas])).toEqual([
      [0, 'app-1', 2],
      [50, 'app-2', 1],
      [100, 'app-1', 3],
      [200, 'app-1', 2],
    ]);
    // cpu_request 400 → 4 cores; mem_size 1.56 % of 524288 MiB = 8178.9 → 8179 MiB.
    expect(scales[0]!.template.requests).toMatchObject({ cpuMillis: 4000, memoryMiB: 8179 });
    expect(scales[0]!.namespace).toBe('online');
  });

  it('bad rows', () => {
    const file = tempFile('batch_task.csv', 'M1,x,j_1,1,Terminated,100,160,100,0.39\n');
    expect(errorOf(() => readTrace('alibaba-2018-batch', file))).toBe(`${file}:1:4: instance_num: expected a number, found "x"`);
    const back = tempFile('batch_task2.csv', 'M1,1,j_1,1,Terminated,100,60,100,0.39\n');
    expect(errorOf(() => readTrace('alibaba-2018-batch', back))).toContain('end_time: before start_time (100)');
  });
});
