/**
 * The one entry point of importing: bytes (or a file name, or an http(s) URL) → detected format → that format's
 * importer → an ImportedEdition, bounded in size and time; and `parseImported`, which reads an imported edition with
 * the same text parser as plain text, so that every format yields the same kind of tree (the format-independence
 * idea of issue 3). Format importers are loaded lazily: comparing two text files never loads pdf.js.
 */
import { PalimpsestError, quoteFileName } from '../errors/errors.js';
import type { DocumentNode } from '../model/tree.js';
import { parseText } from '../parse/text.js';
import { detectFormat } from './detect.js';
import { assertWithinSize, readFileBytes } from './read-file.js';
import { estimateHtmlCharacters, estimateSourceCharacters, SOURCE_FACTOR } from './source-estimate.js';
import { provenanceOf } from './text.js';
import { TimeBudget } from './time-budget.js';
import {
  DEFAULT_LIMITS,
  FORMATS,
  type Format,
  type ImportedEdition,
  type Importer,
  type ImportLimits,
  type ImportOptions,
} from './types.js';

export { detectFormat } from './detect.js';
export { decodeText } from './text.js';
export * from './types.js';

/** Loads the importer of `format` (dynamic imports keep pdf.js and the DOM out of text-only runs). */
async function loadImporter(format: Format): Promise<Importer> {
  switch (format) {
    case 'text':
      return (await import('./text.js')).importText;
    case 'markdown':
      return (await import('./markdown.js')).importMarkdown;
    case 'html':
      return (await import('./html.js')).importHtml;
    case 'pdf':
      return (await import('./pdf.js')).importPdf;
    case 'docx':
      return (await import('./docx.js')).importDocx;
  }
}

/** Whether `value` names a format Palimpsest imports. */
export function isFormat(value: unknown): value is Format {
  return typeof value === 'string' && (FORMATS as readonly string[]).includes(value);
}

/** Environment variables that raise (or lower) the capacity limits, for every import, add, read and server. */
export const LIMIT_VARIABLES = {
  maxCharacters: 'PALIMPSEST_MAX_CHARACTERS',
  maxLines: 'PALIMPSEST_MAX_LINES',
  maxBlocks: 'PALIMPSEST_MAX_BLOCKS',
} as const;

/** How a message says to raise one of the capacity limits (split the edition, or set the variable). */
export function raiseAdvice(key: keyof typeof LIMIT_VARIABLES): string {
  return `split the edition, or raise the limit with the environment variable ${LIMIT_VARIABLES[key]}`;
}

/**
 * The capacity limits set in the environment (`PALIMPSEST_MAX_CHARACTERS`, `PALIMPSEST_MAX_LINES`,
 * `PALIMPSEST_MAX_BLOCKS`): one setting that
 * the CLI's add and compare, the server's uploads and every later read of a stored edition share, so an edition
 * added under raised limits is read under the same ones. E_USAGE when a value is not a whole number ≥ 1.
 */
export function environmentLimits(): Partial<ImportLimits> {
  const limits: Partial<ImportLimits> = {};
  for (const key of Object.keys(LIMIT_VARIABLES) as Array<keyof typeof LIMIT_VARIABLES>) {
    const raw = process.env[LIMIT_VARIABLES[key]];
    if (raw === undefined || raw.trim() === '') continue;
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new PalimpsestError('E_USAGE', `${LIMIT_VARIABLES[key]} must be a whole number ≥ 1, got '${raw}'`);
    }
    limits[key] = value;
  }
  return limits;
}

/** The limits of an import: the defaults, then the environment's (`environmentLimits`), then the options' own. */
export function resolveLimits(limits: Partial<ImportLimits> | undefined): ImportLimits {
  const resolved = { ...DEFAULT_LIMITS, ...environmentLimits() };
  for (const key of Object.keys(DEFAULT_LIMITS) as Array<keyof ImportLimits>) {
    const value = limits?.[key];
    if (typeof value === 'number' && value >= 0 && !Number.isNaN(value)) resolved[key] = value;
  }
  return resolved;
}

/** Any failure of an importer as a PalimpsestError: a library choking on hostile bytes means damaged input. */
function asImportError(error: unknown, format: Format, name: string): PalimpsestError {
  if (error instanceof PalimpsestError) return error;
  if (error instanceof Error && error.name === 'PalimpsestError' && 'code' in error) return error as PalimpsestError;
  const detail = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').slice(0, 200);
  return new PalimpsestError(
    'E_CORRUPT',
    `cannot import ${quoteFileName(name)}: the ${format} content is damaged or unreadable (${detail})`,
    { file: name, cause: error },
  );
}

