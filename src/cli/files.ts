/**
 * The file-system adapter of the CLI for output: writing a report atomically. Every failure becomes a
 * PalimpsestError with a stable code; raw Node errors never reach the user. Input files are read by the importers
 * (src/importers/read-file.ts), shared with the library.
 */
import { randomUUID } from 'node:crypto';
import { open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { PalimpsestError, quoteFileName } from '../errors/errors.js';
import { errnoCode } from '../importers/read-file.js';

/**
 * Write `content` (a string, or pieces written as they come) to `name` atomically: into a temporary file in the same
 * directory, renamed into place only when fully written, so a failed run never leaves a partial or empty report
 * behind (nor clobbers a previous one).
 */
export async function writeOutputFile(name: string, cwd: string, content: string | Iterable<string>): Promise<void> {
  const path = resolve(cwd, name);
  const quoted = quoteFileName(name);
  const temporary = join(dirname(path), `.${basename(path)}.${randomUUID()}.tmp`);
  const writeError = (error: unknown): PalimpsestError => {
    const code = errnoCode(error);
    let problem: string;
    if (code === 'ENOENT' || code === 'ENOTDIR') problem = `no such directory ${quoteFileName(dirname(name))}`;
    else if (code === 'EISDIR') problem = 'it is a directory';
    else if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') problem = 'permission denied';
    else if (code === 'ENOSPC') problem = 'no space left on the device';
    else problem = `${code ? `${code} ` : ''}${error instanceof Error ? error.message : String(error)}`;
    return new PalimpsestError('E_WRITE', `cannot write ${quoted}: ${problem}`, { file: name, cause: error });
  };
  try {
    const existing = await stat(path).catch(() => null);
    if (existing?.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    const handle = await open(temporary, 'wx');
    try {
      if (typeof content === 'string') await handle.writeFile(content, 'utf8');
      else for (const piece of content) await handle.write(piece, null, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw writeError(error);
  }
}
