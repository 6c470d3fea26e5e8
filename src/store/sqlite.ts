/**
 * The embedded store: one SQLite file through better-sqlite3 and Kysely. WAL mode lets readers run beside the one
 * writer; `busy_timeout` makes a second writer wait for the first instead of failing at once; every transaction
 * begins IMMEDIATE, taking the write lock up front, so two writers queue rather than deadlock on a lock upgrade
 * (SQLite documentation: "Write-Ahead Logging", "BEGIN TRANSACTION"). Search is FTS5 over each distinct unit text
 * once: the trigram tokenizer for terms of three characters or more, a gram table for one- and two-character
 * Japanese terms, LIKE for other short terms (see `search`).
 */

import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { quoteName, StoreError } from './errors.js';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  Migrator,
  type RawBuilder,
  SqliteDialect,
  SqliteDriver,
  sql,
  type Transaction,
} from './kysely-runtime.js';
import {
  type ErrorClass,
  KyselyEditionStore,
  type SearchQuery,
  type SearchRow,
  type SearchScope,
  type StoreHooks,
  textInScope,
  unitInScope,
} from './kysely-store.js';
import { migrationProvider, migrationState } from './migrations.js';
import type { StoreDatabase } from './schema.js';
import {
  distinctTexts,
  ftsPhrase,
  likePattern,
  type StoredText,
  type TermKinds,
  termKinds,
  textGrams,
} from './search-text.js';
import type { EditionStore } from './store.js';

/** Options of a SQLite store. */
export interface SqliteStoreOptions {
  /** How long a writer waits for another writer's lock before E_STORE_BUSY, in ms (default 5000). */
  busyTimeoutMs?: number;
  /** Test-only hooks into writes. */
  hooks?: StoreHooks;
  /**
   * Open for reading only: never create the file (E_NO_STORE when it does not exist), never migrate it (E_STORE when
   * it needs a migration), and write nothing, through a connection SQLite itself opens read-only — so a store file
   * the user may not write (or that root must not touch) can still be read.
   */
  readOnly?: boolean;
  /**
   * Largest size of the database in pages (SQLite's `max_page_count`): a write that would grow it further fails with
   * SQLITE_FULL, exactly as on a full disk. Caps a store's size; the tests use it to fill a store for real.
   */
  maxPageCount?: number;
}

