import { readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { InputError } from './errors.js';

/**
 * The files a path names: the file itself, or a directory's files with one of `extensions` (not
 * recursive, in name order). A path that cannot be read, or a directory without such files, is an
 * InputError naming the path (`emptyMessage` says what was expected there).
 */
export function listInputFiles(path: string, extensions: readonly string[], emptyMessage: string): string[] {
  let files: string[];
  try {
    files = statSync(path).isDirectory()
      ? readdirSync(path)
          .filter((f) => extensions.includes(extname(f).toLowerCase()))
          .sort()
          .map((f) => join(path, f))
      : [path];
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError([{ file: path, message: code === 'ENOENT' ? 'file or directory not found' : `cannot read: ${(e as Error).message}` }], { cause: e });
  }
  if (files.length === 0) throw new InputError([{ file: path, message: emptyMessage }]);
  return files;
}
