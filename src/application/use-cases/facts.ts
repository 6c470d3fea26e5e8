/** The facts use case (`palimpsest facts SERIES A B`, `GET /api/series/:series/facts`): the facts diff of two stored editions. */
import { type FactKind, type FactsReport, factsReport } from '../../facts/index.js';
import type { Comparison } from '../../model/comparison.js';
import type { EditionStore } from '../../store/index.js';
import { type ComparisonExecution, editionComparison, editionLocale, editionTree } from '../caches/documents.js';
import { type EditionPair, findPair } from './compare.js';

/** Options of `factsStored`: the fact kinds to report (all by default). */
export interface FactsStoredOptions {
  kinds?: readonly FactKind[];
  /**
   * The pair's default comparison when the caller holds it already (a compare that ranks facts in its summary), so
   * the comparison cache is not read and parsed a second time.
   */
  comparison?: Comparison;
}

/**
 * The facts diff of two stored editions of a series: both trees (tree cache) and their comparison (comparison
 * cache, the one `compare` fills), then fact extraction and diff, which are cheap beside them.
 */
export async function factsStored(
  store: EditionStore,
  series: string,
  older: string,
  newer: string,
  options: FactsStoredOptions = {},
  execution: ComparisonExecution = {},
): Promise<FactsReport> {
  return factsOfPair(store, await findPair(store, series, older, newer), options, execution);
}

/** `factsStored` for two editions whose records the caller has (see `pairOf`). */
export async function factsOfPair(
  store: EditionStore,
  [a, b]: EditionPair,
  options: FactsStoredOptions = {},
  execution: ComparisonExecution = {},
): Promise<FactsReport> {
  const locale = editionLocale(b);
  const olderTree = await editionTree(store, a, execution);
  const newerTree = await editionTree(store, b, execution);
  const comparison =
    options.comparison ??
    (await editionComparison(store, { record: a, ...olderTree }, { record: b, ...newerTree }, locale, execution));
  return factsReport(comparison, olderTree.document, newerTree.document, {
    ...(locale.locale ? { locale: locale.locale } : {}),
    ...(options.kinds ? { kinds: options.kinds } : {}),
  });
}
