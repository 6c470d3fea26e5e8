/**
 * A structural view of the domhandler tree cheerio builds (through parse5), and walks over it that never recurse:
 * hostile pages nest elements a hundred thousand deep, and a recursive walk would overflow the stack.
 */
import { load } from 'cheerio';

/** Any node of the parsed page. */
export interface DomNode {
  type: string;
  parent: DomParent | null;
}

/** A node with children: the document root or an element. */
export interface DomParent extends DomNode {
  children: DomNode[];
}

/** An element (domhandler types `tag`, `script` and `style`). */
export interface DomElement extends DomParent {
  name: string;
  attribs: Record<string, string>;
}

/** A text node. */
export interface DomText extends DomNode {
  type: 'text';
  data: string;
}

/** Parse HTML with cheerio (parse5: the browsers' error recovery, so malformed markup reads as a browser reads it). */
export function parseHtmlDocument(html: string): DomParent {
  const $ = load(html);
  return $.root()[0] as unknown as DomParent;
}

/** True when `node` is an element. */
export function isElement(node: DomNode): node is DomElement {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

/** True when `node` is a text node. */
export function isText(node: DomNode): node is DomText {
  return node.type === 'text';
}

/** True when `node` has a children array (root, element). */
export function hasChildren(node: DomNode): node is DomParent {
  return Array.isArray((node as DomParent).children);
}

/** Every element under `root` (not `root` itself), in document order, without recursion. */
export function descendantElements(root: DomParent): DomElement[] {
  const out: DomElement[] = [];
  const stack: DomNode[] = [...root.children].reverse();
  while (stack.length > 0) {
    const node = stack.pop() as DomNode;
    if (!isElement(node)) continue;
    out.push(node);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as DomNode);
  }
  return out;
}

/** The first element under `root` named `name`, in document order. */
export function findElement(root: DomParent, name: string): DomElement | undefined {
  const stack: DomNode[] = [...root.children].reverse();
  while (stack.length > 0) {
    const node = stack.pop() as DomNode;
    if (!isElement(node)) continue;
    if (node.name === name) return node;
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as DomNode);
  }
  return undefined;
}

/** Text size of a subtree: characters other than white space, and those inside links (for link density). */
export interface TextMeasure {
  characters: number;
  linkCharacters: number;
}

/** Measure the visible text of `root` without building strings, so it stays cheap on large subtrees. */
export function measureText(root: DomParent): TextMeasure {
  let characters = 0;
  let linkCharacters = 0;
  const stack: Array<{ node: DomNode; inLink: boolean }> = [{ node: root, inLink: false }];
  while (stack.length > 0) {
    const { node, inLink } = stack.pop() as { node: DomNode; inLink: boolean };
    if (isText(node)) {
      const count = countNonSpace(node.data);
      characters += count;
      if (inLink) linkCharacters += count;
    } else if (hasChildren(node)) {
      const link = inLink || (isElement(node) && node.name === 'a');
      for (const child of node.children) stack.push({ node: child, inLink: link });
    }
  }
  return { characters, linkCharacters };
}

/** Characters of `text` that are not HTML white space (space, tab, LF, CR, FF). */
export function countNonSpace(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code !== 0x20 && code !== 0x0a && code !== 0x09 && code !== 0x0d && code !== 0x0c) count++;
  }
  return count;
}

/** Detach `node` from its parent. */
export function removeNode(node: DomNode): void {
  const parent = node.parent;
  if (!parent) return;
  const index = parent.children.indexOf(node);
  if (index >= 0) parent.children.splice(index, 1);
  const siblings = node as DomNode & { prev?: DomNode | null; next?: DomNode | null };
  if (siblings.prev) (siblings.prev as DomNode & { next?: DomNode | null }).next = siblings.next ?? null;
  if (siblings.next) (siblings.next as DomNode & { prev?: DomNode | null }).prev = siblings.prev ?? null;
  node.parent = null;
}

/**
 * CSS-like paths of elements (`main > div:nth-of-type(2) > p:nth-of-type(3)`), relative to the page's `body`;
 * `:nth-of-type` appears only where siblings share the tag. Segments are computed once per parent and paths cached,
 * so a page with ten thousand paragraphs under one `div` costs linear time, not quadratic.
 */
export class ElementPaths {
  private readonly paths = new Map<DomNode, string>();
  private readonly segments = new Map<DomNode, string>();

