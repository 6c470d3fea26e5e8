/**
 * Phrase matchers for tracing: find every occurrence of a phrase in one unit of text (a block or a heading) and
 * report it as a `[start, end)` range of the ORIGINAL text, whatever the mode searched.
 *
 * - `normalized` (default) searches the text after `normalize()` with case folding, so curly and straight quotes,
 *   dash styles, full-width letters, no-break spaces and line breaks inside a block all match alike; the offset map
 *   of `normalize()` carries each match back to the original characters.
 * - `exact` searches the characters as written.
 * - `regex` runs a user's regular expression on the original text.
 *
 * In `normalized` and `exact` modes a match must start and end at word boundaries where the script separates words
 * with spaces ("act" does not match inside "contract"), while Chinese, Japanese, Thai and other scripts written
 * without spaces match anywhere (「安全保障」 is found inside 安全保障政策). This is the usual concordancer rule
 * (KWIC tools such as AntConc offer "whole word" matching for spaced scripts only).
 *
 * Regular expressions are the user's, and the HTTP API takes them from anyone: a backtracking engine (JavaScript's
 * RegExp) takes exponential time on crafted patterns (ReDoS: `([\w\s]|\w)*#`, `(a|a)*$`) and pure code cannot
 * interrupt it. They run on RE2 instead (RE2JS, a pure-JS port: no native code, no Node imports), which matches in
 * time linear in the text for every pattern it accepts; it refuses backreferences and lookahead, which need
 * backtracking. Finding every match is still a sequence of searches, so each text also gets a work budget (see
 * `REGEX_WORK_PER_CHARACTER`) and is searched over at most `REGEX_UNIT_LIMIT` characters.
 */
import { RE2JS } from 're2js';
import { PalimpsestError } from '../errors/errors.js';
import { normalize } from '../normalize/normalize.js';

/** How a phrase is matched. */
export type TraceMode = 'normalized' | 'exact' | 'regex';

/** Every trace mode, the default first. */
export const TRACE_MODES: readonly TraceMode[] = ['normalized', 'exact', 'regex'];

/** Longest text one regular-expression search runs over; longer blocks are searched sentence by sentence. */
export const REGEX_UNIT_LIMIT = 10_000;

/** Receives one match as a range of the searched (original) text. */
export type MatchSink = (start: number, end: number) => void;

/** A compiled phrase: what it searches for and how. */
export interface PhraseMatcher {
  readonly mode: TraceMode;
  /** What is searched: the normalised phrase, the exact phrase, or the regular expression's source and flags. */
  readonly pattern: string;
  /**
   * Reports each non-overlapping match in `text`, leftmost first. Returns `truncated` when the text was longer than
   * the matcher searches in one go (regex mode only) and its tail was left unsearched.
   */
  find(text: string, sink: MatchSink): 'complete' | 'truncated';
}

/** Options of `compilePhrase`. */
export interface MatcherOptions {
  mode?: TraceMode;
  /** Require word boundaries around matches in scripts that separate words with spaces (default true; not regex). */
  wholeWords?: boolean;
}

/** Scripts written without spaces between words, where no boundary is required. */
const UNSPACED_SCRIPT =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Tibetan}\u30FC\u3005]/u;

/** A letter, digit or mark. */
const WORD_CHARACTER = /[\p{L}\p{N}\p{M}]/u;

/** True when `code` is part of a word in a script that separates words with spaces (so a boundary matters). */
export function isSpacedWordCharacter(code: number): boolean {
  if (code < 0x80) {
    return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
  }
  const character = String.fromCodePoint(code);
  return WORD_CHARACTER.test(character) && !UNSPACED_SCRIPT.test(character);
}

/** The code point that ends just before `index` (NaN at the start). */
function codePointBefore(text: string, index: number): number {
  if (index <= 0) return Number.NaN;
  const low = text.charCodeAt(index - 1);
  if (low >= 0xdc00 && low <= 0xdfff && index >= 2) {
    const high = text.charCodeAt(index - 2);
    if (high >= 0xd800 && high <= 0xdbff) return text.codePointAt(index - 2) as number;
  }
  return low;
}

/** The code point starting at `index` (NaN past the end). */
function codePointAtIndex(text: string, index: number): number {
  return index < text.length ? (text.codePointAt(index) as number) : Number.NaN;
}

