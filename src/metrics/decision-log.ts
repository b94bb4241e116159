import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Decision } from '../model/index.js';

/** Bytes per chunk of the log. */
const CHUNK_BYTES = 1 << 20;

/**
 * The decision log of a run as the lines of decisions.jsonl (`JSON.stringify(decision)` + '\n', UTF-8),
 * written when each decision is recorded into a 1 MiB buffer outside the JS heap, and each full buffer
 * deflated (the log compresses about tenfold): a month-long run logs hundreds of thousands of decisions,
 * which as objects would be a large share of the live heap (and V8 lets the heap grow to a multiple of
 * what is live). The decisions must not change after they are recorded (they are facts of the past).
 */
export class DecisionLog {
  /** Full chunks, deflated; each holds whole lines. */
  private readonly packed: Buffer[] = [];
  private current: Buffer | undefined;
  private used = 0;
  private lines = 0;

  get length(): number {
    return this.lines;
  }

  push(d: Decision): void {
    const line = JSON.stringify(d) + '\n';
    // At most 3 bytes per UTF-16 unit; a line that may not fit starts a new chunk (one this big if need be).
    if (this.current === undefined || line.length * 3 > this.current.length - this.used) {
      this.pack();
      this.current = Buffer.allocUnsafeSlow(Math.max(CHUNK_BYTES, line.length * 3));
    }
    this.used += this.current.write(line, this.used, 'utf8');
    this.lines++;
  }

  /** decisions.jsonl's text, a chunk at a time (each ends at a line end). */
  *text(): Generator<string> {
    for (const p of this.packed) yield inflateRawSync(p).toString('utf8');
    if (this.current !== undefined && this.used > 0) yield this.current.toString('utf8', 0, this.used);
  }

  /** The decisions, parsed back from their lines (as a reader of decisions.jsonl gets them). */
  decisions(): Decision[] {
    const out: Decision[] = [];
    for (const text of this.text()) {
      let start = 0;
      for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
        out.push(JSON.parse(text.slice(start, end)) as Decision);
        start = end + 1;
      }
    }
    return out;
  }

  private pack(): void {
    if (this.current !== undefined && this.used > 0) this.packed.push(deflateRawSync(this.current.subarray(0, this.used), { level: 1 }));
    this.current = undefined;
    this.used = 0;
  }
}
