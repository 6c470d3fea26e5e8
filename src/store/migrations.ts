/**
 * Versioned migrations, defined in code (no files read at run time) and applied on open with Kysely's Migrator, which
 * records them in `kysely_migration` and refuses a store that has migrations this code does not know (a store made
 * by a newer Palimpsest). Each migration is written once per dialect where SQLite and PostgreSQL differ: the
 * autoincrement key, the bytes type, and the search index (FTS5 with the trigram tokenizer on SQLite, pg_trgm's GIN
 * trigram index on PostgreSQL — both index every three-character substring, so Japanese text without spaces is
 * searchable; see SQLite's FTS5 documentation, "The Trigram Tokenizer", and PostgreSQL's pg_trgm module).
 */
import { type Kysely, type Migration, type MigrationProvider, sql } from 'kysely';
import type { StoreKind } from './store.js';

/** The store's migrations for one dialect, by name; names sort in the order they apply. */
export function storeMigrations(kind: StoreKind): Record<string, Migration> {
  return {
    '0001_initial': { up: (db) => initialSchema(db, kind) },
  };
}

/** A Kysely MigrationProvider serving the in-code migrations of one dialect. */
export function migrationProvider(kind: StoreKind): MigrationProvider {
  return { getMigrations: async () => storeMigrations(kind) };
}

/** Migration 0001: series, blobs, editions, derived caches and the search index. */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types (Kysely's advice).
async function initialSchema(db: Kysely<any>, kind: StoreKind): Promise<void> {
  const sqlite = kind === 'sqlite';
  const id = sqlite ? ('integer' as const) : ('serial' as const);
  await db.schema
    .createTable('series')
    .addColumn('id', id, (c) => (sqlite ? c.primaryKey().autoIncrement() : c.primaryKey()))
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .execute();
  await db.schema
    .createTable('blobs')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('size', sqlite ? 'integer' : 'bigint', (c) => c.notNull())
    .addColumn('bytes', sqlite ? 'blob' : sql`bytea`, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('editions')
    .addColumn('id', id, (c) => (sqlite ? c.primaryKey().autoIncrement() : c.primaryKey()))
    .addColumn('series_id', 'integer', (c) => c.notNull().references('series.id').onDelete('cascade'))
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('date', 'text')
    .addColumn('lang', 'text')
    .addColumn('sha256', 'text', (c) => c.notNull().references('blobs.sha256'))
    .addColumn('source_name', 'text', (c) => c.notNull())
    .addColumn('final_url', 'text')
    .addColumn('content_type', 'text')
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('encoding', 'text')
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addColumn('engine_version', 'text', (c) => c.notNull())
    .addColumn('indexed_with', 'text')
    .addUniqueConstraint('editions_series_label', ['series_id', 'label'])
    .execute();
  await db.schema.createIndex('editions_sha256').on('editions').column('sha256').execute();
  await db.schema
    .createTable('derived')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('engine_version', 'text', (c) => c.notNull())
    .addColumn('json', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('derived_pk', ['kind', 'key'])
    .execute();
  await db.schema
    .createTable('search_units')
    .addColumn('id', id, (c) => (sqlite ? c.primaryKey().autoIncrement() : c.primaryKey()))
    .addColumn('edition_id', 'integer', (c) => c.notNull().references('editions.id').onDelete('cascade'))
    .addColumn('ordinal', 'integer', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('start_offset', 'integer', (c) => c.notNull())
    .addColumn('end_offset', 'integer', (c) => c.notNull())
    // On SQLite the text lives in the FTS5 table only, so it is stored once.
    .addColumn('text', 'text')
    .execute();
  await db.schema.createIndex('search_units_edition').on('search_units').columns(['edition_id', 'ordinal']).execute();
  if (sqlite) {
    // FTS5 rows share rowids with search_units; the trigger keeps them in step, also through ON DELETE CASCADE.
    await sql`create virtual table search_fts using fts5(text, tokenize = 'trigram')`.execute(db);
    await sql`create trigger search_units_delete after delete on search_units begin
      delete from search_fts where rowid = old.id;
    end`.execute(db);
    return;
  }
  // pg_trgm may be unavailable or not ours to create: then search still works (ILIKE), only without the index.
  await sql`savepoint palimpsest_trgm`.execute(db);
  try {
    await sql`create extension if not exists pg_trgm with schema public`.execute(db);
    // The extension may live in another schema when someone installed it before us: qualify its operator class.
    const found = await sql<{ schema: string }>`select n.nspname as schema from pg_extension e
      join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm'`.execute(db);
    const schema = found.rows[0]?.schema ?? 'public';
    await sql`create index search_units_text_trgm on search_units
      using gin (text ${sql.id(schema)}.gin_trgm_ops)`.execute(db);
    await sql`release savepoint palimpsest_trgm`.execute(db);
  } catch {
    await sql`rollback to savepoint palimpsest_trgm`.execute(db);
  }
}
