import type { Clock } from '../sim/clock.js';
import { InvariantViolation, throwViolation, type ViolationDetails, type ViolationSink } from './violation.js';

/** How the checker's parts report: the time comes from the clock unless given. */
export class Reporter {
  constructor(
    private readonly clock: Pick<Clock, 'now'>,
    private readonly sink: ViolationSink = throwViolation,
  ) {}

  now(): number {
    return this.clock.now();
  }

  violation(d: Omit<ViolationDetails, 'at'> & { readonly at?: number }): void {
    this.sink(new InvariantViolation({ ...d, at: d.at ?? this.clock.now() }));
  }
}
