/**
 * Word tokenisation following Unicode word boundaries (UAX #29) through `Intl.Segmenter`, which also gives
 * dictionary-based words for Japanese and Chinese.
 *
 * Boundaries are found on the normalised text (`normalize` with default options) and mapped back to the input, so
 * a no-break space, a soft hyphen or a full-width digit never changes where words break: both editions of a text
 * break the same way whatever their typography. Tokens are slices of the input and concatenate back to it exactly.
 *
 * Cost: on Node 20, `Intl.Segmenter` is quadratic in the length of the string it segments and costs about a
 * microsecond per segment. Input is therefore segmented in chunks of at most `CHUNK_LIMIT` characters cut at
 * whitespace, and chunks of ASCII and Latin letters (most English, French and German text) take a fast path that
 * implements the UAX #29 rules restricted to those characters (the tests check it against the segmenter).
 */
import type { LineIndex } from '../model/position.js';
import type { SentenceNode, WordNode } from '../model/tree.js';
import { normalizesLocally, normalizeWithOptionalOffsets } from './normalize.js';

/** A token: a word, or a run of whitespace, or a punctuation mark; `start`/`end` are offsets into the input. */
export interface Token {
  text: string;
  start: number;
  end: number;
  /** True for whitespace and punctuation, which carry no meaning on their own. */
  filler: boolean;
}

/** A token together with its normalised text, as the word diff needs it. */
export interface NormalizedToken extends Token {
  /** The token's text after the default normalisation passes (quotes, dashes, spaces, width, whitespace runs). */
  normalized: string;
}

/** Locale used when none is given: fixed, so results never depend on the machine's default locale. */
export const DEFAULT_LOCALE = 'en';

/** Longest string handed to `Intl.Segmenter` in one call (it is quadratic in string length on Node 20). */
export const CHUNK_LIMIT = 1000;

const segmenters = new Map<string, Intl.Segmenter>();

/** One cached word segmenter per locale: constructing a segmenter is far slower than using one. */
function wordSegmenter(locale: string): Intl.Segmenter {
  let segmenter = segmenters.get(locale);
  if (segmenter === undefined) {
    segmenter = new Intl.Segmenter(locale, { granularity: 'word' });
    segmenters.set(locale, segmenter);
  }
  return segmenter;
}

/** Sink receiving segment boundaries: the segment's start offset and whether it is a word. */
export type SegmentSink = (start: number, wordLike: boolean) => void;

/** Segments `text[from, to)` with the Intl segmenter, reporting absolute starts; keeps no segment objects. */
function segmentWithIntl(text: string, from: number, to: number, locale: string, sink: SegmentSink): void {
  const chunk = from === 0 && to === text.length ? text : text.slice(from, to);
  for (const segment of wordSegmenter(locale).segment(chunk)) {
    sink(from + segment.index, segment.isWordLike === true);
  }
}

/** Character classes of UAX #29 word breaking (as ICU implements them) for ASCII and Latin letters. */
const AsciiClass = {
  Other: 0,
  Letter: 1,
  Numeric: 2,
  ExtendNumLet: 3,
  /** ':' joins letters only. */
  MidLetter: 4,
  /** '.' and "'" join letters or digits. */
  MidNumLet: 5,
  /** ',' and ';' join digits only. */
  MidNum: 6,
  Space: 7,
  CarriageReturn: 8,
  LineFeed: 9,
} as const;

type AsciiClass = (typeof AsciiClass)[keyof typeof AsciiClass];

function classifyLatin(ch: string): AsciiClass {
  if (/[A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F]/.test(ch)) return AsciiClass.Letter;
  if (/[0-9]/.test(ch)) return AsciiClass.Numeric;
  switch (ch) {
    case '_':
      return AsciiClass.ExtendNumLet;
    case ':':
      return AsciiClass.MidLetter;
    case '.':
    case "'":
      return AsciiClass.MidNumLet;
    case ',':
    case ';':
      return AsciiClass.MidNum;
    case ' ':
      return AsciiClass.Space;
    case '\r':
      return AsciiClass.CarriageReturn;
    case '\n':
      return AsciiClass.LineFeed;
    default:
      return AsciiClass.Other;
  }
}

