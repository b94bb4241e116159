import { writeSync } from 'node:fs';

const BLOCK_BYTES = 1 << 20;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;

/**
 * Buffered output to a file descriptor that encodes as it goes: ASCII text and numbers are written
 * straight into a byte block (no intermediate strings), anything else as UTF-8. Callers end each
 * record with `endRecord()`, which writes the block out once it holds 1 MiB.
 */
export class ByteWriter {
  private buf = Buffer.allocUnsafe(2 * BLOCK_BYTES);
  private pos = 0;
  private readonly digits = new Uint8Array(24);

  constructor(private readonly fd: number) {}

  /** Room for n more bytes in the block. */
  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    this.flush();
    if (n > this.buf.length) this.buf = Buffer.allocUnsafe(n);
  }

  byte(c: number): void {
    this.room(1);
    this.buf[this.pos++] = c;
  }

  /** A string known to hold only ASCII characters (code < 128). */
  ascii(s: string): void {
    const n = s.length;
    this.room(n);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) b[p++] = s.charCodeAt(i);
    this.pos = p;
  }

  /** Any string, as UTF-8. */
  text(s: string): void {
    this.room(Buffer.byteLength(s, 'utf8'));
    this.pos += this.buf.write(s, this.pos, 'utf8');
  }

  /** A number as String(v) writes it; integers and fractions of at most 3 decimals without a string. */
  number(v: number): void {
    if (Number.isInteger(v)) {
      if (v > -1e15 && v < 1e15) return this.integer(v);
    } else if (v > -1e12 && v < 1e12) {
      // As formatNumber (fleetsim-row.ts): m / 1000 === v means the 3-decimal form is String(v)'s.
      const m = Math.round(v * 1000);
      if (m / 1000 === v) {
        const a = m < 0 ? -m : m;
        const whole = Math.floor(a / 1000);
        // 1 to 999 thousandths; trailing zeros dropped (0.5, not 0.500).
        const f = (a - whole * 1000) | 0;
        if (m < 0) this.byte(MINUS);
        this.integer(whole);
        this.room(4);
        const b = this.buf;
        let p = this.pos;
        b[p++] = DOT;
        const d1 = (f / 100) | 0;
        const d2 = ((f / 10) | 0) % 10;
        const d3 = f % 10;
        b[p++] = ZERO + d1;
        if (d2 !== 0 || d3 !== 0) b[p++] = ZERO + d2;
        if (d3 !== 0) b[p++] = ZERO + d3;
        this.pos = p;
        return;
      }
    }
    this.ascii(String(v));
  }

  /** An integer of magnitude below 10^15 (exact in a double); -0 as 0. */
  private integer(v: number): void {
    if (v < 0) {
      this.byte(MINUS);
      v = -v;
    }
    if (v < 2147483648) return this.int31(v | 0);
    const d = this.digits;
    let n = 0;
    while (v >= 2147483648) {
      const q = Math.floor(v / 10);
      d[n++] = ZERO + (v - q * 10);
      v = q;
    }
    let u = v | 0;
    do {
      const q = (u / 10) | 0;
      d[n++] = ZERO + (u - q * 10);
      u = q;
    } while (u > 0);
    this.room(n);
    const b = this.buf;
    let p = this.pos;
    while (n > 0) b[p++] = d[--n]!;
    this.pos = p;
  }

  /** 0 ≤ u < 2^31, in int32 arithmetic. */
  private int31(u: number): void {
    const n = u < 10 ? 1 : u < 100 ? 2 : u < 1000 ? 3 : u < 10000 ? 4 : u < 100000 ? 5 : u < 1000000 ? 6 : u < 10000000 ? 7 : u < 100000000 ? 8 : u < 1000000000 ? 9 : 10;
    this.room(n);
    const b = this.buf;
    let p = this.pos + n;
    this.pos = p;
    do {
      const q = (u / 10) | 0;
      b[--p] = ZERO + (u - q * 10);
      u = q;
    } while (u > 0);
  }

  /** End of a record: write the block out once it holds 1 MiB. */
  endRecord(): void {
    if (this.pos >= BLOCK_BYTES) this.flush();
  }

  flush(): void {
    let off = 0;
    while (off < this.pos) off += writeSync(this.fd, this.buf, off, this.pos - off);
    this.pos = 0;
  }
}
