/**
 * `npm run bench`: the engine on the large pairs of ../shared/corpora/large-pairs, stage by stage, beside
 * `git diff --no-index --word-diff` and jsdiff's `diffWords` measured on the same pairs in the same run, and the whole
 * process as users run it (bench/whole-process.ts: `palimpsest compare`, terminal and JSON, beside git).
 * Not part of the tests. Options: --runs N (default 3), --whole-runs N (whole-process runs, default 5; 0 skips them),
 * --jsdiff-timeout SECONDS (default 60), --format FORMAT (report format timed in the report stage, default
 * terminal). PALIMPSEST_CORPORA overrides the corpus folder. The whole-process rows time dist/: build first.
 *
 * Time: each stage is timed with performance.now() in this process, median of N runs (each run starts again from
 * the text, so a run never sees another run's objects).
 *
 * Memory: peak resident set size (maxRSS) of a child process that runs the pipeline *up to* a stage and reports
 * `process.resourceUsage().maxRSS`. RSS is what the operating system has to provide, garbage included, so it is the
 * honest figure for "< 300 MB"; heap deltas would miss buffers, strings outside the heap and GC slack. Because maxRSS
 * never goes down, the figure for a stage is the peak of everything up to it; the `load` figure is the baseline
 * (Node, the engine's modules and both texts, before any work). Each figure comes from its own process, so garbage
 * collection timing can make a later stage's peak a few tens of MB lower than an earlier one's.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { AlignedPair, Comparison, Relation } from '../src/model/comparison.js';
import type { DocumentNode } from '../src/model/tree.js';
import type { ReportFormat } from '../src/report/options.js';
import { median } from './statistics.js';
import { type ProcessFigures, timeStartup, timeWholeProcess, type WholeProcessResult } from './whole-process.js';

const scriptPath = fileURLToPath(import.meta.url);
const repoRoot = resolve(dirname(scriptPath), '..');

/** The stages timed, in pipeline order. */
const STAGES = ['parse', 'align', 'diff', 'report'] as const;
type Stage = (typeof STAGES)[number];

/** A benchmark pair: `<id>-old.md` and `<id>-new.md` in the corpus folder. */
interface BenchPair {
  id: string;
  label: string;
}

/** The 1 MB pair (targets are set on it) and the 2 MB pair (scaling is checked against the first). */
const PAIRS: readonly BenchPair[] = [
  { id: 'code-civil-fr-1979-vs-2026', label: 'Code civil (fr) 1979 → 2026' },
  { id: 'sgb5-de-2012-vs-2022', label: 'SGB V (de) 2012 → 2022' },
];

/** Engine entry points, loaded lazily so a missing engine gives a clear message instead of a stack. */
interface Engine {
  parseText(text: string): DocumentNode;
  alignDocuments(oldDocument: DocumentNode, newDocument: DocumentNode): { pairs: readonly object[] } & object;
  /** Returns new pairs with word changes; the aligner's pairs are left as they were. */
  diffPairs(pairs: readonly object[]): AlignedPair[];
  toComparison(alignment: { pairs: AlignedPair[] } & object, oldName: string, newName: string): Comparison;
  renderReport(comparison: Comparison, format: ReportFormat): string;
  /** Imports one edition from its bytes as the CLI does (format detected: the pairs are Markdown). */
  importBytes(bytes: Uint8Array, name: string): Promise<unknown>;
}

async function loadEngine(): Promise<Engine> {
  const parse = await import('../src/parse/text.js');
  const align = await import('../src/align/align.js');
  const compare = await import('../src/compare/compare.js');
  const report = await import('../src/report/index.js');
  const importers = await import('../src/importers/index.js');
  return {
    importBytes: (bytes, name) => importers.importEdition(bytes, { name }),
    parseText: (text) => parse.parseText(text),
    alignDocuments: (a, b) => align.alignDocuments(a, b),
    diffPairs: (pairs) => compare.diffPairs(pairs as Parameters<typeof compare.diffPairs>[0]),
    toComparison: (alignment, oldName, newName) =>
      compare.summarize(alignment as Parameters<typeof compare.summarize>[0], { oldName, newName }),
    renderReport: (comparison, format) => report.renderReport(comparison, format),
  };
}

