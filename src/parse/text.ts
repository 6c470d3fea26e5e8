/**
 * The plain-text structure parser: text → document tree (sections, blocks, sentences) with exact positions and
 * diagnostics. Three linear passes: lines → blocks and units (line groups), units → headings and blocks, then the
 * outline stack nests them. See docs/spec/parsing.md for the rules and docs/diagnostics.md for the codes.
 */

import type { DiagnosticCode } from '../model/diagnostics.js';
import { LineIndex } from '../model/position.js';
import type {
  BoxNode,
  CaptionNode,
  Diagnostic,
  DocumentNode,
  HeadingNode,
  ListItemNode,
  ParagraphNode,
  SentenceNode,
} from '../model/tree.js';
import { splitCaptions } from './captions.js';
import { type FlatPiece, flattenedLine, type PieceRole, type StructureGuide, segmentFlat } from './flat.js';
import {
  isContentsTitle,
  isMetadataLine,
  isTerminal,
  type LabelMatch,
  MAX_HEADING_LENGTH,
  matchLabel,
} from './headings.js';
import { type HeadingPlacement, Outline, positionSections } from './outline.js';
import { isAbbreviationAt, isWhiteSpace, sentenceSpans, unmatchedQuotes } from './sentences.js';

/** Schemes of lettered list labels ("a)", "(a)", "(A)"). */
const LETTER_SCHEME = /^(?:letter-paren|paren-letter-)/;
/** Characters that end a sentence (a comma, colon or semicolon leaves it open). */
const SENTENCE_END = new Set(['.', '。', '!', '?', '！', '？', '．']);

/** Options of `parseText`. */
export interface ParseOptions {
  /** BCP 47 language of the text, a hint only (all schemes and abbreviations are always recognised). */
  locale?: string;
  /**
   * Whether `#` headings mark the structure, so that numbered lines are list items rather than headings.
   * `'auto'` (the default) turns this on when the text has at least two ATX heading lines.
   */
  markdown?: boolean | 'auto';
  /**
   * What an importer's markup knew about blocks of the text (an unnumbered `h2`, a `figcaption`, an `aside`): a
   * hint whose span covers a block makes it the hinted kind. Without hints the parser reads the text alone.
   */
  hints?: readonly BlockHint[];
  /**
   * For a flattened text (its line breaks gone): the other edition's structure, whose headings and block edges
   * are looked up in the text (structure transfer). Ignored for a text of ordinary lines.
   */
  structure?: StructureGuide;
  /** Whether a flattened text is cut into headings and paragraphs (default true); false reads it line by line. */
  flattened?: boolean;
}

/** What markup says about the block(s) of text in [start, end); the shape of the importers' BlockHint. */
export interface BlockHint {
  /** Offset where the hinted span starts. */
  start: number;
  /** Offset just past the hinted span. */
  end: number;
  kind: 'heading' | 'paragraph' | 'caption' | 'listItem' | 'box' | 'tableRow';
  /** For headings without a numbering label: the markup's level (h1 = 1), which decides the outline depth. */
  level?: number;
}

/** One input line: its span without the line break, and the span of its text without surrounding spaces. */
interface Line {
  start: number;
  end: number;
  contentStart: number;
  contentEnd: number;
}

/** Per-line facts computed once: the label at its start, ATX level, whether it is a bracketed line. */
interface LineFacts {
  content: string;
  label: LabelMatch | null;
  atx: number;
  bracketed: boolean;
}

/** The facts of every blank line (what lineFacts reads from ''), one object for all: the facts are never changed. */
const BLANK_LINE_FACTS: LineFacts = Object.freeze({ content: '', label: null, atx: 0, bracketed: false });

/** What a unit (a group of lines inside a block) turned out to be. */
type UnitKind =
  | 'atx'
  | 'heading'
  | 'article'
  | 'line'
  | 'bracket'
  | 'paragraph'
  | 'listItem'
  | 'captions'
  | 'hintHeading'
  | 'caption';

/** A group of lines of one block that forms one heading or block. */
interface Unit {
  kind: UnitKind;
  firstLine: number;
  lastLine: number;
  start: number;
  end: number;
  /** Whether the unit is its block's only unit (a block standing alone between blank lines). */
  standalone: boolean;
  label: LabelMatch | null;
  /** For a heading hint: the markup's level. */
  level?: number;
  /** Index of the box hint the unit lies in, if any. */
  box?: number;
  /** A block the markup marked as a paragraph of its own (a code block, a link alone on its line): not a body. */
  marked?: boolean;
}

