import { isMap, isSeq, LineCounter, parseAllDocuments, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import { InputError, type InputProblem } from './errors.js';

/**
 * A parsed YAML file that remembers where every value came from, so validation errors can name the
 * line and column of a field path.
 */
export class YamlSource {
  private constructor(
    readonly file: string,
    readonly docs: readonly Document.Parsed[],
    private readonly lines: LineCounter,
  ) {}

  /** Parse one YAML document; syntax errors become an InputError with positions. */
  static parse(file: string, text: string): YamlSource {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    YamlSource.throwSyntax(file, [doc], lines);
    return new YamlSource(file, [doc], lines);
  }

  /** Parse a multi-document YAML stream (manifests separated by `---`). */
  static parseAll(file: string, text: string): YamlSource {
    const lines = new LineCounter();
    const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    const list = Array.isArray(docs) ? docs : [];
    if (!Array.isArray(docs)) {
      throw new InputError([{ file, message: 'not a YAML stream' }]);
    }
    YamlSource.throwSyntax(file, list, lines);
    return new YamlSource(file, list, lines);
  }

  private static throwSyntax(file: string, docs: readonly Document.Parsed[], lines: LineCounter): void {
    const problems: InputProblem[] = [];
    for (const doc of docs) {
      for (const err of doc.errors) {
        const pos = lines.linePos(err.pos[0]);
        problems.push({ file, line: pos.line, column: pos.col, message: `YAML syntax: ${err.message.split('\n')[0]}` });
      }
    }
    if (problems.length > 0) throw new InputError(problems);
  }

  /** The plain JavaScript value of document `index`. */
  value(index = 0): unknown {
    return this.docs[index]?.toJS({ maxAliasCount: 1000 });
  }

  /** Line and column of the node at `path` (keys and indexes) in document `index`, or of its nearest parent. */
  locate(path: readonly (string | number)[], index = 0, at: 'value' | 'key' = 'value'): { line?: number; column?: number } {
    const doc = this.docs[index];
    if (!doc) return {};
    let node: unknown = doc.contents;
    let found: YamlNode | undefined = doc.contents ?? undefined;
    for (let i = 0; i < path.length; i++) {
      const key = path[i]!;
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((p) => {
          const k = p.key as { value?: unknown } | null;
          return k !== null && typeof k === 'object' && String(k.value) === String(key);
        });
        if (!pair) break;
        node = pair.value;
        if (last && at === 'key' && pair.key && typeof pair.key === 'object' && 'range' in pair.key) found = pair.key as YamlNode;
        else if (pair.value && typeof pair.value === 'object' && 'range' in pair.value) found = pair.value as YamlNode;
        else if (pair.key && typeof pair.key === 'object' && 'range' in pair.key) found = pair.key as YamlNode;
      } else if (isSeq(node) && typeof key === 'number') {
        const item = node.items[key];
        if (!item) break;
        node = item;
        if (typeof item === 'object' && item !== null && 'range' in item) found = item as YamlNode;
      } else break;
    }
    const offset = found?.range?.[0];
    if (offset === undefined) return {};
    const pos = this.lines.linePos(offset);
    return { line: pos.line, column: pos.col };
  }

  problem(path: readonly (string | number)[], message: string, index = 0, at: 'value' | 'key' = 'value'): InputProblem {
    return { file: this.file, ...this.locate(path, index, at), path: formatPath(path), message };
  }
}

export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${p}` : p;
  return out;
}
