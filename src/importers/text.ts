/**
 * Plain text in any common encoding: bytes → decoded text, unchanged, for the text parser. Decoding is strict first
 * (a BOM, a forced or declared charset, then valid UTF-8, then chardet's guesses validated by a fatal TextDecoder);
 * when no candidate decodes cleanly, the best one decodes leniently and an `undecodable-bytes` diagnostic gives the
 * byte offset of the first bad byte — never silent replacement. The order follows the WHATWG Encoding Standard's
 * "decode" (BOM sniffing wins over labels) and the HTML spec's encoding sniffing (declared charset, then a guess).
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { PalimpsestError, quoteFileName } from '../errors/errors.js';
import { LineIndex } from '../model/position.js';
import type { Diagnostic } from '../model/tree.js';
import type { ImportedEdition, ImportLimits, ImportOptions, Provenance, SourceSpan } from './types.js';

/** The encodings Palimpsest detects on its own (any WHATWG label can still be forced with `--encoding`). */
export const DETECTED_ENCODINGS = [
  'utf-8',
  'utf-16le',
  'utf-16be',
  'shift_jis',
  'euc-jp',
  'iso-2022-jp',
  'windows-1252',
];

/** Decoded text with the encoding it was read in and any problems found. */
export interface DecodedText {
  text: string;
  /** The WHATWG name of the encoding, e.g. `utf-8`, `shift_jis`. */
  encoding: string;
  /** How the encoding was chosen: a byte order mark, a forced or declared label, or detection. */
  source: 'bom' | 'forced' | 'declared' | 'detected';
  diagnostics: Diagnostic[];
}

/** Options of `decodeText`. */
export interface DecodeOptions {
  /** The name used in messages. */
  name: string;
  /** Force this encoding (a WHATWG label). */
  encoding?: string;
  /** A Content-Type whose `charset` is used when no BOM says otherwise. */
  contentType?: string;
}

/** chardet's names for the encodings we accept from it, mapped to WHATWG names. */
const CHARDET_NAMES: Readonly<Record<string, string>> = {
  'UTF-8': 'utf-8',
  Shift_JIS: 'shift_jis',
  'EUC-JP': 'euc-jp',
  'ISO-2022-JP': 'iso-2022-jp',
  'windows-1252': 'windows-1252',
  // The WHATWG Encoding Standard decodes every ISO-8859-1 label as windows-1252, as browsers do.
  'ISO-8859-1': 'windows-1252',
  'ISO-8859-15': 'windows-1252',
  'UTF-16LE': 'utf-16le',
  'UTF-16BE': 'utf-16be',
};

/** How many bytes chardet looks at: its statistics settle long before this, and it is not linear-cheap. */
const CHARDET_SAMPLE = 64 * 1024;

/**
 * Offset of the first byte of the first ill-formed UTF-8 sequence in `bytes`, or -1 when all of it is well formed.
 * Follows the well-formed byte sequence table of the Unicode Standard (ch. 3, table 3-7): it rejects overlong
 * forms, surrogates (ED A0..BF) and code points above U+10FFFF, exactly what a fatal TextDecoder rejects.
 */
export function firstInvalidUtf8Offset(bytes: Uint8Array, from = 0): number {
  const n = bytes.length;
  let i = from;
  while (i < n) {
    const lead = bytes[i] as number;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const length = utf8SequenceLength(bytes, i);
    if (length === 0) return i;
    i += length;
  }
  return -1;
}

/** Length of the well-formed UTF-8 sequence starting at `i` (a non-ASCII lead byte), or 0 when it is ill-formed. */
function utf8SequenceLength(bytes: Uint8Array, i: number): number {
  const lead = bytes[i] as number;
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
  } else return 0;
  if (i + need >= bytes.length) return 0;
  const second = bytes[i + 1] as number;
  if (second < lower || second > upper) return 0;
  for (let k = 2; k <= need; k++) {
    const next = bytes[i + k] as number;
    if (next < 0x80 || next > 0xbf) return 0;
  }
  return need + 1;
}

/** Counts well-formed multi-byte UTF-8 sequences and ill-formed bytes, to tell damaged UTF-8 from another encoding. */
function utf8Statistics(bytes: Uint8Array, limit: number): { valid: number; invalid: number } {
  let valid = 0;
  let invalid = 0;
  const n = Math.min(bytes.length, limit);
  let i = 0;
  while (i < n) {
    if ((bytes[i] as number) < 0x80) {
      i++;
      continue;
    }
    const length = utf8SequenceLength(bytes, i);
    if (length === 0) {
      invalid++;
      i++;
    } else {
      valid++;
      i += length;
    }
  }
  return { valid, invalid };
}

