/** The search use case (`palimpsest search`): full-text search over every stored edition. */
import { PalimpsestError } from '../../errors/errors.js';
import type { EditionStore, SearchHit, SearchOptions } from '../../store/index.js';

/** Full-text search over every stored edition (`palimpsest search`); E_NO_SERIES for an unknown --series. */
export async function searchCorpus(
  store: EditionStore,
  query: string,
  options: SearchOptions = {},
): Promise<SearchHit[]> {
  if (query.trim() === '') throw new PalimpsestError('E_USAGE', 'the search query is empty');
  if (options.series !== undefined && (await store.getSeries(options.series)) === undefined) {
    throw new PalimpsestError('E_NO_SERIES', `no series '${options.series}' in ${store.location}`);
  }
  if (options.edition !== undefined && options.series === undefined) {
    throw new PalimpsestError('E_USAGE', '--edition needs --series');
  }
  if (options.edition !== undefined && options.series !== undefined) {
    if ((await store.getEdition(options.series, options.edition)) === undefined) {
      throw new PalimpsestError('E_NO_EDITION', `series '${options.series}' has no edition '${options.edition}'`);
    }
  }
  return store.search(query, options);
}
