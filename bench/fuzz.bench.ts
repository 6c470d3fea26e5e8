/**
 * Import fuzzing: mutated inputs for every importer (text, Markdown, HTML, PDF, DOCX) run through importEdition +
 * parseImported, the path of `add` and `compare`, each in a worker thread with a 5 s time guard and a heap cap, so a
 * hang or a memory blow-up is caught and counted instead of stopping the run. Seeds are the bundled fixtures and
 * small generated files; mutations are byte flips, truncation, splicing with another seed, duplicated and deleted
 * chunks, inserted hostile tokens, and (for DOCX) corruption of one ZIP entry's content or header. A seeded PRNG
 * makes every run the same. Prints a table of outcomes by code and exits non-zero on any crash (a throw that is not
 * a PalimpsestError, or E_INTERNAL), hang (> 5 s) or memory blow-up; failing inputs are written to a folder for the
 * bad-input corpus. Run: `node --import tsx bench/fuzz.bench.ts [--per-importer N] [--seed S] [--formats pdf,docx]`. Not in the tests.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { unzipSync, zipSync } from 'fflate';
import { seededRandom } from '../src/testing/seeded-random.js';

const scriptPath = fileURLToPath(import.meta.url);
const repoRoot = resolve(dirname(scriptPath), '..');
const FORMATS = ['text', 'markdown', 'html', 'pdf', 'docx'] as const;
type FuzzFormat = (typeof FORMATS)[number];

/** Longest an input may take before it counts as a hang (the worker is then terminated). */
const HANG_MS = 5000;
/** Largest mutated input: mutations compound, and the importers' own size limit is tested by the corpus. */
const MAX_INPUT = 8 * 1024 * 1024;
/** Heap cap of the worker: a blow-up past it ends the worker with an out-of-memory error, counted as `memory`. */
const HEAP_MB = 1024;

/** What the worker reports for one input. */
interface Result {
  outcome: string;
  ms: number;
  detail?: string;
}

