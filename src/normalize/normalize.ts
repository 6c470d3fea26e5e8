/**
 * Text normalisation as small, named, position-keeping passes.
 *
 * Editions of the same official text differ in ways a reader does not care about: curly or straight quotes, dash
 * styles, no-break spaces, soft hyphens left by typesetting, full-width Latin letters and digits in Japanese
 * documents. Each pass folds one such difference. Passes are regular expressions with a replacement, so the fast
 * key path (`normalizeKey`, native `String.prototype.replace`) and the offset-keeping path (`normalize`) share one
 * definition and cannot drift apart. Every output character of `normalize` remembers the input offset it came from,
 * so a diff computed on normalised text can be shown on the original text.
 *
 * Folding is deliberately narrower than Unicode NFKC (UAX #15): NFKC would also rewrite circled numbers, unit
 * squares (㍻ → 平成) and other compatibility characters that carry meaning in Japanese typesetting, so only the
 * width forms (U+FF01–U+FFEE), Latin ligatures and canonical composition of combining marks are folded.
 */

/** What to ignore beyond the always-on folds (quotes, dashes, spaces, invisibles, width, whitespace runs). */
export interface NormalizeOptions {
  /** Fold letter case (locale-independent lower-casing). */
  ignoreCase?: boolean;
  /** Remove punctuation (Unicode general category P). */
  ignorePunctuation?: boolean;
  /** Remove whitespace entirely instead of collapsing each run to one space. */
  ignoreWhitespace?: boolean;
}

/** One named normalisation step: every match of `pattern` is replaced by `replace(match)`. */
export interface NormalizationPass {
  /** Stable name, for documentation and diagnostics. */
  readonly name: string;
  /** What the pass folds, in one line. */
  readonly description: string;
  /** Global regular expression selecting what the pass rewrites. */
  readonly pattern: RegExp;
  /** The replacement of one match (may be shorter or longer than the match, or empty). */
  readonly replace: (match: string) => string;
  /** Whether the pass runs under the given options (always-on passes return true). */
  readonly enabled: (options: NormalizeOptions) => boolean;
}

const always = (): boolean => true;

const SINGLE_QUOTES = '\u2018\u2019\u201A\u201B\u2032\u2039\u203A';

/** Canonical composition of a letter and its combining marks (NFC applied to the match only). */
// biome-ignore lint/suspicious/noMisleadingCharacterClass: the class deliberately lists bare combining marks.
const COMPOSE_PATTERN = /[^\u0300-\u036F\u3099\u309A][\u0300-\u036F\u3099\u309A]+/gsu;

/**
 * The passes in the order they run. Order matters for idempotence: width folding runs before composition (a
 * full-width letter may carry a combining mark) and before quote and dash folding (a full-width quote becomes a
 * straight one); whitespace collapsing runs after every pass that can produce a space.
 */
