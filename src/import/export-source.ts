import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { InputError, type InputProblem } from '../scenario/errors.js';
import { YamlSource } from '../scenario/yaml-source.js';
import { listInputFiles } from '../scenario/input-files.js';

/** A Kubernetes object as exported by `kubectl get ... -o json|yaml` (untyped until classified). */
export type KubeObj = Record<string, unknown>;

/** One object of an export and where it came from. */
export interface ExportObject {
  readonly obj: KubeObj;
  readonly kind: string;
  readonly apiVersion: string;
  readonly name: string;
  readonly namespace?: string;
  readonly file: string;
  /** Document index in a YAML stream (0 for JSON). */
  readonly doc: number;
  /** Path of the object inside its document, e.g. ["items", 3]. */
  readonly at: readonly (string | number)[];
}

export function isObj(v: unknown): v is KubeObj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** `Kind namespace/name` (or `Kind name` for cluster-scoped objects), for messages. */
export function idOf(o: Pick<ExportObject, 'kind' | 'name' | 'namespace'>): string {
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

/** RFC 6901 JSON pointer of a path: ["items", 3, "spec"] → "/items/3/spec". */
export function jsonPointer(path: readonly (string | number)[]): string {
  return path.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

const EXTENSIONS = ['.json', '.yaml', '.yml'];

/**
 * Files of an export: kubectl's JSON (`-o json`, a `List` or a single object) and YAML (`-o yaml`,
 * multi-document streams). Problems name the file, the line and column, and the JSON pointer.
 */
export class ExportFiles {
  readonly objects: ExportObject[] = [];
  readonly problems: InputProblem[] = [];
  readonly files: string[] = [];
  private readonly located = new Map<string, YamlSource | null>();
  private readonly texts = new Map<string, string>();

  /**
   * Read a file or every *.json / *.yaml / *.yml file of a directory (not recursive, in name order).
   * Syntax errors and objects without kind or name are kept in `problems` (the caller reports them
   * with the others); a path that cannot be read throws an InputError.
   */
  static read(path: string): ExportFiles {
    const out = new ExportFiles();
    const files = listInputFiles(path, EXTENSIONS, 'no *.json, *.yaml or *.yml files in this directory (expected kubectl exports)');
    for (const f of files) out.readFile(f);
    return out;
  }

  /** A problem at `path` below an object (or at the document root), located to line and column when possible. */
  problem(file: string, doc: number, path: readonly (string | number)[], message: string): InputProblem {
    return { file, ...this.locate(file, doc, path), ...(path.length > 0 ? { path: jsonPointer(path) } : {}), message };
  }

  /** A problem about a field of an exported object; the message is prefixed with the object's identity. */
  objectProblem(o: ExportObject, sub: readonly (string | number)[], message: string): InputProblem {
    return this.problem(o.file, o.doc, [...o.at, ...sub], `${idOf(o)}: ${message}`);
  }

  private locate(file: string, doc: number, path: readonly (string | number)[]): { line?: number; column?: number } {
    let src = this.located.get(file);
    if (src === undefined) {
      try {
        src = YamlSource.parseAll(file, this.texts.get(file) ?? '');
      } catch {
        src = null;
      }
      this.located.set(file, src);
    }
    return src ? src.locate(path, doc) : {};
  }

  private readFile(file: string): void {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      this.problems.push({ file, message: `cannot read: ${(e as Error).message}` });
      return;
    }
    this.files.push(file);
    this.texts.set(file, text);
    if (text.includes('\u0000')) {
      this.problems.push({ file, message: 'binary data, expected kubectl output (-o json or -o yaml)' });
      return;
    }
    if (text.trim() === '') {
      this.problems.push({ file, message: 'empty file, expected kubectl output (-o json or -o yaml)' });
      return;
    }
    const trimmed = text.trimStart();
    const looksJson = extname(file).toLowerCase() === '.json' || trimmed.startsWith('{') || trimmed.startsWith('[');
    let docs: unknown[];
    if (looksJson) {
      try {
        docs = [JSON.parse(text)];
      } catch (e) {
        this.problems.push({ file, ...jsonErrorPosition(text, e as Error), message: `not valid JSON: ${(e as Error).message}` });
        return;
      }
    } else {
      try {
        const src = YamlSource.parseAll(file, text);
        this.located.set(file, src);
        docs = src.docs.map((_, i) => src.value(i));
      } catch (e) {
        if (e instanceof InputError) this.problems.push(...e.problems);
        else this.problems.push({ file, message: `not valid YAML: ${(e as Error).message}` });
        return;
      }
    }
    docs.forEach((d, i) => {
      if (d === null || d === undefined) return; // an empty document between "---" separators
      this.addObject(file, i, [], d, undefined);
    });
  }

  private addObject(file: string, doc: number, at: (string | number)[], value: unknown, listKind: string | undefined): void {
    if (!isObj(value)) {
      this.problems.push(this.problem(file, doc, at, `expected a Kubernetes object or a List, found ${Array.isArray(value) ? 'a list' : JSON.stringify(value)}`));
      return;
    }
    const kind = value.kind ?? listKind;
    if (typeof kind !== 'string' || kind === '') {
      this.problems.push(this.problem(file, doc, at, 'required field "kind" is missing (expected kubectl output: a List or objects with apiVersion and kind)'));
      return;
    }
    if (kind === 'List' || (kind.endsWith('List') && Array.isArray(value.items))) {
      if (!Array.isArray(value.items)) {
        this.problems.push(this.problem(file, doc, [...at, 'items'], `a ${kind} needs "items" (a list of objects)`));
        return;
      }
      const itemKind = kind === 'List' ? undefined : kind.slice(0, -'List'.length);
      value.items.forEach((item, i) => this.addObject(file, doc, [...at, 'items', i], item, itemKind));
      return;
    }
    const apiVersion = value.apiVersion;
    if (typeof apiVersion !== 'string' && listKind === undefined) {
      this.problems.push(this.problem(file, doc, at, `${kind}: required field "apiVersion" is missing`));
      return;
    }
    const meta = value.metadata;
    const name = isObj(meta) ? meta.name : undefined;
    if (typeof name !== 'string' || name === '') {
      this.problems.push(this.problem(file, doc, isObj(meta) ? [...at, 'metadata'] : at, `${kind}: required field "metadata.name" is missing`));
      return;
    }
    const namespace = isObj(meta) && typeof meta.namespace === 'string' ? meta.namespace : undefined;
    this.objects.push({ obj: value, kind, apiVersion: typeof apiVersion === 'string' ? apiVersion : '', name, ...(namespace ? { namespace } : {}), file, doc, at });
  }
}

/** Line and column of a JSON.parse error ("... at position 123" or "(line 4 column 7)"). */
function jsonErrorPosition(text: string, e: Error): { line?: number; column?: number } {
  const lc = /line (\d+) column (\d+)/.exec(e.message);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  const pos = /position (\d+)/.exec(e.message);
  if (!pos) return {};
  const offset = Number(pos[1]);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
