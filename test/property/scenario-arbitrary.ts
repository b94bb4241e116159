import fc from 'fast-check';

/**
 * fast-check arbitraries for small, random but valid scenario documents (the YAML's object form): a few
 * NodePools, CA node groups, pod templates and generators, faults, horizons of 30 min – 3 h. Kept small so
 * that one run under one policy takes a fraction of a second.
 */

export type Doc = Record<string, unknown>;

const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
/** Families the catalog is cut to (amd64 general, compute, memory, burstable, GPU). */
const FAMILIES = ['m5', 'c5', 'r5', 'm6i', 't3', 'g4dn'];
const SIZES = ['large', 'xlarge', '2xlarge', '4xlarge'];
const TAINT = { key: 'dedicated', value: 'batch', effect: 'NoSchedule' };

const durationText = (minS: number, maxS: number): fc.Arbitrary<string> => fc.integer({ min: minS, max: maxS }).map((s) => `${s}s`);

const budget = fc.record(
  {
    nodes: fc.oneof(fc.constantFrom('0', '1', '2', '5'), fc.constantFrom('0%', '10%', '34%', '50%', '100%')),
    reasons: fc.subarray(['Empty', 'Drifted', 'Underutilized'], { minLength: 1 }),
  },
  { requiredKeys: ['nodes'] },
);

interface PoolChoice {
  readonly name: string;
  readonly families: string[];
  readonly sizes: string[];
  readonly capacityTypes: string[];
  readonly tainted: boolean;
}

function nodePool(p: PoolChoice): fc.Arbitrary<Doc> {
  return fc
    .record({
      weight: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
      budgets: fc.option(fc.array(budget, { minLength: 1, maxLength: 3 }), { nil: undefined }),
      consolidationPolicy: fc.constantFrom('WhenEmpty', 'WhenEmptyOrUnderutilized'),
      consolidateAfter: fc.constantFrom('0s', '30s', '5m', 'Never'),
      expireAfter: fc.constantFrom('20m', '1h', '720h', 'Never'),
      cpuLimit: fc.option(fc.integer({ min: 8, max: 96 }), { nil: undefined, freq: 3 }),
      nodeLimit: fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined, freq: 4 }),
    })
    .map((o) => {
      const limits: Record<string, unknown> = {};
      if (o.cpuLimit !== undefined) limits.cpu = String(o.cpuLimit);
      if (o.nodeLimit !== undefined) limits.nodes = String(o.nodeLimit);
      const policy = o.consolidationPolicy;
      return {
        apiVersion: 'karpenter.sh/v1',
        kind: 'NodePool',
        metadata: { name: p.name },
        spec: {
          ...(o.weight !== undefined ? { weight: o.weight } : {}),
          template: {
            spec: {
              nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' },
              requirements: [
                { key: 'karpenter.sh/capacity-type', operator: 'In', values: p.capacityTypes },
                { key: 'karpenter.k8s.aws/instance-family', operator: 'In', values: p.families },
                { key: 'karpenter.k8s.aws/instance-size', operator: 'In', values: p.sizes },
              ],
              ...(p.tainted ? { taints: [TAINT] } : {}),
              expireAfter: o.expireAfter,
            },
          },
          disruption: {
            consolidationPolicy: policy,
            consolidateAfter: o.consolidateAfter,
            ...(o.budgets ? { budgets: o.budgets } : {}),
          },
          ...(Object.keys(limits).length > 0 ? { limits } : {}),
        },
      };
    });
}

/** An EC2NodeClass `default` with the AMI alias (tests build scenarios from these too). */
export const nodeClass = (ami: string): Doc => ({
  apiVersion: 'karpenter.k8s.aws/v1',
  kind: 'EC2NodeClass',
  metadata: { name: 'default' },
  spec: {
    amiSelectorTerms: [{ alias: ami }],
    role: 'KarpenterNodeRole-prop',
    subnetSelectorTerms: [{ tags: { 'karpenter.sh/discovery': 'prop' } }],
    securityGroupSelectorTerms: [{ tags: { 'karpenter.sh/discovery': 'prop' } }],
  },
});

