/**
 * Numeral readers for heading labels: arabic (half- and full-width), kanji, roman, letters, katakana (aiueo and
 * iroha orders), circled digits and German/French ordinal words. Each returns the number or null; none throws.
 */

/** The gojūon (aiueo) order of the katakana used as item numbers in Japanese reports: ア=1, イ=2, ウ=3 … */
export const KATAKANA_AIUEO =
  'アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン';

/** The iroha order used for sub-items in Japanese statutes: イ=1, ロ=2, ハ=3 … */
export const KATAKANA_IROHA =
  'イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセス';

/** Half-width katakana in aiueo order, index-aligned with KATAKANA_AIUEO (ｦ sits with ヲ). */
const HALF_WIDTH_KATAKANA = 'ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜｦﾝ';

/** Maps a half-width katakana letter to its full-width form; other characters pass through. */
export function fullWidthKatakana(char: string): string {
  const index = HALF_WIDTH_KATAKANA.indexOf(char);
  return index < 0 ? char : (KATAKANA_AIUEO[index] as string);
}

/** Reads ASCII or full-width (０-９) digits; null when `digits` holds anything else. */
export function parseArabic(digits: string): number | null {
  if (digits.length === 0 || digits.length > 9) return null;
  let value = 0;
  for (let i = 0; i < digits.length; i++) {
    let code = digits.charCodeAt(i);
    if (code >= 0xff10 && code <= 0xff19) code -= 0xff10 - 0x30;
    if (code < 0x30 || code > 0x39) return null;
    value = value * 10 + (code - 0x30);
  }
  return value;
}

