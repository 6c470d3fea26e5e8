/**
 * The server store: PostgreSQL by URL through pg and Kysely. Writers of one series queue on a row lock of the series
 * (SELECT … FOR UPDATE) and give up after `lock_timeout` with E_STORE_BUSY. Search uses pg_trgm: every term is an
 * ILIKE that the GIN trigram index answers (pg_trgm documentation, "Index Support"), ranked by a BM25-shaped
 * term-frequency score (Robertson & Zaragoza, "The Probabilistic Relevance Framework: BM25 and Beyond", without IDF).
 *
 * A `schema` query parameter (`postgres://host/db?schema=palimpsest`) puts the store's tables in that schema, created
 * if missing; tests use it to get a fresh store per run.
 */
import { Kysely, Migrator, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
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
import { likePattern } from './search-text.js';
import type { EditionStore, SearchUnit } from './store.js';

/** Options of a PostgreSQL store. */
export interface PostgresStoreOptions {
  /** How long a writer waits for another writer's lock before E_STORE_BUSY, in ms (default 5000). */
  busyTimeoutMs?: number;
  /** Most pooled connections (default 4). */
  maxConnections?: number;
  /** Test-only hooks into writes. */
  hooks?: StoreHooks;
}

/** SQLSTATEs that mean another transaction holds what we need: lock_not_available, serialization, deadlock. */
const BUSY_STATES = new Set(['55P03', '40001', '40P01']);

/** Classifies a pg error by its SQLSTATE; connection failures (ECONNREFUSED…) count as database errors. */
function classifyPostgres(error: unknown): ErrorClass {
  const code: unknown = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string')
    return error instanceof Error && /Connection terminated/i.test(error.message) ? 'database' : 'other';
  if (BUSY_STATES.has(code)) return 'busy';
  if (code === '23505') return 'unique';
  if (/^[0-9A-Z]{5}$/.test(code) || code.startsWith('E')) return 'database';
  return 'other';
}

/** Most matches a search ranks (see `search`). */
const CANDIDATES = 2000;

/** Rows per multi-row insert (7 parameters each, far below PostgreSQL's 65535). */
const CHUNK = 1000;

/** Inserts search units with their text (the trigram index covers the text column). */
async function insertUnits(
  trx: Transaction<StoreDatabase>,
  editionId: number,
  units: readonly SearchUnit[],
): Promise<void> {
  for (let from = 0; from < units.length; from += CHUNK) {
    await trx
      .insertInto('search_units')
      .values(
        units.slice(from, from + CHUNK).map((unit, index) => ({
          edition_id: editionId,
          ordinal: from + index,
          path: unit.path,
          start_offset: unit.start,
          end_offset: unit.end,
          // PostgreSQL text cannot hold NUL; nothing searchable is lost by dropping it.
          text: unit.text.replaceAll('\u0000', ''),
        })),
      )
      .execute();
  }
}

/** Every term as ILIKE (index-backed by pg_trgm), ranked by a saturating term frequency normalised by length. */
async function search(db: Kysely<StoreDatabase>, query: SearchQuery): Promise<SearchRow[]> {
  const conditions = query.terms.map((term) => sql`u.text ilike ${likePattern(term)}`);
  if (query.series !== undefined) conditions.push(sql`s.name = ${query.series}`);
  if (query.edition !== undefined) conditions.push(sql`e.label = ${query.edition}`);
  // BM25's term-frequency part with k1 = 1.2, b = 0.75 and an assumed average unit length of 200 characters.
  const scores = query.terms.map((term) => {
    const occurrences = sql`((char_length(lower(u.text)) - char_length(replace(lower(u.text), lower(${term}), '')))::float8 / ${term.length})`;
    return sql`(${occurrences} / (${occurrences} + 1.2 * (0.25 + 0.75 * char_length(u.text) / 200.0)))`;
  });
  // Scoring reads every candidate's text, so very common terms would cost a scan of the corpus: rank at most
  // CANDIDATES matches (found through the trigram index). Rare terms are ranked exactly; for common ones the top
  // hits are the best of the first CANDIDATES matches.
  const result = await sql<SearchRow>`
    select series, edition, path, start_offset, end_offset, text, ${sql.join(scores, sql` + `)} as rank
    from (
      select s.name as series, e.label as edition, u.path, u.start_offset, u.end_offset, u.text, e.id as edition_id,
        u.ordinal
      from search_units u
      join editions e on e.id = u.edition_id
      join series s on s.id = e.series_id
      where ${sql.join(conditions, sql` and `)}
      limit ${CANDIDATES}
    ) u
    order by rank desc, series, edition_id, ordinal
    limit ${query.limit}`.execute(db);
  return result.rows;
}

/** Locks the series row until the transaction ends, so adds to one series queue. */
async function lockSeries(trx: Transaction<StoreDatabase>, seriesId: number): Promise<void> {
  await trx.selectFrom('series').select('id').where('id', '=', seriesId).forUpdate().execute();
}

/** The URL without its password, for messages. */
function redact(url: URL): string {
  const copy = new URL(url.href);
  if (copy.password !== '') copy.password = '***';
  return copy.href;
}

/** A PostgreSQL identifier quoted for a connection's `options` (search_path). */
function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Opens the PostgreSQL store at `url` (creating its schema if asked) and applies pending migrations. */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<EditionStore> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new StoreError('E_STORE', `cannot open the store: ${JSON.stringify(url)} is not a valid PostgreSQL URL`, {
      cause: error,
    });
  }
  const schema = parsed.searchParams.get('schema') ?? undefined;
  parsed.searchParams.delete('schema');
  const location = redact(new URL(url));
  const busyTimeoutMs = Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000));
  const settings = [`-c lock_timeout=${busyTimeoutMs}`];
  if (schema !== undefined) settings.push(`-c search_path=${quoteIdentifier(schema).replace(/[\\ ]/g, '\\$&')},public`);
  const pool = new pg.Pool({
    connectionString: parsed.href,
    max: Math.max(1, options.maxConnections ?? 4),
    options: settings.join(' '),
    connectionTimeoutMillis: 10_000,
  });
  // An idle client losing its server must not crash the process; the next query reports the failure.
  pool.on('error', () => {});
  const db = new Kysely<StoreDatabase>({ dialect: new PostgresDialect({ pool }) });
  try {
    if (schema !== undefined) await createSchema(db, schema);
    const migrator = new Migrator({
      db,
      provider: migrationProvider('postgres'),
      ...(schema === undefined ? {} : { migrationTableSchema: schema }),
    });
    const { error } = await migrator.migrateToLatest();
    if (error !== undefined) throw error;
  } catch (error) {
    await db.destroy();
    const detail = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').slice(0, 200);
    if (classifyPostgres(error) === 'busy') {
      throw new StoreError('E_STORE_BUSY', `cannot open the store ${location}: it is busy (${detail})`, {
        cause: error,
      });
    }
    throw new StoreError('E_STORE', `cannot open the store ${location} as a Palimpsest PostgreSQL store: ${detail}`, {
      cause: error,
    });
  }
  return new KyselyEditionStore(
    db,
    { kind: 'postgres', lockSeries, insertUnits, search, classify: classifyPostgres },
    location,
    options.hooks,
  );
}

/** Creates the store's schema unless it exists (two processes racing to create it is fine). */
async function createSchema(db: Kysely<StoreDatabase>, schema: string): Promise<void> {
  try {
    await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  } catch (error) {
    const found = await sql`select 1 from pg_namespace where nspname = ${schema}`.execute(db);
    if (found.rows.length === 0) throw error;
  }
}
