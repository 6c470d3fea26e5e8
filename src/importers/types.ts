/**
 * The importer contract: bytes of some format → extracted text the plain-text parser reads, plus what the markup
 * knew and a map back to the original file.
 *
 * Every format goes through the same parser (src/parse/text.ts), which is what makes the same edition imported from
 * text, HTML, PDF or DOCX align as unchanged: an importer writes each block of the original as one block of text,
 * blocks separated by one blank line, a heading on its own block ("(1) Security Environment Surrounding Japan"), and
 * adds a hint where markup says more than text can (an `h3` without a number, a `figcaption`, an `aside`). Offsets in
 * the document tree are offsets into `text`; `sourceMap` takes them back to a PDF page, an HTML element or a DOCX
 * paragraph.
 */
import type { SourceSpan } from '../model/source.js';
import type { Diagnostic } from '../model/tree.js';

export type { SourceLocation, SourceSpan } from '../model/source.js';

/** The formats Palimpsest imports. */
export type Format = 'text' | 'markdown' | 'html' | 'pdf' | 'docx';

/** Every format, in the order `--from` lists them. */
export const FORMATS: readonly Format[] = ['text', 'markdown', 'html', 'pdf', 'docx'];

/** What the markup says about one block of the extracted text, overriding the parser's guess from the text alone. */
export interface BlockHint {
  /** Offset in `text` where the block starts (the first character after the preceding blank line). */
  start: number;
  /** Offset just past the block's last character. */
  end: number;
  kind: 'heading' | 'paragraph' | 'caption' | 'listItem' | 'box' | 'tableRow';
  /** For headings: the markup's level (h1 = 1), used only when the text has no numbering label. */
  level?: number;
}

/** Provenance of an imported edition: what was read and how. */
export interface Provenance {
  /** The file name or URL as the user gave it. */
  name: string;
  /** For URLs: the URL after redirects. */
  finalUrl?: string;
  /** For URLs: the Content-Type the server sent. */
  contentType?: string;
  /** Hex SHA-256 of the original bytes. */
  sha256: string;
  /** Size of the original bytes. */
  size: number;
}

/** The result of importing one edition. */
export interface ImportedEdition {
  format: Format;
  /** The character encoding the bytes were decoded from (text, Markdown, HTML), e.g. `utf-8`, `shift_jis`. */
  encoding?: string;
  /** The extracted text, as the parser will read it. */
  text: string;
  hints: BlockHint[];
  sourceMap: SourceSpan[];
  /** Problems found while importing (an undecodable byte, an unreadable page): data, not errors. */
  diagnostics: Diagnostic[];
  provenance: Provenance;
}

/** Limits that keep one import bounded in size and time; every importer honours those that concern it. */
export interface ImportLimits {
  /** Largest input in bytes (default 64 MiB). */
  maxBytes: number;
  /** Most PDF pages (default 2000). */
  maxPages: number;
  /** Largest decompressed size of any one DOCX part, and of all parts together, in bytes (default 256 MiB). */
  maxDecompressedBytes: number;
  /** Time budget for one import, in milliseconds (default 120 000). */
  timeoutMs: number;
  /** For URLs: most redirects followed (default 5). */
  maxRedirects: number;
  /**
   * Most characters of extracted text (default 4 Mi): what the engine can parse, align, blame and cache within its
   * memory budget (issue 9 item 3). Checked after import, before parsing, so nothing larger is ever stored.
   */
  maxCharacters: number;
  /** Most non-blank lines of extracted text (default 50 000): each may become a block, whose cost is per block. */
  maxLines: number;
  /**
   * Most blocks and headings of a parsed edition (default 16 000), plus one per `CHARACTERS_PER_EXTRA_BLOCK`
   * characters of its text: `add` costs some 5.6 KB of memory per block whatever its length, so an edition of many
   * tiny blocks (30,000 two-letter lines) cannot stay within 20× its size + 200 MB, while the largest real laws
   * (the Code civil, 10,000 blocks and headings in 1.3 MB) are far from it. Checked after parsing, before storing.
   */
  maxBlocks: number;
}

/** Characters of text that pay for one more block beyond `maxBlocks` (20× 256 bytes ≈ the memory of a block). */
export const CHARACTERS_PER_EXTRA_BLOCK = 256;

/** Default limits: generous for real editions, firm against hostile input. */
export const DEFAULT_LIMITS: ImportLimits = {
  maxBytes: 64 * 1024 * 1024,
  maxPages: 2000,
  maxDecompressedBytes: 256 * 1024 * 1024,
  timeoutMs: 120_000,
  maxRedirects: 5,
  maxCharacters: 4 * 1024 * 1024,
  maxLines: 50_000,
  maxBlocks: 16_000,
};

/** Options of an import. */
export interface ImportOptions {
  /** The name used in messages and provenance (a file name or URL). */
  name: string;
  /** Force a format instead of detecting it from the content. */
  from?: Format;
  /** Force a character encoding (a WHATWG encoding label such as `shift_jis`), for text, Markdown and HTML. */
  encoding?: string;
  /** For URLs and uploads: the declared Content-Type, whose charset is respected when no BOM says otherwise. */
  contentType?: string;
  limits?: Partial<ImportLimits>;
}

/** An importer for one format: bytes in, extracted text out. Throws PalimpsestError for environment failures. */
export type Importer = (
  bytes: Uint8Array,
  options: ImportOptions & { limits: ImportLimits },
) => Promise<ImportedEdition>;
