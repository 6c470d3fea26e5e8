/**
 * Corpus benchmark (issue 4, item 9): import + align of the 116-edition WordPress.com terms series, blame of its
 * latest edition, trace of a phrase across all its editions, and search latency p50/p95 over every file in
 * ../shared/corpora loaded into one store — on SQLite and on PostgreSQL (PALIMPSEST_TEST_POSTGRES, else
 * postgres://postgres@127.0.0.1/test, in a fresh schema). Prints a Markdown table. Not part of the tests.
 * Peers in the same run: git blame over the editions as commits, grep -c for the trace, grep -r for search.
 * Run: `npm run bench:corpus` (PALIMPSEST_CORPORA overrides the corpora folder).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { addEditions, blameEdition, searchCorpus, seriesHistory, traceSeries } from '../src/application/index.js';
import { expandEditionSources } from '../src/cli/edition-sources.js';
import { type EditionStore, openStore } from '../src/store/index.js';
import { SEARCH_QUERIES } from './search-queries.js';
import { percentile } from './statistics.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const corpora = resolve(process.env.PALIMPSEST_CORPORA ?? join(repoRoot, '..', 'shared', 'corpora'));
const wordpress = join(corpora, 'ota-contrib-versions', 'wordpress-com-terms-of-service');
const now = () => new Date();

/** One row of the results table. */
interface Row {
  store: string;
  measure: string;
  value: string;
}

/** Rows so far, also echoed to stderr as they come (a long run shows progress). */
class Rows extends Array<Row> {
  override push(...rows: Row[]): number {
    for (const row of rows) console.error(`${row.store}: ${row.measure}: ${row.value}`);
    return super.push(...rows);
  }
}

const ms = (t: number) => `${t.toFixed(1)} ms`;

/** Every folder under the corpora holding edition files (one series each). */
function seriesFolders(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    const entries = readdirSync(dir);
    if (entries.some((e) => /\.(md|txt|html?)$/i.test(e) && statSync(join(dir, e)).isFile())) found.push(dir);
    for (const e of entries) if (statSync(join(dir, e)).isDirectory()) walk(join(dir, e));
  };
  walk(root);
  return found;
}

async function bench(name: string, store: EditionStore, rows: Row[]): Promise<void> {
  const editions = await expandEditionSources([wordpress], '/');
  let t = performance.now();
  // Terms of service go back to earlier wordings (WordPress.com's 2022-01-18 are its 2021-12-20): each is an edition.
  await addEditions(store, { series: 'wordpress', editions, cwd: '/', lang: 'en', allowDuplicate: true }, { now });
  rows.push({ store: name, measure: `import + align, ${editions.length} editions`, value: ms(performance.now() - t) });

  // The first call after add (add warms the series caches), then the median of 5.
  const blameTimes = await timed(() => blameEdition(store, 'wordpress'));
  const blame = await blameEdition(store, 'wordpress');
  rows.push({
    store: name,
    measure: `blame of the latest edition (${blame.sentences.length} sentences): first call / median of 5`,
    value: `${ms(blameTimes.first)} / ${ms(blameTimes.median)}`,
  });
  const middle = editions[Math.floor(editions.length / 2)]?.label ?? '';
  const middleTimes = await timed(() => blameEdition(store, 'wordpress', { edition: middle }));
  rows.push({
    store: name,
    measure: `blame of edition ${middle}: first call / median of 5`,
    value: `${ms(middleTimes.first)} / ${ms(middleTimes.median)}`,
  });
  const traceTimes = await timed(() => traceSeries(store, 'wordpress', 'personal information'));
  const trace = await traceSeries(store, 'wordpress', 'personal information');
  rows.push({
    store: name,
    measure: `trace "personal information" (${trace.total} hits): first call / median of 5`,
    value: `${ms(traceTimes.first)} / ${ms(traceTimes.median)}`,
  });
  const historyTimes = await timed(() => seriesHistory(store, 'wordpress'));
  rows.push({
    store: name,
    measure: 'history: first call / median of 5',
    value: `${ms(historyTimes.first)} / ${ms(historyTimes.median)}`,
  });

  t = performance.now();
  let count = 0;
  for (const folder of seriesFolders(corpora)) {
    if (folder === wordpress || folder === corpora) continue;
    const series = relative(corpora, folder).replace(/[\\/]/g, '-');
    const sources = await expandEditionSources([folder], '/');
    await addEditions(store, { series, editions: sources, cwd: '/', allowDuplicate: true }, { now });
    count += sources.length;
  }
  rows.push({
    store: name,
    measure: `import + align the rest of the corpora (${count} files)`,
    value: ms(performance.now() - t),
  });
  const times: number[] = [];
  for (let round = 0; round < 10; round++) {
    for (const query of SEARCH_QUERIES) {
      const start = performance.now();
      await searchCorpus(store, query);
      times.push(performance.now() - start);
    }
  }
  rows.push({ store: name, measure: `search p50 (${times.length} queries)`, value: ms(percentile(times, 50)) });
  rows.push({ store: name, measure: 'search p95', value: ms(percentile(times, 95)) });
}

