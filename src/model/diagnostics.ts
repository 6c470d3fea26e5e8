/**
 * The catalogue of diagnostics: every code a parser or importer attaches to a document, with the stage that emits
 * it, its severities and a description. Diagnostics are the first kind of failure of docs/design.md — problems in a
 * document, data and never exceptions — as the error catalogue (src/errors/errors.ts) holds the third. Documented
 * row by row in docs/diagnostics.md, which a test holds against this table.
 */
import type { Severity } from './tree.js';

/** Every stable diagnostic code; stored comparisons and scripts match on these, so never rename one. */
export type DiagnosticCode =
  | 'empty-document'
  | 'unbalanced-quote'
  | 'skipped-number'
  | 'duplicate-caption'
  | 'front-matter'
  | 'diagnostics-truncated'
  | 'structure-inferred'
  | 'undecodable-bytes'
  | 'encoding-guess'
  | 'mixed-encoding'
  | 'html-content-root'
  | 'pdf-page-unreadable'
  | 'pdf-pages-without-text'
  | 'pdf-furniture-removed'
  | 'docx-malformed-xml'
  | 'docx-checksum';

/**
 * The stage that emits a diagnostic: `parse` (parseText, for every format), `decode` (the bytes of a text, Markdown
 * or HTML file), or the importer of one format.
 */
export type DiagnosticStage = 'parse' | 'decode' | 'html' | 'pdf' | 'docx';

/** What the catalogue records for one code. */
export interface DiagnosticCatalogueEntry {
  stage: DiagnosticStage;
  /** The severities it is emitted with (most have one; a guessed encoding is info or warning by the guess). */
  severities: readonly Severity[];
  /** What it means, as in docs/diagnostics.md. */
  description: string;
}

/** The single catalogue of diagnostic codes. */
export const DIAGNOSTIC_CATALOGUE: Readonly<Record<DiagnosticCode, DiagnosticCatalogueEntry>> = {
  'empty-document': {
    stage: 'parse',
    severities: ['info'],
    description: 'The text holds nothing but white space (or only front matter); the document has no children.',
  },
  'unbalanced-quote': {
    stage: 'parse',
    severities: ['warning'],
    description:
      'A quote (“ ” „ 「 」 『 』 « ») has no partner within its block or heading. The position is the quote character itself. Unmatched parentheses are not reported: item labels such as `a)` make them common.',
  },
  'skipped-number': {
    stage: 'parse',
    severities: ['info'],
    description:
      "Sibling headings of one numbering scheme jump, e.g. `(1)` → `(3)`. Checked between siblings under the same parent only, so numbering that restarts or continues under a new chapter is not flagged. Repeated numbers with suffixes (`12`, `12a`, `第三章の二`) are fine. The position is the later heading's.",
  },
  'duplicate-caption': {
    stage: 'parse',
    severities: ['info'],
    description:
      "A caption repeated by web extraction (equal to the previous caption piece after folding white space) was collapsed; the kept caption has the first occurrence's position, the diagnostic points at the dropped copy.",
  },
  'front-matter': {
    stage: 'parse',
    severities: ['info'],
    description:
      'A YAML front-matter block (`---` … `---`) at the start of the text was skipped; the position covers it.',
  },
  'diagnostics-truncated': {
    stage: 'parse',
    severities: ['info'],
    description:
      'More than 200 diagnostics of one code; the rest are not listed (protects reports from pathological input).',
  },
  'structure-inferred': {
    stage: 'parse',
    severities: ['info'],
    description:
      "The text had no line breaks to read its structure from (one long line holding most of it, as a text-only page or a scraped string gives it): its headings and paragraphs were inferred from inline numbering, title shapes and former blank lines, or, in a comparison, found with the other edition's headings and blocks as a guide (`document.data.structure` says which). The position covers the flat line.",
  },
  'undecodable-bytes': {
    stage: 'decode',
    severities: ['warning'],
    description:
      "Bytes that do not decode in the chosen encoding were replaced by U+FFFD, never silently: the message names the first one's byte offset (in UTF-8 also the last and how many), the position is the first replacement character.",
  },
  'encoding-guess': {
    stage: 'decode',
    severities: ['info', 'warning'],
    description:
      'No byte order mark or declared charset: the encoding was guessed, and the message names the byte that ruled UTF-8 out. A warning when the guess is the fallback `windows-1252`, else info; `--encoding` forces an encoding.',
  },
  'mixed-encoding': {
    stage: 'decode',
    severities: ['warning'],
    description:
      'Part of a file decoded in a guessed legacy encoding reads as UTF-8: the file seems to mix encodings, and the text there may be garbled. The message names where.',
  },
  'html-content-root': {
    stage: 'html',
    severities: ['info'],
    description:
      'The page marks no main content (`main`, `article`, `#contents` and the like): Readability chose it or, when it found none, the whole page body was read.',
  },
  'pdf-page-unreadable': {
    stage: 'pdf',
    severities: ['warning'],
    description: 'Pages pdf.js could not read (damaged content streams) were skipped; the message lists them.',
  },
  'pdf-pages-without-text': {
    stage: 'pdf',
    severities: ['info'],
    description:
      'Pages with no text (blank or scanned) are listed; a PDF with no text on any page is the error `E_PDF_NO_TEXT` instead.',
  },
  'pdf-furniture-removed': {
    stage: 'pdf',
    severities: ['info'],
    description:
      'Running headers, footers and page-number lines repeated across pages were removed from the text; the message counts them.',
  },
  'docx-malformed-xml': {
    stage: 'docx',
    severities: ['warning'],
    description:
      'The document part of a DOCX file is malformed or truncated XML: the text up to the damage was read, the rest is missing.',
  },
  'docx-checksum': {
    stage: 'docx',
    severities: ['warning'],
    description: 'A part of a DOCX file fails its CRC-32 check; it was read anyway, and its text may be damaged.',
  },
};

/** Every diagnostic code, in catalogue order. */
export const DIAGNOSTIC_CODES: readonly DiagnosticCode[] = Object.keys(DIAGNOSTIC_CATALOGUE) as DiagnosticCode[];