/** Classes of U+0000–U+024F (Basic Latin to Latin Extended-B); the fast path only sees the supported ones. */
const LATIN_CLASSES = new Uint8Array(0x250);
for (let c = 0; c < 0x250; c++) LATIN_CLASSES[c] = classifyLatin(String.fromCharCode(c));

const asciiClass = (text: string, i: number): AsciiClass => LATIN_CLASSES[text.charCodeAt(i)] as AsciiClass;

/**
 * UAX #29 word boundaries for text of printable ASCII, Latin letters (U+00C0–U+024F), § and °, equal to the Intl
 * segmenter's result (rules WB3, WB3d, WB5–WB13b; the other rules concern characters this path never sees).
 */
function segmentAscii(text: string, from: number, to: number, sink: SegmentSink): void {
  let i = from;
  while (i < to) {
    const start = i;
    const kind = asciiClass(text, i);
    if (kind === AsciiClass.Letter || kind === AsciiClass.Numeric || kind === AsciiClass.ExtendNumLet) {
      let last = kind;
      i++;
      while (i < to) {
        const next = asciiClass(text, i);
        if (next === AsciiClass.Letter || next === AsciiClass.Numeric || next === AsciiClass.ExtendNumLet) {
          last = next;
          i++;
          continue;
        }
        // WB6/WB7 (letter mid letter) and WB11/WB12 (digit mid digit): a joiner between two of the same kind.
        if (i + 1 < to && (last === AsciiClass.Letter || last === AsciiClass.Numeric)) {
          const after = asciiClass(text, i + 1);
          const joinsLetters = last === AsciiClass.Letter && after === AsciiClass.Letter;
          const joinsDigits = last === AsciiClass.Numeric && after === AsciiClass.Numeric;
          if (
            (joinsLetters && (next === AsciiClass.MidLetter || next === AsciiClass.MidNumLet)) ||
            (joinsDigits && (next === AsciiClass.MidNum || next === AsciiClass.MidNumLet))
          ) {
            i += 2;
            last = after;
            continue;
          }
        }
        break;
      }
      // ICU quirk, matched on purpose: a lone "_" is not word-like, though "__" and "a_" are.
      sink(start, !(i - start === 1 && kind === AsciiClass.ExtendNumLet));
    } else if (kind === AsciiClass.Space) {
      while (i < to && asciiClass(text, i) === AsciiClass.Space) i++;
      sink(start, false);
    } else if (kind === AsciiClass.CarriageReturn && i + 1 < to && asciiClass(text, i + 1) === AsciiClass.LineFeed) {
      i += 2;
      sink(start, false);
    } else {
      i++;
      sink(start, false);
    }
  }
}

/** Anything the fast path does not cover (combining marks, CJK, other scripts…) sends a chunk to Intl. */
const NEEDS_INTL = /[^\t\n\r -~\u00A7\u00B0\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F]/;

/**
 * Where to end the chunk starting at `from`: at most `CHUNK_LIMIT` characters on, just before a whitespace
 * character (a word boundary in every script), else after a sentence-ending mark, else at a code point boundary.
 */
function chunkEnd(text: string, from: number): number {
  const limit = from + CHUNK_LIMIT;
  if (limit >= text.length) return text.length;
  const floor = from + (CHUNK_LIMIT >> 1);
  for (let i = limit; i > floor; i--) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) return i;
  }
  for (let i = limit; i > floor; i--) {
    const c = text.charCodeAt(i - 1);
    if (c === 0x3002 || c === 0xff01 || c === 0xff1f || c === 0x21 || c === 0x3f) return i;
  }
  const c = text.charCodeAt(limit);
  return c >= 0xdc00 && c <= 0xdfff ? limit - 1 : limit;
}

