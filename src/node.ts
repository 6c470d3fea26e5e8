/**
 * Palimpsest for Node programs: everything of the pure core (./index.ts) plus the importers, which read files, fetch
 * URLs and decode PDF, DOCX, HTML and Markdown, and the store with the use cases the CLI and the HTTP API run on it
 * (add editions, history, blame, trace, search, compare stored editions; SQLite or PostgreSQL). Kept apart from the
 * core entry so that browsers never load them.
 */
export type {
  AddDependencies,
  AddEditionsInput,
  AddEditionsResult,
  AddedEdition,
  AddProgress,
  BlameEditionOptions,
  EditionBytesInput,
  EditionBytesResult,
  EditionSourceInput,
  TraceSeriesOptions,
} from './application/index.js';
export type { Blame, BlameEdition, BlameSentence, HistoryStep, SeriesHistory } from './collate/index.js';

export { isPalimpsestError, PalimpsestError } from './errors/errors.js';
export {
  decodeText,
  detectFormat,
  type ImportSourceOptions,
  importEdition,
  importSource,
  isFormat,
  parseImported,
} from './importers/index.js';
export {
  type BlockHint,
  DEFAULT_LIMITS,
  FORMATS,
  type Format,
  type ImportedEdition,
  type ImportLimits,
  type ImportOptions,
  type Provenance,
  type SourceLocation,
  type SourceSpan,
} from './importers/types.js';
export * from './index.js';
export {
  type AddEditionResult,
  type EditionRecord,
  type EditionSource,
  type EditionStore,
  type OpenStoreOptions,
  openStore,
  type SearchHit,
  type SearchOptions,
  type SeriesSummary,
  type SnippetPart,
  type StoreKind,
  type StoreStats,
} from './store/index.js';
export type { EditionTrace, TraceHit, TraceMode, TraceResult } from './trace/index.js';

/** The use cases, loaded on their first call: a program that only imports files does not load the worker pool. */
type UseCases = typeof import('./application/index.js');
const useCases = (): Promise<UseCases> => import('./application/index.js');

/** Add editions (files, URLs or bytes read already) to a series, then align it: `palimpsest add`. */
export const addEditions: UseCases['addEditions'] = async (...args) => (await useCases()).addEditions(...args);
/** Add one edition from bytes in memory, then align its series: the HTTP upload. */
export const addEditionBytes: UseCases['addEditionBytes'] = async (...args) =>
  (await useCases()).addEditionBytes(...args);
/** Every series in the store with the store's counts: `palimpsest list`. */
export const listCorpus: UseCases['listCorpus'] = async (...args) => (await useCases()).listCorpus(...args);
/** A series and its editions with their provenance: `palimpsest show`. */
export const showSeries: UseCases['showSeries'] = async (...args) => (await useCases()).showSeries(...args);
/** What changed from each edition of a series to the next: `palimpsest history`. */
export const seriesHistory: UseCases['seriesHistory'] = async (...args) => (await useCases()).seriesHistory(...args);
/** Since when each sentence and heading of an edition reads as it does: `palimpsest blame`. */
export const blameEdition: UseCases['blameEdition'] = async (...args) => (await useCases()).blameEdition(...args);
/** A phrase in every edition of a series, with context, gaps and returns: `palimpsest trace`. */
export const traceSeries: UseCases['traceSeries'] = async (...args) => (await useCases()).traceSeries(...args);
/** Full-text search over every stored edition: `palimpsest search`. */
export const searchCorpus: UseCases['searchCorpus'] = async (...args) => (await useCases()).searchCorpus(...args);
/** Compare two stored editions of a series, adjacent or not: `palimpsest compare SERIES A B`. */
export const compareStored: UseCases['compareStored'] = async (...args) => (await useCases()).compareStored(...args);
/** The facts new, dropped or changed between two stored editions of a series: `palimpsest facts SERIES A B`. */
export const factsStored: UseCases['factsStored'] = async (...args) => (await useCases()).factsStored(...args);
/** The facts matching a phrase through every edition of a series: `palimpsest trace SERIES PHRASE --facts`. */
export const traceSeriesFacts: UseCases['traceSeriesFacts'] = async (...args) =>
  (await useCases()).traceSeriesFacts(...args);
/** Remove a series, or one edition of it, and update the series' caches: `palimpsest remove`. */
export const removeFromCorpus: UseCases['removeFromCorpus'] = async (...args) =>
  (await useCases()).removeFromCorpus(...args);
