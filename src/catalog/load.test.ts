import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { LabelKeys, type Kubelet } from '../model/index.js';
import { isInputError } from '../scenario/errors.js';
import { loadCatalog } from './load.js';

const REF = '/work/shared/data/ec2';
const typesCsv = `${REF}/instance-types-us-east-1.csv`;
const spotCsv = `${REF}/spot-advisor-us-east-1.csv`;
const haveRef = existsSync(typesCsv) && existsSync(spotCsv);
if (!haveRef) console.warn(`reference CSVs not found under ${REF}: skipping the whole-catalog comparison`);

const byName = (name: string) => {
  const t = loadCatalog().find((x) => x.name === name);
  if (!t) throw new Error(`no ${name}`);
  return t;
};

describe.skipIf(!haveRef)('catalog against the reference CSVs (every type)', () => {
  const rows = parse(readFileSync(typesCsv), { columns: true }) as Record<string, string>[];
  const spot = new Map((parse(readFileSync(spotCsv), { columns: true }) as Record<string, string>[]).map((r) => [r.name!, r]));
  const priced = rows.filter((r) => r.od_price_usd_hr !== '');
  const cat = new Map(loadCatalog().map((t) => [t.name, t]));

  it('holds exactly the priced types', () => {
    expect(priced.length).toBe(1345);
    expect([...cat.keys()].sort()).toEqual(priced.map((r) => r.name!).sort());
  });

  it('reproduces alloc_cpu_millicores, alloc_memory_mib and max_pods of every type', () => {
    const mismatches: string[] = [];
    for (const r of priced) {
      const t = cat.get(r.name!)!;
      const got = [t.allocatable.cpuMillis, t.allocatable.memoryMiB, t.allocatable.pods];
      const want = [Number(r.alloc_cpu_millicores), Number(r.alloc_memory_mib), Number(r.max_pods)];
      if (got.join() !== want.join()) mismatches.push(`${r.name}: got ${got.join('/')} want ${want.join('/')}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('carries the on-demand price, specs and spot data of every type', () => {
    for (const r of priced) {
      const t = cat.get(r.name!)!;
      expect(t.onDemandPricePerHour).toBe(Number(r.od_price_usd_hr));
      expect([t.vcpu, t.memoryMiB, t.arch, t.labels[LabelKeys.instanceFamily]]).toEqual([Number(r.vcpu), Number(r.memory_mib), r.arch, r.family]);
      const s = spot.get(r.name!);
      const spotOfferings = t.offerings.filter((o) => o.capacityType === 'spot');
      if (!s) {
        expect(spotOfferings).toEqual([]);
        continue;
      }
      expect(t.spotSavingsPercent).toBe(Number(s.spot_savings_pct));
      expect(t.interruptionBucket).toBe(s.interruption_bucket);
      expect(spotOfferings.length).toBe(3);
      const est = Number(s.est_spot_price_usd_hr);
      for (const o of spotOfferings) {
        expect(o.pricePerHour).toBeGreaterThanOrEqual(est * 0.97 - 1e-6);
        expect(o.pricePerHour).toBeLessThanOrEqual(est * 1.03 + 1e-6);
      }
    }
  });
});

describe('embedded catalog', () => {
  it('m5.large: 1930m CPU, 6903Mi memory, 29 pods, $0.096/h (Karpenter worked example)', () => {
    const t = byName('m5.large');
    expect(t.allocatable.cpuMillis).toBe(1930);
    expect(t.allocatable.memoryMiB).toBe(6903);
    expect(t.allocatable.pods).toBe(29);
    expect(t.capacity.cpuMillis).toBe(2000);
    // 8192 − ceil(8192 × 7.5 %) = 8192 − 615
    expect(t.capacity.memoryMiB).toBe(7577);
    expect(t.onDemandPricePerHour).toBe(0.096);
  });

  it('arm64 loses 64 MiB before the VM overhead: m7g.large 8128 − 610 − 574 − 100 = 6844 MiB', () => {
    expect(byName('m7g.large').allocatable.memoryMiB).toBe(6844);
  });

  it('labels a node the way Karpenter does', () => {
    const l = byName('m5.large').labels;
    expect(l).toMatchObject({
      'node.kubernetes.io/instance-type': 'm5.large',
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/os': 'linux',
      'topology.kubernetes.io/region': 'us-east-1',
      'karpenter.k8s.aws/instance-family': 'm5',
      'karpenter.k8s.aws/instance-category': 'm',
      'karpenter.k8s.aws/instance-generation': '5',
      'karpenter.k8s.aws/instance-size': 'large',
      'karpenter.k8s.aws/instance-cpu': '2',
      'karpenter.k8s.aws/instance-cpu-manufacturer': 'intel',
      'karpenter.k8s.aws/instance-memory': '8192',
      'karpenter.k8s.aws/instance-network-bandwidth': '750',
      'karpenter.k8s.aws/instance-hypervisor': 'nitro',
    });
    expect(l['karpenter.k8s.aws/instance-gpu-count']).toBeUndefined();
    const gpu = byName('p4d.24xlarge');
    expect(gpu.labels).toMatchObject({
      'karpenter.k8s.aws/instance-gpu-count': '8',
      'karpenter.k8s.aws/instance-gpu-name': 'a100',
      'karpenter.k8s.aws/instance-gpu-manufacturer': 'nvidia',
      'karpenter.k8s.aws/instance-gpu-memory': '40960',
    });
    expect(gpu.allocatable.gpus).toBe(8);
    expect(gpu.gpu).toEqual({ count: 8, name: 'a100', manufacturer: 'nvidia', memoryMiB: 40960 });
    const inf = byName('inf2.xlarge');
    expect(inf.labels['karpenter.k8s.aws/instance-accelerator-name']).toBe('inferentia2');
    expect(inf.allocatable.extended).toEqual({ 'aws.amazon.com/neuron': 1 });
    expect(byName('g4ad.xlarge').allocatable.extended).toEqual({ 'amd.com/gpu': 1 });
    expect(byName('m6i.metal').bareMetal).toBe(true);
    expect(byName('m6i.metal').labels['karpenter.k8s.aws/instance-hypervisor']).toBe('');
  });

  it('offers every type in us-east-1a,b,c on demand, and spot at od × (1 − savings) within ±3 % per zone', () => {
    const t = byName('m5.large');
    const od = t.offerings.filter((o) => o.capacityType === 'on-demand');
    expect(od.map((o) => o.zone)).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c']);
    expect(od.every((o) => o.pricePerHour === 0.096 && o.available)).toBe(true);
    const spot = t.offerings.filter((o) => o.capacityType === 'spot');
    expect(spot.length).toBe(3);
    for (const o of spot) expect(Math.abs(o.pricePerHour / 0.03264 - 1)).toBeLessThanOrEqual(0.03);
    expect(new Set(spot.map((o) => o.pricePerHour)).size).toBe(3);
    // deterministic: a second load gives the same prices
    expect(byName('m5.large').offerings).toEqual(t.offerings);
    // c8a types have no Spot Advisor data: no spot offerings
    expect(byName('c8a.2xlarge').offerings.some((o) => o.capacityType === 'spot')).toBe(false);
  });

  it('returns fresh offerings on every call (availability is mutable)', () => {
    const a = byName('m5.large');
    a.offerings[0]!.available = false;
    expect(byName('m5.large').offerings[0]!.available).toBe(true);
  });

  it('applies kubelet maxPods, podsPerCore, systemReserved, kubeReserved and evictionHard', () => {
    const m5 = (kubelet: Kubelet) => loadCatalog({ instanceTypes: ['m5.large'], kubelet })[0]!.allocatable;
    // maxPods 110: memory 7577 − (11 × 110 + 255) − 100 = 6012
    expect(m5({ maxPods: 110 })).toMatchObject({ pods: 110, memoryMiB: 6012, cpuMillis: 1930 });
    // podsPerCore 5 on 2 vCPU caps 29 → 10: memory 7577 − 365 − 100 = 7112
    expect(m5({ podsPerCore: 5 })).toMatchObject({ pods: 10, memoryMiB: 7112 });
    expect(m5({ maxPods: 8, podsPerCore: 5 })).toMatchObject({ pods: 8 });
    expect(m5({ systemReserved: { cpuMillis: 100, memoryMiB: 200 } })).toMatchObject({ cpuMillis: 1830, memoryMiB: 6703 });
    expect(m5({ kubeReserved: { cpuMillis: 200 } })).toMatchObject({ cpuMillis: 1800, memoryMiB: 6903 });
    expect(m5({ kubeReserved: { memoryMiB: 1000 } })).toMatchObject({ memoryMiB: 6477 });
    expect(m5({ evictionHardMemoryMiB: 500 })).toMatchObject({ memoryMiB: 6503 });
  });

  it('ephemeral storage: 20 GiB root volume − 1 GiB kube-reserved − 10 % eviction', () => {
    expect(byName('m5.large').allocatable.ephemeralMiB).toBe(20480 - 1024 - 2048);
    expect(loadCatalog({ instanceTypes: ['m5.large'], rootVolumeGiB: 100 })[0]!.allocatable.ephemeralMiB).toBe(102400 - 1024 - 10240);
  });
});

describe('catalog restrictions and overrides', () => {
  it('filters by families and sizes', () => {
    const t = loadCatalog({ families: ['m5', 'c5'], sizes: ['large', 'xlarge'] });
    expect(t.map((x) => x.name).sort()).toEqual(['c5.large', 'c5.xlarge', 'm5.large', 'm5.xlarge']);
  });

  it('adds extra zones', () => {
    const t = loadCatalog({ instanceTypes: ['m5.large'], extraZones: ['us-east-1d'] })[0]!;
    expect(t.offerings.filter((o) => o.capacityType === 'on-demand').map((o) => o.zone)).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d']);
    expect(t.offerings.length).toBe(8);
  });

  it('overrides prices', () => {
    const t = loadCatalog({ instanceTypes: ['m5.large', 'c8a.2xlarge'], priceOverrides: { 'm5.large': { onDemandPricePerHour: 0.1, spotPricePerHour: 0.02 }, 'c8a.2xlarge': { spotPricePerHour: 0.1 } } });
    const m5 = t.find((x) => x.name === 'm5.large')!;
    expect(m5.onDemandPricePerHour).toBe(0.1);
    expect(m5.offerings.map((o) => o.pricePerHour)).toEqual([0.1, 0.1, 0.1, 0.02, 0.02, 0.02]);
    expect(t.find((x) => x.name === 'c8a.2xlarge')!.offerings.filter((o) => o.capacityType === 'spot').length).toBe(3);
  });

  it('reports unknown names with a did-you-mean hint and the option path', () => {
    try {
      loadCatalog({ families: ['m5', 'm55x'], priceOverrides: { 'm5.larg': { onDemandPricePerHour: 1 } }, source: 'scenario.yaml', sourcePath: 'cloud.catalog' });
      expect.unreachable();
    } catch (e) {
      expect(isInputError(e)).toBe(true);
      if (!isInputError(e)) return;
      expect(e.problems.map((p) => [p.file, p.path])).toEqual([
        ['scenario.yaml', 'cloud.catalog.families[1]'],
        ['scenario.yaml', 'cloud.catalog.priceOverrides.m5.larg'],
      ]);
      expect(e.problems[1]!.message).toContain('did you mean "m5.large"');
    }
  });

  it('loads warm in well under 50 ms', () => {
    loadCatalog();
    const t0 = performance.now();
    loadCatalog();
    expect(performance.now() - t0).toBeLessThan(50);
  });
});
