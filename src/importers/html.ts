/**
 * The HTML importer: bytes → decoded page (BOM, Content-Type charset, `<meta>` prescan, guess) → cheerio/parse5 tree
 * → furniture removed → content root (markup signals, else Readability) → blocks laid out for the plain-text parser,
 * with hints for what the markup knows (headings, captions, list items, boxes, table rows) and a source map from
 * each block to its element path.
 */
import { createHash } from 'node:crypto';
import { PalimpsestError, quoteFileName } from '../errors/errors.js';
import type { Diagnostic } from '../model/tree.js';
import { findMarkedContentRoot, readabilityContentRoot, removeFurniture } from './html-content.js';
import { ElementPaths, estimateNestingDepth, findElement, isElement, parseHtmlDocument } from './html-dom.js';
import { decodeHtml } from './html-encoding.js';
import { type ExtractedBlock, extractBlocks } from './html-extract.js';
import { nestingLimitError } from './nesting.js';
import { assertWithinSize } from './read-file.js';
import { TimeBudget } from './time-budget.js';
import type { BlockHint, ImportedEdition, ImportLimits, ImportOptions, SourceSpan } from './types.js';

/** Pages with more elements than this skip the Readability fallback (its scoring is superlinear on huge pages). */
const READABILITY_MAX_ELEMENTS = 60_000;

/** Deepest element nesting accepted; real pages stay far below (parse5's time grows with tokens × depth). */
export const MAX_NESTING_DEPTH = 2000;

/** A bracketed article caption of Japanese statutes, e.g. `（目的）`. */
const ARTICLE_CAPTION = /^[（(][^\n（）()]{1,40}[）)]$/;

/** The start of a Japanese article, e.g. `第一条`, `第十二条の二`, `第3条`. */
const ARTICLE_START = /^第[一二三四五六七八九十百千〇零0-9０-９]+条/;

/** Import an HTML page as an edition: main content only, one block per block element. */
export async function importHtml(
  bytes: Uint8Array,
  options: ImportOptions & { limits: ImportLimits },
): Promise<ImportedEdition> {
  const { name, limits } = options;
  const file = quoteFileName(name);
  assertWithinSize(bytes, name, limits.maxBytes);
  const budget = new TimeBudget(name, limits.timeoutMs, 'the HTML import');
  const checkTime = (): void => budget.check();

  const decoded = decodeHtml(bytes, options.contentType, options.encoding);
  const diagnostics: Diagnostic[] = [...decoded.diagnostics];
  checkTime();
  const depth = estimateNestingDepth(decoded.text);
  if (depth > MAX_NESTING_DEPTH) {
    throw nestingLimitError(name, `its elements nest about ${depth} deep, over the limit of ${MAX_NESTING_DEPTH}`);
  }
  const document = parseHtmlDocument(decoded.text);
  checkTime();
  const paths = new ElementPaths();
  paths.indexTree(document);
  removeFurniture(document);
  checkTime();
  let content = findMarkedContentRoot(document);
  if (!content) {
    content = readabilityContentRoot(decoded.text, READABILITY_MAX_ELEMENTS);
    checkTime();
    diagnostics.push({
      code: 'html-content-root',
      severity: 'info',
      message: content
        ? 'no main/article/#contents element: Readability chose the main content'
        : 'no main content found: the whole page body was read',
    });
  }
  const root = content?.root ?? findElement(document, 'body') ?? document;
  const blocks = mergeArticleCaptions(extractBlocks(root, { checkTime }));
  checkTime();

  const { text, hints, sourceMap } = layOut(blocks, paths);
  if (text.length === 0) {
    throw new PalimpsestError('E_EMPTY', `${file} has no text in its main content`, { file: name });
  }
  const provenance: ImportedEdition['provenance'] = {
    name,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    size: bytes.length,
  };
  if (options.contentType) provenance.contentType = options.contentType;
  return { format: 'html', encoding: decoded.encoding, text, hints, sourceMap, diagnostics, provenance };
}

/** A block, or a Japanese article caption joined to its article by a line break (as statutes are written). */
type LaidOutBlock = ExtractedBlock & { joined?: ExtractedBlock };

/**
 * Join a bracketed caption block `（目的）` to the `第一条…` block after it with a line break, so the parser reads
 * the caption as the article's title, as it does in the statutes' plain text.
 */
function mergeArticleCaptions(blocks: ExtractedBlock[]): LaidOutBlock[] {
  const out: LaidOutBlock[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i] as ExtractedBlock;
    const next = blocks[i + 1];
    if (next && block.kind === undefined && next.kind === undefined) {
      if (ARTICLE_CAPTION.test(block.text) && ARTICLE_START.test(next.text)) {
        out.push({ ...block, joined: next });
        i++;
        continue;
      }
    }
    out.push(block);
  }
  return out;
}

/** Join blocks with one blank line; record a hint per block with a kind and a source span per element. */
function layOut(
  blocks: LaidOutBlock[],
  paths: ElementPaths,
): { text: string; hints: BlockHint[]; sourceMap: SourceSpan[] } {
  const pathOf = (block: ExtractedBlock): string => (isElement(block.element) ? paths.pathOf(block.element) : 'body');
  const parts: string[] = [];
  const hints: BlockHint[] = [];
  const sourceMap: SourceSpan[] = [];
  let offset = 0;
  for (const block of blocks) {
    if (parts.length > 0) {
      parts.push('\n\n');
      offset += 2;
    }
    const start = offset;
    parts.push(block.text);
    offset += block.text.length;
    sourceMap.push({ start, end: offset, source: { element: pathOf(block) } });
    if (block.joined) {
      parts.push('\n', block.joined.text);
      const joinedStart = offset + 1;
      offset = joinedStart + block.joined.text.length;
      sourceMap.push({ start: joinedStart, end: offset, source: { element: pathOf(block.joined) } });
    }
    if (block.kind) {
      const hint: BlockHint = { start, end: offset, kind: block.kind };
      if (block.level !== undefined) hint.level = block.level;
      hints.push(hint);
    }
  }
  return { text: parts.join(''), hints, sourceMap };
}