  /** The path of `element`; an attribute `data-palimpsest-path` (set before Readability rewrote the page) wins. */
  pathOf(element: DomElement): string {
    const cached = this.paths.get(element);
    if (cached !== undefined) return cached;
    // Walk up to the nearest cached or top ancestor, then build paths down again, iteratively.
    const chain: DomElement[] = [];
    let current: DomParent | null = element;
    let prefix = '';
    while (current && isElement(current)) {
      const known = this.paths.get(current);
      if (known !== undefined) {
        prefix = known;
        break;
      }
      const given = current.attribs['data-palimpsest-path'];
      if (given !== undefined) {
        this.paths.set(current, given);
        prefix = given;
        break;
      }
      if (current.name === 'body' || current.name === 'html') {
        this.paths.set(current, '');
        break;
      }
      chain.push(current);
      current = current.parent;
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      const node = chain[i] as DomElement;
      const segment = this.segmentOf(node);
      prefix = prefix ? `${prefix} > ${segment}` : segment;
      this.paths.set(node, prefix);
    }
    return prefix || (element.name === 'html' ? 'html' : 'body');
  }

  /** Record the segment of every element under `root` now, so paths still name the original page after removals. */
  indexTree(root: DomParent): void {
    for (const element of descendantElements(root)) this.segmentOf(element);
  }

  /** `tag` or `tag:nth-of-type(n)` for one element, computing all its siblings' segments at once. */
  private segmentOf(element: DomElement): string {
    const cached = this.segments.get(element);
    if (cached !== undefined) return cached;
    const siblings = element.parent ? element.parent.children : [element];
    const totals = new Map<string, number>();
    for (const sibling of siblings) {
      if (isElement(sibling)) totals.set(sibling.name, (totals.get(sibling.name) ?? 0) + 1);
    }
    const seen = new Map<string, number>();
    for (const sibling of siblings) {
      if (!isElement(sibling)) continue;
      const index = (seen.get(sibling.name) ?? 0) + 1;
      seen.set(sibling.name, index);
      const tag = cssIdentifier(sibling.name);
      this.segments.set(sibling, (totals.get(sibling.name) ?? 0) > 1 ? `${tag}:nth-of-type(${index})` : tag);
    }
    return this.segments.get(element) ?? cssIdentifier(element.name);
  }
}

/** A tag name safe inside a CSS selector (parse5 lower-cases names, but hostile pages can still invent odd ones). */
function cssIdentifier(name: string): string {
  return /^[a-z][a-z0-9-]*$/.test(name) ? name : name.replace(/[^a-zA-Z0-9_-]/g, (c) => `\\${c}`);
}

/** Void elements, formatting elements (parse5 bounds their nesting itself) and elements closed implicitly by their next sibling. */
const SHALLOW_TAGS = new Set(
  (
    'area base br col embed hr img input link meta source track wbr param keygen frame basefont bgsound ' +
    'a b big code em font i nobr s small strike strong tt u ' +
    'p li dt dd option optgroup tr td th rb rt rp rtc thead tbody tfoot colgroup caption'
  ).split(' '),
);

/** Elements whose content is raw text: tags inside them are not tags. */
const RAW_TEXT_TAGS = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes']);

/**
 * An upper estimate of how deep the page's elements nest, from a linear scan of its tags (comments and raw text
 * skipped). parse5 checks its stack of open elements on many tokens, so its time grows with tokens × depth; pages
 * nesting thousands deep are hostile, and the importer refuses them before parsing.
 */
export function estimateNestingDepth(html: string): number {
  const lower = html.toLowerCase();
  let depth = 0;
  let deepest = 0;
  let position = lower.indexOf('<');
  while (position >= 0 && position < lower.length) {
    if (lower.startsWith('<!--', position)) {
      const close = lower.indexOf('-->', position + 4);
      if (close < 0) break;
      position = lower.indexOf('<', close + 3);
      continue;
    }
    const closing = lower.charCodeAt(position + 1) === 0x2f;
    let end = position + (closing ? 2 : 1);
    while (end < lower.length) {
      const code = lower.charCodeAt(end);
      if (!((code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39) || code === 0x2d)) break;
      end++;
    }
    const name = lower.slice(position + (closing ? 2 : 1), end);
    const tagEnd = lower.indexOf('>', end);
    if (tagEnd < 0) break;
    if (name && !closing && RAW_TEXT_TAGS.has(name)) {
      const close = lower.indexOf(`</${name}`, tagEnd + 1);
      if (close < 0) break;
      position = lower.indexOf('<', close + 2);
      continue;
    }
    if (name && !SHALLOW_TAGS.has(name)) {
      if (closing) depth = Math.max(0, depth - 1);
      else if (lower.charCodeAt(tagEnd - 1) !== 0x2f) {
        depth++;
        if (depth > deepest) deepest = depth;
      }
    }
    position = lower.indexOf('<', name ? tagEnd + 1 : position + 1);
  }
  return deepest;
}
