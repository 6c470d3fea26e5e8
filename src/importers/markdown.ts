/**
 * Markdown: CommonMark parsed by mdast-util-from-markdown (every node carries its offsets), written out as one block
 * of text per heading, paragraph, list item, code block and table row, with hints for what the markup knows
 * (heading levels, list items, block quotes as boxes, table rows). Emphasis and links keep only their text. GFM
 * pipe tables, which plain CommonMark reads as paragraphs, are recognised from their delimiter row. Chunks written
 * in the plain subset (headings, paragraphs, flat lists, escapes) are read by a line scanner that gives the same
 * blocks ten to twenty times faster (markdown-plain.ts; docs/decisions/0005-markdown-import.md).
 */
import type { Nodes, Parent, PhrasingContent, Root, RootContent } from 'mdast';
import { assertMarkdownWithinLimits } from './markdown-limits.js';
import { type PlainBlock, scanPlainMarkdown } from './markdown-plain.js';
import { decodeText, provenanceOf } from './text.js';
import { TimeBudget } from './time-budget.js';
import type { BlockHint, ImportedEdition, ImportLimits, ImportOptions, SourceSpan } from './types.js';

/** Blank lines inside one block, which would split it. */
const BLANK_LINES = /[ \t]*(?:\r\n|\r|\n)(?:[ \t]*(?:\r\n|\r|\n))+/g;

/** The extracted text being written, with its hints and source map. */
class Writer {
  /**
   * The blocks written so far, joined into the text at the end: one string made at once, where appending to a
   * string made a rope of two pieces per block that the first reader then had to flatten.
   */
  private readonly blocks: string[] = [];
  /** Length of the text so far. */
  length = 0;
  readonly hints: BlockHint[] = [];
  readonly sourceMap: SourceSpan[] = [];

  /** The text written: the blocks, separated by a blank line. */
  get text(): string {
    return this.blocks.join('\n\n');
  }

  /** Appends one block (blank-line separated) from source line `line`; returns its span, or null when empty. */
  block(value: string, line: number | undefined, hint?: Omit<BlockHint, 'start' | 'end'>): [number, number] | null {
    // A block must not contain a blank line, or the parser would read two blocks. (trim() removes what \s matches.)
    const joined = value.indexOf('\n') < 0 && value.indexOf('\r') < 0 ? value : value.replace(BLANK_LINES, '\n');
    const cleaned = joined.trim();
    if (cleaned === '') return null;
    const start = this.blocks.length > 0 ? this.length + 2 : 0;
    this.blocks.push(cleaned);
    const end = start + cleaned.length;
    this.length = end;
    if (hint) this.hints.push({ start, end, ...hint });
    this.sourceMap.push({ start, end, source: line === undefined ? {} : { line } });
    return [start, end];
  }
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff00-\uffef]/u;

/** Joins soft-wrapped lines as Markdown renders them: a space, or nothing between two CJK characters. */
function unwrap(text: string): string {
  if (text.indexOf('\n') < 0) return text;
  return text.replace(/[ \t]*\r?\n[ \t]*/g, (match, offset: number, whole: string) => {
    const before = whole[offset - 1] ?? '';
    const after = whole[offset + match.length] ?? '';
    return CJK.test(before) && CJK.test(after) ? '' : ' ';
  });
}

/** The text of inline content: emphasis and links give their text, hard breaks a line break, HTML nothing. */
function inlineText(nodes: readonly PhrasingContent[]): string {
  let text = '';
  for (const node of nodes) {
    switch (node.type) {
      case 'text':
        text += unwrap(node.value);
        break;
      case 'inlineCode':
        text += node.value;
        break;
      case 'break':
        text += '\n';
        break;
      case 'image':
      case 'imageReference':
        text += node.alt ?? '';
        break;
      case 'html':
        break;
      default:
        if ('children' in node) text += inlineText(node.children as PhrasingContent[]);
    }
  }
  return text;
}

const TABLE_DELIMITER_ROW = /^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$/;

/** The cells of a GFM table row ("| a | b |" → ["a", "b"]), honouring escaped pipes. */
function tableCells(row: string): string[] {
  const trimmed = row
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '');
  return trimmed.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, '|'));
}

/** The rows of a paragraph that is a GFM pipe table (header, delimiter, body rows), or null. */
function tableRows(source: string): string[][] | null {
  const lines = source.split(/\r?\n/);
  if (lines.length < 2 || !(lines[0] as string).includes('|')) return null;
  const delimiter = lines[1] as string;
  if (!delimiter.includes('-') || !TABLE_DELIMITER_ROW.test(delimiter)) return null;
  const rows = [lines[0] as string, ...lines.slice(2)].filter((line) => line.trim() !== '');
  return rows.map(tableCells);
}

