/**
 * References (laws, articles, agreements) and organisations (missions, ministries, forces) of one sentence.
 *
 * 1. Acronym definitions "Expansion (ACR)" (acronyms.ts) are facts keyed by the acronym; so are later mentions of
 *    the acronym alone or of the expansion alone, whichever the edition learnt.
 * 2. Articles: "Article 95", "Paragraph 2 of Article 95", "Article 9 (2)", 第95条の2, 第5条第2項, with the law that
 *    follows ("of the Self-Defense Forces Law") or precedes (自衛隊法第95条の2) in the key: 'Article 95-2
 *    Self-Defense Forces Law'. MOFA's English renders 第95条の2 as "Paragraph 2 of Article 95", so both read
 *    'Article 95-2'; a numbered paragraph (第2項, "Article 95(2)") reads 'Article 95(2)'.
 * 3. Proper-name runs: capitalised words joined by of/on/the/for/and/in/to ("United Nations Convention on the Law
 *    of the Sea", "Legislation for Peace and Security"). A run of two words or more is a reference when it holds
 *    an instrument word (Law, Act, Agreement, Convention, Treaty…), an organisation when it holds an organisation
 *    word (Ministry, Forces, Mission, Secretariat…); other runs are not facts. Japanese names are kanji/katakana
 *    runs ending in 法, 条約, 協定 (references) or 省, 庁, 機構, 委員会, 自衛隊 (organisations).
 * 4. Other acronyms standing alone (PKO, MOFA, NGOs) are organisations keyed by themselves.
 */
import {
  ACRONYM_TOKEN,
  type AcronymTable,
  acronymDefinitions,
  capitalCount,
  expansionKey,
  PLURAL_S,
} from './acronyms.js';
import type { Candidate } from './candidate.js';
import type { FactKind } from './model.js';
import { asciiDigits, kanjiNumberValue } from './numbers.js';
import { placeNamed } from './places.js';

const INSTRUMENT_WORDS = new Set([
  'Law',
  'Laws',
  'Act',
  'Acts',
  'Code',
  'Constitution',
  'Convention',
  'Treaty',
  'Charter',
  'Agreement',
  'Protocol',
  'Accord',
  'Accords',
  'Legislation',
  'Declaration',
  'Resolution',
  'Guidelines',
  'Regulation',
  'Directive',
  'Statute',
]);

const ORGANISATION_WORDS = new Set([
  'Ministry',
  'Agency',
  'Organization',
  'Organisation',
  'Secretariat',
  'Council',
  'Committee',
  'Commission',
  'Forces',
  'Force',
  'Bank',
  'Fund',
  'Union',
  'Office',
  'Court',
  'Government',
  'Mission',
  'Association',
  'Institute',
  'Assembly',
  'Parliament',
  'Cabinet',
  'Department',
  'Bureau',
  'Corps',
  'Alliance',
  'Nations',
  'Observers',
  'Operations',
  'Guard',
  'Army',
  'Navy',
]);

/** Lower-case words that join a name's capitalised words; none is longer than three letters (capitalRuns relies on it). */
const CONNECTORS = new Set(['of', 'on', 'the', 'for', 'and', 'in', 'to', 'de', 'du', 'des', 'la']);

/**
 * The kind a name is by its head words: a reference, an organisation, or neither (null). A head word counts where
 * English names put their head: last ("Self-Defense Forces Law", "Irish Data Protection Commission") or before
 * of/for/on ("Ministry of Defense", "Legislation for Peace and Security"); in a title such as "Global Operations and
 * Data Transfers" it does not.
 */
function nameKind(words: readonly string[]): FactKind | null {
  // One indexed pass over the head words, no list of them: an instrument word anywhere wins over an organisation word.
  let organisation = false;
  for (let at = 0; at < words.length; at++) {
    const next = words[at + 1];
    if (at !== words.length - 1 && next !== 'of' && next !== 'for' && next !== 'on') continue;
    const word = words[at] as string;
    if (INSTRUMENT_WORDS.has(word)) return 'reference';
    if (ORGANISATION_WORDS.has(word)) organisation = true;
  }
  return organisation ? 'organisation' : null;
}

/** How many of a run's words start with a capital A–Z (what `/^[A-Z]/` tests), counted in place. */
function capitalised(words: readonly string[]): number {
  let count = 0;
  for (let i = 0; i < words.length; i++) {
    const code = (words[i] as string).charCodeAt(0);
    if (code >= 0x41 && code <= 0x5a) count++;
  }
  return count;
}

