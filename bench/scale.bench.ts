/**
 * `npm run bench:scale` (issue 16, item 5): a synthetic load of 10,000 editions (bench/synthetic-series.ts: real
 * editions of ../shared/corpora edited the way amendments are) ingested into a fresh PostgreSQL store, measuring at
 * intervals of size that the search index, the series caches and the job queue keep their latency:
 * - search p50/p95 of the corpus benchmark's queries (words, phrases, German, French, Japanese), ten rounds, as
 *   bench/corpus.bench.ts measures them (`searchCorpus`), and as the CLI and the API serve them (`searchGrouped`);
 * - blame p50/p95 in the long series (its latest edition whole and one section of it, and its middle edition) and
 *   of the latest edition of other series; trace p50/p95 of a phrase through the long series and through others;
 * - the queue: enqueue rate, import throughput, `palimpsest jobs` (GET /api/jobs) listing time with every job of
 *   the load in the job table, and the time to take a job from it;
 * - the database's size, table by table.
 * Every series grows at each interval by its share (as a crawl of many documents does), so at 1,000 editions every
 * series already exists. The load goes through the queue to `palimpsest worker` processes (the built CLI: run
 * `npm run build` first) — the deployment's own path — or, with `--ingest direct`, through the in-process add
 * (`addEditions`: store, then align) in several processes on the same PostgreSQL store. Latencies are measured with
 * the workers stopped, so they are the reads' own. Targets (the corpus benchmark's): search p95 ≤ 20 ms, blame ≤ 200
 * ms, trace ≤ 100 ms.
 *
 * Options: --editions N (default 10000), --at 1000,5000,10000 (checkpoints, default a tenth, a half and all),
 * --workers N (default 4), --ingest queue|direct, --seed N, --keep (keep the schema and print its URL), --sqlite
 * (the same reads on a SQLite store holding the same load, ingested in process; --sqlite-editions N: its first N
 * editions, as at a checkpoint), --skip-postgres, --reads URL (only
 * the reads, on a store an earlier run kept with the same --editions and --seed: to compare a change at size). PALIMPSEST_CORPORA overrides the
 * corpora folder; PALIMPSEST_TEST_POSTGRES the server. Not part of the tests.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import PgBoss from 'pg-boss';
import {
  addEditions,
  blameEdition,
  enqueueAdd,
  searchCorpus,
  searchGrouped,
  traceSeries,
} from '../src/application/index.js';
import { openJobQueue, queueLocation } from '../src/queue/pg-boss-queue.js';
import { type EditionStore, openStore } from '../src/store/index.js';
import { freshPostgresStore, POSTGRES_SERVER, postgresReachable } from '../src/testing/postgres.js';
import { SEARCH_QUERIES } from './search-queries.js';
import { median, percentile } from './statistics.js';
import { type SyntheticSeries, syntheticSeries } from './synthetic-series.js';
import { startBuiltWorker } from './worker-processes.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const corpora = resolve(process.env.PALIMPSEST_CORPORA ?? join(repoRoot, '..', 'shared', 'corpora'));
const argv = process.argv.slice(2);
/** Options taking a value, and flags: anything else (a typo, --help) is refused before an hour-long run starts. */
const VALUED = ['--editions', '--seed', '--workers', '--ingest', '--reads', '--sqlite-editions', '--at'];
const FLAGS = ['--keep', '--sqlite', '--skip-postgres'];
for (let i = 0; i < argv.length; i++) {
  const arg = argv[i] as string;
  if (VALUED.includes(arg)) i++;
  else if (!FLAGS.includes(arg)) {
    console.error(`bench:scale: unknown option ${JSON.stringify(arg)}; options: ${[...VALUED, ...FLAGS].join(' ')}`);
    process.exit(2);
  }
}
const option = (name: string): string | undefined => {
  const at = argv.indexOf(name);
  return at < 0 ? undefined : argv[at + 1];
};
const total = Number(option('--editions') ?? 10_000);
const seed = Number(option('--seed') ?? 1);
const workers = Number(option('--workers') ?? 4);
const ingest = option('--ingest') ?? 'queue';
const keep = argv.includes('--keep');
const withSqlite = argv.includes('--sqlite');
/** Only the reads, on a store kept by an earlier run (`--keep`) with the same --editions and --seed. */
const readsOf = option('--reads');
const skipPostgres = argv.includes('--skip-postgres');
/** Editions of the load the SQLite run holds (default all): SQLite ingests in one process, so a part is cheaper. */
const sqliteUpTo = Math.min(total, Number(option('--sqlite-editions') ?? total));
const checkpoints = (option('--at') ?? `${Math.round(total / 10)},${Math.round(total / 2)},${total}`)
  .split(',')
  .map(Number)
  .filter((n) => Number.isInteger(n) && n > 0 && n <= total)
  .sort((a, b) => a - b);
