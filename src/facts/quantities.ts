/**
 * Quantities: a number with what it counts ("three nuclear tests", "a total of 57 times", 「57回」「2名」「三回」).
 *
 * 1. English: a number in digits or words, with an optional hedge before it ("a total of", "more than") and an
 *    optional scale after it ("million"), then the counted noun phrase: up to three words, ending at the first
 *    function word, verb participle or punctuation. The phrase, in lower case and singular, is the key ("nuclear
 *    test"); a number with no noun after it (a page, a list number) is not a fact.
 * 2. Japanese: a number in digits or kanji followed at once by a counter (回, 名, 人, 件, 隻, 機, 発, か国…). The
 *    key is the counter with the noun just before the number (「隊員2名」 → '隊員 名'; 「護衛を57回」 → '護衛 回'),
 *    or the counter alone.
 * 3. Years, articles and other numbers that belong to a date or a reference are left to those readers: the
 *    extractor drops a quantity that overlaps one (see extract.ts).
 */
import type { Candidate } from './candidate.js';
import { ENGLISH_NUMBER_WORD, ENGLISH_SCALES, formatNumber, KANJI_NUMERAL_CHARS, numberValue } from './numbers.js';

/** Words that end a counted noun phrase: articles, prepositions, conjunctions, auxiliaries, pronouns. */
const STOP_WORDS = new Set(
  (
    'a an the of in on at to for from by with without into onto over under about as than and or but nor so yet ' +
    'is are was were be been being has have had do does did will would shall should may might can could must ' +
    'this that these those it its their his her our your my which who whom whose where when while during since ' +
    'until till through per each every all some any more most less least such same other another also only ' +
    'not no very both either neither there here then thus each including among between against'
  ).split(' '),
);

/** Counters that say how often, not what: a quantity with one of these as its whole key is generic. */
export const GENERIC_QUANTITY_KEYS = new Set([
  'times',
  'time',
  'percent',
  '%',
  '回',
  '名',
  '人',
  '件',
  '倍',
  '%',
  '％',
]);

/** "Nuclear tests" → "nuclear test": the last word of a counted noun phrase in the singular. */
function singular(word: string): string {
  if (/(?:ss|us|is|ics)$/.test(word) || word.length <= 3 || word === 'times') return word;
  if (/ies$/.test(word)) return `${word.slice(0, -3)}y`;
  if (/(?:ches|shes|xes|sses)$/.test(word)) return word.slice(0, -2);
  if (/s$/.test(word)) return word.slice(0, -1);
  return word;
}

const HEDGE =
  '(?:(?:a\\s+total\\s+of|more\\s+than|over|about|approximately|around|nearly|almost|at\\s+least|some|up\\s+to)\\s+)?';
const NUMBER = `(?:\\d{1,3}(?:,\\d{3})+|\\d+(?:\\.\\d+)?|(?:${ENGLISH_NUMBER_WORD})(?:[\\s-]+(?:and\\s+)?(?:${ENGLISH_NUMBER_WORD}))*)`;
const SCALE = `(?:\\s+(${Object.keys(ENGLISH_SCALES).join('|')}))?`;
const ENGLISH_QUANTITY = new RegExp(`\\b(${HEDGE})(${NUMBER})${SCALE}(\\s*%|\\s+percent)?\\b`, 'gi');

/** The counted noun phrase after a number: up to three words, stopping at a function word or punctuation. */
function countedPhrase(text: string, from: number): { words: string[]; end: number } {
  const words: string[] = [];
  let end = from;
  // Letters of any script (a word never ends inside "gefördert"), on the number's own line, and not the start of an
  // e-mail address or a host name ("CA 94103" then "copyright@…" on the next line).
  const word = /^[ \t\u00a0]+(\p{L}[\p{L}-]*)(?![@.]\p{L})/u;
  while (words.length < 3) {
    const match = word.exec(text.slice(end));
    if (!match) break;
    const found = match[1] as string;
    const lower = found.toLowerCase();
    if (STOP_WORDS.has(lower)) break;
    // A participle after the noun ("personnel deployed") ends the phrase; before it ("armed forces") it is part.
    if (words.length > 0 && /[a-z]{3}ed$/.test(lower)) break;
    if (words.length > 0 && /^\p{Lu}/u.test(found) && !/^\p{Lu}/u.test(words[words.length - 1] as string)) break;
    words.push(found);
    end += match[0].length;
    // A plural noun usually ends the phrase ("three nuclear tests in …"); "times" always does.
    if (/[a-z]s$/.test(found) && !/(?:ss|us|is)$/.test(found)) break;
  }
  return { words, end };
}

/** English quantities of one sentence. */
export function englishQuantities(text: string): Candidate[] {
  const found: Candidate[] = [];
  for (const match of text.matchAll(ENGLISH_QUANTITY)) {
    const numberText = match[2] as string;
    let value = numberValue(numberText);
    if (value === null) continue;
    const scale = match[3] ? ENGLISH_SCALES[match[3].toLowerCase()] : undefined;
    if (scale !== undefined) value *= scale;
    const start = match.index;
    let end = start + match[0].length;
    let key: string;
    if (match[4]) key = 'percent';
    else {
      const phrase = countedPhrase(text, end);
      if (phrase.words.length === 0) continue;
      // A count ends on a common noun: "1455 Market Street", "CA 94103 United States" are addresses.
      if (/^\p{Lu}/u.test(phrase.words[phrase.words.length - 1] as string)) continue;
      const lower = phrase.words.map((w) => w.toLowerCase());
      // "One of the …", "one such …" are not counts; neither is a word number before a proper name.
      if (/^one$/i.test(numberText) && lower.length === 1 && /^(?:another|such)$/.test(lower[0] as string)) continue;
      lower[lower.length - 1] = singular(lower[lower.length - 1] as string);
      key = lower.join(' ');
      end = phrase.end;
    }
    found.push({ kind: 'quantity', start, end, key, value: formatNumber(value), label: text.slice(start, end) });
  }
  return found;
}

/** Japanese counters, longest first. */
const COUNTERS = [
  'カ国',
  'か国',
  'ヶ国',
  'ケ国',
  '箇所',
  '回',
  '名',
  '人',
  '件',
  '隻',
  '機',
  '発',
  '台',
  '個',
  '本',
  '社',
  '校',
  '都市',
  '億円',
  '万円',
  '円',
  '％',
  '%',
  '倍',
];
const JAPANESE_QUANTITY = new RegExp(
  `([0-9０-９][0-9０-９,，.．]*|[${KANJI_NUMERAL_CHARS}]+)(万|億)?(${COUNTERS.join('|')})`,
  'g',
);

/** Japanese quantities of one sentence. */
export function japaneseQuantities(text: string): Candidate[] {
  const found: Candidate[] = [];
  for (const match of text.matchAll(JAPANESE_QUANTITY)) {
    const start = match.index;
    // 第3回 is an ordinal ("the third"), not a count.
    if (text[start - 1] === '第') continue;
    let value = numberValue(match[1] as string);
    if (value === null) continue;
    if (match[2]) value *= match[2] === '万' ? 10_000 : 100_000_000;
    const counter = match[3] as string;
    const noun = /([\u30a0-\u30ff\u4e00-\u9fff]{1,8})[をにがはの]?$/.exec(text.slice(Math.max(0, start - 10), start));
    const key = noun ? `${noun[1]} ${counter}` : counter;
    const end = start + match[0].length;
    found.push({ kind: 'quantity', start, end, key, value: formatNumber(value), label: text.slice(start, end) });
  }
  return found;
}
