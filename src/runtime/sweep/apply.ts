import { isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { InputError } from '../../scenario/errors.js';
import { formatPath, type PathSegment, type SetSpec } from './set-spec.js';

/** One value given to one `--set` path. */
export interface Assignment {
  readonly spec: SetSpec;
  readonly valueIndex: number;
}

function describe(node: unknown): string {
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) return node.value === null ? 'null' : `the value ${JSON.stringify(node.value)}`;
  return 'nothing';
}

/**
 * Walk `path` in the document and return it with each map key replaced by the key as the document
 * holds it (`priorities.30` finds the numeric key 30), so `setIn` replaces rather than adds a twin key.
 * Missing mapping keys are fine (setIn creates them); a list index must name an existing item; a path
 * through a scalar or a key on a list is an error naming the flag.
 */
function resolvePath(doc: Document, spec: SetSpec): PathSegment[] {
  const out: PathSegment[] = [];
  let node: unknown = doc.contents;
  for (const [i, seg] of spec.path.entries()) {
    const at = formatPath(spec.path.slice(0, i)) || '(top level)';
    if (node === undefined || node === null) {
      if (typeof seg === 'number') throw problem(spec, `${at} does not exist, so it has no item [${seg}]`);
      out.push(seg);
      continue;
    }
    if (isMap(node)) {
      if (typeof seg === 'number') throw problem(spec, `${at} is a mapping, not a list: use a key, not [${seg}]`);
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === seg);
      out.push(pair && isScalar(pair.key) ? (pair.key.value as PathSegment) : seg);
      node = pair?.value;
    } else if (isSeq(node)) {
      if (typeof seg !== 'number') throw problem(spec, `${at} is a list: use an index such as [0], not "${seg}"`);
      if (seg >= node.items.length) throw problem(spec, `${at} has ${node.items.length} item${node.items.length === 1 ? '' : 's'}, so there is no [${seg}]`);
      out.push(seg);
      node = node.items[seg];
    } else {
      throw problem(spec, `${at} is ${describe(node)}, not a mapping or list, so it has no "${typeof seg === 'number' ? `[${seg}]` : seg}"`);
    }
  }
  return out;
}

function problem(spec: SetSpec, message: string): InputError {
  return new InputError([{ file: '--set', path: spec.pathText, message: `--set ${spec.flag}: ${message}` }]);
}

/**
 * The scenario text with the assignments applied, through the YAML Document API (`doc.setIn`), so
 * comments and the rest of the document are kept; the result goes through the normal parse and
 * validation like any scenario file.
 */
export function applyAssignments(text: string, assignments: readonly Assignment[]): string {
  if (assignments.length === 0) return text;
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) throw new InputError([{ file: '--set', message: `the scenario is not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}` }]);
  for (const a of assignments) {
    const path = resolvePath(doc, a.spec);
    doc.setIn(path, doc.createNode(a.spec.values[a.valueIndex]));
  }
  return doc.toString();
}
