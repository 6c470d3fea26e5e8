/**
 * Main content only: drop what is not the edition's text (scripts, navigation, site header and footer, breadcrumbs,
 * forms, hidden elements), then pick the content root from what the markup says (`main`, `[role=main]`, a single
 * `article`, `#contents`/`#main`-style containers, as government sites such as MOFA's use). Only when the markup
 * gives no such signal does Readability (Mozilla's reader view, run over linkedom) choose the root; its scoring of
 * paragraphs by text length and link density follows Kohlschütter et al., "Boilerplate Detection using Shallow Text
 * Features" (WSDM 2010).
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import {
  countNonSpace,
  type DomElement,
  type DomParent,
  descendantElements,
  findElement,
  isElement,
  isText,
  measureText,
  parseHtmlDocument,
  removeNode,
} from './html-dom.js';

/** Elements that never hold edition text. */
const DROPPED_TAGS = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'object',
  'embed',
  'svg',
  'canvas',
  'form',
  'button',
  'select',
  'input',
  'textarea',
  'option',
  'nav',
  'dialog',
  'map',
  'audio',
  'video',
  'head',
  'title',
  'link',
  'meta',
  'base',
  'rp',
  'rt',
  'footer',
  'menu',
]);

/** ARIA roles of page furniture. */
const DROPPED_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'search', 'menu', 'menubar', 'toolbar']);

/** Class or id words of page furniture (breadcrumbs, skip links, share buttons, site header/footer, menus). */
const NOISE_WORDS =
  /(?:^|[-_\s])(?:breadcrumbs?|topic-?path|pankuzu|skip(?:-?link)?|page-?top|to-?top|back-?to-?top|sns|share|social|pager|pagination|page-?nav|global-?nav(?:i)?|g-?nav|local-?nav(?:i)?|l-?nav|side-?nav(?:i)?|sub-?nav(?:i)?|site-?header|site-?footer|header|footer|menu|navi(?:gation)?|nav|sidebar|side|related|banner|ads?|advert(?:isement)?|print|cookie|search)(?:$|[-_\s\d])/i;

/** Class names that hide content from sighted readers (screen-reader-only text such as "Skip to content"). */
const HIDDEN_CLASSES =
  /(?:^|\s)(?:hidden|sr-only|visually-?hidden|screen-reader-text|visuallyhidden|invisible)(?:$|\s)/i;

/** Ids and classes of the main content container on government and CMS pages, most specific first. */
const CONTENT_SELECTORS: Array<{ attribute: 'id' | 'class'; pattern: RegExp }> = [
  {
    attribute: 'id',
    pattern: /^(?:main-?contents?|main_contents?|maincontents?|contents?|main|primary|article|honbun)$/i,
  },
  {
    attribute: 'class',
    pattern: /(?:^|\s)(?:main-?contents?|main_contents?|entry-content|post-content|article-body)(?:$|\s)/i,
  },
];

/** How the content root was chosen. */
export type ContentSource = 'main' | 'role-main' | 'article' | 'container' | 'readability' | 'body';

/** The chosen content root. */
export interface ContentRoot {
  root: DomParent;
  source: ContentSource;
}

/** True when an element is hidden from readers by attributes or inline style. */
function isHidden(element: DomElement): boolean {
  const attributes = element.attribs;
  if (attributes.hidden !== undefined) return true;
  if (attributes['aria-hidden'] === 'true') return true;
  const style = attributes.style;
  if (style && /(?:display\s*:\s*none|visibility\s*:\s*hidden)/i.test(style)) return true;
  const className = attributes.class;
  return className !== undefined && HIDDEN_CLASSES.test(className);
}

/**
 * True when an element is page furniture by its tag, its ARIA role or (when link-heavy or short) its class/id.
 * `sectioned` says whether it sits inside an article, section, main or aside (a header there is the article's).
 */
