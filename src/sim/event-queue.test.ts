import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventQueue, type EventHandle } from './event-queue.js';
import { SimClock } from './sim-clock.js';

/**
 * The queue against an independent model: a plain list of events, the next one found by a linear scan for
 * the least (time, priority, push order) among those neither popped nor cancelled.
 */
interface ModelEvent {
  readonly id: number;
  readonly at: number;
  readonly priority: number;
  done: boolean;
}

function modelNext(events: ModelEvent[]): ModelEvent | undefined {
  let best: ModelEvent | undefined;
  for (const e of events) {
    if (e.done) continue;
    if (!best || e.at < best.at || (e.at === best.at && (e.priority < best.priority || (e.priority === best.priority && e.id < best.id))))
      best = e;
  }
  return best;
}

type Op =
  | { kind: 'push'; at: number; priority: number }
  | { kind: 'cancel'; pick: number }
  | { kind: 'pop' }
  | { kind: 'peek' };

/** Times near the front (same buckets, fractions, ties), within the ring, beyond it, and negative. */
const time = fc.oneof(
  fc.integer({ min: 0, max: 12 }),
  fc.integer({ min: 0, max: 48 }).map((q) => q / 4),
  fc.double({ min: 0, max: 50, noNaN: true }),
  fc.integer({ min: 0, max: 20_000 }),
  fc.double({ min: -100, max: 1e7, noNaN: true }),
);
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('push' as const), at: time, priority: fc.integer({ min: 0, max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }) },
  { weight: 4, arbitrary: fc.constant({ kind: 'pop' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'peek' as const }) },
);

describe('EventQueue against a sorted-list model', () => {
  it('pops, peeks and counts like the model under random push/cancel/pop sequences', () => {
    fc.assert(
      fc.property(fc.constantFrom(1, 0.25, 7), fc.array(op, { maxLength: 400 }), (width, ops) => {
        const q = new EventQueue(width);
        const model: ModelEvent[] = [];
        const handles: EventHandle[] = [];
        let live = 0;
        const checkPop = (): void => {
          const want = modelNext(model);
          const got = q.pop();
          if (!want) return expect(got).toBeUndefined();
          want.done = true;
          live--;
          expect(got?.at).toBe(want.at);
          expect(got?.priority).toBe(want.priority);
          expect(got?.seq).toBe(want.id);
        };
        for (const o of ops) {
          if (o.kind === 'push') {
            handles.push(q.push(o.at, o.priority, () => undefined));
            model.push({ id: model.length, at: o.at, priority: o.priority, done: false });
            live++;
          } else if (o.kind === 'cancel' && handles.length > 0) {
            // Any handle: still queued, already popped or already cancelled.
            const i = o.pick % handles.length;
            const h = handles[i]!;
            // Documented behaviour: the first cancel of a handle counts it out of `size`, even after its pop.
            if (!h.cancelled) live--;
            q.cancel(h);
            model[i]!.done = true;
          } else if (o.kind === 'pop') checkPop();
          else if (o.kind === 'peek') expect(q.peek()?.seq).toBe(modelNext(model)?.id);
          expect(q.size).toBe(live);
        }
        for (let n = 0; n <= model.length; n++) checkPop();
      }),
      { numRuns: 300 },
    );
  });

  it('cancelling the handle of a popped event leaves the event now in its storage alone', () => {
    const q = new EventQueue();
    const old = q.push(1, 0, () => undefined);
    expect(q.pop()?.seq).toBe(0);
    // Popping the next bucket's event releases the first bucket's storage; the next pushes reuse it.
    q.push(2, 0, () => undefined);
    expect(q.pop()?.seq).toBe(1);
    for (let i = 0; i < 40; i++) q.push(3 + i / 100, 0, () => undefined);
    q.cancel(old);
    expect(q.size).toBe(39); // the first cancel of a handle counts, even after its pop (unchanged behaviour)
    const seqs: number[] = [];
    for (let e = q.pop(); e; e = q.pop()) seqs.push(e.seq);
    expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => i + 2));
  });

  it('keeps order at the edges of the ring window (4096 buckets ahead) as the window moves', () => {
    for (const width of [1, 0.5]) {
      const q = new EventQueue(width);
      const model: ModelEvent[] = [];
      const push = (at: number): void => {
        q.push(at, 0, () => undefined);
        model.push({ id: model.length, at, priority: 0, done: false });
      };
      const popChecked = (): void => {
        const want = modelNext(model)!;
        want.done = true;
        expect(q.pop()?.seq).toBe(want.id);
      };
      const edge = 4096 * width;
      push(0);
      for (let k = -3; k <= 3; k++) push(edge + k * width);
      popChecked(); // activates bucket 0; buckets up to 4095 ahead move into the ring, the rest stay far
      for (let b = 1; b <= 4; b++) push(b * width);
      for (let k = -3; k <= 3; k++) push(edge + k * width + width / 2);
      while (modelNext(model)) popChecked();
      expect(q.pop()).toBeUndefined();
    }
  });

  it('gives back a far bucket once every event in it is cancelled, and keeps order around the gaps', () => {
    const q = new EventQueue();
    q.push(0, 0, () => undefined);
    expect(q.pop()?.seq).toBe(0); // bucket 0 active: buckets from 4096 on are far
    // Far events, days ahead: 100 alone in their buckets, and two sharing bucket 20,000.
    const lone = Array.from({ length: 100 }, (_, i) => q.push(10_000 + 50 * i, 0, () => undefined));
    const sharedA = q.push(20_000.25, 0, () => undefined);
    const sharedB = q.push(20_000.5, 1, () => undefined);
    const kept = q.push(30_000, 0, () => undefined);
    expect(q.bucketsBeyondRing).toBe(102);
    for (const h of lone) q.cancel(h);
    expect(q.bucketsBeyondRing).toBe(2);
    q.cancel(sharedA); // one of two: the bucket stays
    expect(q.bucketsBeyondRing).toBe(2);
    q.cancel(sharedA); // a second cancel of the same handle counts nothing
    expect(q.bucketsBeyondRing).toBe(2);
    expect(q.size).toBe(2);
    // Events scheduled again in the buckets given back, and nearer ones: (time, priority, push order) as ever.
    q.push(10_000, 2, () => undefined);
    q.push(10_000, 1, () => undefined);
    q.push(5, 0, () => undefined);
    const popped: [number, number][] = [];
    for (let e = q.pop(); e; e = q.pop()) popped.push([e.at, e.priority]);
    expect(popped).toEqual([
      [5, 0],
      [10_000, 1],
      [10_000, 2],
      [20_000.5, 1],
      [30_000, 0],
    ]);
    expect(q.bucketsBeyondRing).toBe(0);
    q.cancel(sharedB); // popped already: the first cancel still counts one out of size, as before
    q.cancel(kept);
    expect(q.size).toBe(-2);
  });

  it('keeps order across 20,000 events spread over far buckets (the ring window moves)', () => {
    const q = new EventQueue();
    // Events at 0, 37, 74, ... seconds (most beyond the 4096-bucket ring) pushed in reverse, priorities mixed.
    for (let i = 19_999; i >= 0; i--) q.push(i * 37, i % 3, () => undefined);
    const times: number[] = [];
    for (let e = q.pop(); e; e = q.pop()) times.push(e.at);
    expect(times).toEqual(Array.from({ length: 20_000 }, (_, n) => n * 37));
  });
});

