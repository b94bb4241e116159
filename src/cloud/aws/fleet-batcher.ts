import type { CreateFleetCommandInput, CreateFleetCommandOutput } from '@aws-sdk/client-ec2';

export type FleetAnswer = Pick<CreateFleetCommandOutput, 'Instances' | 'Errors'>;

export interface FleetBatchOptions {
  /** The window closes this long after the last joining request. Karpenter: 35 ms. */
  readonly idleMs: number;
  /** ... or this long after the first. Karpenter: 1 s. */
  readonly maxMs: number;
  /** ... or when this many requests joined. Karpenter: 1000. */
  readonly maxItems: number;
}

export const DEFAULT_FLEET_BATCH: FleetBatchOptions = { idleMs: 35, maxMs: 1000, maxItems: 1000 };

interface Waiter {
  resolve(answer: FleetAnswer): void;
  reject(error: unknown): void;
}

interface Batch {
  readonly input: CreateFleetCommandInput;
  readonly waiters: Waiter[];
  readonly openedAt: number;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * The AWS provider's CreateFleet batcher (Karpenter `pkg/batcher/createfleet.go`): concurrent
 * single-instance CreateFleet requests with identical inputs (same launch template, overrides, options,
 * tags) join one request with TotalTargetCapacity = N; each caller gets one of the launched instances, or
 * — when fewer came back — the request's errors. A window closes `idleMs` after its last request, `maxMs`
 * after its first, or at `maxItems`.
 */
export class CreateFleetBatcher {
  private readonly open = new Map<string, Batch>();

  constructor(
    private readonly send: (input: CreateFleetCommandInput) => Promise<FleetAnswer>,
    private readonly opts: FleetBatchOptions = DEFAULT_FLEET_BATCH,
    private readonly nowMs: () => number = () => performance.now(),
  ) {}

  /** Launch one instance with `input` (its TotalTargetCapacity is taken as 1), batched with identical requests. */
  submit(input: CreateFleetCommandInput): Promise<FleetAnswer> {
    const key = JSON.stringify({ ...input, TargetCapacitySpecification: { ...input.TargetCapacitySpecification, TotalTargetCapacity: 1 } });
    return new Promise<FleetAnswer>((resolve, reject) => {
      let batch = this.open.get(key);
      if (!batch) {
        batch = { input, waiters: [], openedAt: this.nowMs(), timer: undefined };
        this.open.set(key, batch);
      }
      batch.waiters.push({ resolve, reject });
      if (batch.timer !== undefined) clearTimeout(batch.timer);
      const b = batch;
      if (b.waiters.length >= this.opts.maxItems) {
        this.flush(key, b);
        return;
      }
      const wait = Math.max(0, Math.min(this.opts.idleMs, b.openedAt + this.opts.maxMs - this.nowMs()));
      b.timer = setTimeout(() => this.flush(key, b), wait);
    });
  }

  /** Close every open window now (shutdown). */
  flushAll(): void {
    for (const [key, b] of [...this.open]) this.flush(key, b);
  }

  private flush(key: string, b: Batch): void {
    if (this.open.get(key) !== b) return;
    this.open.delete(key);
    if (b.timer !== undefined) clearTimeout(b.timer);
    const n = b.waiters.length;
    const input: CreateFleetCommandInput = { ...b.input, TargetCapacitySpecification: { ...b.input.TargetCapacitySpecification, TotalTargetCapacity: n } };
    this.send(input).then(
      (out) => {
        const answers = splitFleetAnswer(out, n);
        b.waiters.forEach((w, i) => w.resolve(answers[i]!));
      },
      (e: unknown) => {
        for (const w of b.waiters) w.reject(e);
      },
    );
  }
}

/** One answer per caller: caller i gets the i-th launched instance (errors shared); callers without one get the errors only. */
export function splitFleetAnswer(out: FleetAnswer, callers: number): FleetAnswer[] {
  const one: NonNullable<FleetAnswer['Instances']> = [];
  for (const fi of out.Instances ?? []) for (const id of fi.InstanceIds ?? []) one.push({ ...fi, InstanceIds: [id] });
  const errors = out.Errors ?? [];
  return Array.from({ length: callers }, (_, i) => (i < one.length ? { Instances: [one[i]!], Errors: errors } : { Instances: [], Errors: errors }));
}
