import type { Instance, InstanceState } from '../../cloud/cloud-provider.js';
import type { InstanceEventLike } from '../types.js';

export type MutableInstance = { -readonly [K in keyof Instance]: Instance[K] };

/** An instance whose state tests move along, and the events announcing each step. */
export function instance(id: string, pricePerHour: number, launchedAt: number, instanceType = 'm5.large'): MutableInstance {
  return {
    id,
    providerID: `aws:///us-east-1a/${id}`,
    instanceType,
    zone: 'us-east-1a',
    capacityType: 'on-demand',
    pricePerHour,
    launchedAt,
    state: 'pending',
    tags: {},
  };
}

const STATE_AFTER: Record<InstanceEventLike['kind'], InstanceState> = {
  launched: 'pending',
  running: 'running',
  registered: 'running',
  ready: 'running',
  terminated: 'terminated',
};

export function step(i: MutableInstance, kind: InstanceEventLike['kind'], at: number): InstanceEventLike {
  i.state = STATE_AFTER[kind];
  return { kind, instance: i, at };
}
