/**
 * Walk the content root and lay its text out in blocks as the plain-text parser reads them: each block element is
 * one block, white space collapsed as CSS `white-space: normal` collapses it (kept inside `pre`), `<br>` a line
 * break inside the block (a doubled `<br>` a new block), inline markup flattened, tables one block per row with cells
 * joined by " | ". What the markup knows beyond the text (heading level, caption, list item, box, table row) is kept
 * as the block's kind. The walk is iterative and checks the time budget as it goes.
 */

import { computeSubtreeStats, type SubtreeStats } from './html-content.js';
import { type DomElement, type DomNode, type DomParent, isElement, isText } from './html-dom.js';
import type { BlockHint } from './types.js';

/** One block of extracted text and what the markup says it is. */
export interface ExtractedBlock {
  /** The block's text: no blank line inside, no white space at either end. */
  text: string;
  /** The markup's kind; undefined for a plain paragraph, which the parser may read as it likes. */
  kind?: BlockHint['kind'];
  /** Heading level (h1 = 1). */
  level?: number;
  /** The element the block came from. */
  element: DomParent;
}

/** Options of the walk. */
export interface ExtractOptions {
  /** Called every few hundred nodes; throws when the time budget is spent. */
  checkTime: () => void;
}

/** Elements that start and end a block (CSS display: block, list-item, table parts), from the HTML rendering spec. */
const BLOCK_TAGS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'center',
  'caption',
  'dd',
  'details',
  'dialog',
  'dir',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'html',
  'legend',
  'li',
  'listing',
  'main',
  'menu',
  'nav',
  'ol',
  'p',
  'plaintext',
  'pre',
  'search',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
  'xmp',
]);

/** Elements whose text is never shown as text. */
const SKIPPED_TAGS = new Set(['img', 'wbr', 'rt', 'rp', 'script', 'style', 'noscript', 'template', 'head', 'title']);

/** Class words of caption and credit lines. */
const CAPTION_CLASS = /(?:^|[-_\s])(?:caption|captions|credit|credits|photo-?caption|cap|photo-?credit)(?:$|[-_\s\d])/i;

/** Class words of boxed content: columns, special features, topics. */
const BOX_CLASS =
  /(?:^|[-_\s])(?:box|column|special|special-?feature|feature|topics?|callout|coffee-?break|note|panel)(?:$|[-_\s\d])/i;

/** Class words of photo containers, whose short texts are captions. */
const PHOTO_CLASS = /(?:^|[-_\s])(?:photos?|images?|imgs?|figures?|fig|pics?|pictures?)(?:$|[-_\s\d])/i;

/** Longest text a short block in a photo container may have to count as a caption. */
const CAPTION_MAX = 300;

/** The markup context of the element being walked. */
interface Context {
  element: DomParent;
  heading?: number;
  caption: boolean;
  photo: boolean;
  listItem: boolean;
  box: boolean;
  pre: boolean;
}

/** Walk `root` and return its blocks in reading order. */
export function extractBlocks(root: DomParent, options: ExtractOptions): ExtractedBlock[] {
  const stats = computeSubtreeStats(root);
  const rootCharacters = isElement(root) ? (stats.get(root)?.characters ?? 0) : sumCharacters(root, stats);
  const blocks: ExtractedBlock[] = [];
  let buffer: string[] = [];
  let visited = 0;

  const flush = (context: Context): void => {
    if (buffer.length === 0) return;
    const raw = buffer.join('');
    buffer = [];
    for (const text of splitBlocks(raw, context.pre, context.heading !== undefined)) {
      blocks.push(makeBlock(text, context));
    }
  };

  const rootContext: Context = { element: root, caption: false, photo: false, listItem: false, box: false, pre: false };
  const contexts: Context[] = [rootContext];
  type Step = { node: DomNode; exit: false } | { node: DomElement; exit: true; block: boolean };
  const stack: Step[] = [];
  for (let i = root.children.length - 1; i >= 0; i--) stack.push({ node: root.children[i] as DomNode, exit: false });

  while (stack.length > 0) {
    if (++visited % 512 === 0) options.checkTime();
    const step = stack.pop() as Step;
    const context = contexts[contexts.length - 1] as Context;
    if (step.exit) {
      if (step.block) flush(context);
      contexts.pop();
      continue;
    }
    const node = step.node;
    if (isText(node)) {
      buffer.push(context.pre ? node.data.replace(/\r\n?/g, '\n') : node.data.replace(/[ \t\n\r\f]+/g, ' '));
      continue;
    }
    if (!isElement(node)) continue;
    const name = node.name;
    if (SKIPPED_TAGS.has(name)) continue;
    if (name === 'br') {
      buffer.push('\n');
      continue;
    }
    if (name === 'hr') {
      flush(context);
      continue;
    }
    if (name === 'table' && !isLayoutTable(node, stats)) {
      flush(context);
      for (const block of tableBlocks(node)) blocks.push(block);
      continue;
    }
    const block = BLOCK_TAGS.has(name);
    if (block) flush(context);
    contexts.push(enterElement(node, context, stats, rootCharacters));
    stack.push({ node, exit: true, block });
    for (let i = node.children.length - 1; i >= 0; i--) stack.push({ node: node.children[i] as DomNode, exit: false });
  }
  flush(rootContext);
  return blocks;
}

/** Characters under a non-element root (the document node). */
function sumCharacters(root: DomParent, stats: SubtreeStats): number {
  let total = 0;
  for (const child of root.children) if (isElement(child)) total += stats.get(child)?.characters ?? 0;
  return total;
}

