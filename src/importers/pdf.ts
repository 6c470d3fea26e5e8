/**
 * The PDF importer: pdf.js (the legacy build, which runs in Node without a worker thread: pdf.js then sets up its
 * "fake worker" in this thread) reads each page's positioned text runs; src/importers/pdf-layout.ts turns them into
 * blocks in reading order. Bounded: size, page count and a time budget checked while loading and between pages;
 * encrypted, corrupt and text-less (scanned) files give coded errors naming the file.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { isPalimpsestError, PalimpsestError, quoteFileName } from '../errors/errors.js';
import type { Diagnostic } from '../model/tree.js';
import { layoutPdf, type PdfPageRuns, type PdfRun } from './pdf-layout.js';
import { assertWithinSize } from './read-file.js';
import { TimeBudget } from './time-budget.js';
import type { ImportedEdition, ImportLimits, ImportOptions } from './types.js';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

let pdfjs: Promise<PdfJs> | undefined;

/** pdf.js, loaded on first use (its module costs about a second to load, which other formats should not pay). */
function loadPdfJs(): Promise<PdfJs> {
  if (!pdfjs) {
    process.on('unhandledRejection', ignorePdfJsRejection);
    pdfjs = import('pdfjs-dist/legacy/build/pdf.mjs');
  }
  return pdfjs;
}

/** Whether a rejection comes from pdf.js: its exception classes, or a stack through its build. */
function isPdfJsError(reason: unknown): boolean {
  if (!(reason instanceof Error)) return false;
  return /pdfjs-dist/.test(reason.stack ?? '') || /^(?:FormatError|UnknownErrorException)$/.test(reason.name);
}

/**
 * pdf.js leaves some of its own promises without a handler when a damaged page fails (found by bench/fuzz.bench.ts:
 * "FormatError: Illegal character" while reading a page's text), which would end the process — the CLI with a stack
 * trace, the server for every client. The page's own call still rejects and is handled (the page is skipped), so
 * these strays are dropped; any other unhandled rejection is rethrown, which ends the process as Node would.
 */
function ignorePdfJsRejection(reason: unknown): void {
  if (isPdfJsError(reason)) return;
  throw reason;
}

/** Folders of pdf.js's packed CMaps (for CJK fonts without embedded encodings) and standard font data. */
function pdfJsDataFolders(): { cMapUrl: string; standardFontDataUrl: string } | undefined {
  try {
    const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
    return { cMapUrl: join(root, 'cmaps') + sep, standardFontDataUrl: join(root, 'standard_fonts') + sep };
  } catch {
    return undefined;
  }
}

/** Font names that say bold (PostScript weight names, Japanese W6–W9). */
const BOLD_NAME = /bold|black|heavy|semibold|demibold|[-_,]W[6-9]\b|\bW[6-9]$/i;

/** Import a PDF: text runs of every page laid out as blocks; see the module comment for limits and errors. */
export async function importPdf(
  bytes: Uint8Array,
  options: ImportOptions & { limits: ImportLimits },
): Promise<ImportedEdition> {
  const { name, limits } = options;
  const file = quoteFileName(name);
  assertWithinSize(bytes, name, limits.maxBytes);
  if (bytes.length === 0) throw new PalimpsestError('E_EMPTY', `${file} is empty`, { file: name });
  if (!hasPdfHeader(bytes)) {
    throw new PalimpsestError('E_CORRUPT', `${file} is not a PDF: no %PDF- header in its first 1024 bytes`, {
      file: name,
    });
  }
  const budget = new TimeBudget(name, limits.timeoutMs, 'reading the PDF');
  const lib = await loadPdfJs();
  const folders = pdfJsDataFolders();
  const task = lib.getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    fontExtraProperties: true,
    stopAtErrors: false,
    verbosity: lib.VerbosityLevel.ERRORS,
    maxImageSize: 16 * 1024 * 1024,
    ...(folders ?? {}),
  });
  try {
    const document = await budget.race(task.promise);
    if (document.numPages > limits.maxPages) {
      throw new PalimpsestError(
        'E_LIMIT',
        `${file} has ${document.numPages} pages, over the ${limits.maxPages}-page limit`,
        { file: name },
      );
    }
    const diagnostics: Diagnostic[] = [];
    const pages: PdfPageRuns[] = [];
    const fontBold = new Map<string, boolean>();
    const unreadable: number[] = [];
    for (let number = 1; number <= document.numPages; number++) {
      budget.check();
      try {
        pages.push(await budget.race(readPage(document, number, fontBold)));
      } catch (error) {
        if (isPalimpsestError(error)) throw error;
        unreadable.push(number);
      }
    }
    if (unreadable.length > 0) {
      diagnostics.push({
        code: 'pdf-page-unreadable',
        severity: 'warning',
        message: `${unreadable.length} page(s) could not be read and were skipped: ${listPages(unreadable)}`,
      });
    }
    const withoutText = pages.filter((p) => !p.runs.some((r) => r.str.trim() !== '')).map((p) => p.page);
    if (withoutText.length === pages.length) {
      throw new PalimpsestError(
        'E_PDF_NO_TEXT',
        `${file} has no text layer on any of its ${document.numPages} page(s) (a scan?): run OCR on it first`,
        { file: name },
      );
    }
    if (withoutText.length > 0) {
      diagnostics.push({
        code: 'pdf-pages-without-text',
        severity: 'info',
        message: `${withoutText.length} page(s) have no text (blank or scanned): ${listPages(withoutText)}`,
      });
    }
    const layout = layoutPdf(pages);
    return {
      format: 'pdf',
      text: layout.text,
      hints: layout.hints,
      sourceMap: layout.sourceMap,
      diagnostics: [...diagnostics, ...layout.diagnostics],
      provenance: { name, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length },
    };
  } catch (error) {
    throw toPdfError(error, name);
  } finally {
    void task.destroy().catch(() => undefined);
  }
}

