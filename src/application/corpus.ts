/**
 * The read and maintenance use cases over a store: list, show, remove, rebuild, history, compare two stored editions,
 * blame, trace and search. Each takes an EditionStore and plain options and returns values; rendering is the caller's
 * (the CLI now, the HTTP API later).
 */
import {
  type Blame,
  blame as blameLineage,
  collateSeries,
  history,
  type LineageEdition,
  type SeriesHistory,
} from '../collate/index.js';
import type { CompareOptions } from '../compare/compare.js';
import { PalimpsestError } from '../errors/errors.js';
import type { Comparison } from '../model/comparison.js';
import type { DocumentNode } from '../model/tree.js';
import type {
  ClearDerivedResult,
  EditionRecord,
  EditionStore,
  SearchHit,
  SearchOptions,
  SeriesSummary,
  StoreStats,
} from '../store/index.js';
import { type TraceMode, type TraceResult, tracePhrase } from '../trace/index.js';
import { ENGINE_VERSION } from '../version.js';
import { editionComparison, editionDocument, searchUnits } from './documents.js';

/** An edition with its parsed tree. */
export interface LoadedEdition {
  record: EditionRecord;
  document: DocumentNode;
}

/** Every series with the store's counts (`palimpsest list`). */
export async function listCorpus(store: EditionStore): Promise<{ series: SeriesSummary[]; stats: StoreStats }> {
  return { series: await store.listSeries(), stats: await store.stats() };
}

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

/** Remove a whole series, or one edition of it (`palimpsest remove`); answers how many editions went. */
export async function removeFromCorpus(store: EditionStore, series: string, edition?: string): Promise<number> {
  if (edition === undefined) return (await store.removeSeries(series)).editions;
  await store.removeEdition(series, edition);
  return 1;
}

/** What `rebuild` did. */
export interface RebuildResult {
  cleared: ClearDerivedResult;
  editions: number;
  series: number;
  aligned: number;
}

/** Forget every derived cache and re-derive trees, the search index and consecutive alignments with this engine. */
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
  }
  return { cleared, editions, series: allSeries.length, aligned };
}

/** Every edition of a series with its tree, in the store's order; E_NO_SERIES when there is none. */
export async function loadSeries(store: EditionStore, series: string): Promise<LoadedEdition[]> {
  const records = await store.listEditions(series);
  const loaded: LoadedEdition[] = [];
  for (const record of records) loaded.push({ record, document: await editionDocument(store, record) });
  return loaded;
}

/** The lineage of a series, with consecutive comparisons from the cache. */
async function seriesLineage(store: EditionStore, series: string) {
  const editions = await loadSeries(store, series);
  const comparisons: Comparison[] = [];
  for (let i = 1; i < editions.length; i++) {
    const newer = editions[i] as LoadedEdition;
    comparisons.push(await editionComparison(store, editions[i - 1] as LoadedEdition, newer, localeOf(newer.record)));
  }
  const lineage = collateSeries(
    editions.map(({ record, document }) => ({
      label: record.label,
      ...(record.date ? { date: record.date } : {}),
      document,
    })),
    { comparisons },
  );
  return { editions, lineage };
}

function localeOf(record: EditionRecord): CompareOptions {
  return record.lang ? { locale: record.lang } : {};
}

/** The history of a series (`palimpsest history`): per consecutive pair, counts and the most significant changes. */
export async function seriesHistory(
  store: EditionStore,
  series: string,
  options: { top?: number } = {},
): Promise<SeriesHistory> {
  const { lineage } = await seriesLineage(store, series);
  return history(lineage, options.top === undefined ? {} : { top: options.top });
}

/** Options of `blameEdition`. */
export interface BlameEditionOptions {
  /** The edition to blame (default the latest). */
  edition?: string;
  /** Only sentences under this section path (labels, outermost first). */
  section?: string[];
}

