/**
 * The one implementation of EditionStore over Kysely, shared by SQLite and PostgreSQL. What differs between the two
 * (the full-text table, row locks, how a database says "busy") sits behind a small StoreDialect that each adapter
 * provides; everything else — transactions, idempotent adds, blob sharing, derived caches — is written once here.
 *
 * Every write runs in one transaction, so a process killed halfway leaves the store as it was (SQLite's WAL and
 * PostgreSQL both discard an uncommitted transaction).
 */
import { createHash, randomUUID } from 'node:crypto';
import { PalimpsestError } from '../errors/errors.js';
import { quoteName, StoreError } from './errors.js';
import { jsonChunkStream } from './json-chunks.js';
import { type Kysely, type RawBuilder, type Selectable, sql, type Transaction } from './kysely-runtime.js';
import type { EditionsTable, StoreDatabase } from './schema.js';
import { markSnippet, queryTerms, sentenceKey } from './search-text.js';
import type {
  AddEditionInput,
  AddEditionResult,
  ClearDerivedResult,
  DerivedValue,
  EditionRecord,
  EditionStore,
  SearchHit,
  SearchOptions,
  SearchUnit,
  SeriesSummary,
  StoreKind,
  StoreStats,
} from './store.js';

/** Hooks into a write, for tests only: they let a test pause or fail an add between its blob and its edition row. */
export interface StoreHooks {
  /** Called inside the add transaction after the blob is written and before the edition row is. */
  afterBlobInsert?: (input: AddEditionInput) => Promise<void> | void;
}

/** One search candidate as a dialect returns it, before the snippet is cut. */
export interface SearchRow {
  series: string;
  edition: string;
  path: string;
  start_offset: number;
  end_offset: number;
  text: string;
  rank: number;
}

/** Which units a search may return: all, those of one series, or those of one edition (by id). */
export type SearchScope = 'all' | { seriesId: number } | { editionId: number };

/** The filters and terms of one search, resolved. */
export interface SearchQuery {
  /** Terms, longest first; every one must occur. */
  terms: string[];
  /** The units the search may return. */
  scope: SearchScope;
  /** Most hits. */
  limit: number;
}

/** The condition, in both dialects, on a unit `u` of edition `e` of being in `scope`. */
export function unitInScope(scope: Exclude<SearchScope, 'all'>): RawBuilder<unknown> {
  return 'editionId' in scope ? sql`u.edition_id = ${scope.editionId}` : sql`e.series_id = ${scope.seriesId}`;
}

/**
 * The condition, in both dialects, on a distinct text `t` of being held by a unit in `scope`: one index probe per
 * text for an edition; for a series, a walk over the text's units (a handful each), not one probe per edition.
 */
export function textInScope(scope: Exclude<SearchScope, 'all'>): RawBuilder<unknown> {
  if ('editionId' in scope) {
    return sql`exists (select 1 from search_units u where u.text_id = t.id and u.edition_id = ${scope.editionId})`;
  }
  return sql`exists (select 1 from search_units u join editions e on e.id = u.edition_id
    where u.text_id = t.id and e.series_id = ${scope.seriesId})`;
}

/** What an error from the database means for the caller. */
export type ErrorClass = 'busy' | 'unique' | 'database' | 'other';

/** What differs between SQLite and PostgreSQL, provided by each adapter. */
export interface StoreDialect {
  /** Which database this is. */
  kind: StoreKind;
  /** Serialises writers of one series (PostgreSQL: a row lock; SQLite needs nothing, its writer lock is global). */
  lockSeries(trx: Transaction<StoreDatabase>, seriesId: number): Promise<void>;
  /** The ids in `search_texts` of `texts`, in order, storing (and indexing) the ones not stored yet. */
  storeTexts(trx: Transaction<StoreDatabase>, texts: readonly string[]): Promise<number[]>;
  /** Rows per multi-row insert, within the database's limit on bound parameters. */
  rowsPerInsert: number;
  /** Candidates for a search, best first, at most `query.limit`. */
  search(db: Kysely<StoreDatabase>, query: SearchQuery): Promise<SearchRow[]>;
  /** Classifies a thrown error. */
  classify(error: unknown): ErrorClass;
  /** Releases what the adapter opened besides Kysely (nothing for now). */
  close?(): Promise<void>;
}

/** Default and largest number of search hits. */
const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 1000;

/** Series names per query of `listEditionsOf` (SQLite allows 32766 parameters, PostgreSQL 65535). */
const CHUNK_NAMES = 500;

/** Numeric-aware label order, so `v2` sorts before `v10`; fixed locale so both stores agree. */
const LABELS = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });

/** An edition date: ISO `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (string order is then date order). */
const DATE = /^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$/;

