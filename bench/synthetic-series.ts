/**
 * Synthetic series for the scale benchmark (issue 16, item 5): many series of consecutive editions made by editing
 * real ones from ../shared/corpora (its manifest.json), deterministic from a seed. Each series starts from an excerpt
 * of a real edition (a run of whole blocks from a random heading, 6–14 KB, so ten thousand editions ingest in
 * bounded time on a small machine) and each next edition applies one to four edits of the kinds amendments and terms
 * updates make: a sentence reworded (a word replaced by another of the document's, a number changed, a negation,
 * two words swapped), a paragraph inserted (taken from elsewhere in the same real document, so it reads as the
 * document does) or deleted, a block moved, and the headings after a point renumbered (as when a section is
 * inserted). Most series hold 20–60 editions; one long series (the first) holds many more, for blame and trace at
 * length. Every language of the corpora is used (English, German, French, Japanese), so search sees each script.
 *
 * Run alone to write the editions as files, one folder per series (what `palimpsest add SERIES FOLDER` takes):
 * `node --import tsx bench/synthetic-series.ts --out DIR [--editions 10000] [--seed 1]`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../src/testing/seeded-random.js';

/** One generated edition. */
export interface SyntheticEdition {
  label: string;
  /** ISO date, increasing along the series. */
  date: string;
  bytes: Uint8Array;
}

/** One generated series. */
export interface SyntheticSeries {
  name: string;
  lang: string;
  /** The real document the series was made from (the manifest's slug) and the edition file its excerpt came from. */
  from: { slug: string; file: string };
  editions: SyntheticEdition[];
}

/** What to generate. */
export interface SyntheticOptions {
  /** The corpora folder holding manifest.json. */
  corpora: string;
  /** Editions in all (default 10,000). */
  editions?: number;
  /** Seed of the pseudo-random choices (default 1): one seed, one load. */
  seed?: number;
  /** Editions of the long series (default a tenth of the total, at most 400, at least 2). */
  longSeries?: number;
}

/** A document of the manifest, with its editions' files. */
interface ManifestDocument {
  slug: string;
  language: string;
  versions: Array<{ file: string; bytes: number }>;
}

/** Choices drawn from one generator. */
class Choices {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = seededRandom(seed);
  }
  /** An integer in [low, high]. */
  int(low: number, high: number): number {
    return low + Math.floor(this.next() * (high - low + 1));
  }
  /** One of `items` (which must not be empty). */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
}

/** Whether a block is a heading (Markdown ATX or setext, or a Japanese article/chapter line). */
function isHeading(block: string): boolean {
  return (
    /^#{1,6}\s/.test(block) ||
    /\n[=-]{3,}\s*$/.test(block) ||
    /^\s*第[一二三四五六七八九十百千〇0-9]+[章節条]/.test(block)
  );
}

/** A document's blocks: its text split at blank lines, YAML front matter left out. */
function blocksOf(text: string): string[] {
  const body = text.replace(/^---\n[\s\S]*?\n---\n/, '');
  return body
    .split(/\n\s*\n/)
    .map((block) => block.replace(/\s+$/, ''))
    .filter((block) => block.trim() !== '');
}

/** The byte length of a string in UTF-8. */
function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** A run of whole blocks of `blocks` from a heading, of about `target` bytes; and the blocks outside it. */
function excerpt(blocks: readonly string[], target: number, choose: Choices): { kept: string[]; rest: string[] } {
  const headings = blocks.map((block, i) => (isHeading(block) ? i : -1)).filter((i) => i >= 0);
  const total = blocks.reduce((sum, block) => sum + byteLength(block) + 2, 0);
  let start = 0;
  if (total > target * 1.5) {
    // A heading early enough that the run fills up before the end of the document.
    let budget = total;
    let last = blocks.length;
    while (last > 0 && budget - byteLength(blocks[last - 1] as string) > target * 1.2) {
      budget -= byteLength(blocks[last - 1] as string) + 2;
      last--;
    }
    const starts = headings.filter((i) => i < last);
    start = starts.length > 0 ? choose.pick(starts) : choose.int(0, Math.max(0, last - 1));
  }
  const kept: string[] = [];
  let size = 0;
  for (let i = start; i < blocks.length && size < target; i++) {
    kept.push(blocks[i] as string);
    size += byteLength(blocks[i] as string) + 2;
  }
  const rest = [...blocks.slice(0, start), ...blocks.slice(start + kept.length)].filter((b) => !isHeading(b));
  return { kept, rest };
}

