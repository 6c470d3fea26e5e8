/**
 * Consistency fixes: a one-word replacement that brings a unit in line with the term it already uses elsewhere.
 *
 * The 2020 Bluebook says "Maintaining territorial integrity…" and, three sentences later, "awareness of Japan's
 * position on terrestrial integrity"; 2022 corrects the second to "territorial". In isolation that is a content word
 * swapped for another (substantive); in context it is a typo fixed towards the unit's own wording (cosmetic). The
 * rule is deliberately narrow, so that "increase" → "decrease" never qualifies by accident:
 *  1. the edit replaces exactly one word with one word;
 *  2. the two are spelled alike (Levenshtein distance at most 30% of the longer word, same first letter);
 *  3. the new word together with its neighbour (the phrase it forms, e.g. "territorial integrity") already occurs in
 *     the old text of the enclosing unit, while the old phrase ("terrestrial integrity") occurs nowhere else there.
 */
import type { Significance, WordChange } from '../model/comparison.js';

const WORD = /^[\p{L}\p{N}]+$/u;
const NEIGHBOUR_BEFORE = /([\p{L}\p{N}]+)[^\p{L}\p{N}]*$/u;
const NEIGHBOUR_AFTER = /^[^\p{L}\p{N}]*([\p{L}\p{N}]+)/u;

/** Downgrade to `cosmetic` the replacements in `changes` that are consistency fixes within `oldContext`. */
export function markConsistencyFixes(changes: WordChange[], oldContext: string): WordChange[] {
  // Lower-cased only when a one-word replacement asks: a sentence's context is its whole block, and most edits
  // are not one word for one word, so lower-casing the block for every sentence pair was wasted work.
  let lowered: string | undefined;
  const lower = (): string => {
    lowered ??= oldContext.toLowerCase();
    return lowered;
  };
  for (let i = 0; i + 1 < changes.length; i++) {
    const deleted = changes[i];
    const inserted = changes[i + 1];
    if (deleted?.op !== 'delete' || inserted?.op !== 'insert') continue;
    const oldWord = deleted.text.trim().toLowerCase();
    const newWord = inserted.text.trim().toLowerCase();
    if (!WORD.test(oldWord) || !WORD.test(newWord)) continue;
    const context = lower();
    if (!context.includes(newWord)) continue;
    if (!spelledAlike(oldWord, newWord)) continue;
    const before = changes[i - 1]?.op === 'equal' ? (changes[i - 1] as { text: string }).text : '';
    const after = changes[i + 2]?.op === 'equal' ? (changes[i + 2] as { text: string }).text : '';
    const previous = NEIGHBOUR_BEFORE.exec(before)?.[1]?.toLowerCase();
    const next = NEIGHBOUR_AFTER.exec(after)?.[1]?.toLowerCase();
    const phrases = [
      ...(previous ? [[`${previous} ${oldWord}`, `${previous} ${newWord}`]] : []),
      ...(next ? [[`${oldWord} ${next}`, `${newWord} ${next}`]] : []),
    ];
    const fixed = phrases.some(
      ([oldPhrase, newPhrase]) =>
        occurrences(context, newPhrase as string) > 0 && occurrences(context, oldPhrase as string) === 1,
    );
    if (fixed) {
      const cosmetic: Significance = 'cosmetic';
      changes[i] = { ...deleted, significance: cosmetic };
      changes[i + 1] = { ...inserted, significance: cosmetic };
    }
  }
  return changes;
}

const LETTER_OR_NUMBER = /^[\p{L}\p{N}]$/u;
const SPACE = /\s/;

/** Whether the code point that ends just before `index` is a letter or number (a surrogate pair read whole). */
function wordBefore(text: string, index: number): boolean {
  if (index === 0) return false;
  const low = text.charCodeAt(index - 1);
  const pair = index >= 2 && low >= 0xdc00 && low <= 0xdfff && (text.charCodeAt(index - 2) & 0xfc00) === 0xd800;
  return LETTER_OR_NUMBER.test(text.slice(pair ? index - 2 : index - 1, index));
}

/** Whether the code point that starts at `index` is a letter or number. */
function wordAt(text: string, index: number): boolean {
  const code = text.codePointAt(index);
  return code !== undefined && LETTER_OR_NUMBER.test(String.fromCodePoint(code));
}

/**
 * Whole-word occurrences of a two-word phrase (any run of spaces between the words), not overlapping: what
 * `text.match(/(?<![\p{L}\p{N}])first\s+second(?![\p{L}\p{N}])/gu).length` counts, found with indexOf. Compiling
 * that expression anew for every phrase cost a cold compare ~2–5 ms a call (V8 compiles a Unicode property class
 * to native code for a long subject), 60–150 ms on the large pairs for a few dozen calls. The words are runs of
 * letters and numbers, so \s+ between them can only be the whole run of spaces after the first.
 */
export function occurrences(text: string, phrase: string): number {
  const [first = '', second = ''] = phrase.split(' ');
  // Callers pass two non-empty words; an empty one would make indexOf stand still.
  if (first === '' || second === '') return 0;
  let count = 0;
  let from = 0;
  for (let at = text.indexOf(first, from); at >= 0; at = text.indexOf(first, from)) {
    let end = at + first.length;
    while (end < text.length && SPACE.test(text[end] as string)) end++;
    const matched =
      end > at + first.length &&
      text.startsWith(second, end) &&
      !wordBefore(text, at) &&
      !wordAt(text, end + second.length);
    if (matched) {
      count++;
      from = end + second.length;
    } else from = at + 1;
  }
  return count;
}

/** Same first letter and a Levenshtein distance of at most 30% of the longer word. */
function spelledAlike(a: string, b: string): boolean {
  if (a === b || a[0] !== b[0]) return false;
  return levenshtein(a, b) <= Math.floor(0.3 * Math.max(a.length, b.length));
}

/** Levenshtein distance (Wagner–Fischer, one row); words are short. */
function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] as number;
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] as number;
}
