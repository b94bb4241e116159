import { ApiError } from './http.js';

/**
 * Patches as the API server accepts them, applied to an object's JSON:
 * - `application/merge-patch+json` (RFC 7386);
 * - `application/strategic-merge-patch+json`, treated as a merge patch with the `$`-directives removed,
 *   lists replaced whole. That is exact for the fields fleetsim lets clients change (labels, annotations,
 *   node taints, which have no merge key, and spec.unschedulable, scale replicas);
 * - `application/json-patch+json` (RFC 6902: add, remove, replace, move, copy, test).
 */
export type PatchType = 'merge' | 'strategic' | 'json';

export function patchType(contentType: string | undefined): PatchType {
  const type = (contentType ?? '').split(';')[0].trim();
  if (type === 'application/merge-patch+json') return 'merge';
  if (type === 'application/strategic-merge-patch+json') return 'strategic';
  if (type === 'application/json-patch+json') return 'json';
  if (type === 'application/apply-patch+yaml') throw new ApiError(415, 'server-side apply is not supported by fleetsim; use a merge patch');
  throw new ApiError(415, `unsupported patch content type "${contentType ?? ''}"`);
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (v: unknown): v is Record<string, Json> => v !== null && typeof v === 'object' && !Array.isArray(v);

export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

function stripDirectives(patch: unknown): unknown {
  if (Array.isArray(patch)) return patch.map(stripDirectives);
  if (!isObject(patch)) return patch;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) continue;
    out[key] = stripDirectives(value);
  }
  return out;
}

function decodePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new ApiError(422, `invalid JSON pointer "${pointer}"`);
  return pointer.slice(1).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

function parentOf(doc: unknown, tokens: string[], pointer: string): { parent: Record<string, unknown> | unknown[]; key: string } {
  let cur: unknown = doc;
  for (const t of tokens.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[Number(t)];
    else if (isObject(cur)) cur = cur[t];
    else cur = undefined;
    if (cur === undefined) throw new ApiError(422, `JSON patch path "${pointer}" does not exist`);
  }
  if (!Array.isArray(cur) && !isObject(cur)) throw new ApiError(422, `JSON patch path "${pointer}" does not exist`);
  return { parent: cur, key: tokens[tokens.length - 1] };
}

function getAt(doc: unknown, pointer: string): unknown {
  let cur: unknown = doc;
  for (const t of decodePointer(pointer)) {
    if (Array.isArray(cur)) cur = cur[Number(t)];
    else if (isObject(cur)) cur = cur[t];
    else return undefined;
  }
  return cur;
}

function removeAt(doc: unknown, pointer: string): unknown {
  const tokens = decodePointer(pointer);
  if (tokens.length === 0) throw new ApiError(422, 'cannot remove the whole document');
  const { parent, key } = parentOf(doc, tokens, pointer);
  if (Array.isArray(parent)) {
    const i = Number(key);
    if (!(i >= 0 && i < parent.length)) throw new ApiError(422, `JSON patch path "${pointer}" does not exist`);
    return parent.splice(i, 1)[0];
  }
  if (!(key in parent)) throw new ApiError(422, `JSON patch path "${pointer}" does not exist`);
  const old = parent[key];
  delete parent[key];
  return old;
}

function addAt(doc: unknown, pointer: string, value: unknown, replace: boolean): unknown {
  const tokens = decodePointer(pointer);
  if (tokens.length === 0) return value;
  const { parent, key } = parentOf(doc, tokens, pointer);
  if (Array.isArray(parent)) {
    const i = key === '-' ? parent.length : Number(key);
    if (!(i >= 0 && i <= parent.length) || (replace && i === parent.length)) throw new ApiError(422, `JSON patch index "${pointer}" out of range`);
    parent.splice(i, replace ? 1 : 0, value);
  } else {
    if (replace && !(key in parent)) throw new ApiError(422, `JSON patch path "${pointer}" does not exist`);
    parent[key] = value;
  }
  return doc;
}

export function jsonPatch(target: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw new ApiError(400, 'a JSON patch must be an array of operations');
  let doc = clone(target);
  for (const op of ops as { op?: string; path?: string; from?: string; value?: unknown }[]) {
    const path = op.path ?? '';
    switch (op.op) {
      case 'add':
        doc = addAt(doc, path, clone(op.value), false);
        break;
      case 'replace':
        doc = addAt(doc, path, clone(op.value), true);
        break;
      case 'remove':
        removeAt(doc, path);
        break;
      case 'move': {
        const value = removeAt(doc, op.from ?? '');
        doc = addAt(doc, path, value, false);
        break;
      }
      case 'copy':
        doc = addAt(doc, path, clone(getAt(doc, op.from ?? '')), false);
        break;
      case 'test':
        if (JSON.stringify(getAt(doc, path)) !== JSON.stringify(op.value)) throw new ApiError(422, `JSON patch test failed at "${path}"`);
        break;
      default:
        throw new ApiError(400, `unknown JSON patch operation "${String(op.op)}"`);
    }
  }
  return doc;
}

/** The object after the patch (the input is not changed). */
export function applyPatch(type: PatchType, target: unknown, patch: unknown): unknown {
  if (type === 'json') return jsonPatch(target, patch);
  if (!isObject(patch)) throw new ApiError(400, 'a merge patch must be a JSON object');
  return mergePatch(clone(target), type === 'strategic' ? stripDirectives(patch) : patch);
}
