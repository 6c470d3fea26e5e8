/**
 * Blame: for every sentence of one edition, the edition in which its present wording first appeared, its history
 * as events, and for every word the edition that introduced it; for every heading, the edition in which the section
 * first appeared, the edition of its present label and title, and each renumbering, retitling, move and return.
 *
 * Word ages follow the idea of `git blame` and of annotate in version control (and the "authorship" attribution of
 * wiki revisions, Flöck and Acosta, "WikiWho", WWW 2014): walk a sentence's lineage back to where it began, then
 * forward again through the word diffs of each step; text kept by an `equal` change inherits its age, inserted text
 * takes the age of the edition that inserted it. Steps whose text did not change share one array, so the cost
 * follows the number of edits, not the length of the series.
 */
import { diffWords } from '../diff/words.js';
import { PalimpsestError } from '../errors/errors.js';
import type { Significance, WordChange } from '../model/comparison.js';
import { normalizeKey } from '../normalize/normalize.js';
import { tokenBoundaries } from '../normalize/tokenize.js';
import {
  type LineageLink,
  type LinkedLineage,
  type LinkedPair,
  linkPair,
  type SectionLineage,
  type SentenceBlock,
  type SentenceLineage,
  sentenceIndex,
} from './lineage.js';

/** Options of `blame`. */
export interface BlameOptions {
  /** Only sentences under this section path (a prefix of labels, e.g. ["Chapter 3", "(2)"]; case-insensitive). */
  section?: string[];
  /** Locale for word segmentation (Japanese segments by dictionary under any locale). */
  locale?: string;
}

/** What happened to a sentence's lineage in one edition. */
export type BlameEventKind =
  | 'added'
  | 'reworded'
  | 'moved'
  | 'renumbered'
  | 'retitled'
  | 'split'
  | 'merged'
  | 'deleted'
  | 'returned';

/** One event of a sentence's history. */
export interface BlameEvent {
  kind: BlameEventKind;
  /** Index of the edition in which it happened. */
  edition: number;
  /** For `added`: true when the sentence was already in the first edition of the series. */
  initial?: boolean;
  /**
   * For `moved` (the sentence, or a section enclosing it, moved) and `renumbered` (an enclosing section's number
   * changed): the section path before and after.
   */
  from?: string[];
  to?: string[];
  /** For `reworded`: word similarity of the two wordings (0–1). */
  similarity?: number;
  /** For `reworded`: how much the rewording matters, when the comparison ranked it; for `retitled`: `cosmetic` when only case or punctuation changed. */
  significance?: Significance;
  /**
   * For a heading's own `renumbered` (its label) and `retitled` (its title): the label or title before and after
   * (null for a heading without a label).
   */
  before?: string | null;
  after?: string | null;
}

/** A word (or filler token) of a blamed sentence and the edition that introduced it. */
export interface BlameWord {
  text: string;
  /** Index of the edition that introduced this word. */
  edition: number;
  /** True for whitespace and punctuation. */
  filler?: true;
}

/** The blame of one sentence. */
export interface BlameSentence {
  /** Lineage id (stable across the series). */
  id: string;
  /** Index of the sentence in its edition. */
  index: number;
  path: string[];
  /** `caption` or `listItem` for a sentence of a caption or a list item; absent for a paragraph's. */
  block?: SentenceBlock;
  /**
   * Index of the sentence's block (paragraph, list item, caption) in the edition: consecutive sentences with one
   * index are one paragraph, a new index starts a new one.
   */
  blockIndex: number;
  text: string;
  /** Edition index in which the present wording first appeared (after normalisation). */
  since: number;
  /** Edition index in which the lineage began. */
  origin: number;
  /** Events in chronological order, the first always `added`. */
  events: BlameEvent[];
  /** The events as one human sentence: "added 2016; reworded 2020; moved from (3) to (2) in 2022". */
  history: string;
  /** Tokens of the text with the edition that introduced each; their texts concatenate to `text`. */
  words: BlameWord[];
}

