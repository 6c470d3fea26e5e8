/**
 * The compact, plain-JSON form of a blame for a store's cache (the `series-blame` value, see series-cache.ts): what
 * `blame` answers without one object per word — a sentence's words are its tokens, found again when unpacking with
 * the same locale, and their ages runs over them — and without the history sentences, made again from the events.
 * Rows are arrays rather than objects, and section paths are stored once (dictionary coding). The analysis — the
 * walk of each lineage, the word ages, which sentences a step leaves untouched — is collate/blame.ts's; this module
 * only maps its answers to and from the cached shape.
 */
import {
  type Blame,
  type BlameEdition,
  type BlameEvent,
  type BlameHeading,
  type BlameOptions,
  type BlameSentence,
  type BlameWord,
  blameEditions,
  describeEvents,
  LineageWalker,
  type LinkedLineage,
  type SentenceBlock,
  type SentenceLineage,
} from '../../collate/index.js';
import { PalimpsestError } from '../../errors/errors.js';
import { tokenBoundaries } from '../../normalize/tokenize.js';

/**
 * One sentence of a packed blame: id, index, path (into `PackedBlame.paths`), text, since, origin, events, the
 * word ages as runs `[tokens, edition, tokens, edition…]` over the text's tokens (most sentences are one run), its
 * block index (`BlameSentence.blockIndex`), and for a caption's or list item's sentence its block kind.
 */
export type PackedBlameSentence =
  | [string, number, number, string, number, number, BlameEvent[], number[], number]
  | [string, number, number, string, number, number, BlameEvent[], number[], number, SentenceBlock];

/** One heading of a packed blame: id, index, path (into `PackedBlame.paths`), label, title, since, origin, events. */
export type PackedBlameHeading = [string, number, number, string | null, string, number, number, BlameEvent[]];

/**
 * A blame as a store caches it: what `blame` answers without one object per word (the words are the sentence's
 * tokens, found again when unpacking with the same locale) and without the history sentences (made from the events).
 */
export interface PackedBlame {
  edition: number;
  editions: BlameEdition[];
  /** The locale the words were segmented in. */
  locale?: string;
  /** Distinct section paths. */
  paths: string[][];
  headings: PackedBlameHeading[];
  sentences: PackedBlameSentence[];
}

/** The blame of every sentence of edition `editionIndex` (the latest by default), packed (see `PackedBlame`). */
export function packedBlame(lineage: LinkedLineage, editionIndex?: number, options: BlameOptions = {}): PackedBlame {
  return packBlame(lineage, editionIndex, options);
}

/**
 * The packed blame of edition `editionIndex` (the latest by default) made from `previous`, the packed blame (as
 * `packedBlame` made it) of the edition before it: adding the next edition costs one step, not a walk of every
 * sentence back through the series (issue 12). A sentence that carries its predecessor's wording over unchanged, in
 * place (`LineageWalker.carriedFrom`), has no event in the new step: its events, since, origin and word ages are its
 * predecessor's, and its row is that row again; the others are walked as `packedBlame` walks them. Equal to
 * `packedBlame(lineage, editionIndex, options)`; a `previous` of another edition or locale is ignored.
 */
export function extendPackedBlame(
  previous: PackedBlame,
  lineage: LinkedLineage,
  editionIndex?: number,
  options: BlameOptions = {},
): PackedBlame {
  const target = editionIndex ?? lineage.editions.length - 1;
  const fits = previous.edition === target - 1 && previous.locale === options.locale;
  return packBlame(lineage, target, options, fits ? previous : undefined);
}

/** `packedBlame`, reusing the rows of `previous` (the blame of the edition before the target) where they hold. */
function packBlame(
  lineage: LinkedLineage,
  editionIndex: number | undefined,
  options: BlameOptions,
  previous?: PackedBlame,
): PackedBlame {
  const count = lineage.editions.length;
  const target = editionIndex ?? count - 1;
  const edition = lineage.editions[target];
  if (!Number.isInteger(target) || !edition) {
    throw new PalimpsestError('E_USAGE', `no edition ${String(editionIndex)} in a series of ${count} editions`);
  }
  const walker = new LineageWalker(lineage, { ...(options.locale ? { locale: options.locale } : {}) });
  const paths: string[][] = [];
  const pathIndex = new Map<string, number>();
  const intern = (path: string[]): number => {
    const key = path.join('\u0000');
    let at = pathIndex.get(key);
    if (at === undefined) {
      at = paths.length;
      paths.push(path);
      pathIndex.set(key, at);
    }
    return at;
  };
  const headings = edition.sections.map((section, index): PackedBlameHeading => {
    const { id, label, title, since, origin, events } = walker.blameHeading(target, index);
    return [id, index, intern(section.path), label, title, since, origin, events];
  });
  const sentences: PackedBlameSentence[] = new Array(edition.sentences.length);
  edition.sentences.forEach((sentence, index) => {
    const path = intern(sentence.path);
    sentences[index] =
      (previous && carriedRow(walker, target, sentence, index, path, previous.sentences)) ??
      packSentence(walker, target, index, path);
  });
  return {
    edition: target,
    editions: blameEditions(lineage),
    ...(options.locale ? { locale: options.locale } : {}),
    paths,
    headings,
    sentences,
  };
}

