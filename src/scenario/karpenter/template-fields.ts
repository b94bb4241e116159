import { LabelKeys, type Labels, type Requirement, type RequirementOperator, type Taint, type TaintEffect } from '../../model/index.js';
import { describeFound, isObj, type Path, type Reader } from './reader.js';

/** Requirements, taints and labels as Karpenter's CRDs validate them (shared by v1, v1beta1 and v1alpha5). */
export const OPERATORS: readonly RequirementOperator[] = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'];
export const TAINT_EFFECTS: readonly TaintEffect[] = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const CAPACITY_TYPES = ['spot', 'on-demand', 'reserved'];
/** Labels a NodePool may not set or require: Karpenter owns them. */
const RESTRICTED_KEYS: readonly string[] = [LabelKeys.nodePool, LabelKeys.hostname];

const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Why `key` is not a valid Kubernetes label key (qualified name), or undefined when it is. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) {
    return `invalid label key ${JSON.stringify(key)}: the prefix must be a lower-case DNS subdomain such as "example.com"`;
  }
  if (name.length === 0 || name.length > 63 || !NAME.test(name)) {
    return `invalid label key ${JSON.stringify(key)}: the name must be 1–63 characters of letters, digits, "-", "_" or ".", starting and ending with a letter or digit`;
  }
  return undefined;
}

export function labelValueProblem(value: string): string | undefined {
  if (value === '' || (value.length <= 63 && NAME.test(value))) return undefined;
  return `invalid label value ${JSON.stringify(value)}: at most 63 characters of letters, digits, "-", "_" or ".", starting and ending with a letter or digit`;
}

/** Template labels: valid keys and values, none restricted. */
export function readLabels(r: Reader, value: unknown, path: Path): Labels | undefined {
  const map = r.stringMap(value, path);
  if (!map) return undefined;
  for (const [k, v] of Object.entries(map)) {
    const problem = labelKeyProblem(k) ?? labelValueProblem(v);
    if (problem) r.problem([...path, k], problem);
    else if (RESTRICTED_KEYS.includes(k)) r.problem([...path, k], `label "${k}" is restricted: Karpenter sets it`);
  }
  return map;
}

const REQUIREMENT_FIELDS = ['key', 'operator', 'values', 'minValues'];

export function readRequirement(r: Reader, value: unknown, path: Path): Requirement | undefined {
  const obj = r.object(value, path, REQUIREMENT_FIELDS);
  if (!obj) return undefined;
  const key = r.required(obj, 'key', path, 'a label key such as "karpenter.sh/capacity-type"');
  const op = r.required(obj, 'operator', path, `one of ${OPERATORS.join(', ')}`);
  const keyText = key === undefined ? undefined : r.string(key, [...path, 'key'], { nonEmpty: true });
  const operator = op === undefined ? undefined : r.oneOf(op, [...path, 'operator'], OPERATORS);
  const values = obj.values === undefined || obj.values === null ? [] : r.stringList(obj.values, [...path, 'values']);
  let ok = keyText !== undefined && operator !== undefined && values !== undefined;
  if (keyText !== undefined) {
    const problem = labelKeyProblem(keyText);
    if (problem) ok = r.problem([...path, 'key'], problem) ?? false;
    else if (RESTRICTED_KEYS.includes(keyText)) ok = r.problem([...path, 'key'], `label "${keyText}" is restricted: Karpenter sets it`) ?? false;
  }
  if (operator !== undefined && values !== undefined) {
    const vp = [...path, 'values'];
    if (operator === 'In' && values.length === 0) ok = r.problem(vp, 'operator In needs at least one value') ?? false;
    if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0) {
      ok = r.problem(vp, `operator ${operator} takes no values, found ${values.length}`) ?? false;
    }
    if ((operator === 'Gt' || operator === 'Lt') && (values.length !== 1 || !/^\d+$/.test(values[0]!))) {
      ok = r.problem(vp, `operator ${operator} needs exactly one non-negative integer value, found ${describeFound(obj.values)}`) ?? false;
    }
    if (keyText === LabelKeys.capacityType && (operator === 'In' || operator === 'NotIn')) {
      values.forEach((v, i) => {
        if (!CAPACITY_TYPES.includes(v)) ok = r.expected([...vp, i], `one of ${CAPACITY_TYPES.map((c) => JSON.stringify(c)).join(', ')}`, v) ?? false;
      });
    }
  }
  let minValues: number | undefined;
  if (obj.minValues !== undefined) {
    minValues = r.int(obj.minValues, [...path, 'minValues'], { min: 1, max: 50 });
    if (minValues === undefined) ok = false;
    else if (operator === 'In' && values !== undefined && values.length < minValues) {
      ok = r.problem([...path, 'minValues'], `minValues ${minValues} needs at least ${minValues} values, found ${values.length}`) ?? false;
    }
  }
  if (!ok) return undefined;
  return { key: keyText!, operator: operator!, values: values!, ...(minValues !== undefined ? { minValues } : {}) };
}

export function readRequirements(r: Reader, value: unknown, path: Path): Requirement[] | undefined {
  const list = r.list(value, path);
  if (!list) return undefined;
  const out: Requirement[] = [];
  list.forEach((item, i) => {
    const req = readRequirement(r, item, [...path, i]);
    if (req) out.push(req);
  });
  return out;
}

const TAINT_FIELDS = ['key', 'value', 'effect', 'timeAdded'];

export function readTaint(r: Reader, value: unknown, path: Path): Taint | undefined {
  const obj = r.object(value, path, TAINT_FIELDS);
  if (!obj) return undefined;
  const key = r.required(obj, 'key', path, 'a taint key such as "example.com/dedicated"');
  const eff = r.required(obj, 'effect', path, TAINT_EFFECTS.join(', '));
  const keyText = key === undefined ? undefined : r.string(key, [...path, 'key'], { nonEmpty: true });
  const keyProblem = keyText === undefined ? undefined : labelKeyProblem(keyText);
  if (keyProblem) r.problem([...path, 'key'], keyProblem.replace('label key', 'taint key'));
  const effect = eff === undefined ? undefined : r.oneOf(eff, [...path, 'effect'], TAINT_EFFECTS);
  let taintValue: string | undefined;
  if (obj.value !== undefined && obj.value !== null) {
    taintValue = r.string(obj.value, [...path, 'value']);
    if (taintValue === undefined) return undefined;
    const vp = labelValueProblem(taintValue);
    if (vp) return r.problem([...path, 'value'], vp.replace('label value', 'taint value'));
  }
  if (keyText === undefined || keyProblem || effect === undefined) return undefined;
  return { key: keyText, ...(taintValue ? { value: taintValue } : {}), effect };
}

export function readTaints(r: Reader, value: unknown, path: Path): Taint[] | undefined {
  const list = r.list(value, path);
  if (!list) return undefined;
  const out: Taint[] = [];
  list.forEach((item, i) => {
    const t = readTaint(r, item, [...path, i]);
    if (t) out.push(t);
  });
  return out;
}

/** Kubernetes object metadata: a name is required; everything else is accepted and ignored. */
export function readName(r: Reader, doc: Readonly<Record<string, unknown>>, path: Path): string | undefined {
  const meta = doc.metadata;
  if (!isObj(meta)) return r.problem([...path, 'metadata'], `required field "metadata.name" is missing (expected the object's name)`);
  if (meta.name === undefined) return r.problem([...path, 'metadata'], `required field "metadata.name" is missing (expected the object's name)`);
  return r.string(meta.name, [...path, 'metadata', 'name'], { nonEmpty: true });
}
