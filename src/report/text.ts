/**
 * Eliding long unchanged stretches of a diff in the plain-text reports, counting CJK characters as part-words so
 * Japanese and English context read about as long.
 */
import type { WordChange } from '../model/comparison.js';
import { isWide } from '../text/display.js';

/** Cost of one unit of text when counting "words" of context: a Latin word is 1, a CJK character 0.4 (~20 chars). */
const WIDE_UNIT_COST = 0.4;

/** True for the whitespace that separates words. */
function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x09 || code === 0x0d || code === 0x3000;
}

/** The code point ending just before `end` (surrogate pairs combined). */
function codePointBefore(text: string, end: number): number {
  const low = text.charCodeAt(end - 1);
  if (low >= 0xdc00 && low <= 0xdfff && end >= 2) {
    const high = text.charCodeAt(end - 2);
    if (high >= 0xd800 && high <= 0xdbff) return (high - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
  }
  return low;
}

/**
 * Where the first `words` worth of word units of `text` end (a unit is a run of non-space characters, or one wide
 * CJK character, which Japanese writes without spaces), or -1 when the whole text fits in `words + slack`. Scans
 * only as far as it needs, so long unchanged stretches cost no more than their kept edges.
 */
function headEnd(text: string, words: number, slack = 0): number {
  let spent = 0;
  let cut = -1;
  let i = 0;
  let kept = 0;
  const length = text.length;
  while (i < length) {
    const code = text.codePointAt(i) as number;
    if (isSpace(code)) {
      i++;
      continue;
    }
    let end = i + (code > 0xffff ? 2 : 1);
    let cost = WIDE_UNIT_COST;
    if (!isWide(code)) {
      cost = 1;
      while (end < length) {
        const c = text.codePointAt(end) as number;
        if (isSpace(c) || isWide(c)) break;
        end += c > 0xffff ? 2 : 1;
      }
    }
    if (cut < 0 && spent + cost > words) cut = kept;
    if (spent + cost > words + slack) return cut;
    spent += cost;
    kept = end;
    i = end;
  }
  return -1;
}

/** Where the last `words` worth of word units of `text` start, or -1 when the whole text fits in `words + slack`. */
function tailStart(text: string, words: number, slack = 0): number {
  let spent = 0;
  let cut = -1;
  let i = text.length;
  let kept = text.length;
  while (i > 0) {
    const code = codePointBefore(text, i);
    if (isSpace(code)) {
      i--;
      continue;
    }
    let start = i - (code > 0xffff ? 2 : 1);
    let cost = WIDE_UNIT_COST;
    if (!isWide(code)) {
      cost = 1;
      while (start > 0) {
        const c = codePointBefore(text, start);
        if (isSpace(c) || isWide(c)) break;
        start -= c > 0xffff ? 2 : 1;
      }
    }
    if (cut < 0 && spent + cost > words) cut = kept;
    if (spent + cost > words + slack) return cut;
    spent += cost;
    kept = start;
    i = start;
  }
  return -1;
}

/** The mark that stands for elided text. */
export const ELLIPSIS = '…';

/** The gap to put between kept text and the ellipsis: none next to CJK text, else one space. */
function gapAt(code: number): string {
  return isWide(code) ? '' : ' ';
}

/**
 * Shortens an unchanged stretch: keeps `words` of context at its end (`tail`, the text before an edit), its start
 * (`head`, the text after an edit), or both (`both`, between two edits), with "…" in place of the rest. Text only a
 * couple of words longer than what would be kept stays whole: an ellipsis should save the reader something.
 */
export function elideText(text: string, keep: 'head' | 'tail' | 'both', words: number): string {
  const slack = 2;
  if (keep === 'head') {
    const end = headEnd(text, words, slack);
    if (end < 0) return text;
    const trailing = isSpace(text.charCodeAt(text.length - 1)) ? ' ' : '';
    return `${text.slice(0, end)}${end > 0 ? gapAt(codePointBefore(text, end)) : ''}${ELLIPSIS}${trailing}`;
  }
  if (keep === 'tail') {
    const start = tailStart(text, words, slack);
    if (start < 0) return text;
    const leading = isSpace(text.charCodeAt(0)) ? ' ' : '';
    const gap = start < text.length ? gapAt(text.codePointAt(start) as number) : '';
    return `${leading}${ELLIPSIS}${gap}${text.slice(start)}`;
  }
  if (headEnd(text, 2 * words + slack) < 0) return text;
  const end = headEnd(text, words);
  const start = tailStart(text, words);
  const head = text.slice(0, end);
  const headGap = end > 0 ? gapAt(codePointBefore(text, end)) : '';
  const tailGap = start < text.length ? gapAt(text.codePointAt(start) as number) : '';
  return `${head}${headGap}${ELLIPSIS}${tailGap}${text.slice(start)}`;
}

/**
 * A diff with long unchanged stretches shortened around the edits: the first equal keeps its tail, the last its
 * head, those between edits both ends; each keeps about `words` words on the side facing an edit. A diff without
 * edits keeps the head only.
 */
export function elideChanges(changes: readonly WordChange[], words: number): WordChange[] {
  const out: WordChange[] = [];
  const last = changes.length - 1;
  let edited = false;
  for (const change of changes) if (change.op !== 'equal') edited = true;
  for (let i = 0; i <= last; i++) {
    const change = changes[i] as WordChange;
    if (change.op !== 'equal') {
      out.push(change);
      continue;
    }
    const keep = !edited ? 'head' : i === 0 ? 'tail' : i === last ? 'head' : 'both';
    // Reports print the new edition's spelling of unchanged text; eliding keeps that one.
    const source = change.newText ?? change.text;
    const text = elideText(source, keep, edited ? words : 2 * words);
    if (text === source) out.push(change);
    else out.push({ op: 'equal', text });
  }
  return out;
}
