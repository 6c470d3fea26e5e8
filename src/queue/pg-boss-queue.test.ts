import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPARISON_KIND, comparisonKey } from '../application/caches/documents.js';
import { addEditions } from '../application/use-cases/add.js';
import { createApp } from '../server/app.js';
import { type EditionStore, openStore } from '../store/index.js';
import { freshPostgresStore, requirePostgres } from '../testing/postgres.js';
import {
  runCli as cli,
  editionFolder,
  QUEUE_ENV,
  REPO_ROOT as repoRoot,
  startWorker,
  stopWorker,
  until,
} from '../testing/queue-processes.js';
import { ENGINE_VERSION } from '../version.js';
import { openJobQueue } from './pg-boss-queue.js';

const available = await requirePostgres('job queue on PostgreSQL');

/** What a store holds of a series that must not depend on how it was filled: editions and their comparisons. */
async function seriesContents(store: EditionStore, series: string) {
  const records = await store.listEditions(series);
  const comparisons = [];
  for (let i = 1; i < records.length; i++) {
    const key = comparisonKey(records[i - 1] as never, records[i] as never);
    comparisons.push(await store.getDerived(COMPARISON_KIND, key, ENGINE_VERSION));
  }
  return {
    editions: records.map((r) => [r.label, r.date, r.sha256, r.format]),
    comparisons,
  };
}

/** Jobs of a store as the CLI lists them in JSON. */
function jobsOf(store: string, ...args: string[]) {
  const listed = cli(['jobs', '--store', store, '--format', 'json', '--limit', '200', ...args]);
  expect(listed.stderr).toBe('');
  return JSON.parse(listed.stdout).jobs as Array<{
    kind: string;
    state: string;
    label?: string;
    error?: { code: string };
  }>;
}

