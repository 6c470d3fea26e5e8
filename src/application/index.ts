/**
 * The use cases of the editions corpus, shared by the CLI and the HTTP API: values in, values out. One file per use
 * case in use-cases/; the caches of derived values (caches/) and the worker pool (workers/) serve them and are not
 * exported here, except what a surface needs to name: the series fingerprint (the API's ETag), the number of history
 * changes the cache keeps (the API's limit) and the pool a server runs.
 */
export { HISTORY_TOP_KEPT } from './caches/collate-pack.js';
export { seriesFingerprint } from './caches/series-cache.js';
export { type ReadView, readView, type StaleCaches } from './caches/stale-reads.js';
export {
  enqueueUpload,
  RECENT_FAILURE_MILLISECONDS,
  type ReadinessCounts,
  type SeriesReadiness,
  seriesReadiness,
} from './jobs/enqueue-upload.js';
export {
  type EnqueuedRebuild,
  enqueueAdd,
  enqueueRebuilds,
  enqueueUpgradeRebuilds,
  jobHandlers,
  type QueuedEdition,
} from './jobs/run-jobs.js';
export {
  type AddDependencies,
  type AddEditionsInput,
  type AddEditionsResult,
  type AddedEdition,
  type AddProgress,
  addEditions,
  alignSeries,
  type EditionSourceInput,
  readEditionSource,
} from './use-cases/add.js';
export { type BlameEditionOptions, blameEdition, resolveSection } from './use-cases/blame.js';
export {
  comparePair,
  comparePairJson,
  compareStored,
  compareStoredJson,
  type EditionPair,
  pairOf,
} from './use-cases/compare.js';
export { type FactsStoredOptions, factsOfPair, factsStored } from './use-cases/facts.js';
export { seriesHistory } from './use-cases/history.js';
export { listCorpus } from './use-cases/list.js';
export { type LoadedEdition, loadSeries } from './use-cases/load-series.js';
export {
  type RebuildResult,
  rebuildCorpus,
  rebuildSeries,
  type SeriesRebuildResult,
} from './use-cases/rebuild.js';
export { removeFromCorpus } from './use-cases/remove.js';
export { type GroupedSearch, searchCorpus, searchGrouped } from './use-cases/search.js';
export { showSeries } from './use-cases/show.js';
export { type TraceSeriesOptions, traceSeries } from './use-cases/trace.js';
export { traceSeriesFacts } from './use-cases/trace-facts.js';
export {
  addEditionBytes,
  type EditionBytesDependencies,
  type EditionBytesInput,
  type EditionBytesResult,
  storeReopenable,
} from './use-cases/upload.js';
export { AlignPool, type AlignPoolOptions, defaultWorkerThreads } from './workers/align-pool.js';