/** A capitalised word, an initialism (U.S.), or hyphenated compounds of them (Japan-U.S., Self-Defense). */
const CAPITAL = '(?:[A-Z](?:\\.[A-Z])+\\.|[A-Z][A-Za-z0-9]*)(?:-(?:[A-Z](?:\\.[A-Z])+\\.|[A-Za-z][A-Za-z0-9]*))*';
/** A capitalised word as a token, with its possessive. */
const CAPITAL_TOKEN = new RegExp(`(${CAPITAL})(['’]s\\b)?`, 'g');
const SPACE = /\s/;
const LOWER_A = 0x61;
const LOWER_Z = 0x7a;

/** Capitalised words that end a name rather than continue it ("… Security in March 2016"). */
const NOT_IN_NAMES = new Set(
  'January February March April May June July August September October November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday'.split(
    ' ',
  ),
);

/**
 * A run joined by "and" of two names that each stand alone ("Self-Defense Forces and U.S. Forces") is two names;
 * "Multinational Force and Observers" is one, since "Observers" alone names nothing.
 */
function splitCoordinated(run: NameRun, text: string): NameRun[] {
  const at = run.words.indexOf('and');
  if (at <= 0) return [run];
  const left = run.words.slice(0, at);
  // "… and the Irish Data Protection Commission": the right name starts at its first capitalised word.
  let from = at + 1;
  while (from < run.words.length && CONNECTORS.has(run.words[from] as string)) from++;
  const right = run.words.slice(from);
  const standsAlone = (words: string[]) =>
    words.filter((word) => /^[A-Z]/.test(word)).length >= 2 && nameKind(words) !== null;
  if (!standsAlone(left) || !standsAlone(right)) return [run];
  const and = text.indexOf(' and ', run.start);
  const rightStart = text.indexOf(right[0] as string, and + 4);
  const leftEnd = text.slice(run.start, and).trimEnd().length + run.start;
  return [
    { start: run.start, end: leftEnd, words: left },
    ...splitCoordinated({ start: rightStart, end: run.end, words: right }, text),
  ];
}

/** A run of capitalised words in a sentence. */
export interface NameRun {
  start: number;
  end: number;
  words: string[];
}

/**
 * The runs of capitalised words of a sentence and the connectors between them. The sentence is read as a
 * run of tokens — a capitalised word (with its possessive), a lower-case word, or any other non-space character —
 * but only the capitalised words are looked for: between two of them the text holds no capital letter, so its tokens
 * are lower-case words and single characters, which matter only while a run is open (a connector joins it, anything
 * else closes it). Matching every token of every sentence allocated some 90 MB per large compare.
 */
export function capitalRuns(text: string): NameRun[] {
  const runs: NameRun[] = [];
  let current: { start: number; end: number; words: string[]; pending: number } | null = null;
  const close = () => {
    if (current && current.words.length > 0) {
      // Trailing connectors were never committed: `end` is the end of the last capitalised word. Without any, the
      // run's own list is its words (nothing else holds it).
      const words =
        current.pending === 0 ? current.words : current.words.slice(0, current.words.length - current.pending);
      runs.push({ start: current.start, end: current.end, words });
    }
    current = null;
  };
  /** The tokens of text[from, to) (no capital letter there) while a run is open: connectors join it, others close it. */
  const between = (from: number, to: number): void => {
    let at = from;
    while (current !== null && at < to) {
      const code = text.charCodeAt(at);
      if (code >= LOWER_A && code <= LOWER_Z) {
        let end = at + 1;
        while (end < to && text.charCodeAt(end) >= LOWER_A && text.charCodeAt(end) <= LOWER_Z) end++;
        // No connector is longer than three letters: a longer word closes the run without being copied out.
        const word = end - at > 3 ? '' : text.slice(at, end);
        if (!CONNECTORS.has(word)) close();
        else {
          current.words.push(word);
          current.pending++;
        }
        at = end;
      } else if (SPACE.test(text[at] as string)) at++;
      else close();
    }
  };
  let previousEnd = 0;
  CAPITAL_TOKEN.lastIndex = 0;
  for (let match = CAPITAL_TOKEN.exec(text); match !== null; match = CAPITAL_TOKEN.exec(text)) {
    // By index: destructuring a match runs the array iterator, an allocation per step in the interpreter.
    const token = match[0];
    const capital = match[1] as string;
    const possessive = match[2];
    const start = match.index;
    between(previousEnd, start);
    previousEnd = start + token.length;
    if (NOT_IN_NAMES.has(capital)) {
      close();
      continue;
    }
    if (current === null) current = { start, end: start + capital.length, words: [], pending: 0 };
    // Connectors before this capital are now inside the run.
    current.pending = 0;
    current.words.push(capital);
    current.end = start + capital.length;
    if (possessive !== undefined) close();
  }
  close();
  return runs;
}

