/**
 * The CPU-bound steps of `add`, as tasks a piscina worker thread runs: importing and parsing one edition's bytes, and
 * comparing two parsed editions. The same functions run in process when the add has one job, so a pool changes only
 * where the work happens, never its result.
 *
 * What crosses the thread boundary was chosen by measurement on the 116-edition WordPress.com series (see
 * align-pool.ts): an edition's bytes go in and its tree comes out, V8-serialized once by the worker, so the main
 * thread can forward the same bytes to the comparisons that need the tree instead of serializing it again; two trees
 * go in and the Comparison comes out by structured clone. Store reads and writes stay in the main thread (one writer).
 *
 * A structured clone keeps an Error's message but drops its class and `code`, so a handler never throws: it answers
 * a `TaskOutcome` that carries a failure's code, message and file, and the pool rebuilds the PalimpsestError.
 */
import { createRequire } from 'node:module';
import { deserialize, serialize } from 'node:v8';
import { isMainThread } from 'node:worker_threads';
import { type CompareOptions, compareDocuments } from '../../compare/compare.js';
import { type ErrorCode, isPalimpsestError } from '../../errors/errors.js';
import { type ImportOptions, importAndParse, resolveLimits } from '../../importers/index.js';
import type { Format } from '../../importers/types.js';
import type { Comparison } from '../../model/comparison.js';
import type { DocumentNode } from '../../model/tree.js';
import { assertTreeWithinCapacity } from '../caches/documents.js';
import type { EditionPair } from '../use-cases/compare.js';
import type { EditionBytesInput, EditionBytesResult } from '../use-cases/upload.js';
import { lowerThreadPriority } from './thread-priority.js';

/** What a pool tells its threads (piscina's workerData): whether they run a server's background work. */
export interface WorkerSettings {
  background: boolean;
}

/**
 * piscina, loaded when first needed: this module also runs in the main thread (an add with one job compares in
 * process), where loading piscina's 17 files cost some 30 ms of every `add` that starts no thread (issue 12: the
 * next edition's add ≤ 0.3 s beyond its comparison). Its CommonJS entry is the module its ESM wrapper re-exports.
 */
export function loadPiscina(): typeof import('piscina') {
  piscinaLoaded ??= createRequire(import.meta.url)('piscina') as typeof import('piscina');
  return piscinaLoaded;
}
let piscinaLoaded: typeof import('piscina') | undefined;

// A server's threads yield the cores to its event loop when the machine is busy (thread-priority.ts); an add's keep
// their priority, since its main thread only waits for them.
if (!isMainThread && (loadPiscina().Piscina.workerData as WorkerSettings | undefined)?.background === true) {
  lowerThreadPriority();
}

/** One edition to import and parse: its bytes, the import options and the language to segment words in. */
export interface ParseTask {
  bytes: Uint8Array;
  options: ImportOptions;
  locale?: string;
}

/** An edition imported and parsed: what the store records about the import, and the tree. */
export interface ParsedEdition {
  format: Format;
  encoding?: string;
  document: DocumentNode;
  /** The tree V8-serialized, when a worker parsed it: what a comparison task can take instead of the tree. */
  serialized?: Uint8Array;
}

/** A parsed edition as a worker answers it: the tree V8-serialized. */
export interface SerializedEdition {
  format: Format;
  encoding?: string;
  tree: Uint8Array;
}

/** A tree as a comparison task takes it: the tree itself, or its V8 serialization. */
export type TreeInput = DocumentNode | Uint8Array;

/** Two parsed editions to compare, with the comparison's options (names, locale). */
export interface CompareTask {
  older: TreeInput;
  newer: TreeInput;
  options: CompareOptions;
}

/** A failure as it crosses the thread boundary: a PalimpsestError's code, or none for a bug. */
export interface TaskFailure {
  code?: ErrorCode;
  message: string;
  file?: string;
  /** As `PalimpsestError.duplicateOf`. */
  duplicateOf?: string;
  stack?: string;
}

/** What a worker answers: the value, or the failure to rebuild in the main thread. */
export type TaskOutcome<T> = { status: 'done'; value: T } | { status: 'failed'; failure: TaskFailure };

/**
 * Import and parse one edition's bytes the way `add` always has: parse before storing. A tree over the capacity
 * limits (too many blocks for its text, see `assertTreeWithinCapacity`) is refused here, before anything is stored.
 */
export async function parseEdition(task: ParseTask): Promise<ParsedEdition> {
  const { imported, document } = await importAndParse(task.bytes, task.options, task.locale);
  assertTreeWithinCapacity(document, task.options.name, resolveLimits(task.options.limits));
  return { format: imported.format, ...(imported.encoding ? { encoding: imported.encoding } : {}), document };
}

/** The tree of a task's input. */
function treeOf(input: TreeInput): DocumentNode {
  return input instanceof Uint8Array ? (deserialize(input) as DocumentNode) : input;
}

/** Compare two parsed editions (the compare use case's pure core). */
export function compareEditions(task: CompareTask): Comparison {
  return compareDocuments(treeOf(task.older), treeOf(task.newer), task.options);
}

/** Run `work`, answering its value or its failure as plain data. */
async function settle<T>(work: () => T | Promise<T>): Promise<TaskOutcome<T>> {
  try {
    return { status: 'done', value: await work() };
  } catch (error) {
    if (isPalimpsestError(error)) {
      return {
        status: 'failed',
        failure: {
          code: error.code,
          message: error.message,
          ...(error.file === undefined ? {} : { file: error.file }),
          ...(error.duplicateOf === undefined ? {} : { duplicateOf: error.duplicateOf }),
        },
      };
    }
    const failure: TaskFailure = { message: error instanceof Error ? error.message : String(error) };
    if (error instanceof Error && error.stack) failure.stack = error.stack;
    return { status: 'failed', failure };
  }
}

