/**
 * Where `add` runs its CPU-bound work: in process (one job) or on a piscina pool of worker threads (issue 4, item 3:
 * "alignment work runs on a worker pool across cores"). Imports and comparisons are independent tasks, so a bulk add
 * starts several ahead and stores their results in order in the main thread, the only writer.
 *
 * Values cross the thread boundary by structured clone, trees V8-serialized once and forwarded to the comparisons
 * that need them; the store writes stay in the main thread, the only writer. What crosses and what it costs, and why
 * two cores gain little, are measured in docs/design.md ("Worker threads").
 *
 * The pool starts only for a batch of two or more tasks and is destroyed when the add ends, so the CLI exits at once.
 * A server instead owns one offloading pool for its lifetime (an uncached 1 MB comparison would hold the event loop
 * for about a second, health checks included): every task goes to a thread, even with one job, so the
 * main thread only moves trees and results across and stays free to answer other requests.
 * Running from sources (tsx, vitest) the worker is the .ts file next to this one; Node 20 does not carry the
 * parent's tsx hooks into worker threads and `--import tsx` registers them on the main thread only, so each worker
 * is started with an `--import` that calls tsx's own `register()`.
 */
import { availableParallelism } from 'node:os';
import { deserialize } from 'node:v8';
import type { Piscina } from 'piscina';
import { PalimpsestError } from '../../errors/errors.js';
import type { Comparison } from '../../model/comparison.js';
import type { DocumentNode } from '../../model/tree.js';
import {
  type CompareTask,
  compareEditions,
  loadPiscina,
  type ParsedEdition,
  type ParseTask,
  parseEdition,
  type RenderedReport,
  type ReportTask,
  type SerializedEdition,
  type TaskOutcome,
  type TreeInput,
  type WorkerSettings,
  type WriteResult,
  type WriteTask,
} from './align-worker.js';

/** Where the CPU-bound tasks of an add run: the pool's workers or this thread. */
export interface EditionWorkers {
  /** Tasks worth starting ahead of the one being stored (1 in process: strictly one after another). */
  readonly window: number;
  /** Import and parse one edition. */
  parse(task: ParseTask): Promise<ParsedEdition>;
  /** Compare two parsed editions. */
  compare(task: CompareTask): Promise<Comparison>;
}

/** The in-process runner: the same functions the workers run, on this thread. */
const IN_PROCESS: EditionWorkers = {
  window: 1,
  parse: parseEdition,
  compare: async (task) => compareEditions(task),
};

/** Most bytes of serialized trees an add keeps for its alignments (the WordPress series needs 28 MB). */
const REMEMBERED_TREE_BYTES = 256 * 1024 * 1024;

/** Tasks started ahead per worker: one running and one queued keeps a worker busy while the main thread stores. */
const TASKS_AHEAD_PER_JOB = 2;

/** Options of an AlignPool. */
export interface AlignPoolOptions {
  /**
   * Run every task on a worker thread, even one task with one job: a long-lived server keeps its event loop free for
   * other requests rather than saving the threads' start-up (default false: threads only pay for a batch).
   */
  offload?: boolean;
  /**
   * Tasks that may wait for a thread beyond those running (default: 8 per job for an offloading pool, unbounded
   * otherwise, where batches are bounded already). A task over it fails with E_BUSY: each waiting compare holds two
   * trees, so a public server must not queue without end.
   */
  maxQueue?: number;
}

/**
 * Worker threads by default: every core but the main thread's, which writes the store (and serves requests), and at
 * least one. On 2 cores, two workers measured 9% slower than in process for a bulk add on SQLite.
 */
export function defaultWorkerThreads(): number {
  return Math.max(1, availableParallelism() - 1);
}

/** How piscina rejects a task when its queue is full (it has no error code to test). */
const QUEUE_FULL_MESSAGE = 'Task queue is at limit';

