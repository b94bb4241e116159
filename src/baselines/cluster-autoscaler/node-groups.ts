import type { AutoScalingGroup, AutoScalingInstance, AutoScalingProvider, AutoScalingResult } from '../../cloud/auto-scaling.js';
import type { CapacityType, Labels, NodeGroupSpec, Taint } from '../../model/index.js';

/** One node group (Auto Scaling group) as the Cluster Autoscaler's AWS provider sees it. */
export interface NodeGroupInfo {
  readonly name: string;
  readonly minSize: number;
  readonly maxSize: number;
  /** Target size: the ASG's desired capacity, or what CA last asked for while the call is in flight. */
  readonly targetSize: number;
  readonly instanceTypes: readonly string[];
  readonly zones: readonly string[];
  readonly capacityType: CapacityType;
  readonly labels: Labels;
  readonly taints: readonly Taint[];
  readonly instances: readonly AutoScalingInstance[];
  readonly spec: NodeGroupSpec | undefined;
}

/**
 * The node groups CA manages (`--nodes` / auto-discovery): those named by the NodeGroupSpecs, or every
 * ASG when none are named. Reads the provider each loop; keeps CA's own target while a
 * SetDesiredCapacity is in flight (the cached `curSize` is updated at once, as on AWS).
 */
export class NodeGroupRegistry {
  private readonly specs = new Map<string, NodeGroupSpec>();
  private readonly inFlightTarget = new Map<string, number>();
  private readonly lastSetAt = new Map<string, number>();
  private current: NodeGroupInfo[] = [];
  private byInstance = new Map<string, string>();
  /** The instance ids per group behind `byInstance`, to skip rebuilding it when membership did not change. */
  private memberIds: string[][] = [];
  private groupNames: string[] = [];
  private membershipVersion = 0;

  constructor(
    private readonly provider: AutoScalingProvider,
    specs: readonly NodeGroupSpec[],
  ) {
    for (const s of specs) this.specs.set(s.name, s);
  }

  refresh(): void {
    const groups: AutoScalingGroup[] =
      this.specs.size > 0 ? [...this.specs.keys()].map((n) => this.provider.group(n)).filter((g): g is AutoScalingGroup => g !== undefined) : [...this.provider.groups()];
    if (!this.sameMembership(groups)) {
      this.byInstance = new Map();
      for (const g of groups) for (const i of g.instances) this.byInstance.set(i.id, g.name);
      this.memberIds = groups.map((g) => g.instances.map((i) => i.id));
      this.groupNames = groups.map((g) => g.name);
      this.membershipVersion++;
    }
    this.current = groups.map((g) => {
      const inFlight = this.inFlightTarget.get(g.name);
      return {
        name: g.name,
        minSize: g.minSize,
        maxSize: g.maxSize,
        targetSize: inFlight ?? g.desiredCapacity,
        instanceTypes: g.instanceTypes,
        zones: g.zones,
        capacityType: g.capacityType,
        labels: g.labels,
        taints: g.taints,
        instances: g.instances,
        spec: this.specs.get(g.name),
      };
    });
  }

  /** Same groups with the same instances (ids, in order) as when `byInstance` was built? */
  private sameMembership(groups: readonly AutoScalingGroup[]): boolean {
    if (groups.length !== this.groupNames.length) return false;
    for (let gi = 0; gi < groups.length; gi++) {
      const g = groups[gi]!;
      const ids = this.memberIds[gi]!;
      if (g.name !== this.groupNames[gi] || g.instances.length !== ids.length) return false;
      for (let i = 0; i < ids.length; i++) if (g.instances[i]!.id !== ids[i]) return false;
    }
    return true;
  }

  /** Changes whenever the instance → group mapping may have changed. */
  get version(): number {
    return this.membershipVersion;
  }

  get groups(): readonly NodeGroupInfo[] {
    return this.current;
  }

  group(name: string): NodeGroupInfo | undefined {
    return this.current.find((g) => g.name === name);
  }

  groupForInstance(instanceId: string): string | undefined {
    return this.byInstance.get(instanceId);
  }

  /** When CA last changed the group's desired capacity (undefined: never). */
  lastSetDesiredAt(name: string): number | undefined {
    return this.lastSetAt.get(name);
  }

  /** SetDesiredCapacity; the target is updated in this view at once. */
  setTargetSize(name: string, size: number, now: number, done: (result: AutoScalingResult) => void): void {
    this.inFlightTarget.set(name, size);
    this.lastSetAt.set(name, now);
    this.current = this.current.map((g) => (g.name === name ? { ...g, targetSize: size } : g));
    this.provider.setDesiredCapacity(name, size, (result) => {
      if (this.inFlightTarget.get(name) === size) this.inFlightTarget.delete(name);
      done(result);
    });
  }

  /** TerminateInstanceInAutoScalingGroup with ShouldDecrementDesiredCapacity. */
  terminateInstance(name: string, instanceId: string, done: (result: AutoScalingResult) => void): void {
    const size = Math.max(0, (this.group(name)?.targetSize ?? 1) - 1);
    this.inFlightTarget.set(name, size);
    this.current = this.current.map((g) => (g.name === name ? { ...g, targetSize: size } : g));
    this.provider.terminateInstanceInGroup(instanceId, true, (result) => {
      if (this.inFlightTarget.get(name) === size) this.inFlightTarget.delete(name);
      done(result);
    });
  }
}
