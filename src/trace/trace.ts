/**
 * Tracing a phrase through a series: for each edition, every occurrence of the phrase with a keyword-in-context
 * snippet (KWIC, the concordance layout of H. P. Luhn, 1960: the match centred between fixed-width context), its
 * section path and exact position; then the phrase's trajectory across the series — first and last appearance, the
 * runs of editions where it was absent after it had appeared (gaps), and the editions where it came back (returns).
 *
 * Search runs unit by unit (the document title, each section heading, each paragraph, caption and list item, boxes'
 * blocks included), never over a whole document: positions stay exact, a regular expression never sees more than one
 * block, and a phrase is not found across a paragraph break. Each unit's text is searched as written, so a phrase
 * spanning two sentences of one paragraph is found and attributed to the sentence where it starts.
 */

import { sectionPathLabels } from '../align/units.js';
import type {
  BlockNode,
  DocumentNode,
  HeadingNode,
  Point,
  Position,
  SectionNode,
  SentenceNode,
} from '../model/tree.js';
import { compilePhrase, type PhraseMatcher, REGEX_UNIT_LIMIT, type TraceMode } from './match.js';

/** One edition handed to `tracePhrase`, in series order (oldest first): its parsed tree, or its units. */
export type TraceEditionInput = TraceDocumentInput | TraceUnitsInput;

/** An edition given as its parsed tree (the library's form). */
export interface TraceDocumentInput {
  label: string;
  date?: string;
  document: DocumentNode;
}

/** An edition given as the units `traceUnits` extracted from its tree (the form a store caches). */
export interface TraceUnitsInput {
  label: string;
  date?: string;
  units: readonly TraceUnit[];
}

/** Options of `tracePhrase`. */
export interface TraceOptions {
  /** `normalized` (default: case, quotes, dashes, width and whitespace folded), `exact`, or `regex`. */
  mode?: TraceMode;
  /** Characters of context kept on each side of a match (default 40). */
  context?: number;
  /**
   * BCP 47 language of the series. For `ja`, `zh`, `th` and other languages written without spaces, no word
   * boundaries are required; otherwise boundaries are required only between characters of spaced scripts.
   */
  locale?: string;
  /** Require whole words in spaced scripts (default true; ignored in regex mode). */
  wholeWords?: boolean;
  /** Hits kept per edition (default 1000); counts stay exact beyond it and the edition is marked truncated. */
  maxHitsPerEdition?: number;
}

/** The kind of unit a hit was found in. */
export type TraceUnitKind = 'title' | 'heading' | 'paragraph' | 'caption' | 'listItem';

/** One occurrence of the phrase in one edition. */
export interface TraceHit {
  /** The unit the match lies in. */
  unit: TraceUnitKind;
  /** Section path of the unit: labels of the enclosing sections (for a heading, its own section included). */
  path: string[];
  /** Index of the enclosing section among the edition's sections in document order (null before the first heading). */
  section: number | null;
  /** Index of the block among the edition's blocks in document order (as in comparisons); null for headings. */
  block: number | null;
  /** Index of the sentence where the match starts, among the edition's sentences; null for headings. */
  sentence: number | null;
  /** Offset of the match in the unit's text (UTF-16 units); `match === unitText.slice(start, end)`. */
  start: number;
  /** End offset of the match in the unit's text, exclusive. */
  end: number;
  /** The match's span in the edition's text, when the unit carries a position. */
  position?: Position;
  /** Up to `context` characters before the match, from the original text. */
  before: string;
  /** The matched text exactly as written in the edition. */
  match: string;
  /** Up to `context` characters after the match, from the original text. */
  after: string;
  /** Whether the unit's text goes on before `before` (a renderer shows "…"). */
  clippedBefore: boolean;
  /** Whether the unit's text goes on after `after`. */
  clippedAfter: boolean;
}

/** What the trace found in one edition. */
export interface EditionTrace {
  label: string;
  date?: string;
  /** Number of occurrences (exact even when `hits` was cut short). */
  count: number;
  /** The occurrences in document order (at most `maxHitsPerEdition`). */
  hits: TraceHit[];
  /** `truncated` when hits were dropped over the budget or a long unit was only partly searched (regex mode). */
  status: 'complete' | 'truncated';
}

/** A run of consecutive editions without the phrase, after it had appeared. Indexes are into `editions`. */
export interface TraceGap {
  /** Index of the first edition of the run. */
  start: number;
  /** Index of the last edition of the run (inclusive). */
  end: number;
  /** Labels of the editions in the run. */
  labels: string[];
  /** Label of the edition where the phrase came back, or null when it never did (it is absent to the end). */
  returnedIn: string | null;
}

/** An edition of the series, by index and label. */
export interface EditionRef {
  index: number;
  label: string;
}

