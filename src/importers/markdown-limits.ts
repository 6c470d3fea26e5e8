/**
 * Linear pre-scans that refuse Markdown micromark cannot parse in linear time, before it tries. Its cost per line
 * grows faster than the line with the number of open containers (`- - - … x`, `> > > … x`, lists indented a
 * thousand deep: 20 KB took 53 s and overflowed the stack), and its emphasis resolution walks back over every event
 * between a closing delimiter and its opener, so deeply nested or long-unmatched `*`/`_` runs are quadratic in the
 * paragraph. Both scans over-estimate a little and never rewrite the source, so positions and the source map of
 * every document they accept are exactly micromark's.
 */
import { nestingLimitError } from './nesting.js';

/**
 * Deepest nesting of Markdown containers (list items and block quotes) accepted. Real documents stay below ten;
 * micromark's time per byte stays within a few times that of flat text up to about 200 and grows without bound
 * beyond (measured), so 100 leaves a margin both ways. Lower than HTML's 2000 because the engines differ.
 */
export const MAX_MARKDOWN_NESTING = 100;

/** Emphasis work allowed per paragraph: this many event steps per event of the paragraph, plus a floor. */
const EMPHASIS_WORK_PER_EVENT = 256;
const EMPHASIS_WORK_FLOOR = 4_000_000;

/** An open container while scanning: a block quote, or a list item continued by `indent` columns. */
interface Container {
  quote: boolean;
  indent: number;
}

/** The line with each tab expanded to the next multiple of four columns, as CommonMark reads structure. */
function expandTabs(line: string): string {
  let out = '';
  for (const char of line) out += char === '\t' ? ' '.repeat(4 - (out.length % 4)) : char;
  return out;
}

/** Columns of spaces at `at` in a tab-free line. */
function spacesAt(line: string, at: number): number {
  let end = at;
  while (line.charCodeAt(end) === 0x20) end++;
  return end - at;
}

/**
 * Where a thematic break (`- - -`, `***`, `_ _ _`) ending `line` may start: the marker, and the range of starts that
 * leave at least three markers. Computed once per line, so that each list marker is checked in constant time.
 */
function thematicBreakTail(line: string): { marker: string; from: number; to: number } | null {
  let end = line.length;
  while (end > 0 && line[end - 1] === ' ') end--;
  const marker = line[end - 1];
  if (marker !== '-' && marker !== '*' && marker !== '_') return null;
  let from = end;
  let count = 0;
  let to = -1;
  while (from > 0 && (line[from - 1] === marker || line[from - 1] === ' ')) {
    from--;
    if (line[from] === marker && ++count === 3) to = from;
  }
  return to < 0 ? null : { marker, from, to };
}

/** The width of a list marker at `at` (`-`, `+`, `*`, `1.`, `12)`) followed by a space or the line end, or 0. */
function listMarkerWidth(line: string, at: number, rule: ReturnType<typeof thematicBreakTail>): number {
  const char = line[at];
  let end = at;
  if (char === '-' || char === '+' || char === '*') {
    if (rule && char === rule.marker && at >= rule.from && at <= rule.to) return 0;
    end = at + 1;
  } else {
    while (end < line.length && end - at < 9 && line.charCodeAt(end) >= 0x30 && line.charCodeAt(end) <= 0x39) end++;
    if (end === at || (line[end] !== '.' && line[end] !== ')')) return 0;
    end++;
  }
  if (end < line.length && line[end] !== ' ') return 0;
  return end - at;
}

/**
 * Whether the line source[start, end) may open a container: whether its first character after spaces and tabs
 * may start a block quote or a list item (`>`, `-`, `+`, `*`, a digit). A line that opens none leaves the scan's
 * state as it was: matching the open containers only consumes spaces and `>`, so what follows them is that same
 * character, which opens nothing. Most lines are text, and skip the slicing and tab expansion of the full reading.
 */
function mayOpenContainer(source: string, start: number, end: number): boolean {
  let at = start;
  let code = -1;
  while (at < end) {
    code = source.charCodeAt(at);
    if (code !== 0x20 && code !== 0x09) break;
    at++;
  }
  if (at >= end) return false;
  return code === 0x3e || code === 0x2d || code === 0x2b || code === 0x2a || (code >= 0x30 && code <= 0x39);
}

