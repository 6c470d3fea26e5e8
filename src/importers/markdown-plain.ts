/**
 * A line scanner for the plain subset of CommonMark that official texts are mostly written in: blank lines, ATX
 * headings, paragraphs, and flat bullet or ordered lists whose items hold paragraphs and headings, with backslash
 * escapes as the only inline markup. On such a chunk it finds the same blocks, in the same order, with the same
 * start lines, as micromark followed by the extractor in markdown.ts, in one pass over the lines and without a
 * syntax tree (micromark spends about 0.8 µs a byte building events and nodes that the extractor then flattens).
 *
 * Anything outside the subset makes it return null, and the caller parses that chunk with micromark: emphasis,
 * code, links, HTML, entities, tables (`*`, `_`, `` ` ``, `[`, `]`, `<`, `&`, `|` anywhere), tabs, NUL, bare CR,
 * hard breaks (a line ending in two spaces or a backslash), block quotes, fences, thematic breaks, setext
 * underlines, indented code, nested lists, empty list items, and any line that starts like a block in a place where
 * the CommonMark rules for it are subtle (a list marker of another kind inside a list, a marker indented four or
 * more). Equivalence with micromark on what it accepts is checked by a property test (markdown-plain.test.ts).
 */
import type { BlockHint } from './types.js';

/** A block found by the scanner: its inline text as the extractor would give it, its 1-based line, its hint. */
export interface PlainBlock {
  /** The block's text before the writer cleans it (soft line breaks already joined). */
  text: string;
  /** 1-based line of the block in the scanned source. */
  line: number;
  hint?: Omit<BlockHint, 'start' | 'end'>;
}

/** Characters whose presence anywhere puts a chunk outside the subset (see the module comment). */
const OUTSIDE_SUBSET = /[\t\0*_`<>&|[\]]|\r(?!\n)/;

/** An ordered list marker at the start of a string: the digits and the delimiter. */
const ORDERED_MARKER = /^(\d{1,9})([.)])/;

/** A backslash before ASCII punctuation: CommonMark's character escape. */
const ESCAPE = /\\([!-/:-@[-`{-~])/g;

/** Characters that, first on a line, may start a block other than a paragraph (or a setext underline). */
const BLOCK_START = new Set(['#', '>', '-', '+', '=', '~']);

/** Whether `line` ends in a way that makes a hard line break (two spaces, or a backslash). */
function endsWithHardBreak(line: string): boolean {
  return line.endsWith('  ') || line.endsWith('\\');
}

/** Number of spaces at the start of `line`. */
function indentOf(line: string): number {
  let at = 0;
  while (line.charCodeAt(at) === 0x20) at++;
  return at;
}

/** A list marker starting `content` (no indentation): its text, kind and the width it and its spaces take. */
interface Marker {
  /** As written: "-", "+", "1.", "07)". */
  text: string;
  /** "-" or "+" for bullets, "." or ")" for ordered lists: items of one list share it. */
  kind: string;
  /** The ordered number as written ("" for bullets). */
  digits: string;
  /** Spaces between the marker and the item's content. */
  spaces: number;
}

/**
 * The list marker at the start of `content`, when the line is a list item in CommonMark's sense (marker, then a
 * space or the line end); null otherwise.
 */
function markerOf(content: string): Marker | null {
  const first = content[0];
  let text: string;
  let kind: string;
  let digits = '';
  if (first === '-' || first === '+') {
    text = first;
    kind = first;
  } else {
    const match = ORDERED_MARKER.exec(content);
    if (!match) return null;
    digits = match[1] as string;
    kind = match[2] as string;
    text = digits + kind;
  }
  const after = content.charCodeAt(text.length);
  if (!Number.isNaN(after) && after !== 0x20) return null;
  return { text, kind, digits, spaces: indentOf(content.slice(text.length)) };
}

/** Whether a line whose content is `content` (indentation removed) starts something other than paragraph text. */
function startsBlock(content: string): boolean {
  return BLOCK_START.has(content[0] as string) || markerOf(content) !== null;
}

/** The inline text of a paragraph line or heading: escapes decoded (the only inline markup in the subset). */
function inline(content: string): string {
  return content.includes('\\') ? content.replace(ESCAPE, '$1') : content;
}

/**
 * The content of an ATX heading line (indentation removed) and its level, or undefined when the line is not one
 * the scanner reads (`#` not followed by a space, more than six, or a `#` in the content, which may close it).
 */
function atxHeading(content: string): { level: number; text: string } | undefined {
  let level = 0;
  while (content[level] === '#') level++;
  if (level > 6) return undefined;
  const rest = content.slice(level);
  if (rest !== '' && rest[0] !== ' ') return undefined;
  if (rest.includes('#')) return undefined;
  return { level, text: inline(rest.trim()) };
}

/** The paragraph being read: its lines' contents, first line, and the list marker when it opens an item. */
interface OpenParagraph {
  lines: string[];
  line: number;
  marker?: string;
}