/** Run the pipeline up to and including `last`, recording each stage's wall time (ms) in `times`. */
function runPipeline(
  engine: Engine,
  oldText: string,
  newText: string,
  last: Stage,
  format: ReportFormat,
  times: Partial<Record<Stage, number>> = {},
): { comparison?: Comparison; report?: string } {
  let start = performance.now();
  const oldDocument = engine.parseText(oldText);
  const newDocument = engine.parseText(newText);
  times.parse = performance.now() - start;
  if (last === 'parse') return {};
  start = performance.now();
  const alignment = engine.alignDocuments(oldDocument, newDocument);
  times.align = performance.now() - start;
  if (last === 'align') return {};
  start = performance.now();
  const diffed = { ...alignment, pairs: engine.diffPairs(alignment.pairs) };
  times.diff = performance.now() - start;
  if (last === 'diff') return {};
  start = performance.now();
  const comparison = engine.toComparison(diffed, 'old', 'new');
  const report = engine.renderReport(comparison, format);
  times.report = performance.now() - start;
  return { comparison, report };
}

const mib = (bytes: number) => bytes / (1024 * 1024);
const fmtMs = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);
const fmtMB = (bytes: number) => `${mib(bytes).toFixed(0)} MB`;
const log = (line: string) => process.stderr.write(`${line}\n`);
const fmtRss = (bytes: number | null) => (bytes === null ? '?' : fmtMB(bytes));
/** "0.52 s, 140 MB" for a whole-process measurement, "n/a" when it was not taken. */
const figures = (measured: ProcessFigures | null) =>
  measured ? `${(measured.ms / 1000).toFixed(2)} s, ${fmtRss(measured.maxRss)}` : 'n/a';

/** Child mode: run up to `stage` (or only load, for the baseline) and print the peak RSS in bytes as JSON. */
async function childMain(stage: Stage | 'load', oldPath: string, newPath: string, format: ReportFormat) {
  const engine = await loadEngine();
  const oldText = readFileSync(oldPath, 'utf8');
  const newText = readFileSync(newPath, 'utf8');
  let size = 0;
  if (stage !== 'load') size = runPipeline(engine, oldText, newText, stage, format).report?.length ?? 0;
  // resourceUsage().maxRSS is in kilobytes (KiB) on Linux.
  process.stdout.write(`${JSON.stringify({ maxRSS: process.resourceUsage().maxRSS * 1024, size })}\n`);
}

/** Peak RSS (bytes) of a child running the pipeline up to `stage`, or null when the child failed. */
function childPeakRss(stage: Stage | 'load', oldPath: string, newPath: string, format: ReportFormat): number | null {
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', scriptPath, '--child', stage, oldPath, newPath, '--format', format],
    { cwd: repoRoot, encoding: 'utf8', maxBuffer: 1 << 24 },
  );
  if (child.status !== 0) {
    log(`  (memory child for ${stage} failed: ${child.stderr.trim().split('\n')[0] ?? child.status})`);
    return null;
  }
  return (JSON.parse(child.stdout) as { maxRSS: number }).maxRSS;
}

/** Wall time (ms) of `git diff --no-index --word-diff` on the pair, median of `runs`; null when git is missing. */
function timeGit(oldPath: string, newPath: string, runs: number): { ms: number; outputBytes: number } | null {
  const times: number[] = [];
  let outputBytes = 0;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const child = spawnSync('git', ['diff', '--no-index', '--word-diff', '--no-color', '--', oldPath, newPath], {
      maxBuffer: 1 << 30,
    });
    times.push(performance.now() - start);
    // git diff exits 1 when the files differ.
    if (child.error || (child.status !== 0 && child.status !== 1)) return null;
    outputBytes = child.stdout.length;
  }
  return { ms: median(times), outputBytes };
}