/** The blame of one heading: since when its section exists, and each change to its label, title and place. */
export interface BlameHeading {
  /** Section lineage id (stable across the series). */
  id: string;
  /** Index of the section in its edition (pre-order). */
  index: number;
  /** The section's path (labels, titles for unnumbered sections), ending with this heading's. */
  path: string[];
  /** The heading's numbering label, or null. */
  label: string | null;
  title: string;
  /** Edition index in which the present label and title first appeared (after normalisation). */
  since: number;
  /** Edition index in which the section first appeared (its lineage began). */
  origin: number;
  /** Events in chronological order, the first always `added`: `renumbered`, `retitled`, `moved`, `deleted`, `returned`. */
  events: BlameEvent[];
  /** The events as one human sentence: "in the first edition (2016); renumbered (3) → (2) in 2020". */
  history: string;
}

/** An edition as blame reports name it. */
export interface BlameEdition {
  index: number;
  label: string;
  date?: string;
}

/** The blame of one edition (or of one of its sections). */
export interface Blame {
  /** Index of the blamed edition. */
  edition: number;
  /** All editions of the series, oldest first; event and word `edition` fields index this list. */
  editions: BlameEdition[];
  /** The section filter applied, if any. */
  section?: string[];
  /** The headings of the edition (under the section filter), in document order. */
  headings: BlameHeading[];
  sentences: BlameSentence[];
}

/** Blame every sentence of edition `editionIndex` (the latest by default). */
export function blame(lineage: LinkedLineage, editionIndex?: number, options: BlameOptions = {}): Blame {
  const count = lineage.editions.length;
  const target = editionIndex ?? count - 1;
  if (!Number.isInteger(target) || target < 0 || target >= count) {
    throw new PalimpsestError('E_USAGE', `no edition ${String(editionIndex)} in a series of ${count} editions`);
  }
  const edition = lineage.editions[target];
  if (!edition) throw new PalimpsestError('E_USAGE', 'the series has no editions');
  const walker = new LineageWalker(lineage, options);
  const filter = options.section?.map(pathKey);
  const headings: BlameHeading[] = [];
  edition.sections.forEach((section, index) => {
    if (filter && !hasPrefix(section.path.map(pathKey), filter)) return;
    headings.push(walker.blameHeading(target, index));
  });
  const sentences: BlameSentence[] = [];
  edition.sentences.forEach((sentence, index) => {
    if (filter && !hasPrefix(sentence.path.map(pathKey), filter)) return;
    sentences.push(walker.blameSentence(target, index));
  });
  const result: Blame = {
    edition: target,
    editions: blameEditions(lineage),
    headings,
    sentences,
  };
  if (options.section) result.section = options.section;
  return result;
}

/**
 * The blame of one section of an edition from the blame of the whole edition: what `blame` gives with
 * `options.section`, without walking the lineage again (a store caches the whole edition's blame).
 */
export function narrowBlame(whole: Blame, section: string[]): Blame {
  const filter = section.map(pathKey);
  return {
    edition: whole.edition,
    editions: whole.editions,
    headings: whole.headings.filter((heading) => hasPrefix(heading.path.map(pathKey), filter)),
    sentences: whole.sentences.filter((sentence) => hasPrefix(sentence.path.map(pathKey), filter)),
    section,
  };
}

/** The editions of a lineage as blame reports name them. */
export function blameEditions(lineage: LinkedLineage): BlameEdition[] {
  return lineage.editions.map((e, index) => {
    const entry: BlameEdition = { index, label: e.label };
    if (e.date !== undefined) entry.date = e.date;
    return entry;
  });
}

