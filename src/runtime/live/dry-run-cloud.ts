import type { CloudEvent, CloudProvider, Instance, LaunchRequest, LaunchResult, TerminateResult } from '../../cloud/cloud-provider.js';
import { CloudError } from '../../cloud/errors.js';
import type { Decision, InstanceType, NodeClass } from '../../model/index.js';
import type { Interceptions } from './interceptions.js';

/** Tag on the simulated instances a dry run answers launches with. */
export const DRY_RUN_TAG = 'fleetsim.io/dry-run';
/** Instance ids of simulated instances start with this (never a real EC2 id: those are hex). */
export const DRY_RUN_ID_PREFIX = 'i-dryrun-';

export function isDryRunInstanceId(id: string): boolean {
  return id.startsWith(DRY_RUN_ID_PREFIX);
}

export interface DryRunCloudOptions {
  /** Now in the engine's clock (launch times of simulated instances). */
  readonly now: () => number;
  /** The provisioner's record of a NodeClaim's creation, to say which pods a launch is for. */
  readonly creationOf?: (nodeClaimName: string) => Decision | undefined;
}

/**
 * The CloudProvider port in dry run: instance types, reads and interruption events come from the real
 * cloud; no EC2 mutation is made. `launch` answers with a simulated instance — id `i-dryrun-…`, tagged
 * `fleetsim.io/dry-run=true`, the first (cheapest) override of the request — that never registers as a node;
 * `terminate` of a real instance is reported and hidden from later reads (the engine sees its plan done).
 * Both are reported as "would launch …" / "would terminate …".
 */
export class DryRunCloud implements CloudProvider {
  readonly name: string;
  private readonly simulated = new Map<string, Instance>();
  private readonly hidden = new Set<string>();
  private seq = 0;

  constructor(
    private readonly real: CloudProvider,
    private readonly intercept: Interceptions,
    private readonly o: DryRunCloudOptions,
  ) {
    this.name = `${real.name} (dry run)`;
  }

  instanceTypes(nodeClass?: NodeClass): readonly InstanceType[] {
    return this.real.instanceTypes(nodeClass);
  }

  launch(request: LaunchRequest, done: (result: LaunchResult) => void): void {
    const o = request.overrides[0];
    if (!o) {
      later(() => done({ ok: false, error: new CloudError('InvalidParameterValue', 'the launch request has no overrides') }));
      return;
    }
    const price = this.priceOf(o.instanceType, o.zone, o.capacityType);
    const id = `${DRY_RUN_ID_PREFIX}${(++this.seq).toString().padStart(6, '0')}`;
    const instance: Instance = {
      id,
      providerID: `aws:///${o.zone}/${id}`,
      instanceType: o.instanceType,
      zone: o.zone,
      capacityType: o.capacityType,
      pricePerHour: price ?? 0,
      launchedAt: this.o.now(),
      state: 'running',
      tags: { ...request.tags, [DRY_RUN_TAG]: 'true' },
    };
    this.simulated.set(id, instance);
    const created = this.o.creationOf?.(request.nodeClaimName);
    const pods = Array.isArray(created?.pods) ? (created.pods as unknown[]).map(String) : [];
    const types = [...new Set(request.overrides.map((x) => x.instanceType))];
    this.intercept.would(
      'launch',
      request.nodeClaimName,
      `launch ${o.instanceType} (${o.capacityType}) in ${o.zone}${price !== undefined ? ` at $${price.toFixed(4)}/h` : ''} for NodeClaim ${request.nodeClaimName} of NodePool ${request.nodePoolName}${pods.length ? ` (pods ${pods.slice(0, 5).join(', ')}${pods.length > 5 ? ` and ${pods.length - 5} more` : ''})` : ''}`,
      {
        reason: created?.reason ?? 'the engine launched a NodeClaim',
        nodeClaim: request.nodeClaimName,
        nodePool: request.nodePoolName,
        instanceType: o.instanceType,
        zone: o.zone,
        capacityType: o.capacityType,
        pricePerHour: price,
        instanceTypesOffered: types.slice(0, 5),
        instanceTypesOfferedCount: types.length,
        pods,
        simulatedInstanceId: id,
      },
    );
    later(() => done({ ok: true, instance }));
  }

  terminate(instanceId: string, done: (result: TerminateResult) => void): void {
    if (this.simulated.delete(instanceId)) {
      later(() => done({ ok: true }));
      return;
    }
    if (this.hidden.has(instanceId)) {
      later(() => done({ ok: false, error: notFound(instanceId) }));
      return;
    }
    this.real.get(instanceId, (inst) => {
      if (!inst) return done({ ok: false, error: notFound(instanceId) });
      this.intercept.would('terminate', instanceId, `terminate ${instanceId} (${inst.instanceType} in ${inst.zone}, NodeClaim ${inst.tags['karpenter.sh/nodeclaim'] ?? 'none'})`, {
        instanceId,
        instanceType: inst.instanceType,
        pricePerHour: inst.pricePerHour,
      });
      this.hidden.add(instanceId);
      done({ ok: true });
    });
  }

  get(instanceId: string, done: (instance: Instance | undefined) => void): void {
    const sim = this.simulated.get(instanceId);
    if (sim || isDryRunInstanceId(instanceId) || this.hidden.has(instanceId)) {
      later(() => done(sim));
      return;
    }
    this.real.get(instanceId, done);
  }

  list(tags: Readonly<Record<string, string>>, done: (instances: readonly Instance[]) => void): void {
    this.real.list(tags, (real) => {
      const matches = (i: Instance): boolean => Object.entries(tags).every(([k, v]) => i.tags[k] === v);
      done([...real.filter((i) => !this.hidden.has(i.id)), ...[...this.simulated.values()].filter(matches)]);
    });
  }

  onEvent(listener: (event: CloudEvent) => void): () => void {
    return this.real.onEvent(listener);
  }

  /** The simulated instances alive now. */
  simulatedInstances(): Instance[] {
    return [...this.simulated.values()];
  }

  private priceOf(instanceType: string, zone: string, capacityType: string): number | undefined {
    const it = this.real.instanceTypes().find((t) => t.name === instanceType);
    return it?.offerings.find((x) => x.zone === zone && x.capacityType === capacityType)?.pricePerHour;
  }
}

function later(f: () => void): void {
  void Promise.resolve().then(f);
}

function notFound(id: string): CloudError {
  return new CloudError('InvalidInstanceID.NotFound', `The instance ID '${id}' does not exist`);
}