/** Rebuild a worker's answer: its value, or its failure as the same coded PalimpsestError as in process. */
export function unwrapOutcome<T>(outcome: TaskOutcome<T>): T {
  if (outcome.status === 'done') return outcome.value;
  const { failure } = outcome;
  if (failure.code !== undefined) {
    throw new PalimpsestError(failure.code, failure.message, {
      ...(failure.file === undefined ? {} : { file: failure.file }),
      ...(failure.duplicateOf === undefined ? {} : { duplicateOf: failure.duplicateOf }),
    });
  }
  // Not a PalimpsestError: a bug in the worker; keep its stack so E_INTERNAL reports where it happened.
  const error = new Error(failure.message);
  if (failure.stack !== undefined) error.stack = failure.stack;
  throw error;
}

/**
 * The worker file next to this module, and how to start it: sources need tsx's loader in every worker, and without
 * tsx there is no way to run them (undefined).
 */
function workerLocation(): { filename: string; execArgv?: string[] } | undefined {
  // Once: `writesOffThread` asks on every request, and resolving tsx searches the file system.
  if (location !== null) return location;
  location = findWorkerLocation();
  return location;
}

/** Where the worker is, as `workerLocation` answers it once found (null: not looked for yet). */
let location: { filename: string; execArgv?: string[] } | undefined | null = null;

/** `workerLocation`, looked for. */
function findWorkerLocation(): { filename: string; execArgv?: string[] } | undefined {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return { filename: new URL('./align-worker.js', here).href };
  let tsxApi: string;
  try {
    tsxApi = import.meta.resolve('tsx/esm/api');
  } catch {
    return undefined;
  }
  const register = `import { register } from ${JSON.stringify(tsxApi)}; register();`;
  return {
    filename: new URL('./align-worker.ts', here).href,
    execArgv: ['--import', `data:text/javascript,${encodeURIComponent(register)}`],
  };
}

/**
 * The workers of one add: in process for one job or a batch of one task, else a piscina pool of `jobs` threads,
 * started on the first batch that needs it and reused for the next (imports, then alignments). Call `close()` when
 * the add ends, whatever happens: it destroys the threads.
 */
export class AlignPool {
  /** Worker threads to use; 1 runs everything in process. */
  readonly jobs: number;
  #pool: Piscina | undefined;
  #workers: EditionWorkers | undefined;
  /** Serialized trees by SHA-256 of their bytes, and their total size. */
  #trees = new Map<string, Uint8Array>();
  #treeBytes = 0;
  /**
   * The last tree parsed in process and stored (one only: a bulk add in process must not hold every tree): the
   * alignment of the pair it ends takes it rather than parsing the tree's JSON back from the store, which made
   * garbage the size of the tree twice over (issue 9 item 3).
   */
  #lastTree: { sha256: string; document: DocumentNode } | undefined;
  /** An error the pool reported outside any task (a worker that could not start). */
  #failure: unknown;
  /** Whether every task goes to a thread (AlignPoolOptions.offload). */
  readonly offload: boolean;
  /** Tasks handed to the threads and not answered yet. */
  #pending = 0;
  /** Tasks handed to the threads since the pool was made. */
  #tasks = 0;
  /** Tasks that may wait for a thread (AlignPoolOptions.maxQueue). */
  readonly #maxQueue: number;
  /** Set by close(): a closed pool never starts threads again (a late task runs in process). */
  #closed = false;
  /** The one writer thread of an offloading pool (`write`), started with the first write task. */
  #writer: Piscina | undefined;

  /** A pool of `jobs` threads (whole number ≥ 1), not started yet. */
  constructor(jobs = 1, options: AlignPoolOptions = {}) {
    if (!Number.isInteger(jobs) || jobs < 1) {
      throw new PalimpsestError('E_USAGE', `the number of jobs must be a whole number ≥ 1, got ${jobs}`);
    }
    this.jobs = jobs;
    this.offload = options.offload === true;
    this.#maxQueue = options.maxQueue ?? (this.offload ? jobs * 8 : Number.POSITIVE_INFINITY);
  }

  /** Tasks handed to the worker threads and not answered yet (always 0 in process). */
  get pending(): number {
    return this.#pending;
  }

  /** Tasks handed to the worker threads since the pool was made (what a server's sharing of work is measured by). */
  get tasks(): number {
    return this.#tasks;
  }

  /** Whether worker threads were started. */
  get started(): boolean {
    return this.#pool !== undefined;
  }

