/**
 * Numbering schemes of official texts: recognises the label at the start of a line ("Chapter 3", "(1)", "§ 5",
 * "第十五条", "（ア）", "Erstes Kapitel", "Titre Ier bis") and reads its ordinal. Pure functions over one line.
 */

import { isJavaScriptSpace } from '../text/spaces.js';
import {
  FRENCH_ORDINAL_PATTERN,
  fullWidthKatakana,
  GERMAN_ORDINAL_PATTERN,
  KATAKANA_AIUEO,
  KATAKANA_IROHA,
  parseCircled,
  parseGermanOrdinal,
  parseLetter,
  parseNumeral,
  parseRoman,
} from './numerals.js';

/**
 * How a label behaves: `keyword` labels (Chapter, 第N条, §) make headings even inside a block; `item` labels
 * ((1), a), ２, ア) make headings only when standing alone and otherwise mark list items; `plain` labels (a bare
 * "1" or "IV") make headings when standing alone and are ordinary text otherwise; `bullet` never makes a heading.
 */
export type LabelKind = 'keyword' | 'item' | 'plain' | 'bullet';

/** One reading of a label: the scheme and the number it stands for. */
export interface LabelReading {
  scheme: string;
  ordinal: number | null;
}

/** A label found at the start of a line; offsets are relative to the string that was matched. */
export interface LabelMatch extends LabelReading {
  /** The label exactly as written, e.g. "(1)", "Chapter 3", "第一条の二". */
  label: string;
  kind: LabelKind;
  /** Offset just after the label. */
  labelEnd: number;
  /** Offset where the title starts (after spaces and a separator such as " - " or " : "). */
  titleStart: number;
  /** Rank of a keyword scheme in its legal tradition (larger is outer), used to close deeper open sections. */
  rank?: number;
  /** Another reading for an ambiguous label ("(i)" roman or letter, "イ" iroha or aiueo), resolved by context. */
  alternative?: LabelReading;
}

/** Rank of keyword schemes: book > part > title (French) > chapter > section > sub-section > … > article. */
export const SCHEME_RANKS: Readonly<Record<string, number>> = {
  book: 80,
  livre: 80,
  buch: 80,
  part: 70,
  teil: 70,
  'ja-part': 70,
  title: 60,
  titre: 60,
  chapter: 50,
  chapitre: 50,
  kapitel: 50,
  'ja-chapter': 50,
  'ja-supplementary': 50,
  section: 40,
  abschnitt: 40,
  'ja-section': 40,
  'sous-section': 30,
  unterabschnitt: 30,
  'ja-subsection': 30,
  titel: 25,
  paragraphe: 20,
  'sous-paragraphe': 15,
  'ja-division': 20,
  article: 10,
  'paragraph-sign': 10,
  'ja-article': 10,
};

/** Keywords written before a number ("Chapter 3", "Titre II", "Abschnitt 2") and the scheme each names. */
const KEYWORD_SCHEMES: Record<string, string> = {
  chapter: 'chapter',
  section: 'section',
  part: 'part',
  title: 'title',
  book: 'book',
  article: 'article',
  artikel: 'article',
  art: 'article',
  appendix: 'appendix',
  annex: 'annex',
  schedule: 'schedule',
  titre: 'titre',
  livre: 'livre',
  chapitre: 'chapitre',
  'sous-section': 'sous-section',
  paragraphe: 'paragraphe',
  'sous-paragraphe': 'sous-paragraphe',
  kapitel: 'kapitel',
  abschnitt: 'abschnitt',
  unterabschnitt: 'unterabschnitt',
  titel: 'titel',
  teil: 'teil',
  buch: 'buch',
};

/** German keywords written after an ordinal ("Erstes Kapitel", "2. Abschnitt"). */
const GERMAN_TRAILING_KEYWORDS = 'Kapitel|Abschnitt|Unterabschnitt|Titel|Untertitel|Teil|Buch';
const GERMAN_TRAILING_SCHEMES: Record<string, string> = {
  kapitel: 'kapitel',
  abschnitt: 'abschnitt',
  unterabschnitt: 'unterabschnitt',
  titel: 'titel',
  untertitel: 'untertitel',
  teil: 'teil',
  buch: 'buch',
};

const KEYWORD_ALTERNATION = Object.keys(KEYWORD_SCHEMES)
  .filter((keyword) => keyword !== 'art')
  .flatMap((keyword) => [keyword[0]?.toUpperCase() + keyword.slice(1), keyword.toUpperCase()])
  .sort((a, b) => b.length - a.length)
  .join('|');

