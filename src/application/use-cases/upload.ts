/**
 * Adding one edition from bytes already in memory (an HTTP upload) rather than from a path: the same steps as
 * `addEditions` — import within the size limit, parse before storing (a file the engine cannot read never enters the
 * store), store the bytes with their provenance, cache the tree, index it for search, then align the series — but
 * nothing is read from or written to the file system, so an uploader's file name is only ever provenance text.
 */
import { PalimpsestError } from '../../errors/errors.js';
import { type AddEditionResult, type EditionRecord, type EditionStore, redactLocation } from '../../store/index.js';
import { ENGINE_VERSION } from '../../version.js';
import type { AlignPool } from '../workers/align-pool.js';
import { type ParsedEdition, parseEdition } from '../workers/align-worker.js';
import { type AddDependencies, buildSeriesCaches, storeParsedEdition } from './add.js';

/** One edition given as bytes. */
export interface EditionBytesInput {
  series: string;
  label: string;
  bytes: Uint8Array;
  /** The name the bytes came under (an upload's file name): shown in messages and kept as provenance only. */
  sourceName: string;
  /** ISO date `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
  date?: string;
  /** Language of the edition (`en`, `ja`…), used to segment words. */
  lang?: string;
  /** Replace an edition whose label is taken by different bytes instead of refusing (E_EXISTS). */
  replace?: boolean;
  /** Store bytes another edition of the series already holds under another label instead of refusing (E_DUPLICATE). */
  allowDuplicate?: boolean;
  /** Largest input in bytes (E_TOO_LARGE beyond it). */
  maxBytes?: number;
}

/** The outcome of `addEditionBytes`. */
export interface EditionBytesResult {
  status: AddEditionResult['status'];
  edition: EditionRecord;
  /** Consecutive pairs of the series aligned (or found aligned in the cache). */
  aligned: number;
  /** Why the series' caches could not all be built (they are made on first read); the edition is stored. */
  cachesIncomplete?: { code: string; message: string };
}

/** What `addEditionBytes` needs besides the store: the clock, and optionally where the CPU-bound work runs. */
export interface EditionBytesDependencies extends Pick<AddDependencies, 'now'> {
  /**
   * The caller's worker pool (a server's, which keeps its event loop free): importing, parsing and aligning run where
   * it puts them; without one, in process. The caller owns and closes it.
   */
  pool?: AlignPool;
  /**
   * Where the store was opened from (a PostgreSQL URL with its password): with an offloading pool, the whole use case
   * then runs on the pool's writer thread over a connection of its own (`storeReopenable`), and this thread only
   * awaits the result.
   */
  storeLocation?: string;
}

/**
 * Whether a worker thread can open, from `location`, the very store `store` is: a SQLite file under the same path
 * (not an in-memory database, which a second connection would see empty) or the same PostgreSQL database.
 */
export function storeReopenable(store: EditionStore, location: string | undefined): location is string {
  if (location === undefined || store.readOnly) return false;
  const trimmed = location.trim();
  if (store.kind === 'sqlite') {
    return trimmed !== '' && trimmed !== ':memory:' && !trimmed.startsWith('file:') && location === store.location;
  }
  return redactLocation(location) === store.location;
}

/** Add one edition from its bytes, then align its series (the upload use case of the HTTP API). */
export async function addEditionBytes(
  store: EditionStore,
  input: EditionBytesInput,
  dependencies: EditionBytesDependencies,
): Promise<EditionBytesResult> {
  if (input.series.trim() === '') throw new PalimpsestError('E_USAGE', 'the series name is empty');
  if (input.label.trim() === '') throw new PalimpsestError('E_USAGE', 'the edition label is empty');
  const { pool } = dependencies;
  if (pool?.writesOffThread && storeReopenable(store, dependencies.storeLocation)) {
    const done = await pool.write({
      kind: 'upload',
      store: { location: dependencies.storeLocation },
      input,
      importedAt: dependencies.now().toISOString(),
    });
    if (done.kind !== 'upload') throw new Error(`a write task answered ${done.kind} to an upload`);
    return done.result;
  }
  const task = {
    bytes: input.bytes,
    options: {
      name: input.sourceName,
      ...(input.maxBytes === undefined ? {} : { limits: { maxBytes: input.maxBytes } }),
    },
    ...(input.lang ? { locale: input.lang } : {}),
  };
  // The same import and parse as `add`, on the pool's thread when there is one (parseEdition is what it runs).
  const parsed: ParsedEdition = pool ? await pool.for(1).parse(task) : await parseEdition(task);
  const { document } = parsed;
  const { result } = await storeParsedEdition(
    store,
    {
      series: input.series,
      label: input.label,
      bytes: input.bytes,
      ...(input.date ? { date: input.date } : {}),
      ...(input.lang ? { lang: input.lang } : {}),
      source: { name: input.sourceName },
      format: parsed.format,
      ...(parsed.encoding ? { encoding: parsed.encoding } : {}),
      importedAt: dependencies.now().toISOString(),
      engineVersion: ENGINE_VERSION,
      ...(input.replace ? { replace: true } : {}),
      ...(input.allowDuplicate ? { allowDuplicate: true } : {}),
    },
    document,
  );
  // Committed with its tree and search index: from here on nothing may answer an error. The alignment and series
  // caches are rebuildable; the pool being full (E_BUSY) or the store failing now is reported beside the success.
  const caches = await buildSeriesCaches(store, input.series, undefined, pool ? { pool } : {});
  return {
    status: result.status,
    edition: result.edition,
    aligned: caches.aligned,
    ...(caches.incomplete ? { cachesIncomplete: caches.incomplete } : {}),
  };
}
