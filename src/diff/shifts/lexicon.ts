/**
 * Policy-language lexicons: the data files of lexicons/ (one per language) compiled into matchers. A lexicon lists,
 * per shift kind, terms with a grade (docs/shifts.md); matching is longest-first so a phrase ("strongly urges",
 * 「しなければならない」) is one term, never also the shorter terms inside it.
 */
import { SHIFT_KINDS, type ShiftKind } from '../../model/comparison.js';
import english from './lexicons/en.json' with { type: 'json' };
import japanese from './lexicons/ja.json' with { type: 'json' };

/** A lexicon as written in its data file. */
export interface LexiconData {
  language: string;
  about?: string;
  kinds: Partial<Record<ShiftKind, { meaning?: string; terms: Record<string, number> }>>;
  /** Final words of a named instrument ("… Agreement", 「…条約」): a name ending in one is a `reference`. */
  referenceSuffixes?: string[];
  /**
   * Words that make a capitalised name no lexicon lists an organisation ("… Forces", "Ministry of …"): only such
   * names, and acronyms spelt out in the same text ("… (MFO)"), are taken for actors; other capitalised phrases are
   * too often product names or defined terms ("Paid Services", "Site Materials").
   */
  organisationWords?: string[];
}

/** One term of a lexicon, found in a text. */
export interface TermMatch {
  kind: ShiftKind;
  /** The lexicon's spelling, the key matches are counted by. */
  term: string;
  /** As written in the text. */
  text: string;
  grade: number;
  start: number;
  end: number;
  /** Found as a capitalised name no lexicon lists, rather than as a lexicon term. */
  inferred?: boolean;
}

/** A compiled lexicon: finds its terms in a text. */
export interface Lexicon {
  language: string;
  /** Whether terms are words (English: bounded by non-letters) or substrings (Japanese). */
  words: boolean;
  match(text: string): TermMatch[];
}

const ESCAPE = /[.*+?^${}()|[\]\\]/g;

/** A term as a regular-expression source: spaces match any run of spaces, an apostrophe either apostrophe. */
function termSource(term: string): string {
  return term.replace(ESCAPE, '\\$&').replace(/ +/g, '\\s+').replace(/'/g, "['’]");
}

/** Words that open a capitalised phrase without being part of the name in it. */
const LEADING_DETERMINER =
  /^(?:(?:The|This|That|These|Those|Such|Our|Your|Its|Their|Any|Each|Every|All|A|An|In|Under|By|For|With|To|Of|On|As|At|If|When|We|You)\s+)+/u;

/**
 * A proper name in English prose, when no lexicon knows it: capitalised words, possibly joined by "of", "the",
 * "and", "for" ("Multinational Force and Observers"), or an acronym (UNMISS). Only names of two words or more, or
 * acronyms, are taken: one capitalised word is too often a sentence's first word or a defined term.
 */