export const NORMALIZATION_PASSES: readonly NormalizationPass[] = [
  {
    name: 'invisibles',
    description: 'remove soft hyphens, zero-width characters, byte order marks and bidirectional marks',
    pattern: /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]+/g,
    replace: () => '',
    enabled: always,
  },
  {
    name: 'width',
    description: 'fold full-width Latin, digits and punctuation, half-width katakana, and Latin ligatures (NFKC)',
    // A half-width katakana may be followed by a half-width (semi-)voiced mark that NFKC composes with it.
    pattern: /[\uFF01-\uFFEE][\uFF9E\uFF9F]?|[\uFB00-\uFB06]/g,
    replace: (match) => match.normalize('NFKC'),
    enabled: always,
  },
  {
    name: 'compose',
    description: 'compose a letter and its combining marks (NFC), so "e\u0301" equals "é"',
    pattern: COMPOSE_PATTERN,
    replace: (match) => match.normalize('NFC'),
    enabled: always,
  },
  {
    name: 'quotes',
    description: 'fold curly, low-9, prime and guillemet quotes to straight quotes',
    pattern: /[\u2018\u2019\u201A\u201B\u2032\u2039\u203A\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g,
    replace: (match) => (SINGLE_QUOTES.includes(match) ? "'" : '"'),
    enabled: always,
  },
  {
    name: 'dashes',
    description: 'fold hyphens, en and em dashes and the minus sign to "-" (the Japanese long vowel ー is kept)',
    pattern: /[\u2010-\u2015\u2212\uFE58\uFE63]/g,
    replace: () => '-',
    enabled: always,
  },
  {
    name: 'spaces',
    description: 'fold no-break, typographic and ideographic spaces to a plain space',
    pattern: /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g,
    replace: () => ' ',
    enabled: always,
  },
  {
    name: 'case',
    description: 'fold letter case (locale-independent lower case)',
    pattern: /\p{Changes_When_Lowercased}+/gu,
    replace: (match) => match.toLowerCase(),
    enabled: (options) => options.ignoreCase === true,
  },
  {
    name: 'punctuation',
    description: 'remove punctuation',
    pattern: /\p{P}+/gu,
    replace: () => '',
    enabled: (options) => options.ignorePunctuation === true,
  },
  {
    name: 'whitespace',
    description: 'collapse each run of whitespace (line breaks included) to one space',
    // Only runs that are not already a single space match, so ordinary prose costs no replacement at all.
    pattern: /\s{2,}|[^\S ]/g,
    replace: () => ' ',
    enabled: (options) => options.ignoreWhitespace !== true,
  },
  {
    name: 'remove-whitespace',
    description: 'remove all whitespace',
    pattern: /\s+/g,
    replace: () => '',
    enabled: (options) => options.ignoreWhitespace === true,
  },
  {
    name: 'recompose',
    description: 'compose again where removing punctuation or whitespace brought a letter next to a combining mark',
    pattern: new RegExp(COMPOSE_PATTERN.source, COMPOSE_PATTERN.flags),
    replace: (match) => match.normalize('NFC'),
    enabled: (options) => options.ignorePunctuation === true || options.ignoreWhitespace === true,
  },
];

/** The result of `normalize`: the normalised text and, for each of its UTF-16 units, the input offset it came from. */
export interface NormalizedText {
  text: string;
  /** offsets[i] is the input offset of output unit i; monotone non-decreasing, each < input length. */
  offsets: Int32Array;
}

const NO_OPTIONS: NormalizeOptions = {};

/**
 * Applies one pass, composing its offset map with `previous` (null meaning identity). Returns null when the pass
 * changed nothing, so untouched text costs no allocation. Exported for the word diff's reference tests.
 */
export function applyPass(
  text: string,
  previous: Int32Array | null,
  pass: NormalizationPass,
): { text: string; offsets: Int32Array } | null {
  const pattern = pass.pattern;
  pattern.lastIndex = 0;
  let match = pattern.exec(text);
  if (match === null) return null;
  const parts: string[] = [];
  // Output may grow (NFKC of a ligature), so size the map generously and trim at the end.
  let offsets = new Int32Array(text.length + 16);
  let length = 0;
  let copiedUpTo = 0;
  const source = (i: number): number => (previous === null ? i : (previous[i] as number));
  const ensure = (extra: number): void => {
    if (length + extra <= offsets.length) return;
    const grown = new Int32Array(Math.max(offsets.length * 2, length + extra));
    grown.set(offsets.subarray(0, length));
    offsets = grown;
  };
  // Unchanged stretches copy their offsets in bulk (a typed-array copy, not a loop per character).
  const copyOffsets = (from: number, to: number): void => {
    ensure(to - from);
    if (previous !== null) offsets.set(previous.subarray(from, to), length);
    else for (let i = from; i < to; i++) offsets[length + i - from] = i;
    length += to - from;
  };
  while (match !== null) {
    const at = match.index;
    const matched = match[0];
    if (at > copiedUpTo) {
      parts.push(text.slice(copiedUpTo, at));
      copyOffsets(copiedUpTo, at);
    }
    const replacement = pass.replace(matched);
    if (replacement.length > 0) {
      parts.push(replacement);
      ensure(replacement.length);
      // Output unit k of the replacement maps to input unit min(k, match length - 1): monotone and in range.
      for (let k = 0; k < replacement.length; k++) offsets[length++] = source(at + Math.min(k, matched.length - 1));
    }
    copiedUpTo = at + matched.length;
    if (matched.length === 0) pattern.lastIndex++;
    match = pattern.exec(text);
  }
  if (copiedUpTo < text.length) {
    parts.push(text.slice(copiedUpTo));
    copyOffsets(copiedUpTo, text.length);
  }
  return { text: parts.join(''), offsets: offsets.subarray(0, length) };
}