/** The trace of one phrase through a series. See `TRACE_JSON_SCHEMA` for the JSON shape. */
export interface TraceResult {
  /** The phrase as the user gave it. */
  phrase: string;
  mode: TraceMode;
  /** What was searched: the normalised phrase, the exact phrase, or the regular expression with its flags. */
  pattern: string;
  /** Context characters each side of a match. */
  context: number;
  /** One entry per edition, in the order given. */
  editions: EditionTrace[];
  /** Occurrences over all editions. */
  total: number;
  /** The first edition with the phrase, or null when no edition has it. */
  first: EditionRef | null;
  /** The last edition with the phrase, or null. */
  last: EditionRef | null;
  /** Runs of editions without the phrase after its first appearance, including a final run when it disappeared. */
  gaps: TraceGap[];
  /** The editions where the phrase came back after a gap. */
  returns: EditionRef[];
  /** `truncated` when any edition is. */
  status: 'complete' | 'truncated';
}

/** Default characters of context each side of a match. */
export const DEFAULT_CONTEXT = 40;

/** Default hits kept per edition. */
export const DEFAULT_MAX_HITS_PER_EDITION = 1000;

/** Languages written without spaces between words: no boundary is ever required for them. */
const UNSPACED_LANGUAGES = new Set(['ja', 'zh', 'th', 'lo', 'km', 'my', 'bo']);

/**
 * A searchable unit of an edition with what a hit needs to say where it is: plain JSON, no tree nodes, so a store
 * can cache the units of an edition instead of its whole tree.
 */
export interface TraceUnit {
  kind: TraceUnitKind;
  text: string;
  path: string[];
  section: number | null;
  block: number | null;
  /** Global index of the unit's first sentence (blocks; -1 for the title and headings). */
  firstSentence: number;
  /** Where each of the unit's sentences starts in its text (empty for the title and headings). */
  sentenceStarts: number[];
  /** Where the unit starts in the edition's text, when known (for headings, only when they span exactly their text). */
  start?: Point;
  /**
   * For a block longer than `REGEX_UNIT_LIMIT` with several sentences: `[offset, length]` of each sentence found in
   * its text, flattened — a regular expression searches such a block sentence by sentence.
   */
  pieces?: number[];
}

/**
 * Lists a document's units in reading order: the title, then each section's heading before its blocks and
 * subsections. Sections, blocks and sentences are numbered in document order exactly as `flattenDocument` numbers
 * them (boxes contribute their blocks), so a hit's indexes join with comparisons and lineage; this walk only
 * skips the tables flattenDocument builds, which cost a quarter of a trace through a long series.
 */
export function traceUnits(document: DocumentNode): TraceUnit[] {
  const units: TraceUnit[] = [];
  const title = document.title;
  if (title !== undefined) units.push(headingUnit('title', title.value, [], null, title.position));
  let sections = 0;
  let blocks = 0;
  let sentences = 0;
  const addBlock = (block: BlockNode, path: string[], section: number | null): void => {
    if (block.type === 'box') {
      for (const child of block.children) addBlock(child, path, section);
      return;
    }
    const unit: TraceUnit = {
      kind: block.type,
      text: block.value,
      path,
      section,
      block: blocks++,
      firstSentence: sentences,
      sentenceStarts: sentenceStarts(block.value, block.position, block.children),
    };
    if (block.position !== undefined) unit.start = block.position.start;
    if (block.value.length > REGEX_UNIT_LIMIT && block.children.length >= 2) {
      unit.pieces = sentencePieces(block.value, block.children);
    }
    units.push(unit);
    sentences += block.children.length;
  };
  const visit = (
    children: ReadonlyArray<SectionNode | BlockNode | HeadingNode>,
    path: string[],
    section: number | null,
  ): void => {
    const labels = sectionPathLabels(children);
    let at = 0;
    for (const child of children) {
      if (child.type === 'heading') continue;
      if (child.type !== 'section') {
        addBlock(child, path, section);
        continue;
      }
      const heading = child.children[0];
      const index = sections++;
      const sectionPath = [...path, labels[at++] as string];
      units.push(headingUnit('heading', heading.value, sectionPath, index, heading.position));
      visit(child.children, sectionPath, index);
    }
  };
  visit(document.children, [], null);
  return units;
}

/** Where each sentence starts in its block's text: from positions when both carry them, else by finding its text. */
function sentenceStarts(text: string, position: Position | undefined, sentences: readonly SentenceNode[]): number[] {
  const base = position?.start.offset;
  const starts: number[] = [];
  let searchFrom = 0;
  for (const sentence of sentences) {
    if (base !== undefined && sentence.position !== undefined) starts.push(sentence.position.start.offset - base);
    else {
      const at = text.indexOf(sentence.value, searchFrom);
      const start = at < 0 ? searchFrom : at;
      starts.push(start);
      searchFrom = start + sentence.value.length;
    }
  }
  return starts;
}

