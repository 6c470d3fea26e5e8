/**
 * Numbers as they are written in running text: digits (ASCII or full width, with thousands separators), English
 * number words ("fifty-seven", "two hundred"), and Japanese kanji numerals (三, 二十五, 千二百). Each reader
 * returns the number's value, or null when the text is not a number.
 */
import { KANJI_DIGITS } from '../parse/numerals.js';

const ENGLISH_UNITS: Readonly<Record<string, number>> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};

/** Multipliers in English and their values. */
export const ENGLISH_SCALES: Readonly<Record<string, number>> = {
  hundred: 100,
  thousand: 1_000,
  million: 1_000_000,
  billion: 1_000_000_000,
  trillion: 1_000_000_000_000,
};

/** A regular-expression alternative matching one English number word (units, tens, scales; longest first). */
export const ENGLISH_NUMBER_WORD = [...Object.keys(ENGLISH_UNITS), ...Object.keys(ENGLISH_SCALES)]
  .sort((a, b) => b.length - a.length)
  .join('|');

/** The value of a number written in English words ("fifty-seven", "two hundred and five"), or null. */
export function englishNumberValue(text: string): number | null {
  const words = text
    .toLowerCase()
    .split(/[\s-]+/)
    .filter((word) => word !== '' && word !== 'and');
  if (words.length === 0) return null;
  let total = 0;
  let current = 0;
  for (const word of words) {
    const unit = ENGLISH_UNITS[word];
    const scale = ENGLISH_SCALES[word];
    if (unit !== undefined) current += unit;
    else if (scale !== undefined) {
      current = (current === 0 ? 1 : current) * scale;
      if (scale >= 1000) {
        total += current;
        current = 0;
      }
    } else return null;
  }
  return total + current;
}

/** Full-width digits and separators to ASCII, so that "５７" reads as "57". */
export function asciiDigits(text: string): string {
  return text.replace(/[０-９．，]/g, (char) => String.fromCharCode(char.charCodeAt(0) - 0xfee0));
}

/** The value of a number written in digits ("57", "1,200", "３", "2.5"), or null. */
export function digitValue(text: string): number | null {
  const plain = asciiDigits(text).replace(/,/g, '');
  if (!/^\d+(?:\.\d+)?$/.test(plain)) return null;
  return Number(plain);
}

const KANJI_SMALL_SCALES: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000 };
const KANJI_LARGE_SCALES: Readonly<Record<string, number>> = { 万: 10_000, 億: 100_000_000 };

/** Characters of a kanji numeral, for regular expressions. */
export const KANJI_NUMERAL_CHARS = '〇零一二三四五六七八九十百千万億';

/**
 * The value of a kanji numeral: positional (二〇一七) or with scales (二千十七, 三十, 千二百万), or null. A
 * large scale (万, 億) closes the group before it, as in the Japanese reading.
 */
export function kanjiNumberValue(text: string): number | null {
  if (text === '' || [...text].some((char) => !KANJI_NUMERAL_CHARS.includes(char))) return null;
  if (![...text].some((char) => char in KANJI_SMALL_SCALES || char in KANJI_LARGE_SCALES)) {
    // Positional: one digit per place, as in 二〇一七.
    return Number([...text].map((char) => KANJI_DIGITS[char]).join(''));
  }
  let total = 0;
  let group = 0;
  let digit: number | null = null;
  for (const char of text) {
    const value = KANJI_DIGITS[char];
    if (value !== undefined) {
      digit = (digit ?? 0) * 10 + value;
      continue;
    }
    const small = KANJI_SMALL_SCALES[char];
    if (small !== undefined) {
      group += (digit ?? 1) * small;
      digit = null;
      continue;
    }
    const large = KANJI_LARGE_SCALES[char] as number;
    total += (group + (digit ?? 0) || 1) * large;
    group = 0;
    digit = null;
  }
  return total + group + (digit ?? 0);
}

/** The value of a number in digits, English words or kanji, or null. */
export function numberValue(text: string): number | null {
  return digitValue(text) ?? kanjiNumberValue(text) ?? englishNumberValue(text);
}

/** A number as a fact's value: plain decimal notation without separators. */
export function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(6)));
}
