/**
 * The embedded store: one SQLite file through better-sqlite3 and Kysely. WAL mode lets readers run beside the one
 * writer; `busy_timeout` makes a second writer wait for the first instead of failing at once; every transaction
 * begins IMMEDIATE, taking the write lock up front, so two writers queue rather than deadlock on a lock upgrade
 * (SQLite documentation: "Write-Ahead Logging", "BEGIN TRANSACTION"). Search is FTS5 with the trigram tokenizer;
 * terms shorter than three characters fall back to LIKE on the same table.
 */
import Database from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  Migrator,
  SqliteDialect,
  SqliteDriver,
  sql,
  type Transaction,
} from 'kysely';
import { StoreError } from './errors.js';
import {
  type ErrorClass,
  KyselyEditionStore,
  type SearchQuery,
  type SearchRow,
  type StoreHooks,
} from './kysely-store.js';
import { migrationProvider } from './migrations.js';
import type { StoreDatabase } from './schema.js';
import { codePointLength, ftsPhrase, likePattern, TRIGRAM } from './search-text.js';
import type { EditionStore, SearchUnit } from './store.js';

/** Options of a SQLite store. */
export interface SqliteStoreOptions {
  /** How long a writer waits for another writer's lock before E_STORE_BUSY, in ms (default 5000). */
  busyTimeoutMs?: number;
  /** Test-only hooks into writes. */
  hooks?: StoreHooks;
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

/** Rows per multi-row insert (6 parameters each, far below SQLite's 32766). */
const CHUNK = 500;

/** Inserts search units and their FTS5 rows, sharing rowids. */
async function insertUnits(
  trx: Transaction<StoreDatabase>,
  editionId: number,
  units: readonly SearchUnit[],
): Promise<void> {
  for (let from = 0; from < units.length; from += CHUNK) {
    const chunk = units.slice(from, from + CHUNK);
    const rows = await trx
      .insertInto('search_units')
      .values(
        chunk.map((unit, index) => ({
          edition_id: editionId,
          ordinal: from + index,
          path: unit.path,
          start_offset: unit.start,
          end_offset: unit.end,
          text: null,
        })),
      )
      .returning(['id', 'ordinal'])
      .execute();
    const values = rows.map((row) => sql`(${row.id}, ${(units[row.ordinal] as SearchUnit).text})`);
    await sql`insert into search_fts (rowid, text) values ${sql.join(values)}`.execute(trx);
  }
}

/**
 * FTS5 MATCH for the long terms, ranked by BM25, LIKE for the short ones; filters by series and edition. Two plans
 * keep latency flat on a large store: without filters, FTS5 ranks and limits on its own before any join (its
 * `ORDER BY rank LIMIT n` path); with only short terms there is no rank, so hits come in index order and the scan
 * stops at the limit instead of reading every row.
 */
async function search(db: Kysely<StoreDatabase>, query: SearchQuery): Promise<SearchRow[]> {
  const long = query.terms.filter((term) => codePointLength(term) >= TRIGRAM);
  const short = query.terms.filter((term) => codePointLength(term) < TRIGRAM);
  const text = [];
  if (long.length > 0) text.push(sql`search_fts match ${long.map(ftsPhrase).join(' ')}`);
  for (const term of short) text.push(sql`search_fts.text like ${likePattern(term)} escape '\\'`);
  const filters = [];
  if (query.series !== undefined) filters.push(sql`s.name = ${query.series}`);
  if (query.edition !== undefined) filters.push(sql`e.label = ${query.edition}`);
  const rank = long.length > 0 ? sql`-search_fts.rank` : sql`0.0`;
  const order = long.length > 0 ? sql`search_fts.rank` : sql`search_fts.rowid`;
  const where = sql.join([...text, ...filters], sql` and `);
  const matches =
    filters.length === 0
      ? sql`(select rowid, text, ${rank} as score from search_fts where ${where} order by ${order} limit ${query.limit})`
      : sql`(select search_fts.rowid, search_fts.text, ${rank} as score from search_fts
          join search_units u on u.id = search_fts.rowid
          join editions e on e.id = u.edition_id
          join series s on s.id = e.series_id
          where ${where} order by ${order} limit ${query.limit})`;
  const result = await sql<SearchRow>`
    select s.name as series, e.label as edition, u.path, u.start_offset, u.end_offset, f.text, f.score as rank
    from ${matches} f
    join search_units u on u.id = f.rowid
    join editions e on e.id = u.edition_id
    join series s on s.id = e.series_id
    order by f.score desc, f.rowid`.execute(db);
  return result.rows;
}

/** Opens (creating if needed) the SQLite store at `path` and applies pending migrations. */
export async function openSqliteStore(path: string, options: SqliteStoreOptions = {}): Promise<EditionStore> {
  const busyTimeoutMs = Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000));
  let database: Database.Database;
  try {
    database = new Database(path);
    database.pragma(`busy_timeout = ${busyTimeoutMs}`);
    database.pragma('journal_mode = WAL');
    // NORMAL is durable against a killed process in WAL mode (only a power cut can lose the last commit).
    database.pragma('synchronous = NORMAL');
    database.pragma('foreign_keys = ON');
  } catch (error) {
    throw openError(path, error);
  }
  const db = new Kysely<StoreDatabase>({ dialect: new ImmediateSqliteDialect(database) });
  try {
    await migrate(db);
  } catch (error) {
    await db.destroy();
    throw openError(path, error);
  }
  return new KyselyEditionStore(
    db,
    { kind: 'sqlite', lockSeries: async () => {}, insertUnits, search, classify: classifySqlite },
    path,
    options.hooks,
  );
}

/**
 * Apply pending migrations. Kysely's migration lock is a no-op on SQLite, so processes opening a brand-new store at
 * the same moment can both try to create its tables; the loser's "already exists" means the winner did the work,
 * and running the migrator again finds the migrations applied. A few attempts cover any number of such racers.
 */
async function migrate(db: Kysely<StoreDatabase>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const { error } = await new Migrator({ db, provider: migrationProvider('sqlite') }).migrateToLatest();
    if (error === undefined) return;
    const lostRace = /already exists/i.test(error instanceof Error ? error.message : String(error));
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