/** The human form of a list of events, using the editions' labels. */
export function describeEvents(events: readonly BlameEvent[], labels: readonly string[]): string {
  const label = (e: number): string => labels[e] ?? String(e);
  return events
    .map((event) => {
      const at = label(event.edition);
      switch (event.kind) {
        case 'added':
          // Not "present since": beside "present wording since" (and before "deleted") that read as a contradiction.
          return event.initial ? `in the first edition (${at})` : `added ${at}`;
        case 'reworded':
          return event.significance === 'cosmetic' ? `reworded ${at} (cosmetic)` : `reworded ${at}`;
        case 'moved': {
          const [from, to] = differingTails(event.from ?? [], event.to ?? []);
          return from === to ? `moved within ${to} in ${at}` : `moved from ${from} to ${to} in ${at}`;
        }
        case 'renumbered': {
          if (event.before !== undefined || event.after !== undefined) {
            return `renumbered ${headingPart(event.before, 'unnumbered')} → ${headingPart(event.after, 'unnumbered')} in ${at}`;
          }
          const [from, to] = differingTails(event.from ?? [], event.to ?? []);
          return `moved from ${from} to ${to} in ${at} (renumbered)`;
        }
        case 'retitled': {
          const change = `retitled ${headingPart(event.before, 'untitled')} → ${headingPart(event.after, 'untitled')} in ${at}`;
          return event.significance === 'cosmetic' ? `${change} (cosmetic)` : change;
        }
        case 'split':
          return `split ${at}`;
        case 'merged':
          return `merged ${at}`;
        case 'deleted':
          return `deleted ${at}`;
        case 'returned':
          return `returned ${at}`;
      }
      return '';
    })
    .join('; ');
}

/** A heading's label or title as a history sentence shows it: shortened, quoted when it is a title. */
function headingPart(value: string | null | undefined, missing: string): string {
  if (value === null || value === undefined || !value.trim()) return `(${missing})`;
  return missing === 'untitled' ? `“${shortLabel(value)}”` : shortLabel(value);
}

/** The parts of two paths after their common prefix, joined for reading ("(3)" and "(2)"). */
function differingTails(from: readonly string[], to: readonly string[]): [string, string] {
  let common = 0;
  while (common < from.length && common < to.length && from[common] === to[common]) common++;
  const show = (path: readonly string[]): string => {
    if (path.length === 0) return '(top)';
    const tail = path.slice(Math.min(common, path.length - 1));
    return tail.map(shortLabel).join(' › ');
  };
  return [show(from), show(to)];
}

/** Longest section label shown in a history sentence (unnumbered sections go by their whole title). */
const LABEL_LIMIT = 40;

/** A label cut to `LABEL_LIMIT` characters with an ellipsis. */
function shortLabel(label: string): string {
  const single = label.replace(/\s+/g, ' ').trim();
  return single.length <= LABEL_LIMIT ? single : `${single.slice(0, LABEL_LIMIT - 1).trimEnd()}…`;
}

/** A title folded for telling a cosmetic retitling: case, punctuation and spacing ignored. */
function cosmeticKey(title: string): string {
  return normalizeKey(title, { ignoreCase: true, ignorePunctuation: true }).replace(/\s+/g, ' ').trim();
}

/** Section path element compared loosely: normalised, case-folded, trimmed. */
function pathKey(part: string): string {
  return normalizeKey(part, { ignoreCase: true }).trim();
}

/** Whether `path` starts with `prefix`. */
function hasPrefix(path: readonly string[], prefix: readonly string[]): boolean {
  if (prefix.length > path.length) return false;
  return prefix.every((p, i) => path[i] === p);
}

/**
 * The blame of one sentence with its word ages as runs `[tokens, edition, tokens, edition…]` over the tokens of its
 * text (most sentences are one run) instead of one object per word: what a cache keeps of it (a cached blame of
 * 8 MiB of text held one object per word: 240 MB of heap).
 */
export interface SentenceAgeRuns {
  id: string;
  text: string;
  block?: SentenceBlock;
  /** As `BlameSentence.blockIndex`. */
  blockIndex: number;
  since: number;
  origin: number;
  events: BlameEvent[];
  runs: number[];
}

/**
 * Walks lineages back through the series, memoising word ages so that shared ancestry is walked once: the blame of
 * any heading or sentence of the lineage's editions, one at a time (`blame` walks a whole edition with it).
 */
