/**
 * An HTTP upload on a store with a job queue (a shared PostgreSQL store, issue 16): refuse up front what the store
 * would refuse for sure — a label taken by different bytes (E_EXISTS), bytes the series holds under another label
 * (E_DUPLICATE, naming it) — so the uploader hears it at once and nothing is enqueued; otherwise stage the bytes and
 * enqueue one import job (`enqueueAdd`), which a `palimpsest worker` runs. The store checks both again inside the
 * import's transaction, so two uploads racing past this check still cannot both store (the loser's job fails with
 * the code). Also what the API says of a series' pending work (`seriesReadiness`).
 */
import { createHash } from 'node:crypto';
import { PalimpsestError, quoteFileName } from '../../errors/errors.js';
import type { JobQueue, JobRecord } from '../../queue/job-queue.js';
import type { EditionRecord, EditionStore } from '../../store/index.js';
import type { EditionBytesInput } from '../use-cases/upload.js';
import { enqueueAdd } from './run-jobs.js';

/** Enqueue the import of an uploaded edition; answers the job id, or throws E_EXISTS / E_DUPLICATE having enqueued nothing. */
export async function enqueueUpload(
  store: EditionStore,
  queue: Pick<JobQueue, 'stage' | 'enqueueImport'>,
  input: EditionBytesInput,
): Promise<string> {
  if (input.series.trim() === '') throw new PalimpsestError('E_USAGE', 'the series name is empty');
  if (input.label.trim() === '') throw new PalimpsestError('E_USAGE', 'the edition label is empty');
  const held = (await store.getSeries(input.series)) === undefined ? [] : await store.listEditions(input.series);
  refuseTaken(held, input);
  const [id] = await enqueueAdd(store, queue as JobQueue, {
    series: input.series,
    editions: [
      {
        source: input.sourceName,
        label: input.label,
        bytes: input.bytes,
        ...(input.date === undefined ? {} : { date: input.date }),
      },
    ],
    ...(input.lang === undefined ? {} : { lang: input.lang }),
    ...(input.maxBytes === undefined ? {} : { maxBytes: input.maxBytes }),
    ...(input.replace ? { replace: true } : {}),
    ...(input.allowDuplicate ? { allowDuplicate: true } : {}),
  });
  if (id === undefined) throw new PalimpsestError('E_INTERNAL', 'an upload enqueued no job');
  return id;
}

/** E_EXISTS or E_DUPLICATE (with `duplicateOf`) as the store would answer them, from the series' editions. */
function refuseTaken(held: readonly EditionRecord[], input: EditionBytesInput): void {
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  const same = held.find((record) => record.label === input.label);
  if (same !== undefined && same.sha256 === sha256) return;
  if (same !== undefined && !input.replace) {
    throw new PalimpsestError(
      'E_EXISTS',
      `series ${quoteFileName(input.series)} already has an edition ${quoteFileName(input.label)} with different ` +
        `content (sha256 ${same.sha256.slice(0, 12)}…, new ${sha256.slice(0, 12)}…); replace it explicitly ` +
        '(replace=true) or choose another label',
    );
  }
  if (input.allowDuplicate) return;
  const twin = held.find((record) => record.sha256 === sha256 && record.label !== input.label);
  if (twin === undefined) return;
  throw new PalimpsestError(
    'E_DUPLICATE',
    `series ${quoteFileName(input.series)} already holds these bytes as edition ${quoteFileName(twin.label)} ` +
      `(sha256 ${sha256.slice(0, 12)}…); not stored as ${quoteFileName(input.label)} — to keep a text that went back ` +
      'to an earlier wording as an edition of its own, allow the duplicate (allowDuplicate=true)',
    { duplicateOf: twin.label },
  );
}

/** Counts of a series' jobs in one state, by kind. */
export interface ReadinessCounts {
  waiting: number;
  running: number;
  failed: number;
}

/** Whether a series is ready (no work pending), has work pending, or has recent work that failed. */
export interface SeriesReadiness extends ReadinessCounts {
  state: 'ready' | 'pending' | 'failed';
  /** The same counts, for imports (one per edition) and collations (the series' alignment and caches). */
  imports: ReadinessCounts;
  collations: ReadinessCounts;
}

/** How long a failed job counts against its series' readiness (it stays listed by /api/jobs for a week). */
export const RECENT_FAILURE_MILLISECONDS = 24 * 3600 * 1000;

/** Most jobs one readiness look reads: past it, the counts are those of the newest jobs. */
const READINESS_JOBS = 1000;

/**
 * A series' readiness from its queue jobs (one list query: waiting, running and failed jobs of the series; a second,
 * of its newest done jobs, only when a collation failed). A failed import stops counting once the series holds that
 * label imported after the failure (a later upload put it right), a failed collation or rebuild once another one
 * finished after it, and any failure after a day. Without a queue (SQLite: every write finishes before it answers) a series is ready.
 */
export async function seriesReadiness(
  queue: Pick<JobQueue, 'list'> | undefined,
  series: string,
  editions: readonly EditionRecord[],
  now: Date,
): Promise<SeriesReadiness> {
  const zero = (): ReadinessCounts => ({ waiting: 0, running: 0, failed: 0 });
  const readiness: SeriesReadiness = { state: 'ready', ...zero(), imports: zero(), collations: zero() };
  if (queue === undefined) return readiness;
  const jobs = await queue.list({ series, states: ['waiting', 'running', 'failed'], limit: READINESS_JOBS });
  const importedAt = new Map(editions.map((record) => [record.label, Date.parse(record.importedAt)]));
  // A failed collation or rebuild is put right by any later one that finished: the newest done ones say when.
  const done = jobs.some((job) => job.state === 'failed' && job.kind !== 'import')
    ? await queue.list({ series, states: ['done'], limit: RECENT_DONE_JOBS })
    : [];
  const collatedAt = Math.max(
    0,
    ...done.filter((job) => job.kind !== 'import').map((job) => Date.parse(job.finishedAt ?? job.createdAt)),
  );
  for (const job of jobs) {
    if (job.state === 'failed' && !failureStands(job, importedAt, collatedAt, now)) continue;
    const state = job.state as keyof ReadinessCounts;
    readiness[state]++;
    (job.kind === 'import' ? readiness.imports : readiness.collations)[state]++;
  }
  readiness.state = readiness.waiting + readiness.running > 0 ? 'pending' : readiness.failed > 0 ? 'failed' : 'ready';
  return readiness;
}

/** Done jobs of a series read to see whether a failed collation was followed by one that finished. */
const RECENT_DONE_JOBS = 50;

/**
 * Whether a failed job still says something about its series (see `seriesReadiness`): not after a day, not an
 * import whose label was imported since, not a collation or rebuild after which another one finished (`collatedAt`).
 */
function failureStands(
  job: JobRecord,
  importedAt: ReadonlyMap<string, number>,
  collatedAt: number,
  now: Date,
): boolean {
  const failedAt = Date.parse(job.finishedAt ?? job.createdAt);
  if (now.getTime() - failedAt > RECENT_FAILURE_MILLISECONDS) return false;
  if (job.kind !== 'import') return collatedAt < failedAt;
  if (job.label === undefined) return true;
  const imported = importedAt.get(job.label);
  return imported === undefined || imported < failedAt;
}
