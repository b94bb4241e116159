import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { gunzipSync } from 'node:zlib';
import { InputError } from '../../scenario/errors.js';

export interface Line {
  readonly text: string;
  /** 1-based line number in the file. */
  readonly line: number;
}

export const CHUNK_BYTES = 1 << 20;

/**
 * A NUL byte in the first block means binary data, not text (as scenario loading and git decide): an
 * InputError saying so, rather than parse errors quoting raw bytes. Gzip data gets a naming hint.
 */
export function refuseBinary(file: string, head: Buffer): void {
  if (head.indexOf(0) < 0) return;
  const gzip = head[0] === 0x1f && head[1] === 0x8b;
  throw new InputError([{ file, message: `binary data, expected a text file${gzip ? ' (this looks gzip-compressed: give it a .gz name)' : ''}` }]);
}

/** A whole `.gz` file decompressed (a corrupt one, or binary data inside, is an InputError). */
export function readGzipFile(file: string): Buffer {
  let bytes: Buffer;
  try {
    bytes = gunzipSync(readFileSync(file));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code?.startsWith('Z_')) throw new InputError([{ file, message: `not a valid gzip file: ${(e as Error).message}` }], { cause: e });
    throw e;
  }
  refuseBinary(file, bytes.subarray(0, CHUNK_BYTES));
  return bytes;
}

/**
 * The decoded text of a file in blocks of about 1 MiB, each ending just after a newline (the last one
 * may not), read synchronously so a huge file streams in constant memory from inside the synchronous
 * simulation loop. A `.gz` file is decompressed whole in memory first (decompress very large traces
 * beforehand).
 */
export function* readTextBlocks(file: string): Generator<string> {
  if (file.endsWith('.gz')) {
    yield readGzipFile(file).toString('utf8');
    return;
  }
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(CHUNK_BYTES);
    const decoder = new StringDecoder('utf8');
    let rest = '';
    for (let first = true; ; first = false) {
      const n = readSync(fd, buf, 0, CHUNK_BYTES, null);
      if (n === 0) break;
      if (first) refuseBinary(file, buf.subarray(0, n));
      const text = rest + decoder.write(buf.subarray(0, n));
      const cut = text.lastIndexOf('\n') + 1;
      if (cut > 0) yield text.slice(0, cut);
      rest = text.slice(cut);
    }
    rest += decoder.end();
    if (rest.length > 0) yield rest;
  } finally {
    closeSync(fd);
  }
}

/**
 * Lines of a text file one by one, without a generator step per line (the hot loop of every trace
 * reader): `\r\n` and `\n` end a line, a last line without newline counts, a UTF-8 BOM is dropped.
 */
export class LineCursor implements Iterator<Line> {
  private readonly blocks: Generator<string>;
  private block = '';
  private pos = 0;
  private lineNo = 0;

  constructor(file: string) {
    this.blocks = readTextBlocks(file);
  }

  /** The next line's text (its number is `line`), or undefined at the end. */
  nextText(): string | undefined {
    if (this.pos >= this.block.length) {
      const n = this.blocks.next();
      if (n.done) return undefined;
      this.block = n.value;
      this.pos = 0;
      if (this.lineNo === 0 && this.block.charCodeAt(0) === 0xfeff) this.pos = 1;
    }
    let nl = this.block.indexOf('\n', this.pos);
    if (nl < 0) nl = this.block.length;
    const end = nl > this.pos && this.block.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    const text = this.block.slice(this.pos, end);
    this.pos = nl + 1;
    this.lineNo++;
    return text;
  }

  get line(): number {
    return this.lineNo;
  }

  next(): IteratorResult<Line> {
    const text = this.nextText();
    return text === undefined ? { done: true, value: undefined } : { done: false, value: { text, line: this.lineNo } };
  }

  /** Close the file (also called when a for-of loop over the cursor ends early). */
  return(): IteratorResult<Line> {
    this.blocks.return(undefined);
    this.block = '';
    this.pos = 0;
    return { done: true, value: undefined };
  }

  [Symbol.iterator](): Iterator<Line> {
    return this;
  }
}

/** Lines of a text file (see LineCursor). */
export function readLines(file: string): Iterable<Line> {
  return { [Symbol.iterator]: () => new LineCursor(file) };
}
