/**
 * The text side of search that both stores share, in plain functions: splitting a query into terms, sorting them by
 * the index that can answer them, quoting them for FTS5 and LIKE, the digest that stores each distinct text once,
 * the character grams that index short Japanese terms, and cutting a snippet around the first match with every
 * match marked `[[…]]`. Doing the snippet here rather than with FTS5's snippet() keeps SQLite and PostgreSQL hits
 * identical.
 *
 * Why grams: a trigram index (FTS5's trigram tokenizer, pg_trgm) cannot answer a term shorter than three
 * characters, and in Japanese the commonest words are one or two characters (法律, 条, 国). Text in scripts written
 * without spaces is therefore also indexed as its single characters and adjacent pairs — the overlapping-bigram
 * indexing long used for CJK retrieval (e.g. Kwok, "Comparing representations in Chinese information retrieval",
 * SIGIR 1997; PostgreSQL's pg_bigm) — so a one- or two-character term is one lookup of one gram.
 */
import { createHash } from 'node:crypto';
import { sentenceSpans } from '../parse/sentences.js';
import type { SnippetPart } from './store.js';

/** Terms shorter than this cannot use a trigram index (FTS5 trigram or pg_trgm). */
export const TRIGRAM = 3;

/**
 * One letter or digit of a script written without spaces between words: Han, Hiragana, Katakana and Hangul, the
 * iteration and closing marks 々〆〇, the prolonged sound mark ー (ｰ), and full-width digits (第１条). Only letters and
 * digits, because those are what FTS5's unicode61 tokenizer keeps as token characters.
 */
const SPACELESS_CHARACTER =
  '(?:(?=[\\p{L}\\p{N}])' +
  '[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}\\u3005-\\u3007\\u30fc\\uff70\\uff10-\\uff19])';
/** A run of spaceless-script characters. */
const SPACELESS_RUN = new RegExp(`${SPACELESS_CHARACTER}+`, 'gu');
/** A string made only of spaceless-script characters. */
const SPACELESS_ONLY = new RegExp(`^${SPACELESS_CHARACTER}+$`, 'u');

/** The terms of a query sorted by the index that answers them. */
export interface TermKinds {
  /** Terms of three characters or more: the trigram index. */
  long: string[];
  /** Terms of one or two spaceless-script characters: the gram index (each is one gram). */
  grams: string[];
  /** Other short terms (`of`, `§ 1`, `第1`): no index, matched with LIKE on the candidates. */
  short: string[];
}

/** Sorts `terms` by the index that can answer each (see TermKinds). */
export function termKinds(terms: readonly string[]): TermKinds {
  const kinds: TermKinds = { long: [], grams: [], short: [] };
  for (const term of terms) {
    if (codePointLength(term) >= TRIGRAM) kinds.long.push(term);
    else if (SPACELESS_ONLY.test(term)) kinds.grams.push(term);
    else kinds.short.push(term);
  }
  return kinds;
}

/**
 * The grams of `text`, in order with repeats (so a gram's count is its term frequency): for every run of
 * spaceless-script characters, each character and each adjacent pair. Empty when the text has no such character.
 */
export function textGrams(text: string): string[] {
  const grams: string[] = [];
  for (const match of text.matchAll(SPACELESS_RUN)) {
    const characters = [...match[0]];
    for (let index = 0; index < characters.length; index++) {
      const character = characters[index] as string;
      grams.push(character);
      const next = characters[index + 1];
      if (next !== undefined) grams.push(character + next);
    }
  }
  return grams;
}

/** The SHA-256 of a text's UTF-8 bytes: the key under which a distinct text is stored once. */
export function textDigest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** A distinct text on its way into a store: its digest and, once stored or found, its id. */
export interface StoredText {
  /** SHA-256 of the text (textDigest). */
  digest: Buffer;
  /** The text. */
  text: string;
  /** Its id in `search_texts`, once known. */
  id?: number;
}

/** The distinct texts among `texts` by hex digest, and the hex digest of each text in order. */
export function distinctTexts(texts: readonly string[]): { byDigest: Map<string, StoredText>; keys: string[] } {
  const byDigest = new Map<string, StoredText>();
  const keys = texts.map((text) => {
    const digest = textDigest(text);
    const key = digest.toString('hex');
    if (!byDigest.has(key)) byDigest.set(key, { digest, text });
    return key;
  });
  return { byDigest, keys };
}

/**
 * The sentence of `text` that holds the match starting at `start`, as the parser splits sentences (`sentenceSpans`:
 * abbreviations and quotes as everywhere else), white space folded; the whole text when no sentence holds it.
 * Search units are blocks; a reader knows a result by the sentence it found, which stays the same while the rest of
 * its paragraph is reworded.
 */
export function matchedSentence(text: string, start: number): string {
  const { spans } = sentenceSpans(text);
  let from = 0;
  let to = text.length;
  for (let k = 0; k < spans.length; k += 2) {
    if ((spans[k + 1] as number) > start) {
      from = spans[k] as number;
      to = spans[k + 1] as number;
      break;
    }
  }
  return text.slice(from, to).replace(/\s+/g, ' ').trim();
}

/** The key of a search hit's text (`SearchHit.unit`): 16 hex digits of the SHA-256 of its matched sentence. */
export function sentenceKey(text: string, start: number): string {
  return textDigest(matchedSentence(text, start)).toString('hex').slice(0, 16);
}

/** Most terms a query may have; more are ignored (a query is typed by a person, not pasted from a book). */
export const MAX_TERMS = 16;

