/**
 * Character encoding of an HTML page, decided in the order of the WHATWG HTML standard's "determining the character
 * encoding" (https://html.spec.whatwg.org/multipage/parsing.html#determining-the-character-encoding): a byte order
 * mark, then the transport layer's charset (Content-Type), then a prescan of the first 1024 bytes for `<meta
 * charset>` / `<meta http-equiv=Content-Type>`, then a guess (UTF-8 when the bytes are valid UTF-8, else chardet).
 */
import chardet from 'chardet';
import type { Diagnostic } from '../model/tree.js';
import {
  charsetParameter,
  decodeWindows1252,
  encodingName,
  guessDiagnostics,
  sniffBom as sniffByteOrderMark,
} from './text.js';

/** The encoding a byte order mark announces, with the mark's length. */
function sniffBom(bytes: Uint8Array): { encoding: string; bomLength: number } | undefined {
  const bom = sniffByteOrderMark(bytes);
  return bom ? { encoding: bom.encoding, bomLength: bom.length } : undefined;
}

/** The WHATWG name of an encoding label, or undefined when TextDecoder does not know it. */
const encodingLabel = (label: string): string | undefined => encodingName(label) ?? undefined;

/** Where the encoding decision came from, for diagnostics and tests. */
export type EncodingSource = 'forced' | 'bom' | 'content-type' | 'meta' | 'utf-8' | 'guess';

/** The outcome of sniffing: a WHATWG encoding name and how it was found. */
export interface SniffedEncoding {
  /** The canonical WHATWG name TextDecoder reports, e.g. `utf-8`, `shift_jis`, `euc-jp`, `windows-1252`. */
  encoding: string;
  source: EncodingSource;
  /** Bytes of byte order mark to skip. */
  bomLength: number;
}

/** Decoded page text with the encoding it was read in and any undecodable-byte diagnostic. */
export interface DecodedHtml {
  text: string;
  encoding: string;
  source: EncodingSource;
  diagnostics: Diagnostic[];
}

/** How many leading bytes the meta prescan reads, as the standard says. */
export const PRESCAN_BYTES = 1024;

/** Decide the encoding of `bytes`: forced label, BOM, Content-Type charset, `<meta>` prescan, then a guess. */
export function sniffHtmlEncoding(bytes: Uint8Array, contentType?: string, forced?: string): SniffedEncoding {
  if (forced) {
    const encoding = encodingLabel(forced);
    if (encoding) return { encoding, source: 'forced', bomLength: bomLengthFor(bytes, encoding) };
  }
  const bom = sniffBom(bytes);
  if (bom) return { ...bom, source: 'bom' };
  const declared = charsetParameter(contentType);
  const fromHeader = declared ? encodingLabel(declared) : undefined;
  if (fromHeader) return { encoding: fromHeader, source: 'content-type', bomLength: 0 };
  const fromMeta = prescanMetaCharset(bytes.subarray(0, PRESCAN_BYTES));
  if (fromMeta) return { encoding: fromMeta, source: 'meta', bomLength: 0 };
  if (firstUndecodableByte(bytes, 'utf-8') === undefined) return { encoding: 'utf-8', source: 'utf-8', bomLength: 0 };
  return { encoding: guessEncoding(bytes), source: 'guess', bomLength: 0 };
}

/**
 * Decode `bytes` as HTML; undecodable bytes become U+FFFD and a warning naming the first one's byte offset, and a
 * guessed charset gets the `encoding-guess` (and `mixed-encoding`) diagnostics of `guessDiagnostics`.
 */
export function decodeHtml(bytes: Uint8Array, contentType?: string, forced?: string): DecodedHtml {
  const sniffed = sniffHtmlEncoding(bytes, contentType, forced);
  const body = bytes.subarray(sniffed.bomLength);
  // A guessed charset is said so, with the byte that ruled UTF-8 out, as the text importer does.
  const diagnostics: Diagnostic[] = sniffed.source === 'guess' ? guessDiagnostics(bytes, sniffed.encoding) : [];
  const bad = firstUndecodableByte(body, sniffed.encoding);
  if (bad !== undefined) {
    diagnostics.push({
      code: 'undecodable-bytes',
      severity: 'warning',
      message: `byte ${bad + sniffed.bomLength} (and maybe others) is not valid ${sniffed.encoding}; replaced with U+FFFD`,
    });
  }
  // Node 20's TextDecoder turns windows-1252's 0x80–0x9F (curly quotes, dashes, €) into control characters.
  const text =
    sniffed.encoding === 'windows-1252'
      ? decodeWindows1252(body)
      : new TextDecoder(sniffed.encoding, { ignoreBOM: true }).decode(body);
  return { text, encoding: sniffed.encoding, source: sniffed.source, diagnostics };
}

