/**
 * The compare use case over stored editions (`palimpsest compare SERIES A B`, the HTTP compare): two editions of a
 * series, adjacent or not, from the comparison cache or compared from their trees — one pass through the caches: one
 * read of the comparison, and on a miss one read of each tree and one write of each value made.
 */
import type { CompareOptions } from '../../compare/compare.js';
import { PalimpsestError } from '../../errors/errors.js';
import type { Comparison } from '../../model/comparison.js';
import type { EditionRecord, EditionStore } from '../../store/index.js';
import {
  type ComparisonExecution,
  cachedComparison,
  cachedComparisonJson,
  editionLocale,
  editionTree,
  makeComparison,
} from '../caches/documents.js';

/** Two editions of one series, older first, as the store records them. */
export type EditionPair = readonly [EditionRecord, EditionRecord];

/** The records of two editions of a series; E_NO_SERIES or E_NO_EDITION when one is missing. */
export async function findPair(
  store: EditionStore,
  series: string,
  older: string,
  newer: string,
): Promise<EditionPair> {
  const find = async (label: string): Promise<EditionRecord> => {
    const record = await store.getEdition(series, label);
    if (record === undefined) {
      if ((await store.getSeries(series)) === undefined) {
        throw new PalimpsestError('E_NO_SERIES', `no series '${series}' in ${store.location}`);
      }
      throw noEdition(series, label);
    }
    return record;
  };
  return [await find(older), await find(newer)];
}

/** E_NO_EDITION for a label a series does not have. */
function noEdition(series: string, label: string): PalimpsestError {
  return new PalimpsestError('E_NO_EDITION', `series '${series}' has no edition '${label}'`);
}

/**
 * Two editions of a series by label, from its editions as the caller read them already (the HTTP API lists them for
 * its entity tag): E_NO_EDITION when one is missing, without asking the store again.
 */
export function pairOf(editions: readonly EditionRecord[], series: string, older: string, newer: string): EditionPair {
  const find = (label: string): EditionRecord => {
    const record = editions.find((edition) => edition.label === label);
    if (record === undefined) throw noEdition(series, label);
    return record;
  };
  return [find(older), find(newer)];
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
  return comparePair(store, await findPair(store, series, older, newer), options, execution);
}

/** `compareStored` for two editions whose records the caller has (see `pairOf`). */
export async function comparePair(
  store: EditionStore,
  [a, b]: EditionPair,
  options: CompareOptions = {},
  execution: ComparisonExecution = {},
): Promise<Comparison> {
  const compareOptions = { ...editionLocale(b), ...options };
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
  // On a pool both trees load at once (two misses parse on two threads); the older's failure is the one reported,
  // as in process, where they load one after the other.
  const olderTree = editionTree(store, a, execution);
  olderTree.catch(() => undefined);
  const newerTree = execution.pool ? editionTree(store, b, execution) : undefined;
  newerTree?.catch(() => undefined);
  const older = await olderTree;
  const newer = await (newerTree ?? editionTree(store, b, execution));
  return makeComparison(store, { record: a, ...older }, { record: b, ...newer }, options, execution);
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
  return comparePairJson(store, await findPair(store, series, older, newer), options, execution);
}

/** `compareStoredJson` for two editions whose records the caller has (see `pairOf`). */
export async function comparePairJson(
  store: EditionStore,
  [a, b]: EditionPair,
  options: CompareOptions = {},
  execution: ComparisonExecution = {},
): Promise<string> {
  const compareOptions = { ...editionLocale(b), ...options };
  const json = await cachedComparisonJson(store, a, b, compareOptions);
  return json ?? JSON.stringify(await compareRecords(store, a, b, compareOptions, execution));
}
