/**
 * Structure for flattened text: an edition whose line breaks are gone (a site's text-only string, a copy out of a
 * PDF viewer) is cut into pieces — headings, captions, paragraphs, items — that the line parser then reads as if
 * each were a line of its own. Evidence, strongest first:
 *
 * 1. Structure transfer: the other edition of a comparison, when it has structure, lends its headings and the
 *    edges of its blocks; each is looked up in the flat text in reading order (a monotone search, as in
 *    anchor-based alignment of a text against a reference, cf. Needleman–Wunsch with exact anchors).
 * 2. Layout left in the string: a run of two or more spaces where a blank line used to be, when such runs are a
 *    minority of the sentence gaps (so a typewriter's two spaces after every sentence do not count).
 * 3. Inline numbered headings at a sentence start ("Chapter 3 …", "(1) …", "6 The Rule of Law …", "第2章 …", "ア"),
 *    kept only when the number continues its scheme's sequence; the title runs while the words keep a title's
 *    shape (capitalised or function words) and ends where a sentence's first word starts, the way a reader finds
 *    it (the "title shape and what follows" cue of logical-structure recovery, e.g. Tkaczyk et al. 2015).
 *
 * All passes are linear in the length of the text, and nothing here runs for a text of ordinary lines.
 */
import type { DocumentNode, SectionNode } from '../model/tree.js';
import { isTerminal, type LabelMatch, matchLabel } from './headings.js';
import { isAbbreviationAt, isWhiteSpace } from './sentences.js';

/** What the other edition of a comparison says about its structure: heading and block texts in reading order. */
export interface StructureGuide {
  /**
   * Headings (title included) as written, with the label and title apart when they have them, and the depth of
   * their section in the other edition (0 for the document title).
   */
  headings: Array<{ value: string; label: string | null; title: string; depth: number }>;
  /** Blocks as written, in reading order, with their kind in the other edition. */
  blocks: Array<{ value: string; kind: GuideBlockKind }>;
}

/** The kind of a block of the other edition, lent to the piece of the flat text found where it starts. */
export type GuideBlockKind = 'paragraph' | 'listItem' | 'caption';

/** What the other edition says a piece is, when the piece is one of its headings or starts where one of its blocks does. */
export type PieceRole = { kind: 'heading'; depth: number } | { kind: GuideBlockKind };

/** One piece of a flat text: a span that the line parser reads as a line of its own. */
export interface FlatPiece {
  start: number;
  end: number;
  /** A heading or caption the segmenter found: read as standing alone between blank lines. */
  heading: boolean;
  /** The role the other edition gives the piece (structure transfer), when it has one. */
  role?: PieceRole;
}

/** Shortest line that counts as flattened text rather than one long paragraph. */
const MIN_FLAT_LENGTH = 200;
/** Most non-blank lines a flattened text may have (a title line, a date line, a trailing note). */
const MAX_FLAT_LINES = 5;
/** Most words a title found inline may have. */
const MAX_TITLE_WORDS = 30;
/** Characters compared when a block's start or end is looked up in the flat text. */
const EDGE_LENGTH = 80;

/** Bullet markers that start a list item when they stand alone as a word after a sentence's end. */
const BULLETS = new Set(['*', '•', '-', '–', '・', '◦', '▪']);

/** Punctuation after which the text goes on with what it introduces. */
const OPENING_PUNCTUATION = new Set([':', '：', ',', '、']);

/** Word Dice coefficient of two word lists, as sets. */
function wordDice(a: readonly string[], b: readonly string[]): number {
  const left = new Set(a);
  const right = new Set(b);
  let shared = 0;
  for (const word of left) if (right.has(word)) shared++;
  return left.size + right.size === 0 ? 0 : (2 * shared) / (left.size + right.size);
}

/** Lower-case words that may sit inside a Title Case heading ("Peace and Stability of Japan"). */
const FUNCTION_WORDS = new Set(
  'a an the of for and or nor but to in on at by with from as into onto under over upon via vs versus per than about between against among through within without etc de du des la le les et und der die das von zu im für'.split(
    ' ',
  ),
);

/** The non-blank lines of a text as [start, end) spans of their content. */
export interface ContentLine {
  start: number;
  end: number;
}

/**
 * The index (into `lines`) of a flattened line — one line of at least 200 characters that holds most of the text,
 * in a text of at most five non-blank lines — or -1. Cheap: it looks at line lengths only.
 */
export function flattenedLine(lines: readonly ContentLine[]): number {
  let count = 0;
  let total = 0;
  let longest = -1;
  let longestLength = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as ContentLine;
    const length = line.end - line.start;
    if (length === 0) continue;
    count++;
    if (count > MAX_FLAT_LINES) return -1;
    total += length;
    if (length > longestLength) {
      longestLength = length;
      longest = i;
    }
  }
  if (longestLength < MIN_FLAT_LENGTH || longestLength < total * 0.8) return -1;
  return longest;
}

