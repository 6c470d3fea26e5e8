/**
 * PDF layout analysis: positioned text runs (as pdf.js's getTextContent gives them) → blocks of text in reading
 * order, laid out for the plain-text parser (one block per paragraph or heading, blocks separated by one blank line),
 * with heading hints and a source map to page and bounding box.
 *
 * The approach is the classic geometric one: runs on one baseline become lines (split where a horizontal gap is too
 * wide to be a word space, so two columns never merge); columns are found from vertical gutters in the x-coverage of
 * the page's narrow lines, an XY-cut after Nagy & Seth (1984) restricted to one vertical cut level, with lines that
 * cross a gutter (titles, full-width figures) cutting the page into horizontal bands; running headers, footers and
 * page numbers are found as text repeated at the same height on most pages (digits folded, so "Page 3" matches
 * "Page 4"), as in pdfminer's and GROBID's header/footer heuristics; paragraphs come from line geometry (a vertical
 * gap wider than the line spacing, a first-line indent, a short last line) and style changes, like pdfminer's
 * LAParams-based grouping and Poppler's TextOutputDev; headings from font size rank and weight.
 *
 * Pure: no pdf.js, no I/O — src/importers/pdf.ts feeds it, and tests feed it synthetic runs.
 */
import type { Diagnostic } from '../model/tree.js';
import type { BlockHint, SourceSpan } from './types.js';

/** One positioned text run of a page, in PDF user space (origin bottom-left, y up). */
export interface PdfRun {
  str: string;
  /** Left end of the baseline. */
  x: number;
  /** Baseline height. */
  y: number;
  /** Advance width of the run. */
  width: number;
  /** Font size (the text matrix's vertical scale). */
  size: number;
  /** The font's name in the file (a subset prefix such as `ABCDEF+` is harmless). */
  fontName: string;
  /** True when the font is known to be bold (from its name or flags). */
  bold?: boolean;
}

/** The runs of one page and the page's visible box `[x0, y0, x1, y1]`. */
export interface PdfPageRuns {
  /** 1-based page number. */
  page: number;
  view: readonly [number, number, number, number];
  runs: PdfRun[];
}

/** What layout analysis produces: the fields of ImportedEdition that come from the pages. */
export interface PdfLayoutResult {
  text: string;
  hints: BlockHint[];
  sourceMap: SourceSpan[];
  diagnostics: Diagnostic[];
  /** Lines dropped as running headers, footers or page numbers. */
  removedLines: number;
}

/** A line (or a piece of one, when a wide gap splits it): runs on one baseline, close together. */
interface Line {
  text: string;
  page: number;
  x0: number;
  x1: number;
  y: number;
  size: number;
  bold: boolean;
  /** Column index within the page's band, -1 for a line spanning the columns. */
  column: number;
  /** Band index within the page: bands are cut by lines that span the columns. */
  band: number;
  /** Left and right edge of the line's column on its page, for indent and short-line tests. */
  left: number;
  right: number;
}

/** A block being built: its lines and kind. */
interface Block {
  lines: Line[];
  kind: 'body' | 'footnote';
}

const CJK = /[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF\u3000-\u303F]/;
const TERMINAL = /[.。!?！？:：;；"”’)）」』]$/;
const PAGE_NUMBER =
  /^(?:(?:page|p\.|seite|página|pagina)\s*\d{1,4}(?:\s*(?:of|\/|von|de)\s*\d{1,4})?|[-–—]?\s*\d{1,4}\s*[-–—]?|\d{1,4}\s*\/\s*\d{1,4}|[ivxlc]{1,7}|[-–—]\s*[ivxlc]{1,7}\s*[-–—]|第?\s*\d{1,4}\s*頁|[（(]\s*\d{1,4}\s*[)）])$/i;
const LIST_LABEL =
  /^(?:\(\s*[0-9a-zA-Z]{1,4}\s*\)|（[^）]{1,4}）|[0-9]{1,3}[.)]\s|[a-zA-Z][.)]\s|[•・●○■□◆◇※*-]\s?|第[0-9０-９一二三四五六七八九十百千]+[条章節款項])/;
const FOOTNOTE_MARKER = /^(?:\d{1,3}(?:[\s.)）:]|$)|\(\d{1,3}\)|\[\d{1,3}\]|[*†‡§¶※]|注\s*[0-9０-９]*)/;
const BARE_LABEL =
  /^(?:(?:chapter|section|part|title|book|article|appendix|annex|schedule|kapitel|abschnitt|teil|chapitre|titre|livre)\s+[0-9IVXLC]+[A-Za-z]?|第[0-9０-９一二三四五六七八九十百千]+[編章節款目条])$/i;
