import { isInputError } from '../scenario/errors.js';

/** Print an error the way a user can act on it; returns the exit code. */
export function reportError(e: unknown): number {
  if (isInputError(e)) {
    for (const line of e.message.split('\n')) process.stderr.write(`error: ${line}\n`);
    const n = e.problems.length;
    process.stderr.write(`${n} problem${n === 1 ? '' : 's'} found.\n`);
    return 2;
  }
  if (e instanceof UsageError) {
    process.stderr.write(`error: ${e.message}\n(run fleetsim --help for usage)\n`);
    return 2;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  process.stderr.write(`fleetsim: run failed: ${err.message}\n`);
  if (process.env.FLEETSIM_DEBUG) process.stderr.write(`${err.stack ?? ''}\n`);
  else process.stderr.write('(set FLEETSIM_DEBUG=1 for the stack trace)\n');
  return 1;
}

/** Parse an integer flag or throw a usage error (exit 2). */
export function intOption(name: string, min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} expects an integer >= ${min}, got "${value}"`);
    return n;
  };
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}
