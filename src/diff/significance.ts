/**
 * How much a word change matters to a reader: `cosmetic` (punctuation, case, quote style, whitespace, a serial
 * comma, a spelling variant or typo fix), `minor` (only function words, or another inflection of the same word) or
 * `substantive` (content words; any number, date or proper name). A deletion and the insertion replacing it are
 * judged together, as one replacement, so "terrestrial" → "territorial" is one substantive change.
 *
 * The rules are a conservative heuristic in the spirit of legal redlining: when unsure, a change ranks higher.
 */

import { SIGNIFICANCES, type Significance, type WordChange } from '../model/comparison.js';
import { keptTokenBuffer, type TokenBoundaries, tokenBoundariesInto, tokenBuffer } from '../normalize/tokenize.js';
import { beyond } from './multiset.js';
import { isStopWord } from './stop-words.js';

/** What is known about where an edit sits. */
export interface SignificanceContext {
  /** True when the edit begins a sentence, so its first capitalised word is not taken for a proper name. */
  atSentenceStart?: boolean;
  /** Locale for word segmentation. */
  locale?: string;
}

/** A word of an edit, with what the rules need to know about it. */
export interface EditWord {
  /** Normalised and lower-cased. */
  folded: string;
  numeric: boolean;
  properName: boolean;
}

/** A word's folded form: what two words must share to be one word on both sides. */
const foldedOf = (word: EditWord): string => word.folded;

const DIGIT = /\p{Nd}/u;
const KANJI_NUMBER = /^[〇零一二三四五六七八九十百千万億兆]+$/;
const UPPERCASE_START = /^\p{Lu}/u;
const SENTENCE_END = /[.!?。！？]["'”’」』)）]*$/;

/** Storage for tokenising edits, reused from one edit to the next. */
let editTokens = tokenBuffer();

/** The words of `text` (fillers dropped), noting numbers and capitalised words not opening a sentence. */
export function editWords(text: string, context: SignificanceContext): EditWord[] {
  const tokens = tokenBoundariesInto(editTokens, text, context.locale);
  const words = tokenWords(tokens, 0, tokens.count, context.atSentenceStart === true);
  editTokens = keptTokenBuffer(editTokens);
  return words;
}

/** The words of tokens [from, to) of `tokens`, as `editWords` finds them in the text of those tokens. */
export function tokenWords(tokens: TokenBoundaries, from: number, to: number, atSentenceStart: boolean): EditWord[] {
  const words: EditWord[] = [];
  const { normalized, normalizedStarts, filler } = tokens;
  let sentenceStart = atSentenceStart;
  for (let t = from; t < to; t++) {
    const token = normalized.slice(normalizedStarts[t] as number, normalizedStarts[t + 1] as number);
    if (filler[t] === 1) {
      if (SENTENCE_END.test(token)) sentenceStart = true;
      continue;
    }
    // The token is already normalised; lower-casing is all the case pass would add.
    const folded = token.toLowerCase();
    words.push({
      folded,
      numeric: DIGIT.test(token) || KANJI_NUMBER.test(token),
      properName: !sentenceStart && UPPERCASE_START.test(token) && !isStopWord(folded),
    });
    sentenceStart = false;
  }
  return words;
}

/** The more significant of two levels. */
export function maxSignificance(a: Significance, b: Significance): Significance {
  return SIGNIFICANCES.indexOf(a) >= SIGNIFICANCES.indexOf(b) ? a : b;
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

/** British → American spelling patterns (organise/organize, colour/color, centre/center, defence/defense, …). */
const SPELLING_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/is(e|ed|es|ing|ation|ations|er|ers)$/, 'iz$1'],
  [/ys(e|ed|es|ing)$/, 'yz$1'],
  [/our(s|ed|ing|ite|ites|able|er|ers)?$/, 'or$1'],
  [/tre(s)?$/, 'ter$1'],
  [/ogue(s)?$/, 'og$1'],
  [/ence(s)?$/, 'ense$1'],
  [/ll(ed|ing|er|ers)$/, 'l$1'],
];

/** The American form of a British spelling (identity for other words). */
function americanSpelling(word: string): string {
  let result = word;
  for (const [pattern, replacement] of SPELLING_PATTERNS) result = result.replace(pattern, replacement);
  return result;
}

/** Optimal string alignment distance (Levenshtein plus adjacent transposition) is exactly 1. */
function oneEditApart(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true; // one substitution
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // one transposition
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1); // one insertion
}