/** The structure guide of a parsed document: its title and headings, and its blocks' texts, in reading order. */
export function structureGuide(document: DocumentNode): StructureGuide {
  const guide: StructureGuide = { headings: [], blocks: [] };
  if (document.title)
    guide.headings.push({ value: document.title.value, label: null, title: document.title.value, depth: 0 });
  const kindOf = (type: string): GuideBlockKind =>
    type === 'listItem' ? 'listItem' : type === 'caption' ? 'caption' : 'paragraph';
  const visit = (children: DocumentNode['children'] | SectionNode['children'], depth: number): void => {
    for (const child of children) {
      if (child.type === 'section') visit(child.children, depth + 1);
      else if (child.type === 'heading')
        guide.headings.push({ value: child.value, label: child.label, title: child.title, depth });
      else if (child.type === 'box') {
        if (child.title) guide.headings.push({ value: child.title, label: null, title: child.title, depth: depth + 1 });
        for (const block of child.children) guide.blocks.push({ value: block.value, kind: kindOf(block.type) });
      } else guide.blocks.push({ value: child.value, kind: kindOf(child.type) });
    }
  };
  visit(document.children, 0);
  return guide;
}

/** The flat text with white space collapsed and case folded, and each of its characters' offsets in the text. */
interface Folded {
  text: string;
  offsets: Int32Array;
}

/** Collapses white space runs to one space and folds case, keeping a map back to the original offsets. */
function fold(text: string, from: number, to: number): Folded {
  const chars: string[] = [];
  const offsets = new Int32Array(to - from + 1);
  let n = 0;
  let space = false;
  for (let i = from; i < to; i++) {
    if (isWhiteSpace(text.charCodeAt(i))) {
      space = n > 0;
      continue;
    }
    if (space) {
      chars.push(' ');
      offsets[n++] = i - 1;
      space = false;
    }
    const char = text[i] as string;
    const lower = char.toLowerCase();
    // Keep one character per character so the offsets stay exact (a rare case change of length keeps the original).
    chars.push(lower.length === 1 ? lower : char);
    offsets[n++] = i;
  }
  offsets[n] = to;
  return { text: chars.join(''), offsets: offsets.subarray(0, n + 1) };
}

/** Collapses white space and folds case of a short string, as `fold` does for the flat text. */
function foldString(value: string): string {
  return fold(value, 0, value.length).text;
}

/** The segmenter's state for one flat span of a text. */
class FlatSegmenter {
  /** Last ordinal seen per numbering scheme, for the sequence test of inline labels. */
  private readonly last = new Map<string, number>();
  /** Offsets where a piece must start (transferred heading starts, block edges), sorted. */
  private readonly cuts = new Set<number>();
  /** Transferred headings by start offset: their end and their section's depth in the other edition. */
  private readonly transferred = new Map<number, { end: number; depth: number }>();
  /** Numbering schemes the other edition uses for list items only. */
  private readonly itemSchemes = new Set<string>();
  /** Offsets where a block of the other edition starts: its kind. */
  private readonly blockRoles = new Map<number, GuideBlockKind>();
  /** Offsets where a block of the other edition starts: where it ends, when that was found too. */
  private readonly blockEnds = new Map<number, number>();
  /** Whether runs of two or more spaces mark former blank lines in this text. */
  private gapsMarkBreaks = false;
  private readonly pieces: FlatPiece[] = [];

  constructor(
    private readonly text: string,
    private readonly from: number,
    private readonly to: number,
  ) {}

  segment(guide: StructureGuide | undefined): FlatPiece[] {
    this.gapsMarkBreaks = this.detectGaps();
    if (guide) this.transfer(guide);
    let pos = this.skipSpace(this.from);
    while (pos < this.to) {
      const transferred = this.transferred.get(pos);
      if (transferred !== undefined) {
        const label = matchLabel(this.text.slice(pos, Math.min(transferred.end, pos + 60)));
        if (label) this.count(label);
        this.push(pos, transferred.end, true, { kind: 'heading', depth: transferred.depth });
        pos = this.skipSpace(transferred.end);
        continue;
      }
      // Where the other edition starts a block, the flat text holds that block, not a heading.
      const role = this.blockRoles.get(pos);
      if (role !== undefined) {
        const label = this.labelAt(pos);
        if (label) this.count(label);
        pos = this.body(pos, role);
        continue;
      }
      const heading = this.headingAt(pos, pos === this.from || this.pieces[this.pieces.length - 1]?.heading === true);
      if (heading) {
        pos = heading;
        continue;
      }
      const label = this.labelAt(pos);
      if (label) this.count(label);
      pos = this.body(pos);
    }
    return this.pieces;
  }

  /** Whether runs of 2+ spaces are a minority of the gaps after sentence ends, so that they mark blank lines. */
  private detectGaps(): boolean {
    let wide = 0;
    let narrow = 0;
    for (let i = this.from + 1; i < this.to; i++) {
      if (!isWhiteSpace(this.text.charCodeAt(i)) || isWhiteSpace(this.text.charCodeAt(i - 1))) continue;
      let j = i;
      while (j < this.to && isWhiteSpace(this.text.charCodeAt(j))) j++;
      if (isTerminal(this.text[i - 1])) {
        if (j - i >= 2) wide++;
        else narrow++;
      }
      i = j;
    }
    return wide > 0 && wide < (wide + narrow) * 0.6;
  }