/** `[offset, length]` of each sentence found in its block's text, in order (sentences not found are skipped). */
function sentencePieces(text: string, sentences: readonly SentenceNode[]): number[] {
  const pieces: number[] = [];
  let from = 0;
  for (const sentence of sentences) {
    const at = text.indexOf(sentence.value, from);
    if (at < 0) continue;
    from = at + sentence.value.length;
    pieces.push(at, sentence.value.length);
  }
  return pieces;
}

/** A heading or title unit; its start is kept only when it spans exactly its text (single-line headings). */
function headingUnit(
  kind: 'title' | 'heading',
  text: string,
  path: string[],
  section: number | null,
  position: Position | undefined,
): TraceUnit {
  const unit: TraceUnit = { kind, text, path, section, block: null, firstSentence: -1, sentenceStarts: [] };
  if (position !== undefined && position.end.offset - position.start.offset === text.length) {
    unit.start = position.start;
  }
  return unit;
}

/**
 * Locates offsets of one unit's text: the sentence holding an offset and its line and column. Built on the unit's
 * first hit only; sentences are found by bisection over their starts, and line breaks are counted from the last
 * offset asked (hits come in increasing order), so a block with many hits costs linear time, not quadratic.
 */
class UnitLocator {
  private cursor = 0;
  private line: number;
  /** Offset where the cursor's line starts, or -1 while on the unit's first line. */
  private lineStart = -1;

  constructor(private readonly unit: TraceUnit) {
    this.line = unit.start?.line ?? 1;
  }

  /** Global index of the sentence holding `offset`: the last one starting at or before it. */
  sentence(offset: number): number | null {
    const starts = this.unit.sentenceStarts;
    if (starts.length === 0) return null;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return this.unit.firstSentence + lo;
  }

  /** The point `offset` units into the unit (line breaks as in LineIndex: \n, \r\n, lone \r). */
  point(offset: number, origin: Point): Point {
    const text = this.unit.text;
    if (offset < this.cursor) {
      this.cursor = 0;
      this.line = origin.line;
      this.lineStart = -1;
    }
    for (let i = this.cursor; i < offset; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
        this.line++;
        this.lineStart = i + 1;
      }
    }
    this.cursor = offset;
    const column = this.lineStart < 0 ? origin.column + offset : offset - this.lineStart + 1;
    return { line: this.line, column, offset: origin.offset + offset };
  }
}

/** Whether a UTF-16 unit is the second half of a surrogate pair. */
function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** The hit for `text[start, end)` of `unit`, with its snippet and position. */
function makeHit(unit: TraceUnit, locator: UnitLocator, start: number, end: number, context: number): TraceHit {
  const text = unit.text;
  let from = Math.max(0, start - context);
  if (from > 0 && isLowSurrogate(text.charCodeAt(from))) from--;
  let to = Math.min(text.length, end + context);
  if (to < text.length && isLowSurrogate(text.charCodeAt(to))) to++;
  const hit: TraceHit = {
    unit: unit.kind,
    path: unit.path,
    section: unit.section,
    block: unit.block,
    sentence: locator.sentence(start),
    start,
    end,
    before: text.slice(from, start),
    match: text.slice(start, end),
    after: text.slice(end, to),
    clippedBefore: from > 0,
    clippedAfter: to < text.length,
  };
  if (unit.start !== undefined) {
    hit.position = { start: locator.point(start, unit.start), end: locator.point(end, unit.start) };
  }
  return hit;
}

/** Matches found in one unit text: `[start, end]` pairs, flattened, and whether the whole text was searched. */
interface FoundRanges {
  ranges: number[];
  complete: boolean;
}

/**
 * Searches one unit, falling back to sentence by sentence for long blocks in regex mode. Editions of a series
 * repeat most of their units word for word, so the matches of each distinct text are found once per trace and
 * replayed (`found` maps a text to its matches); units searched piece by piece are searched afresh.
 */
function searchUnit(
  unit: TraceUnit,
  matcher: PhraseMatcher,
  found: Map<string, FoundRanges>,
  sink: (start: number, end: number) => void,
): boolean {
  const pieces = unit.pieces;
  if (matcher.mode !== 'regex' || pieces === undefined) {
    let known = found.get(unit.text);
    if (known === undefined) {
      const ranges: number[] = [];
      const complete = matcher.find(unit.text, (start, end) => ranges.push(start, end)) === 'complete';
      known = { ranges, complete };
      found.set(unit.text, known);
    }
    for (let i = 0; i < known.ranges.length; i += 2) sink(known.ranges[i] as number, known.ranges[i + 1] as number);
    return known.complete;
  }
  let complete = true;
  for (let i = 0; i + 1 < pieces.length; i += 2) {
    const at = pieces[i] as number;
    const piece = unit.text.slice(at, at + (pieces[i + 1] as number));
    if (matcher.find(piece, (start, end) => sink(at + start, at + end)) === 'truncated') complete = false;
  }
  return complete;
}

