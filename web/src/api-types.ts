/**
 * The shapes the HTTP API answers with, taken from the library's own types (type-only imports: nothing of the engine
 * is bundled into the web app).
 */
export type {
  /** The blame of an edition or section (GET /api/series/:series/blame). */
  Blame,
  /** One event of a blamed sentence's or heading's history. */
  BlameEvent,
  /** The blame of one heading: since when its section exists, its renumberings and retitlings. */
  BlameHeading,
  /** The blame of one sentence: its events and words. */
  BlameSentence,
  /** A word of a blamed sentence and the edition that introduced it. */
  BlameWord,
} from '../../src/collate/blame.js';
export type {
  /** One change as the history lists it. */
  HistoryChange,
  /** A fact change of one history step, with where it is. */
  HistoryFact,
  /** A policy shift of one history step, with where it is. */
  HistoryShift,
  /** What changed from one edition to the next. */
  HistoryStep,
  /** The history of a whole series (GET /api/series/:series/history). */
  SeriesHistory,
} from '../../src/collate/history.js';
export type {
  /** One fact of an edition: a count, a date or period, a law or agreement, an organisation, a place. */
  Fact,
  /** One fact new, dropped or changed, with the pair that holds it and its section path. */
  FactChangeEntry,
  /** The facts diff of two editions (GET /api/series/:series/facts). */
  FactsReport,
} from '../../src/facts/model.js';
export type {
  /** One aligned pair of units (old, new or both) and how they relate. */
  AlignedPair,
  /** The comparison of two editions (GET /api/series/:series/compare). */
  Comparison,
  /** How a unit of one edition relates to the other edition. */
  Relation,
  /** A policy-language shift a pair's wording carries (docs/shifts.md). */
  Shift,
  /** A kind of policy-language shift: intensity, modality, actor, region, reference, negation, scope. */
  ShiftKind,
  /** How much a change matters to a reader, from none to substantive. */
  Significance,
  /** A section, block or sentence of one edition as a pair reports it. */
  UnitRef,
  /** One step of a word diff: text kept, inserted or deleted. */
  WordChange,
} from '../../src/model/comparison.js';
export type {
  /** A job of the queue (GET /api/jobs, GET /api/jobs/:id). */
  JobRecord,
  /** Where a job is: waiting, running, done, failed or cancelled. */
  JobState,
} from '../../src/queue/job-queue.js';
export type {
  /** One ranked change of "what matters most" (GET /api/series/:series/compare?top=N; docs/ranking.md). */
  TopChange,
} from '../../src/report/top.js';
export type {
  /** One stored edition with its provenance. */
  EditionRecord,
  /** One text found by a search, with every edition it stands in (GET /api/search). */
  SearchGroup,
  /** One full-text search hit (GET /api/search) with its marked snippet. */
  SearchHit,
  /** One series as listed: its name and what it holds. */
  SeriesSummary,
  /** One part of a search snippet: plain text, or a match flagged by the server. */
  SnippetPart,
  /** Counts of what the store holds. */
  StoreStats,
} from '../../src/store/store.js';
export type {
  /** What a trace found in one edition: the count and (capped) hits. */
  EditionTrace,
  /** One occurrence of a traced phrase, with context and section path. */
  TraceHit,
  /** The trace of a phrase through a series (GET /api/series/:series/trace). */
  TraceResult,
} from '../../src/trace/trace.js';

import type { JobRecord } from '../../src/queue/job-queue.js';
import type { TopChange } from '../../src/report/top.js';
import type { EditionRecord, SeriesSummary, StoreStats } from '../../src/store/store.js';

/** The answer of GET /api/series/:series/compare?top=N: the changes that matter most, and how many there are. */
export interface TopSummary {
  schemaVersion: number;
  old: string;
  new: string;
  total: number;
  changes: TopChange[];
}

/** GET /api/series */
export interface SeriesList {
  series: SeriesSummary[];
  stats: StoreStats;
}

/** Counts of a series' jobs by state. */
export interface ReadinessCounts {
  waiting: number;
  running: number;
  failed: number;
}

/** Whether a series has queued work pending (SeriesReadiness of src/application/jobs/enqueue-upload.ts). */
export interface Readiness extends ReadinessCounts {
  state: 'ready' | 'pending' | 'failed';
  imports: ReadinessCounts;
  collations: ReadinessCounts;
}

/** GET /api/series/:series */
export interface SeriesDetail {
  series: SeriesSummary;
  editions: EditionRecord[];
  /** Absent from servers older than the job queue: read as ready. */
  readiness?: Readiness;
}

/** GET /api/jobs */
export interface JobList {
  schemaVersion: 1;
  /** False for a store without a job queue (SQLite): its writes finish before they answer. */
  queue: boolean;
  jobs: JobRecord[];
}

/** POST /api/series/:series/editions on a store with a job queue (202): the import job and where to follow it. */
export interface UploadAccepted {
  job: JobRecord;
  url: string;
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
  /** E_DUPLICATE: the edition that holds the same bytes. */
  duplicateOf?: string;
}
