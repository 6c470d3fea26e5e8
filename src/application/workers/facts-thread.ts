/**
 * Fact extraction on a second core while the main thread aligns (issue 12: the whole `palimpsest compare`). The
 * ranked summary needs both editions' facts, which depend only on their sentences, not on the comparison; reading
 * them takes about a fifth of a large compare. So the sentences go to a worker thread as plain strings and offsets
 * (a tree would cost more to clone than to read, see docs/design.md "Worker threads"), the worker reads their
 * facts while the alignment runs, and the facts come back as plain objects for `factsReportOf`. The result is the
 * one `extractBothFacts` gives in process: the worker runs that very function.
 */
import { Worker } from 'node:worker_threads';
import type { SentenceSheet } from '../../facts/extract.js';
import type { Fact, FactOptions } from '../../facts/model.js';
import { extractBothFacts } from '../../facts/report.js';
import { workerLocation } from './worker-location.js';

/** What the facts worker reads: both editions' sentence sheets and the extraction options. */
export interface FactsTask {
  old: SentenceSheet;
  new: SentenceSheet;
  options: FactOptions;
}

/** What the facts worker answers: both editions' facts, or why it could not. */
export type FactsTaskOutcome = { ok: true; facts: [Fact[], Fact[]] } | { ok: false; message: string };

/**
 * Young generation of the worker, in MB: small, since what it keeps (the readings of each sentence) is small and
 * the process's peak memory counts (issue 12: ≤ 150 MB for the whole compare of the 1 MB pair).
 */
const WORKER_YOUNG_GENERATION_MB = 4;

/**
 * Start reading the facts of two sentence sheets on a worker thread; the promise gives what `extractBothFacts`
 * gives. Where no worker can start (sources without tsx) or the worker fails, the facts are read on this thread when
 * the promise is awaited, so a caller always gets them.
 */
export function extractFactsOffThread(
  oldSheet: SentenceSheet,
  newSheet: SentenceSheet,
  options: FactOptions,
): Promise<[Fact[], Fact[]]> {
  const inProcess = () => extractBothFacts(oldSheet, newSheet, options);
  const location = workerLocation('facts-worker', import.meta.url);
  if (location === undefined) return Promise.resolve().then(inProcess);
  const task: FactsTask = { old: oldSheet, new: newSheet, options };
  return new Promise<[Fact[], Fact[]]>((resolve, reject) => {
    let settled = false;
    const settle = (facts: () => [Fact[], Fact[]]) => {
      if (settled) return;
      settled = true;
      try {
        resolve(facts());
      } catch (error) {
        reject(error);
      }
    };
    let worker: Worker;
    try {
      worker = new Worker(new URL(location.filename), {
        workerData: task,
        ...(location.execArgv ? { execArgv: location.execArgv } : {}),
        resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
        stdout: false,
        stderr: false,
      });
    } catch {
      settle(inProcess);
      return;
    }
    // The thread never keeps the process alive: a command that failed before awaiting the facts exits at once.
    worker.unref();
    worker.once('message', (outcome: FactsTaskOutcome) => {
      settle(() => (outcome.ok ? outcome.facts : inProcess()));
      void worker.terminate();
    });
    // A worker that could not load, ran out of memory or stopped without an answer: read the facts here instead.
    worker.once('error', () => settle(inProcess));
    worker.once('exit', () => settle(inProcess));
  });
}
