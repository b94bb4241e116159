import type { LabelSelector, Labels, Pod, Requirement, Resources, Taint, Toleration } from '../../src/model/index.js';

/**
 * Small, separately written oracles for the scheduling property tests: Kubernetes' label-selector,
 * toleration and requirement semantics and resource sums, straight from the API documentation (no code
 * shared with src/scheduling or the engine).
 */

/** metav1.LabelSelector: matchLabels AND every matchExpression; an empty selector matches everything. */
export function selectorMatches(sel: LabelSelector | undefined, labels: Labels): boolean {
  if (!sel) return false; // a nil selector matches nothing in affinity terms
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const v = labels[e.key];
    if (e.operator === 'In' && !(has && (e.values ?? []).includes(v!))) return false;
    if (e.operator === 'NotIn' && has && (e.values ?? []).includes(v!)) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

/** Does one toleration tolerate the taint? (Exists with empty key: everything; empty effect: all effects.) */
function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect !== undefined && t.effect !== taint.effect) return false;
  if ((t.operator ?? 'Equal') === 'Exists') return t.key === undefined || t.key === '' || t.key === taint.key;
  return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
}

/** Taints with effect NoSchedule or NoExecute the pod does not tolerate. */
export function untolerated(pod: Pod, taints: readonly Taint[]): Taint[] {
  return taints.filter((taint) => taint.effect !== 'PreferNoSchedule' && !pod.tolerations.some((t) => tolerates(t, taint)));
}

/** Does a set of node-selector requirements (ANDed) admit this label value (undefined: label absent)? */
export function requirementsAdmit(reqs: readonly Requirement[], key: string, value: string | undefined): boolean {
  for (const r of reqs) {
    if (r.key !== key) continue;
    switch (r.operator) {
      case 'In':
        if (value === undefined || !r.values.includes(value)) return false;
        break;
      case 'NotIn':
        if (value !== undefined && r.values.includes(value)) return false;
        break;
      case 'Exists':
        if (value === undefined) return false;
        break;
      case 'DoesNotExist':
        if (value !== undefined) return false;
        break;
      case 'Gt':
        if (value === undefined || !(Number(value) > Number(r.values[0]))) return false;
        break;
      case 'Lt':
        if (value === undefined || !(Number(value) < Number(r.values[0]))) return false;
        break;
    }
  }
  return true;
}

/**
 * The values the requirements leave for `key` when they bound it to a finite set (some `In`): the
 * intersection of the In lists less the NotIn values. Undefined when no `In` bounds the key.
 */
export function allowedValues(reqs: readonly Requirement[], key: string): Set<string> | undefined {
  let allowed: Set<string> | undefined;
  for (const r of reqs) {
    if (r.key !== key || r.operator !== 'In') continue;
    allowed = allowed ? new Set(r.values.filter((v) => allowed!.has(v))) : new Set(r.values);
  }
  if (!allowed) return undefined;
  for (const v of [...allowed]) if (!requirementsAdmit(reqs, key, v)) allowed.delete(v);
  return allowed;
}

export interface Totals {
  cpuMillis: number;
  memoryMiB: number;
  gpus: number;
  ephemeralMiB: number;
  pods: number;
}

/** Σ requests of the pods, each counting one pod slot. */
export function sumRequests(requests: readonly Resources[]): Totals {
  const t: Totals = { cpuMillis: 0, memoryMiB: 0, gpus: 0, ephemeralMiB: 0, pods: 0 };
  for (const r of requests) {
    t.cpuMillis += r.cpuMillis;
    t.memoryMiB += r.memoryMiB;
    t.gpus += r.gpus;
    t.ephemeralMiB += r.ephemeralMiB;
    t.pods += 1;
  }
  return t;
}

/** The dimensions in which `t` exceeds `allocatable`, with the numbers (empty when it fits). */
export function overcommit(t: Totals, allocatable: Resources): string[] {
  const out: string[] = [];
  for (const k of ['cpuMillis', 'memoryMiB', 'gpus', 'ephemeralMiB', 'pods'] as const) {
    if (t[k] > allocatable[k]) out.push(`${k} ${t[k]} > ${allocatable[k]}`);
  }
  return out;
}
