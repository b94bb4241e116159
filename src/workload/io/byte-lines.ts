import { closeSync, openSync, readSync } from 'node:fs';
import type { Line } from './line-reader.js';
import { readGzipFile, refuseBinary, CHUNK_BYTES } from './line-reader.js';

const LF = 10;
const CR = 13;

/**
 * The bytes of a file in blocks of about 1 MiB, each ending just after a newline (the last one may
 * not). A block is only valid until the next one is asked for (the buffer is reused). A `.gz` file
 * is decompressed whole in memory first and comes as one block.
 */
export function* readByteBlocks(file: string): Generator<Buffer> {
  if (file.endsWith('.gz')) {
    yield readGzipFile(file);
    return;
  }
  const fd = openSync(file, 'r');
  try {
    let buf = Buffer.allocUnsafe(CHUNK_BYTES);
    let carry = 0;
    for (let first = true; ; first = false) {
      const n = readSync(fd, buf, carry, Math.min(CHUNK_BYTES, buf.length - carry), null);
      if (first) refuseBinary(file, buf.subarray(0, n));
      if (n === 0) {
        if (carry > 0) yield buf.subarray(0, carry);
        return;
      }
      const total = carry + n;
      const cut = buf.lastIndexOf(LF, total - 1) + 1;
      if (cut === 0) {
        // No newline yet: a line longer than the buffer's free space; grow and read on.
        if (total + CHUNK_BYTES > buf.length) {
          const bigger = Buffer.allocUnsafe(buf.length * 2);
          buf.copy(bigger, 0, 0, total);
          buf = bigger;
        }
        carry = total;
        continue;
      }
      yield buf.subarray(0, cut);
      buf.copyWithin(0, cut, total);
      carry = total - cut;
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Lines of a text file as byte ranges, for parsers that read bytes (the fleetsim CSV fast path):
 * the same lines, numbers and texts as LineCursor (`\r\n` and `\n` end a line, a last line without
 * newline counts, a UTF-8 BOM is dropped), but a line's text is decoded only when asked for.
 */
export class ByteLineCursor implements Iterator<Line> {
  private readonly blocks: Generator<Buffer>;
  /** The current block; `start`..`end` is the current line in it (without its line end). */
  bytes: Buffer = Buffer.alloc(0);
  start = 0;
  end = 0;
  private pos = 0;
  private lineNo = 0;
  private latin: string | undefined;

  constructor(file: string) {
    this.blocks = readByteBlocks(file);
  }

  /** Move to the next line; false at the end of the file. */
  advance(): boolean {
    let bytes = this.bytes;
    if (this.pos >= bytes.length) {
      const n = this.blocks.next();
      if (n.done) return false;
      bytes = this.bytes = n.value;
      this.latin = undefined;
      this.pos = this.lineNo === 0 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    }
    let nl = bytes.indexOf(LF, this.pos);
    if (nl < 0) nl = bytes.length;
    this.start = this.pos;
    this.end = nl > this.pos && bytes[nl - 1] === CR ? nl - 1 : nl;
    this.pos = nl + 1;
    this.lineNo++;
    return true;
  }

  /** 1-based number of the current line. */
  get line(): number {
    return this.lineNo;
  }

  /** The current line's text (UTF-8). */
  text(): string {
    return this.bytes.toString('utf8', this.start, this.end);
  }

  /**
   * The current block read as Latin-1: one character a byte, so byte offsets are character offsets.
   * Slices of it are the right strings only for ASCII ranges (what the fast path checks).
   */
  latin1(): string {
    return (this.latin ??= this.bytes.toString('latin1'));
  }

  next(): IteratorResult<Line> {
    return this.advance() ? { done: false, value: { text: this.text(), line: this.lineNo } } : { done: true, value: undefined };
  }

  /** Close the file (also called when a for-of loop over the cursor ends early). */
  return(): IteratorResult<Line> {
    this.blocks.return(undefined);
    this.bytes = Buffer.alloc(0);
    this.pos = 0;
    this.latin = undefined;
    return { done: true, value: undefined };
  }

  [Symbol.iterator](): Iterator<Line> {
    return this;
  }
}
