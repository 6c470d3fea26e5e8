/** `palimpsest add SERIES FILE_OR_URL... [--edition LABEL] [--date DATE] [--lang LANG] [--replace] [--jobs N]`. */
import { type AddEditionsInput, type AddProgress, addEditions, defaultWorkerThreads } from '../application/index.js';
import { ERROR_CATALOGUE, type ErrorCode, formatSize, PalimpsestError } from '../errors/errors.js';
import type { Format } from '../importers/types.js';
import { isPostgresLocation } from '../store/index.js';
import { ProgressLine, type StoreCommandOptions, storeLocation, withStore } from './corpus-command.js';
import { expandEditionSources } from './edition-sources.js';
import type { CliIo } from './io.js';
import { DEFAULT_MAX_SIZE } from './size.js';
import { isStdin, readStdin } from './stdin.js';

/** Options of the add command as commander parses them. */
export interface AddCommandOptions extends StoreCommandOptions {
  edition?: string;
  date?: string;
  lang?: string;
  replace?: boolean;
  allowDuplicate?: boolean;
  from?: Format;
  encoding?: string;
  maxSize?: number;
  jobs?: number;
  /** With a PostgreSQL store: enqueue the imports and return without waiting for them (commander's --no-wait). */
  wait?: boolean;
}

/** What an add takes from the command line besides its editions: the same in process and through the queue. */
function addSettings(
  options: AddCommandOptions,
): Pick<AddEditionsInput, 'lang' | 'replace' | 'allowDuplicate' | 'from' | 'encoding' | 'maxBytes'> {
  return {
    ...(options.lang ? { lang: options.lang } : {}),
    ...(options.replace ? { replace: true } : {}),
    ...(options.allowDuplicate ? { allowDuplicate: true } : {}),
    ...(options.from ? { from: options.from } : {}),
    ...(options.encoding ? { encoding: options.encoding } : {}),
    ...(options.maxSize ? { maxBytes: options.maxSize } : {}),
  };
}

/** Dates the store accepts. */
const ISO_DATE = /^\d{4}(?:-\d{2}(?:-\d{2})?)?$/;

/** Worker threads for an add: --jobs, else PALIMPSEST_JOBS, else `defaultWorkerThreads()` (1: in process). */
export function jobsFor(options: Pick<AddCommandOptions, 'jobs'>, env: CliIo['env']): number {
  if (options.jobs !== undefined) return options.jobs;
  const fromEnv = env.PALIMPSEST_JOBS?.trim();
  if (fromEnv === undefined || fromEnv === '') return defaultWorkerThreads();
  if (!/^\d+$/.test(fromEnv) || Number(fromEnv) < 1) {
    throw new PalimpsestError('E_USAGE', `PALIMPSEST_JOBS expects a whole number ≥ 1, got '${fromEnv}'`);
  }
  return Number(fromEnv);
}

/** The clock of the composition root; a test can pass its own through `addCommand`. */
export type Clock = () => Date;

/** Run the add command and return its exit status. */
export async function addCommand(
  series: string,
  sources: string[],
  options: AddCommandOptions,
  io: CliIo,
  now: Clock = () => new Date(),
): Promise<number> {
  if (options.date !== undefined && !ISO_DATE.test(options.date)) {
    throw new PalimpsestError('E_USAGE', `--date expects YYYY, YYYY-MM or YYYY-MM-DD, got '${options.date}'`);
  }
  const jobs = jobsFor(options, io.env);
  const editions = await expandEditionSources(sources, io.cwd, {
    ...(options.edition === undefined ? {} : { label: options.edition }),
    ...(options.date === undefined ? {} : { date: options.date }),
  });
  // Standard input is read here, before the store is opened: a refused input (over the limit) leaves no store behind.
  if (sources.some(isStdin)) {
    for (const edition of editions) {
      edition.bytes = await readStdin(io, options.maxSize ?? DEFAULT_MAX_SIZE, 'raise it with --max-size');
    }
  }
  const tty = io.stderr.isTTY === true && editions.length > 1;
  const progress = tty ? new ProgressLine(io) : null;
  const location = storeLocation(options, io);
  if (isPostgresLocation(location)) {
    return queuedAddCommand(location, series, editions, options, io, progress);
  }
  const onProgress = (step: AddProgress) => {
    if (progress)
      progress.update(step.done, step.total, `${step.phase === 'import' ? 'importing' : 'aligning'} ${step.label}`);
    else if (step.phase === 'import') io.stdout.write(`${step.status} ${series} ${step.label}\n`);
  };
  const result = await withStore(options, io, (store) =>
    addEditions(
      store,
      {
        series,
        editions,
        cwd: io.cwd,
        ...addSettings(options),
        jobs,
      },
      { now, onProgress },
    ),
  );
  progress?.clear();
  if (result.cachesIncomplete) {
    const { code, message } = result.cachesIncomplete;
    io.stderr.write(
      `palimpsest: warning: ${code}: the editions are stored, but their comparisons and series caches were not all built (${message}); the first history, blame or trace will build them\n`,
    );
  }
  const counts = { added: 0, unchanged: 0, replaced: 0 };
  for (const e of result.editions) counts[e.status]++;
  if (result.editions.length === 1) {
    const only = result.editions[0];
    if (only) {
      const r = only.record;
      io.stdout.write(
        `  ${r.format}${r.encoding ? `, ${r.encoding}` : ''}, ${formatSize(r.size)}, sha256 ${r.sha256.slice(0, 12)}\n`,
      );
    }
  } else {
    io.stdout.write(
      `${series}: ${counts.added} added, ${counts.unchanged} unchanged, ${counts.replaced} replaced; ${result.aligned} consecutive pairs aligned\n`,
    );
  }
  return 0;
}

