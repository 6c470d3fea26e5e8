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

import { pathLabel } from '../align/units.js';
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

/** One edition handed to `tracePhrase`, in series order (oldest first). */
export interface TraceEditionInput {
  label: string;
  date?: string;
  document: DocumentNode;
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

/** The searchable units of one document, with what a hit needs to say where it is. */
interface SearchUnit {
  kind: TraceUnitKind;
  text: string;
  path: string[];
  section: number | null;
  block: number | null;
  /** Global index of the unit's first sentence and the sentence nodes (blocks only). */
  firstSentence: number;
  sentences: SentenceNode[];
  position: Position | undefined;
}

/**
 * Lists a document's units in reading order: the title, then each section's heading before its blocks and
 * subsections. Sections, blocks and sentences are numbered in document order exactly as `flattenDocument` numbers
 * them (boxes contribute their blocks), so a hit's indexes join with comparisons and lineage; this walk only
 * skips the tables flattenDocument builds, which cost a quarter of a trace through a long series.
 */
function searchUnits(document: DocumentNode): SearchUnit[] {
  const units: SearchUnit[] = [];
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
    units.push({
      kind: block.type,
      text: block.value,
      path,
      section,
      block: blocks++,
      firstSentence: sentences,
      sentences: block.children,
      position: block.position,
    });
    sentences += block.children.length;
  };
  const visit = (
    children: ReadonlyArray<SectionNode | BlockNode | HeadingNode>,
    path: string[],
    section: number | null,
  ): void => {
    for (const child of children) {
      if (child.type === 'heading') continue;
      if (child.type !== 'section') {
        addBlock(child, path, section);
        continue;
      }
      const heading = child.children[0];
      const index = sections++;
      const sectionPath = [...path, pathLabel(heading)];
      units.push(headingUnit('heading', heading.value, sectionPath, index, heading.position));
      visit(child.children, sectionPath, index);
    }
  };
  visit(document.children, [], null);
  return units;
}

/** A heading or title unit; its position is kept only when it spans exactly its text (single-line headings). */
function headingUnit(
  kind: 'title' | 'heading',
  text: string,
  path: string[],
  section: number | null,
  position: Position | undefined,
): SearchUnit {
  const exact = position !== undefined && position.end.offset - position.start.offset === text.length;
  return {
    kind,
    text,
    path,
    section,
    block: null,
    firstSentence: -1,
    sentences: [],
    position: exact ? position : undefined,
  };
}

/**
 * Locates offsets of one unit's text: the sentence holding an offset and its line and column. Built on the unit's
 * first hit only; sentence starts are found once and searched by bisection, and line breaks are counted from the
 * last offset asked (hits come in increasing order), so a block with many hits costs linear time, not quadratic.
 */
class UnitLocator {
  private sentenceStarts: number[] | null = null;
  private cursor = 0;
  private line: number;
  /** Offset where the cursor's line starts, or -1 while on the unit's first line. */
  private lineStart = -1;

  constructor(private readonly unit: SearchUnit) {
    this.line = unit.position?.start.line ?? 1;
  }

  /** Global index of the sentence holding `offset`: the last one starting at or before it. */
  sentence(offset: number): number | null {
    const unit = this.unit;
    if (unit.sentences.length === 0) return null;
    if (this.sentenceStarts === null) {
      const base = unit.position?.start.offset;
      const starts: number[] = [];
      let searchFrom = 0;
      for (const sentence of unit.sentences) {
        // From positions when both carry them, else by finding the sentence's text in the block.
        if (base !== undefined && sentence.position !== undefined) starts.push(sentence.position.start.offset - base);
        else {
          const at = unit.text.indexOf(sentence.value, searchFrom);
          const start = at < 0 ? searchFrom : at;
          starts.push(start);
          searchFrom = start + sentence.value.length;
        }
      }
      this.sentenceStarts = starts;
    }
    const starts = this.sentenceStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return unit.firstSentence + lo;
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
function makeHit(unit: SearchUnit, locator: UnitLocator, start: number, end: number, context: number): TraceHit {
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
  if (unit.position !== undefined) {
    hit.position = {
      start: locator.point(start, unit.position.start),
      end: locator.point(end, unit.position.start),
    };
  }
  return hit;
}

/** Searches one unit, falling back to sentence by sentence for long blocks in regex mode. */
function searchUnit(unit: SearchUnit, matcher: PhraseMatcher, sink: (start: number, end: number) => void): boolean {
  if (matcher.mode !== 'regex' || unit.text.length <= REGEX_UNIT_LIMIT || unit.sentences.length < 2) {
    return matcher.find(unit.text, sink) === 'complete';
  }
  let complete = true;
  let from = 0;
  for (const sentence of unit.sentences) {
    const at = unit.text.indexOf(sentence.value, from);
    if (at < 0) continue;
    from = at + sentence.value.length;
    if (matcher.find(sentence.value, (start, end) => sink(at + start, at + end)) === 'truncated') complete = false;
  }
  return complete;
}

/** Traces one edition. */
function traceEdition(
  edition: TraceEditionInput,
  matcher: PhraseMatcher,
  context: number,
  maxHits: number,
): EditionTrace {
  let count = 0;
  let complete = true;
  const hits: TraceHit[] = [];
  for (const unit of searchUnits(edition.document)) {
    let locator: UnitLocator | null = null;
    const searched = searchUnit(unit, matcher, (start, end) => {
      count++;
      if (hits.length >= maxHits) return;
      locator ??= new UnitLocator(unit);
      hits.push(makeHit(unit, locator, start, end, context));
    });
    if (!searched) complete = false;
  }
  const trace: EditionTrace = { label: edition.label, count, hits, status: 'complete' };
  if (edition.date !== undefined) trace.date = edition.date;
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
 * Traces `phrase` through `editions` (in series order): per edition, the count and the hits with KWIC snippets,
 * section paths and positions; over the series, first and last appearance, gaps and returns. Pure and linear in the
 * total text. Throws a PalimpsestError `E_USAGE` for an empty phrase, an unknown mode or an invalid or dangerous
 * regular expression; a TypeError for a negative context.
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
  const traces = editions.map((edition) => traceEdition(edition, matcher, context, maxHits));
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
