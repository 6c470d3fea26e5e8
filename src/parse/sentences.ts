/**
 * A rule-based sentence splitter in the spirit of Punkt (Kiss & Strunk 2006) without the training: a full stop
 * ends a sentence unless the word before it is a known abbreviation or an initial, and no sentence ends inside
 * brackets or quotes. Japanese sentences end after 。！？ and the closing brackets that follow them.
 * One linear pass per block; no per-character objects.
 */
import type { LineIndex } from '../model/position.js';
import type { SentenceNode } from '../model/tree.js';

/** Whether a UTF-16 code unit is white space (including NBSP, U+3000, BOM and line breaks). */
export function isWhiteSpace(code: number): boolean {
  return (
    code === 32 ||
    (code >= 9 && code <= 13) ||
    code === 0xa0 ||
    code === 0x3000 ||
    code === 0xfeff ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x85
  );
}

/** Closing bracket or quote for each opening one. „ closes with “ or ” (German), » and « pair either way. */
const CLOSERS: Record<string, string> = {
  '(': ')',
  '[': ']',
  '{': '}',
  '「': '」',
  '『': '』',
  '（': '）',
  '［': '］',
  '｛': '｝',
  '【': '】',
  '〔': '〕',
  '〈': '〉',
  '《': '》',
  '“': '”',
  '„': '“”',
  '«': '»',
  '»': '«',
};
/** Quotes whose imbalance is worth a diagnostic; unmatched parentheses are common in item labels like "a)". */
const QUOTES = new Set(['“', '”', '„', '「', '」', '『', '』', '«', '»'].map((quote) => quote.charCodeAt(0)));
/** Bit 1: the code unit opens a pair; bit 2: it closes one. A table keeps the per-character test to one load. */
const BRACKET_ROLE = new Uint8Array(0x10000);
for (const [opener, closers] of Object.entries(CLOSERS)) {
  const code = opener.charCodeAt(0);
  BRACKET_ROLE[code] = (BRACKET_ROLE[code] as number) | 1;
  for (const closer of closers) {
    const closing = closer.charCodeAt(0);
    BRACKET_ROLE[closing] = (BRACKET_ROLE[closing] as number) | 2;
  }
}
/** How far down the bracket stack a closer looks for its opener before it is declared unmatched. */
const STACK_SEARCH = 16;
/** Each opener's closers as `opener * 0x10000 + closer`: a pair is checked on code units, without strings. */
const PAIRS = new Set<number>();
for (const [opener, closers] of Object.entries(CLOSERS))
  for (const closer of closers) PAIRS.add(opener.charCodeAt(0) * 0x10000 + closer.charCodeAt(0));

/** Result of pairing brackets and quotes in one text. */
export interface BracketScan {
  /** +1 at a matched opener, -1 at its closer, 0 elsewhere; summing a prefix gives the nesting depth. */
  roles: Int8Array;
  /** Offsets of quote characters without a partner, in order. */
  unmatchedQuotes: number[];
}

/**
 * Pairs brackets and quotes with a stack. A closer pairs with the nearest compatible opener (openers above it
 * are left unmatched); a closer with no opener, and openers left at the end, are unmatched. Linear time.
 */
export function scanBrackets(text: string): BracketScan {
  const roles = new Int8Array(text.length);
  return { roles, unmatchedQuotes: pairBrackets(text, roles) };
}

/**
 * scanBrackets' pairing: writes +1 and -1 at the matched pairs into `roles` (zero over the text's length, or null
 * when only the quotes are wanted) and returns the offsets of unmatched quotes, in order.
 */
function pairBrackets(text: string, roles: Int8Array | null): number[] {
  const unmatchedQuotes: number[] = [];
  const stack: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const role = BRACKET_ROLE[code] as number;
    if (role === 0) continue;
    if (role & 2) {
      let found = -1;
      for (let k = stack.length - 1; k >= 0 && k >= stack.length - STACK_SEARCH; k--) {
        if (PAIRS.has(text.charCodeAt(stack[k] as number) * 0x10000 + code)) {
          found = k;
          break;
        }
      }
      if (found >= 0) {
        for (let k = found + 1; k < stack.length; k++) {
          const offset = stack[k] as number;
          if (QUOTES.has(text.charCodeAt(offset))) unmatchedQuotes.push(offset);
        }
        if (roles !== null) {
          roles[stack[found] as number] = 1;
          roles[i] = -1;
        }
        stack.length = found;
        continue;
      }
      if (!(role & 1)) {
        if (QUOTES.has(code)) unmatchedQuotes.push(i);
        continue;
      }
    }
    stack.push(i);
  }
  for (const offset of stack) if (QUOTES.has(text.charCodeAt(offset))) unmatchedQuotes.push(offset);
  if (unmatchedQuotes.length > 1) unmatchedQuotes.sort((a, b) => a - b);
  return unmatchedQuotes;
}