/**
 * Imports one edition from its bytes: checks the size limit, detects the format from the content (unless
 * `options.from` says it), runs that format's importer within the time budget, and records provenance. Every
 * failure is a PalimpsestError with a one-line message naming the file; nothing is written anywhere.
 */
export async function importEdition(bytes: Uint8Array, options: ImportOptions): Promise<ImportedEdition> {
  const limits = resolveLimits(options.limits);
  const name = options.name;
  const quoted = quoteFileName(name);
  assertWithinSize(bytes, name, limits.maxBytes);
  if (bytes.length === 0)
    throw new PalimpsestError('E_EMPTY', `cannot read ${quoted}: the file is empty`, { file: name });
  if (options.from !== undefined && !isFormat(options.from)) {
    throw new PalimpsestError(
      'E_UNSUPPORTED_FORMAT',
      `cannot import ${quoted}: unknown format '${String(options.from)}' (use one of ${FORMATS.join(', ')})`,
      { file: name },
    );
  }
  const format = options.from ?? detectFormat(bytes, name);
  assertSourceWithinCapacity(bytes, format, name, limits);
  let edition: ImportedEdition;
  try {
    const importer = await loadImporter(format);
    edition = await new TimeBudget(name, limits.timeoutMs, 'the import').race(importer(bytes, { ...options, limits }));
  } catch (error) {
    throw asImportError(error, format, name);
  }
  if (edition.text.trim() === '') {
    const what =
      format === 'text' || format === 'markdown' ? 'the file holds only whitespace' : `the ${format} has no text`;
    throw new PalimpsestError('E_EMPTY', `cannot read ${quoted}: ${what}`, { file: name });
  }
  assertWithinCapacity(edition.text, name, limits);
  const provenance = { ...edition.provenance, ...provenanceOf(bytes, name) };
  return { ...edition, format, provenance };
}

/** Number of lines of `text` holding something other than white space (what may become blocks). */
export function countContentLines(text: string): number {
  if (text.indexOf('\r') >= 0) return countContentLinesAnyBreak(text);
  // Lines found with indexOf, each read only up to its first character of content: the same count as below
  // without visiting every character of a megabyte edition.
  let lines = 0;
  let position = 0;
  while (position < text.length) {
    let end = text.indexOf('\n', position);
    if (end < 0) end = text.length;
    for (let i = position; i < end; i++) {
      const code = text.charCodeAt(i);
      if (code !== 32 && code !== 9 && code !== 12 && code !== 11 && code !== 0xa0 && code !== 0x3000) {
        lines++;
        break;
      }
    }
    position = end + 1;
  }
  return lines;
}

/** countContentLines for a text with carriage returns: each of "\n", "\r" ends a line. */
function countContentLinesAnyBreak(text: string): number {
  let lines = 0;
  let content = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 10 || code === 13) {
      if (content) lines++;
      content = false;
    } else if (!content && code !== 32 && code !== 9 && code !== 12 && code !== 11 && code !== 0xa0 && code !== 0x3000)
      content = true;
  }
  return content ? lines + 1 : lines;
}

/**
 * Refuses (E_LIMIT), before anything parses or stores it, extracted text larger than the engine can process within
 * its memory budget: more than `maxCharacters` characters or `maxLines` non-blank lines. The byte limit alone cannot
 * say this: a DOCX or PDF expands, and 0.6 MB of short lines is 200,000 blocks.
 */
export function assertWithinCapacity(text: string, name: string, limits: ImportLimits): void {
  const quoted = quoteFileName(name);
  if (text.length > limits.maxCharacters) {
    throw new PalimpsestError(
      'E_LIMIT',
      `cannot import ${quoted}: its text has ${text.length} characters, more than the ${limits.maxCharacters} one edition may have (${raiseAdvice('maxCharacters')})`,
      { file: name },
    );
  }
  if (text.length <= limits.maxLines) return;
  const lines = countContentLines(text);
  if (lines > limits.maxLines) {
    throw new PalimpsestError(
      'E_LIMIT',
      `cannot import ${quoted}: its text has ${lines} non-blank lines, more than the ${limits.maxLines} one edition may have (${raiseAdvice('maxLines')})`,
      { file: name },
    );
  }
}

/**
 * Refuses (E_LIMIT) a text, Markdown or HTML source whose raw bytes already show that its text is far over
 * `maxCharacters` (more than `SOURCE_FACTOR` times, by the estimates of source-estimate.ts), before its importer parses
 * it: bounded work before a refusal. What passes is checked exactly after the import (`assertWithinCapacity`).
 */
