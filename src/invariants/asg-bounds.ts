import type { AutoScalingGroup } from '../cloud/auto-scaling.js';
import type { Reporter } from './reporter.js';
import { InvariantCodes } from './violation.js';

/**
 * The Cluster Autoscaler keeps every group's desired capacity within [minSize, maxSize] (it never
 * scales a group above its max nor below its min). Checked on each change the runtime reports; O(groups).
 */
export function checkGroups(report: Reporter, groups: readonly AutoScalingGroup[]): void {
  for (const g of groups) {
    let detail: string | undefined;
    if (g.desiredCapacity > g.maxSize) detail = `desired capacity ${g.desiredCapacity} > maxSize ${g.maxSize}`;
    else if (g.desiredCapacity < g.minSize) detail = `desired capacity ${g.desiredCapacity} < minSize ${g.minSize}`;
    if (detail === undefined) continue;
    report.violation({
      code: InvariantCodes.asgBounds,
      invariant: "the Cluster Autoscaler keeps each node group within its min and max size",
      objects: { group: g.name },
      detail: `Auto Scaling group ${g.name}: ${detail} (min ${g.minSize}, max ${g.maxSize}, ${g.instances.length} instances)`,
    });
  }
}
