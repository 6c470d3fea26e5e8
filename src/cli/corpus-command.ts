/**
 * The store commands' shared edge — choosing and opening the store (`--store`, else PALIMPSEST_STORE, else
 * `palimpsest.db` in the working directory) — and `palimpsest list`, `show`, `remove` and `rebuild`.
 */
import { isAbsolute, resolve } from 'node:path';
import {
  listCorpus,
  type ReadView,
  readView,
  rebuildCorpus,
  removeFromCorpus,
  showSeries,
} from '../application/index.js';
import { ERROR_CATALOGUE, type ErrorCode, formatSize, PalimpsestError } from '../errors/errors.js';
import { type EditionStore, isPostgresLocation, openStore } from '../store/index.js';
import { ENGINE_VERSION } from '../version.js';
import type { CliIo } from './io.js';

/** The option every store command takes. */
export interface StoreCommandOptions {
  /** A SQLite file or a postgres:// URL. */
  store?: string;
}

/** Default SQLite file name, in the working directory. */
export const DEFAULT_STORE_FILE = 'palimpsest.db';

/** The store location for a command: --store, else PALIMPSEST_STORE, else palimpsest.db in io.cwd. */
export function storeLocation(options: StoreCommandOptions, io: CliIo): string {
  const given = options.store ?? (io.env.PALIMPSEST_STORE || undefined) ?? DEFAULT_STORE_FILE;
  if (isPostgresLocation(given) || given === ':memory:' || isAbsolute(given)) return given;
  return resolve(io.cwd, given);
}

/**
 * Open the store, run `work` with it and close it, whatever happens. A command that only reads opens it read-only:
 * it never creates a store where there is none (E_NO_STORE), never migrates one, and can read a file it may not write.
 */
