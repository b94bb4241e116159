import { writeFileSync } from 'node:fs';
import { Document, isCollection, isMap, isSeq, type Node as YamlNode } from 'yaml';
import type { ImportResult } from './build.js';

/** A collection whose flow form (`{ a: 1, b: [x, y] }`) fits in this many characters is written on one line. */
const FLOW_WIDTH = 100;

/** Write short collections in flow style, top down: a node that fits on one line is not split further. */
function compact(node: unknown, indent: number): void {
  if (!isCollection(node)) return;
  const items: unknown[] = isMap(node) ? node.items.map((p) => p.value) : isSeq(node) ? node.items : [];
  const text = JSON.stringify(node.toJSON());
  if (text !== undefined && text.length + indent <= FLOW_WIDTH && items.length > 0) {
    (node as YamlNode & { flow?: boolean }).flow = true;
    return;
  }
  for (const item of items) compact(item, indent + 2);
}

/** The scenario as YAML, with the import report as a comment block at the top. */
export function scenarioYaml(result: ImportResult, header: readonly string[] = []): string {
  const comment = [...header, ...result.report.lines()].map((l) => (l === '' ? '#' : `# ${l}`)).join('\n');
  const doc = new Document(result.scenario, { aliasDuplicateObjects: false });
  // Top-level sections stay in block style; their contents are compacted.
  if (isMap(doc.contents)) for (const pair of doc.contents.items) compact(pair.value, 2);
  // Controllers and pods read as a table: one line each, however long.
  for (const key of ['controllers', 'pods']) {
    const list = doc.getIn(['initialState', key], true);
    if (isSeq(list)) for (const item of list.items) if (isCollection(item)) (item as YamlNode & { flow?: boolean }).flow = true;
  }
  return `${comment}\n\n${doc.toString({ lineWidth: 0 })}`;
}

/** Write the scenario file; returns its text. */
export function writeScenario(file: string, result: ImportResult, header: readonly string[] = []): string {
  const text = scenarioYaml(result, header);
  writeFileSync(file, text);
  return text;
}