/** Kysely's SQLite driver, but beginning every transaction IMMEDIATE (the writer lock first, then the reads). */
class ImmediateSqliteDriver extends SqliteDriver {
  /** Takes the write lock at BEGIN, so the busy handler can wait for it. */
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

/** Kysely's SQLite dialect with the IMMEDIATE driver. */
class ImmediateSqliteDialect extends SqliteDialect {
  readonly #database: Database.Database;
  /** Wraps one open better-sqlite3 database. */
  constructor(database: Database.Database) {
    super({ database });
    this.#database = database;
  }
  /** The driver beginning IMMEDIATE transactions. */
  override createDriver(): Driver {
    return new ImmediateSqliteDriver({ database: this.#database });
  }
}

/** SQLite's result codes that mean another connection holds a lock. */
function classifySqlite(error: unknown): ErrorClass {
  const code: unknown = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return 'other';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'busy';
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return 'unique';
  return 'database';
}

/** Rows per multi-row insert or digest lookup (at most 6 parameters a row, far below SQLite's 32766). */
const CHUNK = 500;

/**
 * The ids in `search_texts` of `texts` (in order), storing the ones not stored yet; a trigger adds each new text to
 * the trigram index, and its grams (if it has spaceless-script characters) go to the gram index here.
 */
async function storeTexts(trx: Transaction<StoreDatabase>, texts: readonly string[]): Promise<number[]> {
  const { byDigest, keys } = distinctTexts(texts);
  const distinct = [...byDigest.values()];
  for (let from = 0; from < distinct.length; from += CHUNK) {
    const digests = distinct.slice(from, from + CHUNK).map((entry) => entry.digest);
    const found = await trx
      .selectFrom('search_texts')
      .select(['id', 'digest'])
      .where('digest', 'in', digests)
      .execute();
    for (const row of found) (byDigest.get(Buffer.from(row.digest).toString('hex')) as StoredText).id = row.id;
  }
  const missing = distinct.filter((entry) => entry.id === undefined);
  for (let from = 0; from < missing.length; from += CHUNK) {
    const chunk = missing.slice(from, from + CHUNK);
    const inserted = await trx
      .insertInto('search_texts')
      .values(chunk.map((entry) => ({ digest: entry.digest, text: entry.text })))
      .returning(['id', 'digest'])
      .execute();
    const grams = [];
    for (const row of inserted) {
      const entry = byDigest.get(Buffer.from(row.digest).toString('hex')) as StoredText;
      entry.id = row.id;
      const textGramList = textGrams(entry.text);
      if (textGramList.length > 0) grams.push(sql`(${row.id}, ${textGramList.join(' ')})`);
    }
    if (grams.length > 0) await sql`insert into search_gram_fts (rowid, grams) values ${sql.join(grams)}`.execute(trx);
  }
  return keys.map((key) => (byDigest.get(key) as StoredText).id as number);
}

/**
 * The search, in two steps. First the best `limit` distinct texts holding every term: the index that drives it is
 * the FTS5 trigram index when a term has three characters or more (ranked by its BM25, FTS5's `ORDER BY rank LIMIT`
 * path), else the gram index for one- and two-character Japanese terms (ranked by its BM25), else a scan of the texts
 * in insertion order that stops at the limit; the other terms filter the driver's rows (the gram index by rowid, the
 * rest with LIKE). A series or edition filter keeps texts that some unit in scope holds. Then each text becomes its
 * units (in scope), best text first and in edition order within a text (as on PostgreSQL).
 *
 * Ranking distinct texts rather than units is what keeps common words fast: a term in most sentences of a
 * 100-edition series is scored once per distinct sentence instead of once per edition.
 */
async function search(db: Kysely<StoreDatabase>, query: SearchQuery): Promise<SearchRow[]> {
  const scope = query.scope;
  const best = bestTexts(termKinds(query.terms), scope, query.limit);
  const unitScope = scope === 'all' ? sql`` : sql`where ${unitInScope(scope)}`;
  // CROSS JOIN fixes the loop order (SQLite's documented way): the few best texts outside, their units inside. Left
  // to itself, the planner cannot see how few rows `best` has and may scan every unit instead.
  const result = await sql<SearchRow>`
    select s.name as series, e.label as edition, u.path, u.start_offset, u.end_offset, t.text, best.score as rank
    from (${best}) best
    cross join search_units u on u.text_id = best.id
    cross join search_texts t on t.id = best.id
    cross join editions e on e.id = u.edition_id
    cross join series s on s.id = e.series_id
    ${unitScope}
    order by best.score desc, best.id, u.edition_id, u.id
    limit ${query.limit}`.execute(db);
  return result.rows;
}

/** The query of the best `limit` texts (`id`, `score`) holding every term and held by a unit in scope. */
function bestTexts(kinds: TermKinds, scope: SearchScope, limit: number): RawBuilder<unknown> {
  const index = kinds.long.length > 0 ? sql`search_text_fts` : kinds.grams.length > 0 ? sql`search_gram_fts` : null;
  const match = (kinds.long.length > 0 ? kinds.long : kinds.grams).map(ftsPhrase).join(' ');
  const conditions = [];
  if (kinds.long.length > 0 && kinds.grams.length > 0) conditions.push(sql`t.id in (${gramMatches(kinds.grams)})`);
  for (const term of kinds.short) conditions.push(sql`t.text like ${likePattern(term)} escape '\\'`);
  if (scope !== 'all') {
    conditions.push(textInScope(scope));
  }
  if (index === null) {
    return sql`select t.id, 0.0 as score from search_texts t where ${sql.join(conditions, sql` and `)}
      order by t.id limit ${limit}`;
  }
  // The index alone: FTS5 ranks and keeps the best rows itself, without reading a table row per match.
  if (conditions.length === 0) {
    return sql`select rowid as id, -rank as score from ${index} where ${index} match ${match}
      order by rank limit ${limit}`;
  }
  return sql`select t.id, -${index}.rank as score from ${index} join search_texts t on t.id = ${index}.rowid
    where ${index} match ${match} and ${sql.join(conditions, sql` and `)} order by ${index}.rank, t.id limit ${limit}`;
}

/** The rowids of texts holding every gram term (each a single gram: an exact lookup). */
function gramMatches(grams: readonly string[]): RawBuilder<unknown> {
  return sql`select rowid from search_gram_fts where search_gram_fts match ${grams.map(ftsPhrase).join(' ')}`;
}

/** Opens (creating if needed, unless read-only) the SQLite store at `path` and applies pending migrations. */
export async function openSqliteStore(path: string, options: SqliteStoreOptions = {}): Promise<EditionStore> {
  const busyTimeoutMs = Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000));
  const readOnly = options.readOnly === true;
  if (readOnly && (path.trim() === '' || path.trim() === ':memory:')) {
    throw new StoreError('E_NO_STORE', `no store at ${quoteName(path)}: an in-memory store is empty until written`);
  }
  let database: Database.Database;
  try {
    database = new Database(path, readOnly ? { readonly: true, fileMustExist: true } : {});
    database.pragma(`busy_timeout = ${busyTimeoutMs}`);
    if (!readOnly) {
      database.pragma('journal_mode = WAL');
      // NORMAL is durable against a killed process in WAL mode (only a power cut can lose the last commit).
      database.pragma('synchronous = NORMAL');
    }
    database.pragma('foreign_keys = ON');
    if (options.maxPageCount !== undefined)
      database.pragma(`max_page_count = ${Math.max(1, Math.floor(options.maxPageCount))}`);
  } catch (error) {
    if (readOnly && !existsSync(path)) {
      throw new StoreError('E_NO_STORE', `no store at ${path}: reads never create one; add an edition first`, {
        cause: error,
      });
    }
    throw openError(path, error);
  }
  const db = new Kysely<StoreDatabase>({ dialect: new ImmediateSqliteDialect(database) });
  try {
    if (readOnly) await requireMigrated(db, path);
    else await migrate(db);
  } catch (error) {
    await db.destroy();
    throw error instanceof StoreError ? error : openError(path, error);
  }
  return new KyselyEditionStore(
    db,
    {
      kind: 'sqlite',
      lockSeries: async () => {},
      storeTexts,
      rowsPerInsert: CHUNK,
      search,
      classify: classifySqlite,
    },
    path,
    options.hooks,
    readOnly,
  );
}

/** Checks, without writing, that a store opened read-only is a Palimpsest store this code can read as it is. */
async function requireMigrated(db: Kysely<StoreDatabase>, path: string): Promise<void> {
  const state = await migrationState(db, 'sqlite');
  if (state === 'empty') {
    throw new StoreError('E_NO_STORE', `no store at ${path}: the file holds no Palimpsest store`);
  }
  if (state === 'behind') {
    throw new StoreError(
      'E_STORE',
      `the store ${path} was made by an older Palimpsest and needs upgrading, which a read does not do: run a command that writes to it (e.g. palimpsest add) once`,
    );
  }
  if (state === 'ahead') {
    throw new StoreError('E_STORE', `the store ${path} was made by a newer Palimpsest; upgrade Palimpsest to read it`);
  }
}

/**
 * Apply pending migrations. Kysely's migration lock is a no-op on SQLite, so processes opening a brand-new store at
 * the same moment can both try to create its tables or record a migration; the loser's "already exists" (or its
 * duplicate migration record) means the winner did the work, and running the migrator again finds the migrations
 * applied. A few attempts cover any number of such racers.
 */
async function migrate(db: Kysely<StoreDatabase>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const { error } = await new Migrator({ db, provider: migrationProvider('sqlite') }).migrateToLatest();
    if (error === undefined) return;
    const lostRace = /already exists|UNIQUE constraint failed: kysely_migration/i.test(
      error instanceof Error ? error.message : String(error),
    );
    if (!lostRace || attempt >= 5) throw error;
    await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
  }
}

/** A failure to open or migrate as E_STORE_BUSY or E_STORE. */
function openError(path: string, error: unknown): StoreError {
  const detail = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').slice(0, 200);
  if (classifySqlite(error) === 'busy') {
    return new StoreError('E_STORE_BUSY', `cannot open the store ${path}: it is busy with another writer (${detail})`, {
      cause: error,
    });
  }
  return new StoreError('E_STORE', `cannot open the store ${path} as a Palimpsest SQLite store: ${detail}`, {
    cause: error,
  });
}