  /**
   * Where a batch of `size` independent tasks runs: worker threads for two or more tasks and jobs, else in process
   * (also when running from sources without tsx, which workers would need to load TypeScript). An offloading pool
   * uses its threads for any batch.
   */
  for(size: number): EditionWorkers {
    if (this.#closed || (!this.offload && (this.jobs < 2 || size < 2))) return IN_PROCESS;
    this.#workers ??= this.#start();
    return this.#workers;
  }

  /** Start the threads (all at once, so they load the engine while the main thread reads and stores). */
  #start(): EditionWorkers {
    const location = workerLocation();
    if (location === undefined) return IN_PROCESS;
    const { Piscina } = loadPiscina();
    const pool = new Piscina({
      filename: location.filename,
      ...(location.execArgv ? { execArgv: location.execArgv } : {}),
      workerData: { background: this.offload } satisfies WorkerSettings,
      minThreads: this.jobs,
      maxThreads: this.jobs,
      maxQueue: this.#maxQueue,
    });
    // An unhandled 'error' event would end the process. A batch keeps the error and fails its next task with it; a
    // long-lived offloading pool starts afresh instead (destroying this one rejects what it still queues), so one
    // bad start does not fail every later request until a restart.
    pool.on('error', (error: unknown) => {
      if (!this.offload) {
        this.#failure ??= error;
        return;
      }
      if (this.#pool === pool) {
        this.#pool = undefined;
        this.#workers = undefined;
      }
      pool.destroy().catch(() => undefined);
    });
    this.#pool = pool;
    const run = async <T>(task: ParseTask | CompareTask, name: string): Promise<T> => {
      if (this.#failure !== undefined) throw this.#failure;
      return this.#dispatch<T>(pool, task, name);
    };
    return {
      window: this.jobs * TASKS_AHEAD_PER_JOB,
      parse: async (task) => {
        const { tree, ...parsed } = await run<SerializedEdition>(task, 'parseHandler');
        return { ...parsed, document: deserialize(tree) as DocumentNode, serialized: tree };
      },
      compare: (task) => run<Comparison>(task, 'compareHandler'),
    };
  }

  /**
   * Whether `write` can run a write use case on a thread: only an offloading pool (a server's), and only where worker
   * threads can load the engine (built, or sources under tsx).
   */
  get writesOffThread(): boolean {
    return this.offload && !this.#closed && workerLocation() !== undefined;
  }

  /**
   * Run a write use case whole (an upload, a removal) on the pool's writer thread, which opens the store itself, so
   * the main thread's event loop holds none of its import, store statements, caches or garbage (issue 9: one upload
   * held it 34 s). One thread of its own, apart from the import and compare threads: writes to one store are one at a
   * time anyway (SQLite has one writer), and a long upload does not make uncached comparisons wait. A write beyond
   * the queue's limit fails with E_BUSY before anything is written. Needs `writesOffThread`.
   */
  async write(task: WriteTask): Promise<WriteResult> {
    const location = workerLocation();
    if (!this.writesOffThread || location === undefined) {
      throw new PalimpsestError('E_USAGE', 'write tasks need an offloading pool whose threads can start');
    }
    let writer = this.#writer;
    if (writer === undefined) {
      const { Piscina } = loadPiscina();
      const started = new Piscina({
        filename: location.filename,
        ...(location.execArgv ? { execArgv: location.execArgv } : {}),
        workerData: { background: true } satisfies WorkerSettings,
        minThreads: 1,
        maxThreads: 1,
        maxQueue: this.#maxQueue,
      });
      // As for the import and compare threads: a thread that could not start fails what it queued; the next write
      // starts afresh.
      started.on('error', () => {
        if (this.#writer === started) this.#writer = undefined;
        started.destroy().catch(() => undefined);
      });
      this.#writer = started;
      writer = started;
    }
    this.#pending++;
    this.#tasks++;
    try {
      return unwrapOutcome((await writer.run(task, { name: 'writeHandler' })) as TaskOutcome<WriteResult>);
    } catch (error) {
      if (error instanceof Error && error.message === QUEUE_FULL_MESSAGE) {
        throw new PalimpsestError('E_BUSY', `the writer thread is busy and ${this.#maxQueue} writes are waiting`);
      }
      throw error;
    } finally {
      this.#pending--;
    }
  }

  /**
   * Run a read use case whole (a comparison rendered as the HTTP API answers it) on one of the pool's compare
   * threads, which opens the store itself, so the main thread's event loop holds none of the reading, comparing,
   * caching or serialising — only the answer's bytes, handed over without a copy (issue 12). Needs
   * `writesOffThread` (an offloading pool whose threads can start); beyond the queue's limit it fails with E_BUSY.
   */
  async report(task: ReportTask): Promise<RenderedReport> {
    if (!this.writesOffThread) {
      throw new PalimpsestError('E_USAGE', 'report tasks need an offloading pool whose threads can start');
    }
    this.#workers ??= this.#start();
    const pool = this.#pool;
    if (pool === undefined) throw new PalimpsestError('E_USAGE', 'the worker threads could not start');
    return this.#dispatch<RenderedReport>(pool, task, 'reportHandler');
  }

  /** Run one task on `pool`, counted as pending while it runs; a full queue is E_BUSY, a worker's coded error its own. */
  async #dispatch<T>(pool: Piscina, task: ParseTask | CompareTask | ReportTask, name: string): Promise<T> {
    this.#pending++;
    this.#tasks++;
    try {
      return unwrapOutcome((await pool.run(task, { name })) as TaskOutcome<T>);
    } catch (error) {
      if (error instanceof Error && error.message === QUEUE_FULL_MESSAGE) {
        throw new PalimpsestError('E_BUSY', `${this.jobs} worker thread(s) busy and ${this.#maxQueue} tasks waiting`);
      }
      throw error;
    } finally {
      this.#pending--;
    }
  }

  /**
   * Keep a tree a worker parsed and the store now holds, serialized, so aligning the series forwards these bytes to
   * the comparisons instead of reading the tree back from the store and serializing it again. Kept within a budget.
   */
  remember(sha256: string, parsed: ParsedEdition): void {
    const bytes = parsed.serialized;
    if (bytes === undefined) {
      this.#lastTree = { sha256, document: parsed.document };
      return;
    }
    if (this.#trees.has(sha256)) return;
    if (this.#treeBytes + bytes.byteLength > REMEMBERED_TREE_BYTES) return;
    this.#trees.set(sha256, bytes);
    this.#treeBytes += bytes.byteLength;
  }

  /** A remembered tree (serialized, or the last one parsed in process), else the tree `load` gives. */
  tree(sha256: string, load: () => Promise<DocumentNode>): Promise<TreeInput> {
    const bytes = this.#trees.get(sha256);
    if (bytes !== undefined) return Promise.resolve(bytes);
    return this.#lastTree?.sha256 === sha256 ? Promise.resolve(this.#lastTree.document) : load();
  }

  /** Let go of the remembered trees (the alignments that needed them are done). */
  forgetTrees(): void {
    this.#trees.clear();
    this.#treeBytes = 0;
    this.#lastTree = undefined;
  }

  /** Destroy the threads, if any were started; tasks still queued are abandoned. */
  async close(): Promise<void> {
    this.#closed = true;
    const pool = this.#pool;
    this.#pool = undefined;
    this.#workers = undefined;
    this.forgetTrees();
    const writer = this.#writer;
    this.#writer = undefined;
    await Promise.all([pool?.destroy(), writer?.destroy()]);
  }
}

/**
 * Start a task for each item, at most `window` ahead of the item being finished, and finish the results in item
 * order (a bounded, ordered pipeline: the main thread stores result i while workers compute i+1…i+window-1). The
 * first failure, in item order, stops the run; later tasks' failures are never unhandled.
 */
export async function runInOrder<I, R>(
  items: readonly I[],
  window: number,
  start: (item: I, index: number) => Promise<R>,
  finish: (result: R, item: I, index: number) => Promise<void>,
): Promise<void> {
  const started: (Promise<R> | undefined)[] = [];
  let next = 0;
  for (const [index, item] of items.entries()) {
    while (next < items.length && next < index + Math.max(1, window)) {
      const task = start(items[next] as I, next);
      // Awaited in its turn below; until then a failure must not count as unhandled.
      task.catch(() => undefined);
      started[next] = task;
      next++;
    }
    const result = await (started[index] as Promise<R>);
    started[index] = undefined;
    await finish(result, item, index);
  }
}
