/**
 * The benchmark harness: each `bench/*.bench.ts` exports `benchmarks`, a list of named async functions
 * that return figures. `npm run bench` runs them all, prints one table and writes JSON under bench/results/.
 */
export interface Target {
  readonly op: '>=' | '<=';
  readonly value: number;
}

export interface Figure {
  /** e.g. "kernel: schedule+pop at 10^6 queued" */
  readonly figure: string;
  readonly value: number;
  readonly unit: string;
  readonly target?: Target;
  /** Ratio to a reference run in the same invocation, where meaningful (e.g. vs a plain array sort). */
  readonly ratio?: { readonly value: number; readonly to: string };
}

export interface Benchmark {
  readonly name: string;
  run(): Promise<readonly Figure[]> | readonly Figure[];
}

export function meets(f: Figure): boolean | undefined {
  if (!f.target) return undefined;
  return f.target.op === '>=' ? f.value >= f.target.value : f.value <= f.target.value;
}

/** Peak resident set size so far, in MiB. */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export function timeIt<T>(fn: () => T): { result: T; seconds: number } {
  const t0 = process.hrtime.bigint();
  const result = fn();
  return { result, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}