/** The offsets of the quotes of `text` without a partner, in order (scanBrackets' `unmatchedQuotes` alone). */
export function unmatchedQuotes(text: string): number[] {
  return pairBrackets(text, null);
}

/**
 * A roles array shared by the splits of one block after another (zero outside a split): a fresh Int8Array per
 * block, off the heap beyond 64 bytes, was a large share of a long edition's garbage collection.
 */
let sharedRoles = new Int8Array(4096);
/** Blocks longer than this get their own roles array, so that one huge block does not stay allocated. */
const SHARED_ROLES_LIMIT = 1 << 16;

/** Abbreviations after which a full stop never ends a sentence (case-sensitive; matched on the word before it). */
const ABBREVIATIONS = new Set([
  'Mr',
  'Mrs',
  'Ms',
  'Dr',
  'Prof',
  'Sr',
  'Jr',
  'St',
  'Mt',
  'No',
  'Nos',
  'no',
  'Nr',
  'Art',
  'Abs',
  'Ziff',
  'Buchst',
  'Vol',
  'vol',
  'Fig',
  'fig',
  'pp',
  'vs',
  'cf',
  'ca',
  'approx',
  'Co',
  'Corp',
  'Gen',
  'Gov',
  'Sen',
  'Rep',
  'Rev',
  'Hon',
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Sept',
  'Oct',
  'Nov',
  'Dec',
  'bzw',
  'vgl',
  'ggf',
  'usw',
  'sog',
  'Mme',
  'Mlle',
  'MM',
  'al',
  'resp',
]);

/** Month names (lower case) after which "1." is a German or French ordinal day, not the end of a sentence. */
const MONTHS = new Set(
  (
    'january february march april may june july august september october november december ' +
    'januar februar märz april mai juni juli august september oktober november dezember ' +
    'janvier février mars avril mai juin juillet août septembre octobre novembre décembre'
  ).split(' '),
);

/** Whether a code unit is an ASCII or Latin-1/Latin Extended letter. */
function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || (code >= 0xc0 && code <= 0x24f && code !== 0xd7);
}

/** Whether a code unit is an upper-case letter (ASCII, Latin-1 and Latin Extended-A capitals). */
function isUpper(code: number): boolean {
  if (code >= 65 && code <= 90) return true;
  if (code >= 0xc0 && code <= 0xde && code !== 0xd7) return true;
  return code >= 0x100 && code <= 0x17f && code % 2 === 0;
}

/** Whether the full stop at `dot` closes an abbreviation or initial rather than a sentence. */
export function isAbbreviationAt(text: string, dot: number, nextWordStart: number): boolean {
  let start = dot;
  while (start > 0) {
    const code = text.charCodeAt(start - 1);
    if (isLetter(code) || code === 46) start--;
    else break;
  }
  const word = text.slice(start, dot);
  if (word.length === 0) {
    const before = text.charCodeAt(dot - 1);
    if (before >= 48 && before <= 57) {
      // "am 1. Januar", "le 1. mai": an ordinal day before a month name.
      let end = nextWordStart;
      while (end < text.length && isLetter(text.charCodeAt(end))) end++;
      return MONTHS.has(text.slice(nextWordStart, end).toLowerCase());
    }
    return false;
  }
  if (ABBREVIATIONS.has(word)) return true;
  // Initials ("J. Smith") and one-letter abbreviations ("p. 5", "S. 2477").
  if (word.length === 1) return true;
  // Dotted abbreviations: "U.S", "U.K", "e.g", "i.e", "z.B", "U.S.A".
  if (word.includes('.')) return word.split('.').every((part) => part.length <= 2);
  return false;
}

/** Closing quotes and brackets that may follow a sentence's final punctuation ("…end.” Next", "…た。」"). */
const TRAILING_CLOSERS = new Set(
  [')', ']', '}', '」', '』', '）', '］', '】', '〕', '”', '“', '’', '"', "'", '»', '«'].map((c) => c.charCodeAt(0)),
);

/** An item label such as "1", "11b", "IV" or "a" (the part before its full stop). */
const LABEL_BEFORE_DOT = /^(?:\d{1,3}[a-z]?|[IVXivx]{1,5}|[A-Za-z])$/;

/** Whether the text from the sentence start to `dot` is only an item label ("1." in "1.  Inhalt …"). */
function isLabelBefore(text: string, sentenceStart: number, dot: number): boolean {
  let start = sentenceStart;
  while (start < dot && isWhiteSpace(text.charCodeAt(start))) start++;
  return dot - start <= 5 && LABEL_BEFORE_DOT.test(text.slice(start, dot));
}