describe.skipIf(!available)('job queue on PostgreSQL (pg-boss)', () => {
  const drops: Array<() => Promise<void>> = [];
  const folders: string[] = [];
  let folder: string;
  let reference: { editions: unknown[]; comparisons: unknown[] };

  beforeAll(async () => {
    folder = editionFolder(6);
    folders.push(folder);
    // The in-process path on SQLite, for the same files: what the workers must produce.
    const sqlite = await openStore(':memory:');
    const { expandEditionSources } = await import('../cli/edition-sources.js');
    await addEditions(
      sqlite,
      { series: 's', editions: await expandEditionSources([folder], repoRoot, {}), cwd: repoRoot },
      { now: () => new Date('2026-01-01T00:00:00Z') },
    );
    reference = await seriesContents(sqlite, 's');
    await sqlite.close();
  });

  afterAll(async () => {
    for (const drop of drops) await drop().catch(() => undefined);
    for (const path of folders) rmSync(path, { recursive: true, force: true });
  });

  it('two worker processes import a folder enqueued with --no-wait, as the in-process add would', async () => {
    const { url, drop } = freshPostgresStore();
    drops.push(drop);
    // The queue's tables exist before the workers race to make them.
    await (await openJobQueue(url)).stop();
    const workers = [await startWorker(url), await startWorker(url)];
    try {
      const added = cli(['add', 's', folder, '--store', url, '--no-wait']);
      expect(added.stderr).toBe('');
      expect(added.stdout).toContain('6 import jobs enqueued');
      await until(async () => {
        const jobs = jobsOf(url);
        return jobs.length >= 7 && jobs.every((job) => job.state === 'done');
      });
      const store = await openStore(url);
      try {
        expect(await seriesContents(store, 's')).toEqual(reference);
      } finally {
        await store.close();
      }
    } finally {
      for (const worker of workers) await stopWorker(worker);
    }
  }, 180_000);

  it('the same folder added twice at once stores each edition once; add waits and reports like in process', async () => {
    const { url, drop } = freshPostgresStore();
    drops.push(drop);
    await (await openJobQueue(url)).stop();
    const run = () =>
      new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', 'src/cli/bin.ts', 'add', 's', folder, '--store', url],
          {
            cwd: repoRoot,
            env: { PATH: process.env.PATH ?? '', ...QUEUE_ENV },
          },
        );
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
        });
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
        });
        child.once('exit', (status) => resolve({ status, stdout, stderr }));
      });
    const [first, second] = await Promise.all([run(), run()]);
    for (const one of [first, second]) {
      expect(one.stderr).toBe('');
      expect(one.status).toBe(0);
    }
    // Every label is added by one of the two and found unchanged by the other.
    const lines = `${first.stdout}${second.stdout}`.split('\n').filter((line) => /^(added|unchanged) s /.test(line));
    expect(lines.filter((line) => line.startsWith('added'))).toHaveLength(6);
    expect(lines.filter((line) => line.startsWith('unchanged'))).toHaveLength(6);
    const store = await openStore(url);
    try {
      expect(await seriesContents(store, 's')).toEqual(reference);
    } finally {
      await store.close();
    }
  }, 180_000);

  it('a worker killed mid-job leaves no half-written edition, and another worker finishes the job', async () => {
    const { url, drop } = freshPostgresStore();
    drops.push(drop);
    await (await openJobQueue(url)).stop();
    // A large edition, so the import is still running when the worker is killed.
    const big = mkdtempSync(join(tmpdir(), 'palimpsest-queue-big-'));
    folders.push(big);
    const paragraph = readFileSync(join(repoRoot, 'examples/bluebook/2022-ch3-s1.txt'), 'utf8');
    const parts: string[] = [];
    for (let i = 0; parts.join('').length < 1_000_000; i++) parts.push(`${i + 1}. Part ${i + 1}\n\n${paragraph}\n\n`);
    mkdirSync(join(big, 'in'));
    writeFileSync(join(big, 'in', 'big.txt'), parts.join(''));
    const added = cli(['add', 'big', join(big, 'in', 'big.txt'), '--store', url, '--no-wait']);
    expect(added.status).toBe(0);
    // Watched in process: a CLI per look would take longer than the import it waits to catch running.
    const queue = await openJobQueue(url);
    const store = await openStore(url);
    try {
      const doomed = await startWorker(url);
      await until(async () => (await queue.list()).some((job) => job.kind === 'import' && job.state === 'running'));
      await stopWorker(doomed, 'SIGKILL');
      expect(await store.getSeries('big')).toBeUndefined();
      const rescuer = await startWorker(url);
      try {
        await until(async () => {
          const jobs = await queue.list();
          return jobs.some((job) => job.kind === 'import') && jobs.every((job) => job.state === 'done');
        }, 120).catch(async (error) => {
          const { postgresAdmin } = await import('../testing/postgres.js');
          const schema = new URL(url).searchParams.get('schema');
          const version = await postgresAdmin(`select maintained_on, now() from "${schema}_jobs".version`);
          const jobs = await postgresAdmin(`select name, state, expire_in::text, started_on from "${schema}_jobs".job`);
          const locks = await postgresAdmin(
            "select locktype, mode, granted, pid from pg_locks where locktype = 'advisory'",
          );
          throw new Error(`${error.message}: ${JSON.stringify({ version, jobs, locks })}`);
        });
      } finally {
        await stopWorker(rescuer);
      }
      const records = await store.listEditions('big');
      expect(records.map((record) => record.label)).toEqual(['big']);
      const hits = await store.search('increasingly severe');
      expect(hits.length).toBeGreaterThan(0);
      const job = (await queue.list()).find((one) => one.kind === 'import');
      expect(job?.retries).toBeGreaterThanOrEqual(1);
    } finally {
      await store.close();
      await queue.stop();
    }
  }, 240_000);

  it('a poison input fails without retries, with its code, in the dead-letter state; nothing is stored', async () => {
    const { url, drop } = freshPostgresStore();
    drops.push(drop);
    const poison = mkdtempSync(join(tmpdir(), 'palimpsest-queue-poison-'));
    folders.push(poison);
    const bad = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 1, 2]);
    writeFileSync(join(poison, 'bad.txt'), bad);
    const added = cli(['add', 'p', join(poison, 'bad.txt'), '--store', url]);
    expect(added.status).toBe(1);
    expect(added.stderr).toMatch(/^palimpsest: E_UNSUPPORTED_FORMAT: .*0 of 1 editions stored, 1 failed/);
    const failed = jobsOf(url, '--failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ kind: 'import', state: 'failed', label: 'bad', retries: 0 });
    expect(failed[0]?.error?.code).toBe('E_UNSUPPORTED_FORMAT');
    const store = await openStore(url);
    const queue = await openJobQueue(url);
    try {
      expect(await store.getSeries('p')).toBeUndefined();
      // A job that will not run again leaves no staged bytes behind.
      expect(await queue.staged(createHash('sha256').update(bad).digest('hex'))).toBeUndefined();
      // The HTTP API lists the same, with the queue the server opens for a PostgreSQL store.
      const response = await createApp({ store, jobs: queue }).request('/api/jobs?state=failed');
      expect(response.status).toBe(200);
      const body = (await response.json()) as { jobs: Array<{ label: string; error: { code: string } }> };
      expect(body).toMatchObject({ schemaVersion: 1, queue: true });
      expect(body.jobs.map((job: { label: string; error: { code: string } }) => [job.label, job.error.code])).toEqual([
        ['bad', 'E_UNSUPPORTED_FORMAT'],
      ]);
    } finally {
      await queue.stop();
      await store.close();
    }
  }, 120_000);

  it('refuses worker and jobs on a SQLite store with a usage error; its API answers an empty list', async () => {
    const sqlite = await openStore(':memory:');
    try {
      const response = await createApp({ store: sqlite }).request('/api/jobs');
      expect(await response.json()).toEqual({ schemaVersion: 1, queue: false, jobs: [] });
    } finally {
      await sqlite.close();
    }
    const worker = cli(['worker', '--store', join(tmpdir(), 'x.db')]);
    expect(worker.status).toBe(2);
    expect(worker.stderr).toMatch(/^palimpsest: E_USAGE: worker needs a PostgreSQL store/);
  });
});
