import { describe, expect, it } from 'vitest';
import type { NodeGroupInfo } from '../node-groups.js';
import type { SnapshotPod } from '../snapshot.js';
import type { NodeTemplate } from '../template.js';
import { podSpec } from '../testing/fixtures.js';
import { ExpanderChain, ExpanderConfigError } from './chain.js';
import type { ExpansionOption } from './expander.js';
import { leastWasteExpander, wastedScore } from './least-waste.js';
import { priorityExpander } from './priority.js';

function option(group: string, cpuCap: number, memCapMiB: number, nodeCount: number, pods: number, podCpu: number, podMemMiB: number): ExpansionOption {
  const capacity = { cpuMillis: cpuCap, memoryMiB: memCapMiB, gpus: 0, pods: 110, ephemeralMiB: 0 };
  // Allocatable deliberately differs from capacity: least-waste must use capacity.
  const template: NodeTemplate = { groupName: group, source: 'cloud', instanceType: group, labels: {}, taints: [], capacity, allocatable: { ...capacity, cpuMillis: cpuCap / 2, memoryMiB: memCapMiB / 2 }, pods: [] };
  const g = { name: group } as NodeGroupInfo;
  const list: SnapshotPod[] = Array.from({ length: pods }, (_, i) => ({ ...podSpec(podCpu, podMemMiB), uid: `${group}-${i}` }));
  return { group: g, template, nodeCount, pods: list };
}

const fixedRandom = (i: number) => ({ int: (n: number) => Math.min(i, n - 1) });

describe('least-waste expander', () => {
  // Six pods of 1 CPU / 2 GiB.
  // c5.xlarge (4 CPU, 8 GiB), 2 nodes: cpu (8000-6000)/8000 = 0.25, mem (16384-12288)/16384 = 0.25 -> 0.5
  // m5.xlarge (4 CPU, 16 GiB), 2 nodes: cpu 0.25, mem (32768-12288)/32768 = 0.625 -> 0.875
  // m5.2xlarge (8 CPU, 32 GiB), 1 node: cpu (8000-6000)/8000 = 0.25, mem (32768-12288)/32768 = 0.625 -> 0.875
  const c5 = option('c5-xlarge', 4000, 8192, 2, 6, 1000, 2048);
  const m5 = option('m5-xlarge', 4000, 16384, 2, 6, 1000, 2048);
  const m52 = option('m5-2xlarge', 8000, 32768, 1, 6, 1000, 2048);

  it('scores the wasted CPU fraction plus the wasted memory fraction of capacity', () => {
    expect(wastedScore(c5)).toBeCloseTo(0.5, 12);
    expect(wastedScore(m5)).toBeCloseTo(0.875, 12);
    expect(wastedScore(m52)).toBeCloseTo(0.875, 12);
  });

  it('keeps the group with the smallest waste, even when another needs fewer nodes', () => {
    expect(leastWasteExpander.bestOptions([m52, m5, c5]).options.map((o) => o.group.name)).toEqual(['c5-xlarge']);
  });

  it('keeps every tied option and the chain breaks the tie at random', () => {
    const r = leastWasteExpander.bestOptions([m5, m52]);
    expect(r.options.map((o) => o.group.name)).toEqual(['m5-xlarge', 'm5-2xlarge']);
    const chain = new ExpanderChain(['least-waste'], fixedRandom(1), undefined);
    const choice = chain.choose([m5, m52]);
    expect(choice.best?.group.name).toBe('m5-2xlarge');
    expect(choice.tieBroken).toBe(true);
  });

  it('least-nodes after least-waste resolves what least-waste leaves tied', () => {
    const chain = new ExpanderChain(['least-waste', 'least-nodes'], fixedRandom(0), undefined);
    expect(chain.choose([m5, m52]).best?.group.name).toBe('m5-2xlarge');
  });
});

describe('priority expander', () => {
  const o = (name: string): ExpansionOption => option(name, 4000, 16384, 1, 1, 100, 100);

  it('keeps the options of the highest matching priority (unanchored regexes)', () => {
    const p = priorityExpander({ 10: ['spot'], 50: ['^od-'], 1: ['.*'] });
    expect(p.bestOptions([o('spot-a'), o('od-b'), o('other')]).options.map((x) => x.group.name)).toEqual(['od-b']);
    expect(p.bestOptions([o('spot-a'), o('other'), o('my-spot-b')]).options.map((x) => x.group.name)).toEqual(['spot-a', 'my-spot-b']);
  });

  it('drops groups that match nothing when some group matches', () => {
    const p = priorityExpander({ 10: ['spot'] });
    expect(p.bestOptions([o('od-b'), o('spot-a')]).options.map((x) => x.group.name)).toEqual(['spot-a']);
  });

  it('passes every option through when nothing matches at all', () => {
    const p = priorityExpander({ 10: ['^gpu-'] });
    expect(p.bestOptions([o('od-b'), o('spot-a')]).options.map((x) => x.group.name)).toEqual(['od-b', 'spot-a']);
  });

  it('falls through to the next expander in the chain', () => {
    const cheap = option('od-small', 4000, 8192, 2, 6, 1000, 2048); // waste 0.5
    const big = option('od-big', 4000, 16384, 2, 6, 1000, 2048); // waste 0.875
    const chain = new ExpanderChain(['priority', 'least-waste'], fixedRandom(0), { 10: ['^od-'], 100: ['^spot-'] });
    const choice = chain.choose([big, cheap]);
    expect(choice.best?.group.name).toBe('od-small');
    expect(choice.steps.map((s) => s.expander)).toEqual(['priority', 'least-waste']);
  });

  it('price is refused on AWS and priority needs its ConfigMap', () => {
    expect(() => new ExpanderChain(['price'], fixedRandom(0), undefined)).toThrow(ExpanderConfigError);
    expect(() => new ExpanderChain(['priority'], fixedRandom(0), undefined)).toThrow(ExpanderConfigError);
  });
});
