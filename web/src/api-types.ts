/**
 * The shapes the HTTP API answers with, taken from the library's own types (type-only imports: nothing of the engine
 * is bundled into the web app).
 */
export type { Blame, BlameEvent, BlameSentence, BlameWord } from '../../src/collate/blame.js';
export type { HistoryChange, HistoryStep, SeriesHistory } from '../../src/collate/history.js';
export type {
  AlignedPair,
  Comparison,
  Relation,
  Significance,
  UnitRef,
  WordChange,
} from '../../src/model/comparison.js';
export type { EditionRecord, SearchHit, SeriesSummary, StoreStats } from '../../src/store/store.js';
export type { EditionTrace, TraceHit, TraceResult } from '../../src/trace/trace.js';

import type { EditionRecord, SeriesSummary, StoreStats } from '../../src/store/store.js';

/** GET /api/series */
export interface SeriesList {
  series: SeriesSummary[];
  stats: StoreStats;
}

/** GET /api/series/:series */
export interface SeriesDetail {
  series: SeriesSummary;
  editions: EditionRecord[];
}

/** POST /api/series/:series/editions (201) */
export interface UploadResult {
  status: 'added' | 'unchanged' | 'replaced';
  edition: EditionRecord;
  aligned: number;
}

/** An RFC 9457 problem document as the API sends it. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
}
