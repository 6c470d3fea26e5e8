/**
 * The EditionStore port: series of editions whose original bytes are kept once and never changed, with their
 * provenance, plus caches derived from them (parsed trees, alignments, lineage, the search index), each stamped with
 * the engine version that produced it so that an engine change is a rebuild, not a migration (docs/design.md, "The
 * model": raw inputs are immutable, everything derived is a cache). Two adapters implement it through one Kysely
 * query layer: SQLite (better-sqlite3, the embedded default) and PostgreSQL; src/store/contract.ts holds the tests
 * both must pass.
 *
 * The store has no clock and no environment: the caller passes `importedAt` and the engine version as data.
 */

/** Which database is behind a store. */
export type StoreKind = 'sqlite' | 'postgres';

/** One series as listed: its name and what it holds. */
export interface SeriesSummary {
  /** The series name, as given on the first add. */
  name: string;
  /** Number of editions in the series. */
  editionCount: number;
  /** Earliest edition date (ISO `YYYY`, `YYYY-MM` or `YYYY-MM-DD`), or null when no edition is dated. */
  firstDate: string | null;
  /** Latest edition date, or null when no edition is dated. */
  lastDate: string | null;
}

/** Where an edition's bytes came from and how they were read. */
export interface EditionSource {
  /** The file name or URL as the user gave it. */
  name: string;
  /** For URLs: the URL after redirects. */
  finalUrl?: string;
  /** For URLs: the Content-Type the server sent. */
  contentType?: string;
}

/** One stored edition with its provenance. */
export interface EditionRecord {
  /** The series the edition belongs to. */
  series: string;
  /** The edition's label, unique within its series (e.g. `2022`). */
  label: string;
  /** The edition's date (ISO `YYYY`, `YYYY-MM` or `YYYY-MM-DD`), or null. */
  date: string | null;
  /** The edition's language (e.g. `en`, `ja`), or null. */
  lang: string | null;
  /** Hex SHA-256 of the original bytes (the key of the stored blob). */
  sha256: string;
  /** Size of the original bytes. */
  size: number;
  /** Where the bytes came from. */
  source: EditionSource;
  /** The detected format (`text`, `markdown`, `html`, `pdf`, `docx`). */
  format: string;
  /** The character encoding the bytes were decoded from, or null (PDF, DOCX). */
  encoding: string | null;
  /** When the edition was imported (ISO 8601, given by the caller). */
  importedAt: string;
  /** The engine version that imported it. */
  engineVersion: string;
  /** The engine version that built this edition's search index, or null when it is not indexed. */
  indexedWith: string | null;
}

/** What `addEdition` needs: the edition's identity, its bytes and their provenance. */
export interface AddEditionInput {
  /** The series (created on its first edition). */
  series: string;
  /** The edition's label, unique within the series. */
  label: string;
  /** The original bytes, stored once under their SHA-256 and never changed. */
  bytes: Uint8Array;
  /** The edition's date: ISO `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
  date?: string;
  /** The edition's language (e.g. `en`, `ja`). */
  lang?: string;
  /** Where the bytes came from. */
  source: EditionSource;
  /** The detected format. */
  format: string;
  /** The character encoding the bytes were decoded from. */
  encoding?: string;
  /** Import time (ISO 8601): the caller's clock, not the store's. */
  importedAt: string;
  /** The engine version doing the import. */
  engineVersion: string;
  /** Replace an edition stored under the same label with different bytes, instead of refusing (E_EXISTS). */
  replace?: boolean;
  /**
   * Store bytes another edition of the series already holds under another label, instead of refusing (E_DUPLICATE,
   * which names that edition): a text that went back to an earlier wording is an edition of its own.
   */
  allowDuplicate?: boolean;
  /**
   * The edition's search index, written in the add's own transaction (so an edition is never committed unsearchable):
   * for a new or replaced edition always, for an unchanged one when its index was made by another engine version.
   */
  index?: { units: readonly SearchUnit[]; engineVersion: string };
  /** Derived values made from these bytes (the parsed tree), written with the index in the same transaction. */
  derived?: readonly DerivedValue[];
}

/** One derived value to store: `putDerived`'s arguments as data. */
export interface DerivedValue {
  kind: string;
  key: string;
  engineVersion: string;
  value: unknown;
}

/** The outcome of `addEdition`: added, already there with identical bytes, or replaced (`replace: true`). */
export type AddEditionResult = (
  | { status: 'added'; edition: EditionRecord }
  | { status: 'unchanged'; edition: EditionRecord }
  | { status: 'replaced'; edition: EditionRecord; previous: EditionRecord }
) & {
  /** Whether this add wrote the edition's search index and derived values (AddEditionInput.index, .derived). */
  indexed: boolean;
};