/** A label's numeral: arabic with suffixes (12a, 6-1, 1er), roman (IV, Ier), a French ordinal word, a capital. */
const KEYWORD_NUMERAL = `(?:\\d+[a-z]{0,2}(?:[-.]\\d+[a-z]{0,2})*|[IVXLCDM]+(?:er|re)?|${FRENCH_ORDINAL_PATTERN}|préliminaire|preliminaire|unique|[A-Z](?![\\p{L}\\d]))`;
/** Latin suffixes of inserted provisions ("Titre Ier bis", "Article 3 ter"). */
const LATIN_SUFFIX = '(?:\\s+(?:bis|ter|quater|quinquies|sexies|septies|octies|nonies|decies))?';
/** What may follow a label: the end of the line, a space, or separator punctuation. */
const LABEL_END = '(?=$|[\\s.:;,\\-–—)])';

const KEYWORD_LABEL = new RegExp(
  `^(${KEYWORD_ALTERNATION}|Art\\.?)\\s+(${KEYWORD_NUMERAL})${LATIN_SUFFIX}${LABEL_END}`,
  'u',
);
const GERMAN_ORDINAL_LABEL = new RegExp(
  `^(${GERMAN_ORDINAL_PATTERN}|\\d+\\.)\\s+(${GERMAN_TRAILING_KEYWORDS})${LABEL_END}`,
);
const SECTION_SIGN_LABEL = /^§§?\s*(\d+[a-z]{0,2}(?:[-.]\d+[a-z]{0,2})*)(?=$|[\s.:;,\-–—)])/;
const JAPANESE_NUMERAL = '[0-9０-９〇一二三四五六七八九十百千]+';
const JAPANESE_LABEL = new RegExp(`^第(${JAPANESE_NUMERAL})(編|章|節|款|目|条)((?:の${JAPANESE_NUMERAL})*)(?=$|\\s)`);
const JAPANESE_SCHEMES: Record<string, string> = {
  編: 'ja-part',
  章: 'ja-chapter',
  節: 'ja-section',
  款: 'ja-subsection',
  目: 'ja-division',
  条: 'ja-article',
};
const SUPPLEMENTARY_LABEL = /^附[ \u3000]?則(?=$|\s|[（(])/;
const DECIMAL_LABEL = /^(\d{1,3})((?:\.\d{1,3}){1,3})\.?(?=$|\s)/;
const ARABIC_DOT_LABEL = /^(\d{1,3}[a-z]?)\.(?=$|\s)/;
const ARABIC_PAREN_LABEL = /^(\d{1,3}[a-z]?)\)(?=$|\s)/;
const PAREN_ARABIC_LABEL = /^[(（]([0-9０-９]{1,3}[a-z]?)[)）]/;
const PAREN_KANJI_LABEL = /^[(（]([〇一二三四五六七八九十百]+)[)）]/;
const PAREN_KATAKANA_LABEL = /^[(（]([\u30a2-\u30f3\uff66-\uff9d])[)）]/;
const PAREN_ROMAN_LABEL = /^\(([ivxlcdm]+|[IVXLCDM]+)\)/;
const PAREN_LETTER_LABEL = /^\(([a-z]|[A-Z])\)/;
const LETTER_PAREN_LABEL = /^([a-z])\1?\)(?=$|\s)/;
const ROMAN_DOT_LABEL = /^([IVXLCDM]+|[ivxlcdm]+)\.(?=$|\s)/;
const LETTER_DOT_LABEL = /^([A-Za-z])\.(?=$|\s)/;
const CIRCLED_LABEL = /^([\u2460-\u2473])/;
const FULL_WIDTH_ARABIC_LABEL = /^([０-９]+)(?=\s)/;
const KANJI_ITEM_LABEL = /^([一二三四五六七八九十]+)(?=\s)/;
const KATAKANA_ITEM_LABEL = /^([\u30a2-\u30f3\uff66-\uff9d])(?=\s)/;
const BARE_ROMAN_LABEL = /^([IVX]{1,7})(?=$|\s)/;
const BARE_ARABIC_LABEL = /^(\d{1,3})(?=$|\s)/;
const BARE_CAPITAL_LABEL = /^([A-Z])$/;
const BULLET_LABEL = /^([*•・▪◦‣\-–])(?=\s)/;