export function assertSourceWithinCapacity(
  bytes: Uint8Array,
  format: Format,
  name: string,
  limits: ImportLimits,
): void {
  if (format !== 'text' && format !== 'markdown' && format !== 'html') return;
  const bound = SOURCE_FACTOR * limits.maxCharacters;
  // Each character takes at least one byte (UTF-16: two): a source within the bound needs no scan.
  if (bytes.length <= bound) return;
  const estimate = format === 'html' ? estimateHtmlCharacters(bytes) : estimateSourceCharacters(bytes);
  if (estimate <= bound) return;
  const what = format === 'html' ? 'HTML page has text of' : `${format === 'text' ? 'text' : 'Markdown source'} has`;
  throw new PalimpsestError(
    'E_LIMIT',
    `cannot import ${quoteFileName(name)}: its ${what} about ${estimate} characters, far more than the ${limits.maxCharacters} one edition may have (${raiseAdvice('maxCharacters')})`,
    { file: name },
  );
}

/** Options of `importSource`: those of an import, plus the directory file names are resolved against. */
export interface ImportSourceOptions extends Omit<ImportOptions, 'name'> {
  /** The name shown in messages and provenance (default: the file name or URL as given). */
  name?: string;
  /** Directory relative file names are resolved against (default: the process's working directory). */
  cwd?: string;
  /** Advice appended to a size-limit message, e.g. the CLI's "raise it with --max-size". */
  sizeAdvice?: string;
}

const URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/** A source's bytes as read: from a file, or fetched, with the URL after redirects and the Content-Type sent. */
export interface SourceBytes {
  bytes: Uint8Array;
  finalUrl?: string;
  contentType?: string;
}

/**
 * Reads the bytes of a file name or an http(s) URL: the file (within `maxBytes`), or the URL fetched within the size,
 * time and redirect limits; any other scheme is E_URL.
 */
export async function readSource(
  nameOrUrl: string,
  options: Pick<ImportSourceOptions, 'cwd' | 'limits' | 'sizeAdvice'> = {},
): Promise<SourceBytes> {
  const limits = resolveLimits(options.limits);
  if (URL_SCHEME.test(nameOrUrl)) {
    if (!/^https?:\/\//i.test(nameOrUrl)) {
      throw new PalimpsestError(
        'E_URL',
        `cannot import ${quoteFileName(nameOrUrl)}: only http and https URLs are supported`,
        { file: nameOrUrl },
      );
    }
    const { fetchUrl } = await import('./fetch.js');
    const fetched = await fetchUrl(nameOrUrl, { limits });
    return {
      bytes: fetched.bytes,
      finalUrl: fetched.finalUrl,
      ...(fetched.contentType === undefined ? {} : { contentType: fetched.contentType }),
    };
  }
  return { bytes: await readFileBytes(nameOrUrl, options.cwd ?? process.cwd(), limits.maxBytes, options.sizeAdvice) };
}

/**
 * Imports an edition from a file name or an http(s) URL: reads the file (or fetches the URL within the size, time
 * and redirect limits, keeping the final URL and Content-Type as provenance), then `importEdition`.
 */
export async function importSource(nameOrUrl: string, options: ImportSourceOptions = {}): Promise<ImportedEdition> {
  const limits = resolveLimits(options.limits);
  const name = options.name ?? nameOrUrl;
  const { cwd, sizeAdvice, ...importOptions } = options;
  const read = await readSource(nameOrUrl, { ...options, limits });
  const contentType = options.contentType ?? read.contentType;
  const edition = await importEdition(read.bytes, {
    ...importOptions,
    name,
    limits,
    ...(contentType === undefined ? {} : { contentType }),
  });
  if (read.finalUrl !== undefined) edition.provenance.finalUrl = read.finalUrl;
  if (read.contentType !== undefined) edition.provenance.contentType = read.contentType;
  return edition;
}

/**
 * Reads an imported edition into a document tree with the plain-text parser and the edition's hints; the import's
 * diagnostics come first in `data.diagnostics`, and `data.sourceMap` maps the tree's offsets back to the original.
 */
export function parseImported(edition: ImportedEdition, options: { locale?: string } = {}): DocumentNode {
  const document = parseText(edition.text, {
    hints: edition.hints,
    ...(options.locale === undefined ? {} : { locale: options.locale }),
  });
  const data = document.data ?? {};
  data.diagnostics = [...edition.diagnostics, ...(data.diagnostics ?? [])];
  data.sourceMap = edition.sourceMap;
  document.data = data;
  return document;
}

/**
 * Imports one edition's bytes and parses them with the edition's language: the import → parse chain written once,
 * for `add` (on a worker), for the tree cache (re-parsing stored bytes) and for the command line's compare (bytes
 * from `readSource`).
 */
export async function importAndParse(
  bytes: Uint8Array,
  options: ImportOptions,
  locale?: string | null,
): Promise<{ imported: ImportedEdition; document: DocumentNode }> {
  const imported = await importEdition(bytes, options);
  return { imported, document: parseImported(imported, locale ? { locale } : {}) };
}
