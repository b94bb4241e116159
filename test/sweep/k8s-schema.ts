// client-node's undici needs Node 22 pieces; the project's shim provides them on Node 20 (import first).
import '../../src/cluster/kube/node-compat.js';
import * as k8s from '@kubernetes/client-node';

/**
 * A strict structural check of a Kubernetes object against the generated models of
 * @kubernetes/client-node (built from the Kubernetes OpenAPI spec): every field must exist in the model,
 * with the model's type. Used where `kubectl create --dry-run=client` cannot run (it needs an API server
 * for discovery and the OpenAPI schema).
 */
interface Attribute {
  readonly baseName: string;
  readonly type: string;
  readonly format?: string;
}

type ModelClass = { getAttributeTypeMap(): readonly Attribute[] };

function modelOf(type: string): ModelClass | undefined {
  const candidate = (k8s as unknown as Record<string, unknown>)[type];
  if (typeof candidate === 'function' && 'getAttributeTypeMap' in candidate) return candidate as unknown as ModelClass;
  return undefined;
}

export function checkAgainstModel(value: unknown, type: string, path = '', format = ''): string[] {
  const at = path || '(root)';
  if (value === undefined || value === null) return [];
  if (type === 'any' || type === 'object') return [];
  if (type === 'string' || type === 'Date') return typeof value === 'string' ? [] : [`${at}: expected a string, got ${JSON.stringify(value)}`];
  if (type === 'boolean') return typeof value === 'boolean' ? [] : [`${at}: expected a boolean, got ${JSON.stringify(value)}`];
  if (type === 'number') {
    if (typeof value !== 'number') return [`${at}: expected a number, got ${JSON.stringify(value)}`];
    if ((format === 'int32' || format === 'int64') && !Number.isInteger(value)) return [`${at}: expected an integer, got ${value}`];
    return [];
  }
  if (type === 'IntOrString') return typeof value === 'string' || Number.isInteger(value) ? [] : [`${at}: expected an int or string`];
  const array = /^Array<(.+)>$/.exec(type);
  if (array) {
    if (!Array.isArray(value)) return [`${at}: expected a list`];
    return value.flatMap((v, i) => checkAgainstModel(v, array[1]!, `${path}[${i}]`));
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) {
    if (typeof value !== 'object' || Array.isArray(value)) return [`${at}: expected a mapping`];
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => checkAgainstModel(v, map[1]!, `${path}.${k}`));
  }
  const model = modelOf(type);
  if (!model) return [`${at}: no model for type ${type}`];
  if (typeof value !== 'object' || Array.isArray(value)) return [`${at}: expected an object (${type})`];
  const attributes = model.getAttributeTypeMap();
  const errors: string[] = [];
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const attr = attributes.find((a) => a.baseName === key);
    if (!attr) errors.push(`${path ? `${path}.` : ''}${key}: unknown field of ${type}`);
    else errors.push(...checkAgainstModel(v, attr.type, path ? `${path}.${key}` : key, attr.format ?? ''));
  }
  return errors;
}