/**
 * The deepest nesting of list items and block quotes in `source` and the 1-based line where it is reached: a
 * CommonMark-shaped scan of container starts and continuations, which over-estimates (a lazy line keeps every
 * container open) but never under-estimates. Linear: each container a line continues consumes at least one of its
 * characters. Stops as soon as the depth passes `stopAbove`.
 */
export function markdownNestingDepth(
  source: string,
  stopAbove = Number.POSITIVE_INFINITY,
): { depth: number; line: number } {
  const stack: Container[] = [];
  let deepest = 0;
  let deepestLine = 0;
  let lineNumber = 0;
  let position = 0;
  while (position <= source.length) {
    let end = source.indexOf('\n', position);
    if (end < 0) end = source.length;
    if (!mayOpenContainer(source, position, end)) {
      // Opens nothing, so changes neither the stack nor the depth (a blank line, or one of mere text).
      lineNumber++;
      position = end + 1;
      if (end >= source.length) break;
      continue;
    }
    let line = source.slice(position, end);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.includes('\t')) line = expandTabs(line);
    lineNumber++;
    position = end + 1;
    if (line.trim() === '') {
      if (end >= source.length) break;
      continue;
    }
    let at = 0;
    let matched = 0;
    // The spaces ahead of `at` are counted once and used up as items consume them, so the walk stays linear.
    let spaces = spacesAt(line, at);
    for (const container of stack) {
      if (container.quote) {
        if (spaces > 3 || line[at + spaces] !== '>') break;
        at += spaces + 1;
        if (line[at] === ' ') at++;
        spaces = spacesAt(line, at);
      } else {
        if (spaces < container.indent) break;
        at += container.indent;
        spaces -= container.indent;
      }
      matched++;
    }
    const opened: Container[] = [];
    const rule = thematicBreakTail(line);
    for (;;) {
      const spaces = spacesAt(line, at);
      if (spaces > 3) break;
      const start = at + spaces;
      if (line[start] === '>') {
        at = start + 1;
        if (line[at] === ' ') at++;
        opened.push({ quote: true, indent: 0 });
        continue;
      }
      const width = listMarkerWidth(line, start, rule);
      if (width === 0) break;
      const after = spacesAt(line, start + width);
      // CommonMark: an item that starts with a blank line, or with 5+ spaces (indented code), has its content one
      // column after the marker, however many spaces follow it.
      const blank = start + width + after >= line.length;
      const gap = !blank && after >= 1 && after <= 4 ? after : 1;
      at = start + width + Math.min(after, gap);
      opened.push({ quote: false, indent: spaces + width + gap });
    }
    // A line that opens nothing may be a lazy continuation, which keeps every container open.
    if (opened.length > 0) {
      stack.length = matched;
      for (const container of opened) stack.push(container);
    }
    if (stack.length > deepest) {
      deepest = stack.length;
      deepestLine = lineNumber;
      if (deepest > stopAbove) break;
    }
    if (end >= source.length) break;
  }
  return { depth: deepest, line: deepestLine };
}

const WHITESPACE = /\s/u;
const PUNCTUATION = /[\p{P}\p{S}]/u;

/** Whether a code unit (possibly undefined at the ends) counts as whitespace for flanking (line ends do). */
function isSpace(char: string | undefined): boolean {
  return char === undefined || WHITESPACE.test(char);
}

/** Whether a character counts as punctuation for flanking (CommonMark: Unicode P and S). */
function isPunctuation(char: string | undefined): boolean {
  return char !== undefined && PUNCTUATION.test(char);
}

/** Whether a UTF-16 code unit is whitespace as String.prototype.trim and \s understand it. */
function isWhitespaceCode(code: number): boolean {
  if (code < 128) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  return WHITESPACE.test(String.fromCharCode(code));
}

/** An ASCII punctuation character: where micromark may start a new event. */
function isAsciiPunctuation(code: number): boolean {
  return (
    (code >= 0x21 && code <= 0x2f) ||
    (code >= 0x3a && code <= 0x40) ||
    (code >= 0x5b && code <= 0x60) ||
    (code >= 0x7b && code <= 0x7e)
  );
}

/**
 * The heaviest paragraph of `source` for micromark's emphasis resolution: the steps it walks back from closing `*`
 * and `_` runs to their openers (or to the paragraph's start when there is none), against the steps allowed for that
 * paragraph. Positions count ASCII punctuation and line ends, where micromark's events begin; paragraphs are runs of
 * non-blank lines. Linear in the source.
 */
