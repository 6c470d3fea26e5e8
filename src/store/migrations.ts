/**
 * Versioned migrations, defined in code (no files read at run time) and applied on open with Kysely's Migrator, which
 * records them in `kysely_migration` and refuses a store that has migrations this code does not know (a store made
 * by a newer Palimpsest). Each migration is written once per dialect where SQLite and PostgreSQL differ: the
 * autoincrement key, the bytes type, and the search index (FTS5 with the trigram tokenizer on SQLite, pg_trgm's GIN
 * trigram index on PostgreSQL — both index every three-character substring, so Japanese text without spaces is
 * searchable; see SQLite's FTS5 documentation, "The Trigram Tokenizer", and PostgreSQL's pg_trgm module).
 *
 * Migrations write raw SQL against the schema as it was when they were written, never today's table types, so an old
 * store still upgrades step by step after later migrations change those tables.
 */
import { type Kysely, type Migration, type MigrationProvider, sql } from './kysely-runtime.js';
import { textDigest, textGrams } from './search-text.js';
import type { StoreKind } from './store.js';

/** The store's migrations for one dialect, by name; names sort in the order they apply. */
export function storeMigrations(kind: StoreKind): Record<string, Migration> {
  return {
    '0001_initial': { up: (db) => initialSchema(db, kind) },
    '0002_shared_search_texts': { up: (db) => (kind === 'sqlite' ? sharedTextsSqlite(db) : sharedTextsPostgres(db)) },
    '0003_derived_parts': { up: (db) => derivedParts(db, kind) },
    '0004_series_derived_with': { up: (db) => seriesDerivedWith(db, kind) },
  };
}

