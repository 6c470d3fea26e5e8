import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SERIES_BLAME_KIND } from '../application/caches/series-cache.js';
import { blameEdition, searchCorpus } from '../application/index.js';
import { AlignPool } from '../application/workers/align-pool.js';
import { loadSample } from '../cli/sample.js';
import { type EditionStore, openStore } from '../store/index.js';
import { postgresAdmin as admin, TEST_POSTGRES as POSTGRES } from '../store/postgres.fixture.js';
import { ENGINE_VERSION } from '../version.js';
import { startServer } from './serve.js';
import { fixedNow } from './server.fixture.js';

/**
 * Uploads and removals run whole on the pool's writer thread, over a store connection of the thread's own (issue 9,
 * item 7: one large upload held the event loop 34 s). Real server, real pool, real SQLite file and PostgreSQL schema.
 */

const postgresDown = await admin('select 1');
if (postgresDown !== null && process.env.CI) throw new Error(`PostgreSQL is not reachable at ${POSTGRES}`);

/** A Markdown edition of about `bytes` bytes: numbered articles of ordinary paragraphs, `variant` in every line. */
function largeEdition(bytes: number, variant: string): string {
  const words = ['treaty', 'delegation', 'minister', 'cooperation', 'region', 'security', 'agreement', 'dialogue'];
  const parts: string[] = [];
  let size = 0;
  for (let i = 1; size < bytes; i++) {
    if (i % 25 === 1) parts.push(`## Article ${Math.ceil(i / 25)}\n\n`);
    const picked = Array.from({ length: 20 }, (_, j) => words[(i * 7 + j * 3) % words.length]);
    const line = `Paragraph ${i}. The ${picked.join(' ')} continued in ${1990 + (i % 30)} (${variant}).\n\n`;
    parts.push(line);
    size += line.length;
  }
  return parts.join('');
}

/** A multipart upload of `text` as `label`. */
function uploadForm(text: string, label: string): FormData {
  const form = new FormData();
  form.set('file', new File([text], `${label}.md`, { type: 'text/markdown' }));
  form.set('label', label);
  return form;
}

/** Resolves once `condition` holds, checking every few milliseconds. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 2));
}

/** A store to test against: SQLite in a temporary folder, or a fresh PostgreSQL schema. */
interface TestStore {
  location: string;
  store: EditionStore;
  /** Makes every insert into the search index fail, as a full disk would in the middle of an edition's transaction. */
  breakSearchIndex(): Promise<void>;
  dispose(): Promise<void>;
}

async function sqliteStore(): Promise<TestStore> {
  const folder = mkdtempSync(join(tmpdir(), 'palimpsest-upload-offload-'));
  const location = join(folder, 'store.db');
  const store = await openStore(location);
  return {
    location,
    store,
    breakSearchIndex: async () => {
      const database = new Database(location);
      database.exec(
        "create trigger fail_units before insert on search_units begin select raise(abort, 'simulated failure'); end",
      );
      database.close();
    },
    dispose: async () => {
      await store.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

async function postgresStore(): Promise<TestStore> {
  const schema = `palimpsest_offload_test_${randomBytes(4).toString('hex')}`;
  const url = new URL(POSTGRES);
  url.searchParams.set('schema', schema);
  const store = await openStore(url.href);
  return {
    location: url.href,
    store,
    breakSearchIndex: async () => {
      const failed =
        (await admin(
          `create function "${schema}".fail_units() returns trigger language plpgsql as $$ begin raise exception 'simulated failure'; end $$`,
        )) ??
        (await admin(
          `create trigger fail_units before insert on "${schema}".search_units for each statement execute function "${schema}".fail_units()`,
        ));
      if (failed !== null) throw new Error(failed);
    },
    dispose: async () => {
      await store.close();
      await admin(`drop schema if exists "${schema}" cascade`);
    },
  };
}

const kinds = [
  { name: 'SQLite', open: sqliteStore, skip: false },
  { name: 'PostgreSQL', open: postgresStore, skip: postgresDown !== null },
];

const disposers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const dispose of disposers) await dispose();
});

/** A server with the sample loaded over a fresh store of one kind, its uploads on a one-thread pool's writer thread. */
async function serveSample(open: () => Promise<TestStore>, poolOptions: ConstructorParameters<typeof AlignPool>[1]) {
  const test = await open();
  disposers.push(test.dispose);
  const { store } = test;
  await loadSample(store, { now: fixedNow });
  const pool = new AlignPool(1, poolOptions);
  const server = await startServer({
    store,
    storeLocation: test.location,
    host: '127.0.0.1',
    port: 0,
    now: fixedNow,
    pool,
  });
  return { test, store, pool, server };
}

