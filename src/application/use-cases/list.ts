/** The list use case (`palimpsest list`, GET /api/series): every series with the store's counts. */
import type { EditionStore, SeriesSummary, StoreStats } from '../../store/index.js';

/** Every series with the store's counts (`palimpsest list`). */
export async function listCorpus(store: EditionStore): Promise<{ series: SeriesSummary[]; stats: StoreStats }> {
  return { series: await store.listSeries(), stats: await store.stats() };
}
