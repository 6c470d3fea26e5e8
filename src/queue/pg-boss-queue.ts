/**
 * The job queue on pg-boss 10 (a maintained PostgreSQL job queue; 10.4 is the newest line that runs on Node 20),
 * in the store's own database (issue 16). Its tables live in a schema of their own: `palimpsest_jobs`, or
 * `<schema>_jobs` when the store URL names a `schema`, so that a test's store and queue come and go together.
 *
 * - `palimpsest-import`: standard policy, any number at once; two retries, then the dead-letter queue.
 * - `palimpsest-collate`: the `stately` policy with the series as singleton key — at most one waiting and one running
 *   collation per series, different series in parallel; a request while one waits is folded into it (pg-boss answers
 *   null).
 * - A job whose worker dies is failed by pg-boss when its `expireInSeconds` pass, then retried like any failure.
 * - Staged bytes (the inputs of import jobs) are kept in `staged_inputs` beside the queue's tables, one row per
 *   SHA-256, and released when no unfinished import needs them.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { ERROR_CATALOGUE, isPalimpsestError, PalimpsestError } from '../errors/errors.js';
import type {
  CollateJobData,
  ImportJobData,
  JobFilter,
  JobHandlers,
  JobKind,
  JobQueue,
  JobRecord,
  JobState,
} from './job-queue.js';

/** Queue names by job kind. */
const QUEUES: Readonly<Record<JobKind, string>> = {
  import: 'palimpsest-import',
  collate: 'palimpsest-collate',
  // A rebuild is a collate job (CollateJobData.rebuild): one queue and one singleton key per series for both.
  rebuild: 'palimpsest-collate',
};
/** Where jobs go once their retries are spent. */
const DEAD_LETTER = 'palimpsest-failed';

/** Options of the queue. */
export interface PgBossQueueOptions {
  /** Seconds a running job may take before pg-boss takes it for dead and retries it (default 900). */
  expireInSeconds?: number;
  /** Retries of a failed job before it is dead-lettered (default 2). */
  retryLimit?: number;
  /** Seconds between retries (default 5). */
  retryDelay?: number;
  /** Seconds between polls of an idle worker (default 2; pg-boss's least is 0.5). */
  pollingIntervalSeconds?: number;
  /** Seconds between pg-boss's maintenance passes, which fail expired jobs (default pg-boss's 120). */
  maintenanceIntervalSeconds?: number;
}

/** pg-boss's job states, as this project names them. */
const STATES: Readonly<Record<string, JobState>> = {
  created: 'waiting',
  retry: 'waiting',
  active: 'running',
  completed: 'done',
  failed: 'failed',
  cancelled: 'cancelled',
};

/** The connection string without the store's `schema` parameter, and the queue's schema name. */
export function queueLocation(url: string): { connectionString: string; schema: string } {
  const parsed = new URL(url);
  const storeSchema = parsed.searchParams.get('schema');
  parsed.searchParams.delete('schema');
  return { connectionString: parsed.toString(), schema: `${storeSchema ?? 'palimpsest'}_jobs` };
}

/** Open the queue of the PostgreSQL store at `url`, creating its tables when they are missing. */
export async function openJobQueue(url: string, options: PgBossQueueOptions = {}): Promise<PgBossJobQueue> {
  const { connectionString, schema } = queueLocation(url);
  const boss = new PgBoss({
    connectionString,
    schema,
    max: 4,
    // `jobs` reads the live table: finished jobs stay in it a day, failed ones (the dead-letter state) a week, then
    // pg-boss archives them, and deletes archived ones after a week.
    archiveCompletedAfterSeconds: 24 * 3600,
    archiveFailedAfterSeconds: 7 * 24 * 3600,
    deleteAfterDays: 7,
    supervise: true,
    schedule: false,
    ...(options.maintenanceIntervalSeconds === undefined
      ? {}
      : { maintenanceIntervalSeconds: options.maintenanceIntervalSeconds }),
  });
  const errors: Error[] = [];
  // pg-boss reports errors of its background loops as events; one unheard would crash the process.
  boss.on('error', (error) => {
    if ((error as { code?: string }).code !== '23505') errors.push(error);
  });
  const pool = new pg.Pool({ connectionString, max: 2 });
  try {
    await boss.start();
    await pool.query(`create table if not exists ${quoteIdentifier(schema)}.staged_inputs (
      sha256 text primary key, bytes bytea not null, staged_on timestamptz not null default now())`);
    const retry = { retryLimit: options.retryLimit ?? 2, retryDelay: options.retryDelay ?? 5 };
    const expire = { expireInSeconds: options.expireInSeconds ?? 900 };
    await ensureQueue(boss, { name: DEAD_LETTER, policy: 'standard' });
    await ensureQueue(boss, { name: QUEUES.import, policy: 'standard', deadLetter: DEAD_LETTER, ...retry, ...expire });
    await ensureQueue(boss, { name: QUEUES.collate, policy: 'stately', deadLetter: DEAD_LETTER, ...retry, ...expire });
  } catch (error) {
    await boss.stop({ graceful: false, wait: false }).catch(() => undefined);
    await pool.end().catch(() => undefined);
    throw new PalimpsestError('E_STORE', `cannot open the job queue: ${(error as Error).message}`, { cause: error });
  }
  return new PgBossJobQueue(boss, pool, schema, options.pollingIntervalSeconds ?? 2, errors);
}