if (checkpoints.at(-1) !== total) checkpoints.push(total);
/** Series (other than the long one) whose blame and trace are sampled at each checkpoint. */
const SAMPLED_SERIES = 20;

/** One row of the results. */
interface Row {
  at: number;
  store: string;
  measure: string;
  value: string;
  load: string;
}

const rows: Row[] = [];
const ms = (t: number) => `${t.toFixed(1)} ms`;
const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
/** Record a row, echoed to stderr as it comes (a long run shows progress). */
function record(at: number, store: string, measure: string, value: string): void {
  const row = { at, store, measure, value, load: load() };
  console.error(`[${new Date().toISOString().slice(11, 19)}] ${at} ${store}: ${measure}: ${value} (load ${row.load})`);
  rows.push(row);
}

/** p50 / p95 of `runs` timed calls. */
async function timedRuns(runs: number, call: (i: number) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await call(i);
    times.push(performance.now() - start);
  }
  return times;
}
const p50p95 = (times: number[]) => `${ms(percentile(times, 50))} / ${ms(percentile(times, 95))}`;

/** The editions of `series` in the interval (from, to] of the load's growth: each series grows by its share. */
function slice(series: SyntheticSeries, from: number, to: number): SyntheticSeries['editions'] {
  const n = series.editions.length;
  return series.editions.slice(Math.round((from / total) * n), Math.round((to / total) * n));
}

/** The most frequent two-word phrase of an edition's text (a phrase worth tracing); for Japanese, of kanji. */
function commonPhrase(bytes: Uint8Array, lang: string): string {
  const text = new TextDecoder().decode(bytes);
  const counts = new Map<string, number>();
  if (lang === 'ja') {
    for (const run of text.match(/[\p{Script=Han}]{2,3}/gu) ?? []) counts.set(run, (counts.get(run) ?? 0) + 1);
  } else {
    const words = (text.match(/\p{L}{4,}/gu) ?? []).map((w) => w.toLowerCase());
    for (let i = 1; i < words.length; i++) {
      const phrase = `${words[i - 1]} ${words[i]}`;
      counts.set(phrase, (counts.get(phrase) ?? 0) + 1);
    }
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? 'the';
}

/** Stop worker processes (SIGTERM: they finish their job first). */
async function stopWorkers(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map((child) => {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      return exited;
    }),
  );
  children.length = 0;
}

/** A SQL client on the server, outside any store. */
async function client(): Promise<pg.Client> {
  const connection = new pg.Client({ connectionString: POSTGRES_SERVER });
  await connection.connect();
  return connection;
}

/** Unfinished and failed jobs of the queue schema. */
async function jobCounts(sql: pg.Client, schema: string): Promise<{ open: number; failed: number; all: number }> {
  const { rows: found } = await sql.query<{ open: string; failed: string; all: string }>(
    `select count(*) filter (where state < 'completed') as open, count(*) filter (where state = 'failed') as failed,
       count(*) as all from "${schema}".job where name like 'palimpsest-%'`,
  );
  return { open: Number(found[0]?.open), failed: Number(found[0]?.failed), all: Number(found[0]?.all) };
}

