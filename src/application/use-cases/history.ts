/** The history use case (`palimpsest history`): what changed from each edition of a series to the next. */
import type { SeriesHistory } from '../../collate/index.js';
import type { EditionStore } from '../../store/index.js';
import type { ComparisonExecution } from '../caches/documents.js';
import { cachedSeriesHistory } from '../caches/series-cache.js';

/**
 * The history of a series (`palimpsest history`): per consecutive pair, counts and the most significant changes.
 * Served from the series' history cache; collated from trees and comparisons only when the cache is stale (or a
 * `top` beyond what it kept is asked), missing trees and comparisons then made on `execution.pool` when there is one.
 */
export async function seriesHistory(
  store: EditionStore,
  series: string,
  options: { top?: number } = {},
  execution: ComparisonExecution = {},
): Promise<SeriesHistory> {
  return cachedSeriesHistory(store, series, options.top === undefined ? {} : { top: options.top }, execution);
}
