/**
 * Adding editions to a series: read the bytes (file or http(s) URL), import and parse them, store the bytes with their
 * provenance, cache the tree, index the edition for search, then align consecutive editions of the series (cached
 * comparisons) so that history, blame and trace start warm.
 *
 * Importing and aligning are CPU-bound and independent per edition and per pair, so with `jobs` ≥ 2 they run on a
 * piscina pool of worker threads (align-pool.ts, issue 4 item 3), several tasks ahead, while the main thread — the
 * store's only writer — stores each result in order. With one job everything runs in process, one step after
 * another; the results are the same either way.
 */
import { createHash } from 'node:crypto';
import { isPalimpsestError, PalimpsestError } from '../../errors/errors.js';
import { assertWithinSize, readFileBytes } from '../../importers/read-file.js';
import { DEFAULT_LIMITS, type Format } from '../../importers/types.js';
import type { DocumentNode } from '../../model/tree.js';
import type { AddEditionInput, AddEditionResult, EditionRecord, EditionStore } from '../../store/index.js';
import { ENGINE_VERSION } from '../../version.js';
import { COMPARISON_KIND, comparisonKey, editionDocument, searchUnits, TREE_KIND } from '../caches/documents.js';
import { type HeldValues, warmSeriesCaches } from '../caches/series-cache.js';
import { AlignPool, type EditionWorkers, runInOrder } from '../workers/align-pool.js';
import type { ParsedEdition, TreeInput } from '../workers/align-worker.js';

/** One edition to add: where its bytes are and what to call it. */
export interface EditionSourceInput {
  /** A file name (relative to `cwd`) or an http(s) URL; with `bytes`, only the name they are shown and kept under. */
  source: string;
  /** The edition's bytes when the caller has read them already (standard input): nothing is read from `source`. */
  bytes?: Uint8Array;
  /** The edition label within the series. */
  label: string;
  /** ISO date `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
  date?: string;
  /** With `bytes` fetched from a URL earlier (a queued import): where the fetch ended, and the type it announced. */
  finalUrl?: string;
  contentType?: string;
}

/** What `addEditions` needs. */
export interface AddEditionsInput {
  series: string;
  editions: readonly EditionSourceInput[];
  /** Language of the editions (`en`, `ja`…), used to segment words. */
  lang?: string;
  /** Replace editions whose label is taken by different bytes instead of refusing (E_EXISTS). */
  replace?: boolean;
  /**
   * Store an edition whose bytes the series already holds under another label instead of refusing (E_DUPLICATE,
   * naming that edition); without it, a bulk add of files refuses before storing any of them.
   */
  allowDuplicate?: boolean;
  /** Directory relative file names are resolved against. */
  cwd: string;
  /** Read every edition as this format instead of detecting it. */
  from?: Format;
  /** Decode text inputs with this encoding. */
  encoding?: string;
  /** Largest input in bytes. */
  maxBytes?: number;
  /** Worker threads that import and align (default 1: in process). */
  jobs?: number;
}

/** Progress of a bulk add, reported after each step. */
export interface AddProgress {
  phase: 'import' | 'align';
  /** Steps done in this phase, and the phase's total. */
  done: number;
  total: number;
  /** The edition just imported, or the newer edition of the pair just aligned. */
  label: string;
  /** For imports: what the store did. */
  status?: AddEditionResult['status'];
}

/** What the caller of a use case provides: the clock (ISO import times) and an optional progress listener. */
export interface AddDependencies {
  now: () => Date;
  onProgress?: (progress: AddProgress) => void;
}

/** One edition as added. */
export interface AddedEdition {
  label: string;
  status: AddEditionResult['status'];
  record: EditionRecord;
}

/** The outcome of `addEditions`. */
export interface AddEditionsResult {
  series: string;
  editions: AddedEdition[];
  /** Consecutive pairs of the series aligned (or found aligned in the cache). */
  aligned: number;
  /** Why the series' caches could not all be built (they are made on first read); the editions are stored. */
  cachesIncomplete?: { code: string; message: string };
}