/**
 * The length of the spaces and separator after a label at `from`, within the next 8 characters: what
 * /^\s*(?:[-–—:：.](?=\s|$)\s*)?/ matches in line.slice(from, from + 8), read in place without a slice and a
 * match per label.
 */
function separatorLength(line: string, from: number): number {
  const end = Math.min(line.length, from + 8);
  let at = from;
  while (at < end && isJavaScriptSpace(line.charCodeAt(at))) at++;
  const code = at < end ? line.charCodeAt(at) : -1;
  // - – — : ： .
  if (code === 0x2d || code === 0x2013 || code === 0x2014 || code === 0x3a || code === 0xff1a || code === 0x2e) {
    if (at + 1 >= end || isJavaScriptSpace(line.charCodeAt(at + 1))) {
      at++;
      while (at < end && isJavaScriptSpace(line.charCodeAt(at))) at++;
    }
  }
  return at - from;
}

/**
 * Builds a match, placing the title after spaces and one separator (" - ", " : ", "．"). The reading's two fields
 * are copied by name, not spread: V8 (Node 20) ran `{ ...reading, label, … }` through its slow path, several
 * microseconds a call, which made this the parser's most expensive function on a long edition (a label per line).
 */
function build(
  line: string,
  label: string,
  kind: LabelKind,
  reading: LabelReading,
  alternative?: LabelReading,
): LabelMatch {
  const labelEnd = label.length;
  const match: LabelMatch = {
    scheme: reading.scheme,
    ordinal: reading.ordinal,
    label,
    kind,
    labelEnd,
    titleStart: labelEnd + separatorLength(line, labelEnd),
  };
  const rank = SCHEME_RANKS[reading.scheme];
  if (rank !== undefined) match.rank = rank;
  if (alternative) match.alternative = alternative;
  return match;
}

/** Readings of a katakana item label: the order giving the smaller number first, the other as alternative. */
function katakanaReadings(char: string, prefix: string): [LabelReading, LabelReading] | null {
  const full = fullWidthKatakana(char);
  const aiueo = KATAKANA_AIUEO.indexOf(full);
  const iroha = KATAKANA_IROHA.indexOf(full);
  if (aiueo < 0 || iroha < 0) return null;
  const a: LabelReading = { scheme: `${prefix}katakana-aiueo`, ordinal: aiueo + 1 };
  const b: LabelReading = { scheme: `${prefix}katakana-iroha`, ordinal: iroha + 1 };
  return aiueo <= iroha ? [a, b] : [b, a];
}

/** Readings of a single letter that is also a roman numeral (i, v, x): roman first, the letter as alternative. */
function romanOrLetter(numeral: string, romanScheme: string, letterScheme: string): [LabelReading, LabelReading?] {
  const roman: LabelReading = { scheme: romanScheme, ordinal: parseRoman(numeral) };
  if (numeral.length === 1) return [roman, { scheme: letterScheme, ordinal: parseLetter(numeral) }];
  return [roman];
}

/**
 * Recognises the numbering label at the start of `line` (which must start at the line's first non-space
 * character), or returns null. The order of the tests matters: specific schemes before the generic ones.
 */