/** Length of a BOM matching `encoding` at the start of `bytes` (0 when there is none). */
function bomLengthFor(bytes: Uint8Array, encoding: string): number {
  const bom = sniffBom(bytes);
  return bom && bom.encoding === encoding ? bom.bomLength : 0;
}

/** Guess a legacy encoding with chardet; windows-1252 when it has no usable answer (as browsers default in the West). */
function guessEncoding(bytes: Uint8Array): string {
  const sample = bytes.length > 65_536 ? bytes.subarray(0, 65_536) : bytes;
  const guessed = chardet.detect(sample);
  const encoding = guessed ? encodingLabel(guessed) : undefined;
  // A guess of UTF-16/32 without a BOM on bytes that failed UTF-8 is almost always wrong for HTML.
  if (!encoding || encoding.startsWith('utf-16') || encoding === 'utf-8') return 'windows-1252';
  return encoding;
}

/**
 * Byte offset of the first byte `encoding` cannot decode, or undefined when all decode. Streams 64 KiB chunks through
 * a fatal decoder and, in the chunk that fails, replays byte by byte, so the cost stays linear.
 */
export function firstUndecodableByte(bytes: Uint8Array, encoding: string): number | undefined {
  const chunkSize = 65_536;
  const decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
  for (let start = 0; start < bytes.length; start += chunkSize) {
    try {
      decoder.decode(bytes.subarray(start, start + chunkSize), { stream: true });
    } catch {
      const replay = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
      if (start > 0) replay.decode(bytes.subarray(0, start), { stream: true });
      const end = Math.min(bytes.length, start + chunkSize);
      for (let offset = start; offset < end; offset++) {
        try {
          replay.decode(bytes.subarray(offset, offset + 1), { stream: true });
        } catch {
          return offset;
        }
      }
      return start;
    }
  }
  try {
    decoder.decode();
  } catch {
    return bytes.length;
  }
  return undefined;
}

const LOWER_A = 0x61;
const LOWER_Z = 0x7a;

/** ASCII-lowercase one byte. */
function lower(byte: number): number {
  return byte >= 0x41 && byte <= 0x5a ? byte + 0x20 : byte;
}

/** True for the bytes the standard counts as space in the prescan: TAB, LF, FF, CR, SPACE. */
function isSpace(byte: number | undefined): boolean {
  return byte === 0x09 || byte === 0x0a || byte === 0x0c || byte === 0x0d || byte === 0x20;
}