/**
 * Create a queue unless it exists (two processes starting at once both try); an existing one takes the retry and
 * expiry settings of the process opening it, so a worker started with other settings does not run on stale ones.
 */
async function ensureQueue(boss: PgBoss, queue: PgBoss.Queue): Promise<void> {
  if (await boss.getQueue(queue.name)) {
    await boss.updateQueue(queue.name, queue);
    return;
  }
  try {
    await boss.createQueue(queue.name, queue);
  } catch (error) {
    if ((error as { code?: string }).code !== '23505') throw error;
  }
}

/** A PostgreSQL identifier, quoted. */
function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A thrown value as the job's stored error: its stable code when it has one. */
function jobError(error: unknown): { code: string; message: string } {
  const code = isPalimpsestError(error) ? error.code : 'E_INTERNAL';
  const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').slice(0, 500);
  return { code, message };
}

/** A row of pg-boss's job table as `list` reads it. */
interface JobRow {
  id: string;
  name: string;
  state: string;
  data: (Partial<ImportJobData> & { series?: string }) | null;
  retry_count: number;
  created_on: Date;
  started_on: Date | null;
  completed_on: Date | null;
  output: Record<string, unknown> | null;
}

/** The queue on pg-boss; see the module comment. */
export class PgBossJobQueue implements JobQueue {
  readonly #boss: PgBoss;
  readonly #pool: pg.Pool;
  readonly #schema: string;
  readonly #polling: number;
  readonly #errors: Error[];
  #stopped = false;

  constructor(boss: PgBoss, pool: pg.Pool, schema: string, polling: number, errors: Error[]) {
    this.#boss = boss;
    this.#pool = pool;
    this.#schema = schema;
    this.#polling = polling;
    this.#errors = errors;
  }

  /** Errors pg-boss reported from its background loops (other than a singleton's expected conflicts). */
  get backgroundErrors(): readonly Error[] {
    return this.#errors;
  }

