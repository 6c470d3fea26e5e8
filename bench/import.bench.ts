/**
 * Import benchmark: throughput and peak memory of the PDF, HTML and DOCX importers on large generated inputs (a
 * 300-page PDF, a 2 MB HTML page, a 1 MB DOCX), beside Debian's `pdftotext` on the same PDF in the same run.
 * Run: `node --import tsx bench/import.bench.ts [--runs N]`; `--write-pdf A.pdf [B.pdf]` only writes the 300-page PDF
 * (and B, the same text from its second paragraph on) for a whole-process measure. Not part of the tests.
 *
 * Text comes from ../shared/corpora/large-pairs (the Code civil) when present (PALIMPSEST_CORPORA overrides the
 * folder), else it is generated. Each import runs in its own child process, which loads the importer, imports the
 * file N times (median time reported) and reports `process.resourceUsage().maxRSS`: the peak resident set of the
 * whole process, the honest memory figure (see bench/compare.bench.ts). The importer's module load is not timed. The
 * children run the built importers (dist/) with plain node when they are built, as the installed command does.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { makeBenchmarkPdf } from './benchmark-pdf.js';

const scriptPath = fileURLToPath(import.meta.url);
const repoRoot = resolve(dirname(scriptPath), '..');

type BenchFormat = 'pdf' | 'html' | 'docx';

/** Where each importer lives and what it exports. */
const IMPORTERS: Record<BenchFormat, { module: string; name: string }> = {
  pdf: { module: '../src/importers/pdf.js', name: 'importPdf' },
  html: { module: '../src/importers/html.js', name: 'importHtml' },
  docx: { module: '../src/importers/docx.js', name: 'importDocx' },
};

/** What a child reports. */
interface ChildReport {
  ms: number;
  maxRssMb: number;
  characters: number;
  error?: string;
}

/** Child mode: import one file `runs` times and print a ChildReport as JSON. */
async function child(format: BenchFormat, file: string, runs: number): Promise<void> {
  const { DEFAULT_LIMITS } = await import('../src/importers/types.js');
  const spec = IMPORTERS[format];
  const report: ChildReport = { ms: 0, maxRssMb: 0, characters: 0 };
  try {
    const module = (await import(spec.module)) as Record<string, unknown>;
    const importer = module[spec.name] as
      | ((bytes: Uint8Array, options: object) => Promise<{ text: string }>)
      | undefined;
    if (typeof importer !== 'function') throw new Error(`${spec.module} does not export ${spec.name}`);
    const bytes = new Uint8Array(readFileSync(file));
    const times: number[] = [];
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      const edition = await importer(bytes, { name: file, limits: { ...DEFAULT_LIMITS, timeoutMs: 600_000 } });
      times.push(performance.now() - started);
      report.characters = edition.text.length;
    }
    times.sort((a, b) => a - b);
    report.ms = times[Math.floor(times.length / 2)] ?? 0;
  } catch (error) {
    report.error = (error instanceof Error ? error.message : String(error)).split('\n')[0];
  }
  report.maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify(report));
}