/** The proper-name runs of a sentence: its capitalised runs, coordinated names split, a leading article left out. */
function nameRuns(text: string): NameRun[] {
  const wholes = capitalRuns(text);
  // Most sentences have no run to split or to strip of an article: then the runs are capitalRuns' own list.
  let unchanged = true;
  for (let i = 0; i < wholes.length && unchanged; i++) {
    const words = (wholes[i] as NameRun).words;
    const first = words[0];
    if (words.indexOf('and') > 0 || ((first === 'The' || first === 'A' || first === 'An') && words.length > 1))
      unchanged = false;
  }
  if (unchanged) return wholes;
  const runs: NameRun[] = [];
  // Indexed, and a run without "and" is taken as it is: a list per run and two chained copies added up, cold.
  for (let i = 0; i < wholes.length; i++) {
    const whole = wholes[i] as NameRun;
    if (whole.words.indexOf('and') <= 0) withoutArticle(whole, text, runs);
    else {
      const parts = splitCoordinated(whole, text);
      for (let j = 0; j < parts.length; j++) withoutArticle(parts[j] as NameRun, text, runs);
    }
  }
  return runs;
}

/** Adds a run to `runs` without its leading article: a sentence-initial article is not part of the name. */
function withoutArticle(run: NameRun, text: string, runs: NameRun[]): void {
  const first = run.words[0];
  if ((first === 'The' || first === 'A' || first === 'An') && run.words.length > 1) {
    const next = text.indexOf(run.words[1] as string, run.start + first.length);
    runs.push({ start: next, end: run.end, words: run.words.slice(1) });
  } else runs.push(run);
}

/**
 * Whether a text is set in capitals: more than 20 ASCII letters, over half of them capitals (then its capitalised
 * words are no acronyms). Counted in place: the letters are not copied out of every sentence.
 */
function isShouting(text: string): boolean {
  let letters = 0;
  let capitals = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i) | 0x20;
    if (code < 0x61 || code > 0x7a) continue;
    letters++;
    if (text.charCodeAt(i) < 0x61) capitals++;
  }
  return letters > 20 && capitals > letters / 2;
}

/** The label of an acronym: its expansion and itself, as the edition defined it. */
function acronymLabel(acronym: string, table: AcronymTable): string {
  const expansion = table.expansions.get(acronym);
  return expansion === undefined ? acronym : `${expansion} (${acronym})`;
}

/** The kind of an acronym: a reference when its expansion names an instrument (ACSA, UNCLOS), else an organisation. */
function acronymKind(acronym: string, table: AcronymTable): FactKind {
  const expansion = table.expansions.get(acronym);
  return expansion !== undefined && nameKind(expansion.split(/[\s-]+/)) === 'reference' ? 'reference' : 'organisation';
}

/** A regular expression for the learnt expansions of a table (longest first), built once per edition. */
export function expansionPattern(table: AcronymTable): RegExp | null {
  const expansions = [...table.expansions.values()].sort((a, b) => b.length - a.length);
  if (expansions.length === 0) return null;
  const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
  return new RegExp(`\\b(?:${expansions.map(escapeRegExp).join('|')})\\b`, 'gi');
}

/** A Japanese or ASCII number in an article reference. */
function articleNumber(text: string): string {
  const digits = asciiDigits(text);
  return /^\d+$/.test(digits) ? String(Number(digits)) : String(kanjiNumberValue(text) ?? text);
}

/** An English article reference (never empty, so an exec loop reads it as matchAll would). */
const ENGLISH_ARTICLE = /\b(?:(?:Paragraph|Item)\s+(\d+)\s+of\s+)?Article\s+(\d+)(?:-(\d+))?(?:\s*\((\d+)\))?/g;
/** "of the" after an article, read where the article ends (sticky: no copy of the rest of the sentence). */
const OF_LAW = /\s+(?:of|in)\s+(?:the\s+)?/y;

/** The run that starts at `start`, or undefined. */
function runAt(runs: readonly NameRun[], start: number): NameRun | undefined {
  for (let i = 0; i < runs.length; i++) if ((runs[i] as NameRun).start === start) return runs[i];
  return undefined;
}