  /**
   * Finds the guide's block edges and headings in the flat text, each in reading order; records them as cuts, and
   * the role the guide gives each piece that starts at one of them. Blocks go first, so that a heading is looked
   * for where a piece may start: after a sentence's end, a block's end or another heading, never inside a
   * sentence that happens to hold its words ("not a consumer (see consumer)." before the heading "consumer").
   */
  private transfer(guide: StructureGuide): void {
    this.learnItemSchemes(guide);
    const folded = fold(this.text, this.from, this.to);
    const at = (index: number): number => folded.offsets[index] as number;
    // Block edges: where a block of the other edition starts or ends word for word.
    let cursor = 0;
    // List items of the guide found here with their marker, and those found only without it (by guide index).
    let markedItems = 0;
    const unmarked: Array<{ index: number; start: number; end: number }> = [];
    for (let b = 0; b < guide.blocks.length; b++) {
      const block = guide.blocks[b] as StructureGuide['blocks'][number];
      let value = foldString(block.value);
      if (value.length < 12) continue;
      let head = value.slice(0, EDGE_LENGTH);
      let start = this.findWord(folded.text, head, cursor, value.length > EDGE_LENGTH ? 'start' : 'both');
      const marker = block.kind === 'listItem' ? matchLabel(block.value) : null;
      if (marker !== null && start >= 0) markedItems++;
      if (marker !== null && start < 0) {
        // The item's words without its marker ("* July 7, 2009: …" as "July 7, 2009: …"): the flat text wrote
        // them, but not as an item of a list.
        const words = foldString(block.value.slice(marker.titleStart));
        // Its first half at most, so that an item whose end changed is still found by its start.
        const prefix = words.slice(0, Math.min(EDGE_LENGTH, Math.max(24, words.length >> 1)));
        const found = words.length < 12 ? -1 : this.findWord(folded.text, prefix, cursor, 'start');
        if (found >= 0 && this.afterBreak(at(found)) && !this.markerBefore(at(found), marker)) {
          const tail = words.slice(-EDGE_LENGTH);
          const end = this.findWord(folded.text, tail, found, 'end');
          // An item whose end changed ("… ad policy (http://…)." against "… ad policy.") still holds its place.
          unmarked.push({ index: b, start: at(found), end: end >= 0 ? at(end + tail.length - 1) + 1 : -1 });
          cursor = end >= 0 ? end + tail.length : found + 1;
          continue;
        }
        // Looked up as written otherwise, below (its tail may still be found).
        value = foldString(block.value);
        head = value.slice(0, EDGE_LENGTH);
        start = -1;
      }
      let blockStart = -1;
      if (start >= 0) {
        blockStart = at(start);
        // A list item whose marker the other edition does not have ("* July 7, 2009: …" against "July 7, …"):
        // the piece starts at the marker.
        const marker = this.bulletBefore(blockStart);
        // An article's first paragraph runs on from its label ("第一条　この法律は…"): no cut between them.
        if (!this.afterArticleLabel(blockStart)) {
          this.cuts.add(marker);
          this.blockRoles.set(marker, marker < blockStart ? 'listItem' : block.kind);
        }
        blockStart = marker;
        cursor = start + 1;
      }
      const tail = value.slice(-EDGE_LENGTH);
      // A short block's tail is its head: look for it where the block starts.
      const end = this.findWord(
        folded.text,
        tail,
        start >= 0 ? start : cursor,
        value.length > EDGE_LENGTH ? 'end' : 'both',
      );
      if (end >= 0 && (start < 0 || end >= start)) {
        const blockEnd = at(end + tail.length - 1) + 1;
        this.cuts.add(blockEnd);
        if (blockStart >= 0) this.blockEnds.set(blockStart, blockEnd);
        cursor = end + tail.length;
      }
    }
    this.joinUnmarked(unmarked, markedItems);
    // Headings: exact text, then the title after some label (a renumbered heading), then the label with a title
    // close to the guide's (a retitled heading), in reading order and where a piece may start.
    cursor = 0;
    let lastEnd = -1;
    const hits: Array<{ first: number; after: number; fuzzy: boolean } | null> = [];
    const startsPiece = (offset: number): boolean => this.startsPiece(offset, lastEnd);
    for (const heading of guide.headings) {
      const value = foldString(heading.value);
      let hit: { first: number; after: number; fuzzy: boolean } | null = null;
      // A numbered heading with a title of two words or more is rarely quoted word for word inside a sentence.
      const distinctive = heading.label !== null && heading.title.trim().split(/\s+/).length >= 2;
      for (let index = value.length < 2 ? -1 : this.findWord(folded.text, value, cursor); index >= 0; ) {
        if (distinctive || startsPiece(at(index))) {
          hit = { first: index, after: index + value.length, fuzzy: false };
          break;
        }
        index = this.findWord(folded.text, value, index + 1);
      }
      if (!hit && heading.label !== null) {
        const span =
          (heading.title.length >= 4 ? this.renumbered(folded, heading, cursor, startsPiece) : null) ??
          this.retitled(folded, heading, cursor, startsPiece);
        if (span) hit = { first: span[0], after: span[1], fuzzy: true };
      }
      hits.push(hit);
      if (!hit) continue;
      cursor = hit.after;
      lastEnd = at(hit.after - 1) + 1;
    }
    // Second look, between the headings found: a heading that the text before it does not close (a changed
    // paragraph without a full stop) is still one where the next piece starts right after it.
    for (let k = 0; k < hits.length; k++) {
      if (hits[k]) continue;
      const heading = guide.headings[k] as StructureGuide['headings'][number];
      const value = foldString(heading.value);
      if (value.length < 2) continue;
      let from = 0;
      for (let j = k - 1; j >= 0; j--) {
        const before = hits[j];
        if (before) {
          from = before.after;
          break;
        }
      }
      let to = folded.text.length;
      for (let j = k + 1; j < hits.length; j++) {
        const after = hits[j];
        if (after) {
          to = after.first;
          break;
        }
      }
      for (let index = this.findWord(folded.text, value, from); index >= 0 && index + value.length <= to; ) {
        const next = this.skipSpace(at(index + value.length - 1) + 1);
        const nextHeading = index + value.length >= to || hits.some((h) => h !== null && at(h.first) === next);
        if (this.cuts.has(next) || nextHeading || next >= this.to) {
          hits[k] = { first: index, after: index + value.length, fuzzy: false };
          break;
        }
        index = this.findWord(folded.text, value, index + 1);
      }
    }
    const found = hits.flatMap((hit, k) =>
      hit ? [{ ...hit, depth: (guide.headings[k] as { depth: number }).depth }] : [],
    );
    for (let k = 0; k < found.length; k++) {
      const hit = found[k] as (typeof found)[number];
      const start = at(hit.first);
      let end = at(hit.after - 1) + 1;
      // A heading found by its label and a title close to the guide's runs on to where the next piece starts, when
      // that is near and no sentence ends on the way ("Fünfter Titel - Verwarnung mit Strafvorbehalt Absehen …").
      if (hit.fuzzy)
        end = this.extendTitle(end, k + 1 < found.length ? at((found[k + 1] as typeof hit).first) : this.to);
      this.transferHeading(start, end, hit.depth);
    }
  }

