/**
 * The store's public API: the EditionStore port, `openStore` for a SQLite path or a PostgreSQL URL, and the store's
 * coded errors. The contract suite (contract.ts) is for tests and is not exported here.
 */
export { isStoreError, redactLocation, STORE_ERROR_CODES, StoreError, type StoreErrorCode } from './errors.js';
export type { StoreHooks } from './kysely-store.js';
export { isPostgresLocation, type OpenStoreOptions, openStore } from './open.js';
export type { SnippetPart } from './search-text.js';
export type {
  AddEditionInput,
  AddEditionResult,
  ClearDerivedResult,
  DerivedValue,
  EditionRecord,
  EditionSource,
  EditionStore,
  SearchGroup,
  SearchHit,
  SearchOptions,
  SearchUnit,
  SeriesSummary,
  StoreKind,
  StoreStats,
} from './store.js';
