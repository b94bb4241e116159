import type { LaunchRequest, LaunchResult } from '../../cloud/cloud-provider.js';
import { CAPACITY_ERROR_CODES } from '../../cloud/errors.js';
import type { InstanceType, NodeClaim } from '../../model/index.js';
import { ACTORS } from '../options.js';
import { requestDeletion } from '../termination/request-deletion.js';
import { buildLaunchRequest } from './launch-request.js';
import { launchedNodeClaimStatus } from './launched-status.js';
import type { LifecycleContext, LifecycleStep } from './step.js';

const LISTED_TYPES = 5;

/**
 * Launch: send the claim's CreateFleet request; record what came back on the claim's status. A capacity
 * error marks the offerings unavailable (ICE cache) and deletes the claim so its pods are planned again
 * without them; other errors are retried with backoff (liveness deletes the claim after the launch timeout).
 */
export class LaunchStep implements LifecycleStep {
  readonly name = 'launch';
  private readonly inFlight = new Set<string>();
  private readonly retryAt = new Map<string, number>();
  private readonly failures = new Map<string, number>();

  constructor(private readonly ctx: LifecycleContext) {}

  reconcile(claim: NodeClaim): number | undefined {
    if (claim.status.launchedAt !== undefined || claim.status.deletionAt !== undefined) return this.forget(claim.name);
    if (this.inFlight.has(claim.name)) return undefined;
    const now = this.ctx.clock.now();
    const due = this.retryAt.get(claim.name);
    if (due !== undefined && now < due) return due - now;
    const list = this.ctx.instanceTypes.forNodeClass(claim.nodeClassName);
    const options = claim.instanceTypeOptions.map((n) => this.ctx.instanceTypes.find(list, n)).filter((t): t is InstanceType => t !== undefined);
    const outcome = buildLaunchRequest(claim, options, {
      isOfferingAvailable: this.ctx.unavailable.isAvailable,
      maxInstanceTypes: this.ctx.options.maxLaunchInstanceTypes,
      maxOverrides: this.ctx.options.maxLaunchOverrides,
      clusterName: this.ctx.options.clusterName,
      nodeClassTags: this.ctx.instanceTypes.nodeClasses.get(claim.nodeClassName)?.tags ?? {},
    });
    if (!outcome.ok) {
      this.record(claim, 'launch-failed', outcome.reason, {});
      requestDeletion(this.ctx.clock, this.ctx.cluster, claim, 'insufficient-capacity');
      return this.forget(claim.name);
    }
    this.inFlight.add(claim.name);
    if (claim.status.launchRequestedAt === undefined) this.ctx.cluster.updateNodeClaimStatus(claim.name, { launchRequestedAt: now });
    const request = outcome.request;
    this.ctx.cloud.launch(request, (result) => this.onResult(claim.name, request, result));
    return undefined;
  }

  private onResult(name: string, request: LaunchRequest, result: LaunchResult): void {
    this.inFlight.delete(name);
    const { cluster, clock, cloud, unavailable, options } = this.ctx;
    const claim = cluster.nodeClaim(name);
    if (result.ok) {
      const inst = result.instance;
      // Offerings Fleet tried first and found empty are skipped for a while, as after a failed launch.
      for (const o of result.unavailable ?? []) unavailable.mark(o.instanceType, o.zone, o.capacityType);
      if (!claim || claim.status.deletionAt !== undefined) {
        // The claim went away while CreateFleet ran: do not leak the instance.
        cloud.terminate(inst.id, () => undefined);
        this.record(claim, 'launch-abandoned', 'NodeClaim deleted during launch; instance terminated', { nodeClaim: name, instanceId: inst.id });
        return;
      }
      const it = this.ctx.instanceTypes.find(this.ctx.instanceTypes.forNodeClass(claim.nodeClassName), inst.instanceType);
      cluster.updateNodeClaimStatus(name, launchedNodeClaimStatus(inst, it, clock.now()));
      const offered = [...new Set(request.overrides.map((o) => o.instanceType))];
      this.record(claim, 'launch', `${inst.instanceType} in ${inst.zone} (${inst.capacityType})`, {
        pods: this.ctx.state.podsNominatedTo(name).map((uid) => cluster.pod(uid)?.name ?? uid),
        capacityType: request.capacityType,
        instanceTypesOffered: offered.slice(0, LISTED_TYPES),
        instanceTypesOfferedCount: offered.length,
        instanceType: inst.instanceType,
        zone: inst.zone,
        instanceId: inst.id,
        pricePerHour: inst.pricePerHour,
      });
      this.forget(name);
      this.ctx.wake(name);
      return;
    }
    const error = result.error;
    if (CAPACITY_ERROR_CODES.has(error.code)) {
      const failed = error.unavailable.length > 0 ? error.unavailable : request.overrides;
      for (const o of failed) unavailable.mark(o.instanceType, o.zone, o.capacityType);
      this.record(claim, 'launch-failed', `${error.code}: ${error.message}`, {
        nodeClaim: name,
        unavailable: failed.map((o) => `${o.instanceType}/${o.zone}/${o.capacityType}`),
      });
      if (claim) requestDeletion(clock, cluster, claim, 'insufficient-capacity');
      this.forget(name);
      return;
    }
    const n = (this.failures.get(name) ?? 0) + 1;
    this.failures.set(name, n);
    const delay = Math.min(options.launchRetryBaseSeconds * 2 ** (n - 1), options.launchRetryMaxSeconds);
    this.retryAt.set(name, clock.now() + delay);
    this.record(claim, 'launch-error', `${error.code}: ${error.message}`, { nodeClaim: name, attempt: n, retryInSeconds: delay });
    this.ctx.wake(name);
  }

  private forget(name: string): undefined {
    this.retryAt.delete(name);
    this.failures.delete(name);
    return undefined;
  }

  private record(claim: NodeClaim | undefined, kind: string, reason: string, fields: Record<string, unknown>): void {
    this.ctx.decisions.record({
      at: this.ctx.clock.now(),
      actor: ACTORS.lifecycle,
      kind,
      reason,
      ...(claim ? { nodeClaim: claim.name, nodePool: claim.nodePoolName } : {}),
      ...fields,
    });
  }
}
