import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SweepResult } from '../../src/runtime/sweep/index.js';
import { runSweepCli } from './cli.js';

const root = mkdtempSync(join(tmpdir(), 'fleetsim-sweep-ca-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('a sweep of a Cluster Autoscaler flag (scenarios/default.yaml, 30 minutes)', () => {
  it('applies the flag at each point: --max-nodes-total=2 caps the cluster at 2 nodes, 0 means no cap', async () => {
    const out = join(root, 'ca');
    const r = await runSweepCli([
      'sweep',
      'scenarios/default.yaml',
      '--policies',
      'cluster-autoscaler',
      '--set',
      'horizon=30m',
      '--set',
      'clusterAutoscaler.flags.max-nodes-total=2,0',
      '--workers',
      '2',
      '--out',
      out,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('p000-horizon=30m,flags.max-nodes-total=2  cluster-autoscaler');
    const result = JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8')) as SweepResult;
    expect(result.policies).toEqual(['cluster-autoscaler']);
    const [capped, uncapped] = result.points.map((p) => p.policies[0]!.runs[0]!.figures);
    // Cluster Autoscaler: max-nodes-total is the maximum number of nodes in all node groups; 0 = no limit.
    expect(capped!.nodesPeak).toBeGreaterThan(0);
    expect(capped!.nodesPeak).toBeLessThanOrEqual(2);
    // the default workload needs far more than 2 m5.xlarge-sized nodes at its peak
    expect(uncapped!.nodesPeak).toBeGreaterThan(2);
    expect(capped!.pendingP95!).toBeGreaterThan(uncapped!.pendingP95!);
  });
});
