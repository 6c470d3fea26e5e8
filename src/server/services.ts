/**
 * What every route needs, resolved once by `createApp` from its options: the store, the clock, the upload limit, the
 * text to keep out of error details (the store's location) and the worker pool heavy work runs on, if any.
 */
import type { AlignPool } from '../application/index.js';
import type { JobQueue } from '../queue/job-queue.js';
import type { EditionStore } from '../store/index.js';
import type { ProblemOptions } from './problem.js';

/** What the server does with the job queue: list jobs, and stage and enqueue uploads. */
export type ServerJobQueue = Pick<JobQueue, 'list' | 'stage' | 'enqueueImport'>;

/** The services the routes share. */
export interface ServerServices {
  store: EditionStore;
  /** The clock stamped on uploads. */
  now: () => Date;
  /** Largest uploaded file, in bytes. */
  maxUploadBytes: number;
  /** Redactions applied to error details. */
  problemOptions: ProblemOptions;
  /** Where uncached comparisons and uploads' parsing and aligning run; without one, on the event loop. */
  pool?: AlignPool;
  /**
   * Where the store was opened from (a PostgreSQL URL with its password, never shown): lets uploads and removals run
   * whole on the pool's writer thread with a connection of its own (AppOptions.storeLocation).
   */
  storeLocation?: string;
  /**
   * The job queue of a shared PostgreSQL store (issue 16): listed by GET /api/jobs, read for a series' readiness, and
   * where uploads are enqueued (202) instead of run in process; absent for SQLite.
   */
  jobs?: ServerJobQueue;
}