/** The marker of a list item as written ("1.", "2)", "-"), read from the source at the item's start. */
function itemMarker(source: string, offset: number | undefined): string {
  if (offset === undefined) return '';
  const match = /^[ \t]*([-*+]|\d{1,9}[.)])/.exec(source.slice(offset, offset + 16));
  return match ? (match[1] as string) : '';
}

/** Walks the mdast tree of one chunk of the source, writing blocks. */
class MarkdownExtractor {
  /** `source` is the chunk; `lineBase` the number of source lines before it, to map its lines back. */
  constructor(
    readonly writer: Writer,
    private readonly source: string,
    private readonly lineBase: number,
    private readonly parse: MarkdownParser,
  ) {}

  /**
   * The text of one table cell as a reader sees it: its inline markup read like any paragraph's (a link gives its
   * text, emphasis its words), so `[A. Definitions](#a)` in a cell of GitHub's terms is "A. Definitions" in blame,
   * search and compare. CommonMark reads a pipe table as one paragraph, so the cells are cut from its source and each
   * is parsed on its own; a cell without markup characters is its own text.
   */
  private cellText(cell: string): string {
    if (!/[\\*_`[\]<>&!~]/.test(cell)) return cell;
    const first = (this.parse(cell) as Parent).children[0];
    return first?.type === 'paragraph' ? inlineText(first.children).trim() : cell;
  }

  children(parent: Parent): void {
    for (const child of parent.children) this.node(child as RootContent);
  }

  private line(node: { position?: { start: { line: number } } | undefined }): number | undefined {
    const line = node.position?.start.line;
    return line === undefined ? undefined : line + this.lineBase;
  }

  node(node: RootContent): void {
    const line = this.line(node);
    switch (node.type) {
      case 'heading':
        this.writer.block(inlineText(node.children), line, { kind: 'heading', level: node.depth });
        break;
      case 'paragraph':
        this.paragraph(node, line);
        break;
      case 'list':
        for (const item of node.children) this.listItem(item);
        break;
      case 'blockquote':
        this.box(node);
        break;
      case 'code':
        this.writer.block(node.value, line === undefined ? undefined : line + 1, { kind: 'paragraph' });
        break;
      case 'html': {
        const text = node.value.replace(/<[^>]*>/g, ' ').replace(/[ \t]+/g, ' ');
        this.writer.block(text, line);
        break;
      }
      case 'table':
      case 'listItem':
        if ('children' in node) this.children(node as Parent);
        break;
      default:
        // Thematic breaks, definitions, front matter: no text of their own.
        if ('children' in node) this.children(node as Parent);
    }
  }

  private paragraph(node: Extract<RootContent, { type: 'paragraph' }>, line: number | undefined): void {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    const rows = start !== undefined && end !== undefined ? tableRows(this.source.slice(start, end)) : null;
    if (rows && line !== undefined) {
      rows.forEach((cells, index) => {
        const text = cells.map((cell) => this.cellText(cell)).join(' | ');
        this.writer.block(text, line + (index === 0 ? 0 : index + 1), { kind: 'tableRow' });
      });
      return;
    }
    // A paragraph that is one link and nothing else ("[Archive of Previous Terms](…)") is a navigation link, not a
    // heading: without the hint its line was a heading when a paragraph followed and a paragraph when a heading did.
    const content = node.children.filter((child) => !(child.type === 'text' && child.value.trim() === ''));
    const link = content.length === 1 && (content[0]?.type === 'link' || content[0]?.type === 'linkReference');
    this.writer.block(inlineText(node.children), line, link ? { kind: 'paragraph' } : undefined);
  }

  /** A list item: its marker and first paragraph as one listItem block, then its other blocks in turn. */
  private listItem(item: Extract<RootContent, { type: 'listItem' }>): void {
    const [first, ...rest] = item.children;
    const marker = itemMarker(this.source, item.position?.start.offset);
    const line = this.line(item);
    if (first?.type === 'paragraph') {
      const text = inlineText(first.children);
      const checkbox = item.checked === true ? '[x] ' : item.checked === false ? '[ ] ' : '';
      this.writer.block(marker ? `${marker} ${checkbox}${text}` : text, line, { kind: 'listItem' });
    } else {
      if (marker) this.writer.block(marker, line, { kind: 'listItem' });
      if (first) this.node(first);
    }
    for (const child of rest) this.node(child);
  }

  /** A block quote: its blocks, grouped by a box hint. */
  private box(node: Parent): void {
    const startText = this.writer.length;
    const firstHint = this.writer.sourceMap.length;
    this.children(node);
    const first = this.writer.sourceMap[firstHint];
    if (!first) return;
    const end = this.writer.length;
    if (first.start >= startText && end > first.start) this.writer.hints.push({ start: first.start, end, kind: 'box' });
  }
}

/** The length of a YAML front-matter block at the very start ("---" … "---" or "..."), or 0. */
function frontMatterLength(text: string): number {
  const match = /^---[ \t]*\r?\n(?:[\s\S]*?\r?\n)?(?:---|\.\.\.)[ \t]*(?=\r?\n|$)/.exec(text);
  return match ? match[0].length : 0;
}

/** Chunks of about this many characters are parsed one at a time (see `chunks`). */
const CHUNK_CHARACTERS = 4 * 1024;

/** A link reference definition's start ("[label]:"), whose links resolve document-wide. */
const REFERENCE_DEFINITION = /^ {0,3}\[[^\]\n]+\]:/gm;

/**
 * source[from, to) with the front matter, source[0, skip), blanked (its lines kept, every other character a space),
 * so that offsets and lines still match the source.
 */
function bodySlice(source: string, skip: number, from: number, to: number): string {
  if (from >= skip) return source.slice(from, to);
  return source.slice(from, Math.min(skip, to)).replace(/[^\r\n]/g, ' ') + source.slice(Math.max(from, skip), to);
}

/**
 * Splits Markdown source into chunks that parse the same apart as together, for speed: mdast-util-from-markdown
 * slows down more than linearly with the number of blocks (0.4 MB of short headings takes seconds), so a long
 * document is parsed piecewise. A chunk ends only before a line that starts at column 0 after a blank line, outside
 * fenced code: no paragraph, code block or container can continue across such a line (lists and block quotes may
 * restart there, which changes nothing in the extracted blocks). With reference definitions, whose links resolve
 * document-wide, the source stays whole. The front matter, source[0, skip), is read as the blank lines it is
 * blanked to in the chunks, without blanking a copy of the whole source (a megabyte copied for a few lines).
 */
function chunks(source: string, skip: number): Array<{ text: string; lineBase: number }> {
  // Searched from the end of the front matter: its lines are blank, and its last one ends in a fence, so no
  // definition starts before `skip`, and whether one starts at a line of the rest is read the same in the source.
  REFERENCE_DEFINITION.lastIndex = skip;
  const referenced = source.length > CHUNK_CHARACTERS && REFERENCE_DEFINITION.test(source);
  if (source.length <= CHUNK_CHARACTERS || referenced)
    return [{ text: bodySlice(source, skip, 0, source.length), lineBase: 0 }];
  const result: Array<{ text: string; lineBase: number }> = [];
  let chunkStart = 0;
  let chunkLine = 0;
  let line = 0;
  let fence: string | null = null;
  let previousBlank = false;
  let position = 0;
  // Lines are read in place, by index, without slicing: this runs over every line of every Markdown import.
  while (position < source.length) {
    let end = source.indexOf('\n', position);
    if (end < 0) end = source.length;
    if (position < skip) {
      // A line of the front matter (which ends with its last line): blank once blanked, and no fence.
      previousBlank = true;
      position = end + 1;
      line++;
      continue;
    }
    // The line's content stops before a final carriage return.
    const stop = end > position && source.charCodeAt(end - 1) === 0x0d ? end - 1 : end;
    if (
      fence === null &&
      previousBlank &&
      position - chunkStart >= CHUNK_CHARACTERS &&
      position < stop &&
      !isWhitespace(source.charCodeAt(position))
    ) {
      result.push({ text: bodySlice(source, skip, chunkStart, position), lineBase: chunkLine });
      chunkStart = position;
      chunkLine = line;
    }
    const marker = fenceMarker(source, position, stop);
    if (marker !== null) {
      if (fence === null) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = null;
    }
    previousBlank = isBlankRange(source, position, stop);
    position = end + 1;
    line++;
  }
  result.push({ text: bodySlice(source, skip, chunkStart, source.length), lineBase: chunkLine });
  return result;
}

/** Whether a UTF-16 code unit is whitespace as String.prototype.trim and \s understand it. */
function isWhitespace(code: number): boolean {
  if (code < 128) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  return /\s/.test(String.fromCharCode(code));
}

/** Whether source[start, stop) holds only whitespace (it would trim to ''). */
function isBlankRange(source: string, start: number, stop: number): boolean {
  for (let i = start; i < stop; i++) if (!isWhitespace(source.charCodeAt(i))) return false;
  return true;
}

/**
 * The code fence opening source[start, stop), as /^ {0,3}(`{3,}|~{3,})/ would capture it: up to three spaces, then a
 * run of three or more backticks or tildes. Null when the line does not start one.
 */
function fenceMarker(source: string, start: number, stop: number): string | null {
  let at = start;
  while (at < stop && at - start < 3 && source.charCodeAt(at) === 0x20) at++;
  const code = at < stop ? source.charCodeAt(at) : -1;
  if (code !== 0x60 && code !== 0x7e) return null;
  let run = at;
  while (run < stop && source.charCodeAt(run) === code) run++;
  return run - at >= 3 ? source.slice(at, run) : null;
}

/**
 * Parses Markdown into an mdast tree with offsets: mdast-util-from-markdown's `fromMarkdown`, passed in rather than
 * imported so that it is loaded only when a chunk needs it (its modules take longer to load than the line scanner
 * takes to read a megabyte).
 */
export type MarkdownParser = (source: string) => Root;

/**
 * Extracts text, hints and a line source map from Markdown source, with `parse` for the chunks outside the plain
 * subset. Throws E_LIMIT (naming `name`) for nesting the parser cannot handle in linear time, before parsing;
 * `checkTime`, called between chunks, may throw to stop a long extraction (the import's time budget cannot
 * interrupt synchronous work).
 */
export function extractMarkdown(
  source: string,
  parse: MarkdownParser,
  checkTime: () => void = () => undefined,
  name = 'input',
): Pick<ImportedEdition, 'text' | 'hints' | 'sourceMap'> {
  assertMarkdownWithinLimits(source, name);
  return extract(source, parse, checkTime, true);
}

/**
 * extractMarkdown with every chunk parsed by `parse`, never by the plain scanner: the reference the scanner is
 * tested against (markdown-plain.test.ts).
 */
export function extractMarkdownWithMicromark(
  source: string,
  parse: MarkdownParser,
): Pick<ImportedEdition, 'text' | 'hints' | 'sourceMap'> {
  assertMarkdownWithinLimits(source, 'input');
  return extract(source, parse, () => undefined, false);
}

/** Both of the above, after the limits: chunks in the plain subset are read by the line scanner when `plain`. */
function extract(
  source: string,
  parse: MarkdownParser,
  checkTime: () => void,
  plain: boolean,
): Pick<ImportedEdition, 'text' | 'hints' | 'sourceMap'> {
  // Front matter is blanked (lines kept) rather than cut, so that offsets and lines still match the source.
  const skip = frontMatterLength(source);
  const writer = new Writer();
  const pieces = chunks(source, skip);
  for (let c = 0; c < pieces.length; c++) {
    const chunk = pieces[c] as { text: string; lineBase: number };
    checkTime();
    const blocks = plain ? scanPlainMarkdown(chunk.text, unwrap) : null;
    if (blocks !== null) {
      for (let b = 0; b < blocks.length; b++) {
        const block = blocks[b] as PlainBlock;
        writer.block(block.text, block.line + chunk.lineBase, block.hint);
      }
      continue;
    }
    const tree = parse(chunk.text) as Nodes;
    new MarkdownExtractor(writer, chunk.text, chunk.lineBase, parse).children(tree as Parent);
  }
  const { text, hints, sourceMap } = writer;
  hints.sort((a, b) => a.start - b.start || b.end - a.end);
  return { text, hints, sourceMap };
}

/** The parser once loaded (see MarkdownParser). */
let loadedParser: MarkdownParser | undefined;

/** Thrown by the stand-in parser of a first attempt without micromark: a chunk needs it after all. */
const PARSER_NEEDED = Symbol('the Markdown parser is needed');

/**
 * extractMarkdown, loading micromark only when a chunk is outside the plain subset: a first attempt runs with a
 * stand-in that stops at the first such chunk, and the extraction starts again with the parser loaded.
 */
async function extractLoadingParser(
  source: string,
  checkTime: () => void,
  name: string,
): Promise<Pick<ImportedEdition, 'text' | 'hints' | 'sourceMap'>> {
  assertMarkdownWithinLimits(source, name);
  if (loadedParser === undefined) {
    try {
      return extract(
        source,
        () => {
          throw PARSER_NEEDED;
        },
        checkTime,
        true,
      );
    } catch (error) {
      if (error !== PARSER_NEEDED) throw error;
    }
    loadedParser = (await import('mdast-util-from-markdown')).fromMarkdown;
  }
  return extract(source, loadedParser, checkTime, true);
}

/** Imports Markdown: decode, read with the line scanner or mdast, write blocks with hints and a source map to original lines. */
export async function importMarkdown(
  bytes: Uint8Array,
  options: ImportOptions & { limits: ImportLimits },
): Promise<ImportedEdition> {
  const decoded = decodeText(bytes, {
    name: options.name,
    ...(options.encoding === undefined ? {} : { encoding: options.encoding }),
    ...(options.contentType === undefined ? {} : { contentType: options.contentType }),
  });
  const budget = new TimeBudget(options.name, options.limits.timeoutMs, 'the Markdown import');
  const extracted = await extractLoadingParser(decoded.text, () => budget.check(), options.name);
  return {
    format: 'markdown',
    encoding: decoded.encoding,
    ...extracted,
    diagnostics: decoded.diagnostics,
    provenance: provenanceOf(bytes, options.name),
  };
}
