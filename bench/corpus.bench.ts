/**
 * Corpus benchmark (issue 4, item 9): import + align of the 116-edition WordPress.com terms series, blame of its
 * latest edition, trace of a phrase across all its editions, and search latency p50/p95 over every file in
 * ../shared/corpora loaded into one store — on SQLite and on PostgreSQL (PALIMPSEST_TEST_POSTGRES, else
 * postgres://postgres@127.0.0.1/test, in a fresh schema). Prints a Markdown table. Not part of the tests.
 * Run: `npm run bench:corpus` (PALIMPSEST_CORPORA overrides the corpora folder).
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import {
  addEditions,
  blameEdition,
  expandEditionSources,
  searchCorpus,
  traceSeries,
} from '../src/application/index.js';
import { type EditionStore, openStore } from '../src/store/index.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const corpora = resolve(process.env.PALIMPSEST_CORPORA ?? join(repoRoot, '..', 'shared', 'corpora'));
const wordpress = join(corpora, 'ota-contrib-versions', 'wordpress-com-terms-of-service');
const now = () => new Date();
const QUERIES = [
  'terms',
  'personal data',
  'privacy policy',
  'arbitration',
  'Bundestag',
  'article',
  'Gesetz',
  '法律',
  '第一条',
  'liability',
  'account',
  'responsabilité',
];

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

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

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
  await addEditions(store, { series: 'wordpress', editions, cwd: '/', lang: 'en' }, { now });
  rows.push({ store: name, measure: `import + align, ${editions.length} editions`, value: ms(performance.now() - t) });

  // Warm once (trees and comparisons come from the cache), then time.
  await blameEdition(store, 'wordpress');
  t = performance.now();
  const blame = await blameEdition(store, 'wordpress');
  rows.push({
    store: name,
    measure: `blame of the latest edition (${blame.sentences.length} sentences)`,
    value: ms(performance.now() - t),
  });
  t = performance.now();
  const trace = await traceSeries(store, 'wordpress', 'personal information');
  rows.push({
    store: name,
    measure: `trace "personal information" (${trace.total} hits)`,
    value: ms(performance.now() - t),
  });

  t = performance.now();
  let count = 0;
  for (const folder of seriesFolders(corpora)) {
    if (folder === wordpress || folder === corpora) continue;
    const series = relative(corpora, folder).replace(/[\\/]/g, '-');
    const sources = await expandEditionSources([folder], '/');
    await addEditions(store, { series, editions: sources, cwd: '/' }, { now });
    count += sources.length;
  }
  rows.push({
    store: name,
    measure: `import + align the rest of the corpora (${count} files)`,
    value: ms(performance.now() - t),
  });
  const times: number[] = [];
  for (let round = 0; round < 10; round++) {
    for (const query of QUERIES) {
      const start = performance.now();
      await searchCorpus(store, query);
      times.push(performance.now() - start);
    }
  }
  rows.push({ store: name, measure: `search p50 (${times.length} queries)`, value: ms(percentile(times, 50)) });
  rows.push({ store: name, measure: 'search p95', value: ms(percentile(times, 95)) });
}

async function main(): Promise<void> {
  if (!existsSync(wordpress)) {
    console.log(`The WordPress series is missing (${wordpress}): set PALIMPSEST_CORPORA to the shared corpora.`);
    return;
  }
  const rows: Row[] = new Rows();
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