/** Whether `text[start, end)` sits on word boundaries (only checked where both sides are spaced-script word characters). */
function onWordBoundaries(text: string, start: number, end: number): boolean {
  const before = codePointBefore(text, start);
  if (
    !Number.isNaN(before) &&
    isSpacedWordCharacter(before) &&
    isSpacedWordCharacter(text.codePointAt(start) as number)
  ) {
    return false;
  }
  const after = codePointAtIndex(text, end);
  return !(!Number.isNaN(after) && isSpacedWordCharacter(after) && isSpacedWordCharacter(codePointBefore(text, end)));
}

/** Options of normalised matching: case folded, every always-on pass (quotes, dashes, width, spaces, whitespace). */
const FOLD = { ignoreCase: true } as const;

/**
 * Text for which the fast fold below is not exactly `normalize()`: invisibles (removed), combining marks (composed),
 * half-width forms past U+FF5E and ligatures (NFKC may change the length), and capital sigma (lower-cased by context).
 */
const NEEDS_FULL_NORMALIZE =
  // biome-ignore lint/suspicious/noMisleadingCharacterClass: the class deliberately lists bare combining marks.
  /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u0300-\u036F\u3099\u309A\uFF5F-\uFFEE\uFB00-\uFB06\u03A3]/;

/** Characters the always-on passes replace one for one: quotes, dashes, spaces, full-width ASCII, other whitespace. */
const ONE_FOR_ONE =
  /[\u2018\u2019\u201A\u201B\u2032\u2039\u203A\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB\u2010-\u2015\u2212\uFE58\uFE63\uFF01-\uFF5E]|[^\S ]/g;

/** Runs of spaces left once every whitespace character is a space. */
const SPACE_RUN = / {2,}/g;

/** The one-for-one replacement of a character matched by ONE_FOR_ONE (after lower-casing). */
function foldOne(character: string): string {
  const code = character.charCodeAt(0);
  if (code >= 0xff01 && code <= 0xff5e) return String.fromCharCode(code - 0xfee0);
  if (code === 0x2018 || code === 0x2019 || code === 0x201a || code === 0x201b || code === 0x2032) return "'";
  if (code === 0x2039 || code === 0x203a) return "'";
  if (code >= 0x2010 && code <= 0x2015) return '-';
  if (code === 0x2212 || code === 0xfe58 || code === 0xfe63) return '-';
  if (/\s/.test(character)) return ' ';
  return '"';
}

/** Text as normalised matching searches it, with the way back to the original offsets. */
export interface FoldedText {
  /** `normalize(original, {ignoreCase: true}).text`. */
  text: string;
  /** The original offset of folded unit `index` (as `normalize()`'s offset map gives it). */
  original(index: number): number;
}

/** The identity map, for text that folded one for one. */
const identity = (index: number): number => index;

/**
 * Folds `text` for normalised matching: the same text and offsets as `normalize(text, {ignoreCase: true})`. Most
 * text (English and Japanese prose) only needs lower-casing, one-for-one replacements and collapsing runs of spaces,
 * which native `toLowerCase` and `replace` do several times faster than the general passes with their offset map;
 * the map is then the identity shifted by the spaces removed before each point. The tests check this fast path
 * against `normalize()`.
 */
export function foldForSearch(text: string): FoldedText {
  if (!NEEDS_FULL_NORMALIZE.test(text)) {
    const lower = text.toLowerCase();
    // Lower-casing that changes the length (İ → i̇) breaks the identity map: take the general path.
    if (lower.length === text.length) {
      ONE_FOR_ONE.lastIndex = 0;
      const single = ONE_FOR_ONE.test(lower) ? lower.replace(ONE_FOR_ONE, foldOne) : lower;
      if (!single.includes('  ')) return { text: single, original: identity };
      // runs holds, per collapsed run, its folded index and the spaces removed up to and including it.
      const runs: number[] = [];
      let removed = 0;
      const collapsed = single.replace(SPACE_RUN, (run: string, at: number) => {
        runs.push(at - removed);
        removed += run.length - 1;
        runs.push(removed);
        return ' ';
      });
      return {
        text: collapsed,
        original(index) {
          // The last run whose single space lies before `index` tells how many spaces were removed before it.
          let lo = 0;
          let hi = runs.length / 2 - 1;
          let shift = 0;
          while (lo <= hi) {
            const mid = (lo + hi) >> 1;
            if ((runs[2 * mid] as number) < index) {
              shift = runs[2 * mid + 1] as number;
              lo = mid + 1;
            } else hi = mid - 1;
          }
          return index + shift;
        },
      };
    }
  }
  const normalized = normalize(text, FOLD);
  const offsets = normalized.offsets;
  return { text: normalized.text, original: (index) => offsets[index] as number };
}

