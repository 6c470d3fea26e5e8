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
import {
  keptTokenBuffer,
  type TokenBuffer,
  tokenBoundariesInto,
  tokenBuffer,
  tokensSurviveCutting,
} from '../normalize/tokenize.js';
import { isJavaScriptSpace } from '../text/spaces.js';
import { DEFAULT_MAX_EDIT_DISTANCE, diffSequences, type EditRun } from './myers.js';
import { cleanupSemantic, type Segment, segmentsFromRuns, type TokenSequence } from './semantic-cleanup.js';
import {
  classifyEditWords,
  type EditWord,
  editWords,
  pairSignificance,
  type SignificanceContext,
  tokenWords,
} from './significance.js';

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

/**
 * One side of a diff: its tokens and the units it is diffed as. Unit u covers tokens [firstToken[u],
 * firstToken[u + 1]). The arrays are reusable storage (`SideStorage`), longer than the units.
 */
interface Units {
  text: string;
  tokens: TokenBuffer;
  count: number;
  firstToken: Int32Array;
  sequence: TokenSequence;
  words: number;
  /** Whether a stretch of units tokenises alone as it does here (`tokensSurviveCutting`); computed when asked. */
  cuttable?: boolean;
}

/** Reusable storage of one side: a word diff runs thousands of times per comparison, on one side pair at a time. */
interface SideStorage {
  tokens: TokenBuffer;
  firstToken: Int32Array;
  keys: Int32Array;
  weightPrefix: Float64Array;
  space: Uint8Array;
  word: Uint8Array;
}

function sideStorage(): SideStorage {
  return {
    tokens: tokenBuffer(),
    firstToken: new Int32Array(256),
    keys: new Int32Array(256),
    weightPrefix: new Float64Array(256),
    space: new Uint8Array(256),
    word: new Uint8Array(256),
  };
}

let beforeStorage = sideStorage();
let afterStorage = sideStorage();
/** Storage grown past this many units by a long text is let go after its diff rather than kept for the next. */
const RETAINED_UNITS = 1 << 16;

/** Grows `storage`'s unit arrays to hold `count` units (+ 1 for the prefix sums and unit ends). */
function reserveUnits(storage: SideStorage, count: number): void {
  if (storage.firstToken.length > count) return;
  const size = Math.max(count + 1, 2 * storage.firstToken.length);
  storage.firstToken = new Int32Array(size);
  storage.keys = new Int32Array(size);
  storage.weightPrefix = new Float64Array(size);
  storage.space = new Uint8Array(size);
  storage.word = new Uint8Array(size);
}

/**
 * Interns the units' keys of both sides to small integers, Myers' and the clean-up's only notion of equality. By
 * default a key is a stretch of a side's normalised text, hashed and compared where it lies rather than sliced
 * into a string per token; the key options (`ignoreCase`, `ignorePunctuation`) build key strings.
 */
function keyInterner() {
  return {
    /** Open addressing: entry id + 1 per slot, 0 when empty. */
    slots: new Int32Array(1024),
    texts: ['', ''],
    entrySide: new Uint8Array(512),
    entryStart: new Int32Array(512),
    entryEnd: new Int32Array(512),
    entryHash: new Int32Array(512),
    size: 0,
    strings: new Map<string, number>(),
  };
}

let interner = keyInterner();

/** Readies the interner for a diff of at most `units` units in all, over the normalised texts of both sides. */
function resetInterner(units: number, beforeText: string, afterText: string): void {
  let slots = interner.slots.length;
  while (slots < 2 * units + 2) slots *= 2;
  if (slots !== interner.slots.length) interner.slots = new Int32Array(slots);
  else interner.slots.fill(0);
  if (interner.entryStart.length <= units) {
    const size = Math.max(units + 1, 2 * interner.entryStart.length);
    interner.entrySide = new Uint8Array(size);
    interner.entryStart = new Int32Array(size);
    interner.entryEnd = new Int32Array(size);
    interner.entryHash = new Int32Array(size);
  }
  interner.texts[0] = beforeText;
  interner.texts[1] = afterText;
  // Id 0 is the key of every whitespace unit (' '), whatever its text.
  interner.size = 1;
  interner.strings.clear();
}