/**
 * Reports every segment of `text`, chunk by chunk, choosing the Latin fast path where it applies; exported for the
 * reference `tokenBoundaries` of the property tests (src/diff/fixtures/reference/tokenize.ts).
 */
export function segmentAll(text: string, locale: string, sink: SegmentSink): void {
  let from = 0;
  while (from < text.length) {
    const to = chunkEnd(text, from);
    const chunk = from === 0 && to === text.length ? text : text.slice(from, to);
    if (NEEDS_INTL.test(chunk)) segmentWithIntl(text, from, to, locale, sink);
    else segmentAscii(text, from, to, sink);
    from = to;
  }
}

/**
 * Token boundaries in compact form, without an object per token: what the word diff needs on long input.
 * Token i spans input [starts[i], starts[i + 1]) and normalised text [normalizedStarts[i], normalizedStarts[i + 1]).
 */
export interface TokenBoundaries {
  /** The input after the default normalisation passes. */
  normalized: string;
  count: number;
  /** count + 1 input offsets; starts[count] is the input length. */
  starts: Int32Array;
  /** count + 1 offsets into `normalized`; the last is its length. */
  normalizedStarts: Int32Array;
  /** 1 for whitespace and punctuation tokens. */
  filler: Uint8Array;
}

/**
 * Token boundaries written into reusable storage: the arrays may be longer than the tokens, and only their first
 * count (+ 1) entries belong to the last text tokenised into them. The word diff tokenises thousands of sentences
 * per comparison; typed arrays sized to each would be as many off-heap allocations for the garbage collector.
 */
export type TokenBuffer = TokenBoundaries;

/** An empty token buffer, for `tokenBoundariesInto`. */
export function tokenBuffer(): TokenBuffer {
  return {
    normalized: '',
    count: 0,
    starts: new Int32Array(256),
    normalizedStarts: new Int32Array(256),
    filler: new Uint8Array(256),
  };
}

/** Past this capacity, a buffer grown by a long text is let go rather than kept for the next (`keptTokenBuffer`). */
const RETAINED_CAPACITY = 1 << 16;

/** `buffer`, or an empty one when a long text grew `buffer` past what is worth keeping between texts. */
export function keptTokenBuffer(buffer: TokenBuffer): TokenBuffer {
  return buffer.starts.length > RETAINED_CAPACITY ? tokenBuffer() : buffer;
}

/** Storage of the public `tokenBoundaries`, which copies its result out. */
let sharedBuffer = tokenBuffer();

/**
 * Finds the token boundaries of `text` (one sentence or paragraph; longer input is chunked). Consecutive
 * whitespace segments merge into one token; characters removed by normalisation (soft hyphens, zero-width
 * spaces) belong to the token before them, or to the first token at the very start.
 */
export function tokenBoundaries(text: string, locale: string = DEFAULT_LOCALE): TokenBoundaries {
  const { normalized, count, starts, normalizedStarts, filler } = tokenBoundariesInto(sharedBuffer, text, locale);
  const result = {
    normalized,
    count,
    starts: starts.slice(0, count + 1),
    normalizedStarts: normalizedStarts.slice(0, count + 1),
    filler: filler.slice(0, count),
  };
  sharedBuffer = keptTokenBuffer(sharedBuffer);
  return result;
}

