/**
 * Fact extraction: the quantities, dates, references, organisations and places of an edition, each with its
 * sentence and its exact span in the edition's text.
 *
 * 1. Flatten the tree into its sentence table (align/units.ts), so a fact's `sentence` is the index a sentence
 *    pair's UnitRef carries. Headings and titles hold no facts here: they are labels, and their sentences are not
 *    units of a comparison.
 * 2. Learn the edition's acronyms from every "Expansion (ACR)" first (acronyms.ts, after Schwartz & Hearst 2003),
 *    so a sentence that uses "MFO" before or after the definition gets the same key.
 * 3. Run the readers over each sentence in order of precedence: names (acronym definitions, articles with their
 *    law, learnt expansions, named instruments and organisations, other acronyms), then dates (chrono-node and a
 *    layer of our own, dates.ts), then quantities (quantities.ts), then places (places.ts). A candidate that
 *    overlaps one already taken is dropped, so the 95 of "Article 95" is not a quantity and the 2017 of
 *    "in 2017" not a count.
 * 4. Place each fact in the edition: the sentence's start offset plus the offset in the sentence.
 * The locale picks the readers: Japanese for 'ja', English otherwise; with none, a sentence holding kana or kanji
 * gets both (a Japanese text cites UNMISS and 2017 too), and English counts are read only in an edition that reads as
 * English (a third of its Latin-script sentences hold an English function word, `looksEnglish`), so a German or
 * French text yields its dates, names and places but no false counts.
 */
import type { BlockNode, DocumentNode, HeadingNode, SectionNode, SentenceNode } from '../model/tree.js';
import { hasJapanese, readsAsEnglish } from '../text/language.js';
import { type AcronymTable, learnAcronyms } from './acronyms.js';
import { type Candidate, overlapsAny } from './candidate.js';
import { findDates } from './dates.js';
import type { Fact, FactOptions } from './model.js';
import { expansionPattern, findNames } from './names.js';
import { findPlaces } from './places.js';
import { englishQuantities, japaneseQuantities } from './quantities.js';

/**
 * The readers' findings in sentences already read, for the extractions of editions read together (the two of a
 * comparison, the editions of a trace). Consecutive editions repeat most of their sentences, and what the readers
 * find in a sentence depends only on its text and on its edition's reading (the acronyms learnt, the locale, whether
 * English counts are read), so a sentence repeated under the same reading is read once. The findings are shared,
 * never changed: each extraction builds its own facts from them.
 */
export class SentenceReadings {
  readonly #byReading = new Map<string, Map<string, readonly Candidate[]>>();

  /** The findings by sentence text under one reading, named by its signature. */
  under(signature: string): Map<string, readonly Candidate[]> {
    let found = this.#byReading.get(signature);
    if (found === undefined) {
      found = new Map();
      this.#byReading.set(signature, found);
    }
    return found;
  }
}

/** What a sentence's facts depend on beyond its text: equal signatures read equal texts alike. */
function readingSignature(table: AcronymTable, locale: string | undefined, englishCounts: boolean): string {
  const pairs = (map: Map<string, string>) => [...map].map(([a, b]) => `${a}\u0001${b}`).join('\u0002');
  return `${locale ?? ''}\u0000${englishCounts}\u0000${pairs(table.expansions)}\u0000${pairs(table.acronyms)}`;
}

/**
 * The facts of an edition, in document order (sentence, then offset). Pass the same `readings` to the extractions of
 * editions read together (a comparison's two, a trace's series) so their shared sentences are read once.
 */
export function extractFacts(
  document: DocumentNode,
  options: FactOptions = {},
  readings: SentenceReadings = new SentenceReadings(),
): Fact[] {
  const { sentences, blocks } = sentenceTable(document);
  const texts = sentences.map((sentence) => sentence.value);
  const table = learnAcronyms(texts);
  const expansions = expansionPattern(table);
  const locale = options.locale?.toLowerCase();
  const englishCounts = locale === undefined ? readsAsEnglish(texts) : locale.startsWith('en');
  const read = readings.under(readingSignature(table, locale, englishCounts));
  const facts: Fact[] = [];
  // Indexed loops: extraction runs once per edition, cold, over every sentence, where a callback per sentence and
  // per fact, or for…of, costs allocations the interpreter does not remove.
  for (let index = 0; index < sentences.length; index++) {
    const sentence = sentences[index] as SentenceNode;
    const text = sentence.value;
    let taken = read.get(text);
    if (taken === undefined) {
      taken = readSentence(text, table, expansions, locale, englishCounts);
      read.set(text, taken);
    }
    if (taken.length === 0) continue;
    const base = sentenceOffset(blocks[index], sentence);
    for (let n = 0; n < taken.length; n++) {
      const candidate = taken[n] as Candidate;
      const fact: Fact = {
        id: `f${index}.${n}`,
        kind: candidate.kind,
        text: text.slice(candidate.start, candidate.end),
        key: candidate.key,
        sentence: index,
        span: { start: base + candidate.start, end: base + candidate.end },
      };
      if (candidate.value !== undefined) fact.value = candidate.value;
      if (candidate.label !== undefined && candidate.label !== fact.text) fact.label = candidate.label;
      facts.push(fact);
    }
  }
  return facts;
}