/** The id of the key `text[start, end)` of side `side` (0 before, 1 after); a lone space is the whitespace key. */
function internRange(side: number, text: string, start: number, end: number): number {
  if (end - start === 1 && text.charCodeAt(start) === 32) return 0;
  let hash = 0x811c9dc5 ^ (end - start);
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  const { slots, entrySide, entryStart, entryEnd, entryHash, texts } = interner;
  const mask = slots.length - 1;
  for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
    const id = (slots[slot] as number) - 1;
    if (id < 0) {
      const fresh = interner.size++;
      slots[slot] = fresh + 1;
      entrySide[fresh] = side;
      entryStart[fresh] = start;
      entryEnd[fresh] = end;
      entryHash[fresh] = hash;
      return fresh;
    }
    if (entryHash[id] !== hash) continue;
    const otherStart = entryStart[id] as number;
    if ((entryEnd[id] as number) - otherStart !== end - start) continue;
    const other = texts[entrySide[id] as number] as string;
    let same = true;
    for (let i = 0; i < end - start && same; i++)
      same = text.charCodeAt(start + i) === other.charCodeAt(otherStart + i);
    if (same) return id;
  }
}

/** The id of a key string (under the key options); ' ' is the whitespace key, as in `internRange`. */
function internString(key: string): number {
  if (key === ' ') return 0;
  let id = interner.strings.get(key);
  if (id === undefined) {
    id = interner.size++;
    interner.strings.set(key, id);
  }
  return id;
}