/** The first call's time and the median of the next five. */
async function timed(call: () => Promise<unknown>): Promise<{ first: number; median: number }> {
  let start = performance.now();
  await call();
  const first = performance.now() - start;
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    start = performance.now();
    await call();
    times.push(performance.now() - start);
  }
  return { first, median: percentile(times, 50) };
}

/** Median wall time of a shell command over `runs` runs (the peers: git blame, grep). */
function commandMedian(command: string, args: string[], cwd: string, runs = 5): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    execFileSync(command, args, { cwd, stdio: ['ignore', 'ignore', 'ignore'], maxBuffer: 1 << 30 });
    times.push(performance.now() - start);
  }
  return percentile(times, 50);
}

/**
 * Peers measured in the same run, so each figure has a ratio this noisy machine cannot distort: git blame of the
 * latest WordPress edition in a repository holding the 116 editions as 116 commits (line-level, no moves across
 * files, no word ages), grep -c of the traced phrase over the 116 files (counts only, no structure), and grep -r of
 * each search query over the whole corpora (no ranking, no index).
 */
function peers(rows: Row[]): void {
  const repo = mkdtempSync(join(tmpdir(), 'palimpsest-corpus-git-'));
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] });
    git('init', '-q');
    const files = readdirSync(wordpress)
      .filter((f) => /\.md$/.test(f))
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    for (const file of files) {
      copyFileSync(join(wordpress, file), join(repo, 'terms.md'));
      git('add', 'terms.md');
      git('-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', 'commit', '-q', '-m', file);
    }
    rows.push({
      store: 'peer',
      measure: `git blame of the latest edition (${files.length} commits)`,
      value: ms(commandMedian('git', ['blame', '--line-porcelain', 'terms.md'], repo)),
    });
    rows.push({
      store: 'peer',
      measure: `git blame -M -C of the latest edition (moves and copies)`,
      value: ms(commandMedian('git', ['blame', '-M', '-C', '--line-porcelain', 'terms.md'], repo, 3)),
    });
    rows.push({
      store: 'peer',
      measure: `grep -c -i -F "personal information" over the ${files.length} editions`,
      value: ms(commandMedian('sh', ['-c', 'grep -c -i -F "personal information" *.md || true'], wordpress)),
    });
    const times: number[] = [];
    for (const query of SEARCH_QUERIES) {
      times.push(commandMedian('sh', ['-c', `grep -r -l -i -F -- '${query}' . || true`], corpora, 1));
    }
    rows.push({
      store: 'peer',
      measure: `grep -r -l -i over the whole corpora, p50 / p95 of ${SEARCH_QUERIES.length} queries`,
      value: `${ms(percentile(times, 50))} / ${ms(percentile(times, 95))}`,
    });
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (!existsSync(wordpress)) {
    console.log(`The WordPress series is missing (${wordpress}): set PALIMPSEST_CORPORA to the shared corpora.`);
    return;
  }
  const rows: Row[] = new Rows();
  peers(rows);
  const folder = mkdtempSync(join(tmpdir(), 'palimpsest-corpus-bench-'));
  try {
    const sqlite = await openStore(join(folder, 'bench.db'));
    try {
      await bench('SQLite', sqlite, rows);
    } finally {
      await sqlite.close();
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  const base = process.env.PALIMPSEST_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1/test';
  const schema = `bench_${process.pid}`;
  try {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    await client.query(`create schema ${schema}`);
    await client.end();
    const url = new URL(base);
    url.searchParams.set('schema', schema);
    const postgres = await openStore(url.toString());
    try {
      await bench('PostgreSQL', postgres, rows);
    } finally {
      await postgres.close();
      const cleanup = new pg.Client({ connectionString: base });
      await cleanup.connect();
      await cleanup.query(`drop schema ${schema} cascade`);
      await cleanup.end();
    }
  } catch (error) {
    rows.push({
      store: 'PostgreSQL',
      measure: 'not run',
      value: error instanceof Error ? error.message : String(error),
    });
  }
  console.log('| store | measure | time |\n|---|---|---|');
  for (const row of rows) console.log(`| ${row.store} | ${row.measure} | ${row.value} |`);
}

await main();
