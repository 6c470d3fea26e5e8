/**
 * Acronyms and their expansions, learnt from the text itself: "Multinational Force and Observers (MFO)" teaches
 * that MFO and "Multinational Force and Observers" are one name, so every later "MFO" (and every later spelled-out
 * name) has the key 'MFO'.
 *
 * The expansion is found as Schwartz & Hearst do ("A simple algorithm for identifying abbreviation definitions in
 * biomedical text", PSB 2003): walk the acronym's letters from the last, and the words before the parenthesis
 * from the end, matching each letter to a character of the words; the first letter must start a word. The window
 * is min(|A| + 5, 2·|A|) words. One change: the first word may not be a function word ("and Cross-Servicing
 * Agreement" for ACSA), so the match goes on back to "Acquisition".
 */

/** Words an expansion may not start with. */
const FUNCTION_WORDS = new Set(['a', 'an', 'the', 'and', 'or', 'of', 'on', 'in', 'for', 'to', 'with', 'by', 'at']);

/** A token that may be an acronym: two to ten characters, at least two capitals, an optional plural s. */
export const ACRONYM_TOKEN = /^[A-Z][A-Za-z0-9&-]*[A-Z0-9][A-Za-z0-9]*$/;

/** Acronyms every reader knows, so that "UN" and "United Nations" are one name even when the text never says so. */
const KNOWN_ACRONYMS: ReadonlyArray<[string, string]> = [
  ['UN', 'United Nations'],
  ['EU', 'European Union'],
  ['NATO', 'North Atlantic Treaty Organization'],
];

/** The acronyms of one edition, both ways. */
export interface AcronymTable {
  /** Acronym → its expansion as first written. */
  expansions: Map<string, string>;
  /** Expansion in lower case with single spaces → acronym. */
  acronyms: Map<string, string>;
}

/** Lower case, single spaces, no leading article: the form expansions are looked up by. */
export function expansionKey(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^the\s+/i, '')
    .toLowerCase();
}

/**
 * The expansion `acronym` abbreviates at the end of `before` (the text just before its parenthesis), as the
 * offset where it starts in `before`, or null.
 */
export function findExpansion(acronym: string, before: string): number | null {
  const letters = acronym.replace(/s$/, '').replace(/[^A-Za-z0-9]/g, '');
  if (letters.length < 2) return null;
  // The words in the window, with their offsets in `before`.
  const words = [...before.matchAll(/[^\s]+/g)];
  const window = Math.min(letters.length + 5, letters.length * 2);
  const first = words.length > window ? (words[words.length - window]?.index ?? 0) : (words[0]?.index ?? 0);
  const text = before.trimEnd();
  const isWordStart = (at: number) => at === 0 || /[\s-]/.test(text[at - 1] as string);
  const wordAt = (at: number) => /^[^\s-]+/.exec(text.slice(at))?.[0] ?? '';
  // Greedy backwards match; on a function word for the first letter, keep looking further back.
  let at = text.length - 1;
  for (let i = letters.length - 1; i >= 0; i--) {
    const letter = (letters[i] as string).toLowerCase();
    for (;;) {
      if (at < first) return null;
      const char = (text[at] as string).toLowerCase();
      const matches =
        char === letter &&
        (i > 0 || (isWordStart(at) && !FUNCTION_WORDS.has(wordAt(at).toLowerCase()))) &&
        // The first letter of each word of the expansion counts only at the start of a word, as in S&H's step 2.
        true;
      at--;
      if (matches) break;
    }
  }
  const start = at + 1;
  // The expansion must not be the acronym itself, nor reach into a previous clause.
  const expansion = text.slice(start);
  if (/[,;:.()]/.test(expansion.replace(/\b[A-Z]\./g, ''))) return null;
  if (expansion.length <= letters.length) return null;
  return start;
}

/** Learn an edition's acronyms from every "Expansion (ACR)" in its sentences. */
export function learnAcronyms(sentences: Iterable<string>): AcronymTable {
  const table: AcronymTable = { expansions: new Map(), acronyms: new Map() };
  for (const [acronym, expansion] of KNOWN_ACRONYMS) {
    table.expansions.set(acronym, expansion);
    table.acronyms.set(expansionKey(expansion), acronym);
  }
  // Indexed over an edition's sentences (a list, as callers pass them): for…of allocates per sentence, cold.
  const list = Array.isArray(sentences) ? (sentences as readonly string[]) : [...sentences];
  for (let i = 0; i < list.length; i++) {
    const definitions = acronymDefinitions(list[i] as string);
    if (definitions.length === 0) continue;
    for (const definition of definitions) {
      if (table.expansions.has(definition.acronym) && !KNOWN_ACRONYMS.some(([a]) => a === definition.acronym)) continue;
      table.expansions.set(definition.acronym, definition.expansion);
      table.acronyms.set(expansionKey(definition.expansion), definition.acronym);
    }
  }
  return table;
}

/** One "Expansion (ACR)" in a sentence: where the expansion starts and the parenthesis ends. */
export interface AcronymDefinition {
  acronym: string;
  expansion: string;
  start: number;
  end: number;
}

/** A parenthesised token that may be an acronym: "(MFO)". */
const PARENTHESISED = /\(([A-Z][A-Za-z0-9&-]{1,11})\)/g;
/** A plural s after a capital ("NGOs"). */
export const PLURAL_S = /(?<=[A-Z])s$/;

/** How many capitals A–Z a text holds (what `text.match(/[A-Z]/g)?.length ?? 0` counts), counted in place. */
export function capitalCount(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x41 && code <= 0x5a) count++;
  }
  return count;
}

/** The "Expansion (ACR)" definitions of one sentence. */
export function acronymDefinitions(sentence: string): AcronymDefinition[] {
  const found: AcronymDefinition[] = [];
  // An exec loop over a module pattern (never empty, so it finds what matchAll found): matchAll allocated an iterator
  // and a regular expression for every sentence, read twice (learnAcronyms, findNames), cold.
  PARENTHESISED.lastIndex = 0;
  for (let match = PARENTHESISED.exec(sentence); match !== null; match = PARENTHESISED.exec(sentence)) {
    const acronym = (match[1] as string).replace(PLURAL_S, '');
    if (!ACRONYM_TOKEN.test(acronym) || capitalCount(acronym) < 2) continue;
    const before = sentence.slice(0, match.index);
    const start = findExpansion(acronym, before);
    if (start === null) continue;
    const expansion = before
      .slice(start)
      .trimEnd()
      .replace(/^the\s+/i, '');
    const expansionStart = start + (before.slice(start).length - before.slice(start).replace(/^the\s+/i, '').length);
    found.push({ acronym, expansion, start: expansionStart, end: match.index + match[0].length });
  }
  return found;
}