/** The WHATWG name of an encoding label, or null when TextDecoder does not know it. */
export function encodingName(label: string): string | null {
  try {
    return new TextDecoder(label.trim()).encoding;
  } catch {
    return null;
  }
}

/** The charset parameter of a Content-Type as written (`text/html; charset="Shift_JIS"` → `Shift_JIS`), if any. */
export function charsetParameter(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const match = /;\s*charset\s*=\s*(?:"([^"]*)"|'([^']*)'|([^;\s]*))/i.exec(contentType);
  const value = match?.[1] ?? match?.[2] ?? match?.[3];
  return value ? value : undefined;
}

/** The charset parameter of a Content-Type, as a WHATWG encoding name, or null. */
export function charsetOf(contentType: string | undefined): string | null {
  const label = charsetParameter(contentType);
  return label ? encodingName(label) : null;
}

/** Windows-1252's characters for bytes 0x80–0x9F (WHATWG Encoding Standard, index-windows-1252). */
const WINDOWS_1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/**
 * Decodes Windows-1252 by the WHATWG table. Node 20's TextDecoder('windows-1252') decodes bytes 0x80–0x9F as C1
 * controls (ISO-8859-1), losing the curly quotes and dashes that are the reason the encoding is used at all.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = new TextDecoder('latin1').decode(bytes);
  return latin1.replace(/[\u0080-\u009f]/g, (char) => WINDOWS_1252_HIGH[char.charCodeAt(0) - 0x80] as string);
}

/** Decodes strictly; returns null when the bytes are not valid in `encoding`. */
function decodeStrict(bytes: Uint8Array, encoding: string): string | null {
  if (encoding === 'windows-1252') return decodeWindows1252(bytes);
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Whether a fatal decoder accepts `bytes` in `encoding`. */
function decodesCleanly(bytes: Uint8Array, encoding: string): boolean {
  try {
    new TextDecoder(encoding, { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Offset of the first unpaired surrogate or dangling byte of UTF-16 `bytes` (BOM included in offsets), or -1. */
function firstInvalidUtf16Offset(bytes: Uint8Array, littleEndian: boolean): number {
  const unit = (i: number) =>
    littleEndian
      ? (bytes[i] as number) | ((bytes[i + 1] as number) << 8)
      : ((bytes[i] as number) << 8) | (bytes[i + 1] as number);
  let i = 0;
  while (i + 1 < bytes.length) {
    const code = unit(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      if (i + 3 >= bytes.length) return i;
      const next = unit(i + 2);
      if (next < 0xdc00 || next > 0xdfff) return i;
      i += 4;
    } else if (code >= 0xdc00 && code <= 0xdfff) return i;
    else i += 2;
  }
  return i < bytes.length ? i : -1;
}

/**
 * Offset of the first byte a fatal decoder rejects in an ASCII-compatible multi-byte encoding (Shift_JIS, EUC-JP,
 * ISO-2022-JP…). None of them uses 0x0A inside a character, so lines decode independently: find the first bad
 * chunk, then the first bad line in it, then the shortest failing prefix of that line by binary search.
 */
function firstInvalidOffsetByLines(bytes: Uint8Array, encoding: string): number {
  const CHUNK = 1 << 20;
  let chunkStart = 0;
  while (chunkStart < bytes.length) {
    let chunkEnd = Math.min(bytes.length, chunkStart + CHUNK);
    if (chunkEnd < bytes.length) {
      const newline = bytes.indexOf(0x0a, chunkEnd);
      chunkEnd = newline < 0 ? bytes.length : newline + 1;
    }
    if (!decodesCleanly(bytes.subarray(chunkStart, chunkEnd), encoding)) {
      let lineStart = chunkStart;
      while (lineStart < chunkEnd) {
        const newline = bytes.indexOf(0x0a, lineStart);
        const lineEnd = newline < 0 || newline >= chunkEnd ? chunkEnd : newline + 1;
        const line = bytes.subarray(lineStart, lineEnd);
        if (!decodesCleanly(line, encoding)) return lineStart + badSequenceStart(line, encoding);
        lineStart = lineEnd;
      }
      return chunkStart;
    }
    chunkStart = chunkEnd;
  }
  return -1;
}

/** The length of the shortest prefix of `line` that a streaming fatal decoder rejects (at least 1). */
function shortestFailingPrefix(line: Uint8Array, encoding: string): number {
  const fails = (length: number): boolean => {
    try {
      new TextDecoder(encoding, { fatal: true }).decode(line.subarray(0, length), { stream: true });
      return false;
    } catch {
      return true;
    }
  };
  let low = 1;
  let high = line.length;
  // A prefix that only ends inside a character is not rejected in streaming mode: if no prefix fails, the whole
  // line fails only at its end.
  if (!fails(high)) return high;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (fails(middle)) high = middle;
    else low = middle + 1;
  }
  return low;
}

/**
 * Where the first bad sequence of `line` starts: the decoder notices an error at the byte that breaks a sequence
 * (a bad trail byte), but the sequence begins at the last character boundary before it.
 */
function badSequenceStart(line: Uint8Array, encoding: string): number {
  const noticed = shortestFailingPrefix(line, encoding);
  for (let boundary = noticed - 1; boundary >= Math.max(0, noticed - 4); boundary--) {
    if (decodesCleanly(line.subarray(0, boundary), encoding)) return boundary;
  }
  return noticed - 1;
}

/** Offset of the first undecodable byte of `bytes` in `encoding`, or -1. */
export function firstUndecodableOffset(bytes: Uint8Array, encoding: string): number {
  if (encoding === 'utf-8') return firstInvalidUtf8Offset(bytes);
  if (encoding === 'utf-16le' || encoding === 'utf-16be')
    return firstInvalidUtf16Offset(bytes, encoding === 'utf-16le');
  if (decodesCleanly(bytes, encoding)) return -1;
  return firstInvalidOffsetByLines(bytes, encoding);
}

/** 1-based line of a byte offset (counting LF bytes). */
function lineOfByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  let at = bytes.indexOf(0x0a);
  while (at >= 0 && at < offset) {
    line++;
    at = bytes.indexOf(0x0a, at + 1);
  }
  return line;
}

/** Where a byte is, for messages: `byte offset 12 (line 1, byte 0xE9)`. */
function describeByte(bytes: Uint8Array, offset: number): string {
  const value = (bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, '0');
  return `byte offset ${offset} (line ${lineOfByte(bytes, offset)}, byte 0x${value})`;
}

/** How many ill-formed UTF-8 sequences `bytes` holds and where the last one starts (-1 when none). */
function invalidUtf8Summary(bytes: Uint8Array): { count: number; last: number } {
  let count = 0;
  let last = -1;
  let at = firstInvalidUtf8Offset(bytes);
  while (at >= 0) {
    count++;
    last = at;
    at = firstInvalidUtf8Offset(bytes, at + 1);
  }
  return { count, last };
}

/** Bad sequences from which a damaged UTF-8 file is said to perhaps mix encodings rather than hold a stray byte. */
const MIXED_ENCODING_BAD_SEQUENCES = 8;

/** Decodes leniently (U+FFFD for bad bytes) and describes the first bad byte in an `undecodable-bytes` diagnostic. */
function decodeWithReplacement(bytes: Uint8Array, body: Uint8Array, bomLength: number, encoding: string): DecodedText {
  const text =
    encoding === 'windows-1252' ? decodeWindows1252(body) : new TextDecoder(encoding, { ignoreBOM: true }).decode(body);
  const offset = firstUndecodableOffset(body, encoding);
  const byteOffset = offset < 0 ? -1 : offset + bomLength;
  let where = byteOffset < 0 ? '' : `; the first at ${describeByte(bytes, byteOffset)}`;
  if (encoding === 'utf-8' && byteOffset >= 0) {
    // Many bad sequences over a stretch of the file are more likely a second encoding than damage: say where.
    const { count, last } = invalidUtf8Summary(body);
    if (count > 1) where += `, the last of ${count} at ${describeByte(bytes, last + bomLength)}`;
    if (count >= MIXED_ENCODING_BAD_SEQUENCES) where += '; the file may mix encodings';
  }
  const diagnostic: Diagnostic = {
    code: 'undecodable-bytes',
    severity: 'warning',
    message: `bytes that are not valid ${encoding} were replaced by U+FFFD${where}`,
  };
  const replacement = text.indexOf('\ufffd');
  if (replacement >= 0) diagnostic.position = new LineIndex(text).position(replacement, replacement + 1);
  return { text, encoding, source: 'detected', diagnostics: [diagnostic] };
}

/** Consecutive well-formed multi-byte UTF-8 sequences (ASCII between allowed) that no legacy text holds by chance. */
const UTF8_RUN = 8;

/** Where the first run of UTF8_RUN well-formed multi-byte UTF-8 sequences starts in `bytes`, or -1. */
export function utf8RunOffset(bytes: Uint8Array): number {
  let run = 0;
  let runStart = -1;
  let i = 0;
  while (i < bytes.length) {
    if ((bytes[i] as number) < 0x80) {
      i++;
      continue;
    }
    const length = utf8SequenceLength(bytes, i);
    if (length === 0) {
      run = 0;
      i++;
      continue;
    }
    if (run === 0) runStart = i;
    if (++run >= UTF8_RUN) return runStart;
    i += length;
  }
  return -1;
}

/** Offset of the first ISO-2022-JP escape sequence (ESC $ @, ESC $ B, ESC ( J, ESC ( I), or -1. */
function firstIso2022JpEscape(bytes: Uint8Array): number {
  let at = bytes.indexOf(0x1b);
  while (at >= 0) {
    const a = bytes[at + 1];
    const b = bytes[at + 2];
    if ((a === 0x24 && (b === 0x40 || b === 0x42)) || (a === 0x28 && (b === 0x4a || b === 0x49))) return at;
    at = bytes.indexOf(0x1b, at + 1);
  }
  return -1;
}

/**
 * The diagnostics of a decode that is a guess (no BOM, no forced or declared charset, not valid UTF-8): an
 * `encoding-guess` naming the encoding and the byte that ruled UTF-8 out (a warning for Windows-1252, which accepts
 * any byte; info for a Japanese encoding, which a strict decoder accepted), and a `mixed-encoding` warning where a
 * stretch of the file reads as UTF-8 instead. Shared by the text, Markdown and HTML importers.
 */
export function guessDiagnostics(bytes: Uint8Array, encoding: string): Diagnostic[] {
  const escapeAt = encoding === 'iso-2022-jp' ? firstIso2022JpEscape(bytes) : -1;
  const nulAt = encoding.startsWith('utf-16') ? bytes.indexOf(0) : -1;
  const evidence =
    escapeAt >= 0
      ? `its escape sequences (the first at ${describeByte(bytes, escapeAt)})`
      : nulAt >= 0
        ? `where its NUL bytes fall (the first at ${describeByte(bytes, nulAt)}), with no byte order mark`
        : (() => {
            const offset = firstInvalidUtf8Offset(bytes);
            return offset < 0 ? 'its bytes' : `the first byte that is not UTF-8, at ${describeByte(bytes, offset)}`;
          })();
  const diagnostics: Diagnostic[] = [
    {
      code: 'encoding-guess',
      severity: encoding === 'windows-1252' ? 'warning' : 'info',
      message: `no byte order mark or declared charset: decoded as ${encoding}, a guess from ${evidence}; pass --encoding if the text reads wrong`,
    },
  ];
  const run = utf8RunOffset(bytes);
  if (run >= 0) {
    diagnostics.push({
      code: 'mixed-encoding',
      severity: 'warning',
      message: `the bytes from ${describeByte(bytes, run)} read as UTF-8, not ${encoding}: the file seems to mix encodings, and the text there may be garbled`,
    });
  }
  return diagnostics;
}

/** The encoding a byte order mark announces, and the BOM's length. */
export function sniffBom(bytes: Uint8Array): { encoding: string; length: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/** Whether 7-bit bytes hold ISO-2022-JP escape sequences (ESC $ @, ESC $ B, ESC ( J, ESC ( I). */
function hasIso2022JpEscapes(bytes: Uint8Array): boolean {
  let at = bytes.indexOf(0x1b);
  const limit = Math.min(bytes.length, CHARDET_SAMPLE);
  while (at >= 0 && at < limit) {
    const a = bytes[at + 1];
    const b = bytes[at + 2];
    if ((a === 0x24 && (b === 0x40 || b === 0x42)) || (a === 0x28 && (b === 0x4a || b === 0x49))) return true;
    at = bytes.indexOf(0x1b, at + 1);
  }
  return false;
}

/**
 * UTF-16 without a byte order mark, told by where its NUL bytes fall: the NULs of the first 8 KiB mostly on odd offsets
 * (little-endian) or on even ones (big-endian), as the high bytes of ASCII characters and line ends, and the start
 * decodes strictly to text with no control characters but tab and line ends. Null for anything else.
 */
export function utf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const head = bytes.subarray(0, Math.min(bytes.length, 8192) & ~1);
  let even = 0;
  let odd = 0;
  for (let i = 0; i < head.length; i++) if (head[i] === 0) i % 2 === 0 ? even++ : odd++;
  // CJK characters such as U+4E00 put a NUL on the other side too, so one side must only dominate.
  const encoding = odd >= 4 && odd >= 2 * even ? 'utf-16le' : even >= 4 && even >= 2 * odd ? 'utf-16be' : null;
  if (encoding === null) return null;
  try {
    const text = new TextDecoder(encoding, { fatal: true }).decode(head, { stream: true });
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d) return null;
    }
    return encoding;
  } catch {
    return null;
  }
}

/**
 * chardet, required on first use: only input that is not valid UTF-8 (nor marked) asks it, and loading its tables
 * cost every run of the command line some 10 ms of start-up (`palimpsest --version` loads this module). A CommonJS
 * require, because decoding is synchronous.
 */
function chardetModule(): typeof import('chardet') {
  chardetLoaded ??= createRequire(import.meta.url)('chardet') as typeof import('chardet');
  return chardetLoaded;
}

/** chardet once `chardetModule` has required it. */
let chardetLoaded: typeof import('chardet') | undefined;

/** The candidate encodings chardet suggests for `bytes` with their confidence (0–100), best first, limited to ours. */
function chardetCandidates(bytes: Uint8Array): Array<{ encoding: string; confidence: number }> {
  const candidates: Array<{ encoding: string; confidence: number }> = [];
  let matches: Array<{ name: string; confidence: number }> = [];
  try {
    matches = chardetModule().analyse(bytes.subarray(0, CHARDET_SAMPLE));
  } catch {
    matches = [];
  }
  for (const match of matches) {
    const encoding = CHARDET_NAMES[match.name];
    if (encoding && !candidates.some((candidate) => candidate.encoding === encoding))
      candidates.push({ encoding, confidence: match.confidence });
  }
  return candidates;
}

/** C1 control characters: ICU's EUC-JP passes bytes 0x80–0x9F through as these, which no real text holds. */
const C1_CONTROL = /[\u0080-\u009f]/;

/**
 * Decode bytes to text: a BOM wins, then a forced encoding, then a declared charset, then valid UTF-8, then
 * chardet's guesses (Japanese encodings only when a fatal decoder accepts every byte), then Windows-1252.
 * Undecodable bytes become U+FFFD with an `undecodable-bytes` diagnostic. Throws E_ENCODING for an unknown label.
 */
export function decodeText(bytes: Uint8Array, options: DecodeOptions): DecodedText {
  const bom = sniffBom(bytes);
  let forced: string | null = null;
  if (options.encoding !== undefined) {
    forced = encodingName(options.encoding);
    if (forced === null) {
      throw new PalimpsestError(
        'E_ENCODING',
        `cannot decode ${quoteFileName(options.name)}: unknown encoding '${options.encoding}' (use a label such as utf-8, shift_jis, euc-jp, iso-2022-jp, windows-1252)`,
        { file: options.name },
      );
    }
  }
  // A BOM is the strongest evidence there is (WHATWG "decode"); a forced encoding still overrides it.
  const choice =
    forced !== null
      ? { encoding: forced, source: 'forced' as const }
      : bom
        ? { encoding: bom.encoding, source: 'bom' as const }
        : null;
  const bomLength = bom && (choice === null || choice.encoding === bom.encoding) ? bom.length : 0;
  const body = bomLength > 0 ? bytes.subarray(bomLength) : bytes;
  const attempt = (encoding: string, source: DecodedText['source']): DecodedText | null => {
    const text = decodeStrict(body, encoding);
    return text === null ? null : { text: stripBom(text), encoding, source, diagnostics: [] };
  };
  if (choice) {
    const result = attempt(choice.encoding, choice.source);
    if (result) return result;
    return { ...decodeWithReplacement(bytes, body, bomLength, choice.encoding), source: choice.source };
  }
  const declared = charsetOf(options.contentType);
  if (declared) {
    const result = attempt(declared, 'declared');
    if (result) return result;
  }
  /** A guessed decode, with the diagnostics that say so. */
  const guessed = (result: DecodedText): DecodedText => ({
    ...result,
    diagnostics: [...guessDiagnostics(bytes, result.encoding), ...result.diagnostics],
  });
  // UTF-16 without a BOM is valid UTF-8 when it is mostly ASCII (NUL is a character there): check it first.
  const utf16 = utf16WithoutBom(body);
  if (utf16) {
    const result = attempt(utf16, 'detected');
    if (result) return guessed(result);
  }
  if (hasIso2022JpEscapes(body)) {
    const result = attempt('iso-2022-jp', 'detected');
    if (result) return guessed(result);
  }
  const utf8 = attempt('utf-8', 'detected');
  if (utf8) return utf8;
  // Mostly well-formed UTF-8 with a few bad bytes is damaged UTF-8, not another encoding.
  const stats = utf8Statistics(body, CHARDET_SAMPLE * 16);
  if (stats.valid >= 1 && stats.invalid * 4 <= stats.valid) return decodeWithReplacement(bytes, body, 0, 'utf-8');
  // chardet's order decides: Windows-1252 text often decodes "cleanly" as Shift_JIS (É is a half-width katakana
  // there), so a Japanese encoding is tried only where chardet ranks it, and must then decode every byte.
  const candidates = chardetCandidates(body);
  let damaged: string | null = null;
  for (const { encoding, confidence } of candidates) {
    if (encoding === 'utf-8' || encoding.startsWith('utf-16')) continue;
    if (encoding === 'windows-1252') break;
    const result = attempt(encoding, 'detected');
    if (result && !C1_CONTROL.test(result.text)) return guessed(result);
    // A confident Japanese guess that fails somewhere is damaged Japanese text, worth a diagnostic.
    if (!result && damaged === null && confidence >= 50) damaged = encoding;
  }
  if (damaged !== null && candidates[0]?.encoding === damaged)
    return guessed(decodeWithReplacement(bytes, body, 0, damaged));
  // Windows-1252 (the WHATWG reading of Latin-1) maps every byte: the last resort.
  return guessed(attempt('windows-1252', 'detected') ?? decodeWithReplacement(bytes, body, 0, 'windows-1252'));
}

/** Drops a leading U+FEFF the decoder kept (a BOM inside a forced decode, or a second BOM). */
function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Provenance of `bytes` read under `name`: size and SHA-256. */
export function provenanceOf(bytes: Uint8Array, name: string): Provenance {
  return { name, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };
}

/** One source-map span per block (a run of non-blank lines), pointing at the block's first line. */
export function lineSourceMap(text: string): SourceSpan[] {
  const spans: SourceSpan[] = [];
  let line = 1;
  let blockStart = -1;
  let blockLine = 1;
  let blockEnd = 0;
  let position = 0;
  const length = text.length;
  while (position <= length) {
    let end = position;
    while (end < length) {
      const code = text.charCodeAt(end);
      if (code === 10 || code === 13) break;
      end++;
    }
    const blank = text.slice(position, end).trim() === '';
    if (blank) {
      if (blockStart >= 0) spans.push({ start: blockStart, end: blockEnd, source: { line: blockLine } });
      blockStart = -1;
    } else {
      if (blockStart < 0) {
        blockStart = position;
        blockLine = line;
      }
      blockEnd = end;
    }
    if (end >= length) break;
    position = end + (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? 2 : 1);
    line++;
  }
  if (blockStart >= 0) spans.push({ start: blockStart, end: blockEnd, source: { line: blockLine } });
  return spans;
}

/** Imports plain text: the decoded text unchanged, no hints, a source map of block → line. */
export async function importText(
  bytes: Uint8Array,
  options: ImportOptions & { limits: ImportLimits },
): Promise<ImportedEdition> {
  const decodeOptions: DecodeOptions = { name: options.name };
  if (options.encoding !== undefined) decodeOptions.encoding = options.encoding;
  if (options.contentType !== undefined) decodeOptions.contentType = options.contentType;
  const decoded = decodeText(bytes, decodeOptions);
  return {
    format: 'text',
    encoding: decoded.encoding,
    text: decoded.text,
    hints: [],
    sourceMap: lineSourceMap(decoded.text),
    diagnostics: decoded.diagnostics,
    provenance: provenanceOf(bytes, options.name),
  };
}