/** Combining marks that `normalize()` composes into the preceding character. */
function isAbsorbedMark(code: number): boolean {
  return (code >= 0x300 && code <= 0x36f) || code === 0x3099 || code === 0x309a || code === 0xff9e || code === 0xff9f;
}

/** The phrase as normalised matching sees it: folded like the text, then trimmed. */
export function normalizePhrase(phrase: string): string {
  return normalize(phrase, FOLD).text.trim();
}

/** Invisibles: removing them joins the characters around them. */
const INVISIBLES = '\\u00AD\\u180E\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF';

/**
 * Characters whose presence lets folding create ASCII letters or digits where the raw text has none: invisibles,
 * full-width letters and digits, Latin ligatures, and the two capitals whose lower case is ASCII (Kelvin sign,
 * dotted capital I).
 */
const ASCII_HAZARD = new RegExp(
  `[${INVISIBLES}\\uFF10-\\uFF19\\uFF21-\\uFF3A\\uFF41-\\uFF5A\\uFB00-\\uFB06\\u212A\\u0130]`,
);

/** Characters whose presence lets folding create kana or kanji: invisibles, voicing marks, half-width katakana. */
const KANA_HAZARD = new RegExp(`[${INVISIBLES}\\u3099\\u309A\\uFF66-\\uFF9F]`);

/** Runs of folded characters that only themselves (or, for ASCII letters, their capitals) fold to. */
const STABLE_RUN = /[a-z0-9\u3041-\u3096\u30A1-\u30FA\u4E00-\u9FFF]{2,}/g;

/** A quick pre-test for one needle: a run of it that folding cannot create from other characters. */
export interface NeedleAnchor {
  /** The run, in folded (lower-case) form. */
  text: string;
  /** Case-insensitive pattern for a run with ASCII letters (no u flag: only ASCII capitals match), else null. */
  pattern: RegExp | null;
  /** Characters that could fold into the run's characters: a text holding one must be folded to be sure. */
  hazard: RegExp;
}

/**
 * The pre-test for a normalised needle: its longest run of stable characters, or null when it has none. A text
 * holding neither the run (up to ASCII case) nor a hazard character cannot contain the needle once folded, so it is
 * skipped unfolded: tracing a rare phrase costs one native scan per unit instead of a fold.
 */
export function needleAnchor(needle: string): NeedleAnchor | null {
  let longest = '';
  for (const run of needle.match(STABLE_RUN) ?? []) if (run.length > longest.length) longest = run;
  if (longest.length === 0) return null;
  const ascii = /[a-z0-9]/.test(longest);
  const kana = /[^a-z0-9]/.test(longest);
  const hazard =
    ascii && kana ? new RegExp(`${ASCII_HAZARD.source}|${KANA_HAZARD.source}`) : ascii ? ASCII_HAZARD : KANA_HAZARD;
  return { text: longest, pattern: /[a-z]/.test(longest) ? new RegExp(longest, 'i') : null, hazard };
}

/** Whether `text` may contain the needle whose anchor is `anchor` once folded (never false when it does). */
export function mayContainFolded(text: string, anchor: NeedleAnchor | null): boolean {
  if (anchor === null) return true;
  const found = anchor.pattern === null ? text.includes(anchor.text) : anchor.pattern.test(text);
  return found || anchor.hazard.test(text);
}

/** A matcher searching the normalised text and mapping matches back through the offset map. */
function normalizedMatcher(phrase: string, wholeWords: boolean): PhraseMatcher {
  const needle = normalizePhrase(phrase);
  if (needle.length === 0)
    throw usage(`The phrase ${JSON.stringify(phrase)} is empty after normalisation: give words to trace.`);
  const anchor = needleAnchor(needle);
  return {
    mode: 'normalized',
    pattern: needle,
    find(text, sink) {
      if (!mayContainFolded(text, anchor)) return 'complete';
      const folded = foldForSearch(text);
      const haystack = folded.text;
      let from = haystack.indexOf(needle);
      while (from >= 0) {
        const last = from + needle.length;
        if (wholeWords && !onWordBoundaries(haystack, from, last)) {
          from = haystack.indexOf(needle, from + 1);
          continue;
        }
        const start = folded.original(from);
        let end = folded.original(last - 1) + 1;
        // A composed character ends after the combining marks folded into it (unless they produced output).
        const next = last < haystack.length ? folded.original(last) : text.length;
        while (end < next && isAbsorbedMark(text.charCodeAt(end))) end++;
        const code = text.charCodeAt(end - 1);
        if (code >= 0xd800 && code <= 0xdbff && end < text.length) end++;
        sink(start, end);
        from = haystack.indexOf(needle, last);
      }
      return 'complete';
    },
  };
}