/** The GIN trigram operator class, qualified by the schema pg_trgm lives in (someone may have installed it before). */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types (Kysely's advice).
async function trigramOperatorClass(db: Kysely<any>) {
  await sql`create extension if not exists pg_trgm with schema public`.execute(db);
  const found = await sql<{ schema: string }>`select n.nspname as schema from pg_extension e
    join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm'`.execute(db);
  return sql`${sql.id(found.rows[0]?.schema ?? 'public')}.gin_trgm_ops`;
}

/**
 * Creates a pg_trgm GIN index on `table`.`column` (with storage parameters `options`, e.g. sql`with (…)`) if pg_trgm
 * is available and ours to create; otherwise search still works (LIKE), only without the index.
 */
async function tryTrigramIndex(
  // biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types (Kysely's advice).
  db: Kysely<any>,
  name: string,
  table: string,
  column: string,
  options = sql``,
): Promise<void> {
  await sql`savepoint palimpsest_trgm`.execute(db);
  try {
    const operatorClass = await trigramOperatorClass(db);
    await sql`create index ${sql.id(name)} on ${sql.id(table)}
      using gin (${sql.id(column)} ${operatorClass}) ${options}`.execute(db);
    await sql`release savepoint palimpsest_trgm`.execute(db);
  } catch {
    await sql`rollback to savepoint palimpsest_trgm`.execute(db);
  }
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
  await tryTrigramIndex(db, 'search_units_text_trgm', 'search_units', 'text');
}

/**
 * Migration 0003 (both dialects): a large derived value is stored as several rows — its first chunk of JSON in
 * `derived` with the number of parts and the id of this writing, the others in `derived_parts` under that id — so no
 * value is ever one giant string (issue 9 item 3). A reader takes the parts of the id the head row names, so a value
 * replaced meanwhile reads as a miss, never as two writings spliced.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types (Kysely's advice).
async function derivedParts(db: Kysely<any>, kind: StoreKind): Promise<void> {
  // PostgreSQL runs every migration in a transaction under Kysely's advisory lock. Kysely runs SQLite migrations
  // outside one, so processes opening a store at the same moment could both add the columns ("duplicate column
  // name"); as 0002 does, SQLite's runs in its own (IMMEDIATE) transaction and first checks whether it is done.
  if (kind === 'postgres') return derivedPartsSchema(db);
  await db.transaction().execute(async (trx) => {
    const done = await sql`select 1 from sqlite_master where type = 'table' and name = 'derived_parts'`.execute(trx);
    if (done.rows.length === 0) await derivedPartsSchema(trx);
  });
}

/** The columns and table of migration 0003. */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types (Kysely's advice).
async function derivedPartsSchema(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('derived')
    .addColumn('parts', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.alterTable('derived').addColumn('parts_id', 'text').execute();
  await db.schema
    .createTable('derived_parts')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('parts_id', 'text', (c) => c.notNull())
    .addColumn('part', 'integer', (c) => c.notNull())
    .addColumn('json', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('derived_parts_pk', ['kind', 'key', 'parts_id', 'part'])
    .execute();
}

/**
 * Migration 0004: `series.derived_with`, the engine version a series' derived data was last made current with as a
 * whole (issue 16: an engine upgrade finds the series to rebuild by it, and reads serve old caches while it differs).
 * Null on every existing series: nobody knows yet, and the first worker brings each up to date. SQLite's runs in its
 * own transaction and checks first, as 0003's does.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types (Kysely's advice).
async function seriesDerivedWith(db: Kysely<any>, kind: StoreKind): Promise<void> {
  if (kind === 'postgres') {
    await db.schema.alterTable('series').addColumn('derived_with', 'text').execute();
    return;
  }
  await db.transaction().execute(async (trx) => {
    const columns = await sql<{ name: string }>`select name from pragma_table_info('series')`.execute(trx);
    if (!columns.rows.some((column) => column.name === 'derived_with')) {
      await trx.schema.alterTable('series').addColumn('derived_with', 'text').execute();
    }
  });
}

/** Rows read per step when a migration moves the search index. */
const MOVE_CHUNK = 1000;

/**
 * Migration 0002 on SQLite: each distinct unit text is stored and indexed once, however many editions repeat it
 * (`search_texts`, `search_units.text_id`), with an FTS5 trigram index over it and a second FTS5 index of its
 * spaceless-script characters and character pairs (`search_gram_fts`, see search-text.ts) for one- and
 * two-character Japanese terms. The old index is moved, not dropped, so search works at once after the upgrade.
 *
 * Kysely runs SQLite migrations outside a transaction, so this one runs in its own: a process killed halfway leaves
 * the store as before. If it was killed after the commit but before Kysely recorded the migration, the tables are
 * there and the migration has nothing left to do.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types (Kysely's advice).
async function sharedTextsSqlite(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // Checked inside the (IMMEDIATE) transaction, so a process that waited for another's upgrade sees it done.
    const done = await sql`select 1 from sqlite_master where type = 'table' and name = 'search_texts'`.execute(trx);
    if (done.rows.length > 0) return;
    await sql`create table search_texts (id integer primary key, digest blob not null unique,
      text text not null)`.execute(trx);
    await sql`create virtual table search_text_fts using fts5(text, content = 'search_texts', content_rowid = 'id',
      tokenize = 'trigram')`.execute(trx);
    await sql`create virtual table search_gram_fts using fts5(grams, content = '', contentless_delete = 1,
      tokenize = 'unicode61 remove_diacritics 0')`.execute(trx);
    // An external-content FTS5 table is kept in step by triggers (FTS5 documentation, "External Content Tables").
    await sql`create trigger search_texts_insert after insert on search_texts begin
      insert into search_text_fts (rowid, text) values (new.id, new.text);
    end`.execute(trx);
    await sql`create trigger search_texts_delete after delete on search_texts begin
      insert into search_text_fts (search_text_fts, rowid, text) values ('delete', old.id, old.text);
      delete from search_gram_fts where rowid = old.id;
    end`.execute(trx);
    await sql`alter table search_units add column text_id integer references search_texts (id)`.execute(trx);
    const ids = new Map<string, number>();
    for (let last = -1; ; ) {
      const rows = (
        await sql<{ id: number; text: string }>`select rowid as id, text from search_fts where rowid > ${last}
          order by rowid limit ${MOVE_CHUNK}`.execute(trx)
      ).rows;
      if (rows.length === 0) break;
      last = (rows[rows.length - 1] as { id: number }).id;
      const pairs = [];
      for (const row of rows) {
        const digest = textDigest(row.text);
        const key = digest.toString('hex');
        let id = ids.get(key);
        if (id === undefined) {
          const inserted = await sql<{ id: number }>`insert into search_texts (digest, text)
            values (${digest}, ${row.text}) returning id`.execute(trx);
          id = (inserted.rows[0] as { id: number }).id;
          ids.set(key, id);
          const grams = textGrams(row.text);
          if (grams.length > 0) {
            await sql`insert into search_gram_fts (rowid, grams) values (${id}, ${grams.join(' ')})`.execute(trx);
          }
        }
        pairs.push(sql`(${row.id}, ${id})`);
      }
      await sql`with moved (unit, text_id) as (values ${sql.join(pairs)})
        update search_units set text_id = moved.text_id from moved where search_units.id = moved.unit`.execute(trx);
    }
    await sql`drop trigger search_units_delete`.execute(trx);
    await sql`drop table search_fts`.execute(trx);
    await sql`alter table search_units drop column text`.execute(trx);
    await sql`create index search_units_text on search_units (text_id, edition_id)`.execute(trx);
    // A text goes with the last unit holding it (also when editions or series cascade away).
    await sql`create trigger search_units_delete after delete on search_units
      when not exists (select 1 from search_units where text_id = old.text_id) begin
      delete from search_texts where id = old.text_id;
    end`.execute(trx);
    // One merged b-tree per index after the bulk move (FTS5 documentation, "The 'optimize' Command").
    await sql`insert into search_text_fts (search_text_fts) values ('optimize')`.execute(trx);
    await sql`insert into search_gram_fts (search_gram_fts) values ('optimize')`.execute(trx);
  });
}

/**
 * Migration 0002 on PostgreSQL: each distinct unit text is stored and indexed once (`search_texts`,
 * `search_units.text_id`), in lower case too with the pg_trgm GIN index over that, and with a `grams` array of its
 * spaceless-script characters and character pairs under a GIN index (see search-text.ts) for one- and
 * two-character Japanese terms, which pg_trgm cannot answer. The old index is moved in SQL (PostgreSQL's sha256 of
 * the UTF-8 bytes is the digest the adapter computes), then the grams are computed here.
 *
 * A statement trigger drops texts no unit holds any more. Writers of different series may share a text, so every
 * write to `search_texts` and that trigger first take one transaction-level advisory lock per store: a text cannot
 * be dropped by one transaction while another starts to use it.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types (Kysely's advice).
async function sharedTextsPostgres(db: Kysely<any>): Promise<void> {
  // `folded` is the text in lower case once, so matching is LIKE on it rather than ILIKE on the text, which folds
  // every candidate's case again on every search (ten times slower for "Gesetz" on the shared corpora).
  await sql`create table search_texts (id serial primary key, digest bytea not null unique, text text not null,
    folded text generated always as (lower(text)) stored, grams text[])`.execute(db);
  await sql`insert into search_texts (digest, text)
    select first.digest, u.text from (
      select sha256(convert_to(text, 'UTF8')) as digest, min(id) as id from search_units
      where text is not null group by 1
    ) first join search_units u on u.id = first.id order by first.id`.execute(db);
  await sql`alter table search_units add column text_id integer references search_texts (id)`.execute(db);
  await sql`update search_units u set text_id = t.id from search_texts t
    where t.digest = sha256(convert_to(u.text, 'UTF8'))`.execute(db);
  await sql`delete from search_units where text_id is null`.execute(db);
  await sql`alter table search_units alter column text_id set not null`.execute(db);
  // Dropping the column drops its trigram index too.
  await sql`alter table search_units drop column text`.execute(db);
  await sql`create index search_units_text on search_units (text_id, edition_id)`.execute(db);
  for (let last = 0; ; ) {
    const rows = (
      await sql<{ id: number; text: string }>`select id, text from search_texts where id > ${last}
        order by id limit ${MOVE_CHUNK}`.execute(db)
    ).rows;
    if (rows.length === 0) break;
    last = (rows[rows.length - 1] as { id: number }).id;
    const values = [];
    for (const row of rows) {
      const grams = [...new Set(textGrams(row.text))];
      if (grams.length > 0) values.push(sql`(${row.id}::integer, ${grams}::text[])`);
    }
    if (values.length === 0) continue;
    await sql`update search_texts t set grams = g.grams from (values ${sql.join(values)}) as g (id, grams)
      where t.id = g.id`.execute(db);
  }
  // A GIN index queues new entries in a pending list that every search reads in full until it is merged (by default
  // at 4 MB, or by VACUUM); a 512 kB limit keeps that read short while still merging in batches (PostgreSQL
  // documentation, "GIN Fast Update Technique").
  const pending = sql`with (gin_pending_list_limit = 512)`;
  await tryTrigramIndex(db, 'search_texts_folded_trgm', 'search_texts', 'folded', pending);
  await sql`create index search_texts_grams on search_texts using gin (grams) ${pending}`.execute(db);
  // Fresh statistics, so the first searches after the upgrade are planned on the new tables as they are.
  await sql`analyze search_texts`.execute(db);
  await sql`analyze search_units`.execute(db);
  // The lock key is per schema, so stores in different schemas of one database do not wait for each other.
  await sql`create function search_units_drop_orphan_texts() returns trigger language plpgsql
    set search_path from current as $$
    begin
      perform pg_advisory_xact_lock(hashtextextended(current_schema() || '.search_texts', 0));
      delete from search_texts t where t.id in (select distinct text_id from gone)
        and not exists (select 1 from search_units u where u.text_id = t.id);
      return null;
    end $$`.execute(db);
  await sql`create trigger search_units_drop_orphan_texts after delete on search_units
    referencing old table as gone for each statement execute function search_units_drop_orphan_texts()`.execute(db);
}

/** The migration state of a store opened read-only, which must not migrate it. */
export type MigrationState = 'empty' | 'current' | 'behind' | 'ahead';

/**
 * Where a store stands against this code's migrations, read without writing anything: `empty` (no Palimpsest tables:
 * not a store), `current`, `behind` (it needs migrations a read-only open must not apply) or `ahead` (made by a newer
 * Palimpsest).
 */
export async function migrationState(
  // biome-ignore lint/suspicious/noExplicitAny: read before the store's tables are known to exist.
  db: Kysely<any>,
  kind: StoreKind,
  migrationTableSchema?: string,
): Promise<MigrationState> {
  const { Migrator } = await import('./kysely-runtime.js');
  const migrator = new Migrator({
    db,
    provider: migrationProvider(kind),
    ...(migrationTableSchema === undefined ? {} : { migrationTableSchema }),
  });
  const migrations = await migrator.getMigrations();
  const executed = migrations.filter((migration) => migration.executedAt !== undefined).length;
  if (executed === 0) return 'empty';
  if (executed < migrations.length) return 'behind';
  const table =
    migrationTableSchema === undefined
      ? sql.table('kysely_migration')
      : sql.table(`${migrationTableSchema}.kysely_migration`);
  const recorded = await sql<{ n: number | string }>`select count(*) as n from ${table}`.execute(db);
  return Number(recorded.rows[0]?.n ?? 0) > migrations.length ? 'ahead' : 'current';
}
