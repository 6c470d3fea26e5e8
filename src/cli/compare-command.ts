/**
 * `palimpsest compare OLD NEW`: the adapter work around the pure engine. Read and check both files (files.ts), call
 * `compareTexts` and `renderReport`, then write the report to standard output or, atomically, to --output.
 */
import { compareTexts } from '../compare/compare.js';
import type { Significance } from '../model/comparison.js';
import { renderReport } from '../report/index.js';
import type { ReportFormat, ReportOptions } from '../report/options.js';
import { readInputFile, writeOutputFile } from './files.js';
import { type CliIo, shouldUseColor } from './io.js';
import { DEFAULT_MAX_SIZE, formatSize } from './size.js';

/** Options of the compare command as commander parses them. */
export interface CompareCommandOptions {
  format: ReportFormat;
  output?: string;
  context?: boolean;
  significance?: Extract<Significance, 'minor' | 'substantive'>;
  ignoreCase?: boolean;
  ignorePunctuation?: boolean;
  maxSize?: number;
  /** False with --no-color. */
  color?: boolean;
  width?: number;
}

/** Inputs larger than this (both files together) get a status line on an interactive stderr while they are compared. */
export const PROGRESS_THRESHOLD_BYTES = 2 * 1024 * 1024;

/** Run the compare command and return its exit status; failures are thrown as PalimpsestError. */
export async function compareCommand(
  oldName: string,
  newName: string,
  options: CompareCommandOptions,
  io: CliIo,
): Promise<number> {
  const maxSize = options.maxSize ?? DEFAULT_MAX_SIZE;
  // Sequential on purpose: when both files are bad, the message is always about OLD.
  const oldInput = await readInputFile(oldName, io.cwd, maxSize);
  const newInput = await readInputFile(newName, io.cwd, maxSize);

  const totalBytes = oldInput.bytes + newInput.bytes;
  const showProgress = io.stderr.isTTY === true && totalBytes > PROGRESS_THRESHOLD_BYTES;
  if (showProgress) {
    io.stderr.write(`palimpsest: comparing ${formatSize(oldInput.bytes)} with ${formatSize(newInput.bytes)}…`);
  }
  let report: string;
  try {
    const comparison = compareTexts(oldInput.text, newInput.text, {
      oldName,
      newName,
      ignoreCase: options.ignoreCase === true,
      ignorePunctuation: options.ignorePunctuation === true,
    });
    // Colour is for people reading a terminal: a file gets colour only when FORCE_COLOR asks for it.
    const target = options.output === undefined ? io.stdout : { write: () => undefined, isTTY: false };
    const reportOptions: ReportOptions = {
      color: options.format === 'terminal' && shouldUseColor(target, io.env, options.color !== false),
      context: options.context === true,
      ...(options.significance ? { significance: options.significance } : {}),
    };
    const width = options.width ?? (io.stdout.isTTY && options.output === undefined ? io.stdout.columns : undefined);
    if (width !== undefined) reportOptions.width = width;
    report = renderReport(comparison, options.format, reportOptions);
  } finally {
    // Erase the status line so that the report or an error message starts on a clean line.
    if (showProgress) io.stderr.write('\r\u001b[2K');
  }
  if (!report.endsWith('\n')) report += '\n';

  if (options.output === undefined) io.stdout.write(report);
  else await writeOutputFile(options.output, io.cwd, report);
  return 0;
}
