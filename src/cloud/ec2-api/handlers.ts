import type { CapacityType } from '../../model/index.js';
import type { Instance, LaunchOverride } from '../cloud-provider.js';
import { CloudError, type UnavailableOffering } from '../errors.js';
import type { MockEc2 } from '../mock-ec2/mock-ec2.js';
import type { QueryParams } from './query.js';
import { instanceTypeXml, instanceXml, stateXml, type ToIso } from './shapes.js';
import type { XmlObject } from './xml.js';

/** One EC2 action: parse the parameters, answer with a response body or a CloudError (through `done`). */
export type Handler = (ctx: HandlerContext, q: QueryParams, done: (r: XmlObject | CloudError) => void) => void;

export interface HandlerContext {
  readonly ec2: MockEc2;
  readonly iso: ToIso;
  readonly region: string;
  nextId(prefix: string): string;
}

/** `ec2.apiCall` with the operation's CloudErrors turned into answers (an op runs inside a timer). */
function call(ctx: HandlerContext, action: string, op: () => XmlObject | CloudError, done: (r: XmlObject | CloudError) => void, kind?: 'describe'): void {
  ctx.ec2.apiCall<XmlObject | CloudError>(
    action,
    () => {
      try {
        return op();
      } catch (e) {
        if (e instanceof CloudError) return e;
        throw e;
      }
    },
    done,
    kind,
  );
}

const notFound = (ids: readonly string[]) =>
  new CloudError('InvalidInstanceID.NotFound', `The instance ID${ids.length > 1 ? 's' : ''} '${ids.join(', ')}' ${ids.length > 1 ? 'do' : 'does'} not exist`);

function archOf(ctx: HandlerContext, i: Instance): string {
  return ctx.ec2.pools.instanceType(i.instanceType)?.arch ?? 'amd64';
}

function page<T>(items: readonly T[], q: QueryParams, maxDefault: number): { items: T[]; nextToken?: string } {
  const start = Number(q.get('NextToken') ?? 0) || 0;
  const max = q.int('MaxResults', maxDefault);
  const slice = items.slice(start, start + max);
  return start + max < items.length ? { items: slice, nextToken: String(start + max) } : { items: slice };
}

function checkIds(ctx: HandlerContext, ids: readonly string[]): CloudError | undefined {
  const malformed = ids.filter((id) => !/^i-[0-9a-f]{8,17}$/.test(id));
  if (malformed.length > 0) return new CloudError('InvalidInstanceID.Malformed', `Invalid id: "${malformed[0]}"`);
  const missing = ids.filter((id) => !ctx.ec2.getNow(id));
  return missing.length > 0 ? notFound(missing) : undefined;
}

function matchesFilter(i: Instance, name: string, values: readonly string[]): boolean {
  if (name.startsWith('tag:')) return values.includes(i.tags[name.slice(4)] ?? '\u0000');
  switch (name) {
    case 'tag-key':
      return values.some((v) => v in i.tags);
    case 'instance-state-name':
      return values.includes(i.state);
    case 'instance-id':
      return values.includes(i.id);
    case 'instance-type':
      return values.includes(i.instanceType);
    case 'availability-zone':
      return values.includes(i.zone);
    case 'instance-lifecycle':
      return values.includes(i.capacityType === 'spot' ? 'spot' : 'on-demand');
    default:
      throw new CloudError('InvalidParameterValue', `The filter '${name}' is invalid`);
  }
}

const describeInstances: Handler = (ctx, q, done) => {
  const ids = q.list('InstanceId');
  const filters = q.filters();
  call(ctx, 'DescribeInstances', () => {
    const bad = ids.length > 0 ? checkIds(ctx, ids) : undefined;
    if (bad) return bad;
    let found: Instance[] = ids.length > 0 ? ids.map((id) => ctx.ec2.getNow(id)!) : ctx.ec2.listNow();
    for (const f of filters) found = found.filter((i) => matchesFilter(i, f.name, f.values));
    const p = page(found, q, 1000);
    const reservationSet = p.items.map((i) => ({ reservationId: `r-${i.id.slice(2)}`, ownerId: '000000000000', instancesSet: [instanceXml(i, archOf(ctx, i), ctx.iso)] }));
    return { reservationSet, nextToken: p.nextToken };
  }, done, 'describe');
};

