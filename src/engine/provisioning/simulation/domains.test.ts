import { describe, expect, it } from 'vitest';
import type { StateNode } from '../../state/state-node.js';
import { addNodeDomains, nodeDomainIndex } from './domains.js';

function node(name: string, zone: string | undefined, markedForDeletion = false): StateNode {
  return {
    name,
    hostname: name,
    labels: zone === undefined ? {} : { 'topology.kubernetes.io/zone': zone },
    taints: [],
    capacity: { cpuMillis: 0, memoryMiB: 0, gpus: 0, pods: 0, ephemeralMiB: 0 },
    allocatable: { cpuMillis: 0, memoryMiB: 0, gpus: 0, pods: 0, ephemeralMiB: 0 },
    requested: { cpuMillis: 0, memoryMiB: 0, gpus: 0, pods: 0, ephemeralMiB: 0 },
    pods: [],
    daemonSetNames: new Set(),
    hostPortsInUse: new Set(),
    registered: true,
    initialized: true,
    markedForDeletion,
    unschedulable: false,
  };
}

const KEY = 'topology.kubernetes.io/zone';
const nodes = [node('n1', 'a'), node('n2', 'b'), node('n3', 'a'), node('n4', undefined), node('n5', 'c'), node('n6', 'd', true)];

function walk(excluded: ReadonlySet<string>, start: readonly string[] = []): string[] {
  const set = new Set(start);
  addNodeDomains(set, nodeDomainIndex(KEY, nodes), nodes, excluded);
  return [...set];
}

describe('addNodeDomains: the nodes minus the excluded ones, in discovery order', () => {
  it('all nodes: a (n1), b (n2), c (n5); a node being deleted and a node without the label add nothing', () => {
    expect(walk(new Set())).toEqual(['a', 'b', 'c']);
  });

  it('without n1, a is first found at n3, after b at n2: b, a, c', () => {
    expect(walk(new Set(['n1']))).toEqual(['b', 'a', 'c']);
  });

  it('without n1 and n3 nobody carries a: b, c', () => {
    expect(walk(new Set(['n1', 'n3']))).toEqual(['b', 'c']);
  });

  it('values already in the set (from the templates) keep their place', () => {
    expect(walk(new Set(['n1']), ['c'])).toEqual(['c', 'b', 'a']);
  });
});
