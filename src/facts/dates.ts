/**
 * Dates and periods in English and Japanese, normalised to ISO 8601: a day (2021-11-03), a month (2021-11), a year
 * (1982), an interval (2012-01/2017-05) or an open one (1982/.., ../2017), and fiscal years (FY2017).
 *
 * 1. Atoms. chrono-node (a maintained parser) reads what it can: "November 2021", "January 2012 to May 2017",
 *    2021年11月3日, 令和5年4月1日. It reads no year standing alone and no Japanese year without a day, so a small
 *    layer of our own reads those: "2017", "the end of 2020", "FY2017", "fiscal year 2017", 2017年, 2017年度,
 *    平成28年3月, 令和5年, 元年 (the first year of an era counts as 1). chrono's results are kept only when they name
 *    a year, so "this year" or a bare "November" never becomes a date with a year guessed from the reference date.
 * 2. Periods. Two atoms joined as "from A to/till/until/through B", "between A and B", "A–B", A〜B, AからBまで
 *    become one interval; an atom after "since" (or before 以来/以降) opens an interval, after "until"/"till"
 *    (or before まで) closes one.
 * 3. The key of a date is its value: a date's identity is the time it names. diffFacts pairs a lone date that
 *    changed inside one aligned sentence pair (see diff.ts).
 */
import type { ParsedComponents } from 'chrono-node';
import { type Candidate, overlapsAny } from './candidate.js';
import * as chrono from './chrono-runtime.js';
import { asciiDigits, kanjiNumberValue } from './numbers.js';

/** chrono's reference date, fixed so that extraction never reads the clock (results without a year are dropped). */
const REFERENCE_DATE = new Date(Date.UTC(2000, 0, 1));

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const MONTH_PATTERN = `(?:${MONTHS.map((m) => `${m[0]?.toUpperCase()}${m.slice(1)}`).join('|')})`;

/** First year (in the Gregorian calendar) of each Japanese era since the Meiji restoration. */
const ERA_START: Readonly<Record<string, number>> = { 明治: 1868, 大正: 1912, 昭和: 1926, 平成: 1989, 令和: 2019 };

/** One date found in a sentence: its span and ISO value, with an end value when it is already a period. */
interface Atom {
  start: number;
  end: number;
  value: string;
  endValue?: string;
}

/** `YYYY`, `YYYY-MM` or `YYYY-MM-DD` from the parts that are known. */
function iso(year: number, month?: number, day?: number): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  if (month === undefined) return String(year);
  if (day === undefined) return `${year}-${pad(month)}`;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** The ISO value of a chrono component, from its known (not implied) values; null without a year. */
function chronoValue(component: ParsedComponents): string | null {
  if (!component.isCertain('year')) return null;
  const year = component.get('year') as number;
  const month = component.isCertain('month') ? (component.get('month') as number) : undefined;
  const day = month !== undefined && component.isCertain('day') ? (component.get('day') as number) : undefined;
  return iso(year, month, day);
}

/** Dates chrono reads in a sentence (the English or Japanese parser), only those naming a year. */
function chronoAtoms(text: string, japanese: boolean): Atom[] {
  const parser = japanese ? chrono.ja : chrono.en;
  const atoms: Atom[] = [];
  for (const result of parser.parse(text, REFERENCE_DATE)) {
    const value = chronoValue(result.start);
    if (value === null) continue;
    const atom: Atom = { start: result.index, end: result.index + result.text.length, value };
    const endValue = result.end ? chronoValue(result.end) : null;
    if (endValue !== null && endValue !== value) atom.endValue = endValue;
    atoms.push(atom);
  }
  return atoms;
}