/** Worker mode: import and parse each input sent, answer its outcome. */
async function worker(): Promise<void> {
  const { importEdition, parseImported } = await import('../src/importers/index.js');
  const { isPalimpsestError } = await import('../src/errors/errors.js');
  parentPort?.on('message', async (message: { bytes: Uint8Array; format: FuzzFormat }) => {
    const started = performance.now();
    let result: Result;
    try {
      const edition = await importEdition(message.bytes, {
        name: `fuzz.${message.format}`,
        from: message.format,
        limits: { timeoutMs: HANG_MS },
      });
      parseImported(edition);
      result = { outcome: 'ok', ms: 0 };
    } catch (error) {
      if (isPalimpsestError(error))
        result = { outcome: error.code, ms: 0, ...(error.code === 'E_INTERNAL' ? { detail: error.message } : {}) };
      else
        result = {
          outcome: 'crash',
          ms: 0,
          detail: error instanceof Error ? (error.stack ?? error.message) : String(error),
        };
    }
    result.ms = performance.now() - started;
    parentPort?.postMessage(result);
  });
  parentPort?.postMessage({ outcome: 'ready', ms: 0 });
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const fixture = (path: string) => new Uint8Array(readFileSync(join(repoRoot, 'src/importers/fixtures', path)));

/** Valid seeds per importer: the bundled fixtures and small generated files. */
function seeds(): Record<FuzzFormat, Uint8Array[]> {
  const markdown = utf8(
    '# Title\n\n## Part 1\n\nA paragraph with *emphasis*, **strong**, `code` and a [link](http://x).\n\n- one\n  - nested\n    > quoted\n- two\n\n1. first\n2) second\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\ncode\n```\n',
  );
  const html = utf8(
    '<!doctype html><html><head><meta charset="utf-8"><title>T</title></head><body><nav>menu</nav><main><h1>Title</h1><p>第一条　この法律は、<b>目的</b>とする。</p><ul><li>one<li>two</ul><table><tr><td>a<td>b</table></main></body></html>',
  );
  return {
    text: [
      fixture('text/tokkyo.utf-8.txt'),
      fixture('text/tokkyo.shift_jis.txt'),
      fixture('text/tokkyo.utf-16le.txt'),
      new Uint8Array(readFileSync(join(repoRoot, 'examples/bluebook/2020-ch3-s1.txt'))).subarray(0, 8000),
    ],
    markdown: [fixture('markdown/bluebook-2020.md'), markdown],
    html: [fixture('html/egov-shift_jis.html'), fixture('html/bluebook-2020.html').subarray(0, 20_000), html],
    pdf: [fixture('pdf/bluebook-2020.pdf'), fixture('pdf/two-column.pdf'), fixture('pdf/headers-footnotes.pdf')],
    docx: [fixture('docx/bluebook-2020.docx'), fixture('docx/table-footnote.docx'), fixture('docx/ja-law.docx')],
  };
}

const TOKENS = [
  '<div>',
  '</p>',
  '<!--',
  '- ',
  '> ',
  '*',
  '_',
  '[',
  '](',
  '```',
  '%PDF-',
  '%%EOF',
  'obj',
  'endobj',
  'stream',
  '<<',
  '>>',
  '\u0000',
  '\r',
  '\n\n',
  '<w:p>',
  '</w:t>',
  '<w:numPr>',
  '&#0;',
  '&amp',
].map(utf8);

/** One mutation of `bytes`, `others` being the other seeds to splice from. */
function mutate(bytes: Uint8Array, others: Uint8Array[], random: () => number, format: FuzzFormat): Uint8Array {
  const pick = (n: number) => Math.floor(random() * n);
  const at = () => pick(bytes.length + 1);
  const kind = pick(format === 'docx' ? 8 : 7);
  switch (kind) {
    case 0: {
      const out = bytes.slice();
      const flips = 1 + pick(8);
      for (let i = 0; i < flips && out.length > 0; i++) out[pick(out.length)] = pick(256);
      return out;
    }
    case 1:
      return bytes.subarray(0, at());
    case 2: {
      const other = others[pick(others.length)] ?? bytes;
      const from = pick(other.length);
      return concat(bytes.subarray(0, at()), other.subarray(from, from + pick(2048)), bytes.subarray(at()));
    }
    case 3: {
      const start = at();
      const chunk = bytes.subarray(start, start + 1 + pick(4096));
      const copies = 1 + pick(format === 'pdf' || format === 'docx' ? 4 : 64);
      const position = at();
      return concat(bytes.subarray(0, position), ...Array<Uint8Array>(copies).fill(chunk), bytes.subarray(position));
    }
    case 4: {
      const start = at();
      return concat(bytes.subarray(0, start), bytes.subarray(start + 1 + pick(4096)));
    }
    case 5: {
      const token = TOKENS[pick(TOKENS.length)] as Uint8Array;
      const position = at();
      return concat(
        bytes.subarray(0, position),
        ...Array<Uint8Array>(1 + pick(200)).fill(token),
        bytes.subarray(position),
      );
    }
    case 6: {
      const out = bytes.slice();
      const start = pick(out.length);
      const end = Math.min(out.length, start + 1 + pick(64));
      for (let i = start; i < end; i++) out[i] = [0x00, 0xff, 0x80, 0x3c, 0x3e, 0x25][pick(6)] as number;
      return out;
    }
    default:
      return corruptZipEntry(bytes, random);
  }
}

/** A DOCX with one entry's content mutated (flipped, truncated or duplicated XML), re-zipped, or a header field hit. */
function corruptZipEntry(bytes: Uint8Array, random: () => number): Uint8Array {
  const pick = (n: number) => Math.floor(random() * n);
  let entries: Record<string, Uint8Array>;
  try {
    // Entries a mutation made huge (a forged size) are dropped, or the fuzzer itself would inflate gigabytes.
    entries = unzipSync(bytes, { filter: (entry) => entry.originalSize <= MAX_INPUT });
  } catch {
    return bytes;
  }
  const names = Object.keys(entries);
  const name = names[pick(names.length)] as string;
  const content = entries[name] as Uint8Array;
  if (pick(4) === 0) {
    // A header field (sizes, offsets, method) of the zipped archive itself.
    const zipped = zipSync(entries);
    const out = zipped.slice();
    const field = pick(out.length);
    out[field] = pick(256);
    return out;
  }
  const mutated =
    pick(3) === 0
      ? content.subarray(0, pick(content.length + 1))
      : pick(2) === 0
        ? concat(content, content, content)
        : (() => {
            const out = content.slice();
            for (let i = 0; i < 1 + pick(16) && out.length > 0; i++) out[pick(out.length)] = pick(256);
            return out;
          })();
  return zipSync({ ...entries, [name]: mutated }, { level: pick(2) === 0 ? 0 : 6 });
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** A worker thread that imports inputs one at a time, replaced when it hangs or runs out of memory. */
class Runner {
  private worker!: Worker;
  private ready!: Promise<void>;
  private pending: ((result: Result) => void) | null = null;
  private failedStarts = 0;

  constructor() {
    this.start();
  }

  private start(): void {
    // Workers do not inherit `--import tsx`: the worker registers tsx itself, then loads this file.
    const source = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(pathToFileURL(scriptPath).href)}); })`;
    this.worker = new Worker(source, { eval: true, resourceLimits: { maxOldGenerationSizeMb: HEAP_MB } });
    let started = false;
    this.ready = new Promise((resolveReady) => {
      const onReady = (message: Result) => {
        if (message.outcome === 'ready') {
          started = true;
          this.failedStarts = 0;
          this.worker.off('message', onReady);
          this.worker.on('message', (result: Result) => this.settle(result));
          resolveReady();
        }
      };
      this.worker.on('message', onReady);
    });
    this.worker.on('error', (error) => {
      if (!started && ++this.failedStarts > 3) throw new Error(`the fuzz worker does not start: ${String(error)}`);
      const memory = /out of memory|ERR_WORKER_OUT_OF_MEMORY/i.test(String(error));
      this.settle({ outcome: memory ? 'memory' : 'crash', ms: 0, detail: String(error) });
      this.start();
    });
  }

  private settle(result: Result): void {
    const pending = this.pending;
    this.pending = null;
    pending?.(result);
  }

  /** Imports one input; a hang terminates the worker and starts another. */
  async run(bytes: Uint8Array, format: FuzzFormat): Promise<Result> {
    await this.ready;
    const started = performance.now();
    return new Promise((resolveRun) => {
      const timer = setTimeout(() => {
        this.pending = null;
        void this.worker.terminate();
        this.start();
        resolveRun({ outcome: 'hang', ms: performance.now() - started });
      }, HANG_MS + 2000);
      this.pending = (result) => {
        clearTimeout(timer);
        resolveRun(result.outcome === 'memory' ? { ...result, ms: performance.now() - started } : result);
      };
      this.worker.postMessage({ bytes, format });
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  const value = index >= 0 ? Number(process.argv[index + 1]) : Number.NaN;
  return Number.isFinite(value) ? value : fallback;
}

async function main(): Promise<void> {
  const perImporter = option('--per-importer', 10_000);
  const seed = option('--seed', 9);
  const random = seededRandom(seed);
  const all = seeds();
  const failures = mkdtempSync(join(tmpdir(), 'palimpsest-fuzz-'));
  const runner = new Runner();
  const rows: string[][] = [];
  let bad = 0;
  const started = performance.now();
  const only = process.argv.includes('--formats')
    ? process.argv[process.argv.indexOf('--formats') + 1]?.split(',')
    : null;
  for (const format of FORMATS) {
    if (only && !only.includes(format)) continue;
    const pool = all[format];
    const counts = new Map<string, number>();
    let worst = 0;
    const formatStarted = performance.now();
    for (let i = 0; i < perImporter; i++) {
      const base = pool[Math.floor(random() * pool.length)] as Uint8Array;
      let input = mutate(base, pool, random, format);
      if (random() < 0.3) input = mutate(input, pool, random, format);
      if (input.length > MAX_INPUT) input = input.subarray(0, MAX_INPUT);
      const result = await runner.run(input, format);
      counts.set(result.outcome, (counts.get(result.outcome) ?? 0) + 1);
      worst = Math.max(worst, result.ms);
      if (['crash', 'hang', 'memory', 'E_INTERNAL'].includes(result.outcome)) {
        bad++;
        mkdirSync(join(failures, format), { recursive: true });
        const file = join(failures, format, `${result.outcome}-${i}.bin`);
        writeFileSync(file, input);
        console.error(`${format} #${i}: ${result.outcome} (${result.detail?.split('\n')[0] ?? ''}) → ${file}`);
      }
    }
    const seconds = (performance.now() - formatStarted) / 1000;
    const outcomes = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([code, n]) => `${code} ${n}`);
    rows.push([
      format,
      String(perImporter),
      (perImporter / seconds).toFixed(0),
      `${worst.toFixed(0)} ms`,
      outcomes.join(', '),
    ]);
    console.error(`done: ${(rows.at(-1) as string[]).join('  ')}`);
  }
  await runner.close();
  const peakRss = process.resourceUsage().maxRSS / 1024;
  const header = ['importer', 'inputs', 'inputs/s', 'worst', 'outcomes'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] as string).length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i] as number)).join('  ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  console.log(
    `seed ${seed}; ${((performance.now() - started) / 1000).toFixed(0)} s in all; peak RSS ${peakRss.toFixed(0)} MB (whole process, worker included); ${bad} crash/hang/memory${bad ? `, inputs in ${failures}` : ''}`,
  );
  process.exit(bad > 0 ? 1 : 0);
}

if (isMainThread) await main();
else await worker();