const HYPHENATED_WORD = /\p{L}+(?:-\p{L}+)+/gu;

/** True when `ch` is a CJK ideograph, kana or full-width form, which are written without spaces between them. */
export function isCjk(ch: string): boolean {
  return CJK.test(ch);
}

/** Lay out the runs of every page as blocks of text; see the module comment. */
export function layoutPdf(pages: readonly PdfPageRuns[]): PdfLayoutResult {
  const diagnostics: Diagnostic[] = [];
  const linesByPage = pages.map((p) => buildLines(p.runs, p.page));
  const removedLines = removeFurniture(pages, linesByPage);
  const bodySize = dominantSize(linesByPage);
  const lineSpacing = typicalLineSpacing(linesByPage);
  const ordered = linesByPage.map((lines) => orderPage(lines));

  const blocks: Block[] = [];
  let pendingFootnotes: Block[] = [];
  let open: Block | undefined;
  const close = (): void => {
    if (open) blocks.push(open);
    open = undefined;
  };
  for (const pageLines of ordered) {
    const { body, footnotes } = splitFootnotes(pageLines, bodySize);
    for (const line of body) {
      const prev = open?.lines[open.lines.length - 1];
      if (open && prev && !startsNewBlock(prev, line, lineSpacing)) {
        open.lines.push(line);
        continue;
      }
      close();
      // Footnotes of earlier pages go after the block that was open when their page ended.
      if (pendingFootnotes.length > 0) {
        for (const footnote of pendingFootnotes) blocks.push(footnote);
        pendingFootnotes = [];
      }
      open = { lines: [line], kind: 'body' };
    }
    for (const footnote of footnotes) pendingFootnotes.push(footnote);
  }
  close();
  // Loops, not push(...): a page of tens of thousands of footnote lines would overflow the call stack.
  for (const footnote of pendingFootnotes) blocks.push(footnote);

  const vocabulary = hyphenatedVocabulary(linesByPage);
  const headingLevels = headingLevelsBySize(blocks, bodySize);
  let text = '';
  const hints: BlockHint[] = [];
  const sourceMap: SourceSpan[] = [];
  for (const block of blocks) {
    const heading = block.kind === 'body' ? headingLevel(block, bodySize, headingLevels) : undefined;
    const start = text.length === 0 ? 0 : text.length + 2;
    let blockText = '';
    let segmentStart = start;
    let segment: Line[] = [];
    const flush = (end: number): void => {
      const first = segment[0];
      if (!first || end <= segmentStart) return;
      sourceMap.push({ start: segmentStart, end, source: { page: first.page, box: boundingBox(segment) } });
    };
    for (const line of block.lines) {
      const lineText = line.text;
      if (blockText === '') blockText = lineText;
      else blockText = joinLines(blockText, lineText, heading !== undefined, vocabulary);
      if (segment.length > 0 && segment[0]?.page !== line.page) {
        const end = start + blockText.length - lineText.length;
        flush(end);
        segment = [];
        segmentStart = end;
      }
      segment.push(line);
    }
    blockText = blockText.trim();
    if (blockText === '') continue;
    if (text.length > 0) text += '\n\n';
    text += blockText;
    flush(text.length);
    if (heading !== undefined) hints.push({ start, end: text.length, kind: 'heading', level: heading });
    else if (block.kind === 'footnote') hints.push({ start, end: text.length, kind: 'paragraph' });
  }
  if (removedLines > 0) {
    diagnostics.push({
      code: 'pdf-furniture-removed',
      severity: 'info',
      message: `${removedLines} running header, footer or page-number line(s) removed`,
    });
  }
  return { text, hints, sourceMap: clampSpans(sourceMap, text.length), diagnostics, removedLines };
}