const terminateInstances: Handler = (ctx, q, done) => {
  const ids = q.list('InstanceId');
  if (ids.length === 0) return done(new CloudError('InvalidParameterValue', 'The request must contain the parameter InstanceId'));
  call(ctx, 'TerminateInstances', () => {
    const bad = checkIds(ctx, ids);
    if (bad) return bad;
    const instancesSet = ids.map((id) => {
      const previous = ctx.ec2.getNow(id)!.state;
      ctx.ec2.terminateNow(id);
      return { instanceId: id, previousState: stateXml(previous), currentState: stateXml(ctx.ec2.getNow(id)?.state ?? 'terminated') };
    });
    return { instancesSet };
  }, done);
};

const createTags: Handler = (ctx, q, done) => {
  const ids = q.list('ResourceId');
  const tags = q.tags('Tag');
  call(ctx, 'CreateTags', () => {
    const bad = checkIds(ctx, ids);
    if (bad) return bad;
    for (const id of ids) ctx.ec2.createTags(id, tags);
    return { return: true };
  }, done);
};

function zoneOf(ctx: HandlerContext, q: QueryParams, prefix: string): string | undefined {
  const az = q.get(`${prefix}AvailabilityZone`) ?? q.get(`${prefix}Placement.AvailabilityZone`);
  if (az) return az;
  // Subnets are not modelled: a SubnetId ending in a zone name (subnet-us-east-1a) stands for that zone.
  const subnet = q.get(`${prefix}SubnetId`);
  return subnet ? ctx.ec2.zones.find((z) => subnet.endsWith(z)) : undefined;
}

const runInstances: Handler = (ctx, q, done) => {
  const instanceType = q.require('InstanceType');
  const min = q.int('MinCount', 1);
  const max = q.int('MaxCount', min);
  const zone = zoneOf(ctx, q, '') ?? ctx.ec2.zones[0]!;
  const capacityType: CapacityType = q.get('InstanceMarketOptions.MarketType') === 'spot' ? 'spot' : 'on-demand';
  const tags = q.tagSpecifications('instance');
  call(ctx, 'RunInstances', () => {
    const launched: Instance[] = [];
    let error: CloudError | undefined;
    for (let n = 0; n < max; n++) {
      const r = ctx.ec2.launchNow({ nodeClaimName: '', nodePoolName: '', nodeClassName: '', capacityType, overrides: [{ instanceType, zone, capacityType }], tags });
      if (!r.ok) {
        error = r.error;
        break;
      }
      launched.push(r.instance);
    }
    if (launched.length < min) {
      for (const i of launched) ctx.ec2.terminateNow(i.id);
      return error ?? new CloudError('InsufficientInstanceCapacity', 'not enough capacity');
    }
    return { reservationId: ctx.nextId('r'), ownerId: '000000000000', groupSet: [], instancesSet: launched.map((i) => instanceXml(i, archOf(ctx, i), ctx.iso)) };
  }, done);
};

