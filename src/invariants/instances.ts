import type { Instance } from '../cloud/cloud-provider.js';
import { instanceIdFromProviderID } from '../model/index.js';
import type { Reporter } from './reporter.js';
import type { InstanceEventLike, LedgerEntryLike } from './types.js';
import { formatTime, InvariantCodes } from './violation.js';

type Step = InstanceEventLike['kind'];

/** The step each step must follow ('terminated' may follow any step but itself). */
const PREVIOUS: Readonly<Record<Exclude<Step, 'launched' | 'terminated'>, Step>> = {
  running: 'launched',
  registered: 'running',
  ready: 'registered',
};

interface InstanceRecordView {
  readonly instance: Instance;
  readonly launchedAt: number;
  readonly pricePerHour: number;
  step: Step;
  lastAt: number;
  terminatedAt: number | undefined;
  /** Nodes of this instance in the cluster now, and since when it has had none. */
  nodes: number;
  nodelessSince: number;
  registered: boolean;
}

/** EC2 Linux billing, as the project defines it once (src/model/billing.ts). */
import { billedSeconds } from '../model/billing.js';
export { billedSeconds };

/**
 * Instance lifecycles: launched → running → registered → ready, terminated at most once and last; at
 * the end every instance launched is terminated or still pending/running (its live state agrees), none has
 * run without a node for longer than the registration timeout (plus a grace period for the controller to
 * act) unless still booting (pending), and the
 * billing ledger lists exactly the instances launched with their launch price and times. O(1) per event.
 */
export class InstanceTracker {
  private readonly records = new Map<string, InstanceRecordView>();

  constructor(
    private readonly report: Reporter,
    private readonly registrationTimeoutSeconds: number,
    private readonly graceSeconds: number,
  ) {}

  get size(): number {
    return this.records.size;
  }

  event(e: InstanceEventLike): void {
    const id = e.instance.id;
    const rec = this.records.get(id);
    const fail = (detail: string): void =>
      this.report.violation({
        code: InvariantCodes.instanceLifecycle,
        invariant: 'instances go launched → running → registered → ready, and nothing follows termination',
        at: e.at,
        objects: { instance: id },
        detail,
      });
    if (e.kind === 'launched') {
      if (rec) return fail(`instance ${id} launched twice (first at ${formatTime(rec.launchedAt)})`);
      this.records.set(id, {
        instance: e.instance,
        launchedAt: e.at,
        pricePerHour: e.instance.pricePerHour,
        step: 'launched',
        lastAt: e.at,
        terminatedAt: undefined,
        nodes: 0,
        nodelessSince: e.at,
        registered: false,
      });
      return;
    }
    if (!rec) return fail(`'${e.kind}' for instance ${id}, which was never launched`);
    if (rec.step === 'terminated') return fail(`'${e.kind}' for instance ${id} after its termination at ${formatTime(rec.terminatedAt ?? rec.lastAt)}`);
    if (e.at < rec.lastAt) return fail(`'${e.kind}' for instance ${id} at ${formatTime(e.at)} is earlier than its '${rec.step}' at ${formatTime(rec.lastAt)}`);
    if (e.kind !== 'terminated' && PREVIOUS[e.kind] !== rec.step) {
      return fail(`'${e.kind}' for instance ${id} follows '${rec.step}' (expected after '${PREVIOUS[e.kind]}')`);
    }
    rec.step = e.kind;
    rec.lastAt = e.at;
    if (e.kind === 'registered') rec.registered = true;
    if (e.kind === 'terminated') rec.terminatedAt = e.at;
  }

  /** A node of the instance with this providerID appeared or went away (from the cluster's watch). */
  node(providerID: string, delta: 1 | -1, at: number): void {
    const rec = this.records.get(instanceIdFromProviderID(providerID));
    if (!rec) return;
    rec.nodes = Math.max(0, rec.nodes + delta);
    if (rec.nodes === 0) rec.nodelessSince = at;
  }

