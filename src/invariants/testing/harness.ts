import { InvariantChecker } from '../checker.js';
import type { InvariantOptions } from '../types.js';
import type { InvariantViolation } from '../violation.js';
import { FakeClock, FakeCluster } from './fake-cluster.js';

/** A checker attached to a fake cluster, collecting violations instead of throwing. */
export function harness(options: Omit<InvariantOptions, 'onViolation'> = {}): {
  clock: FakeClock;
  cluster: FakeCluster;
  checker: InvariantChecker;
  violations: InvariantViolation[];
  codes: () => string[];
} {
  const clock = new FakeClock();
  const cluster = new FakeCluster(clock);
  const violations: InvariantViolation[] = [];
  const checker = new InvariantChecker(clock, { ...options, onViolation: (v) => violations.push(v) });
  checker.attach(cluster);
  return { clock, cluster, checker, violations, codes: () => violations.map((v) => v.code) };
}