describe('SimClock against the model', () => {
  it('runs actions in (time, priority, schedule order), including events scheduled by events', () => {
    const step = fc.record({ delay: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 5000 }), fc.double({ min: 0, max: 3, noNaN: true })), priority: fc.integer({ min: 0, max: 3 }), children: fc.integer({ min: 0, max: 2 }), cancel: fc.boolean() });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 60 }), fc.array(step, { maxLength: 200 }), (initial, spawned) => {
        const clock = new SimClock();
        const model: (ModelEvent & { handle: ReturnType<SimClock['schedule']> })[] = [];
        const ran: number[] = [];
        let next = 0;
        const schedule = (s: (typeof initial)[number]): void => {
          const id = model.length;
          const handle = clock.schedule(s.delay, () => {
            ran.push(id);
            for (let c = 0; c < s.children && next < spawned.length; c++) schedule(spawned[next++]!);
            // Cancel the latest still-pending event (by the model), as a controller replacing its timer would.
            if (s.cancel) {
              const victim = [...model].reverse().find((m) => !m.done && m.id !== id);
              if (victim) {
                victim.done = true;
                clock.cancel(victim.handle);
              }
            }
          }, s.priority);
          model.push({ id, at: clock.now() + s.delay, priority: s.priority, done: false, handle });
        };
        for (const s of initial) schedule(s);
        for (;;) {
          const want = modelNext(model);
          const before = ran.length;
          const stepped = clock.step();
          if (!want) {
            expect(stepped).toBe(false);
            break;
          }
          expect(ran[before]).toBe(want.id);
          expect(clock.now()).toBe(want.at);
          want.done = true;
        }
        expect(clock.pending).toBe(0);
      }),
      { numRuns: 200 },
    );
  });
});
