/**
 * `npm run bench:series-add`: what a user waits for when adding the next edition to a long series (issue 12: "adding
 * edition 117 costs one comparison plus a constant, ≤ 0.3 s beyond the comparison"). The series is the 116 editions
 * of the WordPress.com terms in ../shared/corpora; edition 117 is the 116th with a sentence reworded, one extended and
 * one paragraph deleted. Each run copies the 116-edition store and times the whole `node bin/palimpsest.js add`
 * process (one job), beside the whole `palimpsest compare` of editions 116 and 117 (the one comparison the add needs),
 * interleaved; the figures are medians of 5 (PALIMPSEST_BENCH_RUNS).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { median } from './statistics.js';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'palimpsest.js');
const CORPORA = resolve(process.env.PALIMPSEST_CORPORA ?? join(ROOT, '..', 'shared', 'corpora'));
const SERIES = join(CORPORA, 'ota-contrib-versions', 'wordpress-com-terms-of-service');
const RUNS = Number(process.env.PALIMPSEST_BENCH_RUNS ?? 5);
/** Budget beyond the comparison (issue 12). */
const BUDGET_MS = 300;

/** Runs the bin once; answers wall ms, or throws with its standard error when it fails. */
function timed(args: readonly string[]): number {
  const start = performance.now();
  const child = spawnSync(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = performance.now() - start;
  if (child.status !== 0 && child.status !== 1) throw new Error(`palimpsest ${args[0]} failed: ${child.stderr}`);
  return ms;
}

if (!existsSync(SERIES)) {
  console.log(`# bench:series-add skipped: no ${SERIES} (set PALIMPSEST_CORPORA to the shared corpora)`);
} else {
  const folder = mkdtempSync(join(tmpdir(), 'palimpsest-series-add-'));
  try {
    const files = readdirSync(SERIES)
      .filter((name) => name.endsWith('.md'))
      .sort();
    const last = join(SERIES, files[files.length - 1] as string);
    const lines = readFileSync(last, 'utf8').split('\n');
    const long = lines.flatMap((line, i) => (line.length > 200 ? [i] : []));
    const [reworded, extended, deleted] = [long[3] ?? 0, long[10] ?? 1, long[20] ?? 2];
    lines[reworded] = (lines[reworded] as string).replace(' the ', ' the said ');
    lines[extended] = `${lines[extended]} We may update this section from time to time.`;
    lines.splice(deleted, 1);
    const next = join(folder, '117-2026-05-01_next.md');
    writeFileSync(next, lines.join('\n'));
    const base = join(folder, 'base.db');
    const setup = spawnSync(process.execPath, [BIN, 'add', 'wp', SERIES, '--store', base], { encoding: 'utf8' });
    if (setup.status !== 0) throw new Error(`setting up the series failed: ${setup.stderr}`);
    const add: number[] = [];
    const compare: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const store = join(folder, `run-${run}.db`);
      copyFileSync(base, store);
      add.push(timed(['add', 'wp', next, '--store', store, '--jobs', '1']));
      compare.push(timed(['compare', last, next]));
      rmSync(store, { force: true });
    }
    const beyond = median(add) - median(compare);
    console.log(
      `# Adding edition 117 to the 116-edition WordPress.com series (whole process, median of ${RUNS}; ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, load ${loadavg()[0]?.toFixed(2)})\n`,
    );
    console.log('| what runs | wall (s) |');
    console.log('|---|---:|');
    console.log(`| \`palimpsest add wp 117.md\` (116 → 117 editions) | ${(median(add) / 1000).toFixed(2)} |`);
    console.log(
      `| \`palimpsest compare 116.md 117.md\` (the one comparison) | ${(median(compare) / 1000).toFixed(2)} |`,
    );
    console.log(
      `| add beyond the comparison (target ≤ ${BUDGET_MS / 1000} s) | ${(beyond / 1000).toFixed(2)} ${beyond <= BUDGET_MS ? 'met' : 'MISSED'} |`,
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