/** The interval (from, to] through the queue: enqueue every series' share, then wait for every job to finish. */
async function ingestQueued(
  store: EditionStore,
  url: string,
  load: SyntheticSeries[],
  from: number,
  to: number,
): Promise<void> {
  const queue = await openJobQueue(url);
  const { schema } = queueLocation(url);
  const sql = await client();
  const children: ChildProcess[] = [];
  try {
    // Enqueued first, then taken: the enqueue rate is the queue's own, and the workers then find a full queue.
    let enqueued = 0;
    const start = performance.now();
    for (const series of load) {
      const editions = slice(series, from, to);
      if (editions.length === 0) continue;
      await enqueueAdd(store, queue, {
        series: series.name,
        lang: series.lang,
        allowDuplicate: true,
        editions: editions.map((e) => ({ source: `${e.label}.md`, label: e.label, date: e.date, bytes: e.bytes })),
      });
      enqueued += editions.length;
    }
    const enqueueSeconds = (performance.now() - start) / 1000;
    record(
      to,
      'PostgreSQL',
      `enqueue ${enqueued} imports (stage bytes + send)`,
      `${(enqueued / enqueueSeconds).toFixed(0)} jobs/s`,
    );
    const working = performance.now();
    for (let i = 0; i < workers; i++) children.push(await startBuiltWorker(url));
    for (;;) {
      await new Promise((done) => setTimeout(done, 1000));
      const counts = await jobCounts(sql, schema);
      if (counts.open === 0) {
        const seconds = (performance.now() - working) / 1000;
        record(
          to,
          'PostgreSQL',
          `ingest ${enqueued} editions, ${workers} workers (imports and collations)`,
          `${seconds.toFixed(0)} s, ${(enqueued / seconds).toFixed(2)} editions/s, ${counts.failed} failed jobs`,
        );
        return;
      }
    }
  } finally {
    await stopWorkers(children);
    await queue.stop();
    await sql.end();
  }
}