export class LineageWalker {
  private readonly ages = new Map<number, Uint16Array>();
  private readonly stride: number;
  private readonly labels: string[];

  constructor(
    private readonly lineage: LinkedLineage,
    private readonly options: BlameOptions,
  ) {
    this.stride = lineage.editions.reduce((n, e) => Math.max(n, e.sentences.length), 1) + 1;
    this.labels = lineage.editions.map((e) => e.label);
  }

  /** The sentence at `index` of edition `e`. */
  private sentence(e: number, index: number): SentenceLineage {
    const s = this.lineage.editions[e]?.sentences[index];
    if (!s) throw new RangeError(`no sentence ${index} in edition ${e}`);
    return s;
  }

  private keyOf(text: string): string {
    return normalizeKey(text, this.lineage.options).trim();
  }

  /** The blame of one sentence. */
  blameSentence(e: number, index: number): BlameSentence {
    const { sentence, events, since, origin } = this.sentenceEvents(e, index);
    const ages = this.agesOf(e, index);
    // Compact token boundaries rather than token objects: blame tokenises every sentence of an edition.
    const { count, starts, filler } = tokenBoundaries(sentence.text, this.options.locale);
    const words: BlameWord[] = new Array(count);
    for (let t = 0; t < count; t++) {
      const start = starts[t] as number;
      const end = starts[t + 1] as number;
      const word: BlameWord = { text: sentence.text.slice(start, end), edition: maxAge(ages, start, end) };
      if (filler[t] === 1) word.filler = true;
      words[t] = word;
    }
    return {
      id: sentence.id,
      index,
      path: sentence.path,
      ...(sentence.block ? { block: sentence.block } : {}),
      blockIndex: sentence.blockIndex,
      text: sentence.text,
      since,
      origin,
      events,
      history: describeEvents(events, this.labels),
      words,
    };
  }

  /** The section at `index` of edition `e`. */
  private section(e: number, index: number): SectionLineage {
    const s = this.lineage.editions[e]?.sections[index];
    if (!s) throw new RangeError(`no section ${index} in edition ${e}`);
    return s;
  }

  /**
   * The blame of one heading: its section's lineage walked back. A step that changed the label is `renumbered`, one
   * that changed the title `retitled` (both end the present heading's `since`); a step whose enclosing section is
   * another lineage (or that the comparison called a move) is `moved`; a return is `deleted` then `returned`.
   */
  blameHeading(e: number, index: number): BlameHeading {
    const heading = this.section(e, index);
    const events: BlameEvent[] = [];
    let since = e;
    let sameHeading = true;
    let currentEdition = e;
    let current = heading;
    for (let steps = 0; current.previous && steps <= e; steps++) {
      const link = current.previous;
      const previous = this.section(link.edition, link.index);
      // Newest first within the step too (the list is reversed at the end).
      const parentBefore = this.lineage.editions[link.edition]?.sections[previous.parent];
      const parentAfter = this.lineage.editions[currentEdition]?.sections[current.parent];
      const moved = link.relation === 'moved' || (parentBefore?.id ?? '') !== (parentAfter?.id ?? '');
      if (moved) {
        events.push({
          kind: 'moved',
          edition: currentEdition,
          from: previous.path.slice(0, -1),
          to: current.path.slice(0, -1),
        });
      }
      const retitled = this.keyOf(previous.title) !== this.keyOf(current.title);
      if (retitled) {
        const event: BlameEvent = {
          kind: 'retitled',
          edition: currentEdition,
          before: previous.title,
          after: current.title,
        };
        // A title that changed only in case or punctuation is a cosmetic retitling, as a cosmetic rewording.
        if (cosmeticKey(previous.title) === cosmeticKey(current.title)) event.significance = 'cosmetic';
        events.push(event);
      }
      const renumbered = this.keyOf(previous.label ?? '') !== this.keyOf(current.label ?? '');
      if (renumbered) {
        events.push({
          kind: 'renumbered',
          edition: currentEdition,
          from: previous.path,
          to: current.path,
          before: previous.label,
          after: current.label,
        });
      }
      if (link.relation === 'returned') {
        events.push({ kind: 'returned', edition: currentEdition }, { kind: 'deleted', edition: link.edition + 1 });
      }
      if (sameHeading && !retitled && !renumbered) since = link.edition;
      else sameHeading = false;
      currentEdition = link.edition;
      current = previous;
    }
    events.push({ kind: 'added', edition: currentEdition, initial: currentEdition === 0 });
    events.reverse();
    return {
      id: heading.id,
      index,
      path: heading.path,
      label: heading.label,
      title: heading.title,
      since,
      origin: currentEdition,
      events,
      history: describeEvents(events, this.labels),
    };
  }