/** Whether a code unit is a sentence-final mark of Japanese or Chinese text (。！？), which needs no space after. */
function isCjkTerminal(code: number): boolean {
  return code === 0x3002 || code === 0xff01 || code === 0xff1f;
}

/** A sentence span relative to the text that was split, plus quote problems found on the way. */
export interface SentenceSpans {
  /** [start, end) pairs, trimmed of surrounding white space, relative to the split text. */
  spans: number[];
  /** Offsets (relative to the split text) of quotes without a partner. */
  unmatchedQuotes: number[];
}

/** Splits `text` into sentence spans. Linear in the length of `text`. */
export function sentenceSpans(text: string): SentenceSpans {
  const shared = text.length <= SHARED_ROLES_LIMIT;
  if (shared && sharedRoles.length < text.length) sharedRoles = new Int8Array(SHARED_ROLES_LIMIT);
  const roles = shared ? sharedRoles : new Int8Array(text.length);
  const unmatchedQuotes = pairBrackets(text, roles);
  try {
    return { spans: splitSpans(text, roles), unmatchedQuotes };
  } finally {
    if (shared) roles.fill(0, 0, text.length);
  }
}

/** Appends [start, end) to `spans`, trimmed of white space, unless nothing is left. */
function pushTrimmed(text: string, spans: number[], start: number, end: number): void {
  while (start < end && isWhiteSpace(text.charCodeAt(start))) start++;
  while (end > start && isWhiteSpace(text.charCodeAt(end - 1))) end--;
  if (end > start) spans.push(start, end);
}

/** The sentence spans of `text`, given the bracket roles of scanBrackets (read over the text's length only). */
function splitSpans(text: string, roles: Int8Array): number[] {
  const spans: number[] = [];
  let depth = 0;
  let sentenceStart = 0;
  for (let i = 0; i < text.length; i++) {
    depth += roles[i] as number;
    if (depth < 0) depth = 0;
    const code = text.charCodeAt(i);
    const cjk = isCjkTerminal(code);
    if (!cjk && code !== 46 && code !== 33 && code !== 63) continue;
    // Take the whole run of final marks ("?!", "...") and the closers after it.
    let j = i + 1;
    while (j < text.length) {
      const next = text.charCodeAt(j);
      if (next === 46 || next === 33 || next === 63 || isCjkTerminal(next)) j++;
      else break;
    }
    let closedDepth = depth;
    for (let k = i + 1; k < j; k++) closedDepth += roles[k] as number;
    while (j < text.length && TRAILING_CLOSERS.has(text.charCodeAt(j))) {
      closedDepth += roles[j] as number;
      j++;
    }
    if (closedDepth > 0) continue;
    // "（…を含む。以下同じ。）の…" and "「…。」と述べた" continue the sentence: a Japanese stop inside brackets
    // ends a sentence only when the brackets close at a line end or before a space.
    if (cjk && depth > 0 && j < text.length && !isWhiteSpace(text.charCodeAt(j))) continue;
    if (!cjk) {
      if (j < text.length && !isWhiteSpace(text.charCodeAt(j))) continue;
      let next = j;
      while (next < text.length && isWhiteSpace(text.charCodeAt(next))) next++;
      if (next < text.length) {
        const following = text.charCodeAt(next);
        // A following lower-case letter continues the sentence ("etc. and", "U.S. and").
        if (isLetter(following) && !isUpper(following)) continue;
        if (code === 46 && j === i + 1 && (isLabelBefore(text, sentenceStart, i) || isAbbreviationAt(text, i, next)))
          continue;
      }
    }
    pushTrimmed(text, spans, sentenceStart, j);
    for (let k = i + 1; k < j; k++) depth += roles[k] as number;
    if (depth < 0) depth = 0;
    sentenceStart = j;
    i = j - 1;
  }
  pushTrimmed(text, spans, sentenceStart, text.length);
  return spans;
}

/**
 * Splits the text of one block into sentences. `text` is the block's exact input slice, `baseOffset` its offset
 * in the document and `lineIndex` the document's line index; every sentence's `value` is its exact input slice
 * (trimmed of surrounding white space) and its position points back into the document.
 */
export function splitSentences(text: string, baseOffset: number, lineIndex: LineIndex): SentenceNode[] {
  const { spans } = sentenceSpans(text);
  const sentences: SentenceNode[] = [];
  for (let k = 0; k < spans.length; k += 2) {
    const start = spans[k] as number;
    const end = spans[k + 1] as number;
    sentences.push({
      type: 'sentence',
      value: text.slice(start, end),
      position: lineIndex.position(baseOffset + start, baseOffset + end),
    });
  }
  return sentences;
}