/**
 * Reads `source` as the plain subset of CommonMark and returns its blocks as markdown.ts's extractor would write
 * them from micromark's tree (inline text unjoined: the caller applies the same soft-break joining), or null when
 * the source has anything outside the subset.
 */
export function scanPlainMarkdown(source: string, unwrap: (text: string) => string): PlainBlock[] | null {
  if (OUTSIDE_SUBSET.test(source)) return null;
  const blocks: PlainBlock[] = [];
  // Declared through `as` so that assignments in the closures below do not narrow them to null.
  let paragraph = null as OpenParagraph | null;
  /** The list item being read: its list's marker kind and the column its content starts at. */
  let item = null as { kind: string; width: number } | null;

  const closeParagraph = () => {
    if (paragraph === null) return;
    const text = unwrap(paragraph.lines.join('\n'));
    if (paragraph.marker === undefined) blocks.push({ text, line: paragraph.line });
    else blocks.push({ text: `${paragraph.marker} ${text}`, line: paragraph.line, hint: { kind: 'listItem' } });
    paragraph = null;
  };
  const heading = (found: { level: number; text: string }, line: number) => {
    closeParagraph();
    blocks.push({ text: found.text, line, hint: { kind: 'heading', level: found.level } });
  };
  /** A list item starting at `indent` with `marker`; false when the item is outside the subset. */
  const startItem = (raw: string, indent: number, marker: Marker, line: number): boolean => {
    // Five or more spaces after the marker start indented code; none (the line end) an empty item.
    if (marker.spaces === 0 || marker.spaces > 4) return false;
    const content = raw.slice(indent + marker.text.length + marker.spaces);
    if (content.trim() === '' || startsBlock(content)) return false;
    closeParagraph();
    item = { kind: marker.kind, width: indent + marker.text.length + marker.spaces };
    paragraph = { lines: [inline(content)], line, marker: marker.text };
    return true;
  };

  let lineNumber = 0;
  let position = 0;
  while (position < source.length) {
    let end = source.indexOf('\n', position);
    if (end < 0) end = source.length;
    let raw = source.slice(position, end);
    position = end + 1;
    lineNumber++;
    if (raw.endsWith('\r')) raw = raw.slice(0, -1);
    const indent = indentOf(raw);
    if (indent === raw.length) {
      closeParagraph();
      continue;
    }
    if (endsWithHardBreak(raw)) return null;
    const content = raw.slice(indent);

    if (item !== null && indent >= item.width) {
      // Inside the current item: its content column is the line's start.
      const relative = indent - item.width;
      if (startsBlock(content)) {
        const found = relative < 4 ? atxHeading(content) : undefined;
        if (!found) return null;
        heading(found, lineNumber);
      } else if (paragraph !== null) paragraph.lines.push(inline(content));
      else if (relative >= 4) return null;
      else paragraph = { lines: [inline(content)], line: lineNumber };
      continue;
    }

    if (item !== null) {
      // Left of the item's content: a sibling item, a lazy continuation line, or the end of the list.
      const marker = indent < 4 ? markerOf(content) : null;
      if (marker !== null) {
        // The same kind of marker continues the list (any number); another kind starts a new list. Either way the
        // line is an item: the rule that only `1.` may interrupt a paragraph applies to a paragraph of the same
        // container, and this one is inside the item being left (CommonMark 5.2; micromark agrees, tested).
        if (!startItem(raw, indent, marker, lineNumber)) return null;
        continue;
      }
      if (indent >= 4) {
        if (paragraph === null || startsBlock(content)) return null;
        paragraph.lines.push(inline(content));
        continue;
      }
      if (paragraph !== null && content[0] !== '#') {
        // A lazy continuation line of the item's paragraph, unless it could be an underline or another block.
        if (BLOCK_START.has(content[0] as string) && (/^[-+=\s]*$/.test(content) || !/^[-+=]/.test(content)))
          return null;
        paragraph.lines.push(inline(content));
        continue;
      }
      item = null;
    }

    // Outside any list.
    if (indent >= 4) {
      if (paragraph === null || startsBlock(content)) return null;
      paragraph.lines.push(inline(content));
      continue;
    }
    const first = content[0] as string;
    if (first === '#') {
      const found = atxHeading(content);
      if (!found) return null;
      heading(found, lineNumber);
      continue;
    }
    const marker = markerOf(content);
    if (marker !== null) {
      // An ordered item interrupts a paragraph only when it starts at 1 (CommonMark 5.2); otherwise it is text.
      if (paragraph !== null && marker.digits !== '' && marker.digits !== '1') {
        paragraph.lines.push(inline(content));
        continue;
      }
      if (!startItem(raw, indent, marker, lineNumber)) return null;
      continue;
    }
    if (first === '-' || first === '+' || first === '=') {
      // "-foo" is text, but a line of only dashes or equals signs may be a setext underline or a thematic break.
      if (/^[-+=\s]*$/.test(content)) return null;
    } else if (BLOCK_START.has(first)) return null;
    if (paragraph !== null) paragraph.lines.push(inline(content));
    else paragraph = { lines: [inline(content)], line: lineNumber };
  }
  closeParagraph();
  return blocks;
}
