/**
 * Standard input as an edition (`palimpsest compare - new.txt`, `palimpsest add S - --edition X`): its bytes, read
 * once and bounded by the same size limit as a file, so `cat huge | palimpsest compare - b` is refused (E_TOO_LARGE)
 * as soon as it passes the limit rather than after buffering all of it. It is called `<stdin>` in messages and
 * provenance, as `diff` and `git` name it.
 */
import { formatSize, PalimpsestError } from '../errors/errors.js';
import type { CliIo } from './io.js';

/** The argument that names standard input. */
export const STDIN_ARGUMENT = '-';
/** The name standard input goes by in messages and in a stored edition's provenance. */
export const STDIN_NAME = '<stdin>';

/** Whether a command-line source names standard input. */
export function isStdin(source: string): boolean {
  return source === STDIN_ARGUMENT;
}

/**
 * Read all of standard input, refusing it (E_TOO_LARGE) once it passes `maxBytes` — the chunks read so far are
 * dropped and the rest is not read. `advice` ends the message (e.g. "raise it with --max-size"). E_USAGE when the
 * CLI runs without a standard input.
 */
export async function readStdin(io: CliIo, maxBytes: number, advice?: string): Promise<Uint8Array> {
  if (io.stdin === undefined) {
    throw new PalimpsestError('E_USAGE', `'-' names standard input, which this run does not have`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const encoder = new TextEncoder();
  for await (const chunk of io.stdin) {
    const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
    size += bytes.byteLength;
    if (size > maxBytes) {
      throw new PalimpsestError(
        'E_TOO_LARGE',
        `cannot read '${STDIN_NAME}': more than the ${formatSize(maxBytes)} limit${advice ? ` (${advice})` : ''}`,
        { file: STDIN_NAME },
      );
    }
    chunks.push(bytes);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.byteLength;
  }
  return all;
}