/**
 * `add` on a PostgreSQL store (issue 16): the editions are read here, enqueued as import jobs and — unless --no-wait —
 * worked on here alongside any `palimpsest worker` until they and the series' collation are done. Prints what the
 * in-process add prints; a failed import fails the command with its job's code, naming what was stored.
 */
async function queuedAddCommand(
  location: string,
  series: string,
  editions: Awaited<ReturnType<typeof expandEditionSources>>,
  options: AddCommandOptions,
  io: CliIo,
  progress: ProgressLine | null,
): Promise<number> {
  const { readEditionSource } = await import('../application/index.js');
  const { queuedAdd } = await import('./worker-command.js');
  const shared = addSettings(options);
  const queued = [];
  // Every source is read before anything is enqueued: an unreadable file leaves the queue untouched.
  for (const edition of editions) {
    const read = await readEditionSource(edition, { series, editions, cwd: io.cwd, ...shared });
    queued.push({
      source: edition.source,
      label: edition.label,
      bytes: read.bytes,
      ...(edition.date === undefined ? {} : { date: edition.date }),
      ...(read.finalUrl === undefined ? {} : { finalUrl: read.finalUrl }),
      ...(read.contentType === undefined ? {} : { contentType: read.contentType }),
    });
  }
  const wait = options.wait !== false;
  const result = await queuedAdd(
    location,
    io.env,
    { series, editions: queued, ...shared, wait },
    (done, total, running) =>
      progress?.update(done, total, running === '' ? 'waiting for a worker' : `importing ${running}`),
  );
  progress?.clear();
  if (!wait) {
    io.stdout.write(
      `${series}: ${result.jobs.length} import job${result.jobs.length === 1 ? '' : 's'} enqueued; ` +
        `follow them with: palimpsest jobs --series ${JSON.stringify(series)}\n`,
    );
    return 0;
  }
  const failed = result.finished.filter((job) => job.state !== 'done');
  for (const job of result.finished) {
    if (job.state === 'done' && editions.length > 1) io.stdout.write(`${job.status} ${series} ${job.label}\n`);
  }
  if (failed.length > 0) {
    const first = failed[0] as (typeof failed)[number];
    const code = (first.error?.code ?? 'E_JOB') as ErrorCode;
    const stored = result.finished.length - failed.length;
    throw new PalimpsestError(
      code in ERROR_CATALOGUE ? code : 'E_JOB',
      `${first.error?.message ?? 'the import failed'} (edition ${JSON.stringify(first.label)}); ` +
        `${stored} of ${editions.length} editions stored, ${failed.length} failed — palimpsest jobs --failed shows each`,
    );
  }
  if (editions.length > 1) {
    const counts = { added: 0, unchanged: 0, replaced: 0 } as Record<string, number>;
    for (const job of result.finished) counts[job.status ?? 'added'] = (counts[job.status ?? 'added'] ?? 0) + 1;
    io.stdout.write(
      `${series}: ${counts.added} added, ${counts.unchanged} unchanged, ${counts.replaced} replaced (by the queue)\n`,
    );
  } else {
    io.stdout.write(`${result.finished[0]?.status ?? 'added'} ${series} ${result.finished[0]?.label ?? ''}\n`);
  }
  return 0;
}
