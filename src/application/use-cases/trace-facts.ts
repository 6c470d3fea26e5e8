/** The fact trace use case (`palimpsest trace SERIES PHRASE --facts`): facts matching a phrase through a series. */
import { PalimpsestError } from '../../errors/errors.js';
import { type FactTrace, traceFacts } from '../../facts/index.js';
import type { EditionStore } from '../../store/index.js';
import { loadSeries } from './load-series.js';

/** Follow the facts whose key or text holds `phrase` through every edition of a series (trees from the cache). */
export async function traceSeriesFacts(store: EditionStore, series: string, phrase: string): Promise<FactTrace> {
  if (phrase.trim() === '') throw new PalimpsestError('E_USAGE', 'the fact to trace is empty');
  const editions = await loadSeries(store, series);
  return traceFacts(
    editions.map(({ record, document }) => ({
      label: record.label,
      document,
      ...(record.date ? { date: record.date } : {}),
      ...(record.lang ? { locale: record.lang } : {}),
    })),
    phrase,
  );
}