export async function withStore<T>(
  options: StoreCommandOptions,
  io: CliIo,
  work: (store: EditionStore) => Promise<T>,
  access: 'read' | 'write' = 'write',
): Promise<T> {
  const store = await openStore(storeLocation(options, io), access === 'read' ? { readOnly: true } : {});
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/**
 * `withStore` for a read of one series (blame, history, trace, compare SERIES A B): through the application's read
 * view, so that while an engine upgrade's rebuild of the series is pending (PostgreSQL) the read is answered from
 * the older engine's caches — with a one-line note on stderr saying so — instead of recomputing them here. `work`
 * is also told whether the answer came from older caches.
 */
export async function withSeriesRead<T>(
  options: StoreCommandOptions,
  io: CliIo,
  series: string,
  work: (store: EditionStore, view: ReadView) => Promise<T>,
): Promise<T> {
  return withStore(
    options,
    io,
    async (store) => {
      const view = await readView(store, series);
      const result = await work(view.store, view);
      const stale = view.stale();
      if (stale !== undefined) io.stderr.write(`palimpsest: note: ${staleNote(stale.engineVersion, store.kind)}\n`);
      return result;
    },
    'read',
  );
}

/** What the CLI says of an answer served from caches engine `engineVersion` made. */
export function staleNote(engineVersion: string, kind: EditionStore['kind']): string {
  return (
    `answered from caches made by engine ${engineVersion}, not by this one (${ENGINE_VERSION}): ` +
    (kind === 'postgres'
      ? 'their rebuild is pending (palimpsest jobs; palimpsest worker runs it)'
      : 'palimpsest rebuild replaces them')
  );
}

/** A terminal or JSON choice, as the simple commands offer. */
export interface FormatOption {
  format?: 'terminal' | 'json';
}

/** Pad a table's cells to their column widths. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows
    .map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  '))
    .join('\n');
}

/** `palimpsest list`: the series in the store with their editions and date ranges. */
export async function listCommand(options: StoreCommandOptions & FormatOption, io: CliIo): Promise<number> {
  const { series, stats } = await withStore(options, io, listCorpus, 'read');
  if (options.format === 'json') {
    io.stdout.write(`${JSON.stringify({ schemaVersion: 1, series, stats }, null, 2)}\n`);
    return 0;
  }
  if (series.length === 0) {
    io.stdout.write(
      'No series yet. Add one with: palimpsest add SERIES FILE --edition LABEL (or: palimpsest sample)\n',
    );
    return 0;
  }
  const rows = [
    ['SERIES', 'EDITIONS', 'FIRST', 'LAST'],
    ...series.map((s) => [s.name, String(s.editionCount), s.firstDate ?? '-', s.lastDate ?? '-']),
  ];
  io.stdout.write(
    `${table(rows)}\n\n${stats.series} series, ${stats.editions} editions, ${formatSize(stats.blobBytes)} stored\n`,
  );
  return 0;
}

/** `palimpsest show SERIES`: the editions of a series with their provenance. */
export async function showCommand(
  series: string,
  options: StoreCommandOptions & FormatOption,
  io: CliIo,
): Promise<number> {
  const shown = await withStore(options, io, (store) => showSeries(store, series), 'read');
  if (options.format === 'json') {
    io.stdout.write(`${JSON.stringify({ schemaVersion: 1, ...shown }, null, 2)}\n`);
    return 0;
  }
  const rows = [
    ['EDITION', 'DATE', 'FORMAT', 'SIZE', 'SHA256', 'SOURCE'],
    ...shown.editions.map((e) => [
      e.label,
      e.date ?? '-',
      e.format,
      formatSize(e.size),
      e.sha256.slice(0, 12),
      e.source.finalUrl ?? e.source.name,
    ]),
  ];
  io.stdout.write(`${shown.series.name}: ${shown.series.editionCount} editions\n\n${table(rows)}\n`);
  return 0;
}

/** `palimpsest remove SERIES [EDITION]`. */
export async function removeCommand(
  series: string,
  edition: string | undefined,
  options: StoreCommandOptions,
  io: CliIo,
): Promise<number> {
  const removed = await withStore(options, io, (store) => removeFromCorpus(store, series, edition));
  io.stdout.write(
    edition === undefined ? `removed series ${series} (${removed} editions)\n` : `removed ${series} ${edition}\n`,
  );
  return 0;
}

/** Options of `palimpsest rebuild`. */
export interface RebuildCommandOptions extends StoreCommandOptions {
  /** With a PostgreSQL store: enqueue the rebuild jobs and return without waiting (commander's --no-wait). */
  wait?: boolean;
}

/**
 * `palimpsest rebuild`: on SQLite, clear every derived cache and re-derive it with this engine, in process; on
 * PostgreSQL, one rebuild job per series (issue 16), the old caches served until each is replaced.
 */
export async function rebuildCommand(options: RebuildCommandOptions, io: CliIo): Promise<number> {
  const progress = io.stderr.isTTY === true ? new ProgressLine(io) : null;
  const location = storeLocation(options, io);
  if (isPostgresLocation(location)) return queuedRebuildCommand(location, options, io, progress);
  const result = await withStore(options, io, (store) =>
    rebuildCorpus(store, (done, total, label) => progress?.update(done, total, label)),
  );
  progress?.clear();
  io.stdout.write(
    `rebuilt ${result.editions} editions in ${result.series} series (${result.aligned} pairs aligned; ` +
      `${result.cleared.derived} cache entries and ${result.cleared.searchUnits} search units cleared)\n`,
  );
  return 0;
}

/**
 * The queued rebuild: enqueue one job per series and, unless --no-wait, work along until they are final; a failed
 * job fails the command with its code, naming the series rebuilt and the others.
 */
async function queuedRebuildCommand(
  location: string,
  options: RebuildCommandOptions,
  io: CliIo,
  progress: ProgressLine | null,
): Promise<number> {
  const { queuedRebuild } = await import('./worker-command.js');
  const wait = options.wait !== false;
  const result = await queuedRebuild(location, io.env, { wait }, (done, total, running) =>
    progress?.update(done, total, running === '' ? 'waiting for a worker' : `rebuilding ${running}`),
  );
  progress?.clear();
  const count = result.series.length;
  if (!wait) {
    io.stdout.write(
      `rebuild of ${count} series enqueued (the old caches are served until each is replaced); ` +
        'follow it with: palimpsest jobs\n',
    );
    return 0;
  }
  const failed = result.finished.filter((job) => job.state !== 'done');
  if (failed.length > 0) {
    const first = failed[0] as (typeof failed)[number];
    const code = (first.error?.code ?? 'E_JOB') as ErrorCode;
    throw new PalimpsestError(
      code in ERROR_CATALOGUE ? code : 'E_JOB',
      `${first.error?.message ?? 'the rebuild failed'} (series ${JSON.stringify(first.series)}); ` +
        `${count - failed.length} of ${count} series rebuilt, ${failed.length} failed — palimpsest jobs --failed shows each`,
    );
  }
  io.stdout.write(`rebuilt ${count} series with engine ${ENGINE_VERSION} (by the queue)\n`);
  return 0;
}

/** A one-line progress bar on an interactive stderr, redrawn in place with \r (cli-progress in ~20 lines). */
export class ProgressLine {
  constructor(private readonly io: CliIo) {}

  /** Redraw the bar: `[#####-----] 12/116 label`. */
  update(done: number, total: number, label: string): void {
    const width = 24;
    const filled = total > 0 ? Math.round((width * Math.min(done, total)) / total) : width;
    const room = Math.max(10, (this.io.stderr.columns ?? 80) - width - 20);
    const name = label.length > room ? `${label.slice(0, room - 1)}…` : label;
    this.io.stderr.write(`\r\u001b[2K[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${name}`);
  }

  /** Erase the bar so that what follows starts on a clean line. */
  clear(): void {
    this.io.stderr.write('\r\u001b[2K');
  }
}