/** The interval (from, to] in process: `processes` children, each adding (then aligning) its share of the series. */
async function ingestDirect(url: string, load: SyntheticSeries[], from: number, to: number): Promise<void> {
  const processes = Math.max(1, workers);
  const enqueued = load.reduce((sum, series) => sum + slice(series, from, to).length, 0);
  const start = performance.now();
  await Promise.all(
    Array.from({ length: processes }, (_, part) => {
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          fileURLToPath(import.meta.url),
          '--child',
          url,
          `${part}/${processes}`,
          `${from}/${to}`,
          ...argv,
        ],
        { stdio: ['ignore', 'inherit', 'inherit'] },
      );
      return new Promise<void>((done, fail) =>
        child.once('exit', (code) => (code === 0 ? done() : fail(new Error(`ingest process exited with ${code}`)))),
      );
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  record(
    to,
    'PostgreSQL',
    `ingest ${enqueued} editions in process (add), ${processes} processes`,
    `${seconds.toFixed(0)} s, ${(enqueued / seconds).toFixed(2)} editions/s`,
  );
}

/** A child of `ingestDirect`: add its series' share of an interval (series i with i mod processes = part). */
async function directChild(url: string, part: string, interval: string): Promise<void> {
  const [index, processes] = part.split('/').map(Number) as [number, number];
  const [from, to] = interval.split('/').map(Number) as [number, number];
  const store = await openStore(url);
  try {
    await addShare(store, [...syntheticSeries({ corpora, editions: total, seed })], from, to, index, processes);
  } finally {
    await store.close();
  }
}

/** Add the share (from, to] of every `processes`-th series from `index`, one add per series (then aligned). */
async function addShare(
  store: EditionStore,
  load: SyntheticSeries[],
  from: number,
  to: number,
  index = 0,
  processes = 1,
): Promise<void> {
  for (const [i, series] of load.entries()) {
    if (i % processes !== index) continue;
    const editions = slice(series, from, to);
    if (editions.length === 0) continue;
    await addEditions(
      store,
      {
        series: series.name,
        lang: series.lang,
        cwd: '/',
        allowDuplicate: true,
        editions: editions.map((e) => ({ source: `${e.label}.md`, label: e.label, date: e.date, bytes: e.bytes })),
      },
      { now: () => new Date() },
    );
  }
}

/** The reads at one checkpoint: search, blame, trace. */
async function reads(at: number, name: string, store: EditionStore, load: SyntheticSeries[]): Promise<void> {
  // Each round runs every query once; a first round warms the connection and the planner's statistics.
  for (const query of SEARCH_QUERIES) await searchCorpus(store, query);
  const search: number[] = [];
  const grouped: number[] = [];
  for (let round = 0; round < 10; round++) {
    for (const query of SEARCH_QUERIES) {
      let start = performance.now();
      await searchCorpus(store, query);
      search.push(performance.now() - start);
      start = performance.now();
      await searchGrouped(store, query);
      grouped.push(performance.now() - start);
    }
  }
  record(at, name, `search p50 / p95 (${search.length} queries, as corpus.bench)`, p50p95(search));
  record(at, name, `search grouped p50 / p95 (what the CLI and API serve)`, p50p95(grouped));

  const long = load[0] as SyntheticSeries;
  const held = slice(long, 0, at);
  const latest = held.at(-1);
  const middle = held[held.length >> 1];
  if (latest !== undefined && middle !== undefined) {
    const first = await timedRuns(1, () => blameEdition(store, long.name));
    const whole = await timedRuns(20, () => blameEdition(store, long.name));
    const blame = await blameEdition(store, long.name);
    record(
      at,
      name,
      `blame latest of the long series (${held.length} editions, ${blame.sentences.length} sentences): first; p50 / p95 of 20`,
      `${ms(first[0] as number)}; ${p50p95(whole)}`,
    );
    const path = blame.sentences.find((s) => s.path.length > 0)?.path;
    if (path !== undefined) {
      const section = await timedRuns(20, () => blameEdition(store, long.name, { section: [...path] }));
      record(
        at,
        name,
        `blame --section "${path.join(' › ').slice(0, 40)}" of the long series: p50 / p95`,
        p50p95(section),
      );
    }
    const older = await timedRuns(20, () => blameEdition(store, long.name, { edition: middle.label }));
    record(at, name, `blame of the long series' middle edition (${middle.label}): p50 / p95`, p50p95(older));
    // A phrase of the real text the series started from, so it is one a reader would look for.
    const phrase = commonPhrase((held[0] as SyntheticSeries['editions'][number]).bytes, long.lang);
    const trace = await traceSeries(store, long.name, phrase);
    const traced = await timedRuns(20, () => traceSeries(store, long.name, phrase));
    record(at, name, `trace "${phrase}" through the long series (${trace.total} hits): p50 / p95`, p50p95(traced));
  }
  // Other series, one call each (a reader's first look at a series): spread over the load.
  const others = load.slice(1).filter((series) => slice(series, 0, at).length > 1);
  const step = Math.max(1, Math.floor(others.length / SAMPLED_SERIES));
  const sampled = others.filter((_, i) => i % step === 0).slice(0, SAMPLED_SERIES);
  const blames = await timedRuns(sampled.length, (i) => blameEdition(store, (sampled[i] as SyntheticSeries).name));
  record(at, name, `blame latest of ${sampled.length} other series, one call each: p50 / p95`, p50p95(blames));
  const traces = await timedRuns(sampled.length, (i) => {
    const series = sampled[i] as SyntheticSeries;
    const edition = series.editions[0] as SyntheticSeries['editions'][number];
    return traceSeries(store, series.name, commonPhrase(edition.bytes, series.lang));
  });
  record(at, name, `trace of ${sampled.length} other series, one call each: p50 / p95`, p50p95(traces));
}

/** The queue at one checkpoint (workers stopped): listing jobs, and taking one, with every job so far in the table. */
async function queueFigures(at: number, url: string, longSeries: string): Promise<void> {
  const queue = await openJobQueue(url);
  const { connectionString, schema } = queueLocation(url);
  const sql = await client();
  const boss = new PgBoss({ connectionString, schema, supervise: false, schedule: false, max: 2 });
  boss.on('error', () => {});
  try {
    const counts = await jobCounts(sql, schema);
    const list = await timedRuns(10, () => queue.list({ limit: 50 }));
    record(at, 'PostgreSQL', `palimpsest jobs (newest 50 of ${counts.all} jobs): p50 / p95 of 10`, p50p95(list));
    const bySeries = await timedRuns(10, () => queue.list({ series: longSeries, limit: 50 }));
    record(at, 'PostgreSQL', 'palimpsest jobs --series (the long series): p50 / p95 of 10', p50p95(bySeries));
    const failed = await timedRuns(10, () => queue.list({ states: ['failed'], limit: 50 }));
    record(at, 'PostgreSQL', 'palimpsest jobs --failed: p50 / p95 of 10', p50p95(failed));
    // Taking a job: a probe sent to the import queue and fetched back at once (no worker is running), then deleted.
    await boss.start();
    const take: number[] = [];
    for (let i = 0; i < 20; i++) {
      const id = await boss.send('palimpsest-import', { series: 'probe', label: `probe-${i}`, staged: 'none' });
      const start = performance.now();
      const [job] = await boss.fetch('palimpsest-import');
      take.push(performance.now() - start);
      if (job?.id !== id) throw new Error('the probe job was not the one taken');
      await boss.deleteJob('palimpsest-import', id);
    }
    record(at, 'PostgreSQL', 'take a job from the import queue (pg-boss fetch): p50 / p95 of 20', p50p95(take));
    // What each finished import asks after it (releasing its staged bytes): do other unfinished imports need them?
    const release = await timedRuns(10, () =>
      sql.query(
        `select 1 from "${schema}".job j where j.name = 'palimpsest-import' and j.state < 'completed'
           and j.data->>'staged' = $1 limit 1`,
        ['0'.repeat(64)],
      ),
    );
    record(at, 'PostgreSQL', 'a finished import asking whether its staged bytes are needed: p50', ms(median(release)));
  } finally {
    await boss.stop({ graceful: false, wait: true }).catch(() => {});
    await queue.stop();
    await sql.end();
  }
}

/** The size of the store's schema and the queue's, and the largest tables with their indexes. */
async function sizes(at: number, url: string): Promise<void> {
  const storeSchema = new URL(url).searchParams.get('schema') as string;
  const { schema: queueSchema } = queueLocation(url);
  const sql = await client();
  try {
    const { rows: tables } = await sql.query<{ schema: string; name: string; total: string; rows: string }>(
      `select n.nspname as schema, c.relname as name, pg_total_relation_size(c.oid) as total,
         coalesce(s.n_live_tup, 0) as rows
         from pg_class c join pg_namespace n on n.oid = c.relnamespace left join pg_stat_all_tables s on s.relid = c.oid
        where n.nspname = any($1) and c.relkind in ('r', 'p') order by 3 desc`,
      [[storeSchema, queueSchema]],
    );
    const sum = (schema: string) =>
      tables.filter((t) => t.schema === schema).reduce((bytes, t) => bytes + Number(t.total), 0);
    const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
    record(at, 'PostgreSQL', 'database size: store / job queue', `${mb(sum(storeSchema))} / ${mb(sum(queueSchema))}`);
    const top = tables
      .slice(0, 6)
      .map((t) => `${t.name} ${mb(Number(t.total))} (${Math.max(0, Number(t.rows)).toFixed(0)} rows)`)
      .join(', ');
    record(at, 'PostgreSQL', 'largest tables with their indexes', top);
  } finally {
    await sql.end();
  }
}

/** The PostgreSQL run: a fresh schema, filled interval by interval, the reads and queue figures at each checkpoint. */
async function ingestAndRead(load: SyntheticSeries[]): Promise<void> {
  const { url, drop } = freshPostgresStore('palimpsest_scale');
  const store = await openStore(url);
  try {
    let from = 0;
    for (const at of checkpoints) {
      if (ingest === 'direct') await ingestDirect(url, load, from, at);
      else await ingestQueued(store, url, load, from, at);
      await reads(at, 'PostgreSQL', store, load);
      if (ingest === 'queue') await queueFigures(at, url, (load[0] as SyntheticSeries).name);
      await sizes(at, url);
      from = at;
    }
  } finally {
    await store.close();
    if (keep) console.error(`kept: ${url}`);
    else await drop();
  }
}

async function main(): Promise<void> {
  if (argv[0] === '--child') {
    await directChild(argv[1] as string, argv[2] as string, argv[3] as string);
    return;
  }
  if (!existsSync(join(corpora, 'manifest.json'))) {
    console.error(`bench:scale: no corpora at ${corpora} (set PALIMPSEST_CORPORA to ../shared/corpora)`);
    process.exit(1);
  }
  if (ingest === 'queue' && !skipPostgres && !readsOf && !existsSync(join(repoRoot, 'dist', 'cli', 'bin.js'))) {
    console.error('bench:scale: the built CLI is missing (the workers run it); run `npm run build` first');
    process.exit(1);
  }
  const reachable = await postgresReachable();
  if (!reachable.ok) {
    console.error(`bench:scale: PostgreSQL is not reachable at ${POSTGRES_SERVER} (${reachable.reason})`);
    process.exit(1);
  }
  const load = [...syntheticSeries({ corpora, editions: total, seed })];
  const bytes = load.reduce((sum, s) => sum + s.editions.reduce((n, e) => n + e.bytes.byteLength, 0), 0);
  console.error(
    `# ${total} editions in ${load.length} series (${(bytes / 1e6).toFixed(1)} MB; the long one ${load[0]?.editions.length}); ` +
      `checkpoints ${checkpoints.join(', ')}; ingest ${ingest} with ${workers}; ${cpus().length} cores`,
  );
  const started = performance.now();
  if (readsOf !== undefined) {
    const store = await openStore(readsOf, { readOnly: true });
    try {
      await reads(total, 'PostgreSQL', store, load);
      await sizes(total, readsOf);
    } finally {
      await store.close();
    }
  } else if (!skipPostgres) {
    await ingestAndRead(load);
  }
  if (withSqlite) {
    const folder = mkdtempSync(join(tmpdir(), 'palimpsest-scale-'));
    try {
      const sqlite = await openStore(join(folder, 'scale.db'));
      try {
        const start = performance.now();
        await addShare(sqlite, load, 0, sqliteUpTo);
        const seconds = (performance.now() - start) / 1000;
        const added = load.reduce((sum, series) => sum + slice(series, 0, sqliteUpTo).length, 0);
        record(
          sqliteUpTo,
          'SQLite',
          `ingest ${added} editions in process (add, one series after another)`,
          `${seconds.toFixed(0)} s, ${(added / seconds).toFixed(2)} editions/s`,
        );
        await reads(sqliteUpTo, 'SQLite', sqlite, load);
      } finally {
        await sqlite.close();
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }
  console.log(
    `\n${total} editions in ${load.length} series, ingest ${ingest} (${workers}), ${cpus().length} cores, ` +
      `${((performance.now() - started) / 60_000).toFixed(1)} min in all\n`,
  );
  console.log('| editions | store | measure | value | load (1, 5, 15 min) |\n|---:|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.at} | ${r.store} | ${r.measure} | ${r.value} | ${r.load} |`);
}

await main();