/** The pool's `parse` handler (piscina calls it by name): the tree comes back V8-serialized. */
export function parseHandler(task: ParseTask): Promise<TaskOutcome<SerializedEdition>> {
  return settle(async () => {
    const { document, ...parsed } = await parseEdition(task);
    return { ...parsed, tree: serialize(document) };
  });
}

/** The pool's `compare` handler (piscina calls it by name). */
export function compareHandler(task: CompareTask): Promise<TaskOutcome<Comparison>> {
  return settle(() => compareEditions(task));
}

/**
 * A write use case run whole on a worker thread with a store connection of its own (see `AlignPool.write`): an
 * upload (import, parse, store the edition with its tree and search index in one transaction, then align the series
 * and build its caches) or the removal of an edition or series (which re-collates what remains).
 */
export type WriteTask =
  | { kind: 'upload'; store: StoreAddress; input: EditionBytesInput; importedAt: string }
  | { kind: 'remove'; store: StoreAddress; series: string; edition?: string };

/** Where a worker opens the store a write task writes to: its full location (a PostgreSQL URL with its password). */
export interface StoreAddress {
  location: string;
  busyTimeoutMs?: number;
}

/** What a write task answers: an upload's result, or how many editions a removal removed. */
export type WriteResult = { kind: 'upload'; result: EditionBytesResult } | { kind: 'remove'; removed: number };

/**
 * Run one write task on this thread: open the store (a connection of this thread's own; SQLite's WAL lets the main
 * thread keep reading meanwhile), run the use case in process, close the store whatever happens. The modules are
 * imported here, not at the top, so the import and compare tasks never load the store and upload.ts (which imports
 * this file) makes no import cycle.
 */
export async function runWriteTask(task: WriteTask): Promise<WriteResult> {
  const { openStore } = await import('../../store/open.js');
  const store = await openStore(
    task.store.location,
    task.store.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: task.store.busyTimeoutMs },
  );
  try {
    if (task.kind === 'upload') {
      const { addEditionBytes } = await import('../use-cases/upload.js');
      const importedAt = new Date(task.importedAt);
      return { kind: 'upload', result: await addEditionBytes(store, task.input, { now: () => importedAt }) };
    }
    const { removeFromCorpus } = await import('../use-cases/remove.js');
    return { kind: 'remove', removed: await removeFromCorpus(store, task.series, task.edition) };
  } finally {
    await store.close();
  }
}

/** The pool's `write` handler (piscina calls it by name). */
export function writeHandler(task: WriteTask): Promise<TaskOutcome<WriteResult>> {
  return settle(() => runWriteTask(task));
}

/**
 * A read use case a compare thread runs whole over a store connection of its own (see `AlignPool.report`): the
 * comparison of two stored editions, read from the cache or computed and cached, rendered as the HTTP API answers it
 * (JSON as `comparePairJson` gives it, or a Markdown or HTML report). Issue 12: on the 1 MB pair that is 15 MB of
 * JSON, whose reading, parsing, structured cloning and serialising held the server's event loop for about a second.
 */
export interface ReportTask {
  kind: 'compare';
  store: StoreAddress;
  /** The two editions' records, as the main thread read them (the thread asks the store for neither again). */
  pair: EditionPair;
  options: CompareOptions;
  format: 'json' | 'md' | 'html';
}

/** A rendered answer as UTF-8 bytes, whose buffer the worker hands over (transferred, not copied). */
export interface RenderedReport {
  body: Uint8Array;
}

/** Stores this thread opened for report tasks, by location: kept open for the thread's lifetime (reads repeat). */
const readStores = new Map<string, Promise<import('../../store/index.js').EditionStore>>();

/** This thread's connection to a store, opened on first use (a failed opening is tried afresh next time). */
async function readStore(address: StoreAddress): Promise<import('../../store/index.js').EditionStore> {
  let opened = readStores.get(address.location);
  if (opened === undefined) {
    const { openStore } = await import('../../store/open.js');
    opened = openStore(
      address.location,
      address.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: address.busyTimeoutMs },
    );
    readStores.set(address.location, opened);
    opened.catch(() => readStores.delete(address.location));
  }
  return opened;
}

/** Run one report task on this thread (modules imported here, as for write tasks). */
export async function runReportTask(task: ReportTask): Promise<RenderedReport> {
  const store = await readStore(task.store);
  const { comparePair, comparePairJson } = await import('../use-cases/compare.js');
  const encoder = new TextEncoder();
  if (task.format === 'json') {
    const json = await comparePairJson(store, task.pair, task.options);
    return { body: encoder.encode(json) };
  }
  const { renderReport } = await import('../../report/index.js');
  const comparison = await comparePair(store, task.pair, task.options);
  // TextEncoder gives a buffer of the body's own (never a slice of a shared pool), so it can be transferred.
  return { body: encoder.encode(renderReport(comparison, task.format)) };
}

/**
 * The pool's `report` handler (piscina calls it by name): the body's buffer is moved to the main thread, which then
 * holds 15 MB of bytes without having copied or decoded them.
 */
export async function reportHandler(task: ReportTask): Promise<TaskOutcome<RenderedReport> | object> {
  const outcome = await settle(() => runReportTask(task));
  if (outcome.status !== 'done') return outcome;
  const { Piscina } = loadPiscina();
  return Piscina.move({
    [Piscina.transferableSymbol]: [outcome.value.body.buffer],
    [Piscina.valueSymbol]: outcome,
  } as unknown as Parameters<typeof Piscina.move>[0]);
}
