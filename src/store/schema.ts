/**
 * The tables of a store as Kysely sees them (one description for SQLite and PostgreSQL). The full-text indexes
 * (SQLite's FTS5 tables `search_text_fts` and `search_gram_fts`, PostgreSQL's `grams` column and GIN indexes) are
 * reached with raw SQL in each adapter, so they are not listed here.
 */
import type { Generated } from 'kysely';

/** A series: a name editions are grouped under. */
export interface SeriesTable {
  id: Generated<number>;
  name: string;
  /** The engine version the series' derived data was last made current with; null when not known (issue 16). */
  derived_with: string | null;
}

/** An original file, stored once under its SHA-256 and never updated. */
export interface BlobsTable {
  sha256: string;
  size: number;
  bytes: Uint8Array;
}

/** An edition of a series: its label, date, language and provenance, pointing at its blob. */
export interface EditionsTable {
  id: Generated<number>;
  series_id: number;
  label: string;
  date: string | null;
  lang: string | null;
  sha256: string;
  source_name: string;
  final_url: string | null;
  content_type: string | null;
  format: string;
  encoding: string | null;
  imported_at: string;
  engine_version: string;
  indexed_with: string | null;
}

/**
 * A derived cache entry, stamped with the engine version that made it: its JSON, or the first chunk of it when it
 * has more `parts` (the others in `derived_parts` under `parts_id`).
 */
export interface DerivedTable {
  kind: string;
  key: string;
  engine_version: string;
  json: string;
  parts: Generated<number>;
  parts_id: string | null;
}

/** A further chunk (`part` ≥ 1) of a derived value's JSON, under the id of the writing it belongs to. */
export interface DerivedPartsTable {
  kind: string;
  key: string;
  parts_id: string;
  part: number;
  json: string;
}

/** A searchable unit of an edition: where it is, and which distinct text it holds. */
export interface SearchUnitsTable {
  id: Generated<number>;
  edition_id: number;
  ordinal: number;
  path: string;
  start_offset: number;
  end_offset: number;
  text_id: number;
}

/**
 * A distinct unit text, stored and indexed once however many editions repeat it (editions of one series share most
 * of their sentences), keyed by the SHA-256 of its UTF-8 bytes; dropped with the last unit holding it.
 */
export interface SearchTextsTable {
  id: Generated<number>;
  digest: Uint8Array;
  text: string;
}

/** Every table of a store. */
export interface StoreDatabase {
  series: SeriesTable;
  blobs: BlobsTable;
  editions: EditionsTable;
  derived: DerivedTable;
  derived_parts: DerivedPartsTable;
  search_units: SearchUnitsTable;
  search_texts: SearchTextsTable;
}