/**
 * The terms of a query: whitespace-separated words (full-width spaces too) or "quoted phrases" (an empty pair of
 * quotes is taken literally), NFC, duplicates dropped, longest first.
 */
export function queryTerms(query: string): string[] {
  const terms = new Set<string>();
  for (const match of query.normalize('NFC').matchAll(/"([^"]*)"|[^\s\u3000]+/gu)) {
    const phrase = match[1]?.replace(/[\s\u3000]+/gu, ' ').trim();
    const term = phrase === undefined || phrase === '' ? match[0] : phrase;
    if (term.trim() !== '') terms.add(term);
  }
  return [...terms].slice(0, MAX_TERMS).sort((a, b) => b.length - a.length);
}

/** Length of a term in code points (what the trigram tokenizers count). */
export function codePointLength(term: string): number {
  let count = 0;
  for (const _ of term) count++;
  return count;
}

/** An FTS5 phrase matching `term` literally: double quotes doubled, so operators and punctuation lose meaning. */
export function ftsPhrase(term: string): string {
  return `"${term.replaceAll('"', '""')}"`;
}

/** A LIKE pattern matching `term` anywhere, with `\` as the escape character for `%`, `_` and `\`. */
export function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A case-insensitive regular expression matching any of the terms (longest first, so the longest wins). */
function termsPattern(terms: readonly string[]): RegExp {
  const escaped = terms.map((term) => term.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
  return new RegExp(escaped.join('|'), 'giu');
}

/** One part of a snippet: plain text, or a match of a query term (declared with the store's shapes). */
export type { SnippetPart } from './store.js';

/** Where the first match is in `text` and the snippet around it. */
export interface Snippet {
  /**
   * Index in `text` of the first match of the passage shown: where most terms meet (0 when none is found, e.g. a case
   * folding the database and JS disagree on).
   */
  matchStart: number;
  /** Index just past the first match. */
  matchEnd: number;
  /** The text around that passage, matches marked `[[…]]`, cuts marked `…`. */
  snippet: string;
  /**
   * The same snippet as parts, matches flagged: unambiguous even when the document itself contains `[[` or `]]`
   * (a renderer that highlights from `snippet` could be made to highlight text that is no match).
   */
  parts: SnippetPart[];
}

/** Characters kept before the first match in a snippet. */
const BEFORE = 60;
/** Characters kept after the first match in a snippet. */
const AFTER = 100;

/** Moves `index` off the second half of a surrogate pair so a cut never splits a character. */
function onCharacterBoundary(text: string, index: number): number {
  const code = text.charCodeAt(index);
  return code >= 0xdc00 && code <= 0xdfff && index > 0 ? index - 1 : index;
}

/**
 * The matches a snippet should show: the run of matches within one snippet's width that holds the most distinct
 * terms (the earliest such run), as indices [first, last] into `matches`. A query of several words is about where
 * they meet: the first occurrence of its commonest word ("the security environment" → an early "environment") can
 * stand far from the passage that holds them all. Two pointers over the matches in text order: linear.
 */
function bestRun(matches: ReadonlyArray<readonly [number, number, string]>): [number, number] {
  const counts = new Map<string, number>();
  let best: [number, number] = [0, 0];
  let bestDistinct = 0;
  let first = 0;
  for (let last = 0; last < matches.length; last++) {
    const [, end, term] = matches[last] as readonly [number, number, string];
    counts.set(term, (counts.get(term) ?? 0) + 1);
    while (end - (matches[first] as readonly [number, number, string])[0] > BEFORE + AFTER) {
      const dropped = (matches[first] as readonly [number, number, string])[2];
      const left = (counts.get(dropped) ?? 1) - 1;
      if (left === 0) counts.delete(dropped);
      else counts.set(dropped, left);
      first++;
    }
    if (counts.size > bestDistinct) {
      bestDistinct = counts.size;
      best = [first, last];
    }
  }
  return best;
}

/**
 * The snippet of `text` around the passage where most of the query's terms meet (for one term: its first match),
 * every whole match inside it marked `[[…]]`.
 */
export function markSnippet(text: string, terms: readonly string[]): Snippet {
  const pattern = termsPattern(terms);
  const matches: Array<[number, number, string]> = [];
  for (const match of text.matchAll(pattern)) {
    if (match[0] === '') break;
    matches.push([match.index, match.index + match[0].length, match[0].toLocaleLowerCase()]);
    if (matches.length > 1000) break;
  }
  const [firstOfRun, lastOfRun] = bestRun(matches);
  const first = matches[firstOfRun] ?? [0, 0];
  const runEnd = matches[lastOfRun]?.[1] ?? 0;
  const from = onCharacterBoundary(text, Math.max(0, first[0] - BEFORE));
  const to = onCharacterBoundary(text, Math.min(text.length, Math.max(first[1] + AFTER, runEnd + 20)));
  const parts: SnippetPart[] = [];
  // Whitespace is folded part by part: a match never starts or ends with white space, so no run spans two parts.
  const push = (part: string, match: boolean) => {
    if (part !== '') parts.push({ text: part.replace(/\s+/g, ' '), match });
  };
  let at = from;
  for (const [start, end] of matches) {
    if (start < from || end > to) continue;
    push(text.slice(at, start), false);
    push(text.slice(start, end), true);
    at = end;
  }
  push(text.slice(at, to), false);
  if (from > 0) parts.unshift({ text: '…', match: false });
  if (to < text.length) parts.push({ text: '…', match: false });
  const snippet = parts.map((p) => (p.match ? `[[${p.text}]]` : p.text)).join('');
  return { matchStart: first[0], matchEnd: first[1], snippet, parts };
}
