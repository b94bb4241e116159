import type { Decision } from '../model/index.js';

/** Bytes per chunk of the log. */
const CHUNK_BYTES = 1 << 20;

/**
 * The decision log of a run as the lines of decisions.jsonl (`JSON.stringify(decision)` + '\n', UTF-8),
 * written when each decision is recorded and kept in 1 MiB buffers outside the JS heap: a month-long run
 * logs millions of decisions, which as objects would be a large share of the live heap (and V8 lets the
 * heap grow to a multiple of what is live). The decisions must not change after they are recorded (they
 * are facts of the past).
 */
export class DecisionLog {
  private readonly chunks: Buffer[] = [];
  /** Bytes written in each chunk. */
  private readonly fill: number[] = [];
  private lines = 0;

  get length(): number {
    return this.lines;
  }

  push(d: Decision): void {
    const line = JSON.stringify(d) + '\n';
    let k = this.chunks.length - 1;
    // At most 3 bytes per UTF-16 unit; a line that may not fit starts a new chunk (one this big if need be).
    if (k < 0 || line.length * 3 > this.chunks[k]!.length - this.fill[k]!) {
      this.chunks.push(Buffer.allocUnsafeSlow(Math.max(CHUNK_BYTES, line.length * 3)));
      this.fill.push(0);
      k++;
    }
    this.fill[k]! += this.chunks[k]!.write(line, this.fill[k]!, 'utf8');
    this.lines++;
  }

  /** decisions.jsonl's text, a chunk at a time (each ends at a line end). */
  *text(): Generator<string> {
    for (let k = 0; k < this.chunks.length; k++) yield this.chunks[k]!.toString('utf8', 0, this.fill[k]!);
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
}