/** A matcher searching the characters as written. */
function exactMatcher(phrase: string, wholeWords: boolean): PhraseMatcher {
  if (phrase.length === 0) throw usage('The phrase is empty: give words to trace.');
  return {
    mode: 'exact',
    pattern: phrase,
    find(text, sink) {
      let from = text.indexOf(phrase);
      while (from >= 0) {
        const end = from + phrase.length;
        if (wholeWords && !onWordBoundaries(text, from, end)) {
          from = text.indexOf(phrase, from + 1);
          continue;
        }
        sink(from, end);
        from = text.indexOf(phrase, end);
      }
      return 'complete';
    },
  };
}

/** Flags a user may give in `/source/flags` form (RE2 case-insensitive, multi-line, dot-all). */
const USER_FLAGS = /^[ims]*$/;

/** Splits `/source/flags` into its parts; any other string is a bare source. */
export function splitRegexLiteral(phrase: string): { source: string; flags: string } {
  const close = phrase.lastIndexOf('/');
  if (phrase.startsWith('/') && close > 0) {
    const flags = phrase.slice(close + 1);
    if (USER_FLAGS.test(flags)) return { source: phrase.slice(1, close), flags };
  }
  return { source: phrase, flags: '' };
}

/**
 * Work one regex search of a text of `n` characters may do, in characters scanned: `REGEX_WORK_PER_CHARACTER × n +
 * REGEX_WORK_FLOOR`. RE2 runs each search in time linear in the text it scans, but finding every match is a
 * sequence of searches, and a search may scan to the end of the text before it settles on a short match (`[^#]*#|.`
 * on text without `#` scans the whole rest of the text for every one-character match): quadratic in the text. Each
 * search is charged the length of the text left to search, and the matcher stops (marking the text truncated) when
 * the budget runs out, which bounds the work per character of text by a constant. The charge is an upper bound:
 * a pattern with many matches close together in one long text (every word of a 2,000-character paragraph) can run
 * out although its searches were short; the text is then marked truncated, never miscounted silently.
 */
export const REGEX_WORK_PER_CHARACTER = 64;
/** The part of the regex work budget every text gets, so short texts (headings, short paragraphs) never run out. */
export const REGEX_WORK_FLOOR = 16_384;

/**
 * The characters JavaScript's `\s` matches (ECMAScript WhiteSpace and LineTerminator), in RE2 syntax: RE2's own `\s`
 * is ASCII only and would miss the no-break and ideographic spaces of French and Japanese official texts.
 */
const JS_SPACE = '\\t\\n\\v\\f\\r\\p{Zs}\\x{2028}\\x{2029}\\x{FEFF}';

