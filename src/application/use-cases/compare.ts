/**
 * The compare use case over stored editions (`palimpsest compare SERIES A B`, the HTTP compare): two editions of a
 * series, adjacent or not, from the comparison cache or compared from their trees.
 */
import type { CompareOptions } from '../../compare/compare.js';
import { PalimpsestError } from '../../errors/errors.js';
import type { Comparison } from '../../model/comparison.js';
import type { EditionRecord, EditionStore } from '../../store/index.js';
import {
  type ComparisonExecution,
  cachedComparison,
  cachedComparisonJson,
  editionComparison,
  editionDocument,
} from '../caches/documents.js';

/** The compare options an edition asks for: its language, when it has one. */
function localeOf(record: EditionRecord): CompareOptions {
  return record.lang ? { locale: record.lang } : {};
}

/** The records of two editions of a series; E_NO_SERIES or E_NO_EDITION when one is missing. */
async function findPair(
  store: EditionStore,
  series: string,
  older: string,
  newer: string,
): Promise<[EditionRecord, EditionRecord]> {
  const find = async (label: string): Promise<EditionRecord> => {
    const record = await store.getEdition(series, label);
    if (record === undefined) {
      if ((await store.getSeries(series)) === undefined) {
        throw new PalimpsestError('E_NO_SERIES', `no series '${series}' in ${store.location}`);
      }
      throw new PalimpsestError('E_NO_EDITION', `series '${series}' has no edition '${label}'`);
    }
    return record;
  };
  return [await find(older), await find(newer)];
}

/**
 * Compare two stored editions of a series, adjacent or not (`palimpsest compare SERIES A B`); an uncached comparison
 * runs on `execution.pool` when one is given (the server's), else in process.
 */
export async function compareStored(
  store: EditionStore,
  series: string,
  older: string,
  newer: string,
  options: CompareOptions = {},
  execution: ComparisonExecution = {},
): Promise<Comparison> {
  const [a, b] = await findPair(store, series, older, newer);
  const compareOptions = { ...localeOf(b), ...options };
  // A cache hit needs no trees: loading two large trees costs more than reading the comparison itself.
  const cached = await cachedComparison(store, a, b, compareOptions);
  return cached ?? compareRecords(store, a, b, compareOptions, execution);
}

/** Compare two stored editions from their trees (a cache miss), caching the result when the options allow. */
async function compareRecords(
  store: EditionStore,
  a: EditionRecord,
  b: EditionRecord,
  options: CompareOptions,
  execution: ComparisonExecution,
): Promise<Comparison> {
  return editionComparison(
    store,
    { record: a, document: await editionDocument(store, a) },
    { record: b, document: await editionDocument(store, b) },
    options,
    execution,
  );
}

/**
 * `compareStored` as JSON text (the HTTP API's answer; `execution` as there): a cached comparison goes out as stored,
 * without being parsed and serialised again — on the 1 MB Code civil pair that is 15 MB of JSON and most of the time.
 */
export async function compareStoredJson(
  store: EditionStore,
  series: string,
  older: string,
  newer: string,
  options: CompareOptions = {},
  execution: ComparisonExecution = {},
): Promise<string> {
  const [a, b] = await findPair(store, series, older, newer);
  const compareOptions = { ...localeOf(b), ...options };
  const json = await cachedComparisonJson(store, a, b, compareOptions);
  if (json !== undefined) return json;
  // Cached under other labels (the same bytes in another series): relabelled by `cachedComparison`.
  const cached = await cachedComparison(store, a, b, compareOptions);
  return JSON.stringify(cached ?? (await compareRecords(store, a, b, compareOptions, execution)));
}
