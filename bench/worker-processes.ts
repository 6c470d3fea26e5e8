/**
 * What the queue benchmarks share (bench:workers, bench:scale): the built command's worker processes, started as a
 * deployment starts them, with polls short enough that the figures are the work's, not the polling's.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built command (run `npm run build` first). */
export const BUILT_BIN = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'bin', 'palimpsest.js');

/** The environment of a benchmark's workers and adds: this one, with half-second queue polls. */
export const WORKER_ENV = { ...process.env, PALIMPSEST_JOB_POLL_SECONDS: '0.5' };

/** Start `palimpsest worker --store <store>` from the build; resolves once it takes jobs. */
export async function startBuiltWorker(store: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [BUILT_BIN, 'worker', '--store', store], {
    env: WORKER_ENV,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  await new Promise<void>((done, fail) => {
    let said = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      said += chunk.toString();
      if (said.includes('taking jobs')) done();
    });
    child.once('exit', (code) => fail(new Error(`worker exited with ${code}: ${said}`)));
  });
  return child;
}
