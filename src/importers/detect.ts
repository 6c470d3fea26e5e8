/**
 * Format detection from content, not from the file name: magic numbers first (as file(1) and the WHATWG MIME
 * Sniffing Standard do), then markup for HTML, then Markdown's own syntax; the file name is used only in messages.
 */
import { PalimpsestError, quoteFileName } from '../errors/errors.js';
import { loadFflate } from './fflate.js';
import { utf16WithoutBom } from './text.js';
import type { Format } from './types.js';

/** How many bytes of the start are sniffed for markup, NUL bytes and Markdown syntax. */
const SNIFF_BYTES = 8 * 1024;

/**
 * Signatures of formats we do not import, to name them in the message; formats whose first bytes could start a
 * text (MZ, RIFF) are left to the NUL-byte check, which their headers always trip.
 */
const BINARY_SIGNATURES: ReadonlyArray<{ bytes: readonly number[]; name: string }> = [
  { bytes: [0x89, 0x50, 0x4e, 0x47], name: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], name: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], name: 'a GIF image' },
  { bytes: [0x1f, 0x8b], name: 'gzip-compressed data' },
  { bytes: [0x42, 0x5a, 0x68], name: 'bzip2-compressed data' },
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], name: 'xz-compressed data' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], name: 'a 7-Zip archive' },
  { bytes: [0x50, 0x4b, 0x05, 0x06], name: 'an empty ZIP archive' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], name: 'a legacy Microsoft Office document (.doc, .xls); save it as .docx' },
  { bytes: [0x7b, 0x5c, 0x72, 0x74, 0x66], name: 'an RTF document; save it as .docx' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], name: 'an executable (ELF)' },
  { bytes: [0x25, 0x21, 0x50, 0x53], name: 'a PostScript document' },
];

const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04]; // PK\3\4
const DOCX_MAIN_PART = 'word/document.xml';

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  if (bytes.length < at + prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[at + i] !== prefix[i]) return false;
  return true;
}

/** Offset of `needle` in `bytes` (a plain byte search), or -1. */
function indexOfBytes(bytes: Uint8Array, needle: readonly number[], from = 0, limit = bytes.length): number {
  const first = needle[0] as number;
  let at = bytes.indexOf(first, from);
  while (at >= 0 && at + needle.length <= limit) {
    if (startsWith(bytes, needle, at)) return at;
    at = bytes.indexOf(first, at + 1);
  }
  return -1;
}

/** fflate's unzipSync, loaded on first use (fflate.ts). */
function unzipSync(
  ...args: Parameters<typeof import('fflate').unzipSync>
): ReturnType<typeof import('fflate').unzipSync> {
  return loadFflate().unzipSync(...args);
}

/**
 * What a ZIP archive is, from its entry names read without inflating any entry: `word` when it has Word parts
 * (word/document.xml, or any word/ part: the main part may be renamed, or missing from a damaged document),
 * `other` for a readable archive without them (.xlsx, .odt, .epub, a plain archive), `damaged` when it cannot be read.
 */
function zipKind(bytes: Uint8Array): 'word' | 'other' | 'damaged' {
  let word = false;
  try {
    unzipSync(bytes, {
      filter: (file) => {
        if (file.name === DOCX_MAIN_PART || file.name.startsWith('word/')) word = true;
        return false;
      },
    });
  } catch {
    return 'damaged';
  }
  return word ? 'word' : 'other';
}

const EOF_MARKER = [0x25, 0x25, 0x45, 0x4f, 0x46]; // %%EOF

/**
 * Whether `bytes` are a PDF by their header: `%PDF-` at the start after an optional UTF-8 BOM and whitespace, or
 * later in the first KiB (behind a junk line, which PDF readers tolerate) only when `%%EOF` closes the last KiB too.
 * A text that merely mentions %PDF- near its start is not a PDF.
 */
function isPdf(bytes: Uint8Array): boolean {
  let at = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  while (at < bytes.length && at < 1024 && [0x09, 0x0a, 0x0c, 0x0d, 0x20].includes(bytes[at] as number)) at++;
  if (startsWith(bytes, PDF_MAGIC, at)) return true;
  if (indexOfBytes(bytes, PDF_MAGIC, 0, 1024) < 0) return false;
  return indexOfBytes(bytes, EOF_MARKER, Math.max(0, bytes.length - 1024)) >= 0;
}

/** The sniffed start of the input as text: UTF-16 when a BOM says so, else bytes read as Latin-1 (markup is ASCII). */
function sniffText(bytes: Uint8Array): string {
  const head = bytes.subarray(0, SNIFF_BYTES);
  const utf16 = utf16Of(head);
  if (utf16) return new TextDecoder(utf16).decode(head);
  return new TextDecoder('latin1').decode(head).replace(/^\u00ef\u00bb\u00bf/, '');
}

