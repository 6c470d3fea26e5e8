/**
 * The server store: PostgreSQL by URL through pg and Kysely. Writers of one series queue on a row lock of the series
 * (SELECT … FOR UPDATE) and give up after `lock_timeout` with E_STORE_BUSY. Search runs over each distinct unit text
 * once and uses pg_trgm: every term is a LIKE on the lower-case text that the GIN trigram index answers (pg_trgm
 * documentation, "Index Support"), one- and two-character Japanese terms a GIN lookup of character grams, ranked by
 * a BM25-shaped term-frequency score (Robertson & Zaragoza, "The Probabilistic Relevance Framework: BM25 and
 * Beyond", without IDF).
 *
 * A `schema` query parameter (`postgres://host/db?schema=palimpsest`) puts the store's tables in that schema, created
 * if missing; tests use it to get a fresh store per run.
 */

import pg from 'pg';
import { quoteName, redactLocation, StoreError } from './errors.js';
import { Kysely, Migrator, PostgresDialect, sql, type Transaction } from './kysely-runtime.js';
import {
  type ErrorClass,
  KyselyEditionStore,
  type SearchQuery,
  type SearchRow,
  type StoreHooks,
  textInScope,
  unitInScope,
} from './kysely-store.js';
import { migrationProvider, migrationState } from './migrations.js';
import type { StoreDatabase } from './schema.js';
import { distinctTexts, likePattern, type StoredText, termKinds, textGrams } from './search-text.js';
import type { EditionStore } from './store.js';

