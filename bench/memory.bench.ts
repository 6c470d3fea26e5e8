/**
 * `npm run bench:memory`: peak memory of `palimpsest add` as a user runs it (issue 9 item 3: "memory must stay
 * within a small multiple of the input — target ≤ 20× input + 200 MB — for every importer and for `add`").
 * Not part of the tests. Options: --runs N (default 3), --only NAME (cases whose name contains NAME), --inputs DIR
 * (write the inputs there and keep them, to profile one add by hand; default a temporary folder, removed).
 *
 * Every figure is the peak resident set of the whole `node bin/palimpsest.js add …` process (the installed bin,
 * built dist/, so `npm run build` first), read by `/usr/bin/time -f %M` when it is installed, else by a preloaded
 * module that prints `process.resourceUsage().maxRSS` at exit. Each run gets a fresh temporary SQLite store:
 *
 * - first add: `add S v1.ext --edition v1` into an empty store (import, parse, store the tree and search index);
 * - second add: `add S v2.ext --edition v2` into the store holding v1: also aligns the pair and builds the series
 *   caches (comparison, lineage, blame, history, trace) — the heavier of the two.
 *
 * Inputs are generated here (deterministic), except SGB V 2012 → 2022 and the Code civil 1979 → 2026, taken from
 * the large pairs corpus (../shared/corpora/large-pairs, or PALIMPSEST_CORPORA[/large-pairs]) and skipped, saying
 * so, when it is missing.
 * The target uses the size of the file being added, in decimal MB (10^6 bytes); RSS is in the same MB.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeBenchmarkPdf } from './benchmark-pdf.js';
import { median } from './statistics.js';

const scriptPath = fileURLToPath(import.meta.url);
const repoRoot = resolve(dirname(scriptPath), '..');
const BIN = join(repoRoot, 'bin/palimpsest.js');
const MB = 1_000_000;

/** The words generated prose is made of; every paragraph differs so that alignment has real work. */
const WORDS = (
  'the security environment of the state changes rapidly and every order must adapt to it while the ministry ' +
  'reviews its policy for regional cooperation with partners in trade defence energy and climate before the next ' +
  'session of parliament approves a budget'
).split(' ');

/** Paragraph `i` of about 60 words, sentences of varied length; `edit` rewords it (a second edition's change). */
function paragraph(i: number, edit = false): string {
  const words: string[] = [];
  for (let k = 0; k < 60; k++) {
    words.push(WORDS[(i * 7 + k * 3 + ((i >> 3) % 5) * k) % WORDS.length] as string);
    if (k % 17 === 16) words.push(`${i}-${k}.`);
  }
  if (edit) words.splice(10, 3, 'amended', 'by', `law ${i}`);
  const text = words.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)} ${i}.`;
}

/**
 * Paragraph indexes of the two editions of generated prose: the second drops every 23rd paragraph, rewords every
 * 11th, inserts one after every 37th and moves a run of 5 paragraphs out of every 400 further down.
 */
function editions(count: number): { older: string[]; newer: string[] } {
  const older: string[] = [];
  const newer: string[] = [];
  const moved: string[] = [];
  for (let i = 0; i < count; i++) {
    older.push(paragraph(i));
    if (i % 400 >= 100 && i % 400 < 105) moved.push(paragraph(i));
    else if (i % 23 !== 5) newer.push(paragraph(i, i % 11 === 3));
    if (i % 37 === 0) newer.push(paragraph(count + i));
    if (i % 400 === 300) newer.push(...moved.splice(0));
  }
  return { older, newer };
}

/** Prose with a numbered heading every 20 paragraphs, as plain text, Markdown or HTML. */
function document(paragraphs: readonly string[], form: 'txt' | 'md' | 'html'): string {
  const parts = paragraphs.map((p, i) => {
    const n = i / 20 + 1;
    const heading = i % 20 !== 0 ? '' : form === 'md' ? `## ${n}. Section ${n}\n\n` : `${n}. Section ${n}\n\n`;
    if (form === 'html') return `${i % 20 === 0 ? `<h2>Section ${n}</h2>\n` : ''}<p>${p}</p>`;
    return `${heading}${p}`;
  });
  if (form !== 'html') return `${parts.join('\n\n')}\n`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bench</title></head><body>
