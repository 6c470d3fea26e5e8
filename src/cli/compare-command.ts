/**
 * `palimpsest compare OLD NEW`: the adapter work around the pure engine. Read both editions (any supported file, an
 * http(s) URL, or `-` for standard input), import and parse each with `importAndParse` (format detected from
 * content, hints kept), call `compareDocuments` and `renderReport`, then write the report to standard output or,
 * atomically, to --output.
 */
import { compareDocuments } from '../compare/compare.js';
import { formatSize, PalimpsestError, quoteFileName } from '../errors/errors.js';
import { factsReport } from '../facts/index.js';
import {
  type ImportedEdition,
  type ImportOptions,
  importAndParse,
  readSource,
  type SourceBytes,
} from '../importers/index.js';
import type { Format } from '../importers/types.js';
import type { Comparison, ShiftKind, Significance } from '../model/comparison.js';
import type { DocumentNode } from '../model/tree.js';
import { hasChangesAtOrAbove, renderReportChunks } from '../report/index.js';
import type { ReportFormat, ReportOptions } from '../report/options.js';
import { filterByShift } from '../report/shift-filter.js';
import { writeOutputFile } from './files.js';
import { type CliIo, shouldUseColor } from './io.js';
import { DEFAULT_MAX_SIZE } from './size.js';
import { isStdin, readStdin, STDIN_NAME } from './stdin.js';

/** Options of the compare command as commander parses them. */
export interface CompareCommandOptions {
  format: ReportFormat;
  output?: string;
  /** Show unchanged units and whole texts (`--unchanged`). */
  unchanged?: boolean;
  /** The deprecated spelling of --unchanged (`-c, --context`), kept working with a warning. */
  context?: boolean;
  /** Exit 1 when the editions differ at or above --significance, 0 when not (`--exit-code`). */
  exitCode?: boolean;
  significance?: Extract<Significance, 'minor' | 'substantive'>;
  ignoreCase?: boolean;
  ignorePunctuation?: boolean;
  maxSize?: number;
  /** False with --no-color. */
  color?: boolean;
  width?: number;
  /** Format of both editions, instead of detecting it (`--from`). */
  from?: Format;
  /** Format of the old edition (`--from-old`), overriding --from. */
  fromOld?: Format;
  /** Format of the new edition (`--from-new`), overriding --from. */
  fromNew?: Format;
  /** Character encoding of both editions (`--encoding`), for text, Markdown and HTML. */
  encoding?: string;
  /** Print only the summary of the changes that matter most (`--top [N]`): true for the default number. */
  top?: number | true;
  /** Show only pairs carrying these policy shifts (`--shift intensity,modality`). */
  shift?: ShiftKind[];
}

/**
 * Read, import and parse one edition as the compare command needs it (the one import → parse chain,
 * `importAndParse`), telling standard error of its import problems.
 */
export async function importInput(
  name: string,
  from: Format | undefined,
  options: CompareCommandOptions,
  io: CliIo,
  maxSize: number,
): Promise<{ imported: ImportedEdition; document: DocumentNode }> {
  const sizeAdvice = 'raise it with --max-size';
  const limits = { maxBytes: maxSize };
  const shownName = isStdin(name) ? STDIN_NAME : name;
  const read: SourceBytes = isStdin(name)
    ? { bytes: await readStdin(io, maxSize, sizeAdvice) }
    : await readSource(name, { cwd: io.cwd, limits, sizeAdvice });
  const importOptions: ImportOptions = {
    name: shownName,
    limits,
    ...(from === undefined ? {} : { from }),
    ...(options.encoding === undefined ? {} : { encoding: options.encoding }),
    ...(read.contentType === undefined ? {} : { contentType: read.contentType }),
  };
  const edition = await importAndParse(read.bytes, importOptions);
  // Import problems (undecodable bytes, an unreadable page) are data, but a reader should hear of them.
  for (const diagnostic of edition.imported.diagnostics) {
    if (diagnostic.severity === 'info') continue;
    io.stderr.write(`palimpsest: ${diagnostic.severity}: ${quoteFileName(shownName)}: ${diagnostic.message}\n`);
  }
  return edition;
}

