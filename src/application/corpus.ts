/**
 * The read and maintenance use cases over a store: list, show, remove, rebuild, history, compare two stored editions,
 * blame, trace and search. Each takes an EditionStore and plain options and returns values; rendering is the caller's
 * (the CLI now, the HTTP API later).
 */

import {
  type Blame,
  blame as blameLineage,
  type LineageEdition,
  narrowBlame,
  type SeriesHistory,
} from '../collate/index.js';
import type { CompareOptions } from '../compare/compare.js';
import { PalimpsestError } from '../errors/errors.js';
import type { Comparison } from '../model/comparison.js';
import { SECTION_PATH_SEPARATOR } from '../model/section-path.js';
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
import {
  type ComparisonExecution,
  cachedComparison,
  cachedComparisonJson,
  editionComparison,
  editionDocument,
  searchUnits,
} from './documents.js';
import {
  cachedSeriesHistory,
  forgetSeriesCaches,
  latestBlame,
  seriesLineage,
  seriesState,
  seriesTraceUnits,
  warmSeriesCaches,
} from './series-cache.js';

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

/** Every edition of a series with its tree, in the store's order; E_NO_SERIES when there is none. */
export async function loadSeries(store: EditionStore, series: string): Promise<LoadedEdition[]> {
  const records = await store.listEditions(series);
  const loaded: LoadedEdition[] = [];
  for (const record of records) loaded.push({ record, document: await editionDocument(store, record) });
  return loaded;
}

function localeOf(record: EditionRecord): CompareOptions {
  return record.lang ? { locale: record.lang } : {};
}

/**
 * The history of a series (`palimpsest history`): per consecutive pair, counts and the most significant changes.
 * Served from the series' history cache; collated from trees and comparisons only when the cache is stale (or a
 * `top` beyond what it kept is asked).
 */
export async function seriesHistory(
  store: EditionStore,
  series: string,
  options: { top?: number } = {},
): Promise<SeriesHistory> {
  return cachedSeriesHistory(store, series, options.top === undefined ? {} : { top: options.top });
}

/** Options of `blameEdition`. */
export interface BlameEditionOptions {
  /** The edition to blame (default the latest). */
  edition?: string;
  /** Only sentences under this section path (labels, outermost first). */
  section?: string[];
}

/**
 * The blame of one edition (`palimpsest blame`): per sentence and per word, the edition that introduced it. The
 * latest edition's blame is cached whole (one value, narrowed to `--section` here); any other edition's is made
 * from the series' lineage cache (one value: no trees, no comparisons). The series is collated only when the
 * caches are stale.
 */
export async function blameEdition(
  store: EditionStore,
  series: string,
  options: BlameEditionOptions = {},
): Promise<Blame> {
  const state = await seriesState(store, series);
  const { records } = state;
  if (records.length === 0) throw new PalimpsestError('E_NO_EDITION', `series '${series}' has no editions`);
  let index: number | undefined;
  if (options.edition !== undefined) {
    index = records.findIndex((record) => record.label === options.edition);
    if (index < 0) throw new PalimpsestError('E_NO_EDITION', `series '${series}' has no edition '${options.edition}'`);
  }
  const target = index ?? records.length - 1;
  if (records.length > 0 && target === records.length - 1) {
    const latest = await latestBlame(store, series, state);
    if (options.section === undefined) return latest.blame;
    const label = records[target]?.label ?? '';
    const section = resolveSection({ label, sections: latest.sections.map((path) => ({ path })) }, options.section);
    return narrowBlame(latest.blame, section);
  }
  const lineage = await seriesLineage(store, series, state, target);
  const lang = records[target]?.lang;
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
export function resolveSection(
  edition: Pick<LineageEdition, 'label'> & { sections: ReadonlyArray<{ path: string[] }> },
  wanted: readonly string[],
): string[] {
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
  const shown = wanted.join(SECTION_PATH_SEPARATOR);
  if (matches.size === 1) return [...matches.values()][0] as string[];
  if (matches.size === 0) throw new PalimpsestError('E_USAGE', `no section '${shown}' in edition '${edition.label}'`);
  const candidates = [...matches.values()]
    .slice(0, 5)
    .map((p) => p.join(SECTION_PATH_SEPARATOR))
    .join('; ');
  throw new PalimpsestError('E_USAGE', `section '${shown}' is ambiguous in edition '${edition.label}': ${candidates}`);
}

/** Options of `traceSeries`. */
export interface TraceSeriesOptions {
  mode?: TraceMode;
  context?: number;
  /** Hits kept per edition (the engine's default 1000); counts stay exact and the edition is marked truncated. */
  maxHitsPerEdition?: number;
}

/**
 * The trace of a phrase through a series (`palimpsest trace`): occurrences per edition with KWIC snippets. Reads the
 * series' trace-units cache (one value: no trees); extracts the units from the trees only when it is stale.
 */
export async function traceSeries(
  store: EditionStore,
  series: string,
  phrase: string,
  options: TraceSeriesOptions = {},
): Promise<TraceResult> {
  if (phrase.trim() === '') throw new PalimpsestError('E_USAGE', 'the phrase to trace is empty');
  const { records, units } = await seriesTraceUnits(store, series);
  const lang = records.find((record) => record.lang)?.lang ?? undefined;
  try {
    return tracePhrase(
      records.map((record, i) => ({
        label: record.label,
        ...(record.date ? { date: record.date } : {}),
        units: units[i] ?? [],
      })),
      phrase,
      {
        ...(options.mode ? { mode: options.mode } : {}),
        ...(options.context === undefined ? {} : { context: options.context }),
        ...(options.maxHitsPerEdition === undefined ? {} : { maxHitsPerEdition: options.maxHitsPerEdition }),
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
