/**
 * `npm run bench:engine-ab -- --against DIR`: this checkout's engine against another checkout's (an older commit's
 * worktree), cold, on the large pairs of ../shared/corpora/large-pairs (PALIMPSEST_CORPORA overrides; when the pairs
 * are absent it says so and exits 0). Not part of the tests.
 *
 * Why this shape: a first, cold compare is what a user's `palimpsest compare` pays (modules compiled, V8 feedback
 * gathered, code optimised and deoptimised within the one call), and a shared machine's load moves wall times by
 * tens of percent. So every measurement is a fresh child process (`node --import tsx`, loading the checkout's own
 * src/ through tsx, or its dist/ with --from dist) that runs the pipeline once; the two checkouts alternate run by
 * run (A B, then B A, …) so that load falls on both alike; and CPU time (user + system, process.cpuUsage, which
 * counts the collector's and compiler's helper threads too) is reported beside wall time, as medians.
 *
 * Each child runs one of:
 *  - stages: import (importEdition of both files' bytes, as the CLI reads them), parse (parseImported), align
 *    (structure transfer where the checkout has it, then alignDocuments), diff (diffPairs), report (summarize and the
 *    terminal report); the sum is "total". GC is the wall time of the collections observed (PerformanceObserver).
 *  - texts: one compareTexts call on the two files' raw text (the library's entry point; issues 10/11's guarantee).
 *  - cli (with --cli): the built command, `node DIR/bin/palimpsest.js compare OLD NEW > /dev/null`, timed by GNU
 *    time (wall, user + system); build both checkouts first.
 *
 * Options: --against DIR (required: the other checkout, with node_modules), --runs N (per checkout and pair,
 * default 9), --only TEXT (pairs whose id starts with TEXT), --modes LIST (comma-separated, default stages,texts),
 * --cli (adds the cli mode), --from src|dist (default src). Ratios are this checkout / the other, < 1 is faster.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median } from './statistics.js';

const scriptPath = fileURLToPath(import.meta.url);
const repoRoot = resolve(dirname(scriptPath), '..');

/** The large pairs: `<id>-old.md` and `<id>-new.md` in the corpus folder. */
const PAIRS = [
  { id: 'code-civil-fr-1979-vs-2026', label: 'Code civil' },
  { id: 'sgb5-de-2012-vs-2022', label: 'SGB V' },
] as const;

const STAGES = ['import', 'parse', 'align', 'diff', 'report', 'total', 'gc'] as const;
type Stage = (typeof STAGES)[number];
type Mode = 'stages' | 'texts' | 'cli';

/** One measurement: CPU (user + system) and wall milliseconds per stage. */
type Figures = Partial<Record<Stage, { cpu: number; wall: number }>>;

/** A checkout's engine, loaded from its own sources (or build), whatever its exports are called at that commit. */
interface Engine {
  importEdition(bytes: Uint8Array, options: { name: string }): Promise<unknown>;
  parseImported(edition: unknown): unknown;
  transferStructure?(older: unknown, newer: unknown): [unknown, unknown];
  alignDocuments(older: unknown, newer: unknown): { pairs: unknown[] };
  diffPairs(pairs: unknown[]): unknown[];
  summarize(alignment: object, options: object): unknown;
  renderReport(comparison: unknown, format: string): string;
  compareTexts(oldText: string, newText: string): unknown;
}

async function loadEngine(root: string, from: 'src' | 'dist'): Promise<Engine> {
  const load = (path: string) =>
    import(pathToFileURL(join(root, from, from === 'src' ? path : path.replace(/\.ts$/, '.js'))).href);
  const importers = await load('importers/index.ts');
  const align = await load('align/align.ts');
  const compare = await load('compare/compare.ts');
  const report = await load('report/index.ts');
  const transfer = existsSync(join(root, from, from === 'src' ? 'parse/transfer.ts' : 'parse/transfer.js'))
    ? await load('parse/transfer.ts')
    : null;
  return {
    importEdition: importers.importEdition,
    parseImported: importers.parseImported,
    ...(transfer ? { transferStructure: transfer.transferStructure } : {}),
    alignDocuments: align.alignDocuments,
    diffPairs: compare.diffPairs,
    summarize: compare.summarize ?? compare.summarise,
    renderReport: report.renderReport,
    compareTexts: compare.compareTexts,
  };
}

