/** Loading a series: every edition of it with its parsed tree (from the tree cache). */
import type { DocumentNode } from '../../model/tree.js';
import type { EditionRecord, EditionStore } from '../../store/index.js';
import { editionDocument } from '../caches/documents.js';

/** An edition with its parsed tree. */
export interface LoadedEdition {
  record: EditionRecord;
  document: DocumentNode;
}

/** Every edition of a series with its tree, in the store's order; E_NO_SERIES when there is none. */
export async function loadSeries(store: EditionStore, series: string): Promise<LoadedEdition[]> {
  const records = await store.listEditions(series);
  const loaded: LoadedEdition[] = [];
  for (const record of records) loaded.push({ record, document: await editionDocument(store, record) });
  return loaded;
}
