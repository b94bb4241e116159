import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { gunzipSync } from 'node:zlib';

export interface Line {
  readonly text: string;
  /** 1-based line number in the file. */
  readonly line: number;
}

const CHUNK_BYTES = 1 << 20;

/**
 * Lines of a text file, read synchronously in 1 MiB chunks so a huge file streams in constant memory
 * from inside the (synchronous) simulation loop. `\r\n` and `\n` both end a line; a final line without
 * a newline is returned; a UTF-8 byte-order mark is dropped. A `.gz` file is decompressed whole in
 * memory first (decompress very large traces beforehand).
 */
export function* readLines(file: string): Generator<Line> {
  let lineNo = 0;
  let first = true;
  const emit = (s: string): Line => {
    let text = s.endsWith('\r') ? s.slice(0, -1) : s;
    if (first) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    return { text, line: ++lineNo };
  };
  if (file.endsWith('.gz')) {
    const all = gunzipSync(readFileSync(file)).toString('utf8');
    let start = 0;
    for (;;) {
      const nl = all.indexOf('\n', start);
      if (nl < 0) break;
      yield emit(all.slice(start, nl));
      start = nl + 1;
    }
    if (start < all.length) yield emit(all.slice(start));
    return;
  }
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(CHUNK_BYTES);
    const decoder = new StringDecoder('utf8');
    let rest = '';
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK_BYTES, null);
      if (n === 0) break;
      const text = rest + decoder.write(buf.subarray(0, n));
      let start = 0;
      for (;;) {
        const nl = text.indexOf('\n', start);
        if (nl < 0) break;
        yield emit(text.slice(start, nl));
        start = nl + 1;
      }
      rest = text.slice(start);
    }
    rest += decoder.end();
    if (rest.length > 0) yield emit(rest);
  } finally {
    closeSync(fd);
  }
}
