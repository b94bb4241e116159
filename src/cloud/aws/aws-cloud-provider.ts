import { CreateFleetCommand, CreateTagsCommand, DescribeInstancesCommand, TerminateInstancesCommand, type Instance as SdkInstance } from '@aws-sdk/client-ec2';
import type { InstanceType, NodeClass } from '../../model/index.js';
import { buildContext, catalogSpecs } from '../../catalog/load.js';
import type { CloudEvent, CloudProvider, Instance, LaunchRequest, LaunchResult, TerminateResult } from '../cloud-provider.js';
import { CloudError, isCloudError, isNotFoundError } from '../errors.js';
import { makeCall, type Call } from './calls.js';
import { buildCatalog } from './catalog/build.js';
import { CatalogCache } from './catalog/cache.js';
import { fetchCatalogInputs } from './catalog/fetch.js';
import { CreateFleetBatcher, DEFAULT_FLEET_BATCH, type FleetAnswer } from './fleet-batcher.js';
import { createFleetInput, launchTags, type LaunchTemplateRef } from './fleet-request.js';
import { launchResultFromFleet } from './fleet-response.js';
import { instanceFromSdk, listFilters } from './instances.js';
import type { AwsCloudProviderOptions } from './options.js';
import { CLUSTER_TAG, isOwnedBy, NODECLAIM_TAG, OWNERSHIP_KEYS, tagsToList } from './tags.js';

/**
 * The CloudProvider port over the real EC2 API (`@aws-sdk/client-ec2`): CreateFleet(instant) launches,
 * DescribeInstances reads, TerminateInstances after an ownership check, a catalog from
 * DescribeInstanceTypes + DescribeSpotPriceHistory (+ the embedded catalog's prices) cached and refreshed
 * every 12 h, interruption events from an InterruptionSource (the SQS queue). Call `start()` before use.
 */
export class AwsCloudProvider implements CloudProvider {
  readonly name = 'aws';
  private readonly call: Call;
  private readonly catalog: CatalogCache;
  private readonly now: () => number;
  private readonly fleetBatcher: CreateFleetBatcher | undefined;

  constructor(private readonly o: AwsCloudProviderOptions) {
    this.call = makeCall({
      ...o.backoff,
      onRetry: (info) => {
        o.log?.({ level: 'warn', action: info.action, message: `${info.action} throttled; retry ${info.retry + 1} in ${Math.round(info.delayMs)} ms` });
        o.backoff?.onRetry?.(info);
      },
    });
    this.now = o.now ?? (() => Date.now() / 1000);
    if (o.createFleetBatching) {
      const opts = o.createFleetBatching === true ? DEFAULT_FLEET_BATCH : { ...DEFAULT_FLEET_BATCH, ...o.createFleetBatching };
      this.fleetBatcher = new CreateFleetBatcher((input) => this.call('CreateFleet', () => this.o.ec2.send(new CreateFleetCommand(input))), opts);
    }
    this.catalog = new CatalogCache({
      load: () => this.loadCatalog(),
      ...(o.catalogRefreshSeconds !== undefined ? { refreshSeconds: o.catalogRefreshSeconds } : {}),
      onError: (e) => this.report('catalog refresh', e),
    });
  }

  /** Fill the catalog (rejects when the EC2 APIs fail) and start its refresh timer. */
  async start(): Promise<void> {
    await this.catalog.start();
  }

  /** Stop the refresh timer (the SDK client belongs to the caller). */
  close(): void {
    this.catalog.stop();
    this.fleetBatcher?.flushAll();
  }

  /** Re-read instance types and spot prices now. */
  refreshCatalog(): Promise<void> {
    return this.catalog.refresh();
  }

  /** Completed catalog loads (start + refreshes). */
  get catalogLoads(): number {
    return this.catalog.loads;
  }

  instanceTypes(nodeClass?: NodeClass): readonly InstanceType[] {
    return this.catalog.types(nodeClass);
  }

  launch(request: LaunchRequest, done: (result: LaunchResult) => void): void {
    this.deliver(this.launchAsync(request), done);
  }

  terminate(instanceId: string, done: (result: TerminateResult) => void): void {
    this.deliver(this.terminateAsync(instanceId), done);
  }