/** A karpenter.sh/v1 NodePool over the `default` EC2NodeClass: requirements, disruption and limits as given. */
export function nodePoolDoc(name: string, o: { requirements: readonly Doc[]; disruption?: Doc; limits?: Doc }): Doc {
  return {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    metadata: { name },
    spec: {
      template: { spec: { nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' }, requirements: o.requirements } },
      ...(o.disruption ? { disruption: o.disruption } : {}),
      ...(o.limits ? { limits: o.limits } : {}),
    },
  };
}

function poolChoice(families: string[], name: string): fc.Arbitrary<PoolChoice> {
  return fc.record({
    name: fc.constant(name),
    families: fc.subarray(families, { minLength: 1 }),
    sizes: fc.subarray(SIZES, { minLength: 1 }),
    capacityTypes: fc.subarray(['spot', 'on-demand'], { minLength: 1 }),
    tainted: fc.boolean(),
  });
}

function caGroup(families: string[], zones: string[], i: number): fc.Arbitrary<Doc> {
  return fc
    .record({
      family: fc.constantFrom(...families),
      // Sizes every family of FAMILIES has (g4dn starts at xlarge, t3 ends at 2xlarge).
      size: fc.constantFrom('xlarge', '2xlarge'),
      min: fc.integer({ min: 0, max: 2 }),
      extra: fc.integer({ min: 0, max: 6 }),
      spot: fc.boolean(),
      tainted: fc.boolean(),
    })
    .map((g) => ({
      name: `ng-${i}-${g.family}-${g.spot ? 'spot' : 'od'}`,
      minSize: g.min,
      maxSize: g.min + g.extra,
      instanceType: `${g.family}.${g.size}`,
      capacityType: g.spot ? 'spot' : 'on-demand',
      availabilityZones: zones,
      ...(g.tainted ? { taints: [TAINT] } : {}),
    }));
}

const requests = fc.oneof(
  { weight: 9, arbitrary: fc.record({ cpu: fc.integer({ min: 50, max: 3500 }).map((m) => `${m}m`), memory: fc.integer({ min: 64, max: 12288 }).map((m) => `${m}Mi`) }) },
  // Fits only the larger sizes, or none the NodePools / node groups allow (all within the catalog).
  { weight: 1, arbitrary: fc.constant({ cpu: '7', memory: '1Gi' }) },
);

function podTemplate(name: string): fc.Arbitrary<Doc> {
  return fc
    .record({
      requests,
      tolerates: fc.boolean(),
      // us-east-1z: a zone no node is ever in (such pods stay pending).
      zoneSelector: fc.option(fc.constantFrom(...ZONES, 'us-east-1z'), { nil: undefined, freq: 5 }),
      capacityTypeSelector: fc.option(fc.constantFrom('spot', 'on-demand'), { nil: undefined, freq: 5 }),
      spread: fc.option(
        fc.record({
          maxSkew: fc.integer({ min: 1, max: 2 }),
          topologyKey: fc.constantFrom('topology.kubernetes.io/zone', 'kubernetes.io/hostname'),
          whenUnsatisfiable: fc.constantFrom('DoNotSchedule', 'ScheduleAnyway'),
        }),
        { nil: undefined, freq: 3 },
      ),
      antiAffinity: fc.option(fc.constantFrom('kubernetes.io/hostname', 'topology.kubernetes.io/zone'), { nil: undefined, freq: 5 }),
      doNotDisrupt: fc.option(fc.boolean(), { nil: undefined }),
      pdb: fc.option(
        fc.oneof(
          fc.record({ minAvailable: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constantFrom('0%', '50%', '80%', '100%')) }),
          fc.record({ maxUnavailable: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom('0%', '20%', '50%')) }),
        ),
        { nil: undefined, freq: 3 },
      ),
    })
    .map((t) => {
      const nodeSelector: Record<string, string> = {};
      if (t.zoneSelector) nodeSelector['topology.kubernetes.io/zone'] = t.zoneSelector;
      if (t.capacityTypeSelector) nodeSelector['karpenter.sh/capacity-type'] = t.capacityTypeSelector;
      const labelSelector = { matchLabels: { app: name } };
      return {
        requests: t.requests,
        labels: { app: name },
        ...(Object.keys(nodeSelector).length > 0 ? { nodeSelector } : {}),
        ...(t.tolerates ? { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'batch', effect: 'NoSchedule' }] } : {}),
        ...(t.spread ? { topologySpreadConstraints: [{ ...t.spread, labelSelector }] } : {}),
        ...(t.antiAffinity
          ? { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector, topologyKey: t.antiAffinity }] } } }
          : {}),
        ...(t.doNotDisrupt !== undefined ? { doNotDisrupt: t.doNotDisrupt } : {}),
        ...(t.pdb ? { pdb: t.pdb } : {}),
      };
    });
}

const podDuration = fc.oneof(
  fc.integer({ min: 60, max: 3600 }).map((s) => ({ fixed: `${s}s` })),
  fc.integer({ min: 120, max: 2400 }).map((s) => ({ exponential: { mean: `${s}s` } })),
);

