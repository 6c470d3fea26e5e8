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
  const context = oldContext.toLowerCase();
  for (let i = 0; i + 1 < changes.length; i++) {
    const deleted = changes[i];
    const inserted = changes[i + 1];
    if (deleted?.op !== 'delete' || inserted?.op !== 'insert') continue;
    const oldWord = deleted.text.trim().toLowerCase();
    const newWord = inserted.text.trim().toLowerCase();
    if (!WORD.test(oldWord) || !WORD.test(newWord) || !context.includes(newWord)) continue;
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

/** Whole-word occurrences of a two-word phrase (any run of spaces between the words). */
function occurrences(text: string, phrase: string): number {
  const [first, second] = phrase.split(' ');
  const pattern = new RegExp(
    `(?<![\\p{L}\\p{N}])${escapeRegExp(first ?? '')}\\s+${escapeRegExp(second ?? '')}(?![\\p{L}\\p{N}])`,
    'gu',
  );
  return text.match(pattern)?.length ?? 0;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
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
