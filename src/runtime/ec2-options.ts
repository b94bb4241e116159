import type { BootTimings, MockEc2Options } from '../cloud/mock-ec2/index.js';
import type { CloudSection } from '../scenario/schema.js';

type BootInput = NonNullable<NonNullable<CloudSection['boot']>['byFamily']>[string];

function boot(b: BootInput | undefined): Partial<BootTimings> {
  if (!b) return {};
  return {
    ...(b.pendingToRunning ? { pendingToRunningSeconds: b.pendingToRunning } : {}),
    ...(b.runningToRegistered ? { runningToRegisteredSeconds: b.runningToRegistered } : {}),
    ...(b.registeredToReady ? { registeredToReadySeconds: b.registeredToReady } : {}),
    ...(b.neverRegisterProbability !== undefined ? { neverRegistersProbability: b.neverRegisterProbability } : {}),
  };
}

function mapRecord<T, U>(r: Readonly<Record<string, T>> | undefined, f: (v: T) => U): Record<string, U> | undefined {
  return r ? Object.fromEntries(Object.entries(r).map(([k, v]) => [k, f(v)])) : undefined;
}

/** The scenario's `cloud:` knobs in the mock EC2's own option names (absent knobs keep the mock's defaults). */
export function mockEc2Options(cloud: CloudSection | undefined): MockEc2Options {
  if (!cloud) return {};
  const c = cloud.capacity;
  const s = cloud.spot;
  const opts: Record<string, unknown> = {
    apiLatencySeconds: cloud.apiLatency,
    boot: cloud.boot ? boot(cloud.boot) : undefined,
    familyBoot: mapRecord(cloud.boot?.byFamily, boot),
    nodeClassBoot: mapRecord(cloud.boot?.byNodeClass, boot),
    poolDepth: c?.poolDepth,
    poolDepthOverrides: c?.poolDepthOverrides,
    iceProbability: c?.iceProbability,
    crunches: c?.crunches,
    zoneOutages: cloud.faults?.zoneOutages,
    vcpuLimits: c?.vcpuLimits,
    throttling: cloud.throttling,
    spot: s
      ? {
          ...(s.interruptions !== undefined ? { interruptions: s.interruptions } : {}),
          ...(s.interruptionMultiplier !== undefined ? { hazardMultiplier: s.interruptionMultiplier } : {}),
          ...(s.correlation !== undefined ? { correlation: s.correlation } : {}),
          ...(s.waveFraction !== undefined ? { waveFraction: s.waveFraction } : {}),
          ...(s.waveCrunch !== undefined ? { waveCrunchSeconds: s.waveCrunch } : {}),
          ...(s.rebalanceProbability !== undefined ? { rebalanceProbability: s.rebalanceProbability } : {}),
          ...(s.priceVolatility ? { priceProcess: { reversionPerHour: 0.5, volatilityPerSqrtHour: s.priceVolatility, intervalSeconds: 3600 } } : {}),
        }
      : undefined,
    asg: cloud.asg
      ? {
          ...(cloud.asg.reactionDelay ? { reactionSeconds: cloud.asg.reactionDelay } : {}),
          ...(cloud.asg.retryInterval !== undefined ? { retrySeconds: cloud.asg.retryInterval } : {}),
        }
      : undefined,
  };
  for (const k of Object.keys(opts)) if (opts[k] === undefined) delete opts[k];
  return opts as MockEc2Options;
}