/** One searchable unit of an edition (a sentence or block), with its place in the edition's text. */
export interface SearchUnit {
  /** The unit's section path, e.g. `3 > (2) > ¶4`. */
  path: string;
  /** The unit's text. */
  text: string;
  /** Offset (UTF-16) of the unit in the edition's text. */
  start: number;
  /** Offset just past the unit in the edition's text. */
  end: number;
}

/** Options of `search`. */
export interface SearchOptions {
  /** Only this series. */
  series?: string;
  /** Only this edition (by label; with `series`). */
  edition?: string;
  /** Most hits returned (default 20, at most 1000). */
  limit?: number;
}

/**
 * One part of a snippet: plain text, or a match of a query term. Declared here, not in search-text.ts, so that the
 * web app's type-only import of the store's shapes does not pull node:crypto into its browser type check.
 */
export interface SnippetPart {
  text: string;
  match: boolean;
}

/** One search hit: where it is and a snippet with every match marked `[[…]]`. */
export interface SearchHit {
  /** The series of the hit. */
  series: string;
  /** The edition label of the hit. */
  edition: string;
  /** The unit's section path. */
  path: string;
  /**
   * A key of the sentence that holds the match (16 hex digits of its SHA-256): hits with the same key found the same
   * sentence, in several editions or places, which a reader wants once with the editions it stands in
   * (`searchGrouped`), however the rest of its paragraph changed.
   */
  unit: string;
  /** Offset of the unit in the edition's text. */
  start: number;
  /** Offset just past the unit in the edition's text. */
  end: number;
  /**
   * Offset in the edition's text of the first match of the passage the snippet shows, where most of the query's
   * terms meet (`start` plus its index in the unit's text).
   */
  matchStart: number;
  /** Offset just past the first match. */
  matchEnd: number;
  /** About 160 characters of the unit around that passage, matches marked `[[…]]`, cuts marked `…`. */
  snippet: string;
  /** The snippet as parts with matches flagged: what a renderer should highlight from (document text may hold `[[`). */
  parts: SnippetPart[];
  /** Relevance, higher is better (BM25 on SQLite, a BM25-shaped term-frequency score on PostgreSQL). */
  rank: number;
}

/**
 * One text found by a search, with every edition it stands in: one result where a flat search gives one per edition
 * (`searchGrouped` in the application layer makes them; declared here beside SearchHit for the web app's types).
 */
export interface SearchGroup {
  /** The series. */
  series: string;
  /** The key of the text (`SearchHit.unit`). */
  unit: string;
  /** The editions holding this text, in the series' order. */
  editions: string[];
  /** Editions between the first and the last of `editions` that do not hold it (it left and came back). */
  gaps: string[];
  /** The hit in the latest of `editions`: its path, snippet and place stand for the group. */
  hit: SearchHit;
  /** Relevance of the group: its best hit's rank. */
  rank: number;
}

/** Counts of what a store holds, for `palimpsest list` and for tests. */
export interface StoreStats {
  /** Number of series. */
  series: number;
  /** Number of editions over all series. */
  editions: number;
  /** Number of distinct stored blobs (identical bytes are stored once). */
  blobs: number;
  /** Total size of the stored blobs in bytes. */
  blobBytes: number;
  /** Number of derived cache entries. */
  derived: number;
  /** Number of indexed search units. */
  searchUnits: number;
}

/** What `clearDerived` removed. */
export interface ClearDerivedResult {
  /** Derived cache entries removed. */
  derived: number;
  /** Search units removed (all editions become unindexed). */
  searchUnits: number;
}

/** The store of series and editions: original bytes, provenance, derived caches and a search index. */
export interface EditionStore {
  /** Which database is behind the store. */
  readonly kind: StoreKind;
  /** The store's location for messages: a file path, or a PostgreSQL URL without its password. */
  readonly location: string;
  /**
   * Whether the store was opened read-only (OpenStoreOptions.readOnly): writes of editions and indexes throw E_USAGE,
   * and `putDerived` stores nothing (derived values are caches, rebuilt by whoever needs them).
   */
  readonly readOnly: boolean;