  get(instanceId: string, done: (instance: Instance | undefined) => void): void {
    this.deliver(
      this.getAsync(instanceId).catch((e: unknown) => {
        this.report(`get ${instanceId}`, e);
        return undefined;
      }),
      done,
    );
  }

  list(tags: Readonly<Record<string, string>>, done: (instances: readonly Instance[]) => void): void {
    this.deliver(
      this.listAsync(tags).catch((e: unknown) => {
        this.report('list', e);
        return [];
      }),
      done,
    );
  }

  onEvent(listener: (event: CloudEvent) => void): () => void {
    return this.o.interruptions?.onEvent(listener) ?? (() => {});
  }

  // ---- promise forms ---------------------------------------------------------------------------------

  async launchAsync(request: LaunchRequest): Promise<LaunchResult> {
    try {
      const ctx = { clusterName: this.o.clusterName, launchTemplate: this.launchTemplateFor(request.nodeClassName), subnets: this.o.subnets, priceOf: this.priceOf };
      const input = createFleetInput(request, ctx);
      const out: FleetAnswer = this.fleetBatcher
        ? await this.launchBatched(input, request)
        : await this.call('CreateFleet', () => this.o.ec2.send(new CreateFleetCommand(input)));
      return launchResultFromFleet(out, request, { subnets: this.o.subnets, priceOf: this.priceOf, now: this.now(), tags: launchTags(request, this.o.clusterName) });
    } catch (e) {
      return { ok: false, error: this.asCloudError(e) };
    }
  }

  /**
   * Through the CreateFleet batcher: the NodeClaim tag (the only per-claim part of the request) is left
   * out so that identical requests coalesce, and written on the instance with CreateTags once it is
   * known (Karpenter tags its instances after launch the same way).
   */
  private async launchBatched(input: Parameters<CreateFleetBatcher['submit']>[0], request: LaunchRequest): Promise<FleetAnswer> {
    const shared = { ...input, TagSpecifications: input.TagSpecifications?.map((t) => ({ ...t, Tags: t.Tags?.filter((tag) => tag.Key !== NODECLAIM_TAG) })) };
    const out = await this.fleetBatcher!.submit(shared);
    const id = out.Instances?.[0]?.InstanceIds?.[0];
    if (id !== undefined) {
      await this.call('CreateTags', () => this.o.ec2.send(new CreateTagsCommand({ Resources: [id], Tags: [{ Key: NODECLAIM_TAG, Value: request.nodeClaimName }] })));
    }
    return out;
  }

