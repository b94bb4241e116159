import type { ExpanderFilter, ExpansionOption } from './expander.js';
import { keepBest } from './expander.js';

/**
 * `least-waste`: the fraction of CPU plus the fraction of memory left unused on the new nodes, against
 * the template node's capacity (not allocatable):
 * (N·cpuCap − ΣcpuReq)/(N·cpuCap) + (N·memCap − ΣmemReq)/(N·memCap). Lowest wins.
 */
export function wastedScore(option: ExpansionOption): number {
  let cpu = 0;
  let mem = 0;
  for (const p of option.pods) {
    cpu += p.requests.cpuMillis;
    mem += p.requests.memoryMiB;
  }
  const availCpu = option.template.capacity.cpuMillis * option.nodeCount;
  const availMem = option.template.capacity.memoryMiB * option.nodeCount;
  const wastedCpu = availCpu > 0 ? (availCpu - cpu) / availCpu : 0;
  const wastedMem = availMem > 0 ? (availMem - mem) / availMem : 0;
  return wastedCpu + wastedMem;
}

export const leastWasteExpander: ExpanderFilter = {
  name: 'least-waste',
  bestOptions: (options) => keepBest(options, wastedScore, true),
};