/** jsdiff's diffWords on the whole documents in a child, killed after `timeoutSeconds`. */
function timeJsdiff(
  oldPath: string,
  newPath: string,
  timeoutSeconds: number,
): { status: 'complete'; ms: number; maxRSS: number } | { status: 'timeout' } | { status: 'failed'; reason: string } {
  const code = [
    "const { diffWords } = await import('diff');",
    "const { readFileSync } = await import('node:fs');",
    "const a = readFileSync(process.argv[1], 'utf8');",
    "const b = readFileSync(process.argv[2], 'utf8');",
    'const start = performance.now();',
    'const changes = diffWords(a, b);',
    'const ms = performance.now() - start;',
    'console.log(JSON.stringify({ ms, changes: changes.length, maxRSS: process.resourceUsage().maxRSS * 1024 }));',
  ].join('\n');
  const child = spawnSync(
    process.execPath,
    ['--max-old-space-size=4096', '--input-type=module', '-e', code, oldPath, newPath],
    { cwd: repoRoot, encoding: 'utf8', timeout: timeoutSeconds * 1000, killSignal: 'SIGKILL', maxBuffer: 1 << 20 },
  );
  if (child.signal === 'SIGKILL' || (child.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT') {
    return { status: 'timeout' };
  }
  if (child.status !== 0) return { status: 'failed', reason: child.stderr.trim().split('\n').slice(-1)[0] ?? '' };
  const result = JSON.parse(child.stdout) as { ms: number; maxRSS: number };
  return { status: 'complete', ms: result.ms, maxRSS: result.maxRSS };
}

/** Fold whitespace so paragraphs compare by their words, not their line breaks. */
const fold = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Paragraphs (blank-line separated) of a text, folded, with how often each occurs. */
function paragraphCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const paragraph of text.split(/\n[ \t]*\n/)) {
    const folded = fold(paragraph);
    if (folded) counts.set(folded, (counts.get(folded) ?? 0) + 1);
  }
  return counts;
}

/** How the comparison shows the paragraphs that occur verbatim exactly once in each edition. */
interface VerbatimReport {
  paragraphs: number;
  unchanged: number;
  moved: number;
  deletedAndInserted: number;
  otherRelation: Partial<Record<Relation, number>>;
  /** Anchors the parser made into section headings, by the relation of their section pair. */
  headings: Partial<Record<Relation, number>>;
  /** Anchors that are neither one block nor one heading (e.g. parsed as part of a larger block). */
  notAUnit: number;
}

/**
 * Paragraphs that occur verbatim (after whitespace folding) exactly once in both editions are unambiguous anchors:
 * a good alignment shows every one of them as unchanged or moved, never as a deletion plus an insertion.
 * Paragraphs that the parser made into headings (e.g. "Article 12") are counted apart, by their section relation.
 */
function verbatimParagraphs(oldText: string, newText: string, comparison: Comparison): VerbatimReport {
  const oldCounts = paragraphCounts(oldText);
  const newCounts = paragraphCounts(newText);
  const anchors = new Set<string>();
  for (const [paragraph, count] of oldCounts) if (count === 1 && newCounts.get(paragraph) === 1) anchors.add(paragraph);
  const oldBlock = new Map<string, AlignedPair>();
  const oldHeading = new Map<string, AlignedPair>();
  const insertedNew = new Set<string>();
  for (const pair of comparison.pairs) {
    if (pair.level === 'sentence') continue;
    const units = pair.level === 'block' ? oldBlock : oldHeading;
    if (pair.old) {
      const folded = fold(pair.old.text);
      if (anchors.has(folded)) units.set(folded, pair);
    }
    if (pair.relation === 'inserted' && pair.new) insertedNew.add(fold(pair.new.text));
  }
  const result: VerbatimReport = {
    paragraphs: anchors.size,
    unchanged: 0,
    moved: 0,
    deletedAndInserted: 0,
    otherRelation: {},
    headings: {},
    notAUnit: 0,
  };
  for (const paragraph of anchors) {
    const pair = oldBlock.get(paragraph);
    const heading = oldHeading.get(paragraph);
    if (!pair && heading) {
      const relation =
        heading.relation === 'deleted' && insertedNew.has(paragraph) ? 'deleted + inserted' : heading.relation;
      result.headings[relation as Relation] = (result.headings[relation as Relation] ?? 0) + 1;
    } else if (!pair) result.notAUnit++;
    else if (pair.relation === 'unchanged') result.unchanged++;
    else if (pair.relation === 'moved') result.moved++;
    else if (pair.relation === 'deleted' && insertedNew.has(paragraph)) result.deletedAndInserted++;
    else result.otherRelation[pair.relation] = (result.otherRelation[pair.relation] ?? 0) + 1;
  }
  return result;
}