/** English articles and the law they belong to. */
function englishArticles(text: string, runs: NameRun[]): Candidate[] {
  const found: Candidate[] = [];
  // An exec loop over module patterns: matchAll allocated an iterator and a regular expression per sentence, cold.
  ENGLISH_ARTICLE.lastIndex = 0;
  for (let match = ENGLISH_ARTICLE.exec(text); match !== null; match = ENGLISH_ARTICLE.exec(text)) {
    const paragraph = match[1];
    const article = match[2];
    const branch = match[3];
    const numbered = match[4];
    let key = `Article ${article}`;
    if (branch ?? paragraph) key += `-${branch ?? paragraph}`;
    if (numbered) key += `(${numbered})`;
    const start = match.index;
    let end = start + match[0].length;
    OF_LAW.lastIndex = end;
    const of = OF_LAW.exec(text);
    const law = of ? runAt(runs, end + of[0].length) : undefined;
    if (law && nameKind(law.words) === 'reference') {
      key += ` ${text.slice(law.start, law.end)}`;
      end = law.end;
    }
    found.push({ kind: 'reference', start, end, key, label: text.slice(start, end) });
  }
  return found;
}

const JA_NUMBER = '[0-9０-９]+|[〇一二三四五六七八九十百千]+';
const JA_NAME = '[\\u4e00-\\u9fff\\u30a0-\\u30ff・]';
const JA_ARTICLE = new RegExp(
  `((?:(?![第条項号])${JA_NAME})+?(?:法律|法|条約|協定|憲章|規則|令))?第(${JA_NUMBER})条(?:の(${JA_NUMBER}))?(?:第(${JA_NUMBER})項)?(?:第(${JA_NUMBER})号)?`,
  'g',
);
/** Words ending in 法 that name no law; "the same law", "this law", "the new law" point back to one. */
const NOT_A_LAW =
  /(?:方法|手法|用法|文法|立法|司法|違法|合法|不法|技法|製法|論法|作法|戦法|寸法)$|^(?:同|本|新|旧|この|当該)(?:法|法律|令|条約|協定)$|年法律$/;

/** A law's name as written before its article, without a leading 中 ("第二条中特許法": "in Article 2, the Patent Act"). */
function lawName(name: string, before: string): string {
  return name.startsWith('中') && before.endsWith('条') ? name.slice(1) : name;
}
const JA_LAW = new RegExp(`(?:(?![第条項号])${JA_NAME}){2,}(?:法律|法|条約|協定|憲章)`, 'g');
const JA_ORGANISATION = new RegExp(
  `${JA_NAME}*(?:省|庁|機構|委員会|理事会|事務局|機関|自衛隊|連合|同盟|ミッション|軍)(?![\\u4e00-\\u9fff])`,
  'g',
);
/** Words ending like an organisation that name none. */
const NOT_AN_ORGANISATION = /^(?:部隊|軍|機関|同盟|連合|委員会|省|庁|各省庁|関係省庁|関係機関)$/;

/** Japanese articles, laws and organisations. */
function japaneseNames(text: string): Candidate[] {
  const found: Candidate[] = [];
  for (const match of text.matchAll(JA_ARTICLE)) {
    const [whole, written, article, branch, paragraph, item] = match;
    const law = written === undefined ? undefined : lawName(written, text.slice(0, match.index));
    const skipped = (written?.length ?? 0) - (law?.length ?? 0);
    let key = `Article ${articleNumber(article as string)}`;
    if (branch) key += `-${articleNumber(branch)}`;
    if (paragraph) key += `(${articleNumber(paragraph)})`;
    if (item) key += ` item ${articleNumber(item)}`;
    if (law && !NOT_A_LAW.test(law)) key += ` ${law}`;
    const start = match.index + skipped + (law && NOT_A_LAW.test(law) ? law.length : 0);
    found.push({
      kind: 'reference',
      start,
      end: match.index + whole.length,
      key,
      label: text.slice(start, match.index + whole.length),
    });
  }
  for (const match of text.matchAll(JA_LAW)) {
    if (NOT_A_LAW.test(match[0])) continue;
    found.push({
      kind: 'reference',
      start: match.index,
      end: match.index + match[0].length,
      key: match[0],
      label: match[0],
    });
  }
  for (const match of text.matchAll(JA_ORGANISATION)) {
    if (match[0].length < 2 || NOT_AN_ORGANISATION.test(match[0])) continue;
    found.push({
      kind: 'organisation',
      start: match.index,
      end: match.index + match[0].length,
      key: match[0],
      label: match[0],
    });
  }
  return found;
}

