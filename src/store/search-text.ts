/**
 * The query side of search that both stores share, in plain functions: splitting a query into terms, quoting them
 * for FTS5 and LIKE, and cutting a snippet around the first match with every match marked `[[…]]`. Doing the snippet
 * here rather than with FTS5's snippet() keeps SQLite and PostgreSQL hits identical.
 */

/** Terms shorter than this cannot use a trigram index (FTS5 trigram or pg_trgm) and are matched with LIKE. */
export const TRIGRAM = 3;

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

/** Where the first match is in `text` and the snippet around it. */
export interface Snippet {
  /** Index in `text` of the first match (0 when none is found, e.g. a case folding the database and JS disagree on). */
  matchStart: number;
  /** Index just past the first match. */
  matchEnd: number;
  /** The text around the first match, matches marked `[[…]]`, cuts marked `…`. */
  snippet: string;
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

/** The snippet of `text` around the first match of any term, every whole match inside it marked `[[…]]`. */
export function markSnippet(text: string, terms: readonly string[]): Snippet {
  const pattern = termsPattern(terms);
  const matches: Array<[number, number]> = [];
  for (const match of text.matchAll(pattern)) {
    if (match[0] === '') break;
    matches.push([match.index, match.index + match[0].length]);
    if (matches.length > 1000) break;
  }
  const first = matches[0] ?? [0, 0];
  const from = onCharacterBoundary(text, Math.max(0, first[0] - BEFORE));
  const to = onCharacterBoundary(text, Math.min(text.length, first[1] + AFTER));
  let snippet = from > 0 ? '…' : '';
  let at = from;
  for (const [start, end] of matches) {
    if (start < from || end > to) continue;
    snippet += `${text.slice(at, start)}[[${text.slice(start, end)}]]`;
    at = end;
  }
  snippet += text.slice(at, to) + (to < text.length ? '…' : '');
  return { matchStart: first[0], matchEnd: first[1], snippet: snippet.replace(/\s+/g, ' ') };
}