/** Options of a PostgreSQL store. */
export interface PostgresStoreOptions {
  /** How long a writer waits for another writer's lock before E_STORE_BUSY, in ms (default 5000). */
  busyTimeoutMs?: number;
  /** Most pooled connections (default 4). */
  maxConnections?: number;
  /** Test-only hooks into writes. */
  hooks?: StoreHooks;
  /**
   * Open for reading only: every transaction read-only (`default_transaction_read_only`), no schema created, no
   * migration run (E_NO_STORE when there is no store, E_STORE when it needs a migration), nothing written.
   */
  readOnly?: boolean;
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

/**
 * Most matching distinct texts a search ranks (see `search`): scoring reads each candidate's text, so a term in most
 * of a corpus would cost a scan of it. Rare terms are ranked exactly; for common ones the hits are the best of the
 * first CANDIDATES matching texts. On the shared corpora a distinct text stands for about six units, so this covers
 * far more than the 2000 units ranked before texts were shared, in half the time of 2000 texts.
 */
const CANDIDATES = 1000;

/** Rows per multi-row insert or digest lookup (at most 7 parameters a row, far below PostgreSQL's 65535). */
const CHUNK = 1000;

/**
 * Takes the store's search-text lock until the transaction ends: writers of different series may share a text, and
 * the trigger that drops texts no unit holds takes the same lock (see migration 0002), so a text cannot be dropped
 * while another transaction starts to use it.
 */
async function lockTexts(trx: Transaction<StoreDatabase>): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(current_schema() || '.search_texts', 0))`.execute(trx);
}

/**
 * The ids in `search_texts` of `texts` (in order), storing the ones not stored yet with their grams (see
 * search-text.ts), under the search-text lock.
 */
async function storeTexts(trx: Transaction<StoreDatabase>, texts: readonly string[]): Promise<number[]> {
  await lockTexts(trx);
  // PostgreSQL text cannot hold NUL; nothing searchable is lost by dropping it.
  const { byDigest, keys } = distinctTexts(texts.map((text) => text.replaceAll('\u0000', '')));
  const distinct = [...byDigest.values()];
  for (let from = 0; from < distinct.length; from += CHUNK) {
    const digests = distinct.slice(from, from + CHUNK).map((entry) => entry.digest);
    const found = await sql<{ id: number; digest: Buffer }>`select id, digest from search_texts
      where digest = any(${digests}::bytea[])`.execute(trx);
    for (const row of found.rows) (byDigest.get(row.digest.toString('hex')) as StoredText).id = row.id;
  }
  const missing = distinct.filter((entry) => entry.id === undefined);
  for (let from = 0; from < missing.length; from += CHUNK) {
    const rows = missing.slice(from, from + CHUNK).map((entry) => {
      const grams = [...new Set(textGrams(entry.text))];
      return sql`(${entry.digest}, ${entry.text}, ${grams.length > 0 ? grams : null}::text[])`;
    });
    const inserted = await sql<{ id: number; digest: Buffer }>`insert into search_texts (digest, text, grams)
      values ${sql.join(rows)} returning id, digest`.execute(trx);
    for (const row of inserted.rows) (byDigest.get(row.digest.toString('hex')) as StoredText).id = row.id;
  }
  return keys.map((key) => (byDigest.get(key) as StoredText).id as number);
}

/**
 * The search, in two steps. First the distinct texts holding every term — each term a LIKE on the lower-case text
 * that the pg_trgm GIN index answers when it has three characters or more, one- and two-character Japanese terms
 * also a containment test on the `grams` array's GIN index — at most CANDIDATES of them, ranked by a BM25-shaped
 * term-frequency score; the best `limit` texts then become their units (in scope), best text first and in edition
 * order within a text.
 *
 * Ranking distinct texts rather than units keeps common words fast: a term in most sentences of a 100-edition
 * series is scored once per distinct sentence instead of once per edition, and CANDIDATES bounds the rest.
 */
async function search(db: Kysely<StoreDatabase>, query: SearchQuery): Promise<SearchRow[]> {
  const scope = query.scope;
  const kinds = termKinds(query.terms);
  const conditions = query.terms.map((term) => sql`t.folded like lower(${likePattern(term)})`);
  if (kinds.grams.length > 0) conditions.push(sql`t.grams @> ${kinds.grams}::text[]`);
  if (scope !== 'all') {
    conditions.push(textInScope(scope));
  }
  // BM25's term-frequency part with k1 = 1.2, b = 0.75 and an assumed average unit length of 200 bytes. Lengths
  // are in bytes (octet_length reads a header; char_length would walk the UTF-8), which divide out in the count.
  const scores = query.terms.map((term) => {
    const occurrences = sql`((octet_length(t.folded) - octet_length(replace(t.folded, lower(${term}), '')))::float8
      / octet_length(lower(${term})))`;
    return sql`(${occurrences} / (${occurrences} + 1.2 * (0.25 + 0.75 * octet_length(t.folded)::float8 / 200.0)))`;
  });
  const unitScope = scope === 'all' ? sql`` : sql`and ${unitInScope(scope)}`;
  const scopeJoin = scope === 'all' || 'editionId' in scope ? sql`` : sql`join editions e on e.id = u.edition_id`;
  // Both steps are MATERIALIZED CTEs. The matches, so that they are planned without the LIMIT: with it, the planner
  // expects a common term early in a sequential scan and skips the trigram index, though matches may sit at the end
  // of the table (the CTE is still read lazily, so the LIMIT stops the scan). The best texts, so that they are
  // ranked once: as a subquery the planner may put them inside a loop over editions and rank them again for each.
  // Only ids and scores go to the sort; the text is read for the returned ones.
  // The best texts are then walked in rank order (an ordered subquery, so the planner knows the order and sorts the
  // rest incrementally), each text's units taken in edition order by the (text_id, edition_id) index and at most
  // `limit` of them: a text every edition holds — a heading such as "Article 1" across thousands of editions — costs
  // `limit` rows, not thousands, and the walk stops once `limit` rows are out (issue 16 item 5: at 10,000 editions
  // the old join read 12,061 units to answer 20 for "article").
  const result = await sql<SearchRow>`
    with matches as materialized (
      select t.id, t.folded from search_texts t where ${sql.join(conditions, sql` and `)}
    ), best as materialized (
      select id, score from (select t.id, ${sql.join(scores, sql` + `)} as score from matches t limit ${CANDIDATES}) c
      order by score desc, id
      limit ${query.limit}
    )
    select s.name as series, e.label as edition, u.path, u.start_offset, u.end_offset, t.text, best.score as rank
    from (select id, score from best order by score desc, id) best
    join search_texts t on t.id = best.id
    cross join lateral (
      select u.id, u.edition_id, u.path, u.start_offset, u.end_offset from search_units u ${scopeJoin}
      where u.text_id = best.id ${unitScope}
      order by u.edition_id, u.id
      limit ${query.limit}
    ) u
    join editions e on e.id = u.edition_id
    join series s on s.id = e.series_id
    order by best.score desc, best.id, u.edition_id, u.id
    limit ${query.limit}`.execute(db);
  return result.rows;
}

/** Locks the series row until the transaction ends, so adds to one series queue. */
async function lockSeries(trx: Transaction<StoreDatabase>, seriesId: number): Promise<void> {
  await trx.selectFrom('series').select('id').where('id', '=', seriesId).forUpdate().execute();
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
    throw new StoreError(
      'E_STORE',
      `cannot open the store: ${quoteName(redactLocation(url))} is not a valid PostgreSQL URL`,
      {
        cause: error,
      },
    );
  }
  const schema = parsed.searchParams.get('schema') ?? undefined;
  parsed.searchParams.delete('schema');
  const location = redactLocation(url);
  const readOnly = options.readOnly === true;
  const busyTimeoutMs = Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000));
  const settings = [`-c lock_timeout=${busyTimeoutMs}`];
  if (readOnly) settings.push('-c default_transaction_read_only=on');
  if (schema !== undefined) settings.push(`-c search_path=${quoteIdentifier(schema).replace(/[\\ ]/g, '\\$&')},public`);
  const pool = new pg.Pool({
    connectionString: parsed.href,
    max: Math.max(1, options.maxConnections ?? 4),
    options: settings.join(' '),
    connectionTimeoutMillis: 10_000,
  });
  // An idle client losing its server must not crash the process; the next query reports the failure. Nor must a
  // client in use: pg fails its query and then emits 'error' on the client, which nothing else listens to (issue 9:
  // the server died when PostgreSQL went away during a health check).
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<StoreDatabase>({ dialect: new PostgresDialect({ pool }) });
  try {
    if (readOnly) {
      await requireMigrated(db, location, schema);
    } else {
      if (schema !== undefined) await createSchema(db, schema);
      await migrateToLatest(db, schema);
    }
  } catch (error) {
    await db.destroy();
    if (error instanceof StoreError) throw error;
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
    { kind: 'postgres', lockSeries, storeTexts, rowsPerInsert: CHUNK, search, classify: classifyPostgres },
    location,
    options.hooks,
    readOnly,
  );
}

/** Applies pending migrations (recorded in `schema` when the store has one). */
async function migrateToLatest(db: Kysely<StoreDatabase>, schema: string | undefined): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: migrationProvider('postgres'),
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
  const { error } = await migrator.migrateToLatest();
  if (error !== undefined) throw error;
}

/** Checks, without writing, that a store opened read-only exists and needs no migration. */
async function requireMigrated(db: Kysely<StoreDatabase>, location: string, schema: string | undefined): Promise<void> {
  if (schema !== undefined) {
    const found = await sql`select 1 from pg_namespace where nspname = ${schema}`.execute(db);
    if (found.rows.length === 0) {
      throw new StoreError('E_NO_STORE', `no store at ${location}: schema ${quoteName(schema)} does not exist`);
    }
  }
  const state = await migrationState(db, 'postgres', schema);
  if (state === 'empty') throw new StoreError('E_NO_STORE', `no store at ${location}: it holds no Palimpsest store`);
  if (state === 'behind') {
    throw new StoreError(
      'E_STORE',
      `the store ${location} was made by an older Palimpsest and needs upgrading, which a read does not do: run a command that writes to it (e.g. palimpsest add) once`,
    );
  }
  if (state === 'ahead') {
    throw new StoreError(
      'E_STORE',
      `the store ${location} was made by a newer Palimpsest; upgrade Palimpsest to read it`,
    );
  }
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