/** Roman numerals and other capitals that are no organisation's acronym. */
const NOT_AN_ACRONYM =
  /^(?:[IVXLCDM]+|FY|AM|PM|OK|TV|ID|No|Q\d|[A-Z]\d+|FAQ|URL|API|PDF|HTML|HTTP|HTTPS|USD|EUR|JPY|VAT|CEO|CFO|SMS|GPS|DNA|COVID|ASAP|FYI|ETA|LLC|INC|LTD|IMPORTANT|NOTE|NOT|AND|THE|OR)$/;

/** A capitalised token that may be an acronym (never empty, so an exec loop reads it as matchAll would). */
const ACRONYM_MENTION = /(?<![A-Za-z0-9.&-])[A-Z][A-Za-z0-9&]*[A-Z0-9][A-Za-z0-9&]*(?![A-Za-z0-9&]|\.[A-Za-z])/g;
/** A digit before a letter: a code, not an acronym. */
const DIGIT_THEN_LETTER = /\d\p{L}/u;

/** Appends the items of a list (no spread: `push(...list)` builds an argument list per call). */
function pushAll(found: Candidate[], more: readonly Candidate[]): void {
  for (let i = 0; i < more.length; i++) found.push(more[i] as Candidate);
}

/**
 * The references and organisations of one sentence, in the order of the readers above (earlier readers win
 * overlaps in extract.ts).
 */
export function findNames(
  text: string,
  table: AcronymTable,
  expansions: RegExp | null,
  japanese: boolean,
): Candidate[] {
  const found: Candidate[] = [];
  // Indexed loops and exec loops over module patterns throughout: every sentence of an edition is read, cold, where
  // for…of, matchAll and callbacks allocate per step.
  const definitions = acronymDefinitions(text);
  for (let i = 0; i < definitions.length; i++) {
    const definition = definitions[i] as (typeof definitions)[number];
    const acronym = table.acronyms.get(expansionKey(definition.expansion)) ?? definition.acronym;
    found.push({
      kind: acronymKind(acronym, table),
      start: definition.start,
      end: definition.end,
      key: acronym,
      label: acronymLabel(acronym, table),
    });
  }
  const runs = nameRuns(text);
  pushAll(found, englishArticles(text, runs));
  if (japanese) pushAll(found, japaneseNames(text));
  if (expansions) {
    // The learnt expansions, none empty: an exec loop finds what matchAll found (and leaves lastIndex at 0).
    expansions.lastIndex = 0;
    for (let match = expansions.exec(text); match !== null; match = expansions.exec(text)) {
      const acronym = table.acronyms.get(expansionKey(match[0]));
      if (acronym === undefined) continue;
      const end = match.index + match[0].length;
      found.push({
        kind: acronymKind(acronym, table),
        start: match.index,
        end,
        key: acronym,
        label: acronymLabel(acronym, table),
      });
    }
  }
  for (let i = 0; i < runs.length; i++) {
    const run = runs[i] as NameRun;
    const kind = capitalised(run.words) >= 2 ? nameKind(run.words) : null;
    if (kind === null) continue;
    const name = text.slice(run.start, run.end).replace(/\s+/g, ' ');
    const acronym = table.acronyms.get(expansionKey(name));
    found.push({
      kind: acronym ? acronymKind(acronym, table) : kind,
      start: run.start,
      end: run.end,
      key: acronym ?? name,
      label: acronym ? acronymLabel(acronym, table) : name,
    });
  }
  // Counted only when an acronym the edition never spells out needs it (most sentences have none).
  let shouting: boolean | undefined;
  ACRONYM_MENTION.lastIndex = 0;
  for (let match = ACRONYM_MENTION.exec(text); match !== null; match = ACRONYM_MENTION.exec(text)) {
    const token = match[0];
    const acronym = token.replace(PLURAL_S, '');
    if (!ACRONYM_TOKEN.test(acronym) || NOT_AN_ACRONYM.test(acronym) || placeNamed(token) !== undefined) continue;
    // A digit between capitals is a code (a postcode such as EC1A, a model number), not an acronym.
    if (DIGIT_THEN_LETTER.test(acronym)) continue;
    if (capitalCount(acronym) < Math.max(2, acronym.length - 1)) continue;
    const known = table.expansions.has(acronym);
    // An acronym the edition never spells out names an organisation only when it is three to six capitals long
    // ("AI", "VR" name none).
    if (!known && (acronym.length > 6 || acronym.length < 3)) continue;
    if (!known) {
      shouting ??= isShouting(text);
      if (shouting) continue;
    }
    found.push({
      kind: acronymKind(acronym, table),
      start: match.index,
      end: match.index + token.length,
      key: acronym,
      label: acronymLabel(acronym, table),
    });
  }
  return found;
}