/** The context inside `element`, inherited from `parent`. */
function enterElement(element: DomElement, parent: Context, stats: SubtreeStats, rootCharacters: number): Context {
  const name = element.name;
  const className = element.attribs.class ?? '';
  const context: Context = { ...parent, element: BLOCK_TAGS.has(name) ? element : parent.element };
  const headingMatch = /^h([1-6])$/.exec(name);
  if (headingMatch) context.heading = Number(headingMatch[1]);
  if (name === 'figcaption' || (BLOCK_TAGS.has(name) && CAPTION_CLASS.test(className))) context.caption = true;
  if (name === 'figure' || PHOTO_CLASS.test(className)) context.photo = true;
  if (name === 'li') context.listItem = true;
  if (name === 'pre' || name === 'listing' || name === 'xmp' || name === 'plaintext') context.pre = true;
  if (name === 'aside' || name === 'figure' || BOX_CLASS.test(className)) {
    // A "column" that holds nearly all the page is layout, not a boxed feature (a special feature can be half).
    const characters = stats.get(element)?.characters ?? 0;
    if (characters < rootCharacters * 0.8) context.box = true;
  }
  return context;
}

/** The block for `text` in `context`: the most specific kind the markup gives wins. */
function makeBlock(text: string, context: Context): ExtractedBlock {
  const block: ExtractedBlock = { text, element: context.element };
  if (context.heading !== undefined) {
    block.kind = 'heading';
    block.level = context.heading;
  } else if (context.caption || (context.photo && text.length <= CAPTION_MAX)) block.kind = 'caption';
  else if (context.listItem) block.kind = 'listItem';
  else if (context.box) block.kind = 'box';
  return block;
}

/**
 * Cut a block's raw text into blocks: lines (from `<br>` or, in `pre`, from the source) trimmed, a white-space-only
 * line ending a block (so `<br><br>` starts a new one). In headings every line is its own block: a heading is one
 * line in plain text, and the parser joins a bare "Chapter 3" with its title line again.
 */
function splitBlocks(raw: string, pre: boolean, heading: boolean): string[] {
  const text = raw.replace(/\u00ad/g, '');
  const out: string[] = [];
  let current: string[] = [];
  const end = (): void => {
    if (current.length > 0) out.push(current.join('\n'));
    current = [];
  };
  for (const line of text.split('\n')) {
    const trimmed = pre ? line.replace(/\s+$/, '') : line.replace(/^ +| +$/g, '');
    if (/^\s*$/.test(trimmed)) {
      end();
      continue;
    }
    current.push(current.length === 0 ? trimmed.replace(/^\s+/, '') : trimmed);
    if (heading) end();
  }
  end();
  return out.map((block) => block.replace(/\s+$/, '')).filter((block) => block.length > 0);
}

/** True when a table lays out the page (its cells hold paragraphs, headings, lists or tables) rather than data. */
function isLayoutTable(table: DomElement, stats: SubtreeStats): boolean {
  for (const row of tableRows(table)) {
    for (const cell of row.children) {
      if (isElement(cell) && stats.get(cell)?.structure) return true;
    }
  }
  return false;
}

/** The rows of `table` itself (in thead, tbody, tfoot or directly), not those of nested tables. */
function tableRows(table: DomElement): DomElement[] {
  const rows: DomElement[] = [];
  for (const child of table.children) {
    if (!isElement(child)) continue;
    if (child.name === 'tr') rows.push(child);
    else if (child.name === 'thead' || child.name === 'tbody' || child.name === 'tfoot') {
      for (const row of child.children) if (isElement(row) && row.name === 'tr') rows.push(row);
    }
  }
  return rows;
}

/** A data table as blocks: its caption, then one block per non-empty row, cells joined with " | ". */
function tableBlocks(table: DomElement): ExtractedBlock[] {
  const blocks: ExtractedBlock[] = [];
  for (const child of table.children) {
    if (isElement(child) && child.name === 'caption') {
      const text = flatText(child);
      if (text) blocks.push({ text, kind: 'caption', element: child });
    }
  }
  for (const row of tableRows(table)) {
    const cells = row.children.filter(isElement).filter((cell) => cell.name === 'td' || cell.name === 'th');
    const texts = cells.map(flatText);
    while (texts.length > 0 && texts[texts.length - 1] === '') texts.pop();
    if (texts.length === 0) continue;
    // Leading empty cells keep their separators ("| total") but the block must not start with white space.
    blocks.push({ text: texts.join(' | ').trim(), kind: 'tableRow', element: row });
  }
  return blocks;
}

/** Marks where a block element inside a cell ends, so its text and the next stay apart. */
const BOUNDARY: DomNode = { type: 'boundary', parent: null };

/** The text of an element on one line: every break and block boundary a space, white space collapsed. */
function flatText(element: DomElement): string {
  const parts: string[] = [];
  const stack: DomNode[] = [element];
  while (stack.length > 0) {
    const node = stack.pop() as DomNode;
    if (node === BOUNDARY) parts.push(' ');
    else if (isText(node)) parts.push(node.data);
    else if (isElement(node)) {
      if (SKIPPED_TAGS.has(node.name)) continue;
      if (node.name === 'br' || BLOCK_TAGS.has(node.name)) {
        parts.push(' ');
        stack.push(BOUNDARY);
      }
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as DomNode);
    }
  }
  return parts
    .join('')
    .replace(/\u00ad/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