/** The value of each kanji digit (〇 and 零 are both zero). */
export const KANJI_DIGITS: Readonly<Record<string, number>> = {
  〇: 0,
  零: 0,
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const KANJI_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/**
 * Reads a kanji numeral, both the positional style used in law numbers (二〇二二) and the multiplicative style of
 * article numbers (百九十五 = 195, 二千 = 2000, 一万 = 10000). Null for anything else.
 */
export function parseKanji(numeral: string): number | null {
  if (numeral.length === 0 || numeral.length > 12) return null;
  let total = 0;
  let section = 0;
  let digit = -1;
  let positional = true;
  for (const char of numeral) if (!(char in KANJI_DIGITS)) positional = false;
  if (positional && numeral.length > 1) {
    let value = 0;
    for (const char of numeral) value = value * 10 + (KANJI_DIGITS[char] as number);
    return value;
  }
  for (const char of numeral) {
    if (char in KANJI_DIGITS) {
      if (digit >= 0) return null;
      digit = KANJI_DIGITS[char] as number;
    } else if (char in KANJI_UNITS) {
      section += (digit < 0 ? 1 : digit) * (KANJI_UNITS[char] as number);
      digit = -1;
    } else if (char === '万') {
      total += (section + Math.max(digit, 0) || 1) * 10000;
      section = 0;
      digit = -1;
    } else return null;
  }
  return total + section + Math.max(digit, 0);
}

const ROMAN_VALUES: Record<string, number> = { i: 1, v: 5, x: 10, l: 50, c: 100, d: 500, m: 1000 };
const CANONICAL_ROMAN = /^m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$/;

/** Reads a well-formed roman numeral in either case ("IV", "xii"); null for malformed ones like "IIII" or "IC". */
export function parseRoman(numeral: string): number | null {
  const lower = numeral.toLowerCase();
  if (lower.length === 0 || !CANONICAL_ROMAN.test(lower)) return null;
  let value = 0;
  for (let i = 0; i < lower.length; i++) {
    const current = ROMAN_VALUES[lower[i] as string] as number;
    const next = i + 1 < lower.length ? (ROMAN_VALUES[lower[i + 1] as string] as number) : 0;
    value += current < next ? -current : current;
  }
  return value;
}

/** Reads a letter label: a=1 … z=26 in either case, doubled letters (German "aa)") continue at 27. */
export function parseLetter(letters: string): number | null {
  const lower = letters.toLowerCase();
  const code = lower.charCodeAt(0) - 96;
  if (code < 1 || code > 26) return null;
  if (lower.length === 1) return code;
  if (lower.length === 2 && lower[1] === lower[0]) return code + 26;
  return null;
}

/** Reads a circled number ① … ⑳. */
export function parseCircled(char: string): number | null {
  const code = char.charCodeAt(0);
  return code >= 0x2460 && code <= 0x2473 ? code - 0x2460 + 1 : null;
}

/** Stems of German ordinal words ("Erstes Kapitel", "Zweiter Abschnitt"), index + 1 = the number. */
const GERMAN_ORDINAL_STEMS = [
  'erst',
  'zweit',
  'dritt',
  'viert',
  'fünft',
  'sechst',
  'siebt',
  'acht',
  'neunt',
  'zehnt',
  'elft',
  'zwölft',
  'dreizehnt',
  'vierzehnt',
  'fünfzehnt',
  'sechzehnt',
  'siebzehnt',
  'achtzehnt',
  'neunzehnt',
  'zwanzigst',
];

/** Regex source matching a German ordinal word with its inflection ("Erstes", "Zweiter", "Siebentes"). */
export const GERMAN_ORDINAL_PATTERN = `(?:${GERMAN_ORDINAL_STEMS.map((stem) => stem[0]?.toUpperCase() + stem.slice(1)).join('|')}|Siebent)(?:es|er|e|en)`;

/** Reads a German ordinal word such as "Erstes" or "Zwölfter"; null otherwise. */
export function parseGermanOrdinal(word: string): number | null {
  const lower = word.toLowerCase().replace(/(es|er|e|en)$/, '');
  if (lower === 'siebent') return 7;
  const index = GERMAN_ORDINAL_STEMS.indexOf(lower);
  return index < 0 ? null : index + 1;
}

const FRENCH_ORDINAL_WORDS: Record<string, number> = {
  premier: 1,
  première: 1,
  deuxième: 2,
  second: 2,
  seconde: 2,
  troisième: 3,
  quatrième: 4,
  cinquième: 5,
  sixième: 6,
  septième: 7,
  huitième: 8,
  neuvième: 9,
  dixième: 10,
};

/** Regex source matching the French ordinal words a label may use ("Titre premier", "Livre deuxième"). */
export const FRENCH_ORDINAL_PATTERN = Object.keys(FRENCH_ORDINAL_WORDS).join('|');

/** Reads a French ordinal word ("premier", "deuxième"); null otherwise ("préliminaire", "unique" have none). */
export function parseFrenchOrdinal(word: string): number | null {
  return FRENCH_ORDINAL_WORDS[word.toLowerCase()] ?? null;
}

/**
 * Reads the number a label's numeral stands for, whatever its notation: "12a" → 12, "6-1" → 6, "1er" → 1,
 * "Ier" → 1, "IV" → 4, "十五" → 15, "１２" → 12, "premier" → 1. Null when there is none.
 */
export function parseNumeral(numeral: string): number | null {
  const arabic = /^[0-9０-９]+/.exec(numeral);
  if (arabic) return parseArabic(arabic[0]);
  const kanji = /^[〇零一二三四五六七八九十百千万]+/.exec(numeral);
  if (kanji) return parseKanji(kanji[0]);
  // A single C, D, L or M names a letter (Appendix C), never 100, 500, 50 or 1000.
  if (/^[CDLMcdlm]$/.test(numeral)) return parseLetter(numeral);
  const roman = /^([IVXLCDM]+|[ivxlcdm]+)(?:er|re)?$/.exec(numeral);
  if (roman) return parseRoman(roman[1] as string);
  const french = parseFrenchOrdinal(numeral);
  if (french !== null) return french;
  if (/^[A-Za-z]$/.test(numeral)) return parseLetter(numeral);
  return null;
}