/** An edition row joined with its series name. */
type EditionRow = Selectable<EditionsTable> & { series: string; size: number | string };

/** Orders editions by date (undated last), then label, then insertion. */
function compareEditions(a: EditionRow, b: EditionRow): number {
  if (a.date !== b.date) {
    if (a.date === null) return 1;
    if (b.date === null) return -1;
    return a.date < b.date ? -1 : 1;
  }
  return LABELS.compare(a.label, b.label) || a.id - b.id;
}

/** An edition row as the public record. */
function toRecord(row: EditionRow): EditionRecord {
  const source: EditionRecord['source'] = { name: row.source_name };
  if (row.final_url !== null) source.finalUrl = row.final_url;
  if (row.content_type !== null) source.contentType = row.content_type;
  return {
    series: row.series,
    label: row.label,
    date: row.date,
    lang: row.lang,
    sha256: row.sha256,
    size: Number(row.size),
    source,
    format: row.format,
    encoding: row.encoding,
    importedAt: row.imported_at,
    engineVersion: row.engine_version,
    indexedWith: row.indexed_with,
  };
}

/** A view of `bytes` as a Buffer without copying (what both drivers bind as a blob). */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Throws E_USAGE unless `value` is a non-empty string without control characters. */
function requireName(value: unknown, what: string): asserts value is string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: names are one-line identifiers.
  if (typeof value !== 'string' || value.trim() === '' || /[\u0000-\u001f\u007f]/.test(value)) {
    throw new PalimpsestError(
      'E_USAGE',
      `the ${what} must be a non-empty one-line string, got ${JSON.stringify(value)}`,
    );
  }
}

/** Checks an add's input: names, date, bytes, provenance. */
function validateAdd(input: AddEditionInput): void {
  requireName(input.series, 'series name');
  requireName(input.label, 'edition label');
  if (!(input.bytes instanceof Uint8Array))
    throw new PalimpsestError('E_USAGE', 'the edition bytes must be a Uint8Array');
  if (input.date !== undefined && !DATE.test(input.date)) {
    throw new PalimpsestError(
      'E_USAGE',
      `the edition date must be YYYY, YYYY-MM or YYYY-MM-DD, got ${quoteName(input.date)}`,
    );
  }
  requireName(input.source?.name, 'source name');
  requireName(input.format, 'format');
  requireName(input.importedAt, 'import time');
  requireName(input.engineVersion, 'engine version');
}

/** The columns an add writes, from its input. */
function editionColumns(input: AddEditionInput, sha256: string) {
  return {
    date: input.date ?? null,
    lang: input.lang ?? null,
    sha256,
    source_name: input.source.name,
    final_url: input.source.finalUrl ?? null,
    content_type: input.source.contentType ?? null,
    format: input.format,
    encoding: input.encoding ?? null,
    imported_at: input.importedAt,
    engine_version: input.engineVersion,
  };
}

/** Whether re-adding `input` would change nothing stored for `row` but its import time and engine version. */
function sameMetadata(row: EditionRow, input: AddEditionInput): boolean {
  return (
    row.date === (input.date ?? null) &&
    row.lang === (input.lang ?? null) &&
    row.source_name === input.source.name &&
    row.final_url === (input.source.finalUrl ?? null) &&
    row.content_type === (input.source.contentType ?? null) &&
    row.format === input.format &&
    row.encoding === (input.encoding ?? null)
  );
}

/** `Omit` over each member of a union. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * The JSON text of a derived value in chunks (`jsonChunkStream`: never one giant string, each chunk made when the
 * store writes the previous one away); E_USAGE when the kind is malformed or the value is not JSON-serialisable.
 */
function derivedJson(kind: string, value: unknown): Iterable<string> {
  requireName(kind, 'derived kind');
  const json = jsonChunkStream(value);
  if (json === undefined) throw new PalimpsestError('E_USAGE', `the derived ${kind} value is not JSON-serialisable`);
  return json;
}

/** The Kysely-backed EditionStore; adapters construct it with their dialect (see openSqliteStore, openPostgresStore). */
export class KyselyEditionStore implements EditionStore {
  /** Which database is behind the store. */
  readonly kind: StoreKind;
  /** Where the store is, for messages. */
  readonly location: string;
  /** Whether the store was opened read-only. */
  readonly readOnly: boolean;
  readonly #db: Kysely<StoreDatabase>;
  readonly #dialect: StoreDialect;
  readonly #hooks: StoreHooks;
  #closed = false;

  /** Wraps an open, migrated Kysely instance (opened read-only when `readOnly`). */
  constructor(
    db: Kysely<StoreDatabase>,
    dialect: StoreDialect,
    location: string,
    hooks: StoreHooks = {},
    readOnly = false,
  ) {
    this.#db = db;
    this.#dialect = dialect;
    this.kind = dialect.kind;
    this.location = location;
    this.#hooks = hooks;
    this.readOnly = readOnly;
  }