/** Source text for the inputs: the Code civil from the corpus, or generated sentences. */
function sourceText(notes: string[]): string[] {
  const folder = process.env.PALIMPSEST_CORPORA ?? join(repoRoot, '../shared/corpora');
  const file = join(folder, 'large-pairs/code-civil-fr-1979-vs-2026-new.md');
  if (existsSync(file)) {
    notes.push(`text: ${file}`);
    return readFileSync(file, 'utf8')
      .split(/\n\s*\n/)
      .map((p) =>
        p
          .replace(/^#+\s*/, '')
          .replace(/\s+/g, ' ')
          .trim(),
      )
      .filter((p) => p !== '');
  }
  notes.push('text: ../shared/corpora missing, generated sentences used');
  const words = 'the security environment of the state changes rapidly and every order must adapt to it'.split(' ');
  const paragraphs: string[] = [];
  for (let i = 0; i < 20_000; i++) {
    const sentence = Array.from({ length: 60 }, (_, k) => words[(i * 7 + k * 3) % words.length]).join(' ');
    paragraphs.push(`${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`);
  }
  return paragraphs;
}

/** Paragraphs cycled until `count` characters are reached. */
function take(paragraphs: readonly string[], count: number): string[] {
  const out: string[] = [];
  let size = 0;
  for (let i = 0; size < count; i++) {
    const paragraph = paragraphs[i % paragraphs.length] as string;
    out.push(paragraph);
    size += paragraph.length;
  }
  return out;
}

/** The benchmark PDF of `pages` pages (see benchmark-pdf.ts). */
function makePdf(paragraphs: readonly string[], pages: number): Promise<Buffer> {
  return makeBenchmarkPdf({
    paragraphs,
    pages,
    banner: 'Import benchmark',
    heading: (n) => `Section ${n}`,
    cycle: true,
  });
}

/** A 2 MB HTML page: navigation, header, footer and a main article of headings and paragraphs. */
function makeHtml(paragraphs: readonly string[]): string {
  const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const body = take(paragraphs, 2 * 1024 * 1024)
    .map((p, i) => `${i % 20 === 0 ? `<h2>Section ${i / 20 + 1}</h2>\n` : ''}<p>${escapeHtml(p)}</p>`)
    .join('\n');
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Benchmark</title></head><body>
<nav><a href="/">Home</a> <a href="/a">About</a></nav><header><h1>Import benchmark</h1></header>
<main><article>${body}</article></main><footer>Footer text</footer></body></html>`;
}

/**
 * A DOCX file of about 1 MB made with the `docx` package: heading-styled section titles and body paragraphs.
 * Word compresses text about threefold, so the text is scaled until the file itself reaches 1 MB.
 */
async function makeDocx(paragraphs: readonly string[]): Promise<Buffer | undefined> {
  try {
    const docx = await import('docx');
    const build = async (characters: number): Promise<Buffer> => {
      const children = take(paragraphs, characters).flatMap((p, i) => [
        ...(i % 20 === 0
          ? [new docx.Paragraph({ text: `Section ${i / 20 + 1}`, heading: docx.HeadingLevel.HEADING_2 })]
          : []),
        new docx.Paragraph({ text: p }),
      ]);
      return await docx.Packer.toBuffer(new docx.Document({ sections: [{ children }] }));
    };
    const target = 1024 * 1024;
    const probe = await build(target);
    return probe.length >= target ? probe : await build(Math.ceil((target * target * 1.05) / probe.length));
  } catch {
    return undefined;
  }
}

/**
 * The child's work as plain JavaScript over the built importers (dist/), for a child started with plain `node`: what
 * the installed command runs. Under tsx, Node 20 runs the loader hooks on a thread of their own, which transforms
 * pdf.js's 1 MB module and its 2 MB worker module there and keeps the results: the PDF import of this benchmark
 * peaked at 520 MB that way and at 157 MB built (issue 12's "today 551 MB" was the tsx figure).
 */
function builtChildSource(format: BenchFormat, file: string, runs: number): string {
  const spec = IMPORTERS[format];
  const module = pathToFileURL(join(repoRoot, 'dist', spec.module.replace(/^\.\.\/src\//, ''))).href;
  const types = pathToFileURL(join(repoRoot, 'dist', 'importers', 'types.js')).href;
  return `
    import { readFileSync } from 'node:fs';
    const report = { ms: 0, maxRssMb: 0, characters: 0 };
    try {
      const { DEFAULT_LIMITS } = await import(${JSON.stringify(types)});
      const importer = (await import(${JSON.stringify(module)}))[${JSON.stringify(spec.name)}];
      const bytes = new Uint8Array(readFileSync(${JSON.stringify(file)}));
      const times = [];
      for (let run = 0; run < ${runs}; run++) {
        const started = performance.now();
        const edition = await importer(bytes, { name: ${JSON.stringify(file)}, limits: { ...DEFAULT_LIMITS, timeoutMs: 600000 } });
        times.push(performance.now() - started);
        report.characters = edition.text.length;
      }
      times.sort((a, b) => a - b);
      report.ms = times[Math.floor(times.length / 2)] ?? 0;
    } catch (error) {
      report.error = String(error instanceof Error ? error.message : error).split('\\n')[0];
    }
    report.maxRssMb = process.resourceUsage().maxRSS / 1024;
    process.stdout.write(JSON.stringify(report));`;
}

/** Whether the built importers are there (npm run build): the children then run them with plain node. */
function built(): boolean {
  return existsSync(join(repoRoot, 'dist', 'importers', 'pdf.js'));
}

/** Run one import in a child process: plain node over dist/ when built, else tsx over the sources. */
function runChild(format: BenchFormat, file: string, runs: number): ChildReport {
  if (built() && process.env.BENCH_IMPORT_SOURCES === undefined) {
    const plain = spawnSync(process.execPath, ['--input-type=module', '-e', builtChildSource(format, file, runs)], {
      cwd: repoRoot,
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
    });
    try {
      return JSON.parse(plain.stdout) as ChildReport;
    } catch {
      return { ms: 0, maxRssMb: 0, characters: 0, error: (plain.stderr || 'child failed').split('\n')[0] };
    }
  }
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', scriptPath, '--child', format, file, '--runs', String(runs)],
    { cwd: repoRoot, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
  );
  try {
    return JSON.parse(result.stdout) as ChildReport;
  } catch {
    return { ms: 0, maxRssMb: 0, characters: 0, error: (result.stderr || 'child failed').split('\n')[0] };
  }
}

/** Time `pdftotext` on the same file (median of `runs`), or undefined when it is not installed. */
function runPdftotext(file: string, runs: number): { ms: number; characters: number } | undefined {
  const probe = spawnSync('pdftotext', ['-v'], { encoding: 'utf8' });
  if (probe.error) return undefined;
  const times: number[] = [];
  let characters = 0;
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    const result = spawnSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 1 << 28 });
    times.push(performance.now() - started);
    characters = result.stdout.length;
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)] ?? 0, characters };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const runsAt = args.indexOf('--runs');
  const runs = runsAt >= 0 ? Math.max(1, Number(args[runsAt + 1]) || 1) : 3;
  if (args[0] === '--child') {
    await child(args[1] as BenchFormat, args[2] as string, runs);
    return;
  }
  const notes: string[] = [];
  const paragraphs = sourceText(notes);
  if (args[0] === '--write-pdf') {
    // The benchmark's PDF (and a second one from the text shifted by one paragraph, an "edition" to compare it
    // with), for measuring a whole `palimpsest compare a.pdf b.pdf` by hand.
    writeFileSync(args[1] as string, await makePdf(paragraphs, 300));
    if (args[2] !== undefined) writeFileSync(args[2], await makePdf(paragraphs.slice(1), 300));
    return;
  }
  const folder = mkdtempSync(join(tmpdir(), 'palimpsest-import-bench-'));
  try {
    const inputs: { format: BenchFormat; label: string; file: string }[] = [];
    const pdfFile = join(folder, 'large.pdf');
    writeFileSync(pdfFile, await makePdf(paragraphs, 300));
    inputs.push({ format: 'pdf', label: 'PDF, 300 pages', file: pdfFile });
    const htmlFile = join(folder, 'large.html');
    writeFileSync(htmlFile, makeHtml(paragraphs));
    inputs.push({ format: 'html', label: 'HTML page, 2 MB', file: htmlFile });
    const docxBytes = await makeDocx(paragraphs);
    if (docxBytes) {
      const docxFile = join(folder, 'large.docx');
      writeFileSync(docxFile, docxBytes);
      inputs.push({
        format: 'docx',
        label: `DOCX, ${(docxBytes.length / 1048576).toFixed(2)} MiB file`,
        file: docxFile,
      });
    } else notes.push('docx: the `docx` package could not write the input; DOCX skipped');

    const rows: string[] = [];
    notes.push(
      built() && process.env.BENCH_IMPORT_SOURCES === undefined
        ? 'importers: the built dist/ under plain node, as the installed command runs them (run npm run build ' +
            'first; BENCH_IMPORT_SOURCES=1 measures the sources under tsx, whose loader thread adds ~350 MB to a PDF run)'
        : "importers: the sources under tsx (dist/ is not built, or BENCH_IMPORT_SOURCES is set): tsx's loader " +
            'thread adds ~350 MB of peak RSS to a PDF run',
    );
    let pdfMs = 0;
    for (const input of inputs) {
      const size = statSync(input.file).size / (1024 * 1024);
      const report = runChild(input.format, input.file, runs);
      if (report.error) {
        rows.push(`| ${input.format} | ${input.label} | ${size.toFixed(2)} | — | — | — | skipped: ${report.error} |`);
        continue;
      }
      if (input.format === 'pdf') pdfMs = report.ms;
      rows.push(
        `| ${input.format} | ${input.label} | ${size.toFixed(2)} | ${report.ms.toFixed(0)} | ${(size / (report.ms / 1000)).toFixed(2)} | ${report.maxRssMb.toFixed(0)} | ${report.characters} chars |`,
      );
    }
    const poppler = runPdftotext(pdfFile, runs);
    if (poppler) {
      const size = statSync(pdfFile).size / (1024 * 1024);
      const ratio = pdfMs > 0 ? `importPdf / pdftotext = ${(pdfMs / poppler.ms).toFixed(1)}×` : '';
      rows.push(
        `| pdftotext | same PDF (poppler, \`-enc UTF-8\`) | ${size.toFixed(2)} | ${poppler.ms.toFixed(0)} | ${(size / (poppler.ms / 1000)).toFixed(2)} | — | ${poppler.characters} chars; ${ratio} |`,
      );
    } else notes.push('pdftotext: not installed (Debian: apt-get install poppler-utils); no comparison');

    console.log(
      `# Import benchmark (median of ${runs} run(s); ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version})\n`,
    );
    console.log('| format | input | size (MB) | time (ms) | throughput (MB/s) | peak RSS (MB) | notes |');
    console.log('|---|---|---:|---:|---:|---:|---|');
    for (const row of rows) console.log(row);
    console.log('');
    for (const note of notes) console.log(`- ${note}`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

await main();
