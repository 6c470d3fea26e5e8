/**
 * `npm run bench:workers` (issue 16, item 5): the whole of ../shared/corpora (every folder of editions is one series,
 * about 530 editions) ingested as a user would, timed from the shell's side:
 * - in process on SQLite: one `palimpsest add SERIES FOLDER` per series, one after another (the embedded default);
 * - on PostgreSQL with 1, 2 and 4 `palimpsest worker` processes: one `add --no-wait` per series enqueues the imports,
 *   and the clock stops when every job (imports and collations) is finished.
 * Wall time and editions per second for each, beside each other in one run, with the machine's load. The built CLI
 * is timed (run `npm run build` first). PostgreSQL is PALIMPSEST_TEST_POSTGRES, else the local server, in a fresh
 * schema per run; PALIMPSEST_CORPORA overrides the corpora folder. Options: --workers 1,2,4 (which counts to run),
 * --skip-sqlite. Not part of the tests.
 */
import { type ChildProcess, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { openJobQueue } from '../src/queue/pg-boss-queue.js';
import { freshPostgresStore, postgresReachable } from '../src/testing/postgres.js';
import { BUILT_BIN, startBuiltWorker, WORKER_ENV } from './worker-processes.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const corpora = resolve(process.env.PALIMPSEST_CORPORA ?? join(repoRoot, '..', 'shared', 'corpora'));
const bin = BUILT_BIN;
const argv = process.argv.slice(2);
const workerCounts = (argv[argv.indexOf('--workers') + 1] ?? '1,2,4')
  .split(',')
  .map(Number)
  .filter((n) => Number.isInteger(n) && n > 0);
const skipSqlite = argv.includes('--skip-sqlite');

/** Every folder under the corpora holding edition files (one series each), with its series name. */
function seriesFolders(root: string): Array<{ series: string; folder: string; editions: number }> {
  const found: Array<{ series: string; folder: string; editions: number }> = [];
  const walk = (dir: string) => {
    const entries = readdirSync(dir);
    const files = entries.filter((e) => /\.(md|txt|html?)$/i.test(e) && statSync(join(dir, e)).isFile());
    if (files.length > 1 && dir !== root) {
      found.push({ series: relative(root, dir).replace(/[\\/]/g, '-'), folder: dir, editions: files.length });
    }
    for (const e of entries) if (statSync(join(dir, e)).isDirectory()) walk(join(dir, e));
  };
  walk(root);
  return found;
}

/** Run the built CLI to completion; throws with its stderr when it fails. */
function cli(args: string[], env: NodeJS.ProcessEnv = process.env): void {
  const run = spawnSync(process.execPath, [bin, ...args], { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`palimpsest ${args.slice(0, 2).join(' ')}: ${run.stderr.trim()}`);
}

/** One measured configuration. */
interface Result {
  mode: string;
  seconds: number;
  editions: number;
  failed: number;
  load: string;
}

/** The in-process SQLite path: one add per series. */
function inProcess(series: ReturnType<typeof seriesFolders>): Result {
  const folder = mkdtempSync(join(tmpdir(), 'palimpsest-workers-'));
  const store = join(folder, 'store.db');
  const before = loadavg()[0]?.toFixed(1);
  const start = performance.now();
  for (const one of series) cli(['add', one.series, one.folder, '--store', store, '--allow-duplicate', '--jobs', '1']);
  const seconds = (performance.now() - start) / 1000;
  rmSync(folder, { recursive: true, force: true });
  const editions = series.reduce((sum, one) => sum + one.editions, 0);
  return { mode: 'in process, SQLite', seconds, editions, failed: 0, load: `${before} → ${loadavg()[0]?.toFixed(1)}` };
}

/** The queued path: `workers` worker processes, one add --no-wait per series, until every job is final. */
async function queued(series: ReturnType<typeof seriesFolders>, workers: number): Promise<Result> {
  const { url, drop } = freshPostgresStore('palimpsest_bench');
  const queue = await openJobQueue(url);
  const children: ChildProcess[] = [];
  try {
    for (let i = 0; i < workers; i++) children.push(await startBuiltWorker(url));
    const before = loadavg()[0]?.toFixed(1);
    const start = performance.now();
    for (const one of series) {
      cli(['add', one.series, one.folder, '--store', url, '--allow-duplicate', '--no-wait'], WORKER_ENV);
    }
    const editions = series.reduce((sum, one) => sum + one.editions, 0);
    for (;;) {
      const jobs = await queue.list({ limit: 10_000 });
      const open = jobs.filter((job) => job.state === 'waiting' || job.state === 'running');
      if (jobs.length >= editions && open.length === 0) {
        const seconds = (performance.now() - start) / 1000;
        const failed = jobs.filter((job) => job.state === 'failed').length;
        return {
          mode: `PostgreSQL, ${workers} worker process${workers === 1 ? '' : 'es'}`,
          seconds,
          editions,
          failed,
          load: `${before} → ${loadavg()[0]?.toFixed(1)}`,
        };
      }
      await new Promise((done) => setTimeout(done, 250));
    }
  } finally {
    for (const child of children) {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    }
    await queue.stop();
    await drop();
  }
}

async function main(): Promise<void> {
  if (!existsSync(corpora)) {
    console.log(`bench:workers: no corpora at ${corpora} (set PALIMPSEST_CORPORA); nothing measured`);
    return;
  }
  if (!existsSync(join(repoRoot, 'dist', 'cli', 'bin.js'))) {
    console.log('bench:workers: the built CLI is missing; run `npm run build` first');
    process.exitCode = 1;
    return;
  }
  const reachable = await postgresReachable();
  if (!reachable.ok) {
    console.log(`bench:workers: PostgreSQL is not reachable (${reachable.reason}); nothing measured`);
    return;
  }
  const series = seriesFolders(corpora);
  const total = series.reduce((sum, one) => sum + one.editions, 0);
  console.log(`# ${total} editions in ${series.length} series from ${corpora}; ${cpus().length} cores`);
  const results: Result[] = [];
  if (!skipSqlite) results.push(inProcess(series));
  for (const count of workerCounts) results.push(await queued(series, count));
  console.log('\n| how | wall (s) | editions/s | failed jobs | load (1 min) |\n|---|---:|---:|---:|---|');
  for (const r of results) {
    console.log(
      `| ${r.mode} | ${r.seconds.toFixed(1)} | ${(r.editions / r.seconds).toFixed(2)} | ${r.failed} | ${r.load} |`,
    );
  }
}

await main();