export function emphasisWork(source: string): { work: number; allowed: number; line: number } {
  let worst = { work: 0, allowed: EMPHASIS_WORK_FLOOR, line: 0 };
  // Without a marker no paragraph has any work, and the answer is the initial one (most official texts).
  if (source.indexOf('*') < 0 && source.indexOf('_') < 0) return worst;
  const openers: Record<string, number[]> = { '*': [], _: [] };
  let events = 0;
  let paragraphStart = 0;
  let paragraphLine = 1;
  let work = 0;
  let line = 1;
  // Whether the line so far holds only whitespace (what trim() removes), tracked as the scan goes rather than by
  // slicing every line.
  let blank = true;
  const closeParagraph = () => {
    const allowed = EMPHASIS_WORK_PER_EVENT * (events - paragraphStart) + EMPHASIS_WORK_FLOOR;
    if (work - allowed > worst.work - worst.allowed) worst = { work, allowed, line: paragraphLine };
    work = 0;
    paragraphStart = events;
    (openers['*'] as number[]).length = 0;
    (openers._ as number[]).length = 0;
  };
  let i = 0;
  while (i < source.length) {
    const code = source.charCodeAt(i);
    if (code === 0x0a) {
      // A blank line (only spaces since the last line end) ends the paragraph.
      if (blank) {
        closeParagraph();
        paragraphLine = line + 1;
      } else events++;
      line++;
      blank = true;
      i++;
      continue;
    }
    if (blank && !isWhitespaceCode(code)) blank = false;
    if (code !== 0x2a && code !== 0x5f) {
      if (isAsciiPunctuation(code)) events++;
      i++;
      continue;
    }
    const marker = source[i] as string;
    let end = i;
    while (source[end] === marker) end++;
    const before = source[i - 1];
    const after = source[end];
    const left = !isSpace(after) && (!isPunctuation(after) || isSpace(before) || isPunctuation(before));
    const right = !isSpace(before) && (!isPunctuation(before) || isSpace(after) || isPunctuation(after));
    const canOpen = marker === '*' ? left : left && (!right || isPunctuation(before));
    const canClose = marker === '*' ? right : right && (!left || isPunctuation(after));
    const stack = openers[marker] as number[];
    for (let k = i; k < end; k++) {
      let matched = false;
      if (canClose) {
        const opener = stack.pop();
        matched = opener !== undefined;
        work += events - (opener ?? paragraphStart);
      }
      if (canOpen && !matched) stack.push(events);
      events++;
    }
    i = end;
  }
  closeParagraph();
  return worst;
}

/** How many `*` and `_` `source` holds, counting up to `limit` at most. */
function markerCount(source: string, limit: number): number {
  let count = 0;
  for (const marker of ['*', '_']) {
    let at = source.indexOf(marker);
    while (at >= 0 && count < limit) {
      count++;
      at = source.indexOf(marker, at + 1);
    }
  }
  return count;
}

/**
 * Throws E_LIMIT when `source` nests containers deeper than MAX_MARKDOWN_NESTING or holds a paragraph whose emphasis
 * would take micromark quadratic time; the message names the line and suggests reading the file as plain text.
 */
export function assertMarkdownWithinLimits(source: string, name: string): void {
  const advice = 'import it as plain text (--from text) to read it anyway';
  const nesting = markdownNestingDepth(source, MAX_MARKDOWN_NESTING);
  if (nesting.depth > MAX_MARKDOWN_NESTING) {
    throw nestingLimitError(
      name,
      `its lists and block quotes nest more than ${MAX_MARKDOWN_NESTING} deep at line ${nesting.line}, over the limit of ${MAX_MARKDOWN_NESTING}`,
      advice,
    );
  }
  // Each marker adds at most a paragraph's events to its work, and a paragraph is allowed EMPHASIS_WORK_PER_EVENT
  // steps per event: with no more markers than that in the whole source, no paragraph can go over.
  if (markerCount(source, EMPHASIS_WORK_PER_EVENT + 1) <= EMPHASIS_WORK_PER_EVENT) return;
  const emphasis = emphasisWork(source);
  if (emphasis.work > emphasis.allowed) {
    throw nestingLimitError(
      name,
      `the paragraph at line ${emphasis.line} nests or leaves open too many emphasis markers (* or _) for the Markdown parser`,
      advice,
    );
  }
}
