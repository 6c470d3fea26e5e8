/** `palimpsest history SERIES` and `palimpsest compare SERIES A B` (stored editions, the file compare's reports). */
import { compareStored, factsStored, seriesHistory } from '../application/index.js';
import { renderHistoryJson, renderHistoryTerminal, renderReport } from '../report/index.js';
import { emit } from './blame-command.js';
import {
  type CompareCommandOptions,
  comparisonStatus,
  reportOptionsFor,
  reportRanksFacts,
  shownComparison,
} from './compare-command.js';
import { type FormatOption, type StoreCommandOptions, withSeriesRead } from './corpus-command.js';
import type { CliIo } from './io.js';

/** Options of the history command. */
export interface HistoryCommandOptions extends StoreCommandOptions, FormatOption {
  /** Changes and shifts per step (`--top [N]`): true for the default. */
  top?: number | true;
  output?: string;
  width?: number;
}

/** Run the history command and return its exit status. */
export async function historyCommand(series: string, options: HistoryCommandOptions, io: CliIo): Promise<number> {
  const result = await withSeriesRead(options, io, series, (store) =>
    seriesHistory(store, series, typeof options.top === 'number' ? { top: options.top } : {}),
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
  const reportOptions = reportOptionsFor(options, io);
  const comparison = await withSeriesRead(options, io, series, async (store, view) => {
    const compared = await compareStored(store, series, older, newer, {
      ignoreCase: options.ignoreCase === true,
      ignorePunctuation: options.ignorePunctuation === true,
    });
    // The summary ranks fact changes with the rest, read against this comparison (left out with ignore options, and
    // for a comparison an older engine made: facts are read against this engine's trees).
    const plain = options.ignoreCase !== true && options.ignorePunctuation !== true;
    if (plain && reportRanksFacts(options) && view.stale() === undefined)
      reportOptions.facts = (await factsStored(store, series, older, newer, { comparison: compared })).changes;
    return compared;
  });
  const shown = shownComparison(comparison, options);
  await emit(renderReport(shown, options.format, reportOptions), options.output, io);
  return comparisonStatus(comparison, options);
}