  /**
   * Guide list items that the flat text holds without their markers, while it keeps the markers of other items
   * (`markedItems`), were not a list in this edition: a run of them (consecutive in the guide) is read as one
   * paragraph — lines of one block, as a change log written with line breaks and later made a list — with no cut
   * at the items' edges, nor at wide spaces inside it. The aligner then sees one block against the items (a split
   * or a merge) instead of pieces the text does not mark. A lone unmarked item is a paragraph of its own.
   */
  private joinUnmarked(
    unmarked: ReadonlyArray<{ index: number; start: number; end: number }>,
    markedItems: number,
  ): void {
    for (let k = 0; k < unmarked.length; ) {
      let last = k;
      while (
        last + 1 < unmarked.length &&
        (unmarked[last + 1] as (typeof unmarked)[number]).index ===
          (unmarked[last] as (typeof unmarked)[number]).index + 1
      )
        last++;
      const first = unmarked[k] as (typeof unmarked)[number];
      // A last item whose end was not found is left out of the run and stands alone.
      let runEnd = last;
      while (runEnd > k && (unmarked[runEnd] as (typeof unmarked)[number]).end < 0) runEnd--;
      const end = (unmarked[runEnd] as (typeof unmarked)[number]).end;
      const joined = runEnd > k && markedItems > 0;
      const spans = joined
        ? [{ start: first.start, end }, ...unmarked.slice(runEnd + 1, last + 1)]
        : unmarked.slice(k, last + 1);
      for (const span of spans) {
        if (span.end < 0) {
          this.cuts.add(span.start);
          this.blockRoles.set(span.start, 'paragraph');
          continue;
        }
        if (joined) for (const cut of [...this.cuts]) if (cut > span.start && cut < span.end) this.cuts.delete(cut);
        this.cuts.add(span.start);
        this.cuts.add(span.end);
        this.blockRoles.set(span.start, 'paragraph');
        this.blockEnds.set(span.start, span.end);
      }
      k = last + 1;
    }
  }

  /**
   * Whether the flat text has a list marker just before `offset`: a bullet, or a label of the guide marker's kind
   * that starts a piece ("５" for the guide's renumbered "６"; not "Section 2." at the end of a sentence).
   */
  private markerBefore(offset: number, marker: LabelMatch): boolean {
    if (this.bulletBefore(offset) < offset) return true;
    if (marker.kind === 'bullet') return false;
    const end = this.skipSpaceBack(offset);
    let start = end;
    while (start > this.from && !isWhiteSpace(this.text.charCodeAt(start - 1))) start--;
    const label = start < end ? matchLabel(this.text.slice(start, offset)) : null;
    if (label === null || label.labelEnd < end - start || label.kind !== marker.kind) return false;
    return this.afterBreak(start);
  }

  /**
   * Whether a piece could start at `offset` before any cut is known: the span's start, a former blank line, or
   * the end of a sentence or of a line that introduces what follows ("**Change log:**"), markup aside.
   */
  private afterBreak(offset: number): boolean {
    if (this.gapBefore(offset)) return true;
    let end = this.skipSpaceBack(offset);
    if (end <= this.from) return true;
    if (end === offset) return false;
    while (end > this.from && /[*_]/.test(this.text[end - 1] as string)) end--;
    return this.boundary(end) || OPENING_PUNCTUATION.has(this.text[end - 1] as string);
  }