/** An http(s) source, fetched rather than read from a file. */
const URL_PATTERN = /^https?:\/\//i;
/** Read the bytes of one source (file or URL) with what the import needs to know about them. */
export async function readEditionSource(
  edition: EditionSourceInput,
  input: AddEditionsInput,
): Promise<{ bytes: Uint8Array; finalUrl?: string; contentType?: string }> {
  const { source } = edition;
  const maxBytes = input.maxBytes ?? DEFAULT_LIMITS.maxBytes;
  if (edition.bytes !== undefined) {
    assertWithinSize(edition.bytes, source, maxBytes);
    return {
      bytes: edition.bytes,
      ...(edition.finalUrl === undefined ? {} : { finalUrl: edition.finalUrl }),
      ...(edition.contentType === undefined ? {} : { contentType: edition.contentType }),
    };
  }
  if (!URL_PATTERN.test(source)) return { bytes: await readFileBytes(source, input.cwd, maxBytes) };
  const { fetchUrl } = await import('../../importers/fetch.js');
  const { resolveLimits } = await import('../../importers/index.js');
  const fetched = await fetchUrl(source, { limits: resolveLimits({ maxBytes }) });
  return {
    bytes: fetched.bytes,
    finalUrl: fetched.finalUrl,
    ...(fetched.contentType === undefined ? {} : { contentType: fetched.contentType }),
  };
}

/** An edition read and parsed, not stored yet. */
interface PreparedEdition {
  read: { bytes: Uint8Array; finalUrl?: string; contentType?: string };
  parsed: ParsedEdition;
}

/** Read one edition and import and parse it (on a worker when there are several): a step that writes nothing. */
async function prepareOne(
  edition: EditionSourceInput,
  input: AddEditionsInput,
  workers: EditionWorkers,
): Promise<PreparedEdition> {
  const read = await readEditionSource(edition, input);
  const parsed = await workers.parse({
    bytes: read.bytes,
    options: {
      name: edition.source,
      ...(input.from ? { from: input.from } : {}),
      ...(input.encoding ? { encoding: input.encoding } : {}),
      ...(read.contentType ? { contentType: read.contentType } : {}),
      ...(input.maxBytes ? { limits: { maxBytes: input.maxBytes } } : {}),
    },
    ...(input.lang ? { locale: input.lang } : {}),
  });
  return { read, parsed };
}

/**
 * Store one parsed edition with what reads need of it — its bytes and provenance, its tree and its search index — in
 * one transaction (the store's), unless the store already held it indexed by this engine: the steps every way of
 * adding an edition shares (files and URLs here, uploaded bytes in upload.ts). Parsing comes first in every caller,
 * so a file the engine cannot read never enters the store; a failure while storing (a full disk) leaves none of it.
 * Answers the store's result and whether the tree was cached and indexed now.
 */
export async function storeParsedEdition(
  store: EditionStore,
  input: AddEditionInput,
  document: DocumentNode,
): Promise<{ result: AddEditionResult; indexed: boolean }> {
  const result = await store.addEdition({
    ...input,
    index: { units: searchUnits(document), engineVersion: ENGINE_VERSION },
    derived: [
      {
        kind: TREE_KIND,
        key: createHash('sha256').update(input.bytes).digest('hex'),
        engineVersion: ENGINE_VERSION,
        value: document,
      },
    ],
  });
  return { result, indexed: result.indexed };
}

/**
 * What became of the caches an add builds after its editions are committed — the comparisons of consecutive
 * editions and the series' lineage, blame, history and trace caches. They are rebuildable (every read makes a missing
 * one), so failing to build them (the worker pool busy, the disk full) does not undo or fail the add: it is reported.
 */