function generator(i: number, templates: string[], horizonS: number): fc.Arbitrary<Doc> {
  const template = fc.constantFrom(...templates);
  const start = fc.integer({ min: 0, max: Math.floor(horizonS / 2) });
  return fc.oneof(
    fc.record({ template, start, rate: fc.integer({ min: 2, max: 30 }), duration: podDuration }).map((g) => ({
      generator: 'poisson',
      template: g.template,
      start: `${g.start}s`,
      until: `${Math.min(horizonS, g.start + 1800)}s`,
      ratePerHour: g.rate,
      duration: g.duration,
    })),
    fc.record({ template, at: start, replicas: fc.integer({ min: 1, max: 12 }), hold: fc.option(durationText(300, 3600), { nil: undefined }) }).map((g) => ({
      generator: 'burst',
      name: `burst-${i}`,
      template: g.template,
      at: `${g.at}s`,
      replicas: g.replicas,
      ...(g.hold ? { hold: g.hold } : {}),
    })),
    fc
      .record({
        template,
        start,
        interval: fc.integer({ min: 600, max: 3600 }),
        waves: fc.integer({ min: 1, max: 3 }),
        completions: fc.integer({ min: 1, max: 6 }),
        parallelism: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
        duration: podDuration,
      })
      .map((g) => ({
        generator: 'batch-waves',
        name: `batch-${i}`,
        template: g.template,
        start: `${g.start}s`,
        interval: `${g.interval}s`,
        waves: g.waves,
        completions: g.completions,
        ...(g.parallelism !== undefined ? { parallelism: g.parallelism } : {}),
        duration: g.duration,
      })),
  );
}

const faults = fc.record(
  {
    interruptionMultiplier: fc.constantFrom(0, 1, 50, 400),
    correlation: fc.constantFrom(0, 0.5),
    iceProbability: fc.constantFrom(0, 0.1, 0.5),
    neverRegisterProbability: fc.constantFrom(0, 0.1, 0.3),
    slowBoot: fc.boolean(),
  },
  { requiredKeys: [] },
);


export interface ScenarioOptions {
  /** Include a static.nodes section (for the static policy; its nodes exist at time zero, random ICE never hits them). */
  readonly staticNodes?: boolean;
}

/** A whole scenario document with karpenter, clusterAutoscaler (and optionally static) sections. */
export function scenarioDoc(opts: ScenarioOptions = {}): fc.Arbitrary<Doc> {
  return fc
    .record({
      horizonS: fc.integer({ min: 1800, max: 3 * 3600 }),
      zones: fc.subarray(ZONES, { minLength: 1 }),
      families: fc.subarray(FAMILIES, { minLength: 1, maxLength: 3 }),
      templateCount: fc.integer({ min: 1, max: 3 }),
      poolCount: fc.integer({ min: 1, max: 2 }),
      groupCount: fc.integer({ min: 1, max: 3 }),
      generatorCount: fc.integer({ min: 1, max: 3 }),
      amiChangeAt: fc.option(fc.integer({ min: 600, max: 3 * 3600 }), { nil: undefined, freq: 3 }),
      faults,
      seed: fc.integer({ min: 1, max: 1_000_000 }),
    })
    .chain((b) => {
      const templateNames = Array.from({ length: b.templateCount }, (_, i) => `t${i}`);
      const zones = b.zones;
      return fc
        .record({
          pools: fc.tuple(...Array.from({ length: b.poolCount }, (_, i) => poolChoice(b.families, `pool-${i}`).chain(nodePool))),
          groups: fc.tuple(...Array.from({ length: b.groupCount }, (_, i) => caGroup(b.families, zones, i))),
          templates: fc.tuple(...templateNames.map(podTemplate)),
          workload: fc.tuple(...Array.from({ length: b.generatorCount }, (_, i) => generator(i, templateNames, b.horizonS))),
          staticType: fc.constantFrom(...b.families).map((f) => `${f}.xlarge`),
        })
        .map((s): Doc => {
          const f = b.faults;
          const drift = b.amiChangeAt !== undefined && b.amiChangeAt < b.horizonS;
          const ice = f.iceProbability ?? 0;
          const cloud: Doc = {
            catalog: { families: b.families },
            spot: { interruptionMultiplier: f.interruptionMultiplier ?? 1, ...(f.correlation ? { correlation: f.correlation } : {}) },
            ...(ice > 0 ? { capacity: { iceProbability: ice } } : {}),
            boot: {
              ...(f.neverRegisterProbability ? { neverRegisterProbability: f.neverRegisterProbability } : {}),
              ...(f.slowBoot ? { runningToRegistered: { median: '3m', p95: '20m' } } : {}),
            },
          };
          const doc: Doc = {
            name: 'property',
            horizon: `${b.horizonS}s`,
            seed: b.seed,
            zones,
            cloud,
            cluster: {
              daemonSets: [{ name: 'kube-proxy', requests: { cpu: '100m', memory: '128Mi' } }],
              podTemplates: Object.fromEntries(templateNames.map((n, i) => [n, s.templates[i]])),
            },
            workload: s.workload,
            karpenter: {
              manifests: [...s.pools, nodeClass('al2023@latest')],
              ...(drift ? { changes: [{ at: `${b.amiChangeAt}s`, manifests: [nodeClass('al2023@v20261120')] }] } : {}),
            },
            clusterAutoscaler: { flags: { 'scale-down-unneeded-time': '5m', expander: 'least-waste' }, nodeGroups: s.groups },
          };
          if (opts.staticNodes) doc.static = { nodes: [{ instanceType: s.staticType, count: 2 }] };
          return doc;
        });
    });
}