/** Traces one edition. */
function traceEdition(
  label: string,
  date: string | undefined,
  units: readonly TraceUnit[],
  matcher: PhraseMatcher,
  found: Map<string, FoundRanges>,
  context: number,
  maxHits: number,
): EditionTrace {
  let count = 0;
  let complete = true;
  const hits: TraceHit[] = [];
  for (const unit of units) {
    let locator: UnitLocator | null = null;
    const searched = searchUnit(unit, matcher, found, (start, end) => {
      count++;
      if (hits.length >= maxHits) return;
      locator ??= new UnitLocator(unit);
      hits.push(makeHit(unit, locator, start, end, context));
    });
    if (!searched) complete = false;
  }
  const trace: EditionTrace = { label, count, hits, status: 'complete' };
  if (date !== undefined) trace.date = date;
  if (!complete || count > hits.length) trace.status = 'truncated';
  return trace;
}

/** First and last appearance, gaps and returns from the per-edition counts. */
export function trajectory(
  editions: ReadonlyArray<{ label: string; count: number }>,
): Pick<TraceResult, 'first' | 'last' | 'gaps' | 'returns'> {
  let first: EditionRef | null = null;
  let last: EditionRef | null = null;
  const gaps: TraceGap[] = [];
  const returns: EditionRef[] = [];
  let gapStart = -1;
  editions.forEach((edition, index) => {
    const ref = { index, label: edition.label };
    if (edition.count > 0) {
      first ??= ref;
      last = ref;
      if (gapStart >= 0) {
        gaps.push(gapOf(editions, gapStart, index - 1, edition.label));
        returns.push(ref);
        gapStart = -1;
      }
    } else if (first !== null && gapStart < 0) gapStart = index;
  });
  if (gapStart >= 0) gaps.push(gapOf(editions, gapStart, editions.length - 1, null));
  return { first, last, gaps, returns };
}

/** A gap over editions[start..end]. */
function gapOf(
  editions: ReadonlyArray<{ label: string }>,
  start: number,
  end: number,
  returnedIn: string | null,
): TraceGap {
  const labels = editions.slice(start, end + 1).map((edition) => edition.label);
  return { start, end, labels, returnedIn };
}

/** Whether a BCP 47 tag names a language written without spaces between words. */
function isUnspacedLocale(locale: string | undefined): boolean {
  if (locale === undefined) return false;
  return UNSPACED_LANGUAGES.has(locale.toLowerCase().split(/[-_]/)[0] ?? '');
}

/**
 * Traces `phrase` through `editions` (in series order), each given as its tree or as its `traceUnits`: per edition, the count and the hits with KWIC snippets,
 * section paths and positions; over the series, first and last appearance, gaps and returns. Pure and linear in the
 * total text. Throws a PalimpsestError `E_USAGE` for an empty phrase, an unknown mode or an invalid
 * regular expression (RE2 syntax); a TypeError for a negative context.
 */
export function tracePhrase(
  editions: readonly TraceEditionInput[],
  phrase: string,
  options: TraceOptions = {},
): TraceResult {
  const context = options.context ?? DEFAULT_CONTEXT;
  if (!Number.isInteger(context) || context < 0) {
    throw new TypeError(`tracePhrase: context must be a whole number of characters ≥ 0, not ${String(context)}`);
  }
  const maxHits = options.maxHitsPerEdition ?? DEFAULT_MAX_HITS_PER_EDITION;
  if (!(maxHits >= 0)) throw new TypeError('tracePhrase: maxHitsPerEdition must be ≥ 0');
  const wholeWords = (options.wholeWords ?? true) && !isUnspacedLocale(options.locale);
  const matcher = compilePhrase(phrase, { mode: options.mode ?? 'normalized', wholeWords });
  const found = new Map<string, FoundRanges>();
  const traces = editions.map((edition) =>
    traceEdition(
      edition.label,
      edition.date,
      'units' in edition ? edition.units : traceUnits(edition.document),
      matcher,
      found,
      context,
      maxHits,
    ),
  );
  const total = traces.reduce((sum, edition) => sum + edition.count, 0);
  return {
    phrase,
    mode: matcher.mode,
    pattern: matcher.pattern,
    context,
    editions: traces,
    total,
    ...trajectory(traces),
    status: traces.some((edition) => edition.status === 'truncated') ? 'truncated' : 'complete',
  };
}