function isFurniture(element: DomElement, stats: SubtreeStats, sectioned: boolean): boolean {
  if (DROPPED_TAGS.has(element.name)) return true;
  const role = element.attribs.role?.toLowerCase();
  if (role && DROPPED_ROLES.has(role)) return true;
  const own = stats.get(element);
  if (element.name === 'header') return !sectioned || !own?.heading;
  const words = `${element.attribs.id ?? ''} ${element.attribs.class ?? ''}`;
  if (element.name === 'aside' || NOISE_WORDS.test(words)) {
    // Furniture by name is dropped only when it reads like furniture: mostly links, or short. A long text block
    // that merely has "side" in its class name is kept, and so is anything holding main or article.
    if (element.name !== 'aside' && own?.contentSignal) return false;
    if (!own || own.characters === 0) return true;
    const linkDensity = own.linkCharacters / own.characters;
    if (element.name === 'aside') return linkDensity > 0.5;
    return linkDensity > 0.35 || own.characters < 200;
  }
  return false;
}

/** Per-element facts about its subtree, computed once bottom-up so every later question is O(1). */
export interface SubtreeFacts {
  /** Non-white-space characters of text. */
  characters: number;
  /** Of those, characters inside links. */
  linkCharacters: number;
  /** Holds an h1–h6 (or is one). */
  heading: boolean;
  /** Holds main, article or role=main (or is one). */
  contentSignal: boolean;
  /** Holds (below itself) a paragraph, heading, list, table, block quote or pre: a table cell with one is layout. */
  structure: boolean;
}

/** Elements whose presence inside a table cell marks the table as page layout rather than data. */
const STRUCTURE_TAGS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'table', 'blockquote', 'pre']);

/** Facts for every element of a tree. */
export type SubtreeStats = Map<DomElement, SubtreeFacts>;

/** Compute SubtreeFacts for every element under `root` in one post-order pass, without recursion. */
export function computeSubtreeStats(root: DomParent): SubtreeStats {
  const stats: SubtreeStats = new Map();
  const order = descendantElements(root);
  if (isElement(root)) order.unshift(root);
  for (let i = order.length - 1; i >= 0; i--) {
    const element = order[i] as DomElement;
    const facts: SubtreeFacts = {
      characters: 0,
      linkCharacters: 0,
      heading: /^h[1-6]$/.test(element.name),
      contentSignal: element.name === 'main' || element.name === 'article' || element.attribs.role === 'main',
      structure: false,
    };
    const isLink = element.name === 'a';
    for (const child of element.children) {
      if (isText(child)) {
        const count = countNonSpace(child.data);
        facts.characters += count;
        if (isLink) facts.linkCharacters += count;
      } else if (isElement(child)) {
        const inner = stats.get(child);
        if (!inner) continue;
        facts.characters += inner.characters;
        facts.linkCharacters += isLink ? inner.characters : inner.linkCharacters;
        facts.heading ||= inner.heading;
        facts.contentSignal ||= inner.contentSignal;
        facts.structure ||= inner.structure || STRUCTURE_TAGS.has(child.name);
      }
    }
    stats.set(element, facts);
  }
  return stats;
}

/** Remove furniture and hidden elements from the whole page, in place. */
export function removeFurniture(document: DomParent): void {
  const stats = computeSubtreeStats(document);
  const doomed: DomElement[] = [];
  const stack: Array<{ element: DomElement; sectioned: boolean }> = [];
  for (let i = document.children.length - 1; i >= 0; i--) {
    const child = document.children[i];
    if (child && isElement(child)) stack.push({ element: child, sectioned: false });
  }
  while (stack.length > 0) {
    const { element, sectioned } = stack.pop() as { element: DomElement; sectioned: boolean };
    if (isFurniture(element, stats, sectioned) || isHidden(element)) {
      doomed.push(element);
      continue;
    }
    const inner = sectioned || SECTIONING.has(element.name);
    for (let i = element.children.length - 1; i >= 0; i--) {
      const child = element.children[i];
      if (child && isElement(child)) stack.push({ element: child, sectioned: inner });
    }
  }
  for (const element of doomed) removeNode(element);
}

/** Elements whose `header` belongs to them rather than to the site. */
const SECTIONING = new Set(['article', 'section', 'main', 'aside']);