<nav><a href="/">Home</a></nav><main><article>${parts.join('\n')}</article></main><footer>Footer</footer></body></html>\n`;
}

/** Paragraphs until `bytes` characters of text. */
function paragraphCount(bytes: number): number {
  let size = 0;
  let i = 0;
  while (size < bytes) size += paragraph(i++).length + 2;
  return i;
}

/** A two-character line, varied; `edit` changes it. */
function shortLine(i: number, edit = false): string {
  return `${String.fromCharCode(97 + ((i * 7) % 26))}${edit ? 'x' : ''}${i % 10}`;
}

/** `count` short lines, one block each (blank lines between): the per-block cost of the engine. */
function shortLines(count: number): { older: string; newer: string } {
  const older: string[] = [];
  const newer: string[] = [];
  for (let i = 0; i < count; i++) {
    older.push(shortLine(i));
    if (i % 29 !== 4) newer.push(shortLine(i, i % 13 === 7));
    if (i % 31 === 0) newer.push(shortLine(count + i));
  }
  return { older: `${older.join('\n\n')}\n`, newer: `${newer.join('\n\n')}\n` };
}

/** The benchmark PDF of `pages` pages (see benchmark-pdf.ts). */
function pdf(paragraphs: readonly string[], pages: number): Promise<Buffer> {
  return makeBenchmarkPdf({
    paragraphs,
    pages,
    banner: 'Memory benchmark',
    heading: (n) => `${n}. Section ${n}`,
    cycle: false,
  });
}

/** A DOCX of the paragraphs (heading-styled section titles), made with the `docx` package. */
async function docx(paragraphs: readonly string[]): Promise<Buffer> {
  const lib = await import('docx');
  const children = paragraphs.flatMap((p, i) => [
    ...(i % 20 === 0
      ? [new lib.Paragraph({ text: `Section ${i / 20 + 1}`, heading: lib.HeadingLevel.HEADING_2 })]
      : []),
    new lib.Paragraph({ text: p }),
  ]);
  return await lib.Packer.toBuffer(new lib.Document({ sections: [{ children }] }));
}

/** One measured case: the file added first and, for a second add, the file added after it. */
interface Case {
  name: string;
  first: string;
  second?: string;
}

/** Writes the inputs into `folder`; answers the cases and notes on what was skipped. */
async function makeCases(folder: string, notes: string[]): Promise<Case[]> {
  const cases: Case[] = [];
  const write = (name: string, content: string | Buffer): string => {
    const path = join(folder, name);
    writeFileSync(path, content);
    return path;
  };
  const prose = editions(paragraphCount(2 * 1024 * 1024));
  cases.push({
    name: 'text 2 MiB',
    first: write('text-v1.txt', document(prose.older, 'txt')),
    second: write('text-v2.txt', document(prose.newer, 'txt')),
  });
  // Short lines: 30,000 is over the blocks such a text may make (E_LIMIT, up front); 16,000 is within them.
  for (const count of [30_000, 16_000]) {
    const lines = shortLines(count);
    cases.push({
      name: `${count / 1000}k short lines`,
      first: write(`lines-${count}-v1.txt`, lines.older),
      second: write(`lines-${count}-v2.txt`, lines.newer),
    });
  }
  cases.push({
    name: 'PDF 200 pages',
    first: write('pdf-v1.pdf', await pdf(prose.older, 200)),
    second: write('pdf-v2.pdf', await pdf(prose.newer, 200)),
  });
  // PALIMPSEST_CORPORA may name the corpora folder or its large-pairs folder, as the other benchmarks take either.
  const corpora = resolve(repoRoot, process.env.PALIMPSEST_CORPORA ?? '../shared/corpora');
  for (const [id, name] of [
    ['sgb5-de-2012-vs-2022', 'SGB V 2012 → 2022 (md)'],
    ['code-civil-fr-1979-vs-2026', 'Code civil 1979 → 2026 (md)'],
  ] as const) {
    const pair = [corpora, join(corpora, 'large-pairs')]
      .map((dir) => ['old', 'new'].map((edition) => join(dir, `${id}-${edition}.md`)))
      .find((files) => files.every((file) => existsSync(file)));
    if (pair) cases.push({ name, first: pair[0] as string, second: pair[1] as string });
    else notes.push(`${name}: no ${id}-*.md in ${corpora}[/large-pairs] (set PALIMPSEST_CORPORA); skipped`);
  }
  // Every importer once, first add only: Markdown and HTML of about 2 MB, DOCX of the same prose.
  cases.push({ name: 'Markdown 2 MB', first: write('prose.md', document(prose.older, 'md')) });
  cases.push({ name: 'HTML 2 MB', first: write('prose.html', document(prose.older, 'html')) });
  cases.push({ name: 'DOCX (2 MB of text)', first: write('prose.docx', await docx(prose.older)) });
  return cases;
}

/** What one `add` did: its peak RSS in MB, its wall time in seconds and its exit status. */
interface Measured {
  rssMb: number;
  seconds: number;
  status: number;
  stderr: string;
}

const HAVE_TIME = existsSync('/usr/bin/time');

/** Runs `palimpsest add` as a user would (the bin, its own process) and reads its peak RSS. */
function add(store: string, series: string, file: string, label: string, folder: string): Measured {
  const args = [BIN, 'add', series, file, '--edition', label, '--store', store];
  const started = process.hrtime.bigint();
  if (HAVE_TIME) {
    const marker = join(folder, 'time.out');
    const result = spawnSync('/usr/bin/time', ['-f', '%M', '-o', marker, process.execPath, ...args], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const kib = Number(readFileSync(marker, 'utf8').trim().split('\n').pop());
    return {
      rssMb: (kib * 1024) / MB,
      seconds: Number(process.hrtime.bigint() - started) / 1e9,
      status: result.status ?? -1,
      stderr: result.stderr,
    };
  }
  // Without /usr/bin/time: a preloaded module prints the whole process's maxRSS (KiB) when it exits.
  const hook = join(folder, 'max-rss.cjs');
  writeFileSync(
    hook,
    "process.on('exit', () => process.stderr.write('\\nmaxrss:' + process.resourceUsage().maxRSS + '\\n'));\n",
  );
  const result = spawnSync(process.execPath, ['--require', hook, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const kib = Number(/maxrss:(\d+)/.exec(result.stderr)?.[1] ?? Number.NaN);
  return {
    rssMb: (kib * 1024) / MB,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
    status: result.status ?? -1,
    stderr: result.stderr,
  };
}

/** One table row: the case, the add measured, the input size, RSS and time medians, target and verdict. */
function row(name: string, step: string, file: string, runs: readonly Measured[]): string {
  const bytes = statSync(file).size;
  const target = (20 * bytes) / MB + 200;
  const failed = runs.find((run) => run.status !== 0);
  const rss = median(runs.map((run) => run.rssMb));
  const seconds = median(runs.map((run) => run.seconds));
  const refused = runs.every((run) => run.stderr.includes('E_LIMIT'));
  const verdict = refused
    ? `refused up front (E_LIMIT)${rss <= target ? '' : `, MISSED by ${(rss - target).toFixed(0)} MB`}`
    : failed
      ? `failed (exit ${failed.status}: ${failed.stderr.trim().split('\n')[0]?.slice(0, 80)})`
      : rss <= target
        ? 'met'
        : `MISSED by ${(rss - target).toFixed(0)} MB`;
  const all = runs.map((run) => run.rssMb.toFixed(0)).join(', ');
  return `| ${name} | ${step} | ${(bytes / MB).toFixed(2)} | ${rss.toFixed(0)} (${all}) | ${target.toFixed(0)} | ${seconds.toFixed(1)} | ${verdict} |`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const runsAt = args.indexOf('--runs');
  const runs = runsAt >= 0 ? Math.max(1, Number(args[runsAt + 1]) || 1) : 3;
  const onlyAt = args.indexOf('--only');
  const only = onlyAt >= 0 ? (args[onlyAt + 1] ?? '').toLowerCase() : '';
  if (!existsSync(join(repoRoot, 'dist/cli/bin.js'))) {
    process.stderr.write('dist/ is missing: run `npm run build` first (the benchmark runs the installed bin)\n');
    process.exit(2);
  }
  const notes: string[] = [];
  const inputsAt = args.indexOf('--inputs');
  const kept = inputsAt >= 0 ? resolve(args[inputsAt + 1] ?? '.') : undefined;
  if (kept) mkdirSync(kept, { recursive: true });
  const folder = kept ?? mkdtempSync(join(tmpdir(), 'palimpsest-memory-bench-'));
  try {
    const cases = (await makeCases(folder, notes)).filter((c) => c.name.toLowerCase().includes(only));
    const rows: string[] = [];
    for (const c of cases) {
      const first: Measured[] = [];
      const second: Measured[] = [];
      for (let run = 0; run < runs; run++) {
        const store = join(folder, `store-${run}.db`);
        first.push(add(store, 'S', c.first, 'v1', folder));
        if (c.second) second.push(add(store, 'S', c.second, 'v2', folder));
        for (const suffix of ['', '-wal', '-shm']) rmSync(`${store}${suffix}`, { force: true });
      }
      rows.push(row(c.name, 'first add', c.first, first));
      if (c.second) rows.push(row(c.name, 'second add', c.second, second));
      process.stderr.write(`${c.name}: done\n`);
    }
    console.log(
      `# Memory of \`palimpsest add\` (peak RSS of the whole process, median of ${runs}; ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}; RSS by ${HAVE_TIME ? '/usr/bin/time' : 'process.resourceUsage()'})\n`,
    );
    console.log('| input | add | size (MB) | peak RSS (MB; runs) | target 20×+200 (MB) | time (s) | verdict |');
    console.log('|---|---|---:|---:|---:|---:|---|');
    for (const line of rows) console.log(line);
    if (notes.length > 0) console.log('');
    for (const note of notes) console.log(`- ${note}`);
    if (rows.some((line) => line.includes('| failed'))) process.exitCode = 1;
  } finally {
    if (!kept) rmSync(folder, { recursive: true, force: true });
  }
}

await main();
