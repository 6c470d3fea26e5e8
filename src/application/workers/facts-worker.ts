/**
 * The worker thread of `extractFactsOffThread` (facts-thread.ts): reads the facts of two editions' sentence sheets,
 * given as workerData, and posts them back. Only plain strings and numbers cross the boundary, both ways.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { extractBothFacts } from '../../facts/report.js';
import type { FactsTask, FactsTaskOutcome } from './facts-thread.js';

const task = workerData as FactsTask;
let outcome: FactsTaskOutcome;
try {
  outcome = { ok: true, facts: extractBothFacts(task.old, task.new, task.options) };
} catch (error) {
  outcome = { ok: false, message: error instanceof Error ? error.message : String(error) };
}
parentPort?.postMessage(outcome);
