/** The trace use case (`palimpsest trace`): a phrase through every edition of a series. */
import { PalimpsestError } from '../../errors/errors.js';
import type { EditionStore } from '../../store/index.js';
import { type TraceMode, type TraceResult, tracePhrase } from '../../trace/index.js';
import type { ComparisonExecution } from '../caches/documents.js';
import { seriesTraceUnits } from '../caches/series-cache.js';

/** Options of `traceSeries`. */
export interface TraceSeriesOptions {
  mode?: TraceMode;
  context?: number;
  /** Hits kept per edition (the engine's default 1000); counts stay exact and the edition is marked truncated. */
  maxHitsPerEdition?: number;
}

/**
 * The trace of a phrase through a series (`palimpsest trace`): occurrences per edition with KWIC snippets. Reads the
 * series' trace-units cache (one value: no trees); extracts the units from the trees only when it is stale (missing
 * trees then parsed on `execution.pool` when there is one).
 */
export async function traceSeries(
  store: EditionStore,
  series: string,
  phrase: string,
  options: TraceSeriesOptions = {},
  execution: ComparisonExecution = {},
): Promise<TraceResult> {
  if (phrase.trim() === '') throw new PalimpsestError('E_USAGE', 'the phrase to trace is empty');
  const { records, units } = await seriesTraceUnits(store, series, execution);
  const lang = records.find((record) => record.lang)?.lang ?? undefined;
  try {
    return tracePhrase(
      records.map((record, i) => ({
        label: record.label,
        ...(record.date ? { date: record.date } : {}),
        units: units[i] ?? [],
      })),
      phrase,
      {
        ...(options.mode ? { mode: options.mode } : {}),
        ...(options.context === undefined ? {} : { context: options.context }),
        ...(options.maxHitsPerEdition === undefined ? {} : { maxHitsPerEdition: options.maxHitsPerEdition }),
        ...(lang ? { locale: lang } : {}),
      },
    );
  } catch (error) {
    // An invalid regular expression is the user's input, not a bug.
    if (error instanceof SyntaxError)
      throw new PalimpsestError('E_USAGE', `invalid --regex: ${error.message}`, { cause: error });
    throw error;
  }
}