  /** The blame of one sentence with its word ages as runs (`SentenceAgeRuns`): no object per word is ever made. */
  sentenceAgeRuns(e: number, index: number): SentenceAgeRuns {
    const { sentence, events, since, origin } = this.sentenceEvents(e, index);
    const ages = this.agesOf(e, index);
    const { count, starts } = tokenBoundaries(sentence.text, this.options.locale);
    const runs: number[] = [];
    for (let t = 0; t < count; t++) {
      const age = maxAge(ages, starts[t] as number, starts[t + 1] as number);
      const last = runs.length - 1;
      if (last > 0 && runs[last] === age) runs[last - 1] = (runs[last - 1] as number) + 1;
      else runs.push(1, age);
    }
    const { id, text, block, blockIndex } = sentence;
    return block
      ? { id, text, block, blockIndex, since, origin, events, runs }
      : { id, text, blockIndex, since, origin, events, runs };
  }

  /**
   * The index, in edition `e - 1`, of the sentence whose blame this one carries over unchanged — when the step changed
   * nothing blame tells: a plain link to the edition before (no split, merge, move or return), the same text, the same
   * place. Then `sentenceEvents` would add no event and walk on exactly as it did for the predecessor, and `agesOf`
   * would carry its ages over as they were: the sentence's since, origin, events and word ages are its
   * predecessor's. Undefined when the sentence must be walked.
   */
  carriedFrom(e: number, index: number): number | undefined {
    const sentence = this.sentence(e, index);
    const link = sentence.previous[0];
    if (!link || link.edition !== e - 1) return undefined;
    if (link.relation === 'split' || link.relation === 'merged' || link.relation === 'returned') return undefined;
    if (link.relation === 'moved') return undefined;
    const previous = this.sentence(link.edition, link.index);
    if (previous.text !== sentence.text) return undefined;
    if (this.placeChange(link, previous, e, sentence) !== null) return undefined;
    return link.index;
  }

  /** A sentence's lineage walked back: its events (oldest first), the edition of its wording and of its origin. */
  private sentenceEvents(
    e: number,
    index: number,
  ): { sentence: SentenceLineage; events: BlameEvent[]; since: number; origin: number } {
    const sentence = this.sentence(e, index);
    const events: BlameEvent[] = [];
    let since = e;
    let sameWording = true;
    let currentEdition = e;
    let current = sentence;
    // Walk the primary chain back, collecting events newest first.
    for (;;) {
      const link = current.previous[0];
      if (!link) break;
      const previous = this.sentence(link.edition, link.index);
      const pair = linkPair(this.lineage, currentEdition, link);
      const reworded = this.reworded(previous, current, pair, link);
      // Events are collected newest first (reversed at the end), so within a step they are pushed last to first.
      const place = this.placeChange(link, previous, currentEdition, current);
      if (place) events.push({ kind: place, edition: currentEdition, from: previous.path, to: current.path });
      if (reworded !== null) {
        const event: BlameEvent = { kind: 'reworded', edition: currentEdition, similarity: reworded };
        if (pair) event.significance = pair.significance;
        events.push(event);
      }
      if (link.relation === 'split' || link.relation === 'merged') {
        events.push({ kind: link.relation, edition: currentEdition });
      }
      if (link.relation === 'returned') {
        events.push({ kind: 'returned', edition: currentEdition }, { kind: 'deleted', edition: link.edition + 1 });
      }
      if (sameWording && reworded === null && link.relation !== 'split' && link.relation !== 'merged') {
        since = link.edition;
      } else sameWording = false;
      currentEdition = link.edition;
      current = previous;
    }
    events.push({ kind: 'added', edition: currentEdition, initial: currentEdition === 0 });
    events.reverse();
    return { sentence, events, since, origin: currentEdition };
  }

