/**
 * Kubernetes resource.Quantity parsing: `<sign><number><suffix>` where the number is `1`, `1.5`, `1.`
 * or `.5`, and the suffix is a binary SI suffix (Ki Mi Gi Ti Pi Ei), a decimal SI suffix (n u m "" k M
 * G T P E) or a decimal exponent (`e3`, `E-2`). Values are kept exactly (BigInt), rounded up to nano
 * precision as Kubernetes does, and only then turned into numbers, so `parseCpuMillis("0.1")` is 100,
 * not 101. Kubernetes' Go scanner also reads a bare sign, "." or a suffix without digits ("m", "Ki") as
 * 0; those are outside its documented grammar (and the CRD quantity pattern) and are refused here.
 * Surrounding spaces, which Kubernetes' JSON decoding trims, are the caller's to trim.
 */

export class QuantityError extends Error {
  override readonly name = 'QuantityError';
  readonly code = 'INVALID_QUANTITY';
  constructor(
    /** The offending text. */
    readonly text: string,
    reason = 'expected a Kubernetes quantity such as "500m", "1.5", "2Gi", "1G" or "1e3"',
    options?: { cause?: unknown },
  ) {
    super(`invalid quantity "${text}": ${reason}`, options);
  }
}

export function isQuantityError(e: unknown): e is QuantityError {
  return e instanceof QuantityError;
}

const BINARY: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const GRAMMAR = /^([+-]?)(\d*)(?:\.(\d*))?(?:(Ki|Mi|Gi|Ti|Pi|Ei)|[eE]([+-]?\d+)|(n|u|m|k|M|G|T|P|E))?$/;
/** Exponents beyond this are refused (far outside any resource amount; keeps BigInt work bounded). */
const MAX_EXPONENT = 400;

const pow10 = (n: number): bigint => 10n ** BigInt(n);

/** The quantity in nano-units (value × 10⁹), rounded away from zero as Kubernetes rounds to nano precision. */
export function parseQuantityNanos(q: string | number): bigint {
  let text: string;
  if (typeof q === 'number') {
    if (!Number.isFinite(q)) throw new QuantityError(String(q), 'not a finite number');
    text = String(q);
  } else text = q;
  const m = GRAMMAR.exec(text);
  if (!m) throw new QuantityError(text);
  const [, sign, intPart, fracPart = '', binary, exponent, decimal] = m;
  if (intPart.length === 0 && fracPart.length === 0) throw new QuantityError(text, 'no digits');
  let e10 = -fracPart.length;
  let e2 = 0;
  if (binary !== undefined) e2 = BINARY[binary];
  else if (exponent !== undefined) {
    const e = Number(exponent);
    if (Math.abs(e) > MAX_EXPONENT) throw new QuantityError(text, 'exponent out of range');
    e10 += e;
  } else e10 += DECIMAL[decimal ?? ''];
  const digits = BigInt((intPart + fracPart).replace(/^0+(?=\d)/, '') || '0');
  // nanos = digits × 10^(e10 + 9) × 2^e2, rounded up in magnitude.
  let num = digits << BigInt(e2);
  const scale = e10 + 9;
  if (scale >= 0) num *= pow10(scale);
  else {
    const div = pow10(-scale);
    num = (num + div - 1n) / div;
  }
  return sign === '-' ? -num : num;
}

/** The quantity's value as a number ("500m" → 0.5, "2Gi" → 2147483648, "1e3" → 1000). */
export function parseQuantity(q: string | number): number {
  const nanos = parseQuantityNanos(q);
  const whole = nanos / 1_000_000_000n;
  const frac = nanos % 1_000_000_000n;
  return Number(whole) + Number(frac) / 1e9;
}

function nonNegative(q: string | number, nanos: bigint): bigint {
  if (nanos < 0n) throw new QuantityError(String(q), 'a resource amount cannot be negative');
  return nanos;
}

const ceilDiv = (a: bigint, b: bigint): bigint => (a + b - 1n) / b;

/** CPU in millicores, rounded up to a whole millicore (Quantity.MilliValue): "0.1" → 100, "1.5" → 1500, "0.0001" → 1. */
export function parseCpuMillis(q: string | number): number {
  return Number(ceilDiv(nonNegative(q, parseQuantityNanos(q)), 1_000_000n));
}

/** Memory in MiB: bytes rounded up (Quantity.Value), then up to whole MiB: "1G" → 954, "2Gi" → 2048. */
export function parseMemoryMiB(q: string | number): number {
  const bytes = ceilDiv(nonNegative(q, parseQuantityNanos(q)), 1_000_000_000n);
  return Number(ceilDiv(bytes, 1n << 20n));
}

/** Integer quantities such as GPUs or pods, rounded up (Quantity.Value): "2" → 2, "1k" → 1000. */
export function parseCount(q: string | number): number {
  return Number(ceilDiv(nonNegative(q, parseQuantityNanos(q)), 1_000_000_000n));
}

/** A quantity through one of the parsers above; undefined (instead of a QuantityError) when it is not a valid, non-negative quantity. */
function tryParse(parse: (q: string) => number, value: unknown): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  try {
    const n = parse(String(value));
    return Number.isFinite(n) && n >= 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

/** "500m", "2", 1.5 → CPU millicores; undefined when not a quantity. */
export function cpuMillisOf(value: unknown): number | undefined {
  return tryParse(parseCpuMillis, value);
}

/** "2Gi", "512Mi", "1G" → MiB; undefined when not a quantity. */
export function memoryMiBOf(value: unknown): number | undefined {
  return tryParse(parseMemoryMiB, value);
}
