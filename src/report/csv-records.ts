import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse/sync';

/**
 * Records of a CSV file, streamed (a 10^6-row pods.csv is never held whole). Lines without a quote are
 * split on commas (the common case, several times faster than a general parser); a record with quotes
 * (RFC 4180: commas, quotes or line breaks inside a field) is gathered until its quotes balance and
 * parsed with csv-parse. Empty lines are skipped.
 */
export async function* csvRecords(file: string): AsyncGenerator<string[]> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let pending = '';
  let quotes = 0;
  try {
    for await (const line of lines) {
      if (pending === '' && line.indexOf('"') < 0) {
        if (line !== '') yield line.split(',');
        continue;
      }
      pending = pending === '' ? line : `${pending}\n${line}`;
      for (let i = line.indexOf('"'); i >= 0; i = line.indexOf('"', i + 1)) quotes++;
      if (quotes % 2 === 0) {
        const records = parse(pending) as string[][];
        pending = '';
        quotes = 0;
        for (const r of records) yield r;
      }
    }
    if (pending !== '') for (const r of parse(pending) as string[][]) yield r;
  } finally {
    lines.close();
  }
}