  /**
   * How a sentence's place changed over one link: `moved` when it left its section (or its pair, or one of its
   * enclosing sections, moved), `renumbered` when it stayed in the same sections but their numbering changed, else
   * null. A retitled or re-nested enclosing section is the section's event, not the sentence's: not reported here.
   */
  private placeChange(
    link: LineageLink,
    previous: SentenceLineage,
    e: number,
    current: SentenceLineage,
  ): 'moved' | 'renumbered' | null {
    if (link.relation === 'moved') return 'moved';
    const sections = this.lineage.editions[e]?.sections ?? [];
    const before = this.lineage.editions[link.edition]?.sections[previous.section];
    const after = sections[current.section];
    if ((before?.id ?? '') !== (after?.id ?? '')) return 'moved';
    if (!before || !after) return null;
    // A return spans several editions: only the innermost numbering can be compared.
    if (link.edition !== e - 1) return before.label !== after.label ? 'renumbered' : null;
    // Walk the enclosing sections up (no allocation: this runs at every step of every lineage).
    let renumbered = false;
    let steps = 0;
    for (let section: SectionLineage | undefined = after; section && steps <= sections.length; steps++) {
      const relation = section.previous?.edition === e - 1 ? section.previous.relation : undefined;
      if (relation === 'moved') return 'moved';
      if (relation === 'renumbered') renumbered = true;
      section = section.parent >= 0 ? sections[section.parent] : undefined;
    }
    return renumbered ? 'renumbered' : null;
  }

  /** The similarity of a reworded step, or null when the wording stayed the same after normalisation (or split). */
  private reworded(
    previous: SentenceLineage,
    current: SentenceLineage,
    pair: LinkedPair | null,
    link: LineageLink,
  ): number | null {
    // A split or a merge is its own event; the words it changed show in the word ages.
    if (link.relation === 'split' || link.relation === 'merged') return null;
    if (previous.text === current.text || pair?.relation === 'unchanged') return null;
    if (this.keyOf(previous.text) === this.keyOf(current.text)) return null;
    return pair ? round(pair.similarity) : 0;
  }

  /** Age (edition index) of every UTF-16 code unit of a sentence's text. */
  agesOf(e: number, index: number): Uint16Array {
    // Walk back to the origin or to a memoised ancestor, then forward.
    const chain: Array<{ e: number; index: number }> = [];
    let at = { e, index };
    let base: Uint16Array | undefined;
    for (;;) {
      base = this.ages.get(at.e * this.stride + at.index);
      if (base) break;
      chain.push(at);
      const link = this.sentence(at.e, at.index).previous[0];
      if (!link) break;
      at = { e: link.edition, index: link.index };
    }
    let ages = base;
    for (let i = chain.length - 1; i >= 0; i--) {
      const step = chain[i] as { e: number; index: number };
      const sentence = this.sentence(step.e, step.index);
      ages =
        ages === undefined
          ? new Uint16Array(sentence.text.length).fill(step.e)
          : this.step(step.e, step.index, sentence, ages);
      this.ages.set(step.e * this.stride + step.index, ages);
    }
    return ages as Uint16Array;
  }