/** Words before a number that make it something other than a year ("Article 2017", "page 1996", "No. 1982"). */
const NOT_YEAR_BEFORE =
  /(?:article|paragraph|item|page|pages|no\.|section|chapter|law|resolution|[$¥€£#]|\d[,.]?)\s*$/i;

/** A year as `englishAtoms` reads one, anywhere: what both its patterns need. */
const YEAR_DIGITS = /(?:18|19|20)\d\d/;

/** A year, with its month and "the end of" before it (built once; matchAll copies it for each sentence). */
const YEAR = new RegExp(
  `\\b(?:(?:the\\s+)?(?:end|beginning|start|middle)\\s+of\\s+)?(?:(${MONTH_PATTERN})\\s+)?((?:18|19|20)\\d\\d)(?![\\d,.]\\d|\\s*%)\\b`,
  'g',
);

/** Years, months, fiscal years and "the end of" forms in English that chrono leaves out. */
function englishAtoms(text: string, taken: Atom[]): Atom[] {
  const atoms: Atom[] = [];
  // Both patterns below read a year of 18xx, 19xx or 20xx: without one (the article numbers of a code, 1426 or 2242)
  // neither can match, and the long year pattern is not run along the sentence.
  if (!YEAR_DIGITS.test(text)) return atoms;
  const fiscal = /\b(?:FY\s?|fiscal\s+(?:year\s+)?)((?:18|19|20)\d\d)\b/gi;
  for (const match of text.matchAll(fiscal)) {
    const start = match.index;
    const end = start + match[0].length;
    if (overlapsAny([...taken, ...atoms], start, end)) continue;
    atoms.push({ start, end, value: `FY${match[1]}` });
  }
  for (const match of text.matchAll(YEAR)) {
    const start = match.index;
    const end = start + match[0].length;
    if (overlapsAny([...taken, ...atoms], start, end)) continue;
    if (NOT_YEAR_BEFORE.test(text.slice(Math.max(0, start - 12), start))) continue;
    const month = match[1] ? MONTHS.indexOf(match[1].toLowerCase()) + 1 : undefined;
    atoms.push({ start, end, value: iso(Number(match[2]), month) });
  }
  return atoms;
}

/** A Japanese number (ASCII, full-width or kanji digits; 元 for the first year of an era). */
function japaneseNumber(text: string): number | null {
  if (text === '元') return 1;
  const digits = asciiDigits(text);
  if (/^\d+$/.test(digits)) return Number(digits);
  return kanjiNumberValue(text);
}

const JA_NUMBER = '[0-9０-９]{1,4}|[〇一二三四五六七八九十]{1,4}';

/** Era years (平成28年3月, 令和5年, 令和元年) and Western years (2017年, 2017年度, 2021年11月) in Japanese. */
function japaneseAtoms(text: string, taken: Atom[]): Atom[] {
  const atoms: Atom[] = [];
  const pattern = new RegExp(
    `(?:(明治|大正|昭和|平成|令和)(元|${JA_NUMBER})|([0-9０-９]{4}))年(度)?(?:(${JA_NUMBER})月)?(?:(${JA_NUMBER})日)?`,
    'g',
  );
  for (const match of text.matchAll(pattern)) {
    const start = match.index;
    const end = start + match[0].length;
    if (overlapsAny([...taken, ...atoms], start, end)) continue;
    const era = match[1];
    const year = era
      ? (ERA_START[era] as number) + (japaneseNumber(match[2] as string) ?? 1) - 1
      : Number(asciiDigits(match[3] as string));
    if (match[4]) {
      atoms.push({ start, end, value: `FY${year}` });
      continue;
    }
    const month = match[5] ? (japaneseNumber(match[5]) ?? undefined) : undefined;
    const day = match[6] && month !== undefined ? (japaneseNumber(match[6]) ?? undefined) : undefined;
    if (month !== undefined && (month < 1 || month > 12)) continue;
    atoms.push({ start, end, value: iso(year, month, day) });
  }
  return atoms;
}

/** The candidates of one atom or of a period made of two, with the words that make it a period inside the span. */
function periods(text: string, atoms: Atom[]): Candidate[] {
  const sorted = [...atoms].sort((a, b) => a.start - b.start);
  const found: Candidate[] = [];
  const make = (start: number, end: number, value: string): Candidate => ({
    kind: 'date',
    start,
    end,
    key: value,
    value,
    label: text.slice(start, end),
  });
  for (let i = 0; i < sorted.length; i++) {
    const atom = sorted[i] as Atom;
    const next = sorted[i + 1];
    const before = text.slice(0, atom.start);
    const opener = /\b(?:from|between)\s+$/i.exec(before);
    if (next) {
      const between = text.slice(atom.end, next.start);
      const joined =
        /^\s*(?:to|till|until|through|and)\s+(?:the\s+end\s+of\s+)?$/i.test(between) && opener !== null
          ? 'en'
          : /^\s*[–—~〜～]\s*$/.test(between) || (/^\s*-\s*$/.test(between) && opener !== null)
            ? 'dash'
            : /^\s*から\s*$/.test(between)
              ? 'ja'
              : null;
      if (joined !== null) {
        const start = opener ? opener.index : atom.start;
        let end = next.end;
        const until = /^\s*まで/.exec(text.slice(end));
        if (until) end += until[0].length;
        found.push(make(start, end, `${atom.value}/${next.endValue ?? next.value}`));
        i++;
        continue;
      }
    }
    if (atom.endValue !== undefined) {
      const start = opener ? opener.index : atom.start;
      found.push(make(start, atom.end, `${atom.value}/${atom.endValue}`));
      continue;
    }
    const since = /\b(?:since|from)\s+$/i.exec(before);
    const until = /\b(?:until|till)\s+$/i.exec(before);
    const after = text.slice(atom.end);
    const jaSince = /^(?:以来|以降|から)/.exec(after);
    const jaUntil = /^まで/.exec(after);
    if (since) found.push(make(since.index, atom.end, `${atom.value}/..`));
    else if (until) found.push(make(until.index, atom.end, `../${atom.value}`));
    else if (jaSince) found.push(make(atom.start, atom.end + jaSince[0].length, `${atom.value}/..`));
    else if (jaUntil) found.push(make(atom.start, atom.end + jaUntil[0].length, `../${atom.value}`));
    else found.push(make(atom.start, atom.end, atom.value));
  }
  return found;
}

/** Four digits, or a Japanese year or month: what a sentence holding a date holds (a module pattern: no copy per call). */
const DATE_HINT = /\d{4}|[年月]/;

/** Whether a sentence may hold a date at all: a cheap test that keeps chrono off most sentences of a long text. */
function mayHoldDate(text: string): boolean {
  return DATE_HINT.test(text);
}

/** The dates and periods of one sentence. */
export function findDates(text: string, japanese: boolean): Candidate[] {
  if (!mayHoldDate(text)) return [];
  const atoms = chronoAtoms(text, japanese);
  atoms.push(...(japanese ? japaneseAtoms(text, atoms) : []));
  atoms.push(...englishAtoms(text, atoms));
  return periods(text, atoms);
}
