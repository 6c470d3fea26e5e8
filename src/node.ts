/**
 * Palimpsest for Node programs: everything of the pure core (./index.ts) plus the importers, which read files, fetch
 * URLs and decode PDF, DOCX, HTML and Markdown, and the store with the use cases the CLI and the HTTP API run on it
 * (add editions, history, blame, trace, search, compare stored editions; SQLite or PostgreSQL). Kept apart from the
 * core entry so that browsers never load them.
 */
export {
  type AddDependencies,
  type AddEditionsInput,
  type AddEditionsResult,
  type AddedEdition,
  type AddProgress,
  addEditionBytes,
  addEditions,
  type BlameEditionOptions,
  blameEdition,
  compareStored,
  type EditionBytesInput,
  type EditionBytesResult,
  type EditionSourceInput,
  listCorpus,
  removeFromCorpus,
  searchCorpus,
  seriesHistory,
  showSeries,
  type TraceSeriesOptions,
  traceSeries,
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
