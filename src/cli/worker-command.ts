/**
 * `palimpsest worker --store postgres://… [--concurrency N]` runs the queued jobs of a PostgreSQL store (imports,
 * series collations and rebuilds, issue 16) until SIGINT or SIGTERM, first enqueueing the rebuilds an engine upgrade
 * calls for; `palimpsest jobs` lists them; and the queued paths of `palimpsest add` (one import per edition) and
 * `palimpsest rebuild` (one rebuild per series) work alongside the workers while they wait, and report as the
 * in-process commands do. The queue module is imported only here, so SQLite commands never load pg-boss.
 */
import { enqueueRebuilds, enqueueUpgradeRebuilds, jobHandlers } from '../application/index.js';
import { PalimpsestError } from '../errors/errors.js';
import type { JobQueue, JobRecord, JobState } from '../queue/job-queue.js';
import { type EditionStore, isPostgresLocation, openStore } from '../store/index.js';
import { ENGINE_VERSION } from '../version.js';
import { type StoreCommandOptions, storeLocation, table } from './corpus-command.js';
import type { CliIo } from './io.js';

/** Options of `palimpsest worker`. */
export interface WorkerCommandOptions extends StoreCommandOptions {
  concurrency?: number;
}

/** Options of `palimpsest jobs`. */
export interface JobsCommandOptions extends StoreCommandOptions {
  series?: string;
  failed?: boolean;
  limit?: number;
  format?: 'terminal' | 'json';
}

/** The PostgreSQL location of a queue command, or E_USAGE: SQLite stores run everything in process. */
function queueLocationOf(options: StoreCommandOptions, io: CliIo, command: string): string {
  const location = storeLocation(options, io);
  if (!isPostgresLocation(location)) {
    throw new PalimpsestError(
      'E_USAGE',
      `${command} needs a PostgreSQL store (--store postgres://…); a SQLite store runs its work in the command that asks`,
    );
  }
  return location;
}

/** Open the store and its queue, run `work`, and close both whatever happens. */
export async function withQueue<T>(
  location: string,
  env: CliIo['env'],
  work: (store: EditionStore, queue: JobQueue) => Promise<T>,
): Promise<T> {
  const { openJobQueue } = await import('../queue/pg-boss-queue.js');
  const store = await openStore(location);
  try {
    const queue = await openJobQueue(location, queueOptions(env));
    try {
      return await work(store, queue);
    } finally {
      await queue.stop();
    }
  } finally {
    await store.close();
  }
}

/** Queue settings from the environment (tests shorten the expiry of a killed worker's job and the retry delay). */
function queueOptions(env: Record<string, string | undefined>) {
  const seconds = (name: string) => {
    const value = env[name];
    return value !== undefined && /^\d+(\.\d+)?$/.test(value) ? Number(value) : undefined;
  };
  const expire = seconds('PALIMPSEST_JOB_EXPIRE_SECONDS');
  const retryDelay = seconds('PALIMPSEST_JOB_RETRY_DELAY');
  const polling = seconds('PALIMPSEST_JOB_POLL_SECONDS');
  const maintenance = seconds('PALIMPSEST_JOB_MAINTENANCE_SECONDS');
  return {
    ...(maintenance === undefined ? {} : { maintenanceIntervalSeconds: maintenance }),
    ...(expire === undefined ? {} : { expireInSeconds: expire }),
    ...(retryDelay === undefined ? {} : { retryDelay }),
    ...(polling === undefined ? {} : { pollingIntervalSeconds: polling }),
  };
}

/** `palimpsest worker`: take jobs until asked to stop. */
export async function workerCommand(options: WorkerCommandOptions, io: CliIo): Promise<number> {
  const location = queueLocationOf(options, io, 'worker');
  const onShutdown = io.onShutdown;
  if (onShutdown === undefined) throw new Error('workerCommand needs io.onShutdown to know when to stop');
  const concurrency = options.concurrency ?? 1;
  await withQueue(location, io.env, async (store, queue) => {
    // An engine upgrade: series whose derived data another engine made are rebuilt, each by one job however many
    // workers start now; until then reads serve their old caches, marked stale.
    const upgrades = await enqueueUpgradeRebuilds(store, queue);
    const enqueued = upgrades.filter((one) => one.job !== null).length;
    if (upgrades.length > 0) {
      io.stderr.write(
        `palimpsest worker: ${upgrades.length} series not derived by engine ${ENGINE_VERSION}: ` +
          `${enqueued} rebuild job${enqueued === 1 ? '' : 's'} enqueued (the others were already)\n`,
      );
    }
    await queue.work(
      jobHandlers(store, queue, () => new Date()),
      { concurrency },
    );
    io.stderr.write(`palimpsest worker: taking jobs (${concurrency} at once); Ctrl-C stops after the running ones\n`);
    await new Promise<void>((resolve) => {
      onShutdown(resolve);
    });
    io.stderr.write('palimpsest worker: stopping\n');
  });
  return 0;
}