/**
 * The passes to run on `text`, as bits of NORMALIZATION_PASSES' indices: every pass when an optional one is asked
 * for, else only the always-on passes `passesNeeded` finds work for (most prose needs none, French its quotes and
 * spaces), so neither form scans a sentence once per pass for nothing.
 */
function passesToRun(text: string, options: NormalizeOptions): number {
  const optional =
    options.ignoreCase === true || options.ignorePunctuation === true || options.ignoreWhitespace === true;
  return optional ? EVERY_PASS : passesNeeded(text);
}

/**
 * Normalises `text` keeping positions; `offsets` is null when no pass changed anything (the identity map).
 * Internal fast path for the tokenizer, which must not allocate for plain text.
 */
export function normalizeWithOptionalOffsets(
  text: string,
  options: NormalizeOptions = NO_OPTIONS,
): { text: string; offsets: Int32Array | null } {
  const needed = passesToRun(text, options);
  let current = text;
  let offsets: Int32Array | null = null;
  if (needed === 0) return { text: current, offsets };
  for (let index = 0; index < NORMALIZATION_PASSES.length; index++) {
    const pass = NORMALIZATION_PASSES[index] as NormalizationPass;
    if (!pass.enabled(options) || (needed & (1 << index)) === 0) continue;
    const result = applyPass(current, offsets, pass);
    if (result === null) continue;
    current = result.text;
    offsets = result.offsets;
  }
  return { text: current, offsets };
}

/** Normalises `text` with the passes `options` enable; offsets[i] is the input offset of output character i. */
export function normalize(text: string, options: NormalizeOptions = NO_OPTIONS): NormalizedText {
  const result = normalizeWithOptionalOffsets(text, options);
  if (result.offsets !== null) return { text: result.text, offsets: result.offsets };
  const identity = new Int32Array(text.length);
  for (let i = 0; i < identity.length; i++) identity[i] = i;
  return { text: result.text, offsets: identity };
}

/** The always-on passes' places in NORMALIZATION_PASSES, by name, for `passesNeeded`. */
const PASS_INDEX = new Map(NORMALIZATION_PASSES.map((pass, index) => [pass.name, index]));
/** Bits of `passesNeeded`: one per always-on pass (bit i is pass i), and every pass at once. */
const bit = (name: string): number => 1 << (PASS_INDEX.get(name) as number);
const INVISIBLES = bit('invisibles');
const COMPOSE = bit('compose');
const QUOTES = bit('quotes');
const DASHES = bit('dashes');
const SPACES = bit('spaces');
const WHITESPACE = bit('whitespace');
const EVERY_PASS = -1;

/**
 * Which always-on passes could rewrite `text`, as bits (0: none): one scan, where running every pass's replace over
 * every unit of a 2 MB edition costs several (German text trips the quote pass on every „…“, and then ran all
 * seven). A pass's bit is set when a character its pattern looks for occurs, or when an earlier pass can produce
 * one: removing an invisible or folding a space can bring two spaces together (whitespace), and width folding
 * (NFKC) can produce almost anything, so it asks for every pass. Composition makes letters, and quote and dash
 * folding make ASCII, which no later pass looks for. The bits may ask for a pass that then changes nothing, never
 * leave out one that would change something, so the passes they select give what running all of them gives.
 */