/** UTF-16 by its byte order mark, or without one by where its NUL bytes fall (so NUL bytes are expected). */
function utf16Of(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return utf16WithoutBom(bytes);
}

const HTML_START = /^<(?:!doctype\s+html|html|head|body|meta|title|base|link|style|script)[\s>/]/i;
const HTML_BLOCK_TAG =
  /<(?:p|div|br|table|tr|td|ul|ol|li|h[1-6]|section|article|main|nav|header|footer|span|a)[\s>/]/gi;
const LEADING_NOISE = /^(?:\s+|<!--[\s\S]*?-->|<\?xml[^>]*\?>)*/;

/** Whether the sniffed text is HTML: a document start, or markup dense enough that it cannot be prose. */
export function looksLikeHtml(head: string): boolean {
  const rest = head.slice(LEADING_NOISE.exec(head)?.[0].length ?? 0);
  if (HTML_START.test(rest)) return true;
  if (!rest.startsWith('<')) return false;
  const tags = rest.match(HTML_BLOCK_TAG)?.length ?? 0;
  return tags >= 2;
}

const ATX_LINE = /^#{1,6}[ \t]+\S/gm;
const FENCE_LINE = /^(?:```|~~~)/gm;
const LIST_LINE = /^[ \t]{0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+\S/gm;
const LINK = /\[[^\]\n]+\]\([^)\s]+\)/g;
const TABLE_DELIMITER = /^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)+\|?[ \t]*$/m;
const EMPHASIS = /(?:\*\*|__)[^\s*_][^*_\n]*(?:\*\*|__)/g;
const FRONT_MATTER = /^---[ \t]*\r?\n[\s\S]*?\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

/** Whether the sniffed text reads as Markdown: headings, fences, tables or links; lists count only alongside them. */
export function looksLikeMarkdown(head: string): boolean {
  const atx = head.match(ATX_LINE)?.length ?? 0;
  const fences = head.match(FENCE_LINE)?.length ?? 0;
  const lists = head.match(LIST_LINE)?.length ?? 0;
  const links = head.match(LINK)?.length ?? 0;
  const emphasis = head.match(EMPHASIS)?.length ?? 0;
  const table = TABLE_DELIMITER.test(head);
  const frontMatter = FRONT_MATTER.test(head);
  if (atx >= 2 || fences >= 2 || table) return true;
  const others = (lists > 0 ? 1 : 0) + (links > 0 ? 1 : 0) + (emphasis > 0 ? 1 : 0) + (frontMatter ? 1 : 0);
  if (atx === 1) return others >= 1;
  return links >= 2 || (frontMatter && others >= 2);
}

/**
 * The format of `bytes`, read from their content: `%PDF-` at the start → pdf; a ZIP with Word parts, or one too
 * damaged to list → docx (whose importer says E_CORRUPT); HTML by its markup; Markdown by its syntax; otherwise text.
 * Binary content (NUL bytes in the first 8 KiB, images, other archives and documents) throws E_UNSUPPORTED_FORMAT
 * naming the file.
 */
export function detectFormat(bytes: Uint8Array, name?: string): Format {
  const quoted = quoteFileName(name ?? 'input');
  const unsupported = (problem: string): never => {
    throw new PalimpsestError(
      'E_UNSUPPORTED_FORMAT',
      `cannot import ${quoted}: ${problem}`,
      name ? { file: name } : {},
    );
  };
  if (isPdf(bytes)) return 'pdf';
  if (startsWith(bytes, ZIP_MAGIC)) {
    // A damaged archive or a Word package missing its main part goes to the DOCX importer, whose E_CORRUPT says the
    // file is damaged; a readable archive with no Word part at all is another format, which we do not import.
    if (zipKind(bytes) !== 'other') return 'docx';
    return unsupported('a ZIP archive with no Word parts (word/document.xml): only .docx is imported from ZIP files');
  }
  for (const signature of BINARY_SIGNATURES) {
    if (startsWith(bytes, signature.bytes))
      return unsupported(`not a supported format: it looks like ${signature.name}`);
  }
  if (!utf16Of(bytes)) {
    const nul = bytes.subarray(0, SNIFF_BYTES).indexOf(0);
    if (nul >= 0) return unsupported(`not text: it contains a NUL byte at byte offset ${nul}`);
  }
  const head = sniffText(bytes);
  if (looksLikeHtml(head)) return 'html';
  // The name is not consulted even for Markdown: corpora of plain statutes ship as `.md` files whose indented lines
  // CommonMark would read as code blocks.
  if (looksLikeMarkdown(head)) return 'markdown';
  return 'text';
}