export interface CacheOutcome {
  /** Consecutive pairs of the series aligned (or found aligned in the cache). */
  aligned: number;
  /** Why the caches could not all be built, when they could not; the editions are stored all the same. */
  incomplete?: { code: string; message: string };
}

/** Align the series and warm its caches after editions were committed; a failure is reported, not thrown. */
export async function buildSeriesCaches(
  store: EditionStore,
  series: string,
  onProgress?: (progress: AddProgress) => void,
  options: AlignSeriesOptions = {},
): Promise<CacheOutcome> {
  try {
    return { aligned: await alignSeries(store, series, onProgress, options) };
  } catch (error) {
    const code = isPalimpsestError(error) ? error.code : 'E_INTERNAL';
    const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').slice(0, 300);
    return { aligned: 0, incomplete: { code, message } };
  }
}

/** Store one prepared edition (`storeParsedEdition`); the pool keeps a freshly stored tree for aligning the series. */
async function storeOne(
  store: EditionStore,
  edition: EditionSourceInput,
  prepared: PreparedEdition,
  input: AddEditionsInput,
  now: () => Date,
  pool: AlignPool,
): Promise<AddedEdition> {
  const { read, parsed } = prepared;
  const { result, indexed } = await storeParsedEdition(
    store,
    {
      series: input.series,
      label: edition.label,
      bytes: read.bytes,
      ...(edition.date ? { date: edition.date } : {}),
      ...(input.lang ? { lang: input.lang } : {}),
      source: {
        name: edition.source,
        ...(read.finalUrl ? { finalUrl: read.finalUrl } : {}),
        ...(read.contentType ? { contentType: read.contentType } : {}),
      },
      format: parsed.format,
      ...(parsed.encoding ? { encoding: parsed.encoding } : {}),
      importedAt: now().toISOString(),
      engineVersion: ENGINE_VERSION,
      ...(input.replace ? { replace: true } : {}),
      ...(input.allowDuplicate ? { allowDuplicate: true } : {}),
    },
    parsed.document,
  );
  const record = result.edition;
  if (indexed) pool.remember(record.sha256, parsed);
  return { label: record.label, status: result.status, record };
}

/** How `alignSeries` runs its comparisons. */
export interface AlignSeriesOptions {
  /** Worker threads (default 1: in process); ignored when `pool` is given. */
  jobs?: number;
  /** A pool the caller owns and closes (addEditions shares one between importing and aligning). */
  pool?: AlignPool;
}

/** One consecutive pair of a series whose comparison is not cached yet. */
interface MissingPair {
  older: EditionRecord;
  newer: EditionRecord;
  /** Position of the newer edition in the series. */
  index: number;
}

/**
 * Align consecutive editions of a series, filling the comparison cache; answers the number of pairs. Pairs already
 * cached are skipped; the missing ones are compared (on the pool when there are several) and stored in order.
 */
