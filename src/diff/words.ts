/**
 * Word-level diff of two short texts (a sentence, a paragraph), computed on normalised tokens and reported on the
 * original text.
 *
 * Outline:
 * 1. Tokenise both texts (UAX #29 words, `tokenize`); under `ignorePunctuation` each word is glued to the
 *    punctuation and spaces after it, so only words are compared.
 * 2. Give each token an interned key from its normalised text (quotes, dashes, width, spacing folded; case too
 *    under `ignoreCase`); every whitespace token has the same key.
 * 3. Run Myers' O(ND) algorithm over the key arrays (`myers.ts`), within a budget: past `maxTokens` tokens on either
 *    side or `maxEditDistance` edits, the middle (after the common prefix and suffix) becomes one deletion and one
 *    insertion and the result is marked `truncated` — a budget fallback, never an error.
 * 4. Clean the script up for readers (`semantic-cleanup.ts`, after Fraser's diff-match-patch).
 * 5. Emit changes over the original text: an equal change carries the old text, plus `newText` when the new
 *    edition wrote it differently (curly vs straight quotes, width); each replacement is one deletion then one
 *    insertion, both carrying the significance of the replacement as a whole.
 * Both editions rebuild exactly: old = equal.text + delete.text, new = (equal.newText ?? equal.text) + insert.text.
 */
import type { Significance, WordChange } from '../model/comparison.js';
import { normalizeKey } from '../normalize/normalize.js';
import { tokenBoundaries } from '../normalize/tokenize.js';
import { DEFAULT_MAX_EDIT_DISTANCE, diffSequences, type EditRun } from './myers.js';
import { cleanupSemantic, type Segment, segmentsFromRuns, type TokenSequence } from './semantic-cleanup.js';
import { classifyEdit, pairSignificance } from './significance.js';

/** Options of the word diff. */
export interface DiffOptions {
  /** Treat letters differing only in case as equal. */
  ignoreCase?: boolean;
  /** Compare words only: punctuation (and spacing) differences are not edits. */
  ignorePunctuation?: boolean;
  /** Locale for word segmentation (default `en`; Japanese segments by dictionary under any locale). */
  locale?: string;
  /** Budget: more tokens than this on either side skips the search (default 5 000). */
  maxTokens?: number;
  /** Budget: the largest edit distance (in tokens) searched (default 1 000). */
  maxEditDistance?: number;
}

/** Default token budget per side. */
export const DEFAULT_MAX_TOKENS = 5000;

/** A word diff and whether it was computed in full or cut short by the budget. */
export interface WordDiff {
  status: 'complete' | 'truncated';
  changes: WordChange[];
  /** Words (non-filler units) kept equal by the minimal edit script, before the clean-up. */
  matchedWords: number;
  /** Words in the old text. */
  oldWords: number;
  /** Words in the new text. */
  newWords: number;
}

/** The units one text is diffed as: tokens, or words with their trailing fillers under `ignorePunctuation`. */
interface Units {
  text: string;
  starts: number[];
  ends: number[];
  /** Normalised text of each unit, for sentence-boundary tests. */
  normalized: string[];
  sequence: TokenSequence;
  words: number;
}

