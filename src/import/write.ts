import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import type { ImportResult } from './build.js';

/** The scenario as YAML, with the import report as a comment block at the top. */
export function scenarioYaml(result: ImportResult, header: readonly string[] = []): string {
  const comment = [...header, ...result.report.lines()].map((l) => (l === '' ? '#' : `# ${l}`)).join('\n');
  const body = stringify(result.scenario, { lineWidth: 0, aliasDuplicateObjects: false });
  return `${comment}\n\n${body}`;
}

/** Write the scenario file; returns its text. */
export function writeScenario(file: string, result: ImportResult, header: readonly string[] = []): string {
  const text = scenarioYaml(result, header);
  writeFileSync(file, text);
  return text;
}