/** Everything measured on one pair. */
interface PairResult {
  pair: BenchPair;
  oldBytes: number;
  newBytes: number;
  stageMs: Record<Stage, number>;
  totalMs: number;
  rss: Record<Stage | 'load', number | null>;
  git: { ms: number; outputBytes: number } | null;
  jsdiff: ReturnType<typeof timeJsdiff>;
  verbatim?: VerbatimReport;
  /** Median ms to import both files (Markdown → text, hints and source map), apart from the pipeline above. */
  importMs: number;
  whole: WholeProcessResult;
}

function parseArgs(argv: string[]) {
  const options = { runs: 3, wholeRuns: 5, jsdiffTimeout: 60, format: 'terminal' as ReportFormat };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[i + 1];
    if (arg === '--runs' && value) options.runs = Math.max(1, Number.parseInt(value, 10));
    else if (arg === '--whole-runs' && value) options.wholeRuns = Math.max(0, Number.parseInt(value, 10));
    else if (arg === '--jsdiff-timeout' && value) options.jsdiffTimeout = Math.max(1, Number(value));
    else if (arg === '--format' && value) options.format = value as ReportFormat;
    else continue;
    i++;
  }
  return options;
}

async function main() {
  const argv = process.argv.slice(2);
  const options = parseArgs(argv);
  if (argv[0] === '--child') {
    await childMain(argv[1] as Stage | 'load', argv[2] as string, argv[3] as string, options.format);
    return;
  }

  const corpora = resolve(repoRoot, process.env.PALIMPSEST_CORPORA ?? '../shared/corpora/large-pairs');
  const available = PAIRS.filter((pair) => existsSync(join(corpora, `${pair.id}-old.md`)));
  if (available.length === 0) {
    console.log(
      `Benchmark skipped: the large pairs are not in ${corpora} (expected ${PAIRS.map((p) => `${p.id}-old.md`).join(', ')}).`,
    );
    console.log('Set PALIMPSEST_CORPORA to the folder holding them to run it.');
    return;
  }

  let engine: Engine;
  try {
    engine = await loadEngine();
  } catch (error) {
    console.log(`Benchmark cannot run: the engine did not load (${(error as Error).message.split('\n')[0]}).`);
    process.exitCode = 1;
    return;
  }

  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  log(`palimpsest bench — Node ${process.version}, ${cpu} ×${cpus().length}, ${fmtMB(totalmem())} RAM`);
  log(`runs: ${options.runs} (median), report format: ${options.format}, jsdiff timeout: ${options.jsdiffTimeout} s`);

  const results: PairResult[] = [];
  for (const pair of available) {
    const oldPath = join(corpora, `${pair.id}-old.md`);
    const newPath = join(corpora, `${pair.id}-new.md`);
    const oldText = readFileSync(oldPath, 'utf8');
    const newText = readFileSync(newPath, 'utf8');
    log(`\n${pair.label}`);

    const perStage: Record<Stage, number[]> = { parse: [], align: [], diff: [], report: [] };
    const totals: number[] = [];
    let comparison: Comparison | undefined;
    for (let run = 0; run < options.runs; run++) {
      const times: Partial<Record<Stage, number>> = {};
      const result = runPipeline(engine, oldText, newText, 'report', options.format, times);
      comparison = result.comparison;
      let total = 0;
      for (const stage of STAGES) {
        perStage[stage].push(times[stage] ?? 0);
        total += times[stage] ?? 0;
      }
      totals.push(total);
      log(`  run ${run + 1}: ${STAGES.map((s) => `${s} ${fmtMs(times[s] ?? 0)}`).join(', ')} → ${fmtMs(total)}`);
    }
    const stageMs = Object.fromEntries(STAGES.map((s) => [s, median(perStage[s])])) as Record<Stage, number>;

    const rss = {} as Record<Stage | 'load', number | null>;
    for (const stage of ['load', ...STAGES] as const)
      rss[stage] = childPeakRss(stage, oldPath, newPath, options.format);
    log(
      `  peak RSS: ${(['load', ...STAGES] as const).map((s) => `${s} ${rss[s] === null ? '?' : fmtMB(rss[s])}`).join(', ')}`,
    );

    const git = timeGit(oldPath, newPath, options.runs);
    log(`  git diff --word-diff: ${git ? fmtMs(git.ms) : 'git not available'}`);
    const jsdiff = timeJsdiff(oldPath, newPath, options.jsdiffTimeout);
    log(
      `  jsdiff diffWords: ${jsdiff.status === 'complete' ? fmtMs(jsdiff.ms) : jsdiff.status === 'timeout' ? `did not finish in ${options.jsdiffTimeout} s` : `failed (${jsdiff.reason})`}`,
    );

    const importTimes: number[] = [];
    const oldBytes = readFileSync(oldPath);
    const newBytes = readFileSync(newPath);
    for (let run = 0; run < options.runs; run++) {
      const start = performance.now();
      await engine.importBytes(oldBytes, oldPath);
      await engine.importBytes(newBytes, newPath);
      importTimes.push(performance.now() - start);
    }
    log(`  import (both files): ${fmtMs(median(importTimes))}`);
    const whole = timeWholeProcess(repoRoot, oldPath, newPath, options.wholeRuns);
    log(
      `  whole process: terminal ${figures(whole.terminal)}, json ${figures(whole.json)}, git word-diff ${figures(whole.git)}${whole.note ? ` (${whole.note})` : ''}`,
    );

    const result: PairResult = {
      importMs: median(importTimes),
      whole,
      pair,
      oldBytes: Buffer.byteLength(oldText),
      newBytes: Buffer.byteLength(newText),
      stageMs,
      totalMs: median(totals),
      rss,
      git,
      jsdiff,
    };
    if (pair.id.startsWith('code-civil') && comparison)
      result.verbatim = verbatimParagraphs(oldText, newText, comparison);
    results.push(result);
  }

  const startup = options.wholeRuns > 0 ? timeStartup(repoRoot, options.wholeRuns) : null;
  printReport(results, options, startup);
}