  /** The end of a title that may run on from `end` to the next piece start (a cut, or `limit`), or `end`. */
  private extendTitle(end: number, limit: number): number {
    let next = this.skipSpace(end);
    let words = 0;
    let pos = next;
    while (pos < limit && !this.cuts.has(pos)) {
      let wordEnd = pos;
      while (wordEnd < this.to && !isWhiteSpace(this.text.charCodeAt(wordEnd))) wordEnd++;
      if (isTerminal(this.text[wordEnd - 1]) || ++words > MAX_TITLE_WORDS / 2) return end;
      next = wordEnd;
      pos = this.skipSpace(wordEnd);
    }
    return words > 0 && (pos >= limit || this.cuts.has(pos)) ? next : end;
  }

  /**
   * The numbering schemes the other edition uses for list items and never for headings ("(1)" Absätze and "1."
   * items of a German statute): a label of such a scheme found inline starts an item, not a heading.
   */
  private learnItemSchemes(guide: StructureGuide): void {
    const headingSchemes = new Set<string>();
    for (const heading of guide.headings) {
      const label = heading.label === null ? null : matchLabel(heading.value.trimStart().slice(0, 60));
      if (label) headingSchemes.add(label.scheme);
    }
    for (const block of guide.blocks) {
      if (block.kind !== 'listItem') continue;
      const label = matchLabel(block.value.slice(0, 60));
      if (label && label.kind !== 'bullet' && !headingSchemes.has(label.scheme)) this.itemSchemes.add(label.scheme);
    }
  }

  /**
   * Whether a piece may start at `offset`: the span's start, a block edge of the guide, just after a heading found
   * before (`lastEnd`), or after the end of a sentence (or a Japanese clause).
   */
  private startsPiece(offset: number, lastEnd: number): boolean {
    if (offset <= this.from || this.cuts.has(offset)) return true;
    let k = offset;
    while (k > this.from && isWhiteSpace(this.text.charCodeAt(k - 1))) k--;
    if (k === offset) return false;
    return k <= this.from || k === lastEnd || this.cuts.has(k) || this.boundary(k);
  }

  /** A renumbered heading: the guide's title after some other label, as [start, end) folded indexes, or null. */
  private renumbered(
    folded: Folded,
    heading: StructureGuide['headings'][number],
    cursor: number,
    startsPiece: (offset: number) => boolean,
  ): [number, number] | null {
    const title = foldString(heading.title);
    for (let t = this.findWord(folded.text, title, cursor); t >= 0; t = this.findWord(folded.text, title, t + 1)) {
      const start = this.labelBefore(folded.offsets[t] as number);
      if (start === null || !startsPiece(start)) continue;
      return [this.foldedIndex(folded, start), t + title.length];
    }
    return null;
  }

  /**
   * A retitled heading: the guide's label where a piece may start, followed by words close to the guide's title
   * (word Dice ≥ 0.5 over a run of about as many words), as [start, end) folded indexes, or null. The label is the
   * anchor (as in anchor-based alignment); the title may have changed a little ("Initiatives" → "Efforts").
   */
  private retitled(
    folded: Folded,
    heading: StructureGuide['headings'][number],
    cursor: number,
    startsPiece: (offset: number) => boolean,
  ): [number, number] | null {
    const label = foldString(heading.label ?? '');
    const titleWords = foldString(heading.title)
      .split(' ')
      .filter((word) => /[\p{L}\p{N}]/u.test(word));
    if (label.length === 0 || titleWords.length < 2) return null;
    let tries = 0;
    for (
      let l = this.findWord(folded.text, label, cursor);
      l >= 0 && tries < 8;
      l = this.findWord(folded.text, label, l + 1)
    ) {
      if (!startsPiece(folded.offsets[l] as number)) continue;
      tries++;
      // The words after the label, as many as the title has and four more (words put in before the old title).
      const words: Array<[number, number]> = [];
      let w = l + label.length;
      while (words.length < titleWords.length + 4 && w < folded.text.length) {
        while (folded.text[w] === ' ') w++;
        let e = w;
        while (e < folded.text.length && folded.text[e] !== ' ') e++;
        if (e > w) words.push([w, e]);
        w = e;
      }
      // The shortest run that holds the most of the title's words; kept when it holds most of them and is not
      // much longer than the title (word Dice ≥ 0.4).
      const title = new Set(titleWords);
      const seen = new Set<string>();
      let best = 0;
      let bestEnd = -1;
      const run: string[] = [];
      for (const [a, b] of words) {
        const word = folded.text.slice(a, b);
        if (!/[\p{L}\p{N}]/u.test(word)) continue;
        run.push(word);
        if (title.has(word)) seen.add(word);
        if (seen.size > best && wordDice(run, titleWords) >= 0.4) {
          best = seen.size;
          bestEnd = b;
        }
      }
      if (best >= title.size * 0.6 && bestEnd > 0) return [l, bestEnd];
    }
    return null;
  }

