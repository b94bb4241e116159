/**
 * The Horizontal Pod Autoscaler's replica calculation (autoscaling/v2) for one resource-utilization
 * metric, as kube-controller-manager does it every sync period (default 15 s):
 * 1. Utilization is taken in whole percent (truncated) as the metrics pipeline reports it;
 *    ratio = utilization% / target%; within the tolerance (default 0.1) nothing changes, else
 *    desired = ceil(ratio × current replicas).
 * 2. Stabilization: the recommendation is held between the lowest desired count of the scale-up
 *    window and the highest of the scale-down window (defaults 0 s and 300 s).
 * 3. Rate limits: per policy, the replicas at the start of its period (current − added + removed
 *    within the period) allow `+value` pods or `×(1 + value%)` up (ceil), `−value` pods or
 *    `×(1 − value%)` down (truncated); selectPolicy Max takes the policy allowing the largest change.
 * 4. Clamp to [minReplicas, maxReplicas].
 * Defaults (HPA v2 behavior): scale-up 0 s window, policies 100 % / 15 s and 4 pods / 15 s, select
 * Max; scale-down 300 s window, 100 % / 15 s. All pods count as ready (no readiness delay modelled).
 */
export interface ScalingPolicy {
  readonly type: 'Pods' | 'Percent';
  readonly value: number;
  readonly periodSeconds: number;
}

export interface ScalingRules {
  readonly stabilizationWindowSeconds: number;
  readonly selectPolicy: 'Max' | 'Min' | 'Disabled';
  readonly policies: readonly ScalingPolicy[];
}

export interface HpaBehavior {
  readonly scaleUp: ScalingRules;
  readonly scaleDown: ScalingRules;
}

export const DEFAULT_HPA_BEHAVIOR: HpaBehavior = {
  scaleUp: {
    stabilizationWindowSeconds: 0,
    selectPolicy: 'Max',
    policies: [
      { type: 'Percent', value: 100, periodSeconds: 15 },
      { type: 'Pods', value: 4, periodSeconds: 15 },
    ],
  },
  scaleDown: { stabilizationWindowSeconds: 300, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
};

export interface HpaSpec {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Target average utilization as a fraction of the request (0.7 = 70 %). */
  readonly targetUtilization: number;
  readonly tolerance?: number;
  readonly behavior?: HpaBehavior;
}

interface Sample {
  readonly at: number;
  readonly value: number;
}

export class HpaModel {
  private replicas: number;
  private readonly recommendations: Sample[] = [];
  private readonly upEvents: Sample[] = [];
  private readonly downEvents: Sample[] = [];
  private readonly behavior: HpaBehavior;
  private readonly tolerance: number;

  /**
   * `initialReplicas` counts as the recommendation at `startAt`, as if the HPA had been running:
   * without it, the first sync after a quiet start would scale down at once.
   */
  constructor(
    private readonly spec: HpaSpec,
    initialReplicas: number,
    startAt = 0,
  ) {
    if (!(spec.minReplicas >= 1 && spec.maxReplicas >= spec.minReplicas)) throw new RangeError('need 1 <= minReplicas <= maxReplicas');
    if (!(spec.targetUtilization > 0)) throw new RangeError('targetUtilization must be > 0');
    this.behavior = spec.behavior ?? DEFAULT_HPA_BEHAVIOR;
    this.tolerance = spec.tolerance ?? 0.1;
    this.replicas = Math.min(spec.maxReplicas, Math.max(spec.minReplicas, initialReplicas));
    this.recommendations.push({ at: startAt, value: this.replicas });
  }

  get current(): number {
    return this.replicas;
  }

  /** One sync at time `now` (seconds) with the pods' average utilization (fraction of requests). */
  sync(now: number, utilization: number): number {
    const current = this.replicas;
    const { minReplicas, maxReplicas } = this.spec;
    let next: number;
    if (current > maxReplicas) next = maxReplicas;
    else if (current < minReplicas) next = minReplicas;
    else {
      const ratio = Math.trunc(utilization * 100 + 1e-9) / Math.round(this.spec.targetUtilization * 100);
      const desired = Math.abs(ratio - 1) <= this.tolerance ? current : Math.ceil(ratio * current);
      const stabilized = this.stabilize(now, current, desired);
      next = this.rateLimit(now, current, stabilized);
    }
    if (next > current) this.upEvents.push({ at: now, value: next - current });
    else if (next < current) this.downEvents.push({ at: now, value: current - next });
    this.forget(now);
    this.replicas = next;
    return next;
  }

  private stabilize(now: number, current: number, desired: number): number {
    const upCutoff = now - this.behavior.scaleUp.stabilizationWindowSeconds;
    const downCutoff = now - this.behavior.scaleDown.stabilizationWindowSeconds;
    let up = desired;
    let down = desired;
    for (const r of this.recommendations) {
      if (r.at > upCutoff) up = Math.min(up, r.value);
      if (r.at > downCutoff) down = Math.max(down, r.value);
    }
    this.recommendations.push({ at: now, value: desired });
    let rec = current;
    if (rec < up) rec = up;
    if (rec > down) rec = down;
    return rec;
  }

  private changed(now: number, period: number, events: readonly Sample[]): number {
    let sum = 0;
    for (const e of events) if (e.at > now - period) sum += e.value;
    return sum;
  }

  private limit(now: number, current: number, rules: ScalingRules, up: boolean): number {
    if (rules.selectPolicy === 'Disabled') return current;
    const wantLargest = up === (rules.selectPolicy === 'Max');
    let result = wantLargest ? -Infinity : Infinity;
    for (const p of rules.policies) {
      const start = current - this.changed(now, p.periodSeconds, this.upEvents) + this.changed(now, p.periodSeconds, this.downEvents);
      const proposed = up
        ? p.type === 'Pods'
          ? start + p.value
          : Math.ceil(start * (1 + p.value / 100))
        : p.type === 'Pods'
          ? start - p.value
          : Math.trunc(start * (1 - p.value / 100));
      result = wantLargest ? Math.max(result, proposed) : Math.min(result, proposed);
    }
    return result;
  }

  private rateLimit(now: number, current: number, desired: number): number {
    const { minReplicas, maxReplicas } = this.spec;
    if (desired > current) {
      const limit = Math.max(current, this.limit(now, current, this.behavior.scaleUp, true));
      return Math.min(desired, Math.min(maxReplicas, limit));
    }
    if (desired < current) {
      const limit = Math.min(current, this.limit(now, current, this.behavior.scaleDown, false));
      return Math.max(desired, Math.max(minReplicas, limit));
    }
    return Math.min(maxReplicas, Math.max(minReplicas, desired));
  }

  /** Drop samples older than any window or period can look at. */
  private forget(now: number): void {
    const b = this.behavior;
    const keep = Math.max(
      b.scaleUp.stabilizationWindowSeconds,
      b.scaleDown.stabilizationWindowSeconds,
      ...b.scaleUp.policies.map((p) => p.periodSeconds),
      ...b.scaleDown.policies.map((p) => p.periodSeconds),
    );
    for (const list of [this.recommendations, this.upEvents, this.downEvents]) {
      let i = 0;
      while (i < list.length && list[i]!.at <= now - keep) i++;
      if (i > 0) list.splice(0, i);
    }
  }
}