describe.each(kinds)('uploads on the writer thread ($name)', ({ open, skip }) => {
  it.skipIf(skip)(
    'answers /api/health and reads while a large upload is in flight; the upload is committed whole, caches warm',
    async () => {
      const { store, pool, server } = await serveSample(open, { offload: true });
      try {
        const text = largeEdition(1_500_000, 'first');
        let uploadDone = false;
        const upload = fetch(new URL('api/series/large/editions', server.url), {
          method: 'POST',
          body: uploadForm(text, 'one'),
        }).then(async (response) => {
          const body = (await response.json()) as {
            status: string;
            cachesIncomplete?: unknown;
            edition: { sha256: string };
          };
          uploadDone = true;
          return { status: response.status, body };
        });
        // The upload is on the writer thread (or queued while it starts): the event loop must be free meanwhile, even
        // once the edition is committed and the series caches are being built (work that held the event loop when
        // only the import ran on the pool: then nothing here ran between the commit and the upload's answer).
        await until(() => pool.pending > 0 || uploadDone);
        let committed = false;
        while (!committed && !uploadDone) {
          committed = (await store.getEdition('large', 'one').catch(() => undefined)) !== undefined;
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
        expect(uploadDone).toBe(false);
        const health = await fetch(new URL('api/health', server.url));
        expect(health.status).toBe(200);
        const list = await fetch(new URL('api/series', server.url));
        expect(list.status).toBe(200);
        const blame = await fetch(new URL('api/series/bluebook/blame', server.url));
        expect(blame.status).toBe(200);
        // An ordering assertion, not a timing one: after the commit, health and two reads answered before the upload.
        expect(uploadDone).toBe(false);
        const answered = await upload;
        expect(answered.status).toBe(201);
        expect(answered.body).toMatchObject({ status: 'added', aligned: 0, edition: { label: 'one' } });
        expect(answered.body.cachesIncomplete).toBeUndefined();
        expect(pool.tasks).toBeGreaterThan(0);
        // The main thread's own connection sees all of it: the edition, its search index and its series caches.
        const record = await store.getEdition('large', 'one');
        expect(record?.sha256).toBe(answered.body.edition.sha256);
        const hits = await searchCorpus(store, 'Paragraph 4321', { series: 'large' });
        expect(hits.length).toBeGreaterThan(0);
        const cachedBlame = await store.getDerived(SERIES_BLAME_KIND, 'large', ENGINE_VERSION);
        expect(cachedBlame).toBeDefined();
        const latest = await blameEdition(store, 'large');
        expect(latest.editions.map((e) => e.label)).toEqual(['one']);
        // A second edition is aligned with the first on the thread; removing it (also on the thread) re-collates.
        const second = await fetch(new URL('api/series/large/editions', server.url), {
          method: 'POST',
          body: uploadForm(largeEdition(200_000, 'second'), 'two'),
        });
        expect(second.status).toBe(201);
        expect(await second.json()).toMatchObject({ status: 'added', aligned: 1 });
        const tasks = pool.tasks;
        const removed = await fetch(new URL('api/series/large/editions/two', server.url), { method: 'DELETE' });
        expect(removed.status).toBe(204);
        expect(pool.tasks).toBe(tasks + 1);
        expect((await store.listEditions('large')).map((e) => e.label)).toEqual(['one']);
        expect((await blameEdition(store, 'large')).editions.map((e) => e.label)).toEqual(['one']);
      } finally {
        await server.close();
        await pool.close();
      }
    },
    180_000,
  );

  it.skipIf(skip)(
    'names the edition a duplicate repeats (duplicateOf) from the writer thread as in process',
    async () => {
      const { pool, server } = await serveSample(open, { offload: true });
      try {
        const text = largeEdition(2_000, 'twin');
        const send = (label: string) =>
          fetch(new URL('api/series/twins/editions', server.url), { method: 'POST', body: uploadForm(text, label) });
        expect((await send('first')).status).toBe(201);
        const refused = await send('second');
        expect(refused.status).toBe(409);
        expect(await refused.json()).toMatchObject({ code: 'E_DUPLICATE', duplicateOf: 'first' });
      } finally {
        await server.close();
        await pool.close();
      }
    },
    60_000,
  );

  it.skipIf(skip)(
    'answers as the store holds: a failing statement commits nothing (500), a full queue refuses before writing (503)',
    async () => {
      // One thread and one waiting write: of four uploads at once, at least one is refused with E_BUSY.
      const { test, store, pool, server } = await serveSample(open, { offload: true, maxQueue: 1 });
      try {
        const labels = ['a', 'b', 'c', 'd'];
        const answers = await Promise.all(
          labels.map(async (label) => {
            const response = await fetch(new URL('api/series/busy/editions', server.url), {
              method: 'POST',
              body: uploadForm(largeEdition(300_000, label), label),
            });
            return { label, status: response.status, body: (await response.json()) as { code?: string } };
          }),
        );
        expect(answers.filter((a) => a.status === 503).length).toBeGreaterThan(0);
        const stored = new Set((await store.listEditions('busy').catch(() => [])).map((e) => e.label));
        for (const answer of answers) {
          expect([201, 503]).toContain(answer.status);
          if (answer.status === 503) expect(answer.body.code).toBe('E_BUSY');
          expect(stored.has(answer.label)).toBe(answer.status === 201);
        }

        await test.breakSearchIndex();
        const failed = await fetch(new URL('api/series/broken/editions', server.url), {
          method: 'POST',
          body: uploadForm(largeEdition(50_000, 'broken'), 'x'),
        });
        expect(failed.status).toBe(500);
        expect(((await failed.json()) as { code: string }).code).toBe('E_STORE');
        expect(await store.getSeries('broken')).toBeUndefined();
        expect((await store.listSeries()).map((s) => s.name)).not.toContain('broken');
      } finally {
        await server.close();
        await pool.close();
      }
    },
    180_000,
  );
});