export async function alignSeries(
  store: EditionStore,
  series: string,
  onProgress?: (progress: AddProgress) => void,
  options: AlignSeriesOptions = {},
): Promise<number> {
  const records = await store.listEditions(series);
  const total = Math.max(0, records.length - 1);
  let done = 0;
  const missing: MissingPair[] = [];
  // Which pairs are compared already: one question to the store, not a read of every comparison.
  const cachedPairs = await store.derivedKeys(
    COMPARISON_KIND,
    records.slice(1).map((newer, i) => comparisonKey(records[i] as EditionRecord, newer)),
    ENGINE_VERSION,
  );
  for (const [index, newer] of records.entries()) {
    const older = records[index - 1];
    if (older === undefined) continue;
    if (!cachedPairs.has(comparisonKey(older, newer))) missing.push({ older, newer, index });
    else onProgress?.({ phase: 'align', done: ++done, total, label: newer.label });
  }
  const pool = options.pool ?? new AlignPool(options.jobs ?? 1);
  // The last pair's trees and comparison, when this run has them as values: the series caches are made from them
  // rather than from their JSON read back from the store (issue 9 item 3: reading back a 2 MB edition's tree and a
  // comparison of some 1 KB per block made garbage that set the second add's peak).
  const held: HeldValues = { documents: new Map(), comparisons: new Map() };
  try {
    const workers = pool.for(missing.length);
    // Trees are loaded in pair order; each is shared by the two pairs it belongs to, then let go.
    const trees = new Map<number, Promise<TreeInput>>();
    const tree = (index: number): Promise<TreeInput> => {
      let loading = trees.get(index);
      if (loading === undefined) {
        const record = records[index] as EditionRecord;
        loading = pool.tree(record.sha256, () => editionDocument(store, record));
        trees.set(index, loading);
      }
      return loading;
    };
    await runInOrder(
      missing,
      workers.window,
      async ({ older, newer, index }) => {
        const [olderTree, newerTree] = [tree(index - 1), tree(index)];
        for (const loaded of trees.keys()) if (loaded < index - 1) trees.delete(loaded);
        return workers.compare({
          older: await olderTree,
          newer: await newerTree,
          options: { ...(newer.lang ? { locale: newer.lang } : {}), oldName: older.label, newName: newer.label },
        });
      },
      async (comparison, { older, newer, index }) => {
        const key = comparisonKey(older, newer);
        await store.putDerived(COMPARISON_KIND, key, ENGINE_VERSION, comparison);
        if (index === records.length - 1) {
          held.comparisons.set(key, comparison);
          for (const [at, record] of [older, newer].entries()) {
            const value = await trees.get(index - 1 + at);
            if (value !== undefined && !(value instanceof Uint8Array)) held.documents.set(record.sha256, value);
          }
        }
        onProgress?.({ phase: 'align', done: ++done, total, label: newer.label });
      },
    );
    // The other trees go before the series caches load what they need.
    trees.clear();
    pool.forgetTrees();
  } finally {
    if (options.pool === undefined) await pool.close();
  }
  await warmSeriesCaches(store, series, held);
  return total;
}

/**
 * Add editions to a series (creating it), then align the series. Every edition is its own transaction: a failure
 * stops the add, and its error says which editions were committed before it and which were not. Caches built after
 * the commits (alignment, series caches) never fail the add (see `buildSeriesCaches`).
 */
export async function addEditions(
  store: EditionStore,
  input: AddEditionsInput,
  dependencies: AddDependencies,
): Promise<AddEditionsResult> {
  const pool = new AlignPool(input.jobs ?? 1);
  try {
    const added = await storeEditionsWith(store, input, dependencies, pool);
    const caches = await buildSeriesCaches(store, input.series, dependencies.onProgress, { pool });
    return {
      series: input.series,
      editions: added,
      aligned: caches.aligned,
      ...(caches.incomplete ? { cachesIncomplete: caches.incomplete } : {}),
    };
  } finally {
    await pool.close();
  }
}

/**
 * The first half of `addEditions`: import, parse and store the editions, each its own transaction, without aligning
 * the series — what a queued import job does (issue 16), leaving the alignment to the series' collate job.
 */
export async function storeEditions(
  store: EditionStore,
  input: AddEditionsInput,
  dependencies: AddDependencies,
): Promise<AddedEdition[]> {
  const pool = new AlignPool(input.jobs ?? 1);
  try {
    return await storeEditionsWith(store, input, dependencies, pool);
  } finally {
    await pool.close();
  }
}