/** PASS or FAIL. */
const verdictOf = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

function printReport(results: PairResult[], options: ReturnType<typeof parseArgs>, startup: ProcessFigures | null) {
  const lines: string[] = [];
  lines.push(
    `Node ${process.version} on ${cpus()[0]?.model ?? 'unknown CPU'}; wall time median of ${options.runs} runs; ` +
      `peak memory = maxRSS of a child process running the stages up to that one; report format ${options.format}.`,
    '',
    '| pair | size (old → new) | parse | align | diff | report | **total** | peak RSS | git word-diff | ours / git | jsdiff diffWords |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const r of results) {
    const jsdiff =
      r.jsdiff.status === 'complete'
        ? fmtMs(r.jsdiff.ms)
        : r.jsdiff.status === 'timeout'
          ? `did not finish in ${options.jsdiffTimeout} s`
          : 'failed';
    lines.push(
      `| ${r.pair.label} | ${mib(r.oldBytes).toFixed(2)} → ${mib(r.newBytes).toFixed(2)} MiB | ${STAGES.map((s) => fmtMs(r.stageMs[s])).join(' | ')} | **${fmtMs(r.totalMs)}** | ${r.rss.report === null ? '?' : fmtMB(r.rss.report)} | ${r.git ? fmtMs(r.git.ms) : 'n/a'} | ${r.git ? `${(r.totalMs / r.git.ms).toFixed(1)}×` : 'n/a'} | ${jsdiff} |`,
    );
  }
  lines.push('', '| pair | peak RSS after: load | parse | align | diff | report |', '|---|---:|---:|---:|---:|---:|');
  for (const r of results) {
    const cell = (s: Stage | 'load') => (r.rss[s] === null ? '?' : fmtMB(r.rss[s]));
    lines.push(`| ${r.pair.label} | ${cell('load')} | ${STAGES.map(cell).join(' | ')} |`);
  }

  lines.push(
    '',
    `Whole process, as users run it: \`palimpsest compare OLD NEW\` (built CLI, start-up included; standard output ` +
      `discarded) and with \`--format json --output F\`, beside \`git diff --no-index --word-diff=porcelain\`, runs ` +
      `interleaved, median of ${options.wholeRuns}; peak RSS of each process. Import = both files read as the CLI ` +
      `reads them (Markdown → text, hints, source map), in this process, median of ${options.runs}.`,
    '',
    '| pair | import (in process) | compare, terminal | compare, JSON to file | git word-diff | terminal / git | JSON / git |',
    '|---|---:|---:|---:|---:|---:|---:|',
  );
  for (const r of results) {
    const ratio = (ours: ProcessFigures | null) =>
      ours && r.whole.git ? `${(ours.ms / r.whole.git.ms).toFixed(0)}×` : 'n/a';
    lines.push(
      `| ${r.pair.label} | ${fmtMs(r.importMs)} | ${figures(r.whole.terminal)} | ${figures(r.whole.json)} | ${figures(r.whole.git)} | ${ratio(r.whole.terminal)} | ${ratio(r.whole.json)} |`,
    );
  }
  if (startup) lines.push('', `\`palimpsest --version\` (start-up alone): ${figures(startup)}.`);

  const one = results.find((r) => r.pair.id.startsWith('code-civil'));
  const two = results.find((r) => r.pair.id.startsWith('sgb5'));
  lines.push('', '| target | measured | result |', '|---|---|---|');
  if (one) {
    for (const [mode, measured] of [
      ['terminal', one.whole.terminal],
      ['JSON to file', one.whole.json],
    ] as const) {
      lines.push(
        `| 1 MB pair, whole process (${mode}) ≤ 0.6 s and ≤ 150 MB | ${figures(measured)} | ${measured === null || measured.maxRss === null ? 'FAIL (not measured)' : verdictOf(measured.ms <= 600 && mib(measured.maxRss) <= 150)} |`,
      );
    }
    if (two?.whole.terminal && one.whole.terminal) {
      const ratio = two.whole.terminal.ms / one.whole.terminal.ms;
      lines.push(
        `| 2 MB pair, whole process ≤ 2.2× the 1 MB pair's | ${ratio.toFixed(2)}× | ${verdictOf(ratio <= 2.2)} |`,
      );
    }
  }
  const verdict = verdictOf;
  if (one) {
    lines.push(`| 1 MB pair end to end < 1 s | ${fmtMs(one.totalMs)} | ${verdict(one.totalMs < 1000)} |`);
    const peak = one.rss.report;
    lines.push(
      `| 1 MB pair peak memory < 300 MB | ${peak === null ? '?' : fmtMB(peak)} | ${peak === null ? 'FAIL (not measured)' : verdict(mib(peak) < 300)} |`,
    );
  }
  if (one && two) {
    const ratio = two.totalMs / one.totalMs;
    lines.push(`| 2 MB pair ≤ 2.5× the 1 MB pair's time | ${ratio.toFixed(2)}× | ${verdict(ratio <= 2.5)} |`);
  }

  if (one?.verbatim) {
    const v = one.verbatim;
    const breakdown = (counts: Partial<Record<string, number>>) =>
      Object.entries(counts)
        .map(([relation, count]) => `${relation} ${count}`)
        .join(', ');
    const sum = (counts: Partial<Record<string, number>>) =>
      Object.values(counts).reduce((a, b) => (a ?? 0) + (b ?? 0), 0);
    const other = breakdown(v.otherRelation);
    lines.push(
      '',
      `Code civil: ${v.paragraphs} paragraphs occur verbatim (whitespace folded) exactly once in both editions. ` +
        'The comparison shows them as (block level; those parsed as headings apart):',
      '',
      '| shown as | paragraphs |',
      '|---|---:|',
      `| unchanged | ${v.unchanged} |`,
      `| moved | ${v.moved} |`,
      `| deleted + inserted | ${v.deletedAndInserted} |`,
      `| another relation${other ? ` (${other})` : ''} | ${sum(v.otherRelation)} |`,
      `| not one unit (e.g. part of a larger block) | ${v.notAUnit} |`,
      `| a section heading (${breakdown(v.headings)}) | ${sum(v.headings)} |`,
    );
  }
  console.log(`\n${lines.join('\n')}`);
}

await main();
