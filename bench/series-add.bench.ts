/**
 * `npm run bench:series-add`: what a user waits for when adding the next edition to a long series (issue 12: "adding
 * edition 117 costs one comparison plus a constant, ≤ 0.3 s beyond the comparison"). The series is the 116 editions
 * of the WordPress.com terms in ../shared/corpora; edition 117 is the 116th with a sentence reworded, one extended and
 * one paragraph deleted. Each run copies the 116-edition store and times the whole `node bin/palimpsest.js add`
 * process (one job), beside the whole `palimpsest compare` of editions 116 and 117 (the one comparison the add needs),
 * interleaved; the figures are medians of 7 (PALIMPSEST_BENCH_RUNS), the time beyond the comparison the median of the
 * seven differences of an add and the compare run after it. Beside wall time, the CPU time of each process
 * (user + system, by /usr/bin/time when installed): on a machine other work loads, wall time stretches with the wait
 * for a core, while CPU time stays near what the process needs, so the CPU columns are the steadier comparison.
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
const RUNS = Number(process.env.PALIMPSEST_BENCH_RUNS ?? 7);
/** Budget beyond the comparison (issue 12). */
const BUDGET_MS = 300;

/** /usr/bin/time, which reports a child's CPU time, when installed. */
const HAVE_TIME = existsSync('/usr/bin/time');

/** One run of the bin: wall ms, and CPU ms (user + system) when /usr/bin/time measured it. */
interface Timed {
  wall: number;
  cpu?: number;
}

/** Runs the bin once; answers its times, or throws with its standard error when it fails. */
function timed(args: readonly string[], folder: string): Timed {
  const marker = join(folder, 'time.out');
  const command = HAVE_TIME
    ? ['/usr/bin/time', '-f', '%U %S', '-o', marker, process.execPath, BIN, ...args]
    : [process.execPath, BIN, ...args];
  const start = performance.now();
  const child = spawnSync(command[0] as string, command.slice(1), {
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  const wall = performance.now() - start;
  if (child.status !== 0 && child.status !== 1) throw new Error(`palimpsest ${args[0]} failed: ${child.stderr}`);
  if (!HAVE_TIME) return { wall };
  const [user, system] = (readFileSync(marker, 'utf8').trim().split('\n').pop() ?? '').split(' ').map(Number);
  return { wall, cpu: ((user ?? Number.NaN) + (system ?? Number.NaN)) * 1000 };
}

/** Median of the CPU times, when every run has one. */
function medianCpu(runs: readonly Timed[]): number | undefined {
  const cpu = runs.map((run) => run.cpu);
  return cpu.every((ms) => ms !== undefined && Number.isFinite(ms)) ? median(cpu as number[]) : undefined;
}

/** Seconds with two decimals, or a dash. */
function seconds(ms: number | undefined): string {
  return ms === undefined ? '–' : (ms / 1000).toFixed(2);
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
    // --allow-duplicate: the series goes back to earlier wordings, each an edition of its own.
    const setup = spawnSync(process.execPath, [BIN, 'add', 'wp', SERIES, '--store', base, '--allow-duplicate'], {
      encoding: 'utf8',
    });
    if (setup.status !== 0) throw new Error(`setting up the series failed: ${setup.stderr}`);
    const add: Timed[] = [];
    const compare: Timed[] = [];
    const loadBefore = loadavg()[0];
    for (let run = 0; run < RUNS; run++) {
      const store = join(folder, `run-${run}.db`);
      copyFileSync(base, store);
      add.push(timed(['add', 'wp', next, '--store', store, '--jobs', '1'], folder));
      compare.push(timed(['compare', last, next], folder));
      rmSync(store, { force: true });
    }
    const wall = (runs: readonly Timed[]) => median(runs.map((run) => run.wall));
    // Beyond the comparison: the median of each run's add less the compare run right after it. The pairs ran
    // seconds apart, so the machine's drift over the whole benchmark (this shared machine's speed moves by a third)
    // cancels within a pair, where a difference of the two medians takes it in whole.
    const paired = (of: (run: Timed) => number | undefined): number | undefined => {
      const differences = add.map((run, i) => {
        const [a, c] = [of(run), of(compare[i] as Timed)];
        return a === undefined || c === undefined ? Number.NaN : a - c;
      });
      return differences.every(Number.isFinite) ? median(differences) : undefined;
    };
    const beyond = paired((run) => run.wall) as number;
    const beyondCpu = paired((run) => run.cpu);
    const [addCpu, compareCpu] = [medianCpu(add), medianCpu(compare)];
    console.log(
      `# Adding edition 117 to the 116-edition WordPress.com series (whole process, median of ${RUNS}; ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, load ${loadBefore?.toFixed(2)} → ${loadavg()[0]?.toFixed(2)})\n`,
    );
    console.log('| what runs | wall (s) | CPU, user + system (s) |');
    console.log('|---|---:|---:|');
    console.log(`| \`palimpsest add wp 117.md\` (116 → 117 editions) | ${seconds(wall(add))} | ${seconds(addCpu)} |`);
    console.log(
      `| \`palimpsest compare 116.md 117.md\` (the one comparison) | ${seconds(wall(compare))} | ${seconds(compareCpu)} |`,
    );
    console.log(
      `| add beyond the comparison, median of the ${RUNS} paired differences (target ≤ ${BUDGET_MS / 1000} s) | ${seconds(beyond)} ${beyond <= BUDGET_MS ? 'met' : 'MISSED'} | ${seconds(beyondCpu)} |`,
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
