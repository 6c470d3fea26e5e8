/**
 * Walking the sources named on `palimpsest add`'s command line: a directory stands for its edition files, and each
 * edition takes its label and date from its file name. File-system walking belongs to the command line; the add use
 * case receives the list.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import type { EditionSourceInput } from '../application/index.js';
import { PalimpsestError, quoteFileName } from '../errors/errors.js';
import { readError } from '../importers/read-file.js';
import { isStdin, STDIN_NAME } from './stdin.js';

/** An http(s) source, passed on as it is. */
const URL_PATTERN = /^https?:\/\//i;
/** A file stem starting with an optional ordinal and a date: `05-2012-09-26_91fa488`, `2020-01-31-terms`. */
const DATED_STEM = /^(?:\d{1,6}[-_])?(\d{4}-\d{2}-\d{2})(?![\d])/;
/** Files a directory add considers (others, such as manifests and images, are skipped). */
const EDITION_EXTENSIONS = new Set(['.txt', '.md', '.markdown', '.html', '.htm', '.xhtml', '.pdf', '.docx', '.text']);

/** Label and date an edition gets from its file name: the stem, and the date it starts with, if any. */
export function labelFromFileName(name: string): { label: string; date?: string } {
  const file = basename(name);
  const stem = file.slice(0, file.length - extname(file).length) || file;
  const dated = DATED_STEM.exec(stem);
  return dated?.[1] ? { label: stem, date: dated[1] } : { label: stem };
}

/**
 * The editions named on a command line: one source with an explicit label is that edition; a directory stands for
 * its edition files (sorted by name); several sources, or one without a label, take labels from their file names.
 */
export async function expandEditionSources(
  sources: readonly string[],
  cwd: string,
  explicit: { label?: string; date?: string } = {},
): Promise<EditionSourceInput[]> {
  if (sources.some(isStdin)) return [stdinSource(sources, explicit)];
  const files: string[] = [];
  for (const source of sources) {
    if (URL_PATTERN.test(source)) {
      files.push(source);
      continue;
    }
    const path = resolve(cwd, source);
    let isDirectory = false;
    try {
      isDirectory = (await stat(path)).isDirectory();
    } catch (error) {
      throw readError(error, source);
    }
    if (!isDirectory) {
      files.push(source);
      continue;
    }
    const names = (await readdir(path))
      .filter((name) => EDITION_EXTENSIONS.has(extname(name).toLowerCase()) && !name.startsWith('.'))
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    if (names.length === 0) {
      throw new PalimpsestError(
        'E_NOT_FOUND',
        `no edition files (.txt, .md, .html, .pdf, .docx) in ${quoteFileName(source)}`,
        {
          file: source,
        },
      );
    }
    files.push(...names.map((name) => join(source, name)));
  }
  if (files.length === 1 && explicit.label !== undefined) {
    const only = files[0] as string;
    return [{ source: only, label: explicit.label, ...(explicit.date ? { date: explicit.date } : {}) }];
  }
  if (files.length > 1 && explicit.label !== undefined) {
    throw new PalimpsestError(
      'E_USAGE',
      `--edition names one edition, but ${files.length} files were given; omit it to label editions by file name`,
    );
  }
  return files.map((file) => {
    const named = labelFromFileName(URL_PATTERN.test(file) ? new URL(file).pathname || file : file);
    const date = files.length === 1 && explicit.date ? explicit.date : named.date;
    return { source: file, label: named.label, ...(date ? { date } : {}) };
  });
}

/**
 * The one edition standard input stands for (`palimpsest add S - --edition X`): it has no file name to take a label
 * from, and it can be read once, so it must be the only source and come with --edition. Its bytes are read later
 * (`readStdin`), under the size limit of the add.
 */
function stdinSource(sources: readonly string[], explicit: { label?: string; date?: string }): EditionSourceInput {
  if (sources.length > 1) {
    throw new PalimpsestError('E_USAGE', "standard input ('-') must be the only source of an add");
  }
  if (explicit.label === undefined) {
    throw new PalimpsestError(
      'E_USAGE',
      "standard input ('-') has no file name to take a label from: add --edition LABEL",
    );
  }
  return { source: STDIN_NAME, label: explicit.label, ...(explicit.date ? { date: explicit.date } : {}) };
}
