import { readFileSync } from 'node:fs';

let cached: Record<string, string> | undefined;

/** fleetsim's version and the runtime's, for run.json (never for summary.json). */
export function versions(): Record<string, string> {
  if (!cached) {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    cached = { fleetsim: pkg.version, node: process.version, summarySchema: '1' };
  }
  return cached;
}