export function matchLabel(line: string): LabelMatch | null {
  const first = line.charCodeAt(0);
  if (Number.isNaN(first)) return null;
  let m: RegExpExecArray | null;
  if (first === 0x7b2c /* 第 */) {
    m = JAPANESE_LABEL.exec(line);
    if (m) {
      const scheme = JAPANESE_SCHEMES[m[2] as string] as string;
      return build(line, m[0], 'keyword', { scheme, ordinal: parseNumeral(m[1] as string) });
    }
    return null;
  }
  if (first === 0x9644 /* 附 */) {
    m = SUPPLEMENTARY_LABEL.exec(line);
    return m ? build(line, m[0], 'keyword', { scheme: 'ja-supplementary', ordinal: null }) : null;
  }
  if (first === 0xa7 /* § */) {
    m = SECTION_SIGN_LABEL.exec(line);
    return m ? build(line, m[0], 'keyword', { scheme: 'paragraph-sign', ordinal: parseNumeral(m[1] as string) }) : null;
  }
  if (first >= 0x41 && first <= 0x5a) {
    m = KEYWORD_LABEL.exec(line);
    if (m) {
      const keyword = (m[1] as string).replace(/\.$/, '').toLowerCase();
      const scheme = KEYWORD_SCHEMES[keyword] ?? 'article';
      return build(line, m[0], 'keyword', { scheme, ordinal: parseNumeral(m[2] as string) });
    }
  }
  // The remaining patterns are tried only where their first character can be: one label test per line of a long
  // edition, most of whose lines start a sentence.
  const upper = first >= 0x41 && first <= 0x5a;
  m = upper || (first >= 0x30 && first <= 0x39) ? GERMAN_ORDINAL_LABEL.exec(line) : null;
  if (m) {
    const word = m[1] as string;
    const ordinal = word.endsWith('.') ? parseNumeral(word) : parseGermanOrdinal(word);
    const scheme = GERMAN_TRAILING_SCHEMES[(m[2] as string).toLowerCase()] as string;
    return build(line, m[0], 'keyword', { scheme, ordinal });
  }
  if (first === 0x28 /* ( */ || first === 0xff08 /* （ */) return matchParenthesised(line);
  if (first >= 0x30 && first <= 0x39) {
    m = DECIMAL_LABEL.exec(line);
    if (m) {
      const parts = (m[2] as string).split('.').length;
      const last = (m[2] as string).split('.').pop() as string;
      return build(line, m[0], 'item', { scheme: `decimal-${parts}`, ordinal: parseNumeral(last) });
    }
    m = ARABIC_DOT_LABEL.exec(line);
    if (m) return build(line, m[0], 'item', { scheme: 'arabic-dot', ordinal: parseNumeral(m[1] as string) });
    m = ARABIC_PAREN_LABEL.exec(line);
    if (m) return build(line, m[0], 'item', { scheme: 'arabic-paren', ordinal: parseNumeral(m[1] as string) });
    m = BARE_ARABIC_LABEL.exec(line);
    if (m) return build(line, m[0], 'plain', { scheme: 'arabic', ordinal: parseNumeral(m[1] as string) });
    return null;
  }
  const lower = first >= 0x61 && first <= 0x7a;
  m = lower ? LETTER_PAREN_LABEL.exec(line) : null;
  if (m) return build(line, m[0], 'item', { scheme: 'letter-paren', ordinal: parseLetter(m[0].slice(0, -1)) });
  m = upper || lower ? ROMAN_DOT_LABEL.exec(line) : null;
  if (m && parseRoman(m[1] as string) !== null) {
    const numeral = m[1] as string;
    const upper = numeral === numeral.toUpperCase();
    const [reading, alternative] = romanOrLetter(
      numeral,
      upper ? 'roman-upper-dot' : 'roman-lower-dot',
      upper ? 'letter-upper-dot' : 'letter-lower-dot',
    );
    // C, D, L and M alone are letters in practice, never roman 100, 500, 50, 1000.
    if (numeral.length === 1 && 'CDLMcdlm'.includes(numeral)) return build(line, m[0], 'item', alternative ?? reading);
    return build(line, m[0], 'item', reading, alternative);
  }
  m = upper || lower ? LETTER_DOT_LABEL.exec(line) : null;
  if (m) {
    const letter = m[1] as string;
    const scheme = letter === letter.toUpperCase() ? 'letter-upper-dot' : 'letter-lower-dot';
    return build(line, m[0], 'item', { scheme, ordinal: parseLetter(letter) });
  }
  // Circled numbers, full-width digits, kanji and katakana all lie at U+2460 or above.
  if (first >= 0x2460) {
    m = CIRCLED_LABEL.exec(line);
    if (m) return build(line, m[0], 'item', { scheme: 'circled', ordinal: parseCircled(m[1] as string) });
    m = FULL_WIDTH_ARABIC_LABEL.exec(line);
    if (m) return build(line, m[0], 'item', { scheme: 'fullwidth-arabic', ordinal: parseNumeral(m[1] as string) });
    m = KANJI_ITEM_LABEL.exec(line);
    if (m) return build(line, m[0], 'item', { scheme: 'kanji', ordinal: parseNumeral(m[1] as string) });
    m = KATAKANA_ITEM_LABEL.exec(line);
    if (m) {
      const readings = katakanaReadings(m[1] as string, '');
      if (readings) return build(line, m[0], 'item', readings[0], readings[1]);
    }
  }
  m = upper ? BARE_ROMAN_LABEL.exec(line) : null;
  if (m && parseRoman(m[1] as string) !== null) {
    // A lone "I" followed by words is the English pronoun, not a numeral.
    const alone = m[0].length === line.length;
    if (alone || m[0].length > 1)
      return build(line, m[0], 'plain', { scheme: 'roman', ordinal: parseRoman(m[1] as string) });
  }
  m = upper && line.length === 1 ? BARE_CAPITAL_LABEL.exec(line) : null;
  if (m) return build(line, m[0], 'plain', { scheme: 'letter-upper', ordinal: parseLetter(m[1] as string) });
  m = BULLET_LABEL.exec(line);
  if (m) return build(line, m[0], 'bullet', { scheme: 'bullet', ordinal: null });
  return null;
}

