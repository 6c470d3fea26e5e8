/** `palimpsest history SERIES` and `palimpsest compare SERIES A B` (stored editions, the file compare's reports). */
import { compareStored, seriesHistory } from '../application/index.js';
import { renderHistoryJson, renderHistoryTerminal } from '../collate/index.js';
import { renderReport } from '../report/index.js';
import type { ReportOptions } from '../report/options.js';
import { emit } from './blame-command.js';
import type { CompareCommandOptions } from './compare-command.js';
import { type FormatOption, type StoreCommandOptions, withStore } from './corpus-command.js';
import { type CliIo, shouldUseColor } from './io.js';

/** Options of the history command. */
export interface HistoryCommandOptions extends StoreCommandOptions, FormatOption {
  top?: number;
  output?: string;
  width?: number;
}

/** Run the history command and return its exit status. */
export async function historyCommand(series: string, options: HistoryCommandOptions, io: CliIo): Promise<number> {
  const result = await withStore(options, io, (store) =>
    seriesHistory(store, series, options.top === undefined ? {} : { top: options.top }),
  );
  const width = options.width ?? (options.output === undefined && io.stdout.isTTY ? io.stdout.columns : undefined);
  const text =
    options.format === 'json'
      ? renderHistoryJson(result)
      : renderHistoryTerminal(result, width === undefined ? {} : { width });
  await emit(text, options.output, io);
  return 0;
}

/** Run `compare SERIES A B`: the same reports and options as comparing two files. */
export async function compareStoredCommand(
  series: string,
  older: string,
  newer: string,
  options: CompareCommandOptions & StoreCommandOptions,
  io: CliIo,
): Promise<number> {
  const comparison = await withStore(options, io, (store) =>
    compareStored(store, series, older, newer, {
      ignoreCase: options.ignoreCase === true,
      ignorePunctuation: options.ignorePunctuation === true,
    }),
  );
  const target = options.output === undefined ? io.stdout : { write: () => undefined, isTTY: false };
  const reportOptions: ReportOptions = {
    color: options.format === 'terminal' && shouldUseColor(target, io.env, options.color !== false),
    context: options.context === true,
    ...(options.significance ? { significance: options.significance } : {}),
  };
  const width = options.width ?? (io.stdout.isTTY && options.output === undefined ? io.stdout.columns : undefined);
  if (width !== undefined) reportOptions.width = width;
  await emit(renderReport(comparison, options.format, reportOptions), options.output, io);
  return 0;
}
