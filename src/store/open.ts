/**
 * Opening a store by location: a `postgres://` or `postgresql://` URL opens PostgreSQL, anything else is the path of
 * a SQLite file. The adapters are imported lazily, so a SQLite user never loads pg and vice versa. Choosing the
 * default location (`--store`, `PALIMPSEST_STORE`, `palimpsest.db`) is the CLI's business, not this module's.
 */
import type { StoreHooks } from './kysely-store.js';
import type { EditionStore } from './store.js';

/** Options of `openStore`, shared by both adapters. */
export interface OpenStoreOptions {
  /** How long a writer waits for another writer before E_STORE_BUSY, in ms (default 5000). */
  busyTimeoutMs?: number;
  /** Test-only hooks into writes. */
  hooks?: StoreHooks;
  /**
   * Open for reading only (the read commands): never create a store (E_NO_STORE), never migrate one (E_STORE), write
   * nothing — derived values a read makes are not kept.
   */
  readOnly?: boolean;
}

/** Whether `location` names a PostgreSQL store rather than a SQLite file. */
export function isPostgresLocation(location: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(location);
}

/** Opens the store at `location` (a SQLite path or a PostgreSQL URL), applying pending migrations unless read-only. */
export async function openStore(location: string, options: OpenStoreOptions = {}): Promise<EditionStore> {
  if (isPostgresLocation(location)) {
    const { openPostgresStore } = await import('./postgres.js');
    return openPostgresStore(location, options);
  }
  const { openSqliteStore } = await import('./sqlite.js');
  return openSqliteStore(location, options);
}
