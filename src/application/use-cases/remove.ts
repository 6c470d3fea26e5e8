/** The remove use case (`palimpsest remove`): a series or one edition of it, with the series' caches. */
import type { EditionStore } from '../../store/index.js';
import { forgetSeriesCaches, warmSeriesCaches } from '../caches/series-cache.js';

/**
 * Remove a whole series, or one edition of it (`palimpsest remove`); answers how many editions went. Removing the
 * last edition removes the series too (an empty series would list, blame and trace nothing). The series' caches go
 * with it, or are rebuilt for the editions that remain so that the next blame is as fast as after `add`.
 */
export async function removeFromCorpus(store: EditionStore, series: string, edition?: string): Promise<number> {
  if (edition === undefined) {
    const removed = (await store.removeSeries(series)).editions;
    await forgetSeriesCaches(store, series);
    return removed;
  }
  await store.removeEdition(series, edition);
  if ((await store.listEditions(series)).length === 0) {
    await store.removeSeries(series);
    await forgetSeriesCaches(store, series);
  } else {
    await warmSeriesCaches(store, series);
  }
  return 1;
}
