/**
 * Reading an input file's bytes with the checks every command needs (exists, not a directory, under the size limit),
 * each failure a PalimpsestError with a stable code; raw Node errors never reach the user. Moved here from the CLI so
 * that the library's `importSource` and the CLI read files the same way.
 */
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { formatSize, PalimpsestError, quoteFileName } from '../errors/errors.js';

/** The Node error code (`ENOENT`, `EACCES`…) of a thrown value, if it has one. */
export function errnoCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Map a Node file-system error met while reading `name` to a PalimpsestError. */
export function readError(error: unknown, name: string): PalimpsestError {
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

/** The E_TOO_LARGE error for `name` of `size` bytes over `maxBytes`; `advice` ends the message (e.g. a CLI flag). */
export function tooLargeError(name: string, size: number, maxBytes: number, advice?: string): PalimpsestError {
  return new PalimpsestError(
    'E_TOO_LARGE',
    `cannot read ${quoteFileName(name)}: ${formatSize(size)} (${size} bytes) is over the ${formatSize(maxBytes)} limit${advice ? ` (${advice})` : ''}`,
    { file: name },
  );
}

/** Throw E_TOO_LARGE when `bytes` are over `maxBytes`: every importer checks, so direct callers are bounded too. */
export function assertWithinSize(bytes: Uint8Array, name: string, maxBytes: number): void {
  if (bytes.length > maxBytes) throw tooLargeError(name, bytes.length, maxBytes);
}

/**
 * Read one input file's bytes. `name` is the path as given (resolved against `cwd`); the size is checked on the stat
 * before reading, so a huge file is refused without being loaded, and again after (pipes report no size).
 */
export async function readFileBytes(name: string, cwd: string, maxBytes: number, advice?: string): Promise<Uint8Array> {
  const path = resolve(cwd, name);
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    throw readError(error, name);
  }
  if (info.isDirectory()) {
    throw new PalimpsestError('E_IS_DIRECTORY', `cannot read ${quoteFileName(name)}: it is a directory, not a file`, {
      file: name,
    });
  }
  if (info.isFile() && info.size > maxBytes) throw tooLargeError(name, info.size, maxBytes, advice);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (error) {
    throw readError(error, name);
  }
  if (bytes.length > maxBytes) throw tooLargeError(name, bytes.length, maxBytes, advice);
  return bytes;
}
