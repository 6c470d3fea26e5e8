/**
 * The Markdown pre-scans against the plain readings they shortcut: markdownNestingDepth, which now skips the lines
 * that cannot open a container, gives exactly the depth and line of the full scan it replaced (kept below as the
 * reference), over generated sources of container prefixes, text, tabs, carriage returns and blank lines.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertMarkdownWithinLimits, emphasisWork, markdownNestingDepth } from './markdown-limits.js';

// The scan before lines of text were skipped (src/importers/markdown-limits.ts as of 38fd925), unchanged.
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
 * The deepest nesting of list items and block quotes in `source` and the 1-based line where it is reached: a
 * CommonMark-shaped scan of container starts and continuations, which over-estimates (a lazy line keeps every
 * container open) but never under-estimates. Linear: each container a line continues consumes at least one of its
 * characters. Stops as soon as the depth passes `stopAbove`.
 */
function referenceNestingDepth(source: string, stopAbove = Number.POSITIVE_INFINITY): { depth: number; line: number } {
  const stack: Container[] = [];
  let deepest = 0;
  let deepestLine = 0;
  let lineNumber = 0;
  let position = 0;
  while (position <= source.length) {
    let end = source.indexOf('\n', position);
    if (end < 0) end = source.length;
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

/** A line of generated Markdown: container-like prefixes, then text that may or may not open something. */
const markdownLine = fc.tuple(
  fc.array(fc.constantFrom('> ', '>', '- ', '* ', '+ ', '1. ', '12) ', '  ', '    ', '\t', ' \t', '- - -', '***'), {
    maxLength: 6,
  }),
  fc.constantFrom('x', '', 'Text', '1° x', '-x', '—', '\u00a0x', '\u3000', '\r', 'a\rb', '---', '_ _ _', '# h'),
);

describe('markdownNestingDepth', () => {
  it('gives the depth and line of the full scan, lines of text skipped', () => {
    fc.assert(
      fc.property(fc.array(markdownLine, { maxLength: 16 }), fc.constantFrom('\n', '\r\n'), (lines, end) => {
        const source = lines.map(([prefixes, rest]) => prefixes.join('') + rest).join(end);
        expect(markdownNestingDepth(source)).toEqual(referenceNestingDepth(source));
        expect(markdownNestingDepth(source, 2)).toEqual(referenceNestingDepth(source, 2));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the emphasis limit', () => {
  it('answers the initial reading for a source without markers', () => {
    expect(emphasisWork('no markers here.\n\nNone.')).toEqual({ work: 0, allowed: 4_000_000, line: 0 });
  });

  it('is not checked below 257 markers, where no paragraph can reach its allowance', () => {
    // Each marker adds at most its paragraph's events; 256 of them stay within 256 steps per event.
    const source = `${'*'.repeat(128)}${'_a'.repeat(128)}${'(.'.repeat(50_000)}`;
    const { work, allowed } = emphasisWork(source);
    expect(work).toBeLessThanOrEqual(allowed);
    expect(() => assertMarkdownWithinLimits(source, 'x.md')).not.toThrow();
  });
});
