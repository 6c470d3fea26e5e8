/**
 * The file-system adapter of the CLI: reading an input file with its checks (exists, not a directory, under the size
 * limit, text, UTF-8) and writing an output file atomically. Every failure becomes a PalimpsestError with a stable
 * code; raw Node errors never reach the user.
 */
import { randomUUID } from 'node:crypto';
import { open, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { PalimpsestError, quoteFileName } from '../errors/errors.js';
import { decodeInput } from './decode.js';
import { formatSize } from './size.js';

/** A decoded input file. */
export interface InputText {
  /** The file as the user named it (used in messages and as the edition name). */
  name: string;
  /** Decoded text, BOM stripped. */
  text: string;
  /** Size of the file in bytes. */
  bytes: number;
}

/** The Node error code (`ENOENT`, `EACCES`…) of a thrown value, if it has one. */
function errnoCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Map a Node file-system error met while reading `name` to a PalimpsestError. */
function readError(error: unknown, name: string): PalimpsestError {
  const quoted = quoteFileName(name);
  const options = { file: name, cause: error };
  switch (errnoCode(error)) {
    case 'ENOENT':
      return new PalimpsestError('E_NOT_FOUND', `cannot read ${quoted}: no such file`, options);
    case 'ENOTDIR':
      return new PalimpsestError('E_NOT_FOUND', `cannot read ${quoted}: no such file (a parent is not a directory)`, {
        file: name,
        cause: error,
      });
    case 'EISDIR':
      return new PalimpsestError('E_IS_DIRECTORY', `cannot read ${quoted}: it is a directory, not a file`, options);
    case 'EACCES':
    case 'EPERM':
      return new PalimpsestError('E_READ', `cannot read ${quoted}: permission denied`, options);
    case 'ELOOP':
      return new PalimpsestError('E_READ', `cannot read ${quoted}: too many levels of symbolic links`, options);
    default: {
      const code = errnoCode(error);
      const detail = error instanceof Error ? error.message : String(error);
      return new PalimpsestError('E_READ', `cannot read ${quoted}: ${code ? `${code} ` : ''}${detail}`, options);
    }
  }
}

/**
 * Read and decode one input file. `name` is the path as given (resolved against `cwd`); `maxSize` the limit in bytes.
 * The size is checked on the stat before reading, so a huge file is refused without being loaded.
 */
export async function readInputFile(name: string, cwd: string, maxSize: number): Promise<InputText> {
  const path = resolve(cwd, name);
  const quoted = quoteFileName(name);
  const tooLarge = (size: number) =>
    new PalimpsestError(
      'E_TOO_LARGE',
      `cannot read ${quoted}: ${formatSize(size)} (${size} bytes) is over the ${formatSize(maxSize)} limit (raise it with --max-size)`,
      { file: name },
    );
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    throw readError(error, name);
  }
  if (info.isDirectory()) {
    throw new PalimpsestError('E_IS_DIRECTORY', `cannot read ${quoted}: it is a directory, not a file`, { file: name });
  }
  if (info.isFile() && info.size > maxSize) throw tooLarge(info.size);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw readError(error, name);
  }
  // Pipes and devices report no size up front: check what was actually read.
  if (bytes.length > maxSize) throw tooLarge(bytes.length);
  return { name, text: decodeInput(bytes, name), bytes: bytes.length };
}

/**
 * Write `content` to `name` atomically: into a temporary file in the same directory, renamed into place only when
 * fully written, so a failed run never leaves a partial or empty report behind (nor clobbers a previous one).
 */
export async function writeOutputFile(name: string, cwd: string, content: string): Promise<void> {
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
      await handle.writeFile(content, 'utf8');
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
