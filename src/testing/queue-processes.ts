/**
 * Real processes for the job queue's tests (issue 16): the CLI run to completion, and `palimpsest worker` started,
 * stopped or killed, each in a child process with an environment of its own (PALIMPSEST_ENGINE_VERSION for a worker
 * of another engine), against a PostgreSQL store made by `freshPostgresStore`.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The repository's root, where the CLI's source is run from. */
export const REPO_ROOT = new URL('../../', import.meta.url).pathname;

/**
 * Short queue timings, so a killed worker's job is retried within seconds; the expiry is still far above what one
 * job of the tests' editions takes on a loaded machine (pg-boss takes a job running longer for dead and runs it again).
 */
export const QUEUE_ENV = {
  PALIMPSEST_JOB_POLL_SECONDS: '0.5',
  PALIMPSEST_JOB_EXPIRE_SECONDS: '20',
  PALIMPSEST_JOB_MAINTENANCE_SECONDS: '1',
  PALIMPSEST_JOB_RETRY_DELAY: '1',
};

/** The environment of a child: PATH, the queue timings, and `extra`. */
function childEnv(extra: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? '', ...QUEUE_ENV, ...extra };
}

/** Run the CLI to completion in a child process (the real composition root). */
export function runCli(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/bin.ts', ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: childEnv(env),
    timeout: 180_000,
  });
}

/** A started worker and what it has said on stderr so far. */
export interface WorkerProcess {
  child: ChildProcess;
  stderr: () => string;
}

/** Start `palimpsest worker` in a child process; resolves once it takes jobs. */
export async function startWorker(store: string, env: Record<string, string> = {}): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/bin.ts', 'worker', '--store', store], {
    cwd: REPO_ROOT,
    env: childEnv(env),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let said = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      said += chunk.toString();
      if (said.includes('taking jobs')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}: ${said}`)));
  });
  return { child, stderr: () => said };
}

/** Stop a worker (SIGTERM, or SIGKILL: killed mid-job) and wait for it to exit. */
export async function stopWorker(worker: WorkerProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  const { child } = worker;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

/** Poll `check` until it answers true (every 250 ms, at most `seconds`). */
export async function until(check: () => Promise<boolean>, seconds = 60): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the queue');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * A folder of `count` editions of the Bluebook sample that differ from one to the next; with `repeat`, each edition
 * is that many numbered copies of it (a larger text, for jobs that must still be running when a test looks).
 */
export function editionFolder(count: number, repeat = 1): string {
  const folder = mkdtempSync(join(tmpdir(), 'palimpsest-queue-'));
  const base = readFileSync(join(REPO_ROOT, 'examples/bluebook/2020-ch3-s1.txt'), 'utf8');
  for (let i = 1; i <= count; i++) {
    const text = base.replace('more testing and uncertain', `more testing and uncertain (revision ${i})`);
    const parts = Array.from({ length: repeat }, (_, part) =>
      repeat === 1
        ? text
        : `${part + 1}. Part ${part + 1}\n\n${text.replace('Changes in the balance', `Changes (${(part + i) % 5}) in the balance`)}\n\n`,
    );
    writeFileSync(join(folder, `${String(i).padStart(2, '0')}-20${10 + i}-01-01_edition.txt`), parts.join(''));
  }
  return folder;
}
