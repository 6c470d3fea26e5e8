/**
 * The job queue port (issue 16): with a shared PostgreSQL store, adding editions and recollating series run as jobs
 * that any number of worker processes take from one queue, instead of in the process that asked for them. The
 * application codes against this port (as it does against the store's); pg-boss-queue.ts implements it.
 *
 * Two kinds of job split an add the way its costs split:
 * - `import` — one per edition: read its staged bytes, import, parse and store it (one store transaction). Imports of
 *   one series may run side by side on several workers; the store orders them by date and label, not by arrival.
 * - `collate` — one per series at a time (a singleton key): align the consecutive pairs the comparison cache lacks and
 *   warm the series caches. Every import enqueues one; while one waits, further requests fold into it.
 * Both are idempotent: an import of bytes the store holds under that label changes nothing, and a collation of a
 * collated series finds every pair cached.
 */

/** An edition to import, as a job carries it: the bytes are staged in the queue's database under their SHA-256. */
export interface ImportJobData {
  series: string;
  label: string;
  date?: string;
  lang?: string;
  /** The file name or URL the bytes came from, kept as provenance. */
  source: string;
  /** Hex SHA-256 of the staged bytes. */
  staged: string;
  finalUrl?: string;
  contentType?: string;
  from?: string;
  encoding?: string;
  maxBytes?: number;
  replace?: boolean;
  allowDuplicate?: boolean;
}

/** A series to recollate. */
export interface CollateJobData {
  series: string;
  /**
   * Set on the rebuild of a series (issue 16: `palimpsest rebuild`, an engine upgrade): a collate job that makes every
   * derived value of the series current with the worker's engine. It shares the collate queue and its singleton key,
   * so a series' rebuild and its collations never run at once; what it rebuilds is decided by the engine version the
   * store records for the series, so a rebuild folded into a waiting collation is carried out by it.
   */
  rebuild?: boolean;
}

/** The kinds of job: imports, collations, and rebuilds (collations flagged `rebuild`, on the collate queue). */
export type JobKind = 'import' | 'collate' | 'rebuild';

/** Where a job is: waiting, running, done, or failed after its retries (the dead-letter state). */
export type JobState = 'waiting' | 'running' | 'done' | 'failed' | 'cancelled';

/** A job as `palimpsest jobs` and `GET /api/jobs` show it. */
export interface JobRecord {
  id: string;
  kind: JobKind;
  state: JobState;
  series: string;
  /** The edition of an import job. */
  label?: string;
  /** Runs so far beyond the first. */
  retries: number;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  /** For a failed job: the coded error of its last run. */
  error?: { code: string; message: string };
  /** For a finished import: what the store did (`added`, `unchanged`, `replaced`). */
  status?: string;
}

/** Which jobs to list. */
export interface JobFilter {
  series?: string;
  states?: readonly JobState[];
  ids?: readonly string[];
  limit?: number;
}

/** What a worker process runs for each kind of job; a thrown error fails the run (retried, then dead-lettered). */
export interface JobHandlers {
  import(data: ImportJobData): Promise<{ status: string; sha256: string }>;
  collate(data: CollateJobData): Promise<{ aligned: number }>;
}

/** The queue the application enqueues on and workers take from. */
export interface JobQueue {
  /** Keep bytes for an import job to read; answers their hex SHA-256. Staging the same bytes twice is one copy. */
  stage(bytes: Uint8Array): Promise<string>;
  /** The staged bytes, or undefined when they were released (the import that needed them is done). */
  staged(sha256: string): Promise<Uint8Array | undefined>;
  /** Enqueue an import; answers the job id. */
  enqueueImport(data: ImportJobData): Promise<string>;
  /** Enqueue the recollation of a series; answers the job id, or null when a waiting one already covers it. */
  enqueueCollate(data: CollateJobData): Promise<string | null>;
  /**
   * Enqueue the rebuild of a series (a collate job flagged `rebuild`); answers the job id, or null when a waiting
   * collation of the series covers it. With `once`, at most one job per series and `once` is ever enqueued, however
   * many processes ask at the same moment (its id is derived from them): what workers starting together use.
   */
  enqueueRebuild(data: { series: string }, options?: { once?: string }): Promise<string | null>;
  /** Jobs, newest first. */
  list(filter?: JobFilter): Promise<JobRecord[]>;
  /** Take jobs until `stop`: at most `concurrency` at once in this process. */
  work(handlers: JobHandlers, options: { concurrency: number }): Promise<void>;
  /** Stop taking jobs, wait for the running ones (up to a timeout), and close the connections. */
  stop(): Promise<void>;
}

/** States a job no longer leaves. */
export const FINAL_STATES: readonly JobState[] = ['done', 'failed', 'cancelled'];