/**
 * The sentences of a document with the block holding each, in document order: index i is the sentence
 * `flattenDocument` numbers i (headings hold none; a box contributes its blocks). Only these two lists are built —
 * flattenDocument's section table and paths, which extraction never reads, were a fifth of its cost on a long code.
 */
export function sentenceTable(document: DocumentNode): { sentences: SentenceNode[]; blocks: PlacedBlock[] } {
  const sentences: SentenceNode[] = [];
  const blocks: PlacedBlock[] = [];
  // Indexed loops: run cold over every block and sentence of the edition (for…of allocates per step there).
  const addBlock = (block: BlockNode): void => {
    if (block.type === 'box') {
      for (let i = 0; i < block.children.length; i++) addBlock(block.children[i] as BlockNode);
      return;
    }
    const children = block.children;
    for (let i = 0; i < children.length; i++) {
      sentences.push(children[i] as SentenceNode);
      blocks.push(block);
    }
  };
  const visit = (children: ReadonlyArray<SectionNode | BlockNode | HeadingNode>): void => {
    for (let i = 0; i < children.length; i++) {
      const child = children[i] as SectionNode | BlockNode | HeadingNode;
      if (child.type === 'heading') continue;
      if (child.type === 'section') visit(child.children);
      else addBlock(child);
    }
  };
  visit(document.children);
  return { sentences, blocks };
}

/** A block as `sentenceOffset` reads it. */
type PlacedBlock = { value: string; position?: { start: { offset: number } } };

/** The facts of one sentence, by the readers of step 3 in order of precedence, in reading order. */
function readSentence(
  text: string,
  table: ReturnType<typeof learnAcronyms>,
  expansions: ReturnType<typeof expansionPattern>,
  locale: string | undefined,
  englishCounts: boolean,
): Candidate[] {
  const japanese = locale === undefined ? hasJapanese(text) : locale.startsWith('ja');
  const english = locale === undefined || !locale.startsWith('ja');
  // The readers in order of precedence, each one's candidates taken as they come: no list of lists, no spread copies.
  const taken: Candidate[] = [];
  take(taken, findNames(text, table, expansions, japanese));
  take(taken, findDates(text, japanese));
  if (japanese) take(taken, japaneseQuantities(text));
  if (english && englishCounts) take(taken, englishQuantities(text));
  take(taken, findPlaces(text, japanese));
  return taken.length > 1 ? taken.sort(byStart) : taken;
}

/** Reading order of candidates (a stable sort keeps equal starts in order of precedence). */
function byStart(a: Candidate, b: Candidate): number {
  return a.start - b.start;
}

/** Takes the candidates that are not empty and overlap none already taken, in their order (indexed: runs cold). */
function take(taken: Candidate[], candidates: readonly Candidate[]): void {
  for (let i = 0; i < candidates.length; i++) {
    const candidate = candidates[i] as Candidate;
    if (candidate.end <= candidate.start || overlapsAny(taken, candidate.start, candidate.end)) continue;
    taken.push(candidate);
  }
}

/** A fact read from a text on its own (no edition around it): what it is, its key and value, its words. */
export interface TextFact {
  kind: Fact['kind'];
  key: string;
  value?: string;
  text: string;
}

/**
 * The facts of a text read alone — a changed unit of a comparison, where the edition's tree is not at hand (a
 * series' history): acronyms are learnt from the text itself, and English counts are read when the text reads as
 * English. The same readers as `extractFacts`, sentence by sentence.
 */
export function factsOfText(text: string, options: FactOptions = {}): TextFact[] {
  const table = learnAcronyms([text]);
  const expansions = expansionPattern(table);
  const locale = options.locale?.toLowerCase();
  const englishCounts = locale === undefined ? readsAsEnglish([text]) : locale.startsWith('en');
  return readSentence(text, table, expansions, locale, englishCounts).map((candidate) => ({
    kind: candidate.kind,
    key: candidate.key,
    ...(candidate.value === undefined ? {} : { value: candidate.value }),
    text: text.slice(candidate.start, candidate.end),
  }));
}

/**
 * Where a sentence starts in the edition's text: its position, or its place inside its block's when only the block
 * has one (a synthesised sentence), else 0 (a tree built without positions has no text to point into).
 */
function sentenceOffset(
  block: { value: string; position?: { start: { offset: number } } } | undefined,
  sentence: { value: string; position?: { start: { offset: number } } },
): number {
  if (sentence.position) return sentence.position.start.offset;
  if (block?.position) {
    const at = block.value.indexOf(sentence.value);
    if (at >= 0) return block.position.start.offset + at;
  }
  return 0;
}