/** The packed row of one sentence, walked (`LineageWalker.sentenceAgeRuns`). */
function packSentence(walker: LineageWalker, e: number, index: number, path: number): PackedBlameSentence {
  const { id, text, block, blockIndex, since, origin, events, runs } = walker.sentenceAgeRuns(e, index);
  const row: PackedBlameSentence = [id, index, path, text, since, origin, events, runs, blockIndex];
  return block ? ([...row, block] as PackedBlameSentence) : row;
}

/**
 * The packed row of a sentence taken from its predecessor's row in the blame of the edition before (`rows`), when
 * the walker says the step carries its blame over unchanged and that row is the predecessor's (same index, same
 * text); undefined when the sentence must be walked.
 */
function carriedRow(
  walker: LineageWalker,
  e: number,
  sentence: SentenceLineage,
  index: number,
  path: number,
  rows: readonly PackedBlameSentence[],
): PackedBlameSentence | undefined {
  const from = walker.carriedFrom(e, index);
  if (from === undefined) return undefined;
  const row = rows[from];
  if (row === undefined || row[1] !== from || row[3] !== sentence.text) return undefined;
  const carried: PackedBlameSentence = [
    sentence.id,
    index,
    path,
    sentence.text,
    row[4],
    row[5],
    row[6],
    row[7],
    sentence.blockIndex,
  ];
  return sentence.block ? ([...carried, sentence.block] as PackedBlameSentence) : carried;
}

/**
 * A packed blame as `blame` answers it: each sentence's words are its tokens with the runs' editions. A packed blame
 * that does not fit its texts (damaged, or tokenised differently) is a RangeError, which a cache treats as a miss.
 */
export function unpackBlame(packed: PackedBlame): Blame {
  const labels = packed.editions.map((e) => e.label);
  const sentences = packed.sentences.map((row): BlameSentence => {
    const [id, index, pathAt, text, since, origin, events, runs] = row;
    const path = packed.paths[pathAt];
    if (path === undefined) throw new RangeError(`unpackBlame: no path ${pathAt}`);
    const { count, starts, filler } = tokenBoundaries(text, packed.locale);
    const words: BlameWord[] = new Array(count);
    let t = 0;
    for (let r = 0; r < runs.length; r += 2) {
      const edition = runs[r + 1] as number;
      for (let end = t + (runs[r] as number); t < end; t++) {
        if (t >= count) throw new RangeError('unpackBlame: more words than tokens');
        const word: BlameWord = { text: text.slice(starts[t] as number, starts[t + 1] as number), edition };
        if (filler[t] === 1) word.filler = true;
        words[t] = word;
      }
    }
    if (t !== count) throw new RangeError('unpackBlame: fewer words than tokens');
    const history = describeEvents(events, labels);
    // A row packed before block indexes were kept has none (or its block kind there): a miss, made again.
    const blockIndex = row[8];
    if (typeof blockIndex !== 'number') throw new RangeError('unpackBlame: no block index');
    const block = row[9];
    if (block !== undefined) {
      return { id, index, path, block, blockIndex, text, since, origin, events, history, words };
    }
    return { id, index, path, blockIndex, text, since, origin, events, history, words };
  });
  if (!Array.isArray(packed.headings)) throw new RangeError('unpackBlame: no headings');
  const headings = packed.headings.map(([id, index, pathAt, label, title, since, origin, events]): BlameHeading => {
    const path = packed.paths[pathAt];
    if (path === undefined) throw new RangeError(`unpackBlame: no path ${pathAt}`);
    return { id, index, path, label, title, since, origin, events, history: describeEvents(events, labels) };
  });
  return { edition: packed.edition, editions: packed.editions, headings, sentences };
}