const NAME_WORD = String.raw`(?:\p{Lu}\.(?:\p{Lu}\.)+|\p{Lu}[\p{L}\p{N}-]*)`;
const NAME = new RegExp(
  String.raw`(?<![\p{L}\p{N}])${NAME_WORD}(?:[ \t\u00a0]+(?:(?:of|the|and|for|on)[ \t\u00a0]+){0,2}${NAME_WORD})*(?![\p{L}\p{N}])`,
  'gu',
);
/** A name without its possessive and without a sentence's full stop (but "U.S." keeps its own). */
function trimName(name: string): string {
  let result = name.replace(/['’]s$/u, '');
  if (result.endsWith('.') && !/(?:^|[.\s-])\p{Lu}\.$/u.test(result)) result = result.slice(0, -1);
  return result;
}

const ACRONYM = /^\p{Lu}[\p{Lu}\p{N}]{1,7}$/u;
/** The spaces NAME joins words with. */
const ONE_NAME_SPACE = /[ \t\u00a0]/;

const SPACE = /\s/;
const SENTENCE_ENDS = '.!?:;。！？';
const CLOSERS = `"'”’)`;

/**
 * Whether a sentence starts at `index` of `text`: what `/(?:^|[.!?:;。！？]["'”’)]*\s*|\n\s*)$/u` says of
 * `text.slice(0, index)`, read backwards from `index`. That expression is end-anchored, so V8 tried it at every
 * position of the text before the match, once per capitalised term: quadratic in a long inserted unit (a chapter
 * of a code), ~100 ms of a compare on the large pairs. The reading: nothing before; or the trailing run of spaces
 * holds a line break; or below it, after any closing quotes and brackets, a sentence's end (none of those
 * characters is a space, so each run is taken whole).
 */
export function sentenceBefore(text: string, index: number): boolean {
  if (index === 0) return true;
  let at = index;
  while (at > 0 && SPACE.test(text[at - 1] as string)) {
    if (text[at - 1] === '\n') return true;
    at--;
  }
  while (at > 0 && CLOSERS.includes(text[at - 1] as string)) at--;
  return at > 0 && SENTENCE_ENDS.includes(text[at - 1] as string);
}

/**
 * Compile a lexicon. `words` lexicons (English) match whole words: lower-case terms also match capitalised at a
 * sentence start (never mid-sentence, where "May" is a month and "Will" a name); terms with capitals match as
 * written. Substring lexicons (Japanese) match anywhere.
 */
export function compileLexicon(data: LexiconData, words: boolean): Lexicon {
  const entries = new Map<string, { kind: ShiftKind; grade: number }>();
  for (const kind of SHIFT_KINDS) {
    for (const [term, grade] of Object.entries(data.kinds[kind]?.terms ?? {})) {
      if (entries.has(term))
        throw new TypeError(`Lexicon ${data.language}: term ${JSON.stringify(term)} is listed twice`);
      entries.set(term, { kind, grade });
    }
  }
  const byLength = [...entries.keys()].sort((a, b) => b.length - a.length);
  const lower = byLength.filter((t) => t === t.toLowerCase());
  const cased = byLength.filter((t) => t !== t.toLowerCase());
  const bound = (alternatives: string[]): string =>
    words
      ? `(?<![\\p{L}\\p{N}])(?:${alternatives.map(termSource).join('|')})(?![\\p{L}\\p{N}])`
      : `(?:${alternatives.map(termSource).join('|')})`;
  const lowerPattern = lower.length > 0 ? new RegExp(bound(lower), words ? 'giu' : 'gu') : null;
  const casedPattern = cased.length > 0 ? new RegExp(bound(cased), 'gu') : null;
  const folded = new Map(
    [...entries].map(([term, entry]) => [
      term.toLowerCase().replace(/’/g, "'").replace(/\s+/g, ' '),
      { term, ...entry },
    ]),
  );
  const suffixes = data.referenceSuffixes ?? [];
  // Every match of suffixPattern ends in one of the suffixes, written as listed when a suffix has no space or
  // apostrophe (the only characters termSource widens): a text holding none of them cannot match, and looking for
  // a dozen words with includes is much cheaper than the pattern's scan over a long unit in another language.
  const literalSuffixes = suffixes.every((suffix) => !/[\s'’]/u.test(suffix)) ? suffixes : null;
  const organisations = data.organisationWords ?? [];
  const organisationWord =
    words && organisations.length > 0
      ? new RegExp(`(?<![\\p{L}])(?:${organisations.map(termSource).join('|')})(?![\\p{L}])`, 'u')
      : null;
  const referenceWord =
    words && suffixes.length > 0 ? new RegExp(`\\b(?:${suffixes.map(termSource).join('|')})\\b`, 'u') : null;
  const suffixPattern =
    suffixes.length === 0
      ? null
      : words
        ? new RegExp(
            `(?<![\\p{L}\\p{N}])(?:\\p{Lu}[\\p{L}\\p{N}'’.-]*\\s+(?:(?:of|the|and|on|for|in|to)\\s+)*)+(?:${suffixes.map(termSource).join('|')})(?![\\p{L}\\p{N}])`,
            'gu',
          )
        : new RegExp(`[\\p{Script=Han}\\p{Script=Katakana}ー・]{2,20}(?:${suffixes.map(termSource).join('|')})`, 'gu');

  return {
    language: data.language,
    words,
    match(text: string): TermMatch[] {
      const found: TermMatch[] = [];
      // A name no lexicon lists, found by its shape: grade 1, its spaces folded in the term.
      const inferred = (kind: 'reference' | 'actor', name: string, start: number): void => {
        const term = name.replace(/\s+/g, ' ');
        found.push({ kind, term, text: name, grade: 1, start, end: start + name.length, inferred: true });
      };
      const collect = (pattern: RegExp | null): void => {
        if (!pattern) return;
        pattern.lastIndex = 0;
        for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
          const written = m[0];
          const entry = folded.get(written.toLowerCase().replace(/’/g, "'").replace(/\s+/g, ' '));
          if (!entry) continue;
          // A capitalised common word mid-sentence is a name or a month, not the term.
          if (words && pattern === lowerPattern && written !== written.toLowerCase()) {
            if (!sentenceBefore(text, m.index)) continue;
          }
          found.push({ ...entry, text: written, start: m.index, end: m.index + written.length });
        }
      };
      collect(lowerPattern);
      collect(casedPattern);
      if (suffixPattern && (!literalSuffixes || literalSuffixes.some((suffix) => text.includes(suffix)))) {
        suffixPattern.lastIndex = 0;
        for (let m = suffixPattern.exec(text); m; m = suffixPattern.exec(text)) {
          // "This Agreement", "Our Privacy Policy": a determiner is not part of the name, and one word is no name.
          const lead = words ? (LEADING_DETERMINER.exec(m[0])?.[0] ?? '') : '';
          const name = m[0].slice(lead.length);
          if (words && !/\s/.test(name)) continue;
          inferred('reference', name, m.index + lead.length);
        }
      }
      if (words) {
        NAME.lastIndex = 0;
        for (let m = NAME.exec(text); m; m = NAME.exec(text)) {
          // Most matches are one capitalised word (every noun of a German text), which is no name unless an
          // acronym: rejected here with one test. Exact: NAME joins words only with [ \t\u00a0], so a match without
          // them has no leading determiner (that needs a space after it), no space inside, and trimName can only
          // take a final full stop off (a word of NAME holds no apostrophe), which the general path below does.
          if (!ONE_NAME_SPACE.test(m[0]) && !m[0].endsWith('.') && !ACRONYM.test(m[0])) continue;
          const lead = LEADING_DETERMINER.exec(m[0])?.[0] ?? '';
          const name = trimName(m[0].slice(lead.length));
          if (!/\s/.test(name) && !ACRONYM.test(name)) continue;
          const kind = referenceWord?.test(name) ? 'reference' : 'actor';
          if (kind === 'actor') {
            const spelt = ACRONYM.test(name) && text.includes(`(${name})`);
            if (!spelt && !organisationWord?.test(name)) continue;
          }
          inferred(kind, name, m.index + lead.length);
        }
      }
      // A name the lexicon knows part of ("Egypt and Israel on the Sinai Peninsula") is the lexicon's terms; a
      // named instrument ("United Nations Convention on the Law of the Sea") stays whole.
      const listed = found.filter((m) => !m.inferred);
      const candidates = found.filter(
        (m) => !(m.inferred && m.kind === 'actor' && listed.some((l) => l.start < m.end && m.start < l.end)),
      );
      // Longest first at each place; a match inside an earlier, longer one is dropped.
      candidates.sort((a, b) => a.start - b.start || b.end - a.end);
      const kept: TermMatch[] = [];
      let reach = -1;
      for (const match of candidates) {
        if (match.start < reach) continue;
        kept.push(match);
        reach = match.end;
      }
      return kept;
    },
  };
}

/** The lexicons shipped with Palimpsest: English (words) and Japanese (substrings). */
export const LEXICONS: Readonly<Record<'en' | 'ja', Lexicon>> = {
  en: compileLexicon(english as LexiconData, true),
  ja: compileLexicon(japanese as LexiconData, false),
};

const JAPANESE = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u;

/**
 * The first code unit at or above which kana and kanji lie: every character of the scripts Hiragana, Katakana and
 * Han is U+2E80 (CJK radicals) or above, astral ones included (their surrogates are U+D800 or above).
 */
const FIRST_CJK = 0x2e80;

/**
 * The lexicon for a text: Japanese when it has kana or kanji, else English — unless `latin` is false (the edition is
 * in another Latin-script language, which has no lexicon yet): then none.
 */
export function lexiconFor(text: string, latin = true): Lexicon | null {
  if (mayBeJapanese(text) && JAPANESE.test(text)) return LEXICONS.ja;
  return latin ? LEXICONS.en : null;
}

/**
 * Whether `text` has a code unit where kana and kanji may lie; when not, `lexiconFor` reads it as Latin script. A
 * loop over code units rules out most texts far faster than the Unicode script classes can be tested on every
 * character.
 */
export function mayBeJapanese(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= FIRST_CJK) return true;
  return false;
}