/**
 * A spelling variant or a typo fix of the same word: British/American forms, or (for words of at least four
 * letters, same first letter, neither a function word) one substituted, inserted, deleted or transposed letter.
 */
function spellingVariant(a: EditWord, b: EditWord): boolean {
  if (a.properName || b.properName || a.numeric || b.numeric) return false;
  const x = a.folded;
  const y = b.folded;
  if (x.length < 4 || y.length < 4) return false;
  if (americanSpelling(x) === americanSpelling(y)) return true;
  if (x[0] !== y[0] || isStopWord(x) || isStopWord(y)) return false;
  return oneEditApart(x, y);
}

/** A light English suffix stripper (plural, past, gerund, possessive, final e), enough to spot inflections. */
function stem(word: string): string {
  let result = word.replace(/'s$/, '');
  const rules: ReadonlyArray<[string, string]> = [
    ['ies', 'y'],
    ['ied', 'y'],
    ['ing', ''],
    ['ed', ''],
    ['es', ''],
    ['s', ''],
  ];
  for (const [suffix, replacement] of rules) {
    if (suffix === 's' && result.endsWith('ss')) break;
    if (result.endsWith(suffix) && result.length - suffix.length >= 3) {
      result = result.slice(0, -suffix.length) + replacement;
      break;
    }
  }
  if (result.length > 3 && result.endsWith('e')) result = result.slice(0, -1);
  // "planned" → "plann" → "plan".
  if (result.length > 3 && result[result.length - 1] === result[result.length - 2] && !/[aeiousl]$/.test(result)) {
    result = result.slice(0, -1);
  }
  return result;
}

/** Two forms of the same word (take/takes, challenge/challenges, increase/increasing, Japan/Japan's). */
function sameStem(a: EditWord, b: EditWord): boolean {
  if (a.numeric || b.numeric) return false;
  const x = stem(a.folded);
  return x.length >= 3 && x === stem(b.folded);
}

/** Judges one word pair of a replacement; null when the words are simply different. */
function pairLevel(a: EditWord, b: EditWord): Significance | null {
  if (sameStem(a, b)) return 'minor';
  if (spellingVariant(a, b)) return 'cosmetic';
  if (isStopWord(a.folded) && isStopWord(b.folded)) return 'minor';
  return null;
}

/**
 * The significance of replacing `deleted` by `inserted` (either may be empty, for a pure insertion or deletion).
 * Rules, in order: no text → none; numbers differ → substantive; same words ignoring case, punctuation, quotes and
 * whitespace → cosmetic; the words that differ pair up as spelling variants (cosmetic), inflections or function
 * words (minor); only function words added or removed → minor; anything else → substantive.
 */
export function classifyEdit(deleted: string, inserted: string, context: SignificanceContext = {}): Significance {
  if (deleted.length === 0 && inserted.length === 0) return 'none';
  return classifyEditWords(deleted, inserted, editWords(deleted, context), editWords(inserted, context));
}

/** `classifyEdit` of an edit whose words (`editWords` of each side) are already known. */
export function classifyEditWords(
  deleted: string,
  inserted: string,
  before: readonly EditWord[],
  after: readonly EditWord[],
): Significance {
  if (deleted.length === 0 && inserted.length === 0) return 'none';
  const numbers = (words: readonly EditWord[]): string[] =>
    words.filter((word) => word.numeric).map((word) => word.folded);
  if (!sameStrings(numbers(before), numbers(after))) return 'substantive';
  const folded = (words: readonly EditWord[]): string[] => words.map((word) => word.folded);
  if (sameStrings(folded(before), folded(after))) return 'cosmetic';
  const restBefore = beyond(before, after, foldedOf);
  const restAfter = beyond(after, before, foldedOf);
  if (restBefore.length === restAfter.length) {
    let level: Significance = 'cosmetic';
    let paired = true;
    for (let i = 0; i < restBefore.length && paired; i++) {
      const pair = pairLevel(restBefore[i] as EditWord, restAfter[i] as EditWord);
      if (pair === null) paired = false;
      else level = maxSignificance(level, pair);
    }
    if (paired) return level;
  }
  const onlyFunctionWords = [...restBefore, ...restAfter].every((word) => isStopWord(word.folded));
  return onlyFunctionWords ? 'minor' : 'substantive';
}

/** The highest significance among the edits of a word diff; `none` when nothing was inserted or deleted. */
export function pairSignificance(changes: readonly WordChange[]): Significance {
  let level: Significance = 'none';
  for (const change of changes) {
    if (change.op !== 'equal') level = maxSignificance(level, change.significance);
  }
  return level;
}