/**
 * Choose the content root of a page whose furniture is already removed: the first markup signal that holds a fair
 * share of the page's text, else undefined (the caller then asks Readability).
 */
export function findMarkedContentRoot(document: DomParent): ContentRoot | undefined {
  const body = findElement(document, 'body') ?? document;
  const stats = computeSubtreeStats(document);
  const total = isElement(body) ? (stats.get(body)?.characters ?? 0) : measureText(body).characters;
  if (total === 0) return undefined;
  const elements = descendantElements(body);
  const substantial = (element: DomElement): boolean => (stats.get(element)?.characters ?? 0) >= total * 0.2;
  const main = elements.find((e) => e.name === 'main');
  if (main && substantial(main)) return { root: main, source: 'main' };
  const roleMain = elements.find((e) => e.attribs.role?.toLowerCase() === 'main');
  if (roleMain && substantial(roleMain)) return { root: roleMain, source: 'role-main' };
  const articles = elements.filter((e) => e.name === 'article');
  if (articles.length === 1 && substantial(articles[0] as DomElement)) {
    return { root: articles[0] as DomElement, source: 'article' };
  }
  for (const { attribute, pattern } of CONTENT_SELECTORS) {
    const container = elements.find((e) => {
      const value = e.attribs[attribute];
      return value !== undefined && pattern.test(value);
    });
    if (container && substantial(container)) return { root: container, source: 'container' };
  }
  return undefined;
}

/** What Readability needs of a linkedom element to record paths. */
interface LinkedomElement {
  tagName: string;
  children: ArrayLike<LinkedomElement>;
  setAttribute(name: string, value: string): void;
}

/**
 * Ask Readability for the content of a page without markup signals. Elements are first stamped with their path in
 * the page (data-palimpsest-path), so the source map still points into the original page. Returns undefined when
 * Readability finds no article or fails on the page.
 */
export function readabilityContentRoot(html: string, maxElements: number): ContentRoot | undefined {
  try {
    const { document } = parseHTML(html) as unknown as {
      document: { documentElement: LinkedomElement | null; getElementsByTagName(name: string): { length: number } };
    };
    if (!document.documentElement) return undefined;
    if (document.getElementsByTagName('*').length > maxElements) return undefined;
    stampPaths(document.documentElement);
    const reader = new Readability(document as never, { keepClasses: true, charThreshold: 200 });
    const article = reader.parse();
    if (!article?.content) return undefined;
    const parsed = parseHtmlDocument(article.content);
    removeFurniture(parsed);
    const body = findElement(parsed, 'body') ?? parsed;
    return { root: body, source: 'readability' };
  } catch {
    // Readability is a heuristic on a third-party DOM; any failure means "no better signal", not a broken import.
    return undefined;
  }
}

/**
 * Stamp each element with its path, in the format of ElementPaths (relative to `body`: `html` and `body` add no
 * segment), without recursion.
 */
function stampPaths(root: LinkedomElement): void {
  const stack: Array<{ element: LinkedomElement; path: string }> = [{ element: root, path: '' }];
  while (stack.length > 0) {
    const { element, path } = stack.pop() as { element: LinkedomElement; path: string };
    const children = Array.from(element.children);
    const totals = new Map<string, number>();
    for (const child of children) {
      const name = child.tagName.toLowerCase();
      totals.set(name, (totals.get(name) ?? 0) + 1);
    }
    const seen = new Map<string, number>();
    for (const child of children) {
      const name = child.tagName.toLowerCase();
      const index = (seen.get(name) ?? 0) + 1;
      seen.set(name, index);
      const segment = (totals.get(name) ?? 0) > 1 ? `${name}:nth-of-type(${index})` : name;
      const transparent = name === 'html' || name === 'body';
      const childPath = transparent ? path : path ? `${path} > ${segment}` : segment;
      if (!transparent) child.setAttribute('data-palimpsest-path', childPath);
      stack.push({ element: child, path: childPath });
    }
  }
}