/** True when `bytes` at `offset` starts with the ASCII string `text`, case-insensitively. */
function startsWithAt(bytes: Uint8Array, offset: number, text: string): boolean {
  if (offset + text.length > bytes.length) return false;
  for (let i = 0; i < text.length; i++) {
    if (lower(bytes[offset + i] as number) !== text.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * The standard's "prescan a byte stream to determine its encoding" over `bytes` (already cut to 1024): skips
 * comments and other tags, reads the attributes of each `<meta>` and returns the first charset it declares, mapped
 * as the standard says (UTF-16 declarations mean UTF-8, x-user-defined means windows-1252).
 */
export function prescanMetaCharset(bytes: Uint8Array): string | undefined {
  let position = 0;
  const length = bytes.length;
  while (position < length) {
    if (startsWithAt(bytes, position, '<!--')) {
      const close = indexOfSequence(bytes, [0x2d, 0x2d, 0x3e], position + 2);
      if (close < 0) return undefined;
      position = close + 3;
      continue;
    }
    if (startsWithAt(bytes, position, '<meta') && (isSpace(bytes[position + 5]) || bytes[position + 5] === 0x2f)) {
      position += 6;
      const found = readMeta(bytes, position);
      position = found.position;
      if (found.encoding) return found.encoding;
      continue;
    }
    const next = bytes[position + 1];
    if (bytes[position] === 0x3c && next !== undefined) {
      const afterSlash = next === 0x2f ? bytes[position + 2] : next;
      const isLetter = afterSlash !== undefined && lower(afterSlash) >= LOWER_A && lower(afterSlash) <= LOWER_Z;
      if (isLetter) {
        position += next === 0x2f ? 3 : 2;
        while (position < length && !isSpace(bytes[position]) && bytes[position] !== 0x3e) position++;
        for (;;) {
          const attribute = readAttribute(bytes, position);
          position = attribute.position;
          if (!attribute.name) break;
        }
        position++;
        continue;
      }
      if (next === 0x21 || next === 0x2f || next === 0x3f) {
        const close = bytes.indexOf(0x3e, position + 1);
        if (close < 0) return undefined;
        position = close + 1;
        continue;
      }
    }
    position++;
  }
  return undefined;
}

/** Read the attributes of one `<meta>` and return its charset declaration, if it makes one. */
function readMeta(bytes: Uint8Array, start: number): { position: number; encoding?: string } {
  let position = start;
  const seen = new Set<string>();
  let gotPragma = false;
  let needPragma: boolean | undefined;
  let charset: string | undefined;
  for (;;) {
    const attribute = readAttribute(bytes, position);
    position = attribute.position;
    if (!attribute.name) break;
    if (seen.has(attribute.name)) continue;
    seen.add(attribute.name);
    if (attribute.name === 'http-equiv' && attribute.value.toLowerCase() === 'content-type') gotPragma = true;
    else if (attribute.name === 'content' && charset === undefined) {
      const fromContent = charsetParameter(`x;${attribute.value}`);
      if (fromContent) {
        charset = fromContent;
        needPragma = true;
      }
    } else if (attribute.name === 'charset') {
      charset = attribute.value;
      needPragma = false;
    }
  }
  if (needPragma === undefined || charset === undefined || (needPragma && !gotPragma)) return { position };
  let encoding = encodingLabel(charset);
  if (!encoding) return { position };
  if (encoding === 'utf-16le' || encoding === 'utf-16be') encoding = 'utf-8';
  if (encoding === 'x-user-defined') encoding = 'windows-1252';
  return { position, encoding };
}

/** The standard's "get an attribute": one name/value pair from `start`, or an empty name at the tag's end. */
function readAttribute(bytes: Uint8Array, start: number): { name: string; value: string; position: number } {
  let position = start;
  const length = bytes.length;
  while (position < length && (isSpace(bytes[position]) || bytes[position] === 0x2f)) position++;
  if (position >= length || bytes[position] === 0x3e) return { name: '', value: '', position };
  let name = '';
  let value = '';
  for (;;) {
    if (position >= length) return { name, value, position };
    const byte = bytes[position] as number;
    if (byte === 0x3d && name !== '') {
      position++;
      break;
    }
    if (isSpace(byte)) {
      while (position < length && isSpace(bytes[position])) position++;
      if (bytes[position] !== 0x3d) return { name, value, position };
      position++;
      break;
    }
    if ((byte === 0x2f || byte === 0x3e) && name !== '') return { name, value, position };
    name += String.fromCharCode(lower(byte));
    position++;
  }
  while (position < length && isSpace(bytes[position])) position++;
  const quote = bytes[position];
  if (quote === 0x22 || quote === 0x27) {
    position++;
    while (position < length && bytes[position] !== quote)
      value += String.fromCharCode(lower(bytes[position++] as number));
    return { name, value, position: position + 1 };
  }
  if (quote === 0x3e) return { name, value, position };
  while (position < length && !isSpace(bytes[position]) && bytes[position] !== 0x3e) {
    value += String.fromCharCode(lower(bytes[position++] as number));
  }
  return { name, value, position };
}

/** Index of `sequence` in `bytes` from `from`, or -1. */
function indexOfSequence(bytes: Uint8Array, sequence: number[], from: number): number {
  let index = bytes.indexOf(sequence[0] as number, from);
  while (index >= 0) {
    let matches = true;
    for (let i = 1; i < sequence.length; i++) {
      if (bytes[index + i] !== sequence[i]) {
        matches = false;
        break;
      }
    }
    if (matches) return index;
    index = bytes.indexOf(sequence[0] as number, index + 1);
  }
  return -1;
}
