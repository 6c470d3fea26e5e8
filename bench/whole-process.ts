/**
 * Whole-process timing for `npm run bench:compare`: what a user waits for when running `palimpsest compare OLD NEW`
 * (the built CLI, bin/palimpsest.js → dist/, start-up included), in the terminal format to standard output and as
 * `--format json --output FILE`, beside `git diff --no-index --word-diff=porcelain` on the same pair in the same run.
 *
 * Wall time is measured around each child from this process (spawn to exit). Runs are interleaved (ours terminal,
 * ours JSON, git, then again) so that load from other processes on a shared machine falls on all three alike; the
 * figures are medians. Peak memory is the child's maximum resident set size as reported by GNU time (`%M`); without
 * /usr/bin/time, our children report their own `process.resourceUsage().maxRSS` at exit through a preloaded module
 * and git's peak is not measured.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { median } from './statistics.js';

/** One measured command: wall time (ms) and peak RSS (bytes, null when not measurable), medians over the runs. */
export interface ProcessFigures {
  ms: number;
  maxRss: number | null;
  runs: number;
}

/** Whole-process figures for one pair. */
export interface WholeProcessResult {
  terminal: ProcessFigures | null;
  json: ProcessFigures | null;
  git: ProcessFigures | null;
  /** Why a row is missing, when one is. */
  note?: string;
}

const GNU_TIME = '/usr/bin/time';

/** Whether /usr/bin/time is GNU time (accepts -f). */
function hasGnuTime(): boolean {
  if (!existsSync(GNU_TIME)) return false;
  const probe = spawnSync(GNU_TIME, ['-f', '%M', 'true'], { encoding: 'utf8' });
  return probe.status === 0 && /^\d+\s*$/m.test(probe.stderr);
}

/** A module preloaded into our children (when GNU time is missing) that writes maxRSS to the file it is told. */
const REPORT_RSS = `data:text/javascript,${encodeURIComponent(
  "import { writeFileSync } from 'node:fs'; const file = process.env.PALIMPSEST_BENCH_RSS_FILE; " +
    'if (file) process.on("exit", () => writeFileSync(file, String(process.resourceUsage().maxRSS * 1024)));',
)}`;

/** Runs `command args` once; returns wall ms and peak RSS (bytes), or null when it failed (exit codes in `ok`). */
function runOnce(
  command: string,
  args: readonly string[],
  ok: readonly number[],
  options: { gnuTime: boolean; node: boolean; cwd: string; scratch: string },
): { ms: number; maxRss: number | null } | null {
  const rssFile = join(options.scratch, 'rss');
  rmSync(rssFile, { force: true });
  let file = command;
  let argv = [...args];
  if (options.gnuTime) {
    file = GNU_TIME;
    argv = ['-f', '%M', command, ...args];
  } else if (options.node) argv = ['--import', REPORT_RSS, ...args];
  const start = performance.now();
  const child = spawnSync(file, argv, {
    cwd: options.cwd,
    // Standard output goes nowhere, as `> /dev/null` would: what is timed is producing it, not a reader.
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    env: { ...process.env, PALIMPSEST_BENCH_RSS_FILE: rssFile },
    maxBuffer: 1 << 24,
  });
  const ms = performance.now() - start;
  if (child.error || child.status === null || !ok.includes(child.status)) return null;
  let maxRss: number | null = null;
  if (options.gnuTime) {
    const lines = child.stderr.trim().split('\n');
    const kib = Number(lines[lines.length - 1]);
    if (Number.isFinite(kib)) maxRss = kib * 1024;
  } else if (options.node && existsSync(rssFile)) maxRss = Number(readFileSync(rssFile, 'utf8'));
  return { ms, maxRss };
}

/** Median figures of a list of runs, or null when any run failed. */
function summarize(runs: Array<{ ms: number; maxRss: number | null } | null>): ProcessFigures | null {
  if (runs.length === 0 || runs.some((run) => run === null)) return null;
  const done = runs as Array<{ ms: number; maxRss: number | null }>;
  const rss = done.map((run) => run.maxRss).filter((value): value is number => value !== null);
  return { ms: median(done.map((run) => run.ms)), maxRss: rss.length ? median(rss) : null, runs: done.length };
}

/**
 * Times `palimpsest compare` (terminal and JSON to a file) and git's word diff on one pair, `runs` times each,
 * interleaved. `repoRoot` holds bin/palimpsest.js and its built dist/.
 */
export function timeWholeProcess(repoRoot: string, oldPath: string, newPath: string, runs: number): WholeProcessResult {
  const bin = join(repoRoot, 'bin', 'palimpsest.js');
  if (!existsSync(join(repoRoot, 'dist', 'cli', 'bin.js'))) {
    return { terminal: null, json: null, git: null, note: 'dist/ is not built (npm run build)' };
  }
  const scratch = mkdtempSync(join(tmpdir(), 'palimpsest-bench-'));
  const gnuTime = hasGnuTime();
  const options = { gnuTime, cwd: repoRoot, scratch };
  const terminal: Array<ReturnType<typeof runOnce>> = [];
  const json: Array<ReturnType<typeof runOnce>> = [];
  const git: Array<ReturnType<typeof runOnce>> = [];
  try {
    for (let run = 0; run < runs; run++) {
      terminal.push(runOnce(process.execPath, [bin, 'compare', oldPath, newPath], [0], { ...options, node: true }));
      json.push(
        runOnce(
          process.execPath,
          [bin, 'compare', oldPath, newPath, '--format', 'json', '--output', join(scratch, 'report.json')],
          [0],
          { ...options, node: true },
        ),
      );
      // git diff exits 1 when the files differ.
      git.push(
        runOnce('git', ['diff', '--no-index', '--word-diff=porcelain', '--', oldPath, newPath], [0, 1], {
          ...options,
          node: false,
        }),
      );
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return { terminal: summarize(terminal), json: summarize(json), git: summarize(git) };
}

/** Times `palimpsest --version` (start-up alone), median of `runs`. */
export function timeStartup(repoRoot: string, runs: number): ProcessFigures | null {
  const scratch = mkdtempSync(join(tmpdir(), 'palimpsest-bench-'));
  const options = { gnuTime: hasGnuTime(), node: true, cwd: repoRoot, scratch };
  try {
    const bin = join(repoRoot, 'bin', 'palimpsest.js');
    return summarize(Array.from({ length: runs }, () => runOnce(process.execPath, [bin, '--version'], [0], options)));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