/** `palimpsest jobs`: the queue's jobs, newest first. */
export async function jobsCommand(options: JobsCommandOptions, io: CliIo): Promise<number> {
  const location = queueLocationOf(options, io, 'jobs');
  const jobs = await withQueue(location, io.env, (_store, queue) =>
    queue.list({
      ...(options.series === undefined ? {} : { series: options.series }),
      ...(options.failed ? { states: ['failed'] satisfies JobState[] } : {}),
      limit: options.limit ?? 50,
    }),
  );
  if (options.format === 'json') {
    io.stdout.write(`${JSON.stringify({ schemaVersion: 1, jobs }, null, 2)}\n`);
    return 0;
  }
  if (jobs.length === 0) {
    io.stdout.write(options.failed ? 'No failed jobs.\n' : 'No jobs.\n');
    return 0;
  }
  io.stdout.write(
    `${table([['JOB', 'KIND', 'STATE', 'SERIES', 'EDITION', 'TRIES', 'RESULT'], ...jobs.map(jobRow)])}\n`,
  );
  return 0;
}

/** One row of the jobs table. */
function jobRow(job: JobRecord): string[] {
  const result = job.error ? `${job.error.code}: ${job.error.message}` : (job.status ?? '');
  // Runs so far: a waiting job that never ran has had none (retries count the runs beyond the first).
  const runs = job.state === 'waiting' && job.startedAt === undefined ? 0 : job.retries + 1;
  return [job.id.slice(0, 8), job.kind, job.state, job.series, job.label ?? '', String(runs), result];
}

/** How often a waiting `add` looks at its jobs, in ms. */
const WAIT_POLL_MS = 200;

/** What the queued add reports: as `addEditions` would, per edition. */
export interface QueuedAddResult {
  /** Job ids of the imports, in the editions' order. */
  jobs: string[];
  /** Per edition: the job's final record (absent with `wait: false`). */
  finished: JobRecord[];
}

/**
 * The queued add (PostgreSQL): read every edition's bytes here (files, standard input, URLs), enqueue one import job
 * each, and — unless `wait` is false — work on the queue alongside any running workers until those imports and the
 * series' collation are finished. `onProgress` hears how many imports are final.
 */
export async function queuedAdd(
  location: string,
  env: CliIo['env'],
  input: Parameters<typeof import('../application/index.js').enqueueAdd>[2] & { wait: boolean },
  onProgress: (done: number, total: number, running: string) => void,
): Promise<QueuedAddResult> {
  const { enqueueAdd } = await import('../application/index.js');
  return withQueue(location, env, async (store, queue) => {
    const { wait, ...add } = input;
    const jobs = await enqueueAdd(store, queue, add);
    if (!wait) return { jobs, finished: [] };
    await queue.work(
      jobHandlers(store, queue, () => new Date()),
      { concurrency: 1 },
    );
    let finished: JobRecord[] = [];
    for (;;) {
      finished = await queue.list({ ids: jobs, limit: jobs.length });
      const final = finished.filter(
        (job) => job.state === 'done' || job.state === 'failed' || job.state === 'cancelled',
      );
      const running = finished.find((job) => job.state === 'running');
      onProgress(final.length, jobs.length, running?.label ?? '');
      if (final.length === jobs.length) break;
      await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS));
    }
    // The collation every import asked for: history, blame and trace are warm when the add returns, as in process.
    // A rebuild of the series waiting or running counts too: the imports' request may have been folded into it.
    for (;;) {
      const pending = (await queue.list({ series: input.series, states: ['waiting', 'running'], limit: 10 })).filter(
        (job) => job.kind !== 'import',
      );
      if (pending.length === 0) break;
      onProgress(jobs.length, jobs.length, 'aligning');
      await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS));
    }
    const order = new Map(jobs.map((id, at) => [id, at]));
    finished.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
    return { jobs, finished };
  });
}

/** What the queued rebuild reports. */
export interface QueuedRebuildResult {
  /** Series and their rebuild jobs (null: none could be tracked, see `enqueueRebuilds`). */
  series: Array<{ series: string; job: string | null }>;
  /** The jobs' final records (absent with `wait: false`). */
  finished: JobRecord[];
}

/**
 * `palimpsest rebuild` on PostgreSQL (issue 16): one rebuild job per series (or per series named), and — unless
 * `wait` is false — work on the queue alongside any running workers until they are final. `onProgress` hears how many
 * are final and which series runs.
 */
export async function queuedRebuild(
  location: string,
  env: CliIo['env'],
  input: { series?: readonly string[]; wait: boolean },
  onProgress: (done: number, total: number, running: string) => void,
): Promise<QueuedRebuildResult> {
  return withQueue(location, env, async (store, queue) => {
    const series = await enqueueRebuilds(store, queue, input.series);
    const jobs = [...new Set(series.flatMap((one) => (one.job === null ? [] : [one.job])))];
    if (!input.wait || jobs.length === 0) return { series, finished: [] };
    await queue.work(
      jobHandlers(store, queue, () => new Date()),
      { concurrency: 1 },
    );
    for (;;) {
      const finished = await queue.list({ ids: jobs, limit: jobs.length });
      const final = finished.filter(
        (job) => job.state === 'done' || job.state === 'failed' || job.state === 'cancelled',
      );
      const running = finished.find((job) => job.state === 'running');
      onProgress(final.length, jobs.length, running?.series ?? '');
      if (final.length === jobs.length) return { series, finished };
      await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS));
    }
  });
}