  /** Adds an edition (creating its series), in one transaction; idempotent for identical bytes under the label. */
  addEdition(input: AddEditionInput): Promise<AddEditionResult>;
  /** Every series with its edition count and date range, by name. */
  listSeries(): Promise<SeriesSummary[]>;
  /** One series, or undefined when there is none by that name. */
  getSeries(name: string): Promise<SeriesSummary | undefined>;
  /** The editions of a series in order: by date (undated last), then label (numeric-aware), then insertion. */
  listEditions(series: string): Promise<EditionRecord[]>;
  /**
   * The editions of several series in one read, each in `listEditions` order, by series name; a name with no series
   * is left out (a search's hits span many series: one query rather than one per series).
   */
  listEditionsOf(series: readonly string[]): Promise<Map<string, EditionRecord[]>>;
  /** One edition, or undefined. */
  getEdition(series: string, label: string): Promise<EditionRecord | undefined>;
  /** The original bytes of an edition, exactly as added. */
  getEditionBytes(series: string, label: string): Promise<Uint8Array>;
  /** Removes an edition (its search units, and its blob when no other edition shares it). */
  removeEdition(series: string, label: string): Promise<void>;
  /** Removes a series with all its editions; answers how many editions went. */
  removeSeries(name: string): Promise<{ editions: number }>;

  /**
   * Stores a derived value (JSON-serialisable) under (kind, key), stamped with the engine version that made it; on a
   * read-only store, nothing (a cache a read cannot keep is made again by the next read).
   */
  putDerived(kind: string, key: string, engineVersion: string, value: unknown): Promise<void>;
  /** The derived value under (kind, key) if it was made by `engineVersion`, else undefined (a miss). */
  getDerived<T = unknown>(kind: string, key: string, engineVersion: string): Promise<T | undefined>;
  /**
   * The derived value under (kind, key) as the JSON text it is stored as, if made by `engineVersion`: for answers
   * that go out as JSON anyway (a 15 MB comparison need not be parsed to be sent).
   */
  getDerivedJson(kind: string, key: string, engineVersion: string): Promise<string | undefined>;
  /**
   * Which of `keys` hold a value of `kind` made by `engineVersion`, without reading the values (an add asks this of
   * every consecutive pair of a long series to find the comparisons still to make). A value whose parts are
   * incomplete is listed all the same: reading it is a miss, and the reader makes it again.
   */
  derivedKeys(kind: string, keys: readonly string[], engineVersion: string): Promise<Set<string>>;
  /**
   * The derived value under (kind, key) as stored, whatever engine version made it, with that version: what a read
   * serves while an engine upgrade's rebuild has not replaced it yet (issue 16).
   */
  getDerivedStamped(kind: string, key: string): Promise<{ engineVersion: string; json: string } | undefined>;
  /**
   * Forgets the derived value under (kind, key), if any; answers whether there was one. On a read-only store,
   * nothing (false): like `putDerived`, what a read does to the caches, which a read-only store does not keep.
   */
  deleteDerived(kind: string, key: string): Promise<boolean>;
  /**
   * Forgets every derived value made by an engine version `which` answers true for, in one transaction; answers how
   * many. What the last series' rebuild after an engine upgrade does with the older engines' values, served until
   * then (issue 16).
   */
  dropDerivedOf(which: (engineVersion: string) => boolean): Promise<number>;
  /** Forgets every derived value (or those of one kind) and, with no kind, the search index: `palimpsest rebuild`. */
  clearDerived(kind?: string): Promise<ClearDerivedResult>;

  /**
   * Replaces the search index of one edition with `units`, stamped with `engineVersion`. With `expect.sha256`, only
   * while the edition still holds those bytes (answers false, changing nothing, when another writer replaced them:
   * the units were made from the old bytes and would index text the edition no longer has).
   */
  indexEdition(
    series: string,
    label: string,
    units: readonly SearchUnit[],
    engineVersion: string,
    expect?: { sha256: string },
  ): Promise<boolean>;
  /**
   * Every series with the engine version its derived data was last made current with as a whole (a rebuild or a
   * collation by a queued job), or null when that is not known: what an engine upgrade rebuilds by (issue 16).
   */
  seriesEngines(): Promise<Map<string, string | null>>;
  /** `seriesEngines` of one series; undefined when there is no such series. */
  seriesEngine(series: string): Promise<string | null | undefined>;
  /**
   * Records the engine version (or null, or another marker) of a series' derived data; with `expected`, only while
   * the series still holds that value (a compare-and-set: a rebuild asked for while one ran is not forgotten).
   * Answers whether it was recorded.
   */
  setSeriesEngine(series: string, engine: string | null, expected?: { from: string | null }): Promise<boolean>;
  /** Full-text search over indexed units: every whitespace-separated term must occur (case-insensitive), ranked. */
  search(query: string, options?: SearchOptions): Promise<SearchHit[]>;

  /** Counts of what the store holds. */
  stats(): Promise<StoreStats>;
  /** One cheap round trip to the database (`select 1`): resolves when it answers, E_STORE when it cannot be reached. */
  ping(): Promise<void>;
  /** Closes the connection(s); the store cannot be used afterwards. */
  close(): Promise<void>;
}
