/**
 * Uploads through the HTTP API on a PostgreSQL store with its job queue (issue 16): the real app over a real store
 * and the queue the server opens, with a real `palimpsest worker` process doing the imports. What the workers store
 * must equal what the in-process SQLite path stores for the same uploads.
 */
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPARISON_KIND, comparisonKey } from '../application/caches/documents.js';
import type { JobRecord } from '../queue/job-queue.js';
import { openJobQueue, type PgBossJobQueue } from '../queue/pg-boss-queue.js';
import { type EditionStore, openStore } from '../store/index.js';
import { eventually, startTestWorker, stopTestWorker } from '../testing/job-workers.js';
import { freshPostgresStore, postgresAdmin, requirePostgres } from '../testing/postgres.js';
import { ENGINE_VERSION } from '../version.js';
import { createApp } from './app.js';
import { openApiDocument } from './openapi.js';
import { expectProblem, fixedNow, uploadForm } from './server.fixture.js';

const available = await requirePostgres('queued uploads over HTTP');

const EDITIONS = [
  { label: '2020', date: '2020', file: '2020-ch3-s1.txt' },
  { label: '2022', date: '2022', file: '2022-ch3-s1.txt' },
].map((edition) => ({
  ...edition,
  text: readFileSync(new URL(`../../examples/bluebook/${edition.file}`, import.meta.url), 'utf8'),
}));

/** Not an edition: the first bytes of a PNG (E_UNSUPPORTED_FORMAT, every time: no retries). */
const POISON = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 1, 2]);

/** POST an upload of `text` as edition `label` of series `s`. */
function upload(app: Hono, label: string, bytes: string | Uint8Array, fields: Record<string, string> = {}) {
  return Promise.resolve(
    app.request('/api/series/s/editions', {
      method: 'POST',
      body: uploadForm({ bytes, name: `${label}.txt`, type: 'text/plain' }, { label, ...fields }),
    }),
  );
}

/** A validator of a component of the served OpenAPI document. */
function validatorFor(component: string) {
  const ajv = new Ajv2020.default({ strict: false, allErrors: true });
  ajv.addSchema({ $id: 'urn:palimpsest:openapi', components: openApiDocument().components }, 'openapi');
  return ajv.compile({ $ref: `urn:palimpsest:openapi#/components/schemas/${component}` });
}

/** What a store holds of series `s` that must not depend on how it was filled: editions and their comparisons. */
async function seriesContents(store: EditionStore) {
  const records = await store.listEditions('s');
  const comparisons = [];
  for (let i = 1; i < records.length; i++) {
    const key = comparisonKey(records[i - 1] as never, records[i] as never);
    comparisons.push(await store.getDerived(COMPARISON_KIND, key, ENGINE_VERSION));
  }
  return {
    editions: records.map(({ importedAt: _importedAt, ...rest }) => rest),
    comparisons,
  };
}