  /** Carry ages across one link: from the primary predecessor's ages to the sentence's own. */
  private step(e: number, index: number, sentence: SentenceLineage, previousAges: Uint16Array): Uint16Array {
    const link = sentence.previous[0] as LineageLink;
    const previous = this.sentence(link.edition, link.index);
    const pair = linkPair(this.lineage, e, link);
    if (!pair?.old || !pair.new) {
      // A return (or a repaired move): diff the two wordings directly.
      if (previous.text === sentence.text) return previousAges;
      return carry(diffWords(previous.text, sentence.text, this.options), previousAges, e, 0, sentence.text.length);
    }
    if (link.relation !== 'split' && link.relation !== 'merged') {
      if (previous.text === sentence.text) return previousAges;
      return carry(pair.changes, previousAges, e, 0, sentence.text.length);
    }
    // Splits and merges were diffed over the group's texts joined by a space.
    let oldAges = previousAges;
    if (link.relation === 'merged') {
      const parts = [pair.old, ...(pair.group ?? [])];
      // The group's refs number the sentences of the parse the comparison aligned, which for a flattened edition
      // read again with the other's structure is not the edition's own (lineage.ts, `refIndex`): find each part in
      // the edition; a part that re-read cut differently cannot be re-joined, so the two wordings are diffed
      // directly, as for a return.
      const edition = this.lineage.editions[link.edition];
      const indices = parts.map((part) => (edition ? sentenceIndex(edition, part) : -1));
      if (indices.some((i) => i < 0)) {
        if (previous.text === sentence.text) return previousAges;
        return carry(diffWords(previous.text, sentence.text, this.options), previousAges, e, 0, sentence.text.length);
      }
      const joined = new Uint16Array(parts.reduce((n, u) => n + u.text.length, 0) + parts.length - 1).fill(e);
      let offset = 0;
      for (const [k, part] of parts.entries()) {
        const index = indices[k] as number;
        const partAges = index === link.index ? previousAges : this.agesOf(link.edition, index);
        joined.set(partAges.subarray(0, part.text.length), offset);
        offset += part.text.length + 1;
      }
      oldAges = joined;
    }
    let start = 0;
    if (link.relation === 'split') {
      // Where this piece starts in the pieces joined by spaces.
      const edition = this.lineage.editions[e];
      for (const piece of [pair.new, ...(pair.group ?? [])]) {
        if (edition && sentenceIndex(edition, piece) === index) break;
        start += piece.text.length + 1;
      }
    }
    return carry(pair.changes, oldAges, e, start, sentence.text.length);
  }
}

/**
 * Ages of the new side of `changes`, window [start, start + length): equal text inherits the ages of the old text it
 * came from, inserted text is `edition`. Equal runs spelt differently (quote style, width) map position by position
 * and clamp to the old run's end.
 */
function carry(
  changes: readonly WordChange[],
  oldAges: Uint16Array,
  edition: number,
  start: number,
  length: number,
): Uint16Array {
  const ages = new Uint16Array(length).fill(edition);
  const end = start + length;
  let oldAt = 0;
  let newAt = 0;
  for (const change of changes) {
    if (newAt >= end) break;
    if (change.op === 'delete') {
      oldAt += change.text.length;
      continue;
    }
    const newLength = change.op === 'equal' ? (change.newText ?? change.text).length : change.text.length;
    if (change.op === 'equal') {
      const oldLength = change.text.length;
      for (let k = 0; k < newLength; k++) {
        const at = newAt + k;
        if (at < start || at >= end) continue;
        const source = oldAt + Math.min(k, oldLength - 1);
        ages[at - start] = source < oldAges.length ? (oldAges[source] as number) : edition;
      }
      oldAt += oldLength;
    }
    newAt += newLength;
  }
  return ages;
}

/** The age of a token: the newest age of its code units. */
function maxAge(ages: Uint16Array, start: number, end: number): number {
  let age = 0;
  for (let i = start; i < end; i++) if ((ages[i] as number) > age) age = ages[i] as number;
  return age;
}

/** Two decimals are enough for a similarity shown to readers. */
function round(value: number): number {
  return Math.round(value * 100) / 100;
}
