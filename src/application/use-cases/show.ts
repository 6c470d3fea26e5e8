/** The show use case (`palimpsest show`): one series and its editions. */
import { PalimpsestError } from '../../errors/errors.js';
import type { EditionRecord, EditionStore, SeriesSummary } from '../../store/index.js';

/** A series and its editions in order (`palimpsest show`); E_NO_SERIES when there is none. */
export async function showSeries(
  store: EditionStore,
  series: string,
): Promise<{ series: SeriesSummary; editions: EditionRecord[] }> {
  const editions = await store.listEditions(series);
  const summary = await store.getSeries(series);
  if (summary === undefined) throw new PalimpsestError('E_NO_SERIES', `no series '${series}' in ${store.location}`);
  return { series: summary, editions };
}