describe.skipIf(!available)('uploads as jobs on a PostgreSQL store', () => {
  let drop: () => Promise<void>;
  let url: string;
  let store: EditionStore;
  let queue: PgBossJobQueue;
  let app: Hono;
  let sqlite: EditionStore;
  let reference: Hono;
  let worker: Awaited<ReturnType<typeof startTestWorker>> | undefined;

  /** GET a job as the API shows it. */
  const job = async (location: string): Promise<JobRecord> => {
    const response = await app.request(location);
    expect(response.status).toBe(200);
    return (await response.json()) as JobRecord;
  };
  /** The readiness of series `s`. */
  const readiness = async () =>
    ((await (await app.request('/api/series/s')).json()) as { readiness: Record<string, unknown> }).readiness;

  beforeAll(async () => {
    ({ url, drop } = freshPostgresStore('palimpsest_upload_jobs'));
    store = await openStore(url);
    queue = await openJobQueue(url, { pollingIntervalSeconds: 0.5 });
    app = createApp({ store, jobs: queue, now: fixedNow });
    sqlite = await openStore(':memory:');
    reference = createApp({ store: sqlite, now: fixedNow });
  });

  afterAll(async () => {
    if (worker) await stopTestWorker(worker);
    await queue?.stop();
    await store?.close();
    await sqlite?.close();
    await drop?.();
  });

  it('answers 202 with the job URL; a worker stores the edition as the in-process path does', async () => {
    // No worker yet: the job waits.
    const accepted = await upload(app, '2020', EDITIONS[0]?.text ?? '', { date: '2020' });
    expect(accepted.status).toBe(202);
    const location = accepted.headers.get('location') ?? '';
    expect(location).toMatch(/^\/api\/jobs\/[0-9a-f-]{36}$/);
    const body = (await accepted.json()) as { job: JobRecord; url: string };
    expect(validatorFor('UploadAccepted')(body)).toBe(true);
    expect(body.url).toBe(location);
    expect(body.job).toMatchObject({ kind: 'import', state: 'waiting', series: 's', label: '2020', retries: 0 });
    const waiting = await app.request(location);
    expect(waiting.headers.get('cache-control')).toBe('no-store');
    expect(await waiting.json()).toMatchObject({ id: body.job.id, state: 'waiting' });
    expect(await store.getSeries('s')).toBeUndefined();

    worker = await startTestWorker(url);
    await eventually('the first import', async () => (await job(location)).state === 'done');
    const done = await job(location);
    expect(validatorFor('Job')(done)).toBe(true);
    expect(done).toMatchObject({ state: 'done', status: 'added', label: '2020' });
    await eventually('the series collated', async () => (await readiness()).state === 'ready');

    // With the worker stopped, the next upload leaves the series pending.
    await stopTestWorker(worker);
    worker = undefined;
    const second = await upload(app, '2022', EDITIONS[1]?.text ?? '', { date: '2022' });
    expect(second.status).toBe(202);
    const pending = await readiness();
    expect(pending).toMatchObject({ state: 'pending', waiting: 1, running: 0, failed: 0 });
    expect(pending.imports).toEqual({ waiting: 1, running: 0, failed: 0 });
    expect(validatorFor('Readiness')(pending)).toBe(true);

    // Refusals are still immediate, and enqueue nothing.
    const before = (await queue.list()).length;
    const duplicate = await upload(app, 'again', EDITIONS[0]?.text ?? '');
    const problem = await expectProblem(duplicate, 409, 'E_DUPLICATE');
    expect(problem.duplicateOf).toBe('2020');
    await expectProblem(await upload(app, '2020', `${EDITIONS[0]?.text}\nMore.\n`), 409, 'E_EXISTS');
    expect((await queue.list()).length).toBe(before);

    worker = await startTestWorker(url);
    const next = second.headers.get('location') ?? '';
    await eventually('the second import', async () => (await job(next)).state === 'done');
    await eventually('the series collated again', async () => (await readiness()).state === 'ready');

    // The same uploads on SQLite, in process (201), store the same editions and comparisons.
    for (const edition of EDITIONS) {
      const response = await upload(reference, edition.label, edition.text, { date: edition.date });
      expect(response.status).toBe(201);
    }
    const queued = await seriesContents(store);
    expect(queued.comparisons).toHaveLength(1);
    expect(queued.comparisons[0]).toBeDefined();
    expect(queued).toEqual(await seriesContents(sqlite));
  }, 180_000);

  it('a poison upload ends failed with its code at /api/jobs/{id}, and the series says so until put right', async () => {
    if (worker === undefined) worker = await startTestWorker(url);
    const accepted = await upload(app, '2024', POISON);
    expect(accepted.status).toBe(202);
    const location = accepted.headers.get('location') ?? '';
    await eventually('the poison import to fail', async () => (await job(location)).state === 'failed');
    const failed = await job(location);
    expect(validatorFor('Job')(failed)).toBe(true);
    expect(failed).toMatchObject({ kind: 'import', label: '2024', retries: 0 });
    expect(failed.error?.code).toBe('E_UNSUPPORTED_FORMAT');
    expect(await readiness()).toMatchObject({
      state: 'failed',
      waiting: 0,
      running: 0,
      failed: 1,
      imports: { waiting: 0, running: 0, failed: 1 },
    });
    expect((await store.listEditions('s')).map((record) => record.label)).toEqual(['2020', '2022']);

    // A good upload under that label puts the series right.
    const fixed = await upload(app, '2024', `${EDITIONS[1]?.text}\nA sentence added in 2024.\n`, { date: '2024' });
    const next = fixed.headers.get('location') ?? '';
    await eventually('the corrected import', async () => (await job(next)).state === 'done');
    await eventually('the series ready', async () => (await readiness()).state === 'ready');

    // A failure counts for a day: one of two days ago says nothing of the series now.
    const stale = await upload(app, '2030', POISON);
    const staleJob = (await stale.json()) as { job: JobRecord; url: string };
    await eventually('the second poison import to fail', async () => (await job(staleJob.url)).state === 'failed');
    expect((await readiness()).state).toBe('failed');
    const schema = `${new URL(url).searchParams.get('schema')}_jobs`;
    await postgresAdmin(
      `update "${schema}".job set created_on = created_on - interval '2 days', completed_on = completed_on - interval '2 days' where id = $1`,
      [staleJob.job.id],
    );
    expect(await readiness()).toMatchObject({ state: 'ready', failed: 0 });
  }, 120_000);

  it('answers 404 problem+json for an unknown job, 400 for an id that is no UUID', async () => {
    const unknown = await app.request('/api/jobs/00000000-0000-4000-8000-000000000000');
    expect(unknown.headers.get('cache-control')).toBe('no-store');
    const problem = await expectProblem(unknown, 404, 'E_NOT_FOUND');
    expect(problem.detail).not.toContain('postgres://');
    await expectProblem(await app.request('/api/jobs/1%3B%20drop%20table'), 400, 'E_USAGE');
  });
});