/** Report options from the command line: colour only for a terminal (or FORCE_COLOR), width from the terminal. */
export function reportOptionsFor(options: CompareCommandOptions, io: CliIo): ReportOptions {
  // Colour is for people reading a terminal: a file gets colour only when FORCE_COLOR asks for it.
  const target = options.output === undefined ? io.stdout : { write: () => undefined, isTTY: false };
  const reportOptions: ReportOptions = {
    color: options.format === 'terminal' && shouldUseColor(target, io.env, options.color !== false),
    context: options.unchanged === true || options.context === true,
    ...(options.significance ? { significance: options.significance } : {}),
  };
  const width = options.width ?? (io.stdout.isTTY && options.output === undefined ? io.stdout.columns : undefined);
  if (width !== undefined) reportOptions.width = width;
  if (options.top !== undefined) {
    reportOptions.topOnly = true;
    if (options.top !== true) reportOptions.top = options.top;
  }
  return reportOptions;
}

/**
 * Whether a report of these options opens with the ranked summary ("What matters most"), which ranks fact changes
 * too: every format but the full JSON (docs/ranking.md).
 */
export function reportRanksFacts(options: Pick<CompareCommandOptions, 'format' | 'top'>): boolean {
  return options.format !== 'json' || options.top !== undefined;
}

/** The comparison a report shows: narrowed to the pairs with the asked policy shifts (`--shift`), else whole. */
export function shownComparison(comparison: Comparison, options: CompareCommandOptions): Comparison {
  return options.shift ? filterByShift(comparison, options.shift) : comparison;
}

/** Inputs larger than this (both files together) get a status line on an interactive stderr while they are compared. */
export const PROGRESS_THRESHOLD_BYTES = 2 * 1024 * 1024;

/** The pieces of a report, with a line break added at the end when the last piece does not end with one. */
function* endWithNewline(pieces: Iterable<string>): Generator<string> {
  let last = '';
  for (const piece of pieces) {
    if (piece === '') continue;
    yield piece;
    last = piece;
  }
  if (!last.endsWith('\n')) yield '\n';
}

/** Run the compare command and return its exit status; failures are thrown as PalimpsestError. */
export async function compareCommand(
  oldName: string,
  newName: string,
  options: CompareCommandOptions,
  io: CliIo,
): Promise<number> {
  const maxSize = options.maxSize ?? DEFAULT_MAX_SIZE;
  if (isStdin(oldName) && isStdin(newName)) {
    throw new PalimpsestError('E_USAGE', "standard input ('-') can stand for one edition only, not both");
  }
  // Sequential on purpose: when both files are bad, the message is always about OLD.
  const oldEdition = await importInput(oldName, options.fromOld ?? options.from, options, io, maxSize);
  const newEdition = await importInput(newName, options.fromNew ?? options.from, options, io, maxSize);

  const oldBytes = oldEdition.imported.provenance.size;
  const newBytes = newEdition.imported.provenance.size;
  const showProgress = io.stderr.isTTY === true && oldBytes + newBytes > PROGRESS_THRESHOLD_BYTES;
  if (showProgress) {
    io.stderr.write(`palimpsest: comparing ${formatSize(oldBytes)} with ${formatSize(newBytes)}…`);
  }
  let report: Iterable<string>;
  let comparison: Comparison;
  try {
    comparison = compareDocuments(oldEdition.document, newEdition.document, {
      oldName: isStdin(oldName) ? STDIN_NAME : oldName,
      newName: isStdin(newName) ? STDIN_NAME : newName,
      ignoreCase: options.ignoreCase === true,
      ignorePunctuation: options.ignorePunctuation === true,
    });
    const reportOptions = reportOptionsFor(options, io);
    if (reportRanksFacts(options)) {
      reportOptions.facts = factsReport(comparison, oldEdition.document, newEdition.document).changes;
    }
    // JSON is rendered while it is written (renderReportChunks), so a 26 MB report is never one string.
    report = endWithNewline(renderReportChunks(shownComparison(comparison, options), options.format, reportOptions));
  } finally {
    // Erase the status line so that the report or an error message starts on a clean line.
    if (showProgress) io.stderr.write('\r\u001b[2K');
  }

  if (options.output === undefined) for (const piece of report) io.stdout.write(piece);
  else await writeOutputFile(options.output, io.cwd, report);
  return comparisonStatus(comparison, options);
}

/** Exit status `compare --exit-code` gives editions that differ at or above --significance (as `diff` and `git diff`). */
export const EXIT_DIFFERENT = 1;

/**
 * The exit status of a compare that succeeded: 0, or with --exit-code EXIT_DIFFERENT when the editions differ at or
 * above --significance (any change without it), as `git diff --exit-code` does.
 */
export function comparisonStatus(comparison: Comparison, options: CompareCommandOptions): number {
  if (options.exitCode !== true) return 0;
  return hasChangesAtOrAbove(comparison, options.significance ?? 'none') ? EXIT_DIFFERENT : 0;
}