/** Word-like tokens of a spaced language, as a document's own vocabulary for rewordings. */
const WORD = /[\p{L}][\p{L}'’-]{3,}/gu;
/** Runs of CJK characters of two or more, the vocabulary of a Japanese document. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]{2,4}/gu;
/** Negations a rewording may insert, by language. */
const NEGATION: Readonly<Record<string, string>> = { en: 'not', de: 'nicht', fr: 'ne pas', ja: 'しない' };

/** The edits, each a function of the blocks; answers whether it changed something. */
type Edit = (blocks: string[], context: EditContext) => boolean;

/** What an edit draws on. */
interface EditContext {
  choose: Choices;
  lang: string;
  /** The document's vocabulary (words, or CJK runs for Japanese). */
  vocabulary: string[];
  /** Blocks of the real document outside the excerpt, for insertions. */
  spare: string[];
}

/** Indexes of the blocks that are running text (not headings). */
function textBlocks(blocks: readonly string[]): number[] {
  return blocks.map((block, i) => (isHeading(block) || block.length < 20 ? -1 : i)).filter((i) => i >= 0);
}

/** A sentence of a block reworded: a word replaced, a number changed, a negation inserted, or two words swapped. */
const reword: Edit = (blocks, { choose, lang, vocabulary }) => {
  const candidates = textBlocks(blocks);
  if (candidates.length === 0) return false;
  const at = choose.pick(candidates);
  const block = blocks[at] as string;
  // Split after each sentence's end, whitespace kept with the next one, so joining restores the block exactly.
  const sentences = block.split(/(?<=[.!?。])/u);
  const which = choose.int(0, sentences.length - 1);
  const sentence = sentences[which] as string;
  // Mostly a word replaced (the fall-through below); numbers changed, negations and swaps more rarely, a sentence
  // negated at most once (else a long series fills up with negations no amendment makes).
  const kind = choose.int(0, 9);
  const negation = NEGATION[lang] ?? 'not';
  let changed = sentence;
  if (kind >= 6 && kind <= 7 && /\d+/.test(sentence)) {
    changed = sentence.replace(/\d+/, (n) => String(Number(n) + choose.int(1, 9)));
  } else if (kind === 8 && !sentence.includes(negation)) {
    const pattern = lang === 'ja' ? /。/u : /\s(\p{L}+)\s/u;
    changed =
      lang === 'ja'
        ? sentence.replace(pattern, `${NEGATION.ja}。`)
        : sentence.replace(pattern, (_, word: string) => ` ${word} ${negation} `);
  } else if (kind === 9 && lang !== 'ja') {
    const words = sentence.split(' ');
    if (words.length > 4) {
      const i = choose.int(1, words.length - 3);
      [words[i], words[i + 1]] = [words[i + 1] as string, words[i] as string];
      changed = words.join(' ');
    }
  }
  if (changed === sentence && vocabulary.length > 0) {
    const tokens = [...sentence.matchAll(lang === 'ja' ? CJK : WORD)];
    const token = tokens.length > 0 ? choose.pick(tokens) : undefined;
    if (token?.index !== undefined) {
      const replacement = choose.pick(vocabulary);
      changed = sentence.slice(0, token.index) + replacement + sentence.slice(token.index + token[0].length);
    }
  }
  if (changed === sentence) return false;
  sentences[which] = changed;
  blocks[at] = sentences.join('');
  return true;
};

/** A paragraph from elsewhere in the real document inserted at a random place. */
const insert: Edit = (blocks, { choose, spare }) => {
  if (spare.length === 0) return false;
  blocks.splice(choose.int(1, blocks.length), 0, choose.pick(spare));
  return true;
};

/** A paragraph deleted (never below ten blocks, so a series does not wither). */
const remove: Edit = (blocks, { choose }) => {
  const candidates = textBlocks(blocks);
  if (candidates.length === 0 || blocks.length < 10) return false;
  blocks.splice(choose.pick(candidates), 1);
  return true;
};

/** A block moved elsewhere. */
const move: Edit = (blocks, { choose }) => {
  if (blocks.length < 4) return false;
  const from = choose.int(1, blocks.length - 1);
  const [block] = blocks.splice(from, 1);
  let to = choose.int(1, blocks.length);
  if (to === from) to = to === blocks.length ? 1 : to + 1;
  blocks.splice(to, 0, block as string);
  return true;
};

/** The numbers of the headings after a point incremented, as when a section is inserted before them. */
const renumber: Edit = (blocks, { choose }) => {
  const numbered = blocks.map((block, i) => (isHeading(block) && /\d+/.test(block) ? i : -1)).filter((i) => i >= 0);
  if (numbered.length === 0) return false;
  const from = choose.pick(numbered);
  for (const i of numbered) {
    if (i >= from) blocks[i] = (blocks[i] as string).replace(/\d+/, (n) => String(Number(n) + 1));
  }
  return true;
};

/** The edits with their weights: rewordings dominate, as in real amendments and terms updates. */
const EDITS: ReadonlyArray<[Edit, number]> = [
  [reword, 70],
  [insert, 10],
  [remove, 8],
  [move, 7],
  [renumber, 5],
];

/** One edit drawn by weight. */
function drawEdit(choose: Choices): Edit {
  let roll = choose.next() * 100;
  for (const [edit, weight] of EDITS) {
    roll -= weight;
    if (roll < 0) return edit;
  }
  return reword;
}

/** The manifest's documents whose editions are there, smaller documents first. */
function readManifest(corpora: string): ManifestDocument[] {
  const path = join(corpora, 'manifest.json');
  if (!existsSync(path)) throw new Error(`no manifest.json in ${corpora}: the shared corpora are missing`);
  const documents = JSON.parse(readFileSync(path, 'utf8')) as ManifestDocument[];
  return documents.filter((doc) => doc.versions.length > 0 && existsSync(join(corpora, doc.versions[0]?.file ?? '')));
}

/** A date `days` after `start` (ISO). */
function dateAfter(start: Date, days: number): string {
  return new Date(start.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The synthetic series, generated one at a time (the load is never all in memory). Deterministic: the same options
 * give the same series, byte for byte.
 */
export function* syntheticSeries(options: SyntheticOptions): Generator<SyntheticSeries> {
  const total = options.editions ?? 10_000;
  const choose = new Choices(options.seed ?? 1);
  const documents = readManifest(options.corpora);
  if (documents.length === 0) throw new Error(`no editions found under ${options.corpora}`);
  const longLength = Math.max(2, Math.min(total, options.longSeries ?? Math.min(400, Math.round(total / 10))));
  const texts = new Map<string, string>();
  const read = (file: string): string => {
    let text = texts.get(file);
    if (text === undefined) {
      text = readFileSync(join(options.corpora, file), 'utf8');
      if (texts.size > 40) texts.clear();
      texts.set(file, text);
    }
    return text;
  };
  let made = 0;
  for (let number = 0; made < total; number++) {
    const length = number === 0 ? longLength : Math.min(total - made, choose.int(20, 60));
    // Documents in turn, so every language is in the load early on.
    const document = documents[number % documents.length] as ManifestDocument;
    const version = choose.pick(document.versions);
    const source = blocksOf(read(version.file));
    const { kept, rest } = excerpt(source, choose.int(6_000, 14_000), choose);
    const vocabulary = [...new Set(kept.join(' ').match(document.language === 'ja' ? CJK : WORD) ?? [])];
    const context: EditContext = { choose, lang: document.language, vocabulary, spare: rest.slice(0, 200) };
    const name = `${document.slug.split('/').pop()}-${String(number).padStart(4, '0')}`;
    const title = `# ${name}`;
    const blocks = [...kept];
    const start = new Date(Date.UTC(2010, 0, 1) + choose.int(0, 3650) * 86_400_000);
    let day = 0;
    const editions: SyntheticEdition[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < length; i++) {
      if (i > 0) {
        const edits = choose.int(1, 4);
        for (let tries = 0, done = 0; done < edits && tries < 20; tries++)
          if (drawEdit(choose)(blocks, context)) done++;
      }
      const text = `${title}\n\n${blocks.join('\n\n')}\n`;
      // An edit may undo another (a move back): such an edition is skipped, so no two editions share bytes.
      if (seen.has(text)) continue;
      seen.add(text);
      day += choose.int(7, 60);
      editions.push({
        label: `e${String(editions.length + 1).padStart(4, '0')}`,
        date: dateAfter(start, day),
        bytes: new TextEncoder().encode(text),
      });
    }
    made += editions.length;
    yield { name, lang: document.language, from: { slug: document.slug, file: version.file }, editions };
  }
}

/** Writes the series as files, one folder per series, each edition `LABEL_DATE.md`. */
function writeSeries(out: string, options: SyntheticOptions): { series: number; editions: number; bytes: number } {
  let series = 0;
  let editions = 0;
  let bytes = 0;
  for (const one of syntheticSeries(options)) {
    const folder = join(out, one.name);
    mkdirSync(folder, { recursive: true });
    for (const edition of one.editions) {
      writeFileSync(join(folder, `${edition.label}_${edition.date}.md`), edition.bytes);
      bytes += edition.bytes.byteLength;
    }
    series++;
    editions += one.editions.length;
  }
  return { series, editions, bytes };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const option = (name: string): string | undefined => {
    const at = argv.indexOf(name);
    return at < 0 ? undefined : argv[at + 1];
  };
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const corpora = resolve(process.env.PALIMPSEST_CORPORA ?? join(repoRoot, '..', 'shared', 'corpora'));
  const out = option('--out');
  if (out === undefined) {
    console.error('synthetic-series: --out DIR is required');
    process.exit(2);
  }
  if (!existsSync(join(corpora, 'manifest.json'))) {
    console.error(`synthetic-series: no corpora at ${corpora} (set PALIMPSEST_CORPORA)`);
    process.exit(1);
  }
  const made = writeSeries(resolve(out), {
    corpora,
    editions: Number(option('--editions') ?? 10_000),
    seed: Number(option('--seed') ?? 1),
  });
  console.log(`${made.editions} editions in ${made.series} series, ${(made.bytes / 1e6).toFixed(1)} MB, in ${out}`);
}