/** True when `%PDF-` occurs in the first 1024 bytes (readers accept leading garbage up to there). */
function hasPdfHeader(bytes: Uint8Array): boolean {
  const limit = Math.min(bytes.length - 5, 1024);
  for (let i = 0; i <= limit; i++) {
    if (bytes[i] === 0x25 && bytes[i + 1] === 0x50 && bytes[i + 2] === 0x44 && bytes[i + 3] === 0x46) {
      if (bytes[i + 4] === 0x2d) return true;
    }
  }
  return false;
}

/** Page numbers for a message: the first ten, then a count. */
function listPages(pages: readonly number[]): string {
  const head = pages.slice(0, 10).join(', ');
  return pages.length > 10 ? `${head} and ${pages.length - 10} more` : head;
}

type PdfDocument = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;

/** The text runs of one page, with bold fonts recognised from their names (resolved once per font). */
async function readPage(document: PdfDocument, number: number, fontBold: Map<string, boolean>): Promise<PdfPageRuns> {
  const page = await document.getPage(number);
  try {
    const content = await page.getTextContent();
    const runs: PdfRun[] = [];
    const fonts = new Set<string>();
    for (const item of content.items) {
      if (!('str' in item) || item.str === '') continue;
      const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = item.transform as number[];
      // Rotated or vertical runs are read as they come; their size is the length of the vertical axis.
      const size = Math.hypot(c, d) || Math.hypot(a, b);
      runs.push({ str: item.str, x: e, y: f, width: item.width, size, fontName: item.fontName });
      fonts.add(item.fontName);
    }
    if ([...fonts].some((font) => !fontBold.has(font))) {
      // Real font names reach this thread only with the operator list; ask once per page with new fonts.
      try {
        await page.getOperatorList();
      } catch {
        // Weight is a hint; a page whose drawing fails still has its text.
      }
      for (const font of fonts) {
        if (fontBold.has(font)) continue;
        let bold = false;
        try {
          if (page.commonObjs.has(font)) {
            const data = page.commonObjs.get(font) as { name?: string; bold?: boolean } | null;
            bold = data?.bold === true || BOLD_NAME.test(data?.name ?? '');
          }
        } catch {
          bold = false;
        }
        fontBold.set(font, bold);
      }
    }
    for (const run of runs) run.bold = fontBold.get(run.fontName) === true;
    const [x0 = 0, y0 = 0, x1 = 0, y1 = 0] = page.view;
    return { page: number, view: [x0, y0, x1, y1], runs };
  } finally {
    page.cleanup();
  }
}

/** Map what pdf.js throws to a coded error: a password → E_PDF_ENCRYPTED, anything else → E_CORRUPT. */
function toPdfError(error: unknown, name: string): PalimpsestError {
  if (isPalimpsestError(error)) return error;
  const file = quoteFileName(name);
  const errorName =
    error instanceof Error || (typeof error === 'object' && error !== null) ? (error as Error).name : '';
  const message = oneLine(error instanceof Error ? error.message : String(error));
  if (errorName === 'PasswordException' || /password/i.test(message)) {
    return new PalimpsestError('E_PDF_ENCRYPTED', `${file} is encrypted: it needs a password to open`, {
      file: name,
      cause: error,
    });
  }
  return new PalimpsestError('E_CORRUPT', `${file} is not a readable PDF: ${message}`, { file: name, cause: error });
}

/** A message folded to one line of at most 200 characters. */
function oneLine(message: string): string {
  const folded = message.replace(/\s+/g, ' ').trim() || 'unknown error';
  return folded.length > 200 ? `${folded.slice(0, 197)}...` : folded;
}