/** Labels that open with a bracket: (1), （１）, （一）, （ア）, (ｱ), (iv), (a), (A). */
function matchParenthesised(line: string): LabelMatch | null {
  let m = PAREN_ARABIC_LABEL.exec(line);
  if (m) return build(line, m[0], 'item', { scheme: 'paren-arabic', ordinal: parseNumeral(m[1] as string) });
  m = PAREN_KANJI_LABEL.exec(line);
  if (m) return build(line, m[0], 'item', { scheme: 'paren-kanji', ordinal: parseNumeral(m[1] as string) });
  m = PAREN_KATAKANA_LABEL.exec(line);
  if (m) {
    const readings = katakanaReadings(m[1] as string, 'paren-');
    if (readings) return build(line, m[0], 'item', readings[0], readings[1]);
    return null;
  }
  m = PAREN_ROMAN_LABEL.exec(line);
  if (m && parseRoman(m[1] as string) !== null) {
    const numeral = m[1] as string;
    const upper = numeral === numeral.toUpperCase();
    if (numeral.length === 1 && 'CDLMcdlm'.includes(numeral)) {
      const scheme = upper ? 'paren-letter-upper' : 'paren-letter-lower';
      return build(line, m[0], 'item', { scheme, ordinal: parseLetter(numeral) });
    }
    const [reading, alternative] = romanOrLetter(
      numeral,
      upper ? 'paren-roman-upper' : 'paren-roman-lower',
      upper ? 'paren-letter-upper' : 'paren-letter-lower',
    );
    return build(line, m[0], 'item', reading, alternative);
  }
  m = PAREN_LETTER_LABEL.exec(line);
  if (m) {
    const letter = m[1] as string;
    const scheme = letter === letter.toUpperCase() ? 'paren-letter-upper' : 'paren-letter-lower';
    return build(line, m[0], 'item', { scheme, ordinal: parseLetter(letter) });
  }
  return null;
}

/** Characters that end a sentence or clause; a heading line never ends in one (labels like "1." aside). */
const TERMINAL_CHARACTERS = new Set(['.', '。', '!', '?', '！', '？', ';', '；', ':', '：', ',', '、', '，', '．']);

/** Whether `char` ends a sentence or clause, so that a line ending in it reads as body text, not a heading. */
export function isTerminal(char: string | undefined): boolean {
  return char !== undefined && TERMINAL_CHARACTERS.has(char);
}

/** Longest line (in UTF-16 units) still considered a heading line. */
export const MAX_HEADING_LENGTH = 200;

/** Lines opening a table of contents, whose entries look like headings but must not become sections. */
const CONTENTS_TITLES =
  /^(目\s*次|contents|table of contents|inhaltsverzeichnis|inhaltsübersicht|sommaire|table des matières)$/i;

/** Whether a line's text names a table of contents ("目次", "Contents", "Inhaltsübersicht", "Sommaire"). */
export function isContentsTitle(line: string): boolean {
  return line.length <= 30 && CONTENTS_TITLES.test(line);
}

/**
 * Lines that state facts about the edition rather than open a part of it: "Last Updated: …", "Effective date: …",
 * "Zuletzt geändert durch …", "Fundstelle: …", "Stand: …", "Dernière mise à jour : …", "最終更新日：…".
 */
const METADATA_LINE =
  /^(?:(?:last|date\s+last)\s+(?:updated|modified|revised|changed)|(?:updated|revised|modified)\s+(?:on|as\s+of)|effective(?:\s+(?:date|as\s+of|from|on))?|(?:date\s+of\s+)?last\s+revision|version\s+date|zuletzt\s+geändert|fundstelle|ausfertigungsdatum|stand|dernière\s+mise\s+à\s+jour|date\s+de\s+(?:mise\s+à\s+jour|dernière\s+modification)|en\s+vigueur|最終(?:更新|改正)(?:日)?|施行日|改正日)(?=[\s:：,]|$)/i;

/** Whether a line is an edition's metadata (a date line, a source note), never a heading. */
export function isMetadataLine(line: string): boolean {
  return line.length <= 200 && METADATA_LINE.test(line);
}