/** `tokenBoundaries` of `text` written into `buffer` (grown when too small), which it returns. */
export function tokenBoundariesInto(buffer: TokenBuffer, text: string, locale: string = DEFAULT_LOCALE): TokenBuffer {
  const { text: normalized, offsets } = normalizeWithOptionalOffsets(text);
  buffer.normalized = normalized;
  // Every token holds at least one normalised character, which bounds the count; an input made only of removed
  // characters is one token.
  const capacity = Math.max(normalized.length, 1) + 1;
  if (buffer.starts.length < capacity) {
    const size = Math.max(capacity, 2 * buffer.starts.length);
    buffer.starts = new Int32Array(size);
    buffer.normalizedStarts = new Int32Array(size);
    buffer.filler = new Uint8Array(size);
  }
  const { starts, normalizedStarts, filler } = buffer;
  if (normalized.length === 0) {
    // Empty input has no token; input made only of removed characters is one filler token.
    const count = text.length === 0 ? 0 : 1;
    buffer.count = count;
    starts[0] = 0;
    starts[count] = text.length;
    normalizedStarts[0] = 0;
    normalizedStarts[count] = 0;
    filler[0] = 1;
    return buffer;
  }
  let count = 0;
  segmentAll(normalized, locale, (start, wordLike) => {
    // Normalisation collapses whitespace runs to one space, but a chunk boundary may still split a run: merge.
    if (
      count > 0 &&
      !wordLike &&
      filler[count - 1] === 1 &&
      normalized.charCodeAt(start) === 32 &&
      normalized.charCodeAt(start - 1) === 32
    ) {
      return;
    }
    normalizedStarts[count] = start;
    filler[count] = wordLike ? 0 : 1;
    count++;
  });
  normalizedStarts[count] = normalized.length;
  starts[0] = 0;
  for (let t = 1; t < count; t++) {
    const at = normalizedStarts[t] as number;
    starts[t] = offsets === null ? at : (offsets[at] as number);
  }
  starts[count] = text.length;
  buffer.count = count;
  return buffer;
}

/**
 * Whether each stretch of `text` from one token boundary to another tokenises, on its own, into exactly the tokens
 * it spans in `text`, with the same normalised texts: so a part of a diffed sentence can be read from the
 * sentence's tokens instead of being tokenised again. Sure when no chunking or Intl segmentation is involved and
 * normalisation is local (`normalizesLocally`): the Latin fast path decides each break from the characters up to
 * the next token's start, and a token boundary never falls inside a run of whitespace.
 */
export function tokensSurviveCutting(text: string, normalized: string): boolean {
  return normalized.length <= CHUNK_LIMIT && !NEEDS_INTL.test(normalized) && normalizesLocally(text);
}

/** Tokenises `text` like `tokenize` and also returns each token's normalised text. */
export function tokenizeNormalized(text: string, locale: string = DEFAULT_LOCALE): NormalizedToken[] {
  const { normalized, count, starts, normalizedStarts, filler } = tokenBoundaries(text, locale);
  const tokens: NormalizedToken[] = [];
  for (let t = 0; t < count; t++) {
    const start = starts[t] as number;
    const end = starts[t + 1] as number;
    tokens.push({
      text: text.slice(start, end),
      start,
      end,
      filler: filler[t] === 1,
      normalized: normalized.slice(normalizedStarts[t] as number, normalizedStarts[t + 1] as number),
    });
  }
  return tokens;
}

/** Splits `text` into word, whitespace and punctuation tokens that concatenate back to `text` exactly. */
export function tokenize(text: string, locale: string = DEFAULT_LOCALE): Token[] {
  const { count, starts, filler } = tokenBoundaries(text, locale);
  const tokens: Token[] = [];
  for (let t = 0; t < count; t++) {
    const start = starts[t] as number;
    const end = starts[t + 1] as number;
    tokens.push({ text: text.slice(start, end), start, end, filler: filler[t] === 1 });
  }
  return tokens;
}

/**
 * The word nodes of a sentence. Positions are the sentence's own start offset plus each token's offset, with
 * line/column from `lineIndex` (the index of the whole input); without a line index or a sentence position,
 * nodes carry no position.
 */
export function wordNodes(sentence: SentenceNode, lineIndex?: LineIndex, locale?: string): WordNode[] {
  const base = sentence.position?.start.offset;
  return tokenize(sentence.value, locale).map((token) => {
    const node: WordNode = { type: 'word', value: token.text, filler: token.filler };
    if (base !== undefined && lineIndex !== undefined) {
      node.position = lineIndex.position(base + token.start, base + token.end);
    }
    return node;
  });
}
