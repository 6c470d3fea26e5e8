/**
 * Engine upgrades and rebuilds as jobs on the real PostgreSQL (issue 16). A store is filled by workers of an older
 * engine (PALIMPSEST_ENGINE_VERSION=0.0.9, children of this test) and upgraded by workers of this one (0.1.0, the
 * engine this test process runs): the upgrade is enqueued once per series however many workers start, reads serve
 * the old caches marked stale until each series is rebuilt, and the rebuilt caches equal what an in-process rebuild
 * on SQLite derives from the same files. `palimpsest rebuild` on PostgreSQL enqueues (--no-wait) or works along and
 * waits; a worker killed mid-rebuild leaves every value old or new, and the job is retried.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPARISON_KIND, comparisonKey, TREE_KIND } from '../application/caches/documents.js';
import {
  SERIES_BLAME_KIND,
  SERIES_COLLATION_KIND,
  SERIES_HISTORY_KIND,
  SERIES_LINEAGE_KIND,
  SERIES_TRACE_KIND,
  seriesTailKind,
} from '../application/caches/series-cache.js';
import {
  addEditions,
  blameEdition,
  comparePairJson,
  enqueueUpgradeRebuilds,
  pairOf,
  readView,
  rebuildCorpus,
  seriesHistory,
  traceSeries,
} from '../application/index.js';
import { blameJson } from '../report/index.js';
import { createApp } from '../server/app.js';
import { type EditionStore, openStore } from '../store/index.js';
import { freshPostgresStore, requirePostgres } from '../testing/postgres.js';
import {
  editionFolder,
  REPO_ROOT,
  runCli,
  startWorker,
  stopWorker,
  until,
  type WorkerProcess,
} from '../testing/queue-processes.js';
import { ENGINE_VERSION } from '../version.js';
import { openJobQueue } from './pg-boss-queue.js';

const available = await requirePostgres('rebuild jobs on PostgreSQL');

/** The engine the store is filled with: older than this process's. */
const OLD = '0.0.9';
const OLD_ENGINE = { PALIMPSEST_ENGINE_VERSION: OLD };

/** The series kinds every rebuilt series holds, and the tails an extension may have left beside them. */
const SERIES_KINDS = [SERIES_LINEAGE_KIND, SERIES_BLAME_KIND, SERIES_HISTORY_KIND, SERIES_TRACE_KIND];
const TAIL_KINDS = [SERIES_LINEAGE_KIND, SERIES_HISTORY_KIND, SERIES_TRACE_KIND].map(seriesTailKind);

/** Every derived value of a series as stored (JSON text and the engine that made it), and its search index. */
async function derivedContents(store: EditionStore, series: string) {
  const records = await store.listEditions(series);
  const values: Record<string, { engineVersion: string; json: string } | undefined> = {};
  for (const record of records)
    values[`tree ${record.label}`] = await store.getDerivedStamped(TREE_KIND, record.sha256);
  for (let i = 1; i < records.length; i++) {
    const key = comparisonKey(records[i - 1] as never, records[i] as never);
    values[`comparison ${i}`] = await store.getDerivedStamped(COMPARISON_KIND, key);
  }
  for (const kind of [...SERIES_KINDS, SERIES_COLLATION_KIND, ...TAIL_KINDS]) {
    values[kind] = await store.getDerivedStamped(kind, series);
  }
  const hits = await store.search('uncertain', { series, limit: 1000 });
  return {
    indexedWith: records.map((record) => record.indexedWith),
    values,
    search: hits.map((hit) => [hit.edition, hit.path, hit.start, hit.end, hit.snippet]).sort(),
  };
}

/** The engine versions of a series' values that must always be there (trees, comparisons, series caches). */
async function engineVersionsOf(store: EditionStore, series: string): Promise<Array<string | undefined>> {
  const { values } = await derivedContents(store, series);
  return Object.entries(values)
    .filter(([name]) => !TAIL_KINDS.includes(name))
    .map(([, value]) => value?.engineVersion);
}