/** The blame of one edition (`palimpsest blame`): per sentence and per word, the edition that introduced it. */
export async function blameEdition(
  store: EditionStore,
  series: string,
  options: BlameEditionOptions = {},
): Promise<Blame> {
  const { editions, lineage } = await seriesLineage(store, series);
  let index: number | undefined;
  if (options.edition !== undefined) {
    index = editions.findIndex((e) => e.record.label === options.edition);
    if (index < 0) throw new PalimpsestError('E_NO_EDITION', `series '${series}' has no edition '${options.edition}'`);
  }
  const target = index ?? editions.length - 1;
  const lang = editions[target]?.record.lang;
  const section =
    options.section && lineage.editions[target] ? resolveSection(lineage.editions[target], options.section) : undefined;
  return blameLineage(lineage, index, {
    ...(section ? { section } : {}),
    ...(lang ? { locale: lang } : {}),
  });
}

/** Case- and space-insensitive key of a section label. */
function labelKey(label: string): string {
  return label.replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * The full section path a --section argument means: the path itself when some section starts with it, else the one
 * section path that ends with it (so `(2)` finds `Chapter 3 › Section 1 › 1 › (2)`); E_USAGE when none or several do.
 */
export function resolveSection(edition: LineageEdition, wanted: readonly string[]): string[] {
  const want = wanted.map(labelKey);
  const paths = edition.sections.map((s) => s.path);
  const keyed = paths.map((p) => p.map(labelKey));
  if (keyed.some((p) => want.every((w, i) => p[i] === w))) return [...wanted];
  const matches = new Map<string, string[]>();
  keyed.forEach((p, i) => {
    if (p.length >= want.length && want.every((w, j) => p[p.length - want.length + j] === w)) {
      matches.set(p.join('\u0000'), paths[i] as string[]);
    }
  });
  const shown = wanted.join(' › ');
  if (matches.size === 1) return [...matches.values()][0] as string[];
  if (matches.size === 0) throw new PalimpsestError('E_USAGE', `no section '${shown}' in edition '${edition.label}'`);
  const candidates = [...matches.values()]
    .slice(0, 5)
    .map((p) => p.join(' › '))
    .join('; ');
  throw new PalimpsestError('E_USAGE', `section '${shown}' is ambiguous in edition '${edition.label}': ${candidates}`);
}

/** Options of `traceSeries`. */
export interface TraceSeriesOptions {
  mode?: TraceMode;
  context?: number;
}

/** The trace of a phrase through a series (`palimpsest trace`): occurrences per edition with KWIC snippets. */
export async function traceSeries(
  store: EditionStore,
  series: string,
  phrase: string,
  options: TraceSeriesOptions = {},
): Promise<TraceResult> {
  if (phrase.trim() === '') throw new PalimpsestError('E_USAGE', 'the phrase to trace is empty');
  const editions = await loadSeries(store, series);
  const lang = editions.find((e) => e.record.lang)?.record.lang ?? undefined;
  try {
    return tracePhrase(
      editions.map(({ record, document }) => ({
        label: record.label,
        ...(record.date ? { date: record.date } : {}),
        document,
      })),
      phrase,
      {
        ...(options.mode ? { mode: options.mode } : {}),
        ...(options.context === undefined ? {} : { context: options.context }),
        ...(lang ? { locale: lang } : {}),
      },
    );
  } catch (error) {
    // An invalid regular expression is the user's input, not a bug.
    if (error instanceof SyntaxError)
      throw new PalimpsestError('E_USAGE', `invalid --regex: ${error.message}`, { cause: error });
    throw error;
  }
}

/** Compare two stored editions of a series, adjacent or not (`palimpsest compare SERIES A B`). */
export async function compareStored(
  store: EditionStore,
  series: string,
  older: string,
  newer: string,
  options: CompareOptions = {},
): Promise<Comparison> {
  const load = async (label: string): Promise<LoadedEdition> => {
    const record = await store.getEdition(series, label);
    if (record === undefined) {
      if ((await store.getSeries(series)) === undefined) {
        throw new PalimpsestError('E_NO_SERIES', `no series '${series}' in ${store.location}`);
      }
      throw new PalimpsestError('E_NO_EDITION', `series '${series}' has no edition '${label}'`);
    }
    return { record, document: await editionDocument(store, record) };
  };
  const a = await load(older);
  const b = await load(newer);
  return editionComparison(store, a, b, { ...localeOf(b.record), ...options });
}

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