/** Child: load the engine, then run one mode once and print its figures as JSON. */
async function child(root: string, from: 'src' | 'dist', mode: Mode, oldPath: string, newPath: string) {
  const engine = await loadEngine(root, from);
  const oldBytes = readFileSync(oldPath);
  const newBytes = readFileSync(newPath);
  let gcMs = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcMs += entry.duration;
  });
  observer.observe({ entryTypes: ['gc'] });
  const figures: Figures = {};
  const firstCpu = process.cpuUsage();
  const firstWall = performance.now();
  let cpu = firstCpu;
  let wall = firstWall;
  const lap = (stage: Stage) => {
    const nowCpu = process.cpuUsage();
    const nowWall = performance.now();
    figures[stage] = { cpu: (nowCpu.user - cpu.user + nowCpu.system - cpu.system) / 1000, wall: nowWall - wall };
    cpu = nowCpu;
    wall = nowWall;
  };
  if (mode === 'texts') {
    engine.compareTexts(oldBytes.toString('utf8'), newBytes.toString('utf8'));
  } else {
    const oldEdition = await engine.importEdition(oldBytes, { name: oldPath });
    const newEdition = await engine.importEdition(newBytes, { name: newPath });
    lap('import');
    let older = engine.parseImported(oldEdition);
    let newer = engine.parseImported(newEdition);
    lap('parse');
    if (engine.transferStructure) [older, newer] = engine.transferStructure(older, newer);
    const alignment = engine.alignDocuments(older, newer);
    lap('align');
    const pairs = engine.diffPairs(alignment.pairs);
    lap('diff');
    const comparison = engine.summarize({ ...alignment, pairs }, { oldName: oldPath, newName: newPath });
    engine.renderReport(comparison, 'terminal');
    lap('report');
  }
  const endCpu = process.cpuUsage(firstCpu);
  figures.total = { cpu: (endCpu.user + endCpu.system) / 1000, wall: performance.now() - firstWall };
  // Collections finished during the run are reported asynchronously: let the observer see them.
  await new Promise((done) => setTimeout(done, 20));
  observer.disconnect();
  figures.gc = { cpu: Number.NaN, wall: gcMs };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

/** One child measurement of `mode` for the checkout at `root`; null (and a note) when it failed. */
function measure(root: string, from: 'src' | 'dist', mode: Mode, oldPath: string, newPath: string): Figures | null {
  if (mode === 'cli') {
    const run = spawnSync(
      '/usr/bin/time',
      ['-f', '%e %U %S', process.execPath, join(root, 'bin/palimpsest.js'), 'compare', oldPath, newPath],
      { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' },
    );
    const last = run.stderr.trim().split('\n').pop() ?? '';
    const [elapsed, user, system] = last.split(' ').map(Number);
    // compare exits 0 (or 1 with --exit-code, not used here).
    if (run.status !== 0 || elapsed === undefined || user === undefined || system === undefined) {
      process.stderr.write(`  (cli run in ${root} failed: ${last})\n`);
      return null;
    }
    return { total: { cpu: (user + system) * 1000, wall: elapsed * 1000 } };
  }
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', scriptPath, '--child', root, from, mode, oldPath, newPath],
    { cwd: root, encoding: 'utf8', maxBuffer: 1 << 24 },
  );
  if (run.status !== 0) {
    process.stderr.write(`  (child in ${root} failed: ${run.stderr.trim().split('\n').slice(-3).join(' | ')})\n`);
    return null;
  }
  return JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as Figures;
}

function parseArgs(argv: string[]) {
  const options = {
    against: '',
    runs: 9,
    only: [] as string[],
    modes: ['stages', 'texts'] as Mode[],
    from: 'src' as 'src' | 'dist',
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[i + 1] ?? '';
    if (arg === '--cli') options.modes.push('cli');
    else if (arg === '--against') options.against = resolve(value);
    else if (arg === '--runs') options.runs = Math.max(1, Number.parseInt(value, 10) || 1);
    else if (arg === '--only') options.only.push(value);
    else if (arg === '--modes') options.modes = value.split(',') as Mode[];
    else if (arg === '--from') options.from = value === 'dist' ? 'dist' : 'src';
    else continue;
    i++;
  }
  return options;
}