  /** Terminate after DescribeInstances shows this cluster's ownership tag; anything else is refused without a TerminateInstances call. */
  async terminateAsync(instanceId: string): Promise<TerminateResult> {
    try {
      const owned = await this.requireOwned(instanceId, 'terminate');
      if (!owned.ok) return owned;
      await this.call('TerminateInstances', () => this.o.ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] })));
      return { ok: true };
    } catch (e) {
      return { ok: false, error: this.asCloudError(e) };
    }
  }

  /** CreateTags on an instance this cluster owns; ownership keys cannot be set. */
  async tagAsync(instanceId: string, tags: Readonly<Record<string, string>>): Promise<TerminateResult> {
    try {
      const forbidden = Object.keys(tags).filter((k) => OWNERSHIP_KEYS.has(k));
      if (forbidden.length > 0) return { ok: false, error: new CloudError('UnauthorizedOperation', `refusing to set ownership tag(s) ${forbidden.join(', ')} on ${instanceId}`) };
      const owned = await this.requireOwned(instanceId, 'tag');
      if (!owned.ok) return owned;
      await this.call('CreateTags', () => this.o.ec2.send(new CreateTagsCommand({ Resources: [instanceId], Tags: tagsToList(tags) })));
      return { ok: true };
    } catch (e) {
      return { ok: false, error: this.asCloudError(e) };
    }
  }

  tag(instanceId: string, tags: Readonly<Record<string, string>>, done: (result: TerminateResult) => void): void {
    this.deliver(this.tagAsync(instanceId, tags), done);
  }

  /** The instance, or undefined once EC2 no longer knows it; other failures reject with a CloudError. */
  async getAsync(instanceId: string): Promise<Instance | undefined> {
    const raw = await this.describeOne(instanceId);
    return raw && instanceFromSdk(raw, this.priceOf);
  }

  /** This cluster's instances carrying every given tag, terminated ones excluded (all pages). */
  async listAsync(tags: Readonly<Record<string, string>>): Promise<Instance[]> {
    const out: Instance[] = [];
    let token: string | undefined;
    const Filters = listFilters(tags, this.o.clusterName);
    do {
      const page = await this.call('DescribeInstances', () => this.o.ec2.send(new DescribeInstancesCommand({ Filters, MaxResults: 1000, ...(token ? { NextToken: token } : {}) })));
      for (const r of page.Reservations ?? []) {
        for (const i of r.Instances ?? []) {
          const inst = instanceFromSdk(i, this.priceOf);
          if (inst) out.push(inst);
        }
      }
      token = page.NextToken || undefined;
    } while (token);
    return out;
  }

  // ---- internals ---------------------------------------------------------------------------------------

  private readonly priceOf = (instanceType: string, zone: string, capacityType: 'on-demand' | 'spot'): number | undefined =>
    this.catalog.ready ? this.catalog.priceOf(instanceType, zone, capacityType) : undefined;

  private launchTemplateFor(nodeClassName: string): LaunchTemplateRef {
    const lt = this.o.launchTemplate;
    return typeof lt === 'function' ? lt(nodeClassName) : lt;
  }

  private async describeOne(instanceId: string): Promise<SdkInstance | undefined> {
    try {
      const out = await this.call('DescribeInstances', () => this.o.ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] })));
      return out.Reservations?.flatMap((r) => r.Instances ?? []).find((i) => i.InstanceId === instanceId);
    } catch (e) {
      if (isNotFoundError(e)) return undefined;
      throw e;
    }
  }

  private async requireOwned(instanceId: string, what: string): Promise<TerminateResult> {
    const raw = await this.describeOne(instanceId);
    if (!raw) return { ok: false, error: new CloudError('InvalidInstanceID.NotFound', `The instance ID '${instanceId}' does not exist`) };
    const inst = instanceFromSdk(raw, this.priceOf);
    if (!inst || !isOwnedBy(inst.tags, this.o.clusterName)) {
      const owner = inst?.tags[CLUSTER_TAG];
      const message = `refusing to ${what} ${instanceId}: it is not tagged ${CLUSTER_TAG}=${this.o.clusterName}${owner !== undefined ? ` (owner: ${owner})` : ' (no owner tag)'}`;
      this.o.log?.({ level: 'warn', action: what, message });
      return { ok: false, error: new CloudError('UnauthorizedOperation', message) };
    }
    return { ok: true };
  }

  private async loadCatalog(): Promise<InstanceType[]> {
    const zones = this.o.subnets ? Object.keys(this.o.subnets) : this.o.zones;
    const inputs = await fetchCatalogInputs(this.o.ec2, this.call, {
      now: this.now,
      ...(zones ? { zones } : {}),
      ...(this.o.productDescription ? { productDescription: this.o.productDescription } : {}),
    });
    const embedded = new Map(catalogSpecs(this.o.catalog ?? {}).map((s) => [s.name, s] as const));
    const ctx = buildContext({ ...this.o.catalog, region: this.o.region });
    const types = buildCatalog(inputs, embedded, ctx);
    if (types.length === 0) throw new CloudError('InternalError', 'DescribeInstanceTypes gave no instance type that the catalog can price');
    return types;
  }

  private asCloudError(e: unknown): CloudError {
    return isCloudError(e) ? e : new CloudError('InternalError', e instanceof Error ? e.message : String(e), [], { cause: e });
  }

  private deliver<T>(p: Promise<T>, done: (v: T) => void): void {
    p.then(
      (v) => {
        try {
          done(v);
        } catch (e) {
          this.report('callback', e);
        }
      },
      (e: unknown) => this.report('internal', e),
    );
  }

  private report(what: string, e: unknown): void {
    const message = isCloudError(e) ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : String(e);
    this.o.log?.({ level: 'error', action: what, message: `${what} failed: ${message}` });
  }
}
