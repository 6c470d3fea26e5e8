/**
 * Turning the bytes of an input file into text, or into a typed error saying why they are not text. Pure (no fs):
 * the file adapter reads bytes and hands them here, so every check is testable on plain byte arrays.
 */
import { PalimpsestError, quoteFileName } from '../errors/errors.js';

/** File signatures of common binary formats people pass by mistake, to name the format in the message. */
const BINARY_SIGNATURES: ReadonlyArray<{ bytes: readonly number[]; name: string }> = [
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], name: 'a PDF document' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], name: 'a ZIP archive (DOCX, ODT and EPUB are ZIP archives)' },
  { bytes: [0x1f, 0x8b], name: 'gzip-compressed data' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], name: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], name: 'a JPEG image' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], name: 'a legacy Microsoft Office document' },
];

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}

/**
 * Offset of the first byte of the first ill-formed UTF-8 sequence in `bytes`, or -1 when all of it is well formed.
 * Follows the well-formed byte sequence table of the Unicode Standard (ch. 3, table 3-7): it rejects overlong
 * forms, surrogates (ED A0..BF) and code points above U+10FFFF, exactly what a fatal TextDecoder rejects. Only
 * called after TextDecoder has failed, because TextDecoder does not say where.
 */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const lead = bytes[i] as number;
    if (lead < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lower = 0x80;
    let upper = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) need = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      need = 2;
      if (lead === 0xe0) lower = 0xa0;
      if (lead === 0xed) upper = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      need = 3;
      if (lead === 0xf0) lower = 0x90;
      if (lead === 0xf4) upper = 0x8f;
    } else return i;
    // Not enough bytes left for the sequence: truncated at the end of the file.
    if (i + need >= n) return i;
    const second = bytes[i + 1] as number;
    if (second < lower || second > upper) return i;
    for (let k = 2; k <= need; k++) {
      const next = bytes[i + k] as number;
      if (next < 0x80 || next > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** 1-based line number of a byte offset (counting LF bytes, which UTF-8 never uses inside a multi-byte sequence). */
function lineOfByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

function hexByte(value: number): string {
  return `0x${value.toString(16).toUpperCase().padStart(2, '0')}`;
}

/**
 * Decode an input file's bytes as UTF-8 text, stripping a UTF-8 byte order mark. Throws PalimpsestError with
 * E_EMPTY, E_BINARY or E_ENCODING when the bytes are not usable text; `name` is the file as the user named it.
 */
export function decodeInput(bytes: Uint8Array, name: string): string {
  const quoted = quoteFileName(name);
  const fail = (code: 'E_EMPTY' | 'E_BINARY' | 'E_ENCODING', problem: string): never => {
    throw new PalimpsestError(code, `cannot read ${quoted}: ${problem}`, { file: name });
  };
  if (bytes.length === 0) fail('E_EMPTY', 'the file is empty');
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    fail('E_ENCODING', 'the file is UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8');
  }
  for (const signature of BINARY_SIGNATURES) {
    if (startsWith(bytes, signature.bytes)) fail('E_BINARY', `not a text file: it looks like ${signature.name}`);
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) fail('E_BINARY', `not a text file: it contains a NUL byte at byte offset ${nul}`);
  const body = startsWith(bytes, UTF8_BOM) ? bytes.subarray(UTF8_BOM.length) : bytes;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
  } catch (cause) {
    const offset = firstInvalidUtf8Offset(bytes);
    const where =
      offset === -1
        ? 'somewhere'
        : `at byte offset ${offset} (line ${lineOfByte(bytes, offset)}, byte ${hexByte(bytes[offset] as number)})`;
    throw new PalimpsestError(
      'E_ENCODING',
      `cannot read ${quoted}: not valid UTF-8 ${where}; convert the file to UTF-8 (e.g. with iconv)`,
      { file: name, cause },
    );
  }
  if (text.trim() === '') fail('E_EMPTY', 'the file holds only whitespace');
  return text;
}
