import { DescribeInstancesCommand, EC2Client, RunInstancesCommand, TerminateInstancesCommand } from '@aws-sdk/client-ec2';
import { fork } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { loadCatalog } from '../src/catalog/load.js';
import { startEc2ApiServer } from '../src/cloud/ec2-api/server.js';
import { WallClock } from '../src/cloud/ec2-api/wall-clock.js';
import type { LaunchRequest } from '../src/cloud/cloud-provider.js';
import { MockEc2 } from '../src/cloud/mock-ec2/mock-ec2.js';
import { RandomSource } from '../src/sim/random.js';
import { SimClock } from '../src/sim/sim-clock.js';
import type { InstanceType } from '../src/model/index.js';
import { loadavg } from 'node:os';
import type { Benchmark, Figure } from './harness.js';

const here = dirname(fileURLToPath(import.meta.url));

/** First loadCatalog() of a fresh module instance (the JSON parse is cached per module instance). */
async function coldLoadMs(): Promise<number> {
  const url = pathToFileURL(join(here, '../src/catalog/load.ts')).href + `?cold=${process.hrtime.bigint()}`;
  const mod = (await import(url)) as { loadCatalog: typeof loadCatalog };
  const t0 = performance.now();
  mod.loadCatalog();
  return performance.now() - t0;
}

function warmLoadMs(): number {
  loadCatalog();
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    loadCatalog();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[10]!;
}

function requestFor(catalog: readonly InstanceType[], capacityType: 'on-demand' | 'spot', overrides: number): LaunchRequest {
  const pools = catalog.flatMap((t) => t.offerings.filter((o) => o.capacityType === capacityType).map((o) => ({ instanceType: t.name, zone: o.zone, capacityType })));
  return { nodeClaimName: 'bench', nodePoolName: 'default', nodeClassName: 'default', capacityType, overrides: pools.slice(0, overrides), tags: { 'karpenter.sh/nodepool': 'default', 'karpenter.sh/nodeclaim': 'bench' } };
}

/**
 * The raw bookkeeping of launch + terminate: `launchNow`/`terminateNow` (the port's `launch`/`terminate`
 * minus the API-latency event), i.e. allocation over the overrides, the instance record, the ledger entry,
 * the boot timer scheduled on the SimClock and cancelled again (and for spot the reclaim timer).
 */
function pairsPerSecond(capacityType: 'on-demand' | 'spot', overrides: number, pairs: number): { wall: number; cpu: number } {
  const catalog = loadCatalog();
  const clock = new SimClock();
  const ec2 = new MockEc2(clock, new RandomSource(1), catalog, { throttling: false });
  const req = requestFor(catalog, capacityType, overrides);
  for (let i = 0; i < 10_000; i++) {
    const r = ec2.launchNow(req);
    if (r.ok) ec2.terminateNow(r.instance.id);
  }
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < pairs; i++) {
    const r = ec2.launchNow(req);
    if (!r.ok) throw r.error;
    ec2.terminateNow(r.instance.id);
  }
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  return { wall: pairs / wall, cpu: pairs / ((c.user + c.system) / 1e6) };
}

function bytesPerLiveInstance(n: number): number {
  const catalog = loadCatalog();
  const clock = new SimClock();
  const ec2 = new MockEc2(clock, new RandomSource(1), catalog, { throttling: false, poolDepth: 10_000_000 });
  const req = requestFor(catalog, 'spot', 10);
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < n; i++) ec2.launchNow(req);
  global.gc?.();
  return (process.memoryUsage().heapUsed - before) / n;
}

interface Rate {
  readonly wall: number;
  /** Calls per CPU-second of the server process alone. */
  readonly serverCpu: number;
}

/** Child mode: serve a mock EC2 over the EC2 API and report this process's CPU time on request. */
async function childServer(): Promise<void> {
  const clock = new WallClock();
  const ec2 = new MockEc2(clock, new RandomSource(1), loadCatalog({ families: ['m5', 'c5'] }), {
    throttling: false,
    apiLatencySeconds: { min: 0, max: 0 },
    describeLatencySeconds: { min: 0, max: 0 },
    poolDepth: 10_000_000,
  });
  for (let i = 0; i < 10; i++) ec2.launchNow(requestFor(ec2.catalog, 'on-demand', 1));
  const server = await startEc2ApiServer({ ec2 });
  process.on('message', (m) => {
    if (m === 'cpu') {
      const c = process.cpuUsage();
      process.send!({ cpuSeconds: (c.user + c.system) / 1e6 });
    } else if (m === 'exit') {
      void server.close().then(() => process.exit(0));
    }
  });
  process.send!({ url: server.url });
}
if (process.argv.includes('--ec2-api-child')) await childServer();

