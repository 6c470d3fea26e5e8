/**
 * `palimpsest worker` processes for tests of the job queue (issue 16): the real command, run from the sources with
 * tsx in a child process, with short queue timings so a test does not wait out production's polls and retry delays.
 */
import { type ChildProcess, spawn } from 'node:child_process';

/** The repository root (two levels up from src/testing). */
const REPO_ROOT = new URL('../../', import.meta.url).pathname;

/**
 * Short queue timings, so a killed worker's job is retried within seconds; the expiry is still far above what one
 * import of a test's editions takes on a loaded machine.
 */
export const TEST_QUEUE_ENV: Readonly<Record<string, string>> = {
  PALIMPSEST_JOB_POLL_SECONDS: '0.5',
  PALIMPSEST_JOB_EXPIRE_SECONDS: '20',
  PALIMPSEST_JOB_MAINTENANCE_SECONDS: '1',
  PALIMPSEST_JOB_RETRY_DELAY: '1',
};

/** Start `palimpsest worker --store <store>` in a child process; resolves once it takes jobs. */
export async function startTestWorker(store: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/bin.ts', 'worker', '--store', store], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', ...TEST_QUEUE_ENV },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let said = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      said += chunk.toString();
      if (said.includes('taking jobs')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}: ${said}`)));
  });
  return child;
}

/** Stop a worker (SIGTERM: it finishes its running jobs) and wait for it to exit. */
export async function stopTestWorker(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

/** Poll `check` every 200 ms until it answers true; throws after `seconds`, saying what was awaited. */
export async function eventually(what: string, check: () => Promise<boolean>, seconds = 60): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${seconds} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