const SENTENCE_END = /[.!?。！？]["'”’」』)）]*\s*$/;

/** Builds the comparison units of `text`, interning their keys in `dictionary` (shared by both sides). */
function buildUnits(text: string, options: DiffOptions, dictionary: Map<string, number>): Units {
  const tokens = tokenBoundaries(text, options.locale);
  const glue = options.ignorePunctuation === true;
  // Unit u covers tokens [firstToken[u], firstToken[u + 1]). Under `ignorePunctuation` a unit is a word with the
  // fillers after it (fillers before the first word join that word); otherwise every token is a unit.
  const firstToken: number[] = [];
  let seenWord = false;
  for (let t = 0; t < tokens.count; t++) {
    const isWord = tokens.filler[t] === 0;
    if (!glue || t === 0 || (isWord && seenWord)) firstToken.push(t);
    if (isWord) seenWord = true;
  }
  firstToken.push(tokens.count);
  const count = firstToken.length - 1;
  const keys = new Int32Array(count);
  const weightPrefix = new Float64Array(count + 1);
  const space = new Uint8Array(count);
  const word = new Uint8Array(count);
  const starts: number[] = [];
  const ends: number[] = [];
  const normalized: string[] = [];
  const caseOptions = { ignoreCase: true };
  const wordOptions = { ignoreCase: options.ignoreCase === true, ignorePunctuation: true };
  let words = 0;
  for (let u = 0; u < count; u++) {
    const first = firstToken[u] as number;
    const last = (firstToken[u + 1] as number) - 1;
    const norm = tokens.normalized.slice(
      tokens.normalizedStarts[first] as number,
      tokens.normalizedStarts[last + 1] as number,
    );
    let wordToken = -1;
    for (let t = first; t <= last && wordToken < 0; t++) if (tokens.filler[t] === 0) wordToken = t;
    const isSpace = wordToken < 0 && norm.trim().length === 0;
    let key: string;
    if (glue) {
      key =
        wordToken < 0
          ? ''
          : normalizeKey(
              tokens.normalized.slice(
                tokens.normalizedStarts[wordToken] as number,
                tokens.normalizedStarts[wordToken + 1] as number,
              ),
              wordOptions,
            );
    } else {
      key = isSpace ? ' ' : options.ignoreCase === true ? normalizeKey(norm, caseOptions) : norm;
    }
    let id = dictionary.get(key);
    if (id === undefined) {
      id = dictionary.size;
      dictionary.set(key, id);
    }
    keys[u] = id;
    weightPrefix[u + 1] = (weightPrefix[u] as number) + Math.max(1, key.length);
    space[u] = isSpace ? 1 : 0;
    word[u] = wordToken < 0 ? 0 : 1;
    if (wordToken >= 0) words++;
    starts.push(tokens.starts[first] as number);
    ends.push(tokens.starts[last + 1] as number);
    normalized.push(norm);
  }
  return { text, starts, ends, normalized, sequence: { keys, weightPrefix, space, word }, words };
}

/** The original text of units [start, end). */
function sliceUnits(units: Units, start: number, end: number): string {
  if (end <= start) return '';
  return units.text.slice(units.starts[start] as number, units.ends[end - 1] as number);
}

/** Whether unit `index` opens a sentence: nothing but whitespace before it, or a sentence end. */
function opensSentence(units: Units, index: number): boolean {
  for (let i = index - 1; i >= 0; i--) {
    const norm = units.normalized[i] as string;
    if (units.sequence.space[i] === 1) continue;
    return SENTENCE_END.test(norm);
  }
  return true;
}

/** Words kept equal by the raw edit script, for the similarity ratio. */
function countMatchedWords(runs: readonly EditRun[], before: Units): number {
  let matched = 0;
  let at = 0;
  for (const run of runs) {
    if (run.op === 'insert') continue;
    if (run.op === 'equal') for (let i = at; i < at + run.count; i++) matched += before.sequence.word[i] as number;
    at += run.count;
  }
  return matched;
}

/** Turns cleaned-up segments into word changes over the original texts. */
function toChanges(segments: readonly Segment[], before: Units, after: Units, locale?: string): WordChange[] {
  const changes: WordChange[] = [];
  for (const segment of segments) {
    if (segment.equal) {
      const text = sliceUnits(before, segment.oldStart, segment.oldEnd);
      const newText = sliceUnits(after, segment.newStart, segment.newEnd);
      changes.push(text === newText ? { op: 'equal', text } : { op: 'equal', text, newText });
      continue;
    }
    const deleted = sliceUnits(before, segment.oldStart, segment.oldEnd);
    const inserted = sliceUnits(after, segment.newStart, segment.newEnd);
    const atSentenceStart = opensSentence(before, segment.oldStart) || opensSentence(after, segment.newStart);
    const significance: Significance = classifyEdit(deleted, inserted, { atSentenceStart, locale });
    if (deleted.length > 0) changes.push({ op: 'delete', text: deleted, significance });
    if (inserted.length > 0) changes.push({ op: 'insert', text: inserted, significance });
  }
  return changes;
}

/**
 * The same changes seen from the other edition: inserts become deletes and the reverse, each equal run swaps its
 * two texts, and each replacement keeps the delete-then-insert order.
 */
export function mirrorChanges(changes: readonly WordChange[]): WordChange[] {
  const mirrored: WordChange[] = [];
  for (const change of changes) {
    if (change.op === 'equal') {
      const text = change.newText ?? change.text;
      mirrored.push(text === change.text ? { op: 'equal', text } : { op: 'equal', text, newText: change.text });
      continue;
    }
    const flipped: WordChange = {
      op: change.op === 'insert' ? 'delete' : 'insert',
      text: change.text,
      significance: change.significance,
    };
    const previous = mirrored[mirrored.length - 1];
    if (flipped.op === 'delete' && previous?.op === 'insert') mirrored.splice(mirrored.length - 1, 0, flipped);
    else mirrored.push(flipped);
  }
  return mirrored;
}

/**
 * The word diff of two texts with its budget status and word counts (see the module outline). The diff is always
 * computed in one canonical direction and mirrored when needed, so swapping the editions mirrors the result
 * exactly (Myers' tie-breaking would otherwise pick different, equally short scripts in the two directions).
 */
export function diffWordsDetailed(oldText: string, newText: string, options: DiffOptions = {}): WordDiff {
  if (oldText > newText) {
    const reverse = diffInCanonicalDirection(newText, oldText, options);
    return {
      ...reverse,
      changes: mirrorChanges(reverse.changes),
      oldWords: reverse.newWords,
      newWords: reverse.oldWords,
    };
  }
  return diffInCanonicalDirection(oldText, newText, options);
}

/** The word diff proper, for either direction. */
function diffInCanonicalDirection(oldText: string, newText: string, options: DiffOptions): WordDiff {
  const dictionary = new Map<string, number>();
  const before = buildUnits(oldText, options, dictionary);
  const after = buildUnits(newText, options, dictionary);
  const maxTokens = options.maxTokens ?? DEFAULT_MAX_TOKENS;
  const overBudget = before.starts.length > maxTokens || after.starts.length > maxTokens;
  const script = diffSequences(
    before.sequence.keys,
    after.sequence.keys,
    overBudget ? 0 : (options.maxEditDistance ?? DEFAULT_MAX_EDIT_DISTANCE),
  );
  const segments = cleanupSemantic(segmentsFromRuns(script.runs), before.sequence, after.sequence);
  return {
    status: script.status,
    changes: toChanges(segments, before, after, options.locale),
    matchedWords: countMatchedWords(script.runs, before),
    oldWords: before.words,
    newWords: after.words,
  };
}

/**
 * Word changes turning `oldText` into `newText`: equal runs (with `newText` where only normalisation differs), and
 * each replaced phrase as one deletion followed by one insertion, ranked by significance.
 */
export function diffWords(oldText: string, newText: string, options: DiffOptions = {}): WordChange[] {
  if (oldText === newText) return oldText.length === 0 ? [] : [{ op: 'equal', text: oldText }];
  return diffWordsDetailed(oldText, newText, options).changes;
}

/** A sentence pair's word diff with the numbers the aligner and reports need. */
export interface SentencePairDiff {
  changes: WordChange[];
  /** 2 · matched words / (old words + new words), in [0, 1]; 1 when neither text has words and they are equal. */
  similarity: number;
  significance: Significance;
}

/** Diffs a sentence pair and scores it: word changes, a word-level similarity ratio and the highest significance. */
export function diffSentencePair(oldText: string, newText: string, options: DiffOptions = {}): SentencePairDiff {
  if (oldText === newText) {
    return { changes: diffWords(oldText, newText, options), similarity: 1, significance: 'none' };
  }
  const diff = diffWordsDetailed(oldText, newText, options);
  const total = diff.oldWords + diff.newWords;
  const onlyEquals = diff.changes.every((change) => change.op === 'equal');
  const similarity = total === 0 ? (onlyEquals ? 1 : 0) : (2 * diff.matchedWords) / total;
  return { changes: diff.changes, similarity, significance: pairSignificance(diff.changes) };
}