const SENTENCE_END = /[.!?。！？]["'”’」』)）]*\s*$/;
const CASE_OPTIONS = { ignoreCase: true };

/** Builds the comparison units of one tokenised side, interning their keys (see `interner`). */
function buildUnits(storage: SideStorage, side: number, text: string, options: DiffOptions): Units {
  const tokens = storage.tokens;
  const glue = options.ignorePunctuation === true;
  reserveUnits(storage, tokens.count);
  const { firstToken, keys, weightPrefix, space, word } = storage;
  const { normalized, normalizedStarts, filler } = tokens;
  // Under `ignorePunctuation` a unit is a word with the fillers after it (fillers before the first word join that
  // word); otherwise every token is a unit.
  let count = 0;
  let seenWord = false;
  for (let t = 0; t < tokens.count; t++) {
    const isWord = filler[t] === 0;
    if (!glue || t === 0 || (isWord && seenWord)) firstToken[count++] = t;
    if (isWord) seenWord = true;
  }
  firstToken[count] = tokens.count;
  const wordOptions = { ignoreCase: options.ignoreCase === true, ignorePunctuation: true };
  let words = 0;
  weightPrefix[0] = 0;
  for (let u = 0; u < count; u++) {
    const first = firstToken[u] as number;
    const last = (firstToken[u + 1] as number) - 1;
    const normStart = normalizedStarts[first] as number;
    const normEnd = normalizedStarts[last + 1] as number;
    let wordToken = -1;
    for (let t = first; t <= last && wordToken < 0; t++) if (filler[t] === 0) wordToken = t;
    let isSpace = wordToken < 0;
    for (let i = normStart; i < normEnd && isSpace; i++) isSpace = isJavaScriptSpace(normalized.charCodeAt(i));
    let id: number;
    let keyLength: number;
    if (glue) {
      const key =
        wordToken < 0
          ? ''
          : normalizeKey(
              normalized.slice(normalizedStarts[wordToken] as number, normalizedStarts[wordToken + 1] as number),
              wordOptions,
            );
      id = internString(key);
      keyLength = key.length;
    } else if (isSpace) {
      id = 0;
      keyLength = 1;
    } else if (options.ignoreCase === true) {
      const key = normalizeKey(normalized.slice(normStart, normEnd), CASE_OPTIONS);
      id = internString(key);
      keyLength = key.length;
    } else {
      id = internRange(side, normalized, normStart, normEnd);
      keyLength = normEnd - normStart;
    }
    keys[u] = id;
    weightPrefix[u + 1] = (weightPrefix[u] as number) + Math.max(1, keyLength);
    space[u] = isSpace ? 1 : 0;
    word[u] = wordToken < 0 ? 0 : 1;
    if (wordToken >= 0) words++;
  }
  return {
    text,
    tokens,
    count,
    firstToken,
    sequence: { keys: keys.subarray(0, count), weightPrefix, space, word },
    words,
  };
}

/** The original text of units [start, end). */
function sliceUnits(units: Units, start: number, end: number): string {
  if (end <= start) return '';
  const { starts } = units.tokens;
  return units.text.slice(
    starts[units.firstToken[start] as number] as number,
    starts[units.firstToken[end] as number] as number,
  );
}

/** Whether unit `index` opens a sentence: nothing but whitespace before it, or a sentence end. */
function opensSentence(units: Units, index: number): boolean {
  for (let i = index - 1; i >= 0; i--) {
    if (units.sequence.space[i] === 1) continue;
    const { normalized, normalizedStarts } = units.tokens;
    const norm = normalized.slice(
      normalizedStarts[units.firstToken[i] as number] as number,
      normalizedStarts[units.firstToken[i + 1] as number] as number,
    );
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

/**
 * The words of units [start, end) for the significance rules: read from the side's tokens when cutting them out
 * tokenises the same (`tokensSurviveCutting`), else by tokenising `text`, the units' text, as `classifyEdit` does.
 */
function unitWords(
  units: Units,
  start: number,
  end: number,
  text: string,
  context: SignificanceContext,
): readonly EditWord[] {
  units.cuttable ??= tokensSurviveCutting(units.text, units.tokens.normalized);
  if (!units.cuttable) return editWords(text, context);
  const from = end <= start ? 0 : (units.firstToken[start] as number);
  const to = end <= start ? 0 : (units.firstToken[end] as number);
  return tokenWords(units.tokens, from, to, context.atSentenceStart === true);
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
    const context: SignificanceContext = locale === undefined ? { atSentenceStart } : { atSentenceStart, locale };
    const significance: Significance = classifyEditWords(
      deleted,
      inserted,
      unitWords(before, segment.oldStart, segment.oldEnd, deleted, context),
      unitWords(after, segment.newStart, segment.newEnd, inserted, context),
    );
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
  const beforeTokens = tokenBoundariesInto(beforeStorage.tokens, oldText, options.locale);
  const afterTokens = tokenBoundariesInto(afterStorage.tokens, newText, options.locale);
  resetInterner(beforeTokens.count + afterTokens.count, beforeTokens.normalized, afterTokens.normalized);
  const before = buildUnits(beforeStorage, 0, oldText, options);
  const after = buildUnits(afterStorage, 1, newText, options);
  const maxTokens = options.maxTokens ?? DEFAULT_MAX_TOKENS;
  const overBudget = before.count > maxTokens || after.count > maxTokens;
  const script = diffSequences(
    before.sequence.keys,
    after.sequence.keys,
    overBudget ? 0 : (options.maxEditDistance ?? DEFAULT_MAX_EDIT_DISTANCE),
  );
  const segments = cleanupSemantic(segmentsFromRuns(script.runs), before.sequence, after.sequence);
  const diff: WordDiff = {
    status: script.status,
    changes: toChanges(segments, before, after, options.locale),
    matchedWords: countMatchedWords(script.runs, before),
    oldWords: before.words,
    newWords: after.words,
  };
  if (beforeTokens.count + afterTokens.count > RETAINED_UNITS) {
    beforeStorage = sideStorage();
    afterStorage = sideStorage();
    interner = keyInterner();
  } else {
    beforeStorage.tokens = keptTokenBuffer(beforeStorage.tokens);
    afterStorage.tokens = keptTokenBuffer(afterStorage.tokens);
  }
  return diff;
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
