/** The use cases of the editions corpus, shared by the CLI and the HTTP API: values in, values out. */
export {
  type AddDependencies,
  type AddEditionsInput,
  type AddEditionsResult,
  type AddedEdition,
  type AddProgress,
  addEditions,
  alignSeries,
  type EditionSourceInput,
  expandEditionSources,
  labelFromFileName,
} from './add.js';
export { defaultWorkerThreads } from './align-pool.js';
export {
  type BlameEditionOptions,
  blameEdition,
  compareStored,
  compareStoredJson,
  type LoadedEdition,
  listCorpus,
  loadSeries,
  type RebuildResult,
  rebuildCorpus,
  removeFromCorpus,
  resolveSection,
  searchCorpus,
  seriesHistory,
  showSeries,
  type TraceSeriesOptions,
  traceSeries,
} from './corpus.js';
export {
  COMPARISON_KIND,
  cachedComparison,
  cachedComparisonJson,
  comparisonKey,
  editionComparison,
  editionDocument,
  parseStoredBytes,
  searchUnits,
  TREE_KIND,
} from './documents.js';
export {
  loadSample,
  SAMPLE_EDITIONS,
  SAMPLE_PHRASE,
  SAMPLE_SECTION,
  SAMPLE_SERIES,
  sampleFolder,
} from './sample.js';
export {
  forgetSeriesCaches,
  SERIES_BLAME_KIND,
  SERIES_CACHE_KINDS,
  SERIES_COLLATION_KIND,
  SERIES_HISTORY_KIND,
  SERIES_LINEAGE_KIND,
  SERIES_TRACE_KIND,
  seriesCacheValues,
  seriesFingerprint,
  warmSeriesCaches,
} from './series-cache.js';