const createFleet: Handler = (ctx, q, done) => {
  const type = q.get('Type') ?? 'maintain';
  if (type !== 'instant') return done(new CloudError('Unsupported', `fleetsim's EC2 supports only Type=instant fleets, not ${type}`));
  const total = q.int('TargetCapacitySpecification.TotalTargetCapacity', 1);
  const capacityType: CapacityType = q.get('TargetCapacitySpecification.DefaultTargetCapacityType') === 'spot' ? 'spot' : 'on-demand';
  const overrides: LaunchOverride[] = [];
  for (const cfg of q.members('LaunchTemplateConfigs')) {
    for (const o of q.members(`${cfg}.Overrides`)) {
      const zone = zoneOf(ctx, q, `${o}.`);
      if (!zone) return done(new CloudError('InvalidParameterValue', `${o}: an AvailabilityZone (or a SubnetId naming one) is required`));
      const priority = q.get(`${o}.Priority`);
      overrides.push({ instanceType: q.require(`${o}.InstanceType`), zone, capacityType, ...(priority !== undefined ? { priority: Number(priority) } : {}) });
    }
  }
  const tags = q.tagSpecifications('instance');
  call(ctx, 'CreateFleet', () => {
    const instances: Instance[] = [];
    const failed = new Map<string, { u: UnavailableOffering; code: string; message: string }>();
    for (let n = 0; n < total; n++) {
      const r = ctx.ec2.launchNow({ nodeClaimName: '', nodePoolName: '', nodeClassName: tags['karpenter.k8s.aws/ec2nodeclass'] ?? '', capacityType, overrides, tags });
      const unavailable = r.ok ? (r.unavailable ?? []) : r.error.unavailable;
      if (!r.ok && unavailable.length === 0) return r.error;
      for (const u of unavailable) {
        const code = r.ok ? 'InsufficientInstanceCapacity' : r.error.code;
        failed.set(`${u.instanceType}/${u.zone}`, { u, code, message: r.ok ? 'no capacity' : r.error.message });
      }
      if (r.ok) instances.push(r.instance);
      else break;
    }
    const groups = new Map<string, Instance[]>();
    for (const i of instances) groups.set(`${i.instanceType}/${i.zone}`, [...(groups.get(`${i.instanceType}/${i.zone}`) ?? []), i]);
    const lifecycle = capacityType === 'spot' ? 'spot' : 'on-demand';
    return {
      fleetId: ctx.nextId('fleet'),
      errorSet: [...failed.values()].map((f) => ({
        launchTemplateAndOverrides: { overrides: { instanceType: f.u.instanceType, availabilityZone: f.u.zone } },
        lifecycle,
        errorCode: f.code,
        errorMessage: f.message,
      })),
      fleetInstanceSet: [...groups.values()].map((is) => ({
        launchTemplateAndOverrides: { overrides: { instanceType: is[0]!.instanceType, availabilityZone: is[0]!.zone } },
        lifecycle,
        instanceIds: is.map((i) => i.id),
        instanceType: is[0]!.instanceType,
      })),
    };
  }, done);
};

const describeInstanceTypes: Handler = (ctx, q, done) => {
  const names = new Set([...q.list('InstanceType'), ...q.filters().filter((f) => f.name === 'instance-type').flatMap((f) => f.values)]);
  const types = ctx.ec2.catalog.filter((t) => names.size === 0 || names.has(t.name));
  const p = page(types, q, 100);
  const items = p.items.map((t) => instanceTypeXml(t, t.offerings.some((o) => o.capacityType === 'spot')));
  call(ctx, 'DescribeInstanceTypes', () => ({ instanceTypeSet: items, nextToken: p.nextToken }), done, 'describe');
};

const describeSpotPriceHistory: Handler = (ctx, q, done) => {
  const types = new Set(q.list('InstanceType'));
  const zone = q.get('AvailabilityZone');
  call(ctx, 'DescribeSpotPriceHistory', () => {
    const now = ctx.iso(ctx.ec2.now());
    const rows = ctx.ec2.pools.all
      .filter((p) => p.capacityType === 'spot' && (types.size === 0 || types.has(p.instanceType.name)) && (!zone || p.zone === zone))
      .map((p) => ({ availabilityZone: p.zone, instanceType: p.instanceType.name, productDescription: 'Linux/UNIX', spotPrice: ctx.ec2.priceOf(p.instanceType.name, p.zone, 'spot')!.toFixed(6), timestamp: now }));
    const pg = page(rows, q, 1000);
    return { spotPriceHistorySet: pg.items, nextToken: pg.nextToken ?? '' };
  }, done, 'describe');
};

const describeAvailabilityZones: Handler = (ctx, _q, done) => {
  call(ctx, 'DescribeAvailabilityZones', () => ({
    availabilityZoneInfo: ctx.ec2.zones.map((z, i) => ({ zoneName: z, zoneState: 'available', regionName: ctx.region, zoneId: `use1-az${i + 1}`, zoneType: 'availability-zone' })),
  }), done, 'describe');
};

export const HANDLERS: Readonly<Record<string, Handler>> = {
  CreateFleet: createFleet,
  RunInstances: runInstances,
  TerminateInstances: terminateInstances,
  DescribeInstances: describeInstances,
  DescribeInstanceTypes: describeInstanceTypes,
  DescribeSpotPriceHistory: describeSpotPriceHistory,
  CreateTags: createTags,
  DescribeAvailabilityZones: describeAvailabilityZones,
};