const fmt = (ms: number) => (Number.isNaN(ms) ? '–' : `${Math.round(ms)}`);
const ratio = (a: number, b: number) => (Number.isNaN(a) || Number.isNaN(b) || b === 0 ? '–' : (a / b).toFixed(2));

async function main() {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') {
    const [, root, from, mode, oldPath, newPath] = argv as [string, string, 'src' | 'dist', Mode, string, string];
    await child(root, from, mode, oldPath, newPath);
    return;
  }
  const options = parseArgs(argv);
  if (!options.against || !existsSync(join(options.against, 'src'))) {
    console.log('Usage: npm run bench:engine-ab -- --against DIR (a checkout of another commit, with node_modules)');
    process.exitCode = 2;
    return;
  }
  const corpora = resolve(repoRoot, process.env.PALIMPSEST_CORPORA ?? '../shared/corpora/large-pairs');
  const pairs = PAIRS.filter(
    (p) =>
      existsSync(join(corpora, `${p.id}-old.md`)) &&
      (options.only.length === 0 || options.only.some((o) => p.id.startsWith(o))),
  );
  if (pairs.length === 0) {
    console.log(`Benchmark skipped: the large pairs are not in ${corpora} (set PALIMPSEST_CORPORA).`);
    return;
  }
  const checkouts = [
    { name: 'this', root: repoRoot },
    { name: 'other', root: options.against },
  ];
  const loadBefore = loadavg();
  process.stderr.write(
    `engine A/B — Node ${process.version}, ${cpus()[0]?.model ?? '?'} ×${cpus().length}, load ${loadBefore.map((l) => l.toFixed(1)).join(' ')}\n` +
      `this = ${repoRoot}, other = ${options.against}; ${options.runs} runs each, modes ${options.modes.join(', ')}, from ${options.from}\n`,
  );
  // results[pair][mode][checkout] = figures of each run
  const results = new Map<string, Map<Mode, Figures[][]>>();
  for (const pair of pairs) results.set(pair.id, new Map(options.modes.map((m) => [m, [[], []]])));
  for (let run = 0; run < options.runs; run++) {
    const order = run % 2 === 0 ? [0, 1] : [1, 0];
    for (const pair of pairs) {
      const oldPath = join(corpora, `${pair.id}-old.md`);
      const newPath = join(corpora, `${pair.id}-new.md`);
      for (const mode of options.modes) {
        for (const index of order) {
          const checkout = checkouts[index] as (typeof checkouts)[number];
          const figures = measure(checkout.root, options.from, mode, oldPath, newPath);
          if (figures) results.get(pair.id)?.get(mode)?.[index]?.push(figures);
        }
      }
    }
    process.stderr.write(`  run ${run + 1}/${options.runs} done, load ${loadavg()[0]?.toFixed(1)}\n`);
  }
  const lines = [
    `Cold runs, a fresh process each, interleaved; medians of ${options.runs} per checkout; ms; ratio = this / other ` +
      `(< 1 faster). Load average ${loadBefore[0]?.toFixed(1)} at the start, ${loadavg()[0]?.toFixed(1)} at the end.`,
    '',
    '| pair | mode | stage | this CPU | other CPU | CPU ratio | this wall | other wall | wall ratio |',
    '|---|---|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const pair of pairs) {
    for (const mode of options.modes) {
      const [mine, theirs] = results.get(pair.id)?.get(mode) ?? [[], []];
      const stages = mode === 'stages' ? STAGES : (['total'] as const);
      for (const stage of stages) {
        const pick = (runs: Figures[] | undefined, key: 'cpu' | 'wall') =>
          median((runs ?? []).map((f) => f[stage]?.[key] ?? Number.NaN));
        const [a, b, c, d] = [pick(mine, 'cpu'), pick(theirs, 'cpu'), pick(mine, 'wall'), pick(theirs, 'wall')];
        lines.push(
          `| ${pair.label} | ${mode} | ${stage === 'gc' ? 'gc (wall)' : stage} | ${fmt(a)} | ${fmt(b)} | ${ratio(a, b)} | ${fmt(c)} | ${fmt(d)} | ${ratio(c, d)} |`,
        );
      }
    }
  }
  console.log(lines.join('\n'));
}

await main();