function passesNeeded(text: string): number {
  let needed = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x7f) {
      if (c > 0x20) continue;
      // A single space is already normal; two in a row, or a tab or line break, is a run to collapse. Other
      // control characters are left as they are by every pass.
      if (c === 0x20 ? text.charCodeAt(i + 1) === 0x20 : c >= 0x09 && c <= 0x0d) needed |= WHITESPACE;
      continue;
    }
    if (c < 0xa0) continue;
    if (c === 0xa0) needed |= SPACES | WHITESPACE;
    else if (c === 0xad) needed |= INVISIBLES | WHITESPACE;
    else if (c === 0xab || c === 0xbb) needed |= QUOTES;
    else if (c < 0x300) continue;
    else if (c <= 0x36f) needed |= COMPOSE;
    else if (c < 0x1680) continue;
    else if (c === 0x1680) needed |= SPACES | WHITESPACE;
    else if (c === 0x180e) needed |= INVISIBLES | WHITESPACE;
    else if (c < 0x2000) continue;
    else if (c <= 0x200a) needed |= SPACES | WHITESPACE;
    else if (c <= 0x200f) needed |= INVISIBLES | WHITESPACE;
    else if (c <= 0x2015) needed |= DASHES;
    else if (c >= 0x2018 && c <= 0x201f) needed |= QUOTES;
    else if (c === 0x2028 || c === 0x2029) needed |= WHITESPACE;
    else if (c >= 0x202a && c <= 0x202e) needed |= INVISIBLES | WHITESPACE;
    else if (c === 0x202f || c === 0x205f) needed |= SPACES | WHITESPACE;
    else if (c === 0x2032 || c === 0x2033 || c === 0x2039 || c === 0x203a) needed |= QUOTES;
    else if ((c >= 0x2060 && c <= 0x2064) || (c >= 0x2066 && c <= 0x2069)) needed |= INVISIBLES | WHITESPACE;
    else if (c === 0x2212) needed |= DASHES;
    else if (c === 0x3000) needed |= SPACES | WHITESPACE;
    else if (c === 0x3099 || c === 0x309a) needed |= COMPOSE;
    else if (c === 0xfe58 || c === 0xfe63) needed |= DASHES;
    else if (c === 0xfeff) needed |= INVISIBLES | WHITESPACE;
    else if ((c >= 0xfb00 && c <= 0xfb06) || (c >= 0xff01 && c <= 0xffee)) return EVERY_PASS;
  }
  return needed;
}

/**
 * Whether normalising `text` at most replaces characters one for one (quotes, dashes, spaces) and collapses runs of
 * whitespace to one space: no character removed, composed or width-folded. Then a stretch of `text` that neither
 * starts nor ends inside a run of whitespace normalises to the matching stretch of the normalised whole.
 */
export function normalizesLocally(text: string): boolean {
  return (passesNeeded(text) & ~(QUOTES | DASHES | SPACES | WHITESPACE)) === 0;
}

/** Normalises `text` without an offset map: the fast form used for hashing and comparing units. */
export function normalizeKey(text: string, options: NormalizeOptions = NO_OPTIONS): string {
  const needed = passesToRun(text, options);
  if (needed === 0) return text;
  let current = text;
  for (let index = 0; index < NORMALIZATION_PASSES.length; index++) {
    const pass = NORMALIZATION_PASSES[index] as NormalizationPass;
    if (!pass.enabled(options) || (needed & (1 << index)) === 0) continue;
    pass.pattern.lastIndex = 0;
    current = current.replace(pass.pattern, pass.replace);
  }
  return current;
}

/** Collapses every run of whitespace (line breaks included) to one space and trims both ends. */
export function foldWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
