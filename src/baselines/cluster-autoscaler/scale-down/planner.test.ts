import { describe, expect, it } from 'vitest';
import type { Decision, Pod, Resources } from '../../../model/index.js';
import type { NodeGroupInfo } from '../node-groups.js';
import { SchedulingSimulator } from '../scheduling-simulator.js';
import { ClusterSnapshot, SnapshotNode } from '../snapshot.js';
import { caOptions, podSpec } from '../testing/fixtures.js';
import type { DrainContext } from './drainability.js';
import { ScaleDownPlanner } from './planner.js';

const RES: Resources = { cpuMillis: 4000, memoryMiB: 16384, gpus: 0, pods: 58, ephemeralMiB: 0 };

const GROUP: NodeGroupInfo = {
  name: 'g',
  minSize: 0,
  maxSize: 100,
  targetSize: 50,
  instanceTypes: ['m5.xlarge'],
  zones: ['us-east-1a'],
  capacityType: 'on-demand',
  labels: {},
  taints: [],
  instances: [],
  spec: undefined,
};

/** A registered node of group g holding one pod of 3000m: CPU utilization 0.75, above the 0.5 threshold. */
function busyNode(name: string): SnapshotNode {
  const node = new SnapshotNode(name, {}, [], RES, RES, false, 'registered', 'g');
  const pod: Pod = { ...podSpec(3000, 1024), uid: `default/${name}-pod`, name: `${name}-pod`, createdAt: 0, status: { phase: 'Running', nodeName: name, unschedulable: false } };
  node.addPod(pod);
  return node;
}

describe('ScaleDownPlanner unremovable reasons', () => {
  it('logs each node NotUnderutilized once while it stays, and forgets the nodes that left the cluster', () => {
    const decisions: Decision[] = [];
    const planner = new ScaleDownPlanner(caOptions(), new SchedulingSimulator(), { record: (d) => decisions.push(d) });
    const groupsByName = new Map([['g', GROUP]]);
    const sizes: number[] = [];
    // Ten loops: node `keep` stays throughout; each loop has two nodes of its own that are gone by the next.
    for (let r = 0; r < 10; r++) {
      const snapshot = new ClusterSnapshot();
      for (const name of ['keep', `n${r}a`, `n${r}b`]) snapshot.addNode(busyNode(name));
      planner.update({
        now: 10 * r,
        snapshot,
        groupOf: () => GROUP,
        groupsByName,
        deletionsInProgress: new Set(),
        drainsInProgress: new Set(),
        // Never read: no node is below the threshold, so no removal is simulated.
        drain: {} as DrainContext,
      });
      planner.forgetGoneNodes((name) => snapshot.node(name) !== undefined, snapshot.nodes.length);
      sizes.push(planner.rememberedReasons);
    }
    const unremovable = decisions.filter((d) => d.kind === 'node-unremovable');
    // One record per node when its reason first appears: keep once, then the 20 short-lived nodes.
    expect(unremovable).toHaveLength(21);
    expect(unremovable.filter((d) => d.node === 'keep').map((d) => d.at)).toEqual([0]);
    expect(String(unremovable[0]!.reason)).toBe('utilization cpu 0.750 above threshold 0.5 (NotUnderutilized)');
    // Three nodes in the cluster: at most twice that many reasons are kept (3 after each cleanup).
    expect(Math.max(...sizes)).toBeLessThanOrEqual(6);
    expect(sizes).toEqual([3, 5, 3, 5, 3, 5, 3, 5, 3, 5]);
  });
});