  async stage(bytes: Uint8Array): Promise<string> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await this.#pool.query(
      `insert into ${quoteIdentifier(this.#schema)}.staged_inputs (sha256, bytes) values ($1, $2)
       on conflict (sha256) do nothing`,
      [sha256, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)],
    );
    return sha256;
  }

  async staged(sha256: string): Promise<Uint8Array | undefined> {
    const { rows } = await this.#pool.query<{ bytes: Buffer }>(
      `select bytes from ${quoteIdentifier(this.#schema)}.staged_inputs where sha256 = $1`,
      [sha256],
    );
    const bytes = rows[0]?.bytes;
    return bytes === undefined ? undefined : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Drop staged bytes no waiting or running import needs any more. */
  async #release(sha256: string, finishing: string): Promise<void> {
    const schema = quoteIdentifier(this.#schema);
    await this.#pool.query(
      `delete from ${schema}.staged_inputs s where s.sha256 = $1 and not exists (
         select 1 from ${schema}.job j where j.name = $2 and j.state < 'completed' and j.id <> $3
           and j.data->>'staged' = $1)`,
      [sha256, QUEUES.import, finishing],
    );
  }

  /** Whether this run of an import is its last: its retries are spent (or were cut for an input's own fault). */
  async #lastRun(id: string): Promise<boolean> {
    const { rows } = await this.#pool.query<{ last: boolean }>(
      `select retry_count >= retry_limit as last from ${quoteIdentifier(this.#schema)}.job where name = $1 and id = $2`,
      [QUEUES.import, id],
    );
    return rows[0]?.last === true;
  }

  async enqueueImport(data: ImportJobData): Promise<string> {
    const id = await this.#boss.send(QUEUES.import, data);
    if (id === null) throw new PalimpsestError('E_INTERNAL', 'the queue refused an import job');
    return id;
  }

  async enqueueCollate(data: CollateJobData): Promise<string | null> {
    try {
      return await this.#boss.send(QUEUES.collate, data, { singletonKey: data.series });
    } catch (error) {
      // stately: a waiting collation of this series exists; it will see whatever this request would.
      if ((error as { code?: string }).code === '23505') return null;
      throw error;
    }
  }

  async enqueueRebuild(data: { series: string }, options: { once?: string } = {}): Promise<string | null> {
    const once = options.once === undefined ? {} : { id: derivedJobId(['rebuild', data.series, options.once]) };
    try {
      // A job with the same id already there (another process asked the same) is not inserted: pg-boss answers null.
      return await this.#boss.send(QUEUES.collate, { series: data.series, rebuild: true } satisfies CollateJobData, {
        singletonKey: data.series,
        ...once,
      });
    } catch (error) {
      if ((error as { code?: string }).code === '23505') return null;
      throw error;
    }
  }

  async list(filter: JobFilter = {}): Promise<JobRecord[]> {
    const schema = quoteIdentifier(this.#schema);
    const where: string[] = ['name = any($1)'];
    const values: unknown[] = [[QUEUES.import, QUEUES.collate]];
    if (filter.series !== undefined) {
      values.push(filter.series);
      where.push(`data->>'series' = $${values.length}`);
    }
    if (filter.ids !== undefined) {
      values.push(filter.ids);
      where.push(`id = any($${values.length}::uuid[])`);
    }
    if (filter.states !== undefined) {
      const states = Object.entries(STATES)
        .filter(([, state]) => filter.states?.includes(state))
        .map(([raw]) => raw);
      values.push(states);
      where.push(`state::text = any($${values.length})`);
    }
    values.push(Math.max(1, Math.min(filter.limit ?? 100, 10_000)));
    const { rows } = await this.#pool.query<JobRow>(
      `select id, name, state, data, retry_count, created_on, started_on, completed_on, output
         from ${schema}.job where ${where.join(' and ')}
         order by created_on desc, id limit $${values.length}`,
      values,
    );
    return rows.map((row) => jobRecord(row));
  }

  async work(handlers: JobHandlers, options: { concurrency: number }): Promise<void> {
    const run =
      <T>(kind: JobKind, handle: (data: T) => Promise<object>) =>
      async ([job]: PgBoss.Job<T>[]): Promise<object> => {
        if (job === undefined) return {};
        try {
          const output = await handle(job.data);
          if (kind === 'import') await this.#release((job.data as ImportJobData).staged, job.id);
          return output;
        } catch (error) {
          // The input's own fault (an empty file, a label taken) fails the same way every time: no retries for it.
          if (isPalimpsestError(error) && ERROR_CATALOGUE[error.code].httpStatus < 500) {
            await this.#pool.query(
              `update ${quoteIdentifier(this.#schema)}.job set retry_limit = retry_count where name = $1 and id = $2`,
              [QUEUES[kind], job.id],
            );
          }
          // A run that will not be retried needs its staged bytes no more: a failed upload must not keep them for ever.
          if (kind === 'import' && (await this.#lastRun(job.id))) {
            await this.#release((job.data as ImportJobData).staged, job.id);
          }
          // Thrown on: pg-boss records it as the run's output, retries, and dead-letters the job when retries are spent.
          const coded = jobError(error);
          throw Object.assign(new Error(coded.message), { code: coded.code });
        }
      };
    const workOptions = { batchSize: 1, pollingIntervalSeconds: this.#polling };
    for (let i = 0; i < Math.max(1, options.concurrency); i++) {
      await this.#boss.work<ImportJobData>(
        QUEUES.import,
        workOptions,
        run('import', (data) => handlers.import(data)),
      );
      await this.#boss.work<CollateJobData>(
        QUEUES.collate,
        workOptions,
        run('collate', (data) => handlers.collate(data)),
      );
    }
  }

  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    await this.#boss.stop({ graceful: true, wait: true, timeout: 30_000 });
    await this.#pool.end();
  }
}

/** A job id derived from `parts` (a version-5-shaped UUID of their SHA-256): the same parts, the same id. */
function derivedJobId(parts: readonly string[]): string {
  const hex = createHash('sha256').update(JSON.stringify(parts)).digest('hex');
  const variant = ((Number.parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A job row as a JobRecord. */
function jobRecord(row: JobRow): JobRecord {
  const collate = row.data as Partial<CollateJobData> | null;
  const kind: JobKind = row.name === QUEUES.collate ? (collate?.rebuild ? 'rebuild' : 'collate') : 'import';
  const output = row.output ?? {};
  const state = STATES[row.state] ?? 'waiting';
  const record: JobRecord = {
    id: row.id,
    kind,
    state,
    series: row.data?.series ?? '',
    retries: row.retry_count,
    createdAt: row.created_on.toISOString(),
  };
  if (row.data?.label !== undefined) record.label = row.data.label;
  if (row.started_on) record.startedAt = row.started_on.toISOString();
  if (row.completed_on) record.finishedAt = row.completed_on.toISOString();
  if (state === 'done' && typeof output.status === 'string') record.status = output.status;
  if (state === 'failed' || (state === 'waiting' && row.retry_count > 0)) {
    // A handler's error is stored as itself; pg-boss's own failures (a dead worker's expiry) under `value`.
    const value = (output.value ?? {}) as Record<string, unknown>;
    const said = typeof output.message === 'string' ? output.message : value.message;
    const message = typeof said === 'string' ? said : 'the job failed';
    const code = typeof output.code === 'string' && /^E_[A-Z_]+$/.test(output.code) ? output.code : 'E_JOB';
    record.error = { code, message };
  }
  return record;
}
