/**
 * Photo captions and credits. Web extraction often writes a caption twice (once with its credit inline, once
 * over two lines), so a caption block is cut after each credit's closing parenthesis and consecutive pieces that
 * are equal after folding white space are collapsed to their first occurrence.
 */

import { foldWhitespace } from '../normalize/normalize.js';
import { isWhiteSpace } from './sentences.js';

/** Words that mark a credit inside parentheses or at the start of a line. */
const CREDIT =
  /(?:\b(?:Photo|Photos|Source|Sources|Credit|Credits|Courtesy|Foto|Quelle|Crédit|Crédits)\b\s*[:：]|写真\s*[：:]|出典\s*[：:]|提供\s*[：:]|Photo courtesy)/i;
/** Cheap test for whether a block could hold a credit at all, run before the detailed scan. */
const CREDIT_HINT = /Photo|Source|Credit|Courtesy|Foto|Quelle|Crédit|写真|出典|提供/i;
/** Longest piece of a caption block that still reads as a caption rather than body text. */
export const MAX_CAPTION_LENGTH = 300;
/** How far a credit's closing parenthesis may be from its opening one. */
const MAX_CREDIT_LENGTH = 200;

/** A piece of a caption block, as offsets [start, end) into the block text (trimmed of white space). */
export interface CaptionSpan {
  start: number;
  end: number;
}

/** The caption pieces of a block: those kept, and the duplicates collapsed into an earlier equal piece. */
export interface CaptionSplit {
  captions: CaptionSpan[];
  duplicates: CaptionSpan[];
}

/** Offsets just after each credit in `text`: after a parenthesised credit's ")" or a credit line's end. */
function creditEnds(text: string): number[] {
  const ends: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '(' || char === '（') {
      const close = char === '(' ? ')' : '）';
      const limit = Math.min(text.length, i + MAX_CREDIT_LENGTH);
      let j = i + 1;
      while (j < limit && text[j] !== close && text[j] !== '(' && text[j] !== '（') j++;
      if (j < limit && text[j] === close) {
        if (CREDIT.test(text.slice(i + 1, j))) ends.push(j + 1);
        i = j;
      }
    } else if (i === 0 || text[i - 1] === '\n' || text[i - 1] === '\r') {
      // A line that starts with "Source:" or "写真：" is a credit up to the line's end.
      let lineEnd = i;
      while (lineEnd < text.length && text[lineEnd] !== '\n' && text[lineEnd] !== '\r') lineEnd++;
      let start = i;
      while (start < lineEnd && isWhiteSpace(text.charCodeAt(start))) start++;
      const match = CREDIT.exec(text.slice(start, Math.min(lineEnd, start + 20)));
      if (match && match.index === 0) {
        ends.push(lineEnd);
        i = lineEnd;
      }
    }
  }
  return ends;
}

/** Trims white space off both ends of [start, end) of `text`. */
function trimSpan(text: string, start: number, end: number): CaptionSpan {
  while (start < end && isWhiteSpace(text.charCodeAt(start))) start++;
  while (end > start && isWhiteSpace(text.charCodeAt(end - 1))) end--;
  return { start, end };
}

/**
 * Splits a block into caption pieces when it holds credits and every piece is short; null when the block is not
 * a caption block (no credit, or a long piece that reads like body text citing a source).
 */
export function splitCaptions(text: string): CaptionSplit | null {
  if (!CREDIT_HINT.test(text)) return null;
  const ends = creditEnds(text);
  if (ends.length === 0) return null;
  const pieces: CaptionSpan[] = [];
  let start = 0;
  for (const end of [...ends, text.length]) {
    const piece = trimSpan(text, start, end);
    if (piece.end > piece.start) {
      if (piece.end - piece.start > MAX_CAPTION_LENGTH) return null;
      pieces.push(piece);
    }
    start = end;
  }
  const captions: CaptionSpan[] = [];
  const duplicates: CaptionSpan[] = [];
  let previous = '';
  for (const piece of pieces) {
    const folded = foldWhitespace(text.slice(piece.start, piece.end));
    if (folded === previous) duplicates.push(piece);
    else captions.push(piece);
    previous = folded;
  }
  return { captions, duplicates };
}