/**
 * SDK calls against the server running in a child process (so that the SDK client's own cost, about
 * 1 ms of CPU a call, is not charged to the server): wall throughput seen by the client, and calls per
 * CPU-second of the server process.
 */
async function sdkCallsPerSecond(seconds: number, concurrency: number): Promise<{ describe: Rate; launchTerminate: Rate }> {
  const child = fork(join(here, '../bin/run-ts.mjs'), [join(here, 'mock-ec2.bench.ts'), '--ec2-api-child'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const next = <T>(): Promise<T> => new Promise((resolve) => child.once('message', (m) => resolve(m as T)));
  const { url } = await next<{ url: string }>();
  const serverCpu = async (): Promise<number> => {
    const p = next<{ cpuSeconds: number }>();
    child.send('cpu');
    return (await p).cpuSeconds;
  };
  const client = new EC2Client({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'AKIAFAKE', secretAccessKey: 'fake' }, maxAttempts: 1 });
  const run = async (op: () => Promise<unknown>, callsPerOp: number): Promise<Rate> => {
    let calls = 0;
    const cpu0 = await serverCpu();
    const t0 = performance.now();
    const end = t0 + seconds * 1000;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < end) {
          await op();
          calls += callsPerOp;
        }
      }),
    );
    const wall = (performance.now() - t0) / 1000;
    const cpu = (await serverCpu()) - cpu0;
    return { wall: calls / wall, serverCpu: calls / cpu };
  };
  await run(() => client.send(new DescribeInstancesCommand({})), 1); // warm-up
  const describe = await run(() => client.send(new DescribeInstancesCommand({ Filters: [{ Name: 'instance-state-name', Values: ['pending', 'running'] }] })), 1);
  const launchTerminate = await run(async () => {
    const r = await client.send(new RunInstancesCommand({ ImageId: 'ami-1', InstanceType: 'm5.large', MinCount: 1, MaxCount: 1 }));
    await client.send(new TerminateInstancesCommand({ InstanceIds: [r.Instances![0]!.InstanceId!] }));
  }, 2);
  client.destroy();
  child.send('exit');
  await new Promise((r) => child.once('exit', r));
  return { describe, launchTerminate };
}

export const benchmarks: Benchmark[] = [
  {
    name: 'mock-ec2',
    async run(): Promise<Figure[]> {
      const out: Figure[] = [];
      out.push({ figure: 'catalog: loadCatalog() cold (parse + build 1345 types)', value: await coldLoadMs(), unit: 'ms', target: { op: '<=', value: 50 } });
      out.push({ figure: 'catalog: loadCatalog() warm (median of 20)', value: warmLoadMs(), unit: 'ms', target: { op: '<=', value: 50 } });
      // The machine may be shared: figures "per CPU-second" divide by this process's own CPU time.
      out.push({ figure: 'context: 1-min load average at start (2 cores)', value: loadavg()[0]!, unit: '' });
      const pairFigures = (label: string, r: { wall: number; cpu: number }, target?: number): void => {
        out.push({ figure: `mock-ec2: launchNow+terminateNow pairs, ${label}`, value: r.wall, unit: 'pairs/s', ...(target ? { target: { op: '>=', value: target } as const } : {}) });
        out.push({ figure: `mock-ec2: launchNow+terminateNow pairs, ${label}, per CPU-second`, value: r.cpu, unit: 'pairs/s' });
      };
      pairFigures('on-demand, 10 overrides', pairsPerSecond('on-demand', 10, 500_000), 200_000);
      pairFigures('spot PCO, 10 overrides', pairsPerSecond('spot', 10, 300_000));
      pairFigures('spot PCO, 60 overrides', pairsPerSecond('spot', 60, 200_000));
      out.push({ figure: 'mock-ec2: heap per live spot instance (100k live)', value: bytesPerLiveInstance(100_000), unit: 'bytes' });
      const sdk = await sdkCallsPerSecond(3, 32);
      for (const [label, r] of [['DescribeInstances', sdk.describe], ['RunInstances+TerminateInstances', sdk.launchTerminate]] as const) {
        out.push({ figure: `ec2-api: SDK ${label} calls/s (loopback, 32 in flight)`, value: r.wall, unit: 'calls/s', target: { op: '>=', value: 2000 } });
        out.push({ figure: `ec2-api: ${label} calls per server CPU-second (server capacity)`, value: r.serverCpu, unit: 'calls/s', target: { op: '>=', value: 2000 } });
      }
      return out;
    },
  },
];