  /** End-of-run checks; `nodesObserved`: node presence comes from the cluster (else from 'registered' events). */
  finish(horizon: number, nodesObserved: boolean, ledger: readonly LedgerEntryLike[] | undefined): void {
    const unaccounted = (id: string, detail: string): void =>
      this.report.violation({
        code: InvariantCodes.instanceUnaccounted,
        invariant: 'every instance launched is terminated or still running, and billed as launched',
        at: horizon,
        objects: { instance: id },
        detail,
      });
    for (const [id, rec] of this.records) {
      const state = rec.instance.state;
      if (rec.terminatedAt !== undefined) {
        if (state !== 'terminated') unaccounted(id, `instance ${id} was reported terminated at ${formatTime(rec.terminatedAt)} but is ${state}`);
        continue;
      }
      if (state !== 'pending' && state !== 'running') {
        unaccounted(id, `instance ${id} is ${state} at the end, with no termination reported`);
        continue;
      }
      if (rec.step === 'launched' || state === 'pending') continue; // still booting
      const hasNode = nodesObserved ? rec.nodes > 0 : rec.registered;
      const since = nodesObserved ? rec.nodelessSince : rec.launchedAt;
      if (!hasNode && horizon - since > this.registrationTimeoutSeconds + this.graceSeconds) {
        this.report.violation({
          code: InvariantCodes.instanceLeaked,
          invariant: `no instance runs without a node for longer than the registration timeout (${this.registrationTimeoutSeconds} s)`,
          at: horizon,
          objects: { instance: id },
          detail: `instance ${id} (${rec.instance.instanceType}, launched at ${formatTime(rec.launchedAt)}) has run without a node since ${formatTime(since)}`,
        });
      }
    }
    if (ledger) this.checkLedger(horizon, ledger, unaccounted);
  }

  /** Σ price × billed time over the instances launched, billed up to the horizon for those still running. */
  expectedCostUsd(horizon: number): number {
    let sum = 0;
    for (const rec of this.records.values()) sum += (rec.pricePerHour * billedSeconds(rec.launchedAt, rec.terminatedAt ?? horizon)) / 3600;
    return sum;
  }

  private checkLedger(horizon: number, ledger: readonly LedgerEntryLike[], unaccounted: (id: string, detail: string) => void): void {
    const seen = new Set<string>();
    for (const entry of ledger) {
      const id = entry.instanceId;
      seen.add(id);
      const rec = this.records.get(id);
      if (!rec) {
        unaccounted(id, `the billing ledger bills instance ${id}, which was never reported launched`);
        continue;
      }
      const wrong: string[] = [];
      if (entry.launchedAt !== rec.launchedAt) wrong.push(`launchedAt ${entry.launchedAt} (launched at ${rec.launchedAt})`);
      if (entry.pricePerHour !== rec.pricePerHour) wrong.push(`pricePerHour ${entry.pricePerHour} (launched at ${rec.pricePerHour})`);
      if (entry.terminatedAt !== rec.terminatedAt) wrong.push(`terminatedAt ${entry.terminatedAt ?? 'none'} (terminated at ${rec.terminatedAt ?? 'none'})`);
      const billed = billedSeconds(rec.launchedAt, rec.terminatedAt ?? horizon);
      if (Math.abs(entry.billedSeconds - billed) > 1e-6) wrong.push(`billedSeconds ${entry.billedSeconds} (expected ${billed})`);
      const cost = (rec.pricePerHour * billed) / 3600;
      if (Math.abs(entry.costUsd - cost) > 1e-9 + 1e-12 * cost) wrong.push(`costUsd ${entry.costUsd} (expected ${cost})`);
      if (wrong.length > 0) unaccounted(id, `ledger entry for ${id} disagrees with its lifecycle: ${wrong.join(', ')}`);
    }
    for (const id of this.records.keys()) if (!seen.has(id)) unaccounted(id, `instance ${id} was launched but is missing from the billing ledger`);
  }
}