/** `\p{Script=Han}` and its spellings that name the property (RE2 only takes the bare value, `\p{Han}`). */
const PROPERTY_NAME = /^\\[pP]\{(?:Script|sc|General_Category|gc)=/;

/**
 * Rewrites the JavaScript spellings users carry over into RE2 syntax: `\uXXXX` and `\u{X}` to `\x{X}`, `\p{Script=X}`
 * to `\p{X}`, and `\s`/`\S` to the Unicode spaces JavaScript means by them. Refuses what RE2 cannot run in linear time
 * (backreferences and lookahead) with the fix. Everything else is left to RE2's parser.
 */
function toRe2Syntax(source: string): string {
  let out = '';
  let inClass = false;
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      const unicode = /^u(?:([0-9A-Fa-f]{4})|\{([0-9A-Fa-f]{1,6})\})/.exec(source.slice(i + 1, i + 11));
      const property = PROPERTY_NAME.exec(source.slice(i, i + 24));
      if (unicode !== null) {
        out += `\\x{${unicode[1] ?? unicode[2]}}`;
        i += 1 + unicode[0].length;
      } else if (property !== null) {
        out += `\\${next}{`;
        i += property[0].length;
      } else if (next === 's') {
        out += inClass ? JS_SPACE : `[${JS_SPACE}]`;
        i += 2;
      } else if (next === 'S' && !inClass) {
        out += `[^${JS_SPACE}]`;
        i += 2;
      } else if (!inClass && (/[1-9]/.test(next) || source.startsWith('k<', i + 1))) {
        throw unsupported(
          source,
          `a backreference (${/^\\(?:\d+|k<[^>]*>?)/.exec(source.slice(i))?.[0]})`,
          "write the repeated text out, or repeat the group's pattern instead of referring to it",
        );
      } else {
        out += c + next;
        i += 2;
      }
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      i++;
    } else if (c === '[') {
      inClass = true;
      out += c;
      i++;
      // A leading ] (or ^]) is part of the class in RE2 syntax, not its end.
      if (source[i] === '^') out += source[i++];
      if (source[i] === ']') out += source[i++];
    } else if (c === '(' && (source.startsWith('?=', i + 1) || source.startsWith('?!', i + 1))) {
      throw unsupported(
        source,
        `a lookahead (${source.slice(i, i + 3)}…)`,
        'match the text that follows as part of the pattern, or use a lookbehind ((?<=…) or (?<!…)), which RE2 can run',
      );
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** The E_USAGE error for a construct RE2 cannot run, naming the fix. */
function unsupported(source: string, what: string, fix: string): PalimpsestError {
  return usage(
    `The regular expression ${JSON.stringify(source)} uses ${what}, which the linear-time (RE2) engine cannot run: ${fix}.`,
  );
}

/** RE2 flags for the user's `/…/ims` flags; lookbehinds (linear-time in RE2JS) are always allowed. */
function re2Flags(flags: string): number {
  let bits = RE2JS.LOOKBEHINDS;
  if (flags.includes('i')) bits |= RE2JS.CASE_INSENSITIVE;
  if (flags.includes('m')) bits |= RE2JS.MULTILINE;
  if (flags.includes('s')) bits |= RE2JS.DOTALL;
  return bits;
}

/**
 * Compiles a user's pattern with RE2 (RE2JS, a pure-JS port), which matches in time linear in the text whatever the
 * pattern: no pattern can backtrack catastrophically (ReDoS), so none needs to be refused for its shape.
 */
function compileRegex(phrase: string): { regex: RE2JS; source: string; flags: string } {
  const { source, flags } = splitRegexLiteral(phrase);
  if (source.length === 0) throw usage('The regular expression is empty: give a pattern to trace.');
  const translated = toRe2Syntax(source);
  try {
    return { regex: RE2JS.compile(translated, re2Flags(flags)), source, flags };
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).replace(/^error parsing regexp: /, '');
    throw usage(
      `Invalid regular expression ${JSON.stringify(phrase)}: ${reason}. Fix the pattern (RE2 syntax: https://github.com/google/re2/wiki/Syntax), or trace it as a phrase without regex mode.`,
      error,
    );
  }
}

/** A matcher running a user's regular expression over the original text. */
function regexMatcher(phrase: string): PhraseMatcher {
  const { regex, source, flags } = compileRegex(phrase);
  return {
    mode: 'regex',
    pattern: `/${source}/${flags}`,
    find(text, sink) {
      const searched = text.length > REGEX_UNIT_LIMIT ? text.slice(0, REGEX_UNIT_LIMIT) : text;
      const whole = searched.length < text.length ? 'truncated' : 'complete';
      // Most units hold no match: one pass of RE2's DFA (no positions) settles them cheaply.
      if (!regex.test(searched)) return whole;
      const matcher = regex.matcher(searched);
      let budget = REGEX_WORK_PER_CHARACTER * searched.length + REGEX_WORK_FLOOR;
      let from = 0;
      for (;;) {
        budget -= searched.length - from;
        if (budget < 0) return 'truncated';
        // find() steps over an empty match by one code point, so the loop always moves on.
        if (!matcher.find()) return whole;
        const start = matcher.start();
        const end = matcher.end();
        if (end > start) sink(start, end);
        from = end;
      }
    },
  };
}

/** A usage error: the phrase or the options cannot be traced as given. */
function usage(message: string, cause?: unknown): PalimpsestError {
  return new PalimpsestError('E_USAGE', message, cause === undefined ? {} : { cause });
}

/**
 * Compiles `phrase` for a mode. Throws a PalimpsestError `E_USAGE` for an empty phrase, an unknown mode, or a
 * pattern that does not compile under RE2 (including backreferences and lookahead, which RE2 cannot run).
 */
export function compilePhrase(phrase: string, options: MatcherOptions = {}): PhraseMatcher {
  if (typeof phrase !== 'string') throw new TypeError('compilePhrase(phrase): phrase must be a string');
  const mode = options.mode ?? 'normalized';
  const wholeWords = options.wholeWords ?? true;
  if (mode === 'normalized') return normalizedMatcher(phrase, wholeWords);
  if (mode === 'exact') return exactMatcher(phrase, wholeWords);
  if (mode === 'regex') return regexMatcher(phrase);
  throw usage(`Unknown trace mode ${JSON.stringify(mode)}: use one of ${TRACE_MODES.join(', ')}.`);
}
