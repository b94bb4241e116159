import { main } from '../../src/cli/main.js';

/** Run `fn` with process.stdout/stderr captured; what it threw is returned, not raised. */
export async function captureOutput<T>(fn: (out: { stdout: (s: string) => void; stderr: (s: string) => void }) => Promise<T>): Promise<{ result?: T; thrown?: unknown; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    const result = await fn({ stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
    return { result, stdout, stderr };
  } catch (thrown) {
    return { thrown, stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

/** Run the CLI in-process, capturing what it writes; returns the exit code and the output. */
export async function runCli(argv: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const r = await captureOutput(() => main(argv));
  if (r.thrown !== undefined) throw r.thrown;
  return { code: r.result!, stdout: r.stdout, stderr: r.stderr };
}