/** Import, parse and store the editions of an add on `pool` (see `addEditions`). */
async function storeEditionsWith(
  store: EditionStore,
  input: AddEditionsInput,
  dependencies: AddDependencies,
  pool: AlignPool,
): Promise<AddedEdition[]> {
  if (input.series.trim() === '') throw new PalimpsestError('E_USAGE', 'the series name is empty');
  if (!input.allowDuplicate && input.editions.length > 1) await refuseDuplicateFiles(store, input);
  const added: AddedEdition[] = [];
  const total = input.editions.length;
  const workers = pool.for(total);
  try {
    await runInOrder(
      input.editions,
      workers.window,
      (edition) => prepareOne(edition, input, workers),
      async (prepared, edition) => {
        const one = await storeOne(store, edition, prepared, input, dependencies.now, pool);
        added.push(one);
        dependencies.onProgress?.({
          phase: 'import',
          done: added.length,
          total,
          label: one.label,
          status: one.status,
        });
      },
    );
  } catch (error) {
    throw total > 1 ? partialAddError(error, input.editions, added) : error;
  }
  return added;
}

/**
 * Before a bulk add stores anything, E_DUPLICATE when any of its files repeats bytes the series holds (or an earlier
 * file of the add will hold) under another label — what the store would refuse edition by edition, found up front so
 * that a refused directory leaves nothing half added. Files are read and hashed one at a time (the add reads them
 * again: hashing costs far less than importing); a file that cannot be read is left for the add to report, and URLs
 * are checked by the store as they are fetched.
 */
export async function refuseDuplicateFiles(store: EditionStore, input: AddEditionsInput): Promise<void> {
  const maxBytes = input.maxBytes ?? DEFAULT_LIMITS.maxBytes;
  const labels = new Map<string, string>();
  const stored = (await store.getSeries(input.series)) === undefined ? [] : await store.listEditions(input.series);
  for (const record of stored) labels.set(record.label, record.sha256);
  const duplicates: string[] = [];
  for (const edition of input.editions) {
    if (URL_PATTERN.test(edition.source)) continue;
    let bytes: Uint8Array;
    try {
      bytes = edition.bytes ?? (await readFileBytes(edition.source, input.cwd, maxBytes));
    } catch {
      continue;
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const held = labels.get(edition.label);
    if (held === sha256) continue;
    const twin = [...labels].find(([label, hash]) => hash === sha256 && label !== edition.label)?.[0];
    if (twin !== undefined) duplicates.push(`${JSON.stringify(edition.label)} = ${JSON.stringify(twin)}`);
    if (held === undefined || input.replace) labels.set(edition.label, sha256);
  }
  if (duplicates.length === 0) return;
  const shown = duplicates.slice(0, 5).join(', ');
  const more = duplicates.length > 5 ? ` and ${duplicates.length - 5} more` : '';
  throw new PalimpsestError(
    'E_DUPLICATE',
    `${duplicates.length} of the ${input.editions.length} editions repeat bytes series ${JSON.stringify(input.series)} ` +
      `holds under another label (${shown}${more}); nothing stored — to keep texts that went back to an earlier ` +
      'wording as editions of their own, allow duplicates (--allow-duplicate)',
  );
}

/** Labels for a one-line message: the first few, then how many more. */
function someLabels(labels: readonly string[]): string {
  const shown = labels.slice(0, 5).map((label) => JSON.stringify(label));
  return labels.length > shown.length
    ? `${shown.join(', ')} and ${labels.length - shown.length} more`
    : shown.join(', ');
}

/**
 * The failure of a bulk add, saying what it left committed: each edition before the failing one is stored (its own
 * transaction), the failing one and those after it are not. A coded error keeps its code; a bug stays a bug.
 */
function partialAddError(
  error: unknown,
  editions: readonly EditionSourceInput[],
  added: readonly AddedEdition[],
): unknown {
  if (!isPalimpsestError(error)) return error;
  const stored = added.map((e) => e.label);
  const notStored = editions.slice(added.length).map((e) => e.label);
  const message =
    `${error.message}; ${stored.length} of ${editions.length} editions stored before the failure` +
    `${stored.length > 0 ? ` (${someLabels(stored)})` : ''}, not stored: ${someLabels(notStored)}`;
  return new PalimpsestError(error.code, message, {
    ...(error.file === undefined ? {} : { file: error.file }),
    cause: error,
  });
}