/** Most diagnostics of one code a document reports before a single `diagnostics-truncated` note. */
const MAX_DIAGNOSTICS_PER_CODE = 200;
const FRONT_MATTER_FENCE = /^(---|\.\.\.)$/;
const ATX = /^(#{1,6})(?=\s|$)/;
const ATX_CLOSING = /\s+#+$/;
/**
 * A permalink marker a page puts after a heading's text ("Summary #", "Scope ¶", "Terms 🔗"): markup of the page,
 * not the title's words, so it is left out of the title (the heading's value keeps it).
 */
const PERMALINK = /\s+(?:#|¶|🔗|⚓)$/u;

/** A heading's title without a trailing permalink marker. */
function withoutPermalink(title: string): string {
  return title.replace(PERMALINK, '');
}
const HAS_LETTER = /[\p{L}\p{N}]/u;
/**
 * A sentence that ends inside a line and another that starts after it ("… access to that Content. GitHub personnel
 * does not …"): a word of two or more lower-case letters, a full stop, and a capitalised word. A heading names what
 * follows in one phrase; a line holding two sentences is body text even when the second is cut off without a stop.
 * Initials and abbreviations ("U.S. State", "Art. 5") do not end in two lower-case letters; "Inc." is listed apart.
 */
const INNER_SENTENCE_END = /(?<!\b(?:Inc|Ltd|Co|etc|vs|Nr|St|Dr|Mr|Mrs|Ms))(?<=\p{Ll}{2})[.!?] +\p{Lu}\p{Ll}/u;
/** Shortest line in which an inner sentence end rules out a heading: short headings may hold a stop ("Mr. X"). */
const INNER_SENTENCE_MIN_LENGTH = 60;
/** Item schemes of Japanese statutes (号 items and their sub-items), whose lines end without a full stop. */
const JAPANESE_ITEM_SCHEMES: ReadonlySet<string> = new Set([
  'kanji',
  'katakana-iroha',
  'katakana-aiueo',
  'paren-kanji',
  'paren-katakana-iroha',
  'paren-katakana-aiueo',
  'fullwidth-arabic',
]);
/** A line ending in an abbreviation that closes a listing, as headings do ("China / Mongolia, etc."). */
const ABBREVIATION_END = /(?:\betc|\bet al|\bInc|\bLtd|\bCo|\busw|\bu\.a)\.$/;
/** A heading title's first character: a capital, a digit, a quote or a CJK character. */
const TITLE_START = /^[\p{Lu}\p{Lt}\p{N}“"‘'«„\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
/** A body sentence's first character: a capital letter, a quote or a CJK character (not a lower-case wrap). */
const SENTENCE_START = /^[\p{Lu}\p{Lt}“"‘'«„\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
/**
 * The whole title of a repealed provision, a placeholder that keeps its number: "(weggefallen)", "aufgehoben",
 * "[Repealed]", "Abrogé", "削除".
 */
const REPEALED =
  /^[([（【]?\s*(?:weggefallen|aufgehoben|entfällt|repealed|deleted|omitted|abrogée?s?|supprimée?s?|削除)\s*[)\]）】]?\.?$/iu;

/** A CommonMark backslash escape of ASCII punctuation. */
const MARKDOWN_ESCAPE = /\\([!-/:-@[-`{-~])/g;
/** A heading wholly wrapped in strong or emphasis markers. */
const WRAPPING_EMPHASIS = /^(\*\*|__|\*|_)(?=\S)([\s\S]*?\S)\1$/;

/** Heading text as Markdown renders it: wrapping emphasis removed, backslash escapes undone. */
function readableMarkdown(text: string): string {
  const unwrapped = WRAPPING_EMPHASIS.exec(text)?.[2] ?? text;
  return unwrapped.replace(MARKDOWN_ESCAPE, '$1');
}

/** A label whose closing mark a Markdown writer escaped ("5\\. Fees", "b\\) Scope"): the mark is the backslash's. */
const ESCAPED_LABEL = /^([^\s\\]{1,12})\\([.)])/;

/**
 * The label of a line that starts with an escaped list marker, read as Markdown renders it ("5\\. Fees, Payment"
 * is "5." and its title, as the same line of an edition without the escape): offsets stay those of the line as
 * written, the label is the readable one (as for ATX headings). Null when there is none.
 */
function escapedLabel(content: string): LabelMatch | null {
  // ESCAPED_LABEL needs its backslash at offset 1 to 12: most lines have none, and this test costs less than the match.
  const backslash = content.indexOf('\\');
  if (backslash < 1 || backslash > 12) return null;
  const escaped = ESCAPED_LABEL.exec(content);
  if (!escaped) return null;
  const marker = escaped[1] as string;
  const label = matchLabel(`${marker}${escaped[2]}${content.slice(escaped[0].length)}`);
  // A bare escaped marker ("4\\." alone on its line) stays text: only a label with its title is read.
  if (!label || label.labelEnd !== marker.length + 1 || label.titleStart >= content.length - 1) return null;
  return { ...label, labelEnd: label.labelEnd + 1, titleStart: label.titleStart + 1 };
}

/** Splits `text` into lines, recognising "\n", "\r\n" and a lone "\r" as line ends (as LineIndex does). */
function scanLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  const length = text.length;
  // Without a carriage return, each line ends at the next "\n": found by indexOf, not by reading every character
  // in JavaScript (the parser's first pass over the text, run before the JIT has compiled anything).
  const newlinesOnly = text.indexOf('\r') < 0;
  while (start <= length) {
    let end = start;
    if (newlinesOnly) {
      end = text.indexOf('\n', start);
      if (end < 0) end = length;
    } else
      while (end < length) {
        const code = text.charCodeAt(end);
        if (code === 10 || code === 13) break;
        end++;
      }
    let contentStart = start;
    while (contentStart < end && isWhiteSpace(text.charCodeAt(contentStart))) contentStart++;
    let contentEnd = end;
    while (contentEnd > contentStart && isWhiteSpace(text.charCodeAt(contentEnd - 1))) contentEnd--;
    lines.push({ start, end, contentStart, contentEnd });
    if (end >= length) break;
    start = end + (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? 2 : 1);
  }
  return lines;
}

/** Whether a line holds nothing but white space. */
function isBlank(line: Line): boolean {
  return line.contentStart === line.contentEnd;
}

/** Index of the first line after a YAML front-matter block ("---" … "---") at the very start, or 0. */
function frontMatterEnd(text: string, lines: Line[]): number {
  const first = lines[0];
  if (!first || text.slice(first.contentStart, first.contentEnd) !== '---') return 0;
  const limit = Math.min(lines.length, 500);
  for (let i = 1; i < limit; i++) {
    const line = lines[i] as Line;
    if (FRONT_MATTER_FENCE.test(text.slice(line.contentStart, line.contentEnd)) && line.contentStart === line.start)
      return i + 1;
  }
  return 0;
}

/** Paren balance change of a line, for not splitting a block inside "(… S.\n30)". */
function parenDelta(content: string): number {
  let delta = 0;
  // Code units, not one-character strings: this reads every character of the text, and indexing a string outside
  // Latin-1 allocates a string per character.
  for (let i = 0; i < content.length; i++) {
    const code = content.charCodeAt(i);
    if (code === 0x28 || code === 0xff08) delta++;
    else if (code === 0x29 || code === 0xff09) delta--;
  }
  return delta;
}

/** Whether a line's text is entirely one bracketed phrase, like the article caption "（目的）". */
function isBracketed(content: string): boolean {
  if (content.length < 3 || content.length > 80) return false;
  const open = content[0];
  const close = content[content.length - 1];
  if (!((open === '(' && close === ')') || (open === '（' && close === '）'))) return false;
  // The first closing bracket must be the last character: "(a) … (b)" is not one phrase.
  const inner = content.slice(1, -1);
  return !inner.includes(close) && !inner.includes(open);
}

const HINT_KINDS: ReadonlySet<string> = new Set(['heading', 'paragraph', 'caption', 'listItem', 'box', 'tableRow']);

/** The hints that make sense for a text of `length` characters, sorted by start (longest first at one start). */
function validHints(hints: readonly BlockHint[] | undefined, length: number): BlockHint[] {
  if (!hints || hints.length === 0) return [];
  const valid = hints.filter(
    (hint) =>
      Number.isInteger(hint.start) &&
      Number.isInteger(hint.end) &&
      hint.start >= 0 &&
      hint.start < hint.end &&
      hint.end <= length &&
      HINT_KINDS.has(hint.kind),
  );
  return valid.sort((a, b) => a.start - b.start || b.end - a.end);
}

/** The parser's working state for one text. */
class TextParser {
  private readonly lineIndex: LineIndex;
  private readonly diagnostics: Diagnostic[] = [];
  private readonly counts = new Map<string, number>();
  private readonly document: DocumentNode;
  private readonly outline: Outline;
  private lines: Line[] = [];
  private facts: LineFacts[] = [];
  private units: Unit[] = [];
  private markdown = false;
  /** Valid non-box hints, sorted by start. */
  private readonly blockHints: BlockHint[];
  /** Valid box hints, sorted by start, outermost first. */
  private readonly boxHints: BlockHint[];
  private hintCursor = 0;
  /** The children of the box being emitted, which receive blocks instead of the outline. */
  private boxSink: BoxNode['children'] | null = null;

  constructor(
    private readonly text: string,
    private readonly options: ParseOptions,
  ) {
    this.lineIndex = new LineIndex(text);
    this.document = { type: 'document', children: [], data: { diagnostics: this.diagnostics } };
    if (text.length > 0) this.document.position = this.lineIndex.position(0, text.length);
    this.outline = new Outline(this.document, this.diagnostics);
    const hints = validHints(options.hints, text.length);
    this.blockHints = hints.filter((hint) => hint.kind !== 'box');
    this.boxHints = hints.filter((hint) => hint.kind === 'box');
  }

  parse(): DocumentNode {
    this.lines = scanLines(this.text);
    const firstContentLine = frontMatterEnd(this.text, this.lines);
    if (firstContentLine > 0) {
      const end = (this.lines[firstContentLine - 1] as Line).end;
      this.diagnose('front-matter', 'info', 'YAML front matter skipped', 0, end);
    }
    const pieces = this.options.flattened === false ? null : this.flatten(firstContentLine);
    this.facts = this.lines.map((line) => this.lineFacts(line));
    let atxLines = 0;
    for (let i = firstContentLine; i < this.facts.length; i++) if ((this.facts[i] as LineFacts).atx > 0) atxLines++;
    const markdown = this.options.markdown ?? 'auto';
    this.markdown = markdown === 'auto' ? atxLines >= 2 : markdown;
    if (pieces) this.flatUnits(firstContentLine, pieces);
    else this.buildUnits(firstContentLine);
    this.openEnumerations();
    this.keepListsTogether();
    if (this.units.length === 0) {
      this.diagnose('empty-document', 'info', 'the text holds no words', undefined, undefined);
      return this.document;
    }
    this.emit();
    positionSections(this.document.children, this.lineIndex);
    return this.document;
  }

  /**
   * When the text is flattened (one long line holding most of it) and a segmentation finds structure in it, swaps
   * that line for one virtual line per piece; returns the pieces by virtual line index, or null.
   */
  private flatten(firstLine: number): Map<number, FlatPiece> | null {
    if (this.boxHints.length > 0 || this.blockHints.length > 0) return null;
    const content = this.lines.slice(firstLine).map((line) => ({ start: line.contentStart, end: line.contentEnd }));
    const index = flattenedLine(content);
    if (index < 0) return null;
    const line = this.lines[firstLine + index] as Line;
    const guide = this.options.structure;
    const pieces = segmentFlat(this.text, line.contentStart, line.contentEnd, guide);
    // Without a guide, only numbered headings found inline are evidence enough to read the line as structure.
    if (pieces.length < 2 || (!guide && !pieces.some((piece) => piece.heading))) {
      this.document.data = { ...this.document.data, structure: 'flat' };
      return null;
    }
    const virtual: Line[] = pieces.map((piece) => ({
      start: piece.start,
      end: piece.end,
      contentStart: piece.start,
      contentEnd: piece.end,
    }));
    const at = firstLine + index;
    this.lines = [...this.lines.slice(0, at), ...virtual, ...this.lines.slice(at + 1)];
    const byLine = new Map<number, FlatPiece>();
    for (let k = 0; k < pieces.length; k++) byLine.set(at + k, pieces[k] as FlatPiece);
    this.document.data = { ...this.document.data, structure: guide ? 'transferred' : 'inferred' };
    this.diagnose(
      'structure-inferred',
      'info',
      guide
        ? "the text has no line breaks: its headings and paragraphs were found with the other edition's structure as a guide"
        : 'the text has no line breaks: its headings and paragraphs were inferred from numbering and title shapes',
      line.contentStart,
      line.contentEnd,
    );
    return byLine;
  }

  /**
   * Units of a flattened text: each line or piece one unit; a piece starting with an item label is not alone. A
   * piece the other edition gave a role (structure transfer) takes it, as a markup hint would: its headings with
   * their depth there, its paragraphs and list items as such, whatever their shape says.
   */
  private flatUnits(firstLine: number, pieces: Map<number, FlatPiece>): void {
    for (let i = firstLine; i < this.lines.length; i++) {
      if (isBlank(this.lines[i] as Line)) continue;
      const piece = pieces.get(i);
      const facts = this.facts[i] as LineFacts;
      const label = facts.label;
      if (piece?.role && this.addRole(i, piece.role, facts)) continue;
      const item = piece !== undefined && !piece.heading && (label?.kind === 'item' || label?.kind === 'bullet');
      if (item) this.addUnit(i, i, false);
      else this.addBlock(i, i, false);
    }
  }

  /**
   * Adds line `i` as the unit its transferred role says; returns false for the pieces the line rules read better
   * (an article caption "（目的）" and an article's label, which pair up with what follows them).
   */
  private addRole(i: number, role: PieceRole, facts: LineFacts): boolean {
    const line = this.lines[i] as Line;
    const unit: Unit = {
      kind: 'paragraph',
      firstLine: i,
      lastLine: i,
      start: line.contentStart,
      end: line.contentEnd,
      standalone: true,
      label: facts.label,
    };
    if (role.kind === 'heading') {
      if (facts.bracketed || facts.label?.scheme === 'ja-article' || isMetadataLine(facts.content)) return false;
      unit.kind = 'hintHeading';
      if (role.depth > 0) unit.level = Math.min(9, role.depth);
    } else if (role.kind === 'listItem') {
      if (facts.label === null || facts.label.kind === 'plain') return false;
      unit.kind = 'listItem';
      unit.standalone = false;
    } else if (role.kind === 'caption') unit.kind = 'caption';
    this.units.push(unit);
    return true;
  }

  private lineFacts(line: Line): LineFacts {
    if (line.contentStart === line.contentEnd) return BLANK_LINE_FACTS;
    const content = this.text.slice(line.contentStart, line.contentEnd);
    const atxMatch = content.charCodeAt(0) === 0x23 /* # */ ? ATX.exec(content) : null;
    const label = atxMatch ? null : (matchLabel(content) ?? escapedLabel(content));
    return {
      content,
      label,
      atx: atxMatch ? (atxMatch[1] as string).length : 0,
      bracketed: label === null && isBracketed(content),
    };
  }

  /** Groups lines into blocks (by blank lines, or by lines when the text has no blank line) and blocks into units. */
  private buildUnits(firstLine: number): void {
    // Blocks as [first, last] line pairs, flat: one array, not one per block.
    const blocks: number[] = [];
    let blockStart = -1;
    for (let i = firstLine; i < this.lines.length; i++) {
      if (isBlank(this.lines[i] as Line)) {
        if (blockStart >= 0) {
          blocks.push(blockStart, i - 1);
          blockStart = -1;
        }
      } else if (blockStart < 0) blockStart = i;
    }
    if (blockStart >= 0) blocks.push(blockStart, this.lines.length - 1);
    // A text without a single blank line between its lines has one paragraph per line.
    const byLine = blocks.length === 2;
    // No push(...blocks): a spread of 200,000 blocks overflows the call stack.
    let spans = blocks;
    if (byLine) {
      const first = blocks[0] as number;
      const last = blocks[1] as number;
      spans = [];
      for (let i = first; i <= last; i++) spans.push(i, i);
    }
    let contentsNext = false;
    for (let b = 0; b < spans.length; b += 2) {
      const first = spans[b] as number;
      const last = spans[b + 1] as number;
      const hint = this.blockHints.length > 0 ? this.hintCovering(first, last) : null;
      if (hint) {
        // Blocks covered by one hint (a heading written over two blocks) are one unit.
        let to = b;
        while (to + 2 < spans.length && this.covers(hint, spans[to + 2] as number, spans[to + 3] as number)) to += 2;
        this.addHinted(first, spans[to + 1] as number, hint);
        b = to;
        contentsNext = false;
        continue;
      }
      if (byLine) this.addBlock(first, first, false);
      else contentsNext = this.addBlock(first, last, contentsNext);
    }
    if (this.boxHints.length > 0) this.assignBoxes();
  }

  /** Whether `hint` covers the text of lines first..last. */
  private covers(hint: BlockHint, first: number, last: number): boolean {
    return hint.start <= (this.lines[first] as Line).contentStart && (this.lines[last] as Line).contentEnd <= hint.end;
  }

  /** The innermost block hint covering lines first..last, or null; blocks arrive in order, so a cursor suffices. */
  private hintCovering(first: number, last: number): BlockHint | null {
    const start = (this.lines[first] as Line).contentStart;
    const hints = this.blockHints;
    while (this.hintCursor < hints.length && (hints[this.hintCursor] as BlockHint).end <= start) this.hintCursor++;
    let found: BlockHint | null = null;
    // Overlapping hints are rare; looking at a few keeps the scan linear on hostile input.
    for (let k = this.hintCursor, seen = 0; k < hints.length && seen < 8; k++, seen++) {
      const hint = hints[k] as BlockHint;
      if (hint.start > start) break;
      if (this.covers(hint, first, last)) found = hint;
    }
    return found;
  }

  /** Adds lines first..last as one unit of the kind a hint says. */
  private addHinted(first: number, last: number, hint: BlockHint): void {
    const start = (this.lines[first] as Line).contentStart;
    const end = (this.lines[last] as Line).contentEnd;
    const facts = this.facts[first] as LineFacts;
    let kind: UnitKind;
    if (hint.kind === 'heading') kind = isMetadataLine(facts.content) ? 'paragraph' : 'hintHeading';
    else if (hint.kind === 'listItem') kind = 'listItem';
    else if (hint.kind === 'caption') kind = splitCaptions(this.text.slice(start, end)) ? 'captions' : 'caption';
    else kind = 'paragraph';
    const unit: Unit = { kind, firstLine: first, lastLine: last, start, end, standalone: true, label: facts.label };
    if (hint.kind === 'paragraph') unit.marked = true;
    if (hint.level !== undefined && Number.isInteger(hint.level) && hint.level >= 1 && hint.level <= 9)
      unit.level = hint.level;
    this.units.push(unit);
  }

  /** Marks each unit that lies inside a box hint with that box's index (the outermost box, when they nest). */
  private assignBoxes(): void {
    const boxes = this.boxHints;
    let cursor = 0;
    for (const unit of this.units) {
      while (cursor < boxes.length && (boxes[cursor] as BlockHint).end <= unit.start) cursor++;
      const box = boxes[cursor];
      if (box && box.start <= unit.start && unit.end <= box.end) unit.box = cursor;
    }
  }

  /** Adds the units of the block spanning lines first..last; returns whether the next block is a contents list. */
  private addBlock(first: number, last: number, isContents: boolean): boolean {
    const firstFacts = this.facts[first] as LineFacts;
    const start = (this.lines[first] as Line).contentStart;
    const end = (this.lines[last] as Line).contentEnd;
    if (isContents || (firstFacts.atx === 0 && isContentsTitle(firstFacts.content))) {
      // A table of contents reads like a run of headings; keep it whole as one paragraph.
      this.units.push({
        kind: 'paragraph',
        firstLine: first,
        lastLine: last,
        start,
        end,
        standalone: true,
        label: null,
      });
      return first === last && !isContents;
    }
    const captions = splitCaptions(this.text.slice(start, end));
    if (captions) {
      this.units.push({
        kind: 'captions',
        firstLine: first,
        lastLine: last,
        start,
        end,
        standalone: true,
        label: null,
      });
      return false;
    }
    // A block of one line is one unit (most blocks of a Markdown import): nothing to cut.
    if (first === last) {
      this.addUnit(first, last, true);
      return false;
    }
    let depth = 0;
    let unitStart = first;
    const cuts: number[] = [];
    // Last ordinal per item scheme in this block: a list continues after nested items ("七", "イ", "ロ", "八").
    // Made at the block's first item label: most blocks have none.
    let items: Map<string, number> | null = null;
    for (let i = first; i <= last; i++) {
      const facts = this.facts[i] as LineFacts;
      if (i > first && (this.breaksBefore(i, depth) || (depth === 0 && this.continuesList(facts.label, items)))) {
        cuts.push(unitStart, i - 1);
        unitStart = i;
        depth = 0;
      }
      const label = facts.label;
      if (label?.kind === 'item' && label.ordinal !== null) {
        items ??= new Map<string, number>();
        items.set(label.scheme, label.ordinal);
      }
      // The depth open at the end of the line decides the cut before the next one: the last line's is not needed.
      if (i < last) depth = Math.max(0, depth + parenDelta(facts.content));
    }
    cuts.push(unitStart, last);
    const standalone = cuts.length === 2;
    for (let k = 0; k < cuts.length; k += 2) this.addUnit(cuts[k] as number, cuts[k + 1] as number, standalone);
    return false;
  }

  /**
   * Whether a Japanese item label starts the next item of a list already open in the block: the next number of
   * its scheme ("八" after "七" and its sub-items), or the first sub-item ("イ") under an item. Only the schemes of
   * statute items, whose lines end without a full stop, so an ordinary wrapped line never breaks here.
   */
  private continuesList(label: LabelMatch | null, items: Map<string, number> | null): boolean {
    if (label === null || label.kind !== 'item' || label.ordinal === null) return false;
    if (!JAPANESE_ITEM_SCHEMES.has(label.scheme)) return false;
    const last = items?.get(label.scheme);
    if (last !== undefined) return label.ordinal === last + 1;
    return label.ordinal === 1 && items !== null && items.size > 0;
  }

  /** Whether a block must be cut before line `i`, given the paren depth open at the end of line `i - 1`. */
  private breaksBefore(i: number, depth: number): boolean {
    const facts = this.facts[i] as LineFacts;
    const previous = this.facts[i - 1] as LineFacts;
    if (facts.atx > 0 || previous.atx > 0) return true;
    if (depth > 0) return false;
    const previousLabel = previous.label;
    const previousShort = previous.content.length <= MAX_HEADING_LENGTH;
    const previousEnd = previous.content[previous.content.length - 1];
    // A Japanese structural heading (第一章　総則) always ends its unit, as does a bare "Article 5".
    if (previousLabel?.kind === 'keyword' && previousShort && !isTerminal(previousEnd)) {
      if (previousLabel.scheme.startsWith('ja-') && previousLabel.scheme !== 'ja-article') return true;
      if (previousLabel.titleStart >= previous.content.length) return true;
    }
    // "Article 1 Scope" + "The Act applies …": a keyword heading with a title, then its body on the next line.
    if (
      previousLabel?.kind === 'keyword' &&
      !isTerminal(previousEnd) &&
      previous.content.length <= 100 &&
      previousLabel.titleStart < previous.content.length &&
      TITLE_START.test(previous.content.slice(previousLabel.titleStart)) &&
      SENTENCE_START.test(facts.content)
    )
      return true;
    const startsItem = (facts.label !== null && facts.label.kind !== 'plain') || facts.bracketed;
    if (!startsItem) return false;
    // The next item of a list whose items end without a full stop (号 items "一　…行為" + "二　…"): a new item.
    const label = facts.label;
    if (
      label !== null &&
      label.ordinal !== null &&
      previousLabel !== null &&
      previousLabel.scheme === label.scheme &&
      previousLabel.ordinal === label.ordinal - 1
    )
      return true;
    // An article's next numbered paragraph ("２　…") after its last 号 item ("三　…行為").
    if (label?.scheme === 'fullwidth-arabic' && previousLabel?.scheme === 'kanji') return true;
    if (previous.bracketed) return true;
    // "特許法" + "（昭和三十四年法律第百二十一号）": a bracketed line after a short heading-like line.
    if (facts.bracketed && previousShort && !isTerminal(previousEnd) && previous.content.length <= 80) return true;
    if (previousLabel?.kind === 'keyword' && previousShort && !isTerminal(previousEnd)) return true;
    if (!isTerminal(previousEnd)) return false;
    // "… (ABl. L 218, S." + "30) in der …" is a wrapped line, not a new item.
    const line = this.lines[i - 1] as Line;
    const dot = line.contentEnd - 1;
    return !(previousEnd === '.' && isAbbreviationAt(this.text, dot, dot + 1));
  }

  /**
   * Whether line `i` ends like a sentence, so it is body text rather than a heading: a final full stop that closes
   * an abbreviation ("2 China / Mongolia, etc.") does not count.
   */
  private endsSentence(i: number): boolean {
    const content = (this.facts[i] as LineFacts).content;
    const last = content[content.length - 1];
    if (!isTerminal(last)) return false;
    if (last !== '.') return true;
    // Only a short line ending in a listing abbreviation, not an initial: "… Mr. A." stays a sentence.
    return !(content.length <= 80 && ABBREVIATION_END.test(content));
  }

  /** Classifies the lines first..last of a block as one unit. */
  private addUnit(first: number, last: number, standalone: boolean): void {
    const facts = this.facts[first] as LineFacts;
    const start = (this.lines[first] as Line).contentStart;
    const end = (this.lines[last] as Line).contentEnd;
    const label = facts.label;
    const unit: Unit = { kind: 'paragraph', firstLine: first, lastLine: last, start, end, standalone, label };
    const single = first === last;
    const headingLike =
      single &&
      facts.content.length <= MAX_HEADING_LENGTH &&
      ((label !== null && label.titleStart >= facts.content.length) || !this.endsSentence(first));
    if (facts.atx > 0) unit.kind = 'atx';
    else if (single && isMetadataLine(facts.content)) unit.kind = 'paragraph';
    else if (label?.scheme === 'ja-article') unit.kind = 'article';
    else if (label !== null) {
      const itemKind = label.kind === 'item' || label.kind === 'bullet' ? 'listItem' : 'paragraph';
      // A repealed Absatz or item ("(2a) (weggefallen)", "三　削除") is a placeholder in its list, never a heading:
      // read by its neighbours it was a heading in one edition and an item in the other.
      const repealed = label.kind === 'item' && REPEALED.test(facts.content.slice(label.titleStart).trim());
      if (!headingLike || label.kind === 'bullet' || this.markdown || repealed) unit.kind = itemKind;
      else if (label.kind === 'keyword' || (standalone && !this.continuesEnumeration(label))) unit.kind = 'heading';
      else unit.kind = itemKind;
    } else if (headingLike && facts.bracketed) unit.kind = 'bracket';
    else if (
      headingLike &&
      HAS_LETTER.test(facts.content) &&
      !this.continuesSentence(facts.content) &&
      !(facts.content.length >= INNER_SENTENCE_MIN_LENGTH && INNER_SENTENCE_END.test(facts.content))
    )
      unit.kind = 'line';
    this.units.push(unit);
  }

  /**
   * Whether a lettered item ("a)", "(b)") continues an enumeration the text before it left open: the previous unit is
   * body text (a paragraph or list item) whose sentence is not finished ("… Unternehmen" + "1. über …" + "a) …
   * vorlegt oder"). Statutes enumerate the parts of one sentence this way (StGB § 265b, AufenthG), and a section
   * heading never continues a sentence, so such an item is a list item even when it stands alone between blank lines.
   */
  private continuesEnumeration(label: LabelMatch): boolean {
    return label.kind === 'item' && LETTER_SCHEME.test(label.scheme) && this.previousLeftOpen();
  }

  /**
   * Whether an unlabelled line starting in lower case goes on with a sentence the text before it left open (the
   * closing words of an enumeration, "die für den Kreditnehmer vorteilhaft … sind, oder" after "b) … macht,"): body
   * text, not an unnumbered heading.
   */
  private continuesSentence(content: string): boolean {
    const first = content.trimStart()[0];
    return first !== undefined && first !== first.toUpperCase() && this.previousLeftOpen();
  }

  /** Whether the last unit so far is body text (a paragraph or list item) whose sentence is not finished. */
  private previousLeftOpen(): boolean {
    const previous = this.units.at(-1);
    if (previous === undefined || (previous.kind !== 'paragraph' && previous.kind !== 'listItem')) return false;
    const last = this.text.slice(previous.start, previous.end).trimEnd().at(-1);
    return last !== undefined && !SENTENCE_END.has(last);
  }

  /**
   * A numbered line that opens an enumeration is body text, not a heading: "(2) Ebenso wird bestraft, wer" and
   * "(1) Einem Ausländer kann … erteilt werden, wenn" followed by the items "1." "2." that finish their sentence. A
   * heading names what follows; it does not leave a sentence open at a comma, a colon or a lower-case word for
   * items of another numbering scheme to complete. Without this, the same Absatz was a heading in one § and an item
   * in another, depending on whether its neighbours were read as items.
   */
  private openEnumerations(): void {
    for (let u = 0; u + 1 < this.units.length; u++) {
      const unit = this.units[u] as Unit;
      if (unit.kind !== 'heading' || unit.label?.kind !== 'item') continue;
      const next = this.units[u + 1] as Unit;
      if (next.kind !== 'listItem' && next.kind !== 'heading') continue;
      if (next.label === null || next.label.kind !== 'item' || next.label.scheme === unit.label.scheme) continue;
      const content = (this.facts[unit.firstLine] as LineFacts).content;
      const title = content.slice(unit.label.titleStart);
      const nextContent = (this.facts[next.firstLine] as LineFacts).content;
      if (this.leavesSentenceOpen(title) || this.itemsFinishClause(title, nextContent.slice(next.label.titleStart)))
        unit.kind = 'listItem';
    }
  }

  /**
   * Whether the items below finish a clause the line opened: the line holds a subordinate clause (a comma and then
   * a lower-case word, "Ebenso wird bestraft, wer als Arbeitgeber") and the first item goes on in lower case ("der
   * für den Einzug … macht oder"). A title may hold a comma ("Use, Disclosure"), but not a clause that its first
   * item completes.
   */
  private itemsFinishClause(title: string, item: string): boolean {
    if (title.trim().split(/\s+/).length < 3) return false;
    return /[,，]\s+\p{Ll}/u.test(title) && /^\p{Ll}/u.test(item.trimStart());
  }

  /**
   * Whether a line's words read as the start of a sentence that goes on below: four words or more, ending in a
   * comma, a colon or a lower-case word ("wer", "wenn", "that"), or holding a finished sentence before them.
   */
  private leavesSentenceOpen(title: string): boolean {
    const words = title.trim().split(/\s+/);
    if (words.length < 4) return false;
    // A whole sentence and the start of the next ("… zehn Jahren. Ein besonders schwerer Fall liegt vor, wenn der
    // Täter"): no title holds that.
    if (/[.!?。]\s+[\p{Lu}\p{Lt}]/u.test(title)) return true;
    const last = words[words.length - 1] as string;
    const end = last[last.length - 1] as string;
    if (end === ',' || end === ':' || end === ';' || end === '，' || end === '：') return true;
    return /^\p{Ll}/u.test(last) && /\p{Ll}$/u.test(last);
  }

  /**
   * A numbered line that continues a list of items is an item too: "3a. bedrohliche übertragbare Krankheit" and
   * "4.  Kranker" after the list items "1." … "3." (which the markup marked) stay items, although, standing alone
   * and unmarked, they look like headings. A line that continues the headings of its scheme ("2. Next" after the
   * heading "1. Intro" and its items "1." "2.") stays a heading; headings of other kinds close the lists.
   */
  private keepListsTogether(): void {
    const lastItem = new Map<string, LabelMatch>();
    const lastHeading = new Map<string, number>();
    // Indexed loops over units and lines: a for…of allocates an iterator result per step until the JIT removes it,
    // and these loops run once per edition, mostly before it does.
    for (let u = 0; u < this.units.length; u++) {
      const unit = this.units[u] as Unit;
      const label = unit.label;
      if (unit.kind === 'atx' || unit.kind === 'hintHeading' || unit.kind === 'article') {
        // Clearing an empty map still allocates a new table: once per heading of a long edition.
        if (lastItem.size > 0) lastItem.clear();
        continue;
      }
      if (label === null || label.ordinal === null) continue;
      if (unit.kind === 'listItem') {
        lastItem.set(label.scheme, label);
        continue;
      }
      if (unit.kind !== 'heading') continue;
      if (label.kind !== 'item') {
        if (lastItem.size > 0) lastItem.clear();
        continue;
      }
      const item = lastItem.get(label.scheme);
      const continuesItems =
        item !== undefined &&
        item.ordinal !== null &&
        item.label !== label.label &&
        (label.ordinal === item.ordinal || label.ordinal === item.ordinal + 1);
      if (continuesItems && lastHeading.get(label.scheme) !== label.ordinal - 1) {
        unit.kind = 'listItem';
        lastItem.set(label.scheme, label);
        continue;
      }
      lastHeading.set(label.scheme, label.ordinal);
      lastItem.delete(label.scheme);
    }
  }

  /** Walks the units in order, turning them into the title, headings and blocks. */
  private emit(): void {
    let emittedAny = false;
    for (let u = 0; u < this.units.length; u++) {
      const unit = this.units[u] as Unit;
      const next = this.units[u + 1];
      if (unit.box !== undefined) {
        u = this.emitBox(u) - 1;
        emittedAny = true;
        continue;
      }
      switch (unit.kind) {
        case 'hintHeading':
          if (this.emitHintedHeading(unit, next, !emittedAny)) u++;
          break;
        case 'caption':
          this.place(this.caption(unit.start, unit.end));
          break;
        case 'atx': {
          const consumed = this.emitAtx(unit, next, !emittedAny);
          if (consumed) u++;
          break;
        }
        case 'heading': {
          if (this.emitHeading(unit, next)) u++;
          break;
        }
        case 'article':
          this.emitArticle(unit, null);
          break;
        case 'bracket':
          if (next?.kind === 'article' && next.firstLine === unit.lastLine + 1) {
            this.emitArticle(next, unit);
            u++;
          } else this.outline.addBlock(this.paragraph(unit.start, unit.end));
          break;
        case 'line':
          if (!emittedAny) this.document.title = this.heading(unit.start, unit.end, null, '', 'title', null);
          // A heading has a body below it; a link alone on its line ("[Privacy contact form](…)") is none.
          else if (
            !this.markdown &&
            unit.standalone &&
            ((next?.kind === 'paragraph' && next.marked !== true) || next?.kind === 'listItem')
          )
            this.outline.addUnnumbered(this.heading(unit.start, unit.end, null, '', 'unnumbered', null));
          else this.outline.addBlock(this.paragraph(unit.start, unit.end));
          break;
        case 'captions':
          this.emitCaptions(unit);
          break;
        case 'listItem':
          this.outline.addBlock(this.listItem(unit));
          break;
        default:
          this.outline.addBlock(this.paragraph(unit.start, unit.end));
      }
      emittedAny = true;
    }
  }

  /** Emits a Markdown `#` heading; returns whether it consumed the next unit as its title line. */
  private emitAtx(unit: Unit, next: Unit | undefined, first: boolean): boolean {
    const facts = this.facts[unit.firstLine] as LineFacts;
    const hashes = facts.atx;
    let innerStart = unit.start + hashes;
    while (innerStart < unit.end && isWhiteSpace(this.text.charCodeAt(innerStart))) innerStart++;
    let innerEnd = unit.end;
    const closing = ATX_CLOSING.exec(this.text.slice(innerStart, innerEnd));
    if (closing) innerEnd -= closing[0].length;
    if (innerEnd <= innerStart) innerEnd = innerStart;
    // Read the label from the heading as Markdown renders it: "## 33\\. AWS …" and "##### **1\\. Privacy**" are
    // numbered headings "33." and "1.". The heading's value and position stay the exact source slice.
    const inner = readableMarkdown(this.text.slice(innerStart, innerEnd));
    // "#### Last Updated: October 31, 2023": a date line in heading markup is metadata, not a section.
    if (isMetadataLine(inner)) {
      this.outline.addBlock(this.paragraph(innerStart, innerEnd));
      return false;
    }
    const label = matchLabel(inner);
    const scheme = `atx-${hashes}`;
    if (label === null || label.kind === 'bullet') {
      if (first && hashes === 1) {
        this.document.title = this.heading(innerStart, innerEnd, null, '', 'title', null);
        return false;
      }
      const heading = this.heading(innerStart, innerEnd, null, '', scheme, null);
      this.outline.addHeading(heading, { key: scheme, ordinalKey: null });
      return false;
    }
    const reading = this.outline.resolve(label, label.alternative);
    const merged = this.mergeTitle(label, inner, next);
    const end = merged ? merged.end : innerEnd;
    const heading = this.heading(innerStart, end, label.label, '', scheme, reading.ordinal);
    heading.title = withoutPermalink(
      merged ? this.text.slice(merged.start, merged.end) : inner.slice(label.titleStart),
    );
    this.outline.addHeading(heading, { key: scheme, ordinalKey: reading.scheme });
    return merged !== null;
  }

  /** Emits a numbered heading line; returns whether it consumed the next unit as its title line. */
  private emitHeading(unit: Unit, next: Unit | undefined): boolean {
    const label = unit.label as LabelMatch;
    const content = (this.facts[unit.firstLine] as LineFacts).content;
    const reading = this.outline.resolve(label, label.alternative);
    const merged = unit.standalone ? this.mergeTitle(label, content, next) : null;
    const end = merged ? merged.end : unit.end;
    const heading = this.heading(unit.start, end, label.label, '', reading.scheme, reading.ordinal);
    heading.title = withoutPermalink(
      merged ? this.text.slice(merged.start, merged.end) : content.slice(label.titleStart),
    );
    this.outline.addHeading(heading, { key: reading.scheme, ordinalKey: reading.scheme, rank: label.rank });
    return merged !== null;
  }

  /**
   * A bare label ("Chapter 3") followed by a lone short title line forms one heading; returns that line's span,
   * or null when there is nothing to merge.
   */
  private mergeTitle(label: LabelMatch, content: string, next: Unit | undefined): Unit | null {
    if (label.titleStart < content.length) return null;
    if (next === undefined || !next.standalone || next.box !== undefined) return null;
    if (next.kind === 'line' || (next.kind === 'hintHeading' && (next.label === null || next.label.kind === 'bullet')))
      return next;
    return null;
  }

  /** Emits a Japanese article "第一条　本文…": a heading (with the caption line "（目的）" as title) and its body. */
  private emitArticle(unit: Unit, caption: Unit | null): void {
    const label = unit.label as LabelMatch;
    const labelEnd = unit.start + label.labelEnd;
    const start = caption ? caption.start : unit.start;
    const title = caption ? this.text.slice(caption.start + 1, caption.end - 1).trim() : '';
    const reading = this.outline.resolve(label, label.alternative);
    const heading = this.heading(start, labelEnd, label.label, title, reading.scheme, reading.ordinal);
    this.outline.addHeading(heading, { key: reading.scheme, ordinalKey: reading.scheme, rank: label.rank ?? 10 });
    let bodyStart = unit.start + label.titleStart;
    while (bodyStart < unit.end && isWhiteSpace(this.text.charCodeAt(bodyStart))) bodyStart++;
    if (bodyStart < unit.end) this.outline.addBlock(this.paragraph(bodyStart, unit.end));
  }

  /** Emits the caption pieces of a caption block, reporting each collapsed duplicate. */
  private emitCaptions(unit: Unit): void {
    const split = splitCaptions(this.text.slice(unit.start, unit.end));
    if (!split) return;
    for (const span of split.captions) {
      const start = unit.start + span.start;
      const end = unit.start + span.end;
      const value = this.text.slice(start, end);
      this.place(this.caption(start, end, value));
    }
    for (const span of split.duplicates) {
      const start = unit.start + span.start;
      const end = unit.start + span.end;
      this.diagnose(
        'duplicate-caption',
        'info',
        `caption repeated by extraction, kept once: "${this.text.slice(start, end).replace(/\s+/g, ' ')}"`,
        start,
        end,
      );
    }
  }

  /** Emits a heading a hint marked: numbered when the text has a label, else unnumbered at the hint's level. */
  private emitHintedHeading(unit: Unit, next: Unit | undefined, first: boolean): boolean {
    const label = unit.label;
    if (label !== null && label.kind !== 'bullet') {
      const content = (this.facts[unit.firstLine] as LineFacts).content;
      const reading = this.outline.resolve(label, label.alternative);
      const merged = this.mergeTitle(label, content, next);
      const end = merged ? merged.end : unit.end;
      const heading = this.heading(unit.start, end, label.label, '', reading.scheme, reading.ordinal);
      let titleStart = unit.start + label.titleStart;
      while (titleStart < unit.end && isWhiteSpace(this.text.charCodeAt(titleStart))) titleStart++;
      heading.title = withoutPermalink(
        merged ? this.text.slice(merged.start, merged.end) : this.text.slice(titleStart, unit.end),
      );
      const placement: HeadingPlacement = { key: reading.scheme, ordinalKey: reading.scheme, rank: label.rank };
      if (unit.level !== undefined) placement.markupLevel = unit.level;
      this.outline.addHeading(heading, placement);
      return merged !== null;
    }
    if (first) {
      this.document.title = this.heading(unit.start, unit.end, null, '', 'title', null);
      return false;
    }
    if (unit.level !== undefined) {
      const scheme = `h${unit.level}`;
      const heading = this.heading(unit.start, unit.end, null, '', scheme, null);
      this.outline.addHeading(heading, { key: scheme, ordinalKey: null, level: unit.level });
    } else this.outline.addUnnumbered(this.heading(unit.start, unit.end, null, '', 'unnumbered', null));
    return false;
  }

  /**
   * Emits the run of units that lie in one box hint as a BoxNode, starting at unit `from`; returns the index after
   * the run. A heading-like first unit is the box's title; headings further in are read as paragraphs.
   */
  private emitBox(from: number): number {
    const box = (this.units[from] as Unit).box;
    let to = from;
    while (to + 1 < this.units.length && (this.units[to + 1] as Unit).box === box) to++;
    const first = this.units[from] as Unit;
    const last = this.units[to] as Unit;
    const node: BoxNode = {
      type: 'box',
      value: this.text.slice(first.start, last.end),
      children: [],
      position: this.lineIndex.position(first.start, last.end),
    };
    let k = from;
    const titleKinds: UnitKind[] = ['hintHeading', 'heading', 'line', 'bracket', 'atx'];
    if (to > from && titleKinds.includes(first.kind) && first.firstLine === first.lastLine) {
      node.title = this.text.slice(first.start, first.end);
      k++;
    }
    this.boxSink = node.children;
    try {
      for (; k <= to; k++) {
        const unit = this.units[k] as Unit;
        if (unit.kind === 'captions') this.emitCaptions(unit);
        else if (unit.kind === 'caption') this.place(this.caption(unit.start, unit.end));
        else if (unit.kind === 'listItem') this.place(this.listItem(unit));
        else this.place(this.paragraph(unit.start, unit.end));
      }
    } finally {
      this.boxSink = null;
    }
    this.outline.addBlock(node);
    return to + 1;
  }

  /** Adds a block to the box being emitted, or to the outline. */
  private place(block: ParagraphNode | CaptionNode | ListItemNode): void {
    if (this.boxSink) this.boxSink.push(block);
    else this.outline.addBlock(block);
  }

  private caption(start: number, end: number, value = this.text.slice(start, end)): CaptionNode {
    return {
      type: 'caption',
      value,
      children: this.sentences(value, start),
      position: this.lineIndex.position(start, end),
    };
  }

  private heading(
    start: number,
    end: number,
    label: string | null,
    title: string,
    scheme: string,
    ordinal: number | null,
  ): HeadingNode {
    const value = this.text.slice(start, end);
    this.checkQuotes(value, start);
    return {
      type: 'heading',
      label,
      title: withoutPermalink(label === null ? value : title),
      scheme,
      ordinal,
      value,
      position: this.lineIndex.position(start, end),
    };
  }

  private paragraph(start: number, end: number): ParagraphNode {
    const value = this.text.slice(start, end);
    return {
      type: 'paragraph',
      value,
      children: this.sentences(value, start),
      position: this.lineIndex.position(start, end),
    };
  }

  private listItem(unit: Unit): ListItemNode | ParagraphNode {
    const value = this.text.slice(unit.start, unit.end);
    // A list item the markup marked (an HTML <li>) may have no marker in its text.
    const marker = unit.label?.label ?? (this.blockHints.length > 0 ? '' : undefined);
    if (marker === undefined) return this.paragraph(unit.start, unit.end);
    // A bullet ("*", "-", "•") marks the item, it says nothing: its sentences start after it, so blame, trace and
    // search read "Users." rather than "* Users." (a number, "1." or "(a)", is part of what the item says).
    const skip = unit.label?.kind === 'bullet' ? Math.min(unit.label.titleStart, value.length) : 0;
    return {
      type: 'listItem',
      marker,
      value,
      children: this.sentences(value.slice(skip), unit.start + skip),
      position: this.lineIndex.position(unit.start, unit.end),
    };
  }

  /** Splits a block's text into sentences, reporting its unbalanced quotes. */
  private sentences(value: string, start: number): SentenceNode[] {
    const { spans, unmatchedQuotes: quotes } = sentenceSpans(value);
    this.reportQuotes(value, start, quotes);
    const sentences: SentenceNode[] = [];
    for (let k = 0; k < spans.length; k += 2) {
      const from = start + (spans[k] as number);
      const to = start + (spans[k + 1] as number);
      sentences.push({
        type: 'sentence',
        value: this.text.slice(from, to),
        position: this.lineIndex.position(from, to),
      });
    }
    return sentences;
  }

  private checkQuotes(value: string, start: number): void {
    this.reportQuotes(value, start, unmatchedQuotes(value));
  }

  private reportQuotes(value: string, start: number, offsets: number[]): void {
    for (let k = 0; k < offsets.length; k++) {
      const offset = offsets[k] as number;
      const quote = value[offset] as string;
      this.diagnose(
        'unbalanced-quote',
        'warning',
        `quote ${quote} has no matching ${'“„「『«'.includes(quote) ? 'closing' : 'opening'} quote in this block`,
        start + offset,
        start + offset + 1,
      );
    }
  }

  private diagnose(
    code: DiagnosticCode,
    severity: Diagnostic['severity'],
    message: string,
    start: number | undefined,
    end: number | undefined,
  ): void {
    // A pathological text (thousands of stray quotes) must not drown the report or the parser in diagnostics.
    const count = (this.counts.get(code) ?? 0) + 1;
    this.counts.set(code, count);
    if (count > MAX_DIAGNOSTICS_PER_CODE) {
      if (count === MAX_DIAGNOSTICS_PER_CODE + 1)
        this.diagnostics.push({
          code: 'diagnostics-truncated',
          severity: 'info',
          message: `more than ${MAX_DIAGNOSTICS_PER_CODE} "${code}" diagnostics; the rest are not listed`,
        });
      return;
    }
    const diagnostic: Diagnostic = { code, severity, message };
    if (start !== undefined && end !== undefined) diagnostic.position = this.lineIndex.position(start, end);
    this.diagnostics.push(diagnostic);
  }
}

/**
 * Parses plain text (or Markdown-like text) into a document tree: the title, nested sections from numbered and
 * unnumbered headings, paragraphs, list items and captions split into sentences, each with its exact position,
 * and diagnostics in `document.data.diagnostics`. Never throws on any string; linear in the length of the text.
 */
export function parseText(text: string, options: ParseOptions = {}): DocumentNode {
  if (typeof text !== 'string') throw new TypeError('parseText(text): text must be a string; decode bytes first');
  return new TextParser(text, options).parse();
}
