import type { KubeObject } from '../kube/convert/index.js';
import { ApiError } from './http.js';

/** Label and field selectors in their query-string syntax, as list and watch accept them. */

type Predicate = (object: KubeObject) => boolean;

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') depth--;
    else if (text[i] === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

const SET = /^([^\s!=(),]+)\s+(in|notin)\s*\(([^)]*)\)$/;
const EQ = /^([^\s!=(),]+)\s*(==|=|!=)\s*([^\s!=(),]*)$/;
const EXISTS = /^(!?)\s*([^\s!=(),]+)$/;

function labelRequirement(part: string): (labels: Record<string, string>) => boolean {
  const has = (labels: Record<string, string>, k: string): boolean => Object.prototype.hasOwnProperty.call(labels, k);
  let m = SET.exec(part);
  if (m) {
    const [, key, op, list] = m;
    const values = new Set(list.split(',').map((v) => v.trim()).filter((v) => v !== ''));
    return op === 'in' ? (l) => has(l, key) && values.has(l[key]) : (l) => !has(l, key) || !values.has(l[key]);
  }
  m = EQ.exec(part);
  if (m) {
    const [, key, op, value] = m;
    return op === '!=' ? (l) => !has(l, key) || l[key] !== value : (l) => has(l, key) && l[key] === value;
  }
  m = EXISTS.exec(part);
  if (m) {
    const [, not, key] = m;
    return not ? (l) => !has(l, key) : (l) => has(l, key);
  }
  throw new ApiError(400, `unable to parse requirement "${part}" of the label selector`);
}

export function labelSelectorPredicate(text: string | null): Predicate | undefined {
  if (!text) return undefined;
  const reqs = splitTopLevel(text).map(labelRequirement);
  return (o) => {
    const labels = o.metadata.labels ?? {};
    return reqs.every((r) => r(labels));
  };
}

function fieldValue(object: KubeObject, path: string): string {
  let cur: unknown = object;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return '';
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur === undefined || cur === null ? '' : String(cur);
}

export function fieldSelectorPredicate(text: string | null): Predicate | undefined {
  if (!text) return undefined;
  const reqs = splitTopLevel(text).map((part): Predicate => {
    const m = /^([A-Za-z0-9_.]+)\s*(==|=|!=)\s*(.*)$/.exec(part);
    if (!m) throw new ApiError(400, `invalid field selector "${part}"`);
    const [, path, op, value] = m;
    return op === '!=' ? (o) => fieldValue(o, path) !== value : (o) => fieldValue(o, path) === value;
  });
  return (o) => reqs.every((r) => r(o));
}

/** Both selectors of a request's query, combined. */
export function selectorPredicate(query: URLSearchParams): Predicate {
  const label = labelSelectorPredicate(query.get('labelSelector'));
  const field = fieldSelectorPredicate(query.get('fieldSelector'));
  return (o) => (label ? label(o) : true) && (field ? field(o) : true);
}
