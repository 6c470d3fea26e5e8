/** The rebuild use case (`palimpsest rebuild`): every derived cache forgotten and derived again with this engine. */

import type { ClearDerivedResult, EditionStore } from '../../store/index.js';
import { ENGINE_VERSION } from '../../version.js';
import { editionComparison, editionDocument, searchUnits } from '../caches/documents.js';
import { warmSeriesCaches } from '../caches/series-cache.js';
import type { LoadedEdition } from './load-series.js';

/** What `rebuild` did. */
export interface RebuildResult {
  cleared: ClearDerivedResult;
  editions: number;
  series: number;
  aligned: number;
}

/**
 * Forget every derived cache and re-derive trees, the search index, consecutive alignments and the series caches of
 * blame, history and trace with this engine.
 */
export async function rebuildCorpus(
  store: EditionStore,
  onProgress?: (done: number, total: number, label: string) => void,
): Promise<RebuildResult> {
  const cleared = await store.clearDerived();
  const allSeries = await store.listSeries();
  const total = allSeries.reduce((sum, s) => sum + s.editionCount, 0);
  let editions = 0;
  let aligned = 0;
  for (const series of allSeries) {
    let previous: LoadedEdition | null = null;
    for (const record of await store.listEditions(series.name)) {
      const current = { record, document: await editionDocument(store, record) };
      await store.indexEdition(record.series, record.label, searchUnits(current.document), ENGINE_VERSION);
      if (previous) {
        await editionComparison(store, previous, current, record.lang ? { locale: record.lang } : {});
        aligned++;
      }
      previous = current;
      editions++;
      onProgress?.(editions, total, `${series.name} ${record.label}`);
    }
    await warmSeriesCaches(store, series.name);
  }
  return { cleared, editions, series: allSeries.length, aligned };
}