  /** The folded index of the text offset `offset` (the first folded character at or after it). */
  private foldedIndex(folded: Folded, offset: number): number {
    let lo = 0;
    let hi = folded.offsets.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((folded.offsets[mid] as number) < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Records a heading found in the flat text. A heading the other edition wrote over several lines ("Chapter 3" +
   * its title line, "（目的）" + "第一条") becomes one piece per line, as the line parser expects them; an
   * article's label line runs on into its body, as it does in the statute itself.
   */
  private transferHeading(start: number, end: number, depth: number): void {
    for (const [from, to] of this.headingLines(start, end)) {
      const label = matchLabel(this.text.slice(from, to));
      this.cuts.add(from);
      if (to === end && label?.scheme === 'ja-article' && label.labelEnd >= to - from) break;
      this.transferred.set(from, { end: to, depth });
      this.blockRoles.delete(from);
      this.cuts.add(to);
    }
  }

  /** The parts of a found heading that were lines of their own: a caption, a bare label, a title. */
  private headingLines(start: number, end: number): Array<[number, number]> {
    const value = this.text.slice(start, end);
    const parts: Array<[number, number]> = [];
    // A bracketed caption before an article label, or a bare keyword label before its title.
    const caption = /^[（(][^）)]{1,30}[）)]\s+/.exec(value);
    if (caption && matchLabel(value.slice(caption[0].length))?.scheme === 'ja-article') {
      parts.push([start, start + caption[0].trimEnd().length], [start + caption[0].length, end]);
      return parts;
    }
    return [[start, end]];
  }

  /** The first occurrence of `needle` at or after `from` in folded text that starts and ends at word edges. */
  private findWord(haystack: string, needle: string, from: number, edges: 'both' | 'start' | 'end' = 'both'): number {
    let index = haystack.indexOf(needle, from);
    while (index >= 0) {
      const before = edges === 'end' || index === 0 || haystack[index - 1] === ' ';
      const after =
        edges === 'start' || index + needle.length >= haystack.length || haystack[index + needle.length] === ' ';
      if (before && after) return index;
      index = haystack.indexOf(needle, index + 1);
    }
    return -1;
  }

  /** Whether the word just before `offset` is a Japanese article label ("第一条", "第五条の二"). */
  private afterArticleLabel(offset: number): boolean {
    let end = offset;
    while (end > this.from && isWhiteSpace(this.text.charCodeAt(end - 1))) end--;
    let start = end;
    while (start > this.from && !isWhiteSpace(this.text.charCodeAt(start - 1))) start--;
    return start < end && matchLabel(this.text.slice(start, end))?.scheme === 'ja-article';
  }

  /** The start of a numbering label that ends just before `offset` (spaces between), or null. */
  private labelBefore(offset: number): number | null {
    let end = offset;
    while (end > this.from && isWhiteSpace(this.text.charCodeAt(end - 1))) end--;
    // A label is one or two words ("(3)", "Section 1", "第三章"): try the starts of the last two words.
    let start = end;
    for (let words = 0; words < 2 && start > this.from; words++) {
      while (start > this.from && !isWhiteSpace(this.text.charCodeAt(start - 1))) start--;
      const label = matchLabel(this.text.slice(start, offset));
      if (label && label.kind !== 'bullet' && start + label.labelEnd >= end) return start;
      while (start > this.from && isWhiteSpace(this.text.charCodeAt(start - 1))) start--;
    }
    return null;
  }

  /** Records a label's ordinal as the last seen in its scheme. */
  private count(label: LabelMatch): void {
    if (label.ordinal !== null) this.last.set(label.scheme, label.ordinal);
  }

  /** Whether a label found inline continues its scheme's numbering (or starts one at 1). */
  private continues(label: LabelMatch): boolean {
    if (label.kind === 'bullet') return false;
    const readings = label.alternative ? [label, label.alternative] : [label];
    for (const reading of readings) {
      if (reading.ordinal === null) return label.kind === 'keyword';
      const last = this.last.get(reading.scheme);
      if (last === undefined) {
        if (label.kind === 'keyword' || reading.ordinal === 1) return true;
        // A Japanese article's numbered paragraphs start at ２ (the first has no number).
        if (reading.scheme === 'fullwidth-arabic' && reading.ordinal === 2) return true;
        continue;
      }
      if (reading.ordinal === last + 1 || reading.ordinal === 1) return true;
      if (label.kind === 'keyword' && reading.ordinal > last && reading.ordinal <= last + 3) return true;
      if (reading.scheme === 'fullwidth-arabic' && reading.ordinal === 2) return true;
    }
    return false;
  }

  /** A label at `pos` that may start a heading or an item there, or null. */
  private labelAt(pos: number): LabelMatch | null {
    const label = matchLabel(this.text.slice(pos, Math.min(this.to, pos + 60)));
    if (!label || label.kind === 'bullet') return null;
    // A label must end at a word edge ("1 National", "(1)", "第一条　").
    const after = this.text.charCodeAt(pos + label.labelEnd);
    if (pos + label.labelEnd < this.to && !isWhiteSpace(after) && label.kind !== 'item') return null;
    return this.continues(label) ? label : null;
  }

  /**
   * Tries to read a heading (or a Japanese caption) at `pos`; pushes it and returns the offset after it, or 0.
   * `afterHeading`: the text before is a heading, not a sentence (so a bare number may start a heading here).
   */
  private headingAt(pos: number, afterHeading: boolean): number {
    const caption = this.captionAt(pos);
    if (caption) {
      this.push(pos, caption, true);
      return this.skipSpace(caption);
    }
    const label = this.labelAt(pos);
    if (!label) return 0;
    if (label.scheme === 'ja-article') return 0; // an article is its body's first piece
    // What a colon or a comma introduces goes on with the sentence ("Zuletzt geändert durch :   Art. 5 …").
    if (OPENING_PUNCTUATION.has(this.text[this.skipSpaceBack(pos) - 1] as string)) return 0;
    if (this.itemSchemes.has(label.scheme)) return 0;
    const titleStart = pos + label.titleStart;
    if (label.scheme.startsWith('ja-') || label.scheme === 'kanji' || label.scheme.startsWith('paren-kanji')) {
      if (!label.scheme.startsWith('ja-')) return 0;
      // 第一章　総則: the title is the next word; a Japanese title has no spaces.
      let end = this.skipSpace(pos + label.labelEnd);
      while (end < this.to && !isWhiteSpace(this.text.charCodeAt(end))) end++;
      if (this.text.slice(pos, end).includes('。')) return 0;
      this.count(label);
      this.push(pos, end, true);
      return this.skipSpace(end);
    }
    const end = this.titleEnd(titleStart, label);
    if (end === null) return 0;
    if (end <= pos + label.labelEnd && label.kind !== 'keyword' && !afterHeading) return 0;
    this.count(label);
    this.push(pos, Math.max(end, pos + label.labelEnd), true);
    return this.skipSpace(Math.max(end, pos + label.labelEnd));
  }

  /** A bracketed caption "（目的）" followed by an article "第一条" at `pos`: the offset after it, or 0. */
  private captionAt(pos: number): number {
    const open = this.text[pos];
    if (open !== '（' && open !== '(') return 0;
    const close = open === '（' ? '）' : ')';
    const limit = Math.min(this.to, pos + 40);
    let end = pos + 1;
    while (end < limit && this.text[end] !== close && this.text[end] !== '。') end++;
    if (this.text[end] !== close) return 0;
    const next = this.skipSpace(end + 1);
    if (next === end + 1 && next < this.to) return 0;
    const label = matchLabel(this.text.slice(next, Math.min(this.to, next + 30)));
    return label?.scheme === 'ja-article' ? end + 1 : 0;
  }

  /**
   * Where the title that starts at `start` ends: after the last word of Title Case shape before a sentence's first
   * word, a following label, a former blank line or the end. Null when no title shape is there at all.
   */
  private titleEnd(start: number, label: LabelMatch): number | null {
    const words: Array<[number, number]> = [];
    let pos = start;
    let stop = -1;
    while (pos < this.to && words.length <= MAX_TITLE_WORDS) {
      if (words.length > 0 && (this.cuts.has(pos) || this.gapBefore(pos))) break;
      if (words.length > 0 && this.labelAt(pos) !== null && !this.cuts.has(pos)) break;
      let end = pos;
      while (end < this.to && !isWhiteSpace(this.text.charCodeAt(end))) end++;
      const shape = this.wordShape(pos, end);
      if (shape === 'content' || shape === 'sentence-end') {
        stop = words.length;
        words.push([pos, end]);
        break;
      }
      words.push([pos, end]);
      pos = this.skipSpace(end);
    }
    if (words.length > MAX_TITLE_WORDS) return label.kind === 'keyword' ? start : null;
    if (stop < 0) return words.length > 0 ? (words[words.length - 1] as [number, number])[1] : start;
    // A title starts with a capital, a digit or a quote, never with a lower-case word ("1. ein übergeordnetes …").
    if (stop === 0 && this.wordShape(...(words[0] as [number, number])) === 'content') return null;
    // Back to the capitalised word that starts the body's first sentence.
    let body = stop - 1;
    while (body >= 0 && this.wordShape(...(words[body] as [number, number])) !== 'capital') body--;
    if (body > 0) return (words[body - 1] as [number, number])[1];
    // Sentence case ("(2) Territorial integrity Maintaining …"): the title runs to the next capitalised word.
    if (stop === 0 && words.length === 1 && this.wordShape(...(words[0] as [number, number])) === 'sentence-end')
      return null;
    let next = (words[0] as [number, number])[1];
    let scan = this.skipSpace(next);
    for (let count = 1; count < 6 && scan < this.to; count++) {
      let end = scan;
      while (end < this.to && !isWhiteSpace(this.text.charCodeAt(end))) end++;
      const shape = this.wordShape(scan, end);
      if (shape === 'capital') return next;
      if (shape === 'sentence-end') return null;
      next = end;
      scan = this.skipSpace(end);
    }
    return label.kind === 'keyword' ? start : null;
  }

  /** A word's shape: capitalised, a function word, punctuation, a lower-case content word, or a sentence's end. */
  private wordShape(start: number, end: number): 'capital' | 'function' | 'content' | 'sentence-end' {
    const last = this.text[end - 1];
    if (isTerminal(last) && !(last === '.' && isAbbreviationAt(this.text, end - 1, end + 1)) && last !== ',')
      return 'sentence-end';
    let i = start;
    while (i < end && /[“"‘'(「『[]/.test(this.text[i] as string)) i++;
    const char = this.text[i] ?? '';
    const word = this.text.slice(i, end).replace(/[,;:”"’')\]」』]+$/, '');
    if (FUNCTION_WORDS.has(word)) return 'function';
    if (/^[\p{Lu}\p{Lt}\p{N}]/u.test(char)) return 'capital';
    if (!/\p{L}/u.test(word)) return 'function';
    if (/^[\p{Lo}]/u.test(char)) return 'capital';
    return 'content';
  }

  /**
   * Reads body text from `pos` up to the next piece boundary; pushes it and returns the offset after it. A block the
   * other edition has (`role`) is not cut at the labels inside it ("24.3. … : (a) … (b) …") before its end.
   */
  private body(pos: number, role?: GuideBlockKind): number {
    const guidedEnd = role === undefined ? pos : (this.blockEnds.get(pos) ?? pos);
    const push = (end: number): void => this.push(pos, end, false, role === undefined ? undefined : { kind: role });
    let i = pos + 1;
    // While the piece reads as a title so far (a banner, a document title), any numbered heading may follow it.
    let titleShaped = true;
    let words = 0;
    let wordStart = pos;
    while (i < this.to) {
      const code = this.text.charCodeAt(i);
      if (isWhiteSpace(code)) {
        if (titleShaped) {
          const shape = this.wordShape(wordStart, i);
          words++;
          if (shape === 'content' || shape === 'sentence-end' || words > MAX_TITLE_WORDS) titleShaped = false;
        }
        const start = this.skipSpace(i);
        wordStart = start;
        if (start >= this.to) break;
        // Wide spaces after a label ("a)  Arzneimitteln") or a colon ("durch :   Art. 5") do not end a piece.
        const gap =
          this.gapsMarkBreaks &&
          start - i >= 2 &&
          start >= guidedEnd &&
          !this.isLabel(pos, i) &&
          !OPENING_PUNCTUATION.has(this.text[i - 1] as string);
        if (this.cuts.has(start) || gap) {
          push(i);
          return start;
        }
        // A bullet after a sentence's end starts a list item ("… paragraph. * May 17, 2011: …").
        if (start >= guidedEnd && this.boundary(i) && this.bulletAt(start)) {
          push(i);
          return start;
        }
        if (
          start >= guidedEnd &&
          (this.boundary(i) || (titleShaped && this.pieces.length === 0)) &&
          (this.captionAt(start) || this.labelAt(start))
        ) {
          push(i);
          return start;
        }
        i = start;
        continue;
      }
      if (this.cuts.has(i) && i > pos) {
        push(i);
        return i;
      }
      i++;
    }
    push(this.to);
    return this.to;
  }

  /** Whether a bullet marker ("*", "•", "-", "–", "・") stands alone as a word at `pos`. */
  private bulletAt(pos: number): boolean {
    const char = this.text[pos];
    return char !== undefined && BULLETS.has(char) && pos + 1 < this.to && isWhiteSpace(this.text.charCodeAt(pos + 1));
  }

  /** The offset of a bullet marker standing as the word just before `offset`, or `offset`. */
  private bulletBefore(offset: number): number {
    const end = this.skipSpaceBack(offset);
    return end < offset &&
      end - 1 >= this.from &&
      this.bulletAt(end - 1) &&
      (end - 1 === this.from || isWhiteSpace(this.text.charCodeAt(end - 2)))
      ? end - 1
      : offset;
  }

  /** Whether the text in [start, end) is a numbering label and nothing else ("a)" before two spaces). */
  private isLabel(start: number, end: number): boolean {
    if (end === start + 1 && BULLETS.has(this.text[start] as string)) return true;
    const label = matchLabel(this.text.slice(start, end));
    return label !== null && label.labelEnd >= end - start;
  }

  /** Whether the white space at `i` follows a sentence's end (or a Japanese clause), so a new piece may start. */
  private boundary(i: number): boolean {
    const before = this.text[i - 1] ?? '';
    if (isTerminal(before)) return !(before === '.' && isAbbreviationAt(this.text, i - 1, this.skipSpace(i)));
    // Closing quotes and brackets after a sentence's end, and a Japanese item's end (no full stop: "…行為 二").
    if (/[”"’)）」』]/.test(before))
      return (
        isTerminal(this.text[i - 2]) ||
        /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(this.text[i - 2] ?? '')
      );
    return /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(before);
  }

  /** Whether a run of two or more white space characters (a former blank line) ends just before `pos`. */
  private gapBefore(pos: number): boolean {
    return (
      this.gapsMarkBreaks &&
      pos - 2 >= this.from &&
      isWhiteSpace(this.text.charCodeAt(pos - 1)) &&
      isWhiteSpace(this.text.charCodeAt(pos - 2))
    );
  }

  /** The offset just after the last non-space character before `pos` (the span's start at most). */
  private skipSpaceBack(pos: number): number {
    while (pos > this.from && isWhiteSpace(this.text.charCodeAt(pos - 1))) pos--;
    return pos;
  }

  private skipSpace(pos: number): number {
    while (pos < this.to && isWhiteSpace(this.text.charCodeAt(pos))) pos++;
    return pos;
  }

  private push(start: number, end: number, heading: boolean, role?: PieceRole): void {
    let e = end;
    while (e > start && isWhiteSpace(this.text.charCodeAt(e - 1))) e--;
    if (e <= start) return;
    const piece: FlatPiece = { start, end: e, heading };
    if (role) piece.role = role;
    this.pieces.push(piece);
  }
}

/**
 * Cuts the flat span [from, to) of `text` into pieces (headings, captions, paragraphs and items), using the other
 * edition's structure when given. Pieces are in order, do not overlap, and cover every word of the span.
 */
export function segmentFlat(text: string, from: number, to: number, guide?: StructureGuide): FlatPiece[] {
  return new FlatSegmenter(text, from, to).segment(guide);
}