/** Spans sorted and within the text (a trimmed block can end before its last segment's nominal end). */
function clampSpans(spans: SourceSpan[], length: number): SourceSpan[] {
  const out: SourceSpan[] = [];
  for (const span of spans) {
    const end = Math.min(span.end, length);
    if (end > span.start) out.push({ ...span, end });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Group runs into lines: same baseline within a tolerance, split where the gap is wider than a word space. */
function buildLines(runs: readonly PdfRun[], page: number): Line[] {
  const items = runs.filter((r) => r.str.length > 0 && Number.isFinite(r.x) && Number.isFinite(r.y) && r.size > 0);
  items.sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: Line[] = [];
  let i = 0;
  while (i < items.length) {
    const first = items[i] as PdfRun;
    let j = i + 1;
    while (j < items.length) {
      const next = items[j] as PdfRun;
      if (first.y - next.y > 0.45 * Math.max(first.size, next.size)) break;
      j++;
    }
    const row = items.slice(i, j).sort((a, b) => a.x - b.x);
    i = j;
    let pieces: PdfRun[] = [];
    for (const run of row) {
      const last = pieces[pieces.length - 1];
      if (last && run.x - (last.x + last.width) > 1.5 * Math.max(last.size, run.size)) {
        pushLine(lines, pieces, page);
        pieces = [];
      }
      pieces.push(run);
    }
    pushLine(lines, pieces, page);
  }
  return lines;
}

/** Turn the runs of one line piece into a Line, inserting spaces where the gap between runs shows one. */
function pushLine(lines: Line[], runs: readonly PdfRun[], page: number): void {
  let text = '';
  let end = Number.NEGATIVE_INFINITY;
  const sizeWeight = new Map<number, number>();
  let boldChars = 0;
  let chars = 0;
  for (const run of runs) {
    const prevChar = text[text.length - 1] ?? '';
    // A space pdf.js made up for a gap after CJK text: let the gap decide (an ideographic space or none).
    if (run.str.trim() === '' && isCjk(prevChar)) continue;
    const gap = run.x - end;
    const nextChar = run.str[0] ?? '';
    if (text !== '' && !/\s$/.test(text) && !/^\s/.test(run.str)) {
      // pdf.js drops space glyphs and leaves a gap; next to CJK text a gap of about an em is an ideographic space.
      if (isCjk(prevChar) || isCjk(nextChar)) {
        if (gap > 0.6 * run.size) text += '\u3000';
      } else if (gap > 0.15 * run.size) text += ' ';
    }
    text += run.str;
    end = Math.max(end, run.x + run.width);
    const n = run.str.trim().length;
    const size = Math.round(run.size * 2) / 2;
    sizeWeight.set(size, (sizeWeight.get(size) ?? 0) + n);
    chars += n;
    if (run.bold) boldChars += n;
  }
  const clean = text.replace(/[^\S\u3000]+/g, ' ').replace(/^ | $/g, '');
  if (clean === '') return;
  const first = runs[0] as PdfRun;
  let size = first.size;
  let best = -1;
  for (const [s, w] of sizeWeight) {
    if (w > best) {
      best = w;
      size = s;
    }
  }
  const y = runs.reduce((lowest, r) => (Math.abs(r.size - size) < 0.3 ? Math.min(lowest, r.y) : lowest), first.y);
  lines.push({
    text: clean,
    page,
    x0: first.x,
    x1: end,
    y,
    size,
    bold: chars > 0 && boldChars * 2 > chars,
    column: 0,
    band: 0,
    left: first.x,
    right: end,
  });
}

/** Fold a line to a key under which running headers and footers repeat: digits folded, spaces collapsed. */
function furnitureKey(text: string): string {
  return text.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ').trim();
}

/**
 * Remove running headers, footers and page numbers, in place: lines in the top or bottom margin zone that repeat
 * (digits folded) at about the same height on at least half the pages with text, and lone page numbers there.
 */
function removeFurniture(pages: readonly PdfPageRuns[], linesByPage: Line[][]): number {
  const inZone = (line: Line, view: readonly number[]): boolean => {
    const [, y0 = 0, , y1 = 0] = view;
    const zone = Math.max(36, 0.12 * (y1 - y0));
    return line.y > y1 - zone || line.y < y0 + zone;
  };
  const pagesWithText = linesByPage.filter((l) => l.length > 0).length;
  const candidates = new Map<string, { page: number; y: number; line: Line }[]>();
  linesByPage.forEach((lines, i) => {
    const view = pages[i]?.view ?? [0, 0, 0, 0];
    for (const line of lines) {
      if (!inZone(line, view)) continue;
      const key = furnitureKey(line.text);
      let list = candidates.get(key);
      if (!list) {
        list = [];
        candidates.set(key, list);
      }
      list.push({ page: line.page, y: line.y, line });
    }
  });
  const remove = new Set<Line>();
  const needed = Math.max(2, Math.ceil(pagesWithText / 2));
  for (const list of candidates.values()) {
    if (list.length < needed) continue;
    list.sort((a, b) => a.y - b.y);
    // Cluster by height: a header sits at the same y on every page (within a few points).
    let start = 0;
    for (let k = 1; k <= list.length; k++) {
      const a = list[k - 1];
      const b = list[k];
      if (b && a && b.y - a.y <= 4) continue;
      const cluster = list.slice(start, k);
      if (new Set(cluster.map((c) => c.page)).size >= needed) for (const c of cluster) remove.add(c.line);
      start = k;
    }
  }
  let removed = 0;
  linesByPage.forEach((lines, i) => {
    const view = pages[i]?.view ?? [0, 0, 0, 0];
    const kept = lines.filter((line) => {
      const drop = remove.has(line) || (inZone(line, view) && PAGE_NUMBER.test(line.text) && isOutermost(line, lines));
      if (drop) removed++;
      return !drop;
    });
    lines.splice(0, lines.length, ...kept);
  });
  return removed;
}

/** True when no other line of the page lies farther toward the page edge the line is near (a page number's place). */
function isOutermost(line: Line, lines: readonly Line[]): boolean {
  const ys = lines.map((l) => l.y);
  const top = Math.max(...ys);
  const bottom = Math.min(...ys);
  const nearTop = top - line.y < line.y - bottom;
  // Allow a header line beside it: count lines beyond by more than half a line.
  const beyond = lines.filter((l) => l !== line && (nearTop ? l.y > line.y + 2 : l.y < line.y - 2));
  return beyond.length <= 1;
}

/** The body font size: the size carrying the most characters. */
function dominantSize(linesByPage: readonly Line[][]): number {
  const weight = new Map<number, number>();
  for (const lines of linesByPage) {
    for (const line of lines) weight.set(line.size, (weight.get(line.size) ?? 0) + line.text.length);
  }
  let size = 10;
  let best = -1;
  for (const [s, w] of weight) {
    if (w > best) {
      best = w;
      size = s;
    }
  }
  return size;
}

/** Median baseline distance of consecutive lines of the same size, relative to the size (1.2 when unknown). */
function typicalLineSpacing(linesByPage: readonly Line[][]): number {
  const ratios: number[] = [];
  for (const lines of linesByPage) {
    const sorted = [...lines].sort((a, b) => a.x0 - b.x0 || b.y - a.y);
    for (let k = 1; k < sorted.length; k++) {
      const a = sorted[k - 1] as Line;
      const b = sorted[k] as Line;
      if (a.size !== b.size || Math.abs(a.x0 - b.x0) > 2) continue;
      const ratio = (a.y - b.y) / a.size;
      if (ratio > 0.8 && ratio < 2.5) ratios.push(ratio);
    }
  }
  if (ratios.length === 0) return 1.2;
  ratios.sort((a, b) => a - b);
  return ratios[Math.floor(ratios.length / 2)] as number;
}

/**
 * Reading order of one page: find vertical gutters among the narrow lines, cut the page into bands at lines that
 * cross a gutter, and read each band column by column, top to bottom.
 */
function orderPage(lines: Line[]): Line[] {
  if (lines.length === 0) return lines;
  const gutters = findGutters(lines);
  const columnOf = (line: Line): number => {
    let column = 0;
    for (const [g0, g1] of gutters) {
      if (line.x0 < g1 && line.x1 > g0) return -1;
      if (line.x0 >= g1) column++;
    }
    return column;
  };
  const byHeight = [...lines].sort((a, b) => b.y - a.y || a.x0 - b.x0);
  const ordered: Line[] = [];
  let band: Line[] = [];
  let bandIndex = 0;
  const flushBand = (): void => {
    const columns = new Map<number, Line[]>();
    for (const line of band) {
      let list = columns.get(line.column);
      if (!list) {
        list = [];
        columns.set(line.column, list);
      }
      list.push(line);
    }
    for (const column of [...columns.keys()].sort((a, b) => a - b)) {
      const list = columns.get(column) as Line[];
      setColumnEdges(list);
      ordered.push(...list);
    }
    band = [];
  };
  for (const line of byHeight) {
    line.column = columnOf(line);
    if (line.column === -1) {
      flushBand();
      bandIndex++;
      line.band = bandIndex;
      setColumnEdges([line]);
      ordered.push(line);
      bandIndex++;
      continue;
    }
    line.band = bandIndex;
    band.push(line);
  }
  flushBand();
  return ordered;
}

/**
 * Record the left and right edge of a column on each of its lines: the extreme x of the column's lines of the same
 * size, so small captions are measured against each other, not against the body text.
 */
function setColumnEdges(lines: Line[]): void {
  const edges = new Map<number, { left: number; right: number }>();
  for (const line of lines) {
    const edge = edges.get(line.size);
    if (edge) {
      edge.left = Math.min(edge.left, line.x0);
      edge.right = Math.max(edge.right, line.x1);
    } else edges.set(line.size, { left: line.x0, right: line.x1 });
  }
  for (const line of lines) {
    const edge = edges.get(line.size) as { left: number; right: number };
    line.left = edge.left;
    line.right = edge.right;
  }
}

/**
 * Vertical gutters: runs of x where no narrow line (under 55% of the text width) has ink, at least a gutter's width
 * wide, with text-like columns (enough lines, not a strip of numbers) on both sides.
 */
function findGutters(lines: readonly Line[]): [number, number][] {
  let minX = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  const sizes: number[] = [];
  for (const line of lines) {
    minX = Math.min(minX, line.x0);
    maxX = Math.max(maxX, line.x1);
    sizes.push(line.size);
  }
  const width = maxX - minX;
  if (!(width > 0) || width > 100_000) return [];
  const narrow = lines.filter((l) => l.x1 - l.x0 < 0.55 * width);
  if (narrow.length < 6 || narrow.length * 2 < lines.length) return [];
  sizes.sort((a, b) => a - b);
  const size = sizes[Math.floor(sizes.length / 2)] as number;
  const bins = Math.ceil(width) + 1;
  const coverage = new Int32Array(bins + 1);
  for (const line of narrow) {
    const a = Math.max(0, Math.floor(line.x0 - minX));
    const b = Math.min(bins, Math.ceil(line.x1 - minX));
    coverage[a] = (coverage[a] ?? 0) + 1;
    coverage[b] = (coverage[b] ?? 0) - 1;
  }
  const gutters: [number, number][] = [];
  let running = 0;
  let gapStart = -1;
  for (let k = 0; k < bins; k++) {
    running += coverage[k] ?? 0;
    if (running <= 0) {
      if (gapStart < 0) gapStart = k;
    } else if (gapStart >= 0) {
      if (gapStart > 0 && k - gapStart >= Math.max(6, 0.8 * size)) gutters.push([minX + gapStart, minX + k]);
      gapStart = -1;
    }
  }
  // Keep gutters with a text-like column on each side.
  const edges = [minX, ...gutters.flat(), maxX];
  const columnOk: boolean[] = [];
  for (let c = 0; c * 2 < edges.length; c++) {
    const lo = edges[c * 2] as number;
    const hi = edges[c * 2 + 1] as number;
    const inside = narrow.filter((l) => l.x0 >= lo - 1 && l.x1 <= hi + 1);
    const widths = inside.map((l) => l.x1 - l.x0).sort((a, b) => a - b);
    const median = widths[Math.floor(widths.length / 2)] ?? 0;
    const numeric = inside.filter((l) => /^[\d\s.,%()-]+$/.test(l.text)).length;
    columnOk.push(inside.length >= 3 && median >= 0.15 * width && numeric * 2 < inside.length);
  }
  if (columnOk.some((ok) => !ok)) return [];
  return gutters;
}

/** Split a page's trailing small-font lines that start with a footnote marker into footnote blocks. */
function splitFootnotes(lines: readonly Line[], bodySize: number): { body: Line[]; footnotes: Block[] } {
  let k = lines.length;
  while (k > 0 && (lines[k - 1] as Line).size < bodySize - 0.75) k--;
  const zone = lines.slice(k);
  const first = zone[0];
  const lowest = Math.min(...lines.map((l) => l.y));
  const highest = Math.max(...lines.map((l) => l.y));
  if (!first || !FOOTNOTE_MARKER.test(first.text) || k === 0 || first.y > (lowest + highest) / 2) {
    return { body: [...lines], footnotes: [] };
  }
  const footnotes: Block[] = [];
  for (const line of zone) {
    const last = footnotes[footnotes.length - 1];
    if (!last || FOOTNOTE_MARKER.test(line.text)) footnotes.push({ lines: [line], kind: 'footnote' });
    else last.lines.push(line);
  }
  return { body: lines.slice(0, k), footnotes };
}

/** True when `line` starts a new block after `prev`: see the module comment for the signals. */
function startsNewBlock(prev: Line, line: Line, lineSpacing: number): boolean {
  if (Math.abs(prev.size - line.size) > 0.5 || prev.bold !== line.bold) return true;
  const sameColumn = prev.page === line.page && prev.band === line.band && prev.column === line.column;
  if (sameColumn) {
    const gap = prev.y - line.y;
    if (gap > (lineSpacing + 0.45) * line.size || gap < 0) return true;
  }
  const em = line.size;
  const colWidth = prev.right - prev.left;
  const shortfall = prev.right - prev.x1;
  if (shortfall > Math.max(0.1 * colWidth, 2 * em) && TERMINAL.test(prev.text)) return true;
  if (shortfall > Math.max(0.35 * colWidth, 4 * em)) return true;
  if (sameColumn && line.x0 - prev.x0 > 0.8 * em && !LIST_LABEL.test(prev.text)) return true;
  if (LIST_LABEL.test(line.text) && shortfall > 2 * em) return true;
  return false;
}

/** Hyphenated words written whole on one line somewhere in the document: their hyphen is part of the word. */
function hyphenatedVocabulary(linesByPage: readonly Line[][]): Set<string> {
  const words = new Set<string>();
  for (const lines of linesByPage) {
    for (const line of lines) {
      for (const match of line.text.matchAll(HYPHENATED_WORD)) words.add(match[0].toLowerCase());
    }
  }
  return words;
}

/**
 * Join the next line of a block to the text so far: a hyphen at a line end before a lower-case letter is dropped
 * ("secu-" + "rity") unless the document writes the hyphenated word whole elsewhere ("peace-loving"); no space
 * between CJK characters; otherwise one space (headings opening with a bare label keep their line break).
 */
export function joinLines(text: string, next: string, heading: boolean, vocabulary: ReadonlySet<string>): string {
  if (heading && BARE_LABEL.test(text)) return `${text}\n${next}`;
  const last = text[text.length - 1] ?? '';
  const first = next[0] ?? '';
  if (last === '\u00ad') return text.slice(0, -1) + next;
  if (last === '-' && /\p{L}/u.test(text[text.length - 2] ?? '')) {
    if (/\p{Ll}/u.test(first)) {
      const before = /\p{L}+(?:-\p{L}+)*-$/u.exec(text)?.[0] ?? '';
      const after = /^\p{L}+/u.exec(next)?.[0] ?? '';
      if (vocabulary.has(`${before}${after}`.toLowerCase())) return text + next;
      return text.slice(0, -1) + next;
    }
    return text + next;
  }
  if (isCjk(last) || isCjk(first)) return text + next;
  return `${text} ${next}`;
}

/** Heading sizes larger than the body, largest first: their rank is the heading level. */
function headingLevelsBySize(blocks: readonly Block[], bodySize: number): Map<number, number> {
  const sizes = new Set<number>();
  let boldAtBody = false;
  for (const block of blocks) {
    const first = block.lines[0];
    if (!first || block.kind !== 'body' || !isHeadingLike(block)) continue;
    if (first.size >= bodySize + 1) sizes.add(first.size);
    else if (first.bold && Math.abs(first.size - bodySize) <= 0.5) boldAtBody = true;
  }
  const ranked = [...sizes].sort((a, b) => b - a);
  const levels = new Map<number, number>();
  ranked.forEach((size, i) => {
    levels.set(size, i + 1);
  });
  if (boldAtBody) levels.set(-1, ranked.length + 1);
  return levels;
}

/** A heading block is short: at most three lines and 200 characters. */
function isHeadingLike(block: Block): boolean {
  return block.lines.length <= 3 && block.lines.reduce((n, l) => n + l.text.length, 0) <= 200;
}

/** The heading level of a block, or undefined for body text. */
function headingLevel(block: Block, bodySize: number, levels: ReadonlyMap<number, number>): number | undefined {
  const first = block.lines[0];
  if (!first || !isHeadingLike(block)) return undefined;
  if (first.size >= bodySize + 1) return levels.get(first.size);
  if (first.bold && Math.abs(first.size - bodySize) <= 0.5) return levels.get(-1);
  return undefined;
}

/** The union of the lines' boxes in PDF user space (baseline-based: descent 0.25 em, ascent 0.85 em). */
function boundingBox(lines: readonly Line[]): { x: number; y: number; width: number; height: number } {
  let x0 = Number.POSITIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (const line of lines) {
    x0 = Math.min(x0, line.x0);
    x1 = Math.max(x1, line.x1);
    y0 = Math.min(y0, line.y - 0.25 * line.size);
    y1 = Math.max(y1, line.y + 0.85 * line.size);
  }
  const round = (v: number): number => Math.round(v * 100) / 100;
  return { x: round(x0), y: round(y0), width: round(x1 - x0), height: round(y1 - y0) };
}
