import type { CloudEvent } from '../../cloud-provider.js';

/** EC2 gives a two-minute notice before it reclaims a spot instance. */
export const SPOT_NOTICE_SECONDS = 120;

/** Which of Karpenter's interruption-queue kinds a message was (`noop`: a kind with nothing to do). */
export type InterruptionMessageKind = 'spot-interruption' | 'rebalance-recommendation' | 'scheduled-change' | 'state-change' | 'noop' | 'unknown';

export interface ParsedInterruptionMessage {
  readonly kind: InterruptionMessageKind;
  readonly events: readonly CloudEvent[];
  /** Why a message gave no event (unknown source, a state without action, bad JSON). */
  readonly note?: string;
}

type Json = Record<string, unknown>;

function obj(v: unknown): Json | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function isInstanceId(v: unknown): v is string {
  return typeof v === 'string' && /^i-[0-9a-f]{8,17}$/.test(v);
}

const ACTION_STATES = new Set(['stopping', 'stopped', 'shutting-down', 'terminated']);

const unknown = (note: string): ParsedInterruptionMessage => ({ kind: 'unknown', events: [], note });

/**
 * One SQS message body from the interruption queue (an EventBridge event, delivered as-is) as CloudEvents:
 * - `aws.ec2` "EC2 Spot Instance Interruption Warning" → spot-interruption-warning, reclaimed 120 s after
 *   the event time;
 * - `aws.ec2` "EC2 Instance Rebalance Recommendation" → rebalance-recommendation;
 * - `aws.health` "AWS Health Event" for EC2 with category `scheduledChange` → one scheduled-change per
 *   affected instance;
 * - `aws.ec2` "EC2 Instance State-change Notification" → instance-state-change for stopping, stopped,
 *   shutting-down and terminated (pending/running need nothing: `noop`).
 * Times are epoch seconds of the event's `time`. Never throws: anything else is `unknown` with a note.
 */
export function parseInterruptionMessage(body: string): ParsedInterruptionMessage {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    return unknown('not JSON');
  }
  const event = obj(raw);
  if (!event) return unknown('not a JSON object');
  const source = str(event.source);
  const detailType = str(event['detail-type']);
  const detail = obj(event.detail);
  const at = Date.parse(str(event.time) ?? '') / 1000;
  if (!Number.isFinite(at)) return unknown(`no valid time in ${detailType ?? 'the event'}`);
  if (!detail) return unknown(`no detail in ${detailType ?? 'the event'}`);

  if (source === 'aws.ec2') {
    const instanceId = detail['instance-id'];
    if (!isInstanceId(instanceId)) return unknown(`${detailType}: no instance-id`);
    switch (detailType) {
      case 'EC2 Spot Instance Interruption Warning':
        return { kind: 'spot-interruption', events: [{ kind: 'spot-interruption-warning', instanceId, at, terminationAt: at + SPOT_NOTICE_SECONDS }] };
      case 'EC2 Instance Rebalance Recommendation':
        return { kind: 'rebalance-recommendation', events: [{ kind: 'rebalance-recommendation', instanceId, at }] };
      case 'EC2 Instance State-change Notification': {
        const state = detail.state;
        if (typeof state !== 'string' || !ACTION_STATES.has(state)) return { kind: 'noop', events: [], note: `state ${String(state)} needs no action` };
        return { kind: 'state-change', events: [{ kind: 'instance-state-change', instanceId, at, state: state as 'stopping' | 'stopped' | 'shutting-down' | 'terminated' }] };
      }
      default:
        return unknown(`aws.ec2 detail-type ${String(detailType)}`);
    }
  }
  if (source === 'aws.health' && detailType === 'AWS Health Event') {
    if (detail.service !== 'EC2' || detail.eventTypeCategory !== 'scheduledChange') {
      return { kind: 'noop', events: [], note: `health event ${String(detail.service)}/${String(detail.eventTypeCategory)} needs no action` };
    }
    const entities = Array.isArray(detail.affectedEntities) ? detail.affectedEntities : [];
    const ids = [...new Set(entities.map((e) => obj(e)?.entityValue).filter(isInstanceId))];
    return { kind: 'scheduled-change', events: ids.map((instanceId) => ({ kind: 'scheduled-change' as const, instanceId, at })) };
  }
  return unknown(`source ${String(source)} detail-type ${String(detailType)}`);
}