describe.skipIf(!available)('rebuild jobs on PostgreSQL', () => {
  const drops: Array<() => Promise<void>> = [];
  const folders: string[] = [];
  const workers: WorkerProcess[] = [];
  let small: string;
  let pair: string;
  /** What an in-process rebuild on SQLite derives from the same files, per series. */
  const reference: Record<string, Awaited<ReturnType<typeof derivedContents>>> = {};
  let referenceBlame: unknown;
  /** How many derived values the in-process rebuild leaves in all. */
  let referenceCount: number;
  /** The store upgraded by the first test, rebuilt again by the second. */
  let upgraded: string;

  beforeAll(async () => {
    small = editionFolder(4);
    pair = editionFolder(2);
    folders.push(small, pair);
    const sqlite = await openStore(':memory:');
    const { expandEditionSources } = await import('../cli/edition-sources.js');
    for (const [series, folder] of [
      ['s', small],
      ['t', pair],
    ] as const) {
      await addEditions(
        sqlite,
        { series, editions: await expandEditionSources([folder], REPO_ROOT, {}), cwd: REPO_ROOT },
        { now: () => new Date('2026-01-01T00:00:00Z') },
      );
    }
    await rebuildCorpus(sqlite);
    for (const series of ['s', 't']) reference[series] = await derivedContents(sqlite, series);
    referenceBlame = blameJson(await blameEdition(sqlite, 's'));
    referenceCount = (await sqlite.stats()).derived;
    await sqlite.close();
  }, 120_000);

  afterAll(async () => {
    for (const worker of workers) await stopWorker(worker, 'SIGKILL');
    for (const drop of drops) await drop().catch(() => undefined);
    for (const path of folders) rmSync(path, { recursive: true, force: true });
  });

  /** A store filled by the older engine (its `add` works on the queue itself), with series s (4) and t (2). */
  async function filledByOldEngine(): Promise<string> {
    const { url, drop } = freshPostgresStore();
    drops.push(drop);
    for (const [series, folder] of [
      ['s', small],
      ['t', pair],
    ] as const) {
      const added = runCli(['add', series, folder, '--store', url], OLD_ENGINE);
      expect(added.stderr).toBe('');
      expect(added.status).toBe(0);
    }
    return url;
  }

  it('an upgrade is enqueued once per series, reads serve the old caches marked stale, and workers replace them with what an in-process rebuild makes', async () => {
    const url = await filledByOldEngine();
    upgraded = url;
    const store = await openStore(url);
    const queues = [await openJobQueue(url), await openJobQueue(url)];
    try {
      expect(await store.seriesEngines()).toEqual(
        new Map([
          ['s', OLD],
          ['t', OLD],
        ]),
      );
      expect(new Set(await engineVersionsOf(store, 's'))).toEqual(new Set([OLD]));

      // Two processes of the new engine see the upgrade at the same moment: one job per series between them.
      const [first, second] = await Promise.all(queues.map((queue) => enqueueUpgradeRebuilds(store, queue)));
      const enqueued = [...(first ?? []), ...(second ?? [])].filter((one) => one.job !== null);
      expect(enqueued.map((one) => one.series).sort()).toEqual(['s', 't']);
      const rebuilds = async () => (await queues[0]?.list({ limit: 100 }))?.filter((job) => job.kind === 'rebuild');
      expect((await rebuilds())?.map((job) => [job.series, job.state]).sort()).toEqual([
        ['s', 'waiting'],
        ['t', 'waiting'],
      ]);

      // No worker yet: reads answer from the old engine's caches, say so, and neither remake nor store anything.
      const records = await store.listEditions('s');
      const labels = records.map((record) => record.label);
      const view = await readView(store, 's');
      expect(view.pending).toBe(true);
      expect(blameJson(await blameEdition(view.store, 's'))).toEqual(referenceBlame);
      expect(view.stale()).toEqual({ engineVersion: OLD });
      for (const read of [
        (reader: EditionStore) => seriesHistory(reader, 's'),
        (reader: EditionStore) => traceSeries(reader, 's', 'uncertain'),
        (reader: EditionStore) => comparePairJson(reader, pairOf(records, 's', labels[0] ?? '', labels[1] ?? '')),
      ]) {
        const each = await readView(store, 's');
        await read(each.store);
        expect(each.stale()).toEqual({ engineVersion: OLD });
      }
      expect(new Set(await engineVersionsOf(store, 's'))).toEqual(new Set([OLD]));

      // The API says the same: a header on every answer, and a field where the JSON has room for one.
      const app = createApp({ store });
      const history = await app.request('/api/series/s/history');
      expect(history.status).toBe(200);
      expect(history.headers.get('palimpsest-stale')).toBe(OLD);
      expect(((await history.json()) as { stale?: unknown }).stale).toEqual({ engineVersion: OLD });
      const compare = await app.request(`/api/series/s/compare?old=${labels[0]}&new=${labels[1]}&format=json`);
      expect(compare.headers.get('palimpsest-stale')).toBe(OLD);
      expect(((await compare.json()) as { engine: { version: string } }).engine.version).toBe(OLD);
      // Two identical requests at once share one computation, and both say where it came from.
      const both = await Promise.all(
        [1, 2].map(() => app.request(`/api/series/s/compare?old=${labels[1]}&new=${labels[2]}&format=html`)),
      );
      expect(both.map((response) => response.headers.get('palimpsest-stale'))).toEqual([OLD, OLD]);
      const top = await app.request(`/api/series/s/compare?old=${labels[0]}&new=${labels[1]}&top=5`);
      expect(top.headers.get('palimpsest-stale')).toBe(OLD);
      const blame = await app.request('/api/series/s/blame');
      expect(blame.headers.get('palimpsest-stale')).toBe(OLD);
      const trace = await app.request('/api/series/s/trace?phrase=uncertain&format=csv');
      expect(trace.headers.get('palimpsest-stale')).toBe(OLD);
      const search = await app.request('/api/search?q=uncertain');
      expect(((await search.json()) as { stale?: unknown }).stale).toEqual({ engineVersion: OLD });
      // And the CLI, in a line of its own on stderr.
      const cliHistory = runCli(['history', 's', '--store', url]);
      expect(cliHistory.status).toBe(0);
      expect(cliHistory.stderr).toMatch(
        /^palimpsest: note: answered from caches made by engine 0\.0\.9, not by this one/,
      );

      // A value of the old engine no rebuild replaces (a pair that is no longer consecutive, say).
      await store.putDerived(COMPARISON_KIND, 'an orphan', OLD, { orphan: true });

      // Two workers of the new engine start together: they enqueue nothing more, and rebuild each series once.
      workers.push(...(await Promise.all([startWorker(url), startWorker(url)])));
      await until(async () => (await rebuilds())?.every((job) => job.state === 'done') === true, 120);
      expect((await rebuilds())?.map((job) => job.series).sort()).toEqual(['s', 't']);
      expect(await store.seriesEngines()).toEqual(
        new Map([
          ['s', ENGINE_VERSION],
          ['t', ENGINE_VERSION],
        ]),
      );
      for (const series of ['s', 't']) expect(await derivedContents(store, series)).toEqual(reference[series]);
      // The last series rebuilt, the old engine's values went, orphans included.
      await until(async () => (await store.getDerivedStamped(COMPARISON_KIND, 'an orphan')) === undefined, 30);
      expect((await store.stats()).derived).toBe(referenceCount);
      const after = await readView(store, 's');
      expect(after.pending).toBe(false);
      const fresh = await app.request('/api/series/s/history');
      expect(fresh.headers.get('palimpsest-stale')).toBeNull();
      expect(((await fresh.json()) as { stale?: unknown }).stale).toBeUndefined();
      expect(runCli(['history', 's', '--store', url]).stderr).toBe('');
    } finally {
      for (const worker of workers.splice(0)) await stopWorker(worker);
      for (const queue of queues) await queue.stop();
      await store.close();
    }
  }, 400_000);

  it('palimpsest rebuild on PostgreSQL enqueues one job per series (--no-wait), or works along and waits; every value is made again', async () => {
    const url = upgraded;
    const store = await openStore(url);
    const queue = await openJobQueue(url);
    try {
      // A history this engine "made" but that a rebuild must make again: only a rebuild that replaces finds it out.
      const stored = await store.getDerivedStamped(SERIES_HISTORY_KIND, 's');
      const tampered = { ...JSON.parse(stored?.json ?? '{}'), tampered: true };
      await store.putDerived(SERIES_HISTORY_KIND, 's', ENGINE_VERSION, tampered);

      const enqueued = runCli(['rebuild', '--store', url, '--no-wait']);
      expect(enqueued.stderr).toBe('');
      expect(enqueued.stdout).toMatch(/^rebuild of 2 series enqueued/);
      const waiting = (await queue.list({ states: ['waiting'] })).filter((job) => job.kind === 'rebuild');
      expect(waiting.map((job) => job.series).sort()).toEqual(['s', 't']);
      expect((await store.getDerived(SERIES_HISTORY_KIND, 's', ENGINE_VERSION)) as object).toMatchObject({
        tampered: true,
      });

      // No worker runs: the waiting command does the jobs itself (the request folds into the waiting ones).
      const rebuilt = runCli(['rebuild', '--store', url]);
      expect(rebuilt.stderr).toBe('');
      expect(rebuilt.status).toBe(0);
      expect(rebuilt.stdout).toBe(`rebuilt 2 series with engine ${ENGINE_VERSION} (by the queue)\n`);
      const jobs = (await queue.list({ limit: 100 })).filter((job) => job.kind === 'rebuild');
      expect(jobs.filter((job) => job.state !== 'done')).toEqual([]);
      // Two from the upgrade, two from the requests (the second folded into the first's).
      expect(jobs).toHaveLength(4);
      for (const series of ['s', 't']) expect(await derivedContents(store, series)).toEqual(reference[series]);
      expect(await store.seriesEngine('s')).toBe(ENGINE_VERSION);
    } finally {
      await queue.stop();
      await store.close();
    }
  }, 300_000);

  it('a worker killed mid-rebuild leaves every value old or new, never missing, and the job is retried', async () => {
    const big = editionFolder(4, 40);
    folders.push(big);
    const { url, drop } = freshPostgresStore();
    drops.push(drop);
    const added = runCli(['add', 'big', big, '--store', url], OLD_ENGINE);
    expect(added.status).toBe(0);
    const store = await openStore(url);
    const queue = await openJobQueue(url);
    try {
      expect(new Set(await engineVersionsOf(store, 'big'))).toEqual(new Set([OLD]));
      const doomed = await startWorker(url);
      workers.push(doomed);
      // Killed as soon as the rebuild has replaced its first value (a tree: they come first), long before its end.
      const shas = (await store.listEditions('big')).map((record) => record.sha256);
      const deadline = Date.now() + 120_000;
      while ((await store.derivedKeys(TREE_KIND, shas, ENGINE_VERSION)).size === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await stopWorker(doomed, 'SIGKILL');
      const between = await engineVersionsOf(store, 'big');
      // Some values are the new engine's, the others still the old one's; none is missing.
      expect(between).toContain(ENGINE_VERSION);
      expect(between).toContain(OLD);
      expect(between.every((version) => version === OLD || version === ENGINE_VERSION)).toBe(true);
      expect(await store.seriesEngine('big')).toBe(OLD);
      const view = await readView(store, 'big');
      expect((await blameEdition(view.store, 'big')).sentences.length).toBeGreaterThan(0);

      const rescuer = await startWorker(url);
      workers.push(rescuer);
      await until(async () => {
        const jobs = (await queue.list()).filter((job) => job.kind === 'rebuild');
        return jobs.length > 0 && jobs.every((job) => job.state === 'done');
      }, 180);
      const job = (await queue.list()).find((one) => one.kind === 'rebuild');
      expect(job?.retries).toBeGreaterThanOrEqual(1);
      expect(new Set(await engineVersionsOf(store, 'big'))).toEqual(new Set([ENGINE_VERSION]));
      expect(await store.seriesEngine('big')).toBe(ENGINE_VERSION);
    } finally {
      for (const worker of workers.splice(0)) await stopWorker(worker);
      await queue.stop();
      await store.close();
    }
  }, 400_000);
});