  /** Refuses a write on a read-only store (API misuse: the caller chose to open it so). */
  #writable(what: string): void {
    if (this.readOnly) {
      throw new PalimpsestError('E_USAGE', `cannot ${what}: the store ${this.location} was opened read-only`);
    }
  }

  /** Runs `work`, turning database failures into coded StoreErrors that say what was being done. */
  async #run<T>(what: string, work: () => Promise<T>): Promise<T> {
    if (this.#closed) throw new PalimpsestError('E_USAGE', `cannot ${what}: the store ${this.location} is closed`);
    try {
      return await work();
    } catch (error) {
      throw this.#translate(error, what);
    }
  }

  /** A database error as a StoreError (busy or general); other errors pass through unchanged. */
  #translate(error: unknown, what: string): unknown {
    if (error instanceof StoreError || error instanceof PalimpsestError) return error;
    const detail = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').slice(0, 200);
    switch (this.#dialect.classify(error)) {
      case 'busy':
        return new StoreError(
          'E_STORE_BUSY',
          `cannot ${what}: the store ${this.location} is busy with another writer; try again (${detail})`,
          { cause: error },
        );
      case 'unique':
      case 'database':
        return new StoreError('E_STORE', `cannot ${what} in the store ${this.location}: ${detail}`, { cause: error });
      default:
        return error;
    }
  }

  /** The editions (with series names) matching a filter, from any executor. */
  #editions(db: Kysely<StoreDatabase>) {
    return db
      .selectFrom('editions as e')
      .innerJoin('series as s', 's.id', 'e.series_id')
      .innerJoin('blobs as b', 'b.sha256', 'e.sha256')
      .selectAll('e')
      .select(['s.name as series', 'b.size as size']);
  }

  /** One edition row, or undefined. */
  async #findEdition(db: Kysely<StoreDatabase>, series: string, label: string): Promise<EditionRow | undefined> {
    return (await this.#editions(db).where('s.name', '=', series).where('e.label', '=', label).executeTakeFirst()) as
      | EditionRow
      | undefined;
  }

  /** The id of a series, or a coded E_NO_SERIES. */
  async #seriesId(db: Kysely<StoreDatabase>, series: string): Promise<number> {
    const row = await db.selectFrom('series').select('id').where('name', '=', series).executeTakeFirst();
    if (row === undefined) throw new StoreError('E_NO_SERIES', `no series ${quoteName(series)} in ${this.location}`);
    return row.id;
  }

  /** The edition row, or a coded E_NO_SERIES / E_NO_EDITION. */
  async #requireEdition(db: Kysely<StoreDatabase>, series: string, label: string): Promise<EditionRow> {
    const row = await this.#findEdition(db, series, label);
    if (row !== undefined) return row;
    await this.#seriesId(db, series);
    throw new StoreError('E_NO_EDITION', `series ${quoteName(series)} has no edition ${quoteName(label)}`);
  }

  /** Deletes a blob unless an edition still points at it (blobs are shared by identical editions). */
  async #dropBlobIfOrphan(trx: Transaction<StoreDatabase>, sha256: string): Promise<void> {
    await trx
      .deleteFrom('blobs')
      .where('sha256', '=', sha256)
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('editions').select('id').where('editions.sha256', '=', sha256))),
      )
      .execute();
  }

  /** Adds an edition in one transaction; retried once when a concurrent writer created the same row first. */
  async addEdition(input: AddEditionInput): Promise<AddEditionResult> {
    validateAdd(input);
    const sha256 = createHash('sha256').update(input.bytes).digest('hex');
    const what = `add edition ${quoteName(input.label)} to series ${quoteName(input.series)}`;
    this.#writable(what);
    // Checked before the transaction (a value without JSON form fails the add before it takes the lock); the text
    // itself is made chunk by chunk as the transaction writes it, so the add never holds a whole tree's JSON.
    const derived = input.derived ?? [];
    for (const entry of derived) derivedJson(entry.kind, entry.value);
    return this.#run(what, async () => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await this.#db.transaction().execute((trx) => this.#addIn(trx, input, sha256, derived));
        } catch (error) {
          if (attempt === 0 && this.#dialect.classify(error) === 'unique') continue;
          throw error;
        }
      }
    });
  }

  /**
   * The body of an add, inside its transaction: the series, blob and edition row, then (when asked) the edition's
   * derived values and search index, so that a failure anywhere — a full disk included — leaves none of them.
   */
  async #addIn(
    trx: Transaction<StoreDatabase>,
    input: AddEditionInput,
    sha256: string,
    derived: readonly DerivedValue[],
  ): Promise<AddEditionResult> {
    const stored = await this.#addRowIn(trx, input, sha256);
    const row = stored.row;
    const index = input.index;
    if (index === undefined || (stored.result.status === 'unchanged' && row.indexed_with === index.engineVersion)) {
      return { ...stored.result, indexed: false };
    }
    requireName(index.engineVersion, 'engine version');
    // Each attempt makes the text afresh (a retried add must not take chunks another attempt has taken).
    for (const entry of derived) {
      const json = derivedJson(entry.kind, entry.value);
      await this.#putDerivedIn(trx, entry.kind, entry.key, entry.engineVersion, json);
    }
    await trx.deleteFrom('search_units').where('edition_id', '=', row.id).execute();
    await this.#insertUnits(trx, row.id, index.units);
    await trx.updateTable('editions').set({ indexed_with: index.engineVersion }).where('id', '=', row.id).execute();
    const edition = toRecord((await this.#findEdition(trx, input.series, input.label)) as EditionRow);
    return { ...stored.result, edition, indexed: true };
  }

  /**
   * E_DUPLICATE when another edition of the series already holds these bytes under another label — the same file added
   * twice by mistake, most often — named in the message; inside the add's transaction, under the series lock, so two
   * concurrent adds of the same bytes cannot both pass.
   */
  async #refuseDuplicateIn(
    trx: Transaction<StoreDatabase>,
    seriesId: number,
    input: AddEditionInput,
    sha256: string,
  ): Promise<void> {
    const twin = await trx
      .selectFrom('editions')
      .select('label')
      .where('series_id', '=', seriesId)
      .where('sha256', '=', sha256)
      .where('label', '<>', input.label)
      .orderBy('id')
      .executeTakeFirst();
    if (twin === undefined) return;
    throw new StoreError(
      'E_DUPLICATE',
      `series ${quoteName(input.series)} already holds these bytes as edition ${quoteName(twin.label)} ` +
        `(sha256 ${sha256.slice(0, 12)}…); not stored as ${quoteName(input.label)} — to keep a text that went back to an ` +
        'earlier wording as an edition of its own, allow the duplicate (--allow-duplicate)',
      { duplicateOf: twin.label },
    );
  }

  /** The series, blob and edition row of an add, inside its transaction; answers the row as it now is. */
  async #addRowIn(
    trx: Transaction<StoreDatabase>,
    input: AddEditionInput,
    sha256: string,
  ): Promise<{ result: DistributiveOmit<AddEditionResult, 'indexed'>; row: EditionRow }> {
    await trx
      .insertInto('series')
      .values({ name: input.series })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    const seriesId = await this.#seriesId(trx, input.series);
    await this.#dialect.lockSeries(trx, seriesId);
    const existing = await this.#findEdition(trx, input.series, input.label);
    if (existing !== undefined && existing.sha256 === sha256 && (!input.replace || sameMetadata(existing, input))) {
      return { result: { status: 'unchanged', edition: toRecord(existing) }, row: existing };
    }
    if (existing !== undefined && !input.replace) {
      throw new StoreError(
        'E_EXISTS',
        `series ${quoteName(input.series)} already has an edition ${quoteName(input.label)} with different content ` +
          `(sha256 ${existing.sha256.slice(0, 12)}…, new ${sha256.slice(0, 12)}…); replace it explicitly (--replace) or choose another label`,
      );
    }
    if (!input.allowDuplicate) await this.#refuseDuplicateIn(trx, seriesId, input, sha256);
    await trx
      .insertInto('blobs')
      .values({ sha256, size: input.bytes.byteLength, bytes: asBuffer(input.bytes) })
      .onConflict((oc) => oc.column('sha256').doNothing())
      .execute();
    await this.#hooks.afterBlobInsert?.(input);
    const columns = editionColumns(input, sha256);
    if (existing === undefined) {
      await trx
        .insertInto('editions')
        .values({ series_id: seriesId, label: input.label, indexed_with: null, ...columns })
        .execute();
      const added = (await this.#findEdition(trx, input.series, input.label)) as EditionRow;
      return { result: { status: 'added', edition: toRecord(added) }, row: added };
    }
    const contentChanged = existing.sha256 !== sha256;
    await trx
      .updateTable('editions')
      .set(contentChanged ? { ...columns, indexed_with: null } : columns)
      .where('id', '=', existing.id)
      .execute();
    if (contentChanged) {
      await trx.deleteFrom('search_units').where('edition_id', '=', existing.id).execute();
      await this.#dropBlobIfOrphan(trx, existing.sha256);
    }
    const replaced = (await this.#findEdition(trx, input.series, input.label)) as EditionRow;
    return {
      result: { status: 'replaced', edition: toRecord(replaced), previous: toRecord(existing) },
      row: replaced,
    };
  }

  /** Every series with its edition count and date range, by name. */
  async listSeries(): Promise<SeriesSummary[]> {
    return this.#run('list series', async () => {
      const rows = await this.#seriesSummaries().execute();
      return rows.map(toSummary).sort((a, b) => LABELS.compare(a.name, b.name));
    });
  }

  /** The summary query of every series. */
  #seriesSummaries() {
    return this.#db
      .selectFrom('series as s')
      .leftJoin('editions as e', 'e.series_id', 's.id')
      .select(({ fn }) => [
        's.name as name',
        fn.count<number | string>('e.id').as('editionCount'),
        fn.min('e.date').as('firstDate'),
        fn.max('e.date').as('lastDate'),
      ])
      .groupBy(['s.id', 's.name']);
  }

  /** One series, or undefined. */
  async getSeries(name: string): Promise<SeriesSummary | undefined> {
    return this.#run(`read series ${quoteName(name)}`, async () => {
      const row = await this.#seriesSummaries().where('s.name', '=', name).executeTakeFirst();
      return row === undefined ? undefined : toSummary(row);
    });
  }

  /** The editions of a series in order; E_NO_SERIES when there is no such series. */
  async listEditions(series: string): Promise<EditionRecord[]> {
    return this.#run(`list the editions of ${quoteName(series)}`, async () => {
      const seriesId = await this.#seriesId(this.#db, series);
      const rows = (await this.#editions(this.#db).where('e.series_id', '=', seriesId).execute()) as EditionRow[];
      return rows.sort(compareEditions).map(toRecord);
    });
  }

  /** The editions of several series in order, by series name, read in chunks of names; unknown names left out. */
  async listEditionsOf(series: readonly string[]): Promise<Map<string, EditionRecord[]>> {
    return this.#run(`list the editions of ${series.length} series`, async () => {
      const names = [...new Set(series)];
      const bySeries = new Map<string, EditionRow[]>();
      for (let from = 0; from < names.length; from += CHUNK_NAMES) {
        const chunk = names.slice(from, from + CHUNK_NAMES);
        const rows = (await this.#editions(this.#db).where('s.name', 'in', chunk).execute()) as EditionRow[];
        for (const row of rows) {
          const list = bySeries.get(row.series);
          if (list) list.push(row);
          else bySeries.set(row.series, [row]);
        }
      }
      return new Map([...bySeries].map(([name, rows]) => [name, rows.sort(compareEditions).map(toRecord)]));
    });
  }

  /** One edition, or undefined. */
  async getEdition(series: string, label: string): Promise<EditionRecord | undefined> {
    return this.#run(`read edition ${quoteName(label)} of ${quoteName(series)}`, async () => {
      const row = await this.#findEdition(this.#db, series, label);
      return row === undefined ? undefined : toRecord(row);
    });
  }

  /** The original bytes of an edition. */
  async getEditionBytes(series: string, label: string): Promise<Uint8Array> {
    return this.#run(`read edition ${quoteName(label)} of ${quoteName(series)}`, async () => {
      const row = await this.#requireEdition(this.#db, series, label);
      const blob = await this.#db
        .selectFrom('blobs')
        .select('bytes')
        .where('sha256', '=', row.sha256)
        .executeTakeFirstOrThrow();
      const bytes = blob.bytes;
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    });
  }

  /** Removes an edition, its search units and its blob when unshared. */
  async removeEdition(series: string, label: string): Promise<void> {
    this.#writable(`remove edition ${quoteName(label)} from ${quoteName(series)}`);
    await this.#run(`remove edition ${quoteName(label)} from ${quoteName(series)}`, () =>
      this.#db.transaction().execute(async (trx) => {
        const row = await this.#requireEdition(trx, series, label);
        await this.#dialect.lockSeries(trx, row.series_id);
        await trx.deleteFrom('editions').where('id', '=', row.id).execute();
        await this.#dropBlobIfOrphan(trx, row.sha256);
      }),
    );
  }

  /** Removes a series with its editions. */
  async removeSeries(name: string): Promise<{ editions: number }> {
    this.#writable(`remove series ${quoteName(name)}`);
    return this.#run(`remove series ${quoteName(name)}`, () =>
      this.#db.transaction().execute(async (trx) => {
        const seriesId = await this.#seriesId(trx, name);
        await this.#dialect.lockSeries(trx, seriesId);
        const shas = await trx.selectFrom('editions').select('sha256').where('series_id', '=', seriesId).execute();
        await trx.deleteFrom('series').where('id', '=', seriesId).execute();
        for (const sha256 of new Set(shas.map((row) => row.sha256))) await this.#dropBlobIfOrphan(trx, sha256);
        return { editions: shas.length };
      }),
    );
  }

  /** Stores a derived value, replacing any older one under (kind, key). */
  async putDerived(kind: string, key: string, engineVersion: string, value: unknown): Promise<void> {
    derivedJson(kind, value);
    // A cache a read-only store cannot keep: the value was made for the caller already, the next read makes it again.
    if (this.readOnly) return;
    await this.#run(`store derived ${kind}`, () =>
      this.#db
        .transaction()
        .execute((trx) => this.#putDerivedIn(trx, kind, key, engineVersion, derivedJson(kind, value))),
    );
  }

  /**
   * Writes one derived value's JSON chunks in a transaction, replacing any value under (kind, key): the first chunk
   * in `derived`, the others in `derived_parts` under a new id, and the parts of any older writing dropped. Each
   * chunk is written before the next is made (the head row last, when the number of parts is known).
   */
  async #putDerivedIn(
    trx: Transaction<StoreDatabase>,
    kind: string,
    key: string,
    engineVersion: string,
    chunks: Iterable<string>,
  ): Promise<void> {
    await trx.deleteFrom('derived_parts').where('kind', '=', kind).where('key', '=', key).execute();
    const iterator = chunks[Symbol.iterator]();
    const first = iterator.next();
    let parts = 1;
    let partsId: string | null = null;
    for (let next = iterator.next(); next.done !== true; next = iterator.next()) {
      partsId ??= randomUUID();
      await trx
        .insertInto('derived_parts')
        .values({ kind, key, parts_id: partsId, part: parts++, json: next.value })
        .execute();
    }
    const head = { engine_version: engineVersion, json: first.done === true ? 'null' : first.value, parts };
    await trx
      .insertInto('derived')
      .values({ kind, key, ...head, parts_id: partsId })
      .onConflict((oc) => oc.columns(['kind', 'key']).doUpdateSet({ ...head, parts_id: partsId }))
      .execute();
  }

  /** The derived value if made by `engineVersion`, else undefined. */
  async getDerived<T = unknown>(kind: string, key: string, engineVersion: string): Promise<T | undefined> {
    const json = await this.getDerivedJson(kind, key, engineVersion);
    return json === undefined ? undefined : (JSON.parse(json) as T);
  }

  /** The derived value's stored JSON text if made by `engineVersion`, else undefined. */
  async getDerivedJson(kind: string, key: string, engineVersion: string): Promise<string | undefined> {
    return (await this.#derivedJson(kind, key, engineVersion))?.json;
  }

  /** The derived value's stored JSON text and the engine version that made it, whichever that is. */
  async getDerivedStamped(kind: string, key: string): Promise<{ engineVersion: string; json: string } | undefined> {
    return this.#derivedJson(kind, key);
  }

  /** The JSON text under (kind, key) with its engine version, made by `engineVersion` when one is given. */
  async #derivedJson(
    kind: string,
    key: string,
    engineVersion?: string,
  ): Promise<{ engineVersion: string; json: string } | undefined> {
    return this.#run(`read derived ${kind}`, async () => {
      let query = this.#db
        .selectFrom('derived')
        .select(['json', 'parts', 'parts_id', 'engine_version'])
        .where('kind', '=', kind)
        .where('key', '=', key);
      if (engineVersion !== undefined) query = query.where('engine_version', '=', engineVersion);
      const row = await query.executeTakeFirst();
      if (row === undefined) return undefined;
      if (row.parts <= 1) return { engineVersion: row.engine_version, json: row.json };
      // The parts of the writing the head names: a value replaced since reads as a miss, never spliced.
      const parts = await this.#db
        .selectFrom('derived_parts')
        .select('json')
        .where('kind', '=', kind)
        .where('key', '=', key)
        .where('parts_id', '=', row.parts_id ?? '')
        .orderBy('part')
        .execute();
      if (parts.length !== row.parts - 1) return undefined;
      return { engineVersion: row.engine_version, json: row.json + parts.map((part) => part.json).join('') };
    });
  }

  /** Which of `keys` hold a value of `kind` by `engineVersion` (see `EditionStore.derivedKeys`). */
  async derivedKeys(kind: string, keys: readonly string[], engineVersion: string): Promise<Set<string>> {
    const found = new Set<string>();
    // In slices, so that no statement has more parameters than a database accepts.
    for (let at = 0; at < keys.length; at += 500) {
      const slice = keys.slice(at, at + 500);
      const rows = await this.#run(`read derived ${kind}`, () =>
        this.#db
          .selectFrom('derived')
          .select('key')
          .where('kind', '=', kind)
          .where('engine_version', '=', engineVersion)
          .where('key', 'in', slice)
          .execute(),
      );
      for (const row of rows) found.add(row.key);
    }
    return found;
  }

  /** Forgets one derived value; on a read-only store, nothing (see `EditionStore.deleteDerived`). */
  async deleteDerived(kind: string, key: string): Promise<boolean> {
    // A read remaking a stale cache forgets what it replaces (a series value's tail) as it stores the new value; on a
    // read-only store it stores nothing, so it has nothing to forget either.
    if (this.readOnly) return false;
    return this.#run(`delete derived ${kind}`, async () => {
      const result = await this.#db.transaction().execute(async (trx) => {
        await trx.deleteFrom('derived_parts').where('kind', '=', kind).where('key', '=', key).execute();
        return trx.deleteFrom('derived').where('kind', '=', kind).where('key', '=', key).executeTakeFirst();
      });
      return Number(result.numDeletedRows) > 0;
    });
  }

  /** Forgets the derived values of the engine versions `which` picks (see `EditionStore.dropDerivedOf`). */
  async dropDerivedOf(which: (engineVersion: string) => boolean): Promise<number> {
    this.#writable('drop derived values of other engines');
    return this.#run('drop derived values of other engines', () =>
      this.#db.transaction().execute(async (trx) => {
        const stamps = await trx.selectFrom('derived').select('engine_version').distinct().execute();
        const versions = stamps.map((row) => row.engine_version).filter((version) => which(version));
        if (versions.length === 0) return 0;
        await trx
          .deleteFrom('derived_parts')
          .where(({ exists, selectFrom }) =>
            exists(
              selectFrom('derived as d')
                .select('d.kind')
                .whereRef('d.kind', '=', 'derived_parts.kind')
                .whereRef('d.key', '=', 'derived_parts.key')
                .where('d.engine_version', 'in', versions),
            ),
          )
          .execute();
        const dropped = await trx.deleteFrom('derived').where('engine_version', 'in', versions).executeTakeFirst();
        return Number(dropped.numDeletedRows);
      }),
    );
  }

  /** Forgets derived values (of one kind, or all of them and the search index). */
  async clearDerived(kind?: string): Promise<ClearDerivedResult> {
    this.#writable('clear derived data');
    return this.#run('clear derived data', () =>
      this.#db.transaction().execute(async (trx) => {
        let parts = trx.deleteFrom('derived_parts');
        if (kind !== undefined) parts = parts.where('kind', '=', kind);
        await parts.execute();
        let query = trx.deleteFrom('derived');
        if (kind !== undefined) query = query.where('kind', '=', kind);
        const derived = Number((await query.executeTakeFirst()).numDeletedRows);
        if (kind !== undefined) return { derived, searchUnits: 0 };
        const units = await trx.deleteFrom('search_units').executeTakeFirst();
        await trx.updateTable('editions').set({ indexed_with: null }).execute();
        return { derived, searchUnits: Number(units.numDeletedRows) };
      }),
    );
  }

  /** Every series with the engine version of its derived data (see `EditionStore.seriesEngines`). */
  async seriesEngines(): Promise<Map<string, string | null>> {
    return this.#run('list the engine versions of series', async () => {
      const rows = await this.#db.selectFrom('series').select(['name', 'derived_with']).orderBy('name').execute();
      return new Map(rows.map((row) => [row.name, row.derived_with]));
    });
  }

  /** The engine version of one series' derived data; undefined when there is no such series. */
  async seriesEngine(series: string): Promise<string | null | undefined> {
    return this.#run(`read the engine version of ${quoteName(series)}`, async () => {
      const row = await this.#db
        .selectFrom('series')
        .select('derived_with')
        .where('name', '=', series)
        .executeTakeFirst();
      return row?.derived_with;
    });
  }

  /** Records the engine version of a series' derived data, compare-and-set with `expected`. */
  async setSeriesEngine(series: string, engine: string | null, expected?: { from: string | null }): Promise<boolean> {
    this.#writable(`record the engine version of ${quoteName(series)}`);
    return this.#run(`record the engine version of ${quoteName(series)}`, async () => {
      let query = this.#db.updateTable('series').set({ derived_with: engine }).where('name', '=', series);
      if (expected !== undefined) {
        query =
          expected.from === null
            ? query.where('derived_with', 'is', null)
            : query.where('derived_with', '=', expected.from);
      }
      const result = await query.executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    });
  }

  /** Replaces an edition's search units. */
  async indexEdition(
    series: string,
    label: string,
    units: readonly SearchUnit[],
    engineVersion: string,
    expect?: { sha256: string },
  ): Promise<boolean> {
    requireName(engineVersion, 'engine version');
    this.#writable(`index edition ${quoteName(label)} of ${quoteName(series)}`);
    return this.#run(`index edition ${quoteName(label)} of ${quoteName(series)}`, () =>
      this.#db.transaction().execute(async (trx) => {
        const row = await this.#requireEdition(trx, series, label);
        if (expect !== undefined && row.sha256 !== expect.sha256) return false;
        await trx.deleteFrom('search_units').where('edition_id', '=', row.id).execute();
        await this.#insertUnits(trx, row.id, units);
        await trx.updateTable('editions').set({ indexed_with: engineVersion }).where('id', '=', row.id).execute();
        return true;
      }),
    );
  }

  /** Inserts an edition's search units (its old ones already deleted), each pointing at its shared text. */
  async #insertUnits(trx: Transaction<StoreDatabase>, editionId: number, units: readonly SearchUnit[]): Promise<void> {
    const textIds = await this.#dialect.storeTexts(
      trx,
      units.map((unit) => unit.text),
    );
    const chunk = this.#dialect.rowsPerInsert;
    for (let from = 0; from < units.length; from += chunk) {
      await trx
        .insertInto('search_units')
        .values(
          units.slice(from, from + chunk).map((unit, index) => ({
            edition_id: editionId,
            ordinal: from + index,
            path: unit.path,
            start_offset: unit.start,
            end_offset: unit.end,
            text_id: textIds[from + index] as number,
          })),
        )
        .execute();
    }
  }

  /** Ranked full-text search; every term must occur. */
  async search(query: string, options: SearchOptions = {}): Promise<SearchHit[]> {
    const terms = queryTerms(query);
    if (terms.length === 0) return [];
    const limit = Math.max(1, Math.min(MAX_LIMIT, Math.floor(options.limit ?? DEFAULT_LIMIT)));
    return this.#run(`search for ${quoteName(query)}`, async () => {
      const scope = await this.#searchScope(options);
      if (scope === undefined) return [];
      const rows = await this.#dialect.search(this.#db, { terms, scope, limit });
      return rows.map((row) => {
        const snippet = markSnippet(row.text, terms);
        return {
          series: row.series,
          edition: row.edition,
          path: row.path,
          unit: sentenceKey(row.text, snippet.matchStart),
          start: row.start_offset,
          end: row.end_offset,
          matchStart: row.start_offset + snippet.matchStart,
          matchEnd: row.start_offset + snippet.matchEnd,
          snippet: snippet.snippet,
          parts: snippet.parts,
          rank: Number(row.rank),
        };
      });
    });
  }

  /** The scope of a search by ids, or undefined when its series or edition does not exist (no hits). */
  async #searchScope(options: SearchOptions): Promise<SearchScope | undefined> {
    if (options.series === undefined) return 'all';
    const series = await this.#db
      .selectFrom('series')
      .select('id')
      .where('name', '=', options.series)
      .executeTakeFirst();
    if (series === undefined) return undefined;
    if (options.edition === undefined) return { seriesId: series.id };
    const edition = await this.#db
      .selectFrom('editions')
      .select('id')
      .where('series_id', '=', series.id)
      .where('label', '=', options.edition)
      .executeTakeFirst();
    return edition === undefined ? undefined : { editionId: edition.id };
  }

  /** One `select 1` round trip (a health check); E_STORE when the database does not answer it. */
  async ping(): Promise<void> {
    await this.#run('reach the store', async () => {
      await sql`select 1`.execute(this.#db);
    });
  }

  /** Counts of what the store holds. */
  async stats(): Promise<StoreStats> {
    return this.#run('count the store', async () => {
      const count = async (table: keyof StoreDatabase) =>
        Number(
          (
            await this.#db
              .selectFrom(table)
              .select(({ fn }) => fn.countAll<number | string>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const bytes = await this.#db
        .selectFrom('blobs')
        .select(({ fn }) => fn.sum<number | string | null>('size').as('n'))
        .executeTakeFirstOrThrow();
      return {
        series: await count('series'),
        editions: await count('editions'),
        blobs: await count('blobs'),
        blobBytes: Number(bytes.n ?? 0),
        derived: await count('derived'),
        searchUnits: await count('search_units'),
      };
    });
  }

  /** Closes the store. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#db.destroy();
    await this.#dialect.close?.();
  }
}

/** A summary row as the public summary (PostgreSQL counts arrive as strings). */
function toSummary(row: {
  name: string;
  editionCount: number | string;
  firstDate: string | null;
  lastDate: string | null;
}): SeriesSummary {
  return {
    name: row.name,
    editionCount: Number(row.editionCount),
    firstDate: row.firstDate ?? null,
    lastDate: row.lastDate ?? null,
  };
}
