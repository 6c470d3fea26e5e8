/**
 * Following facts through a series (`palimpsest trace SERIES PHRASE --facts`): the facts of every edition whose key
 * or text holds the phrase, grouped into threads by kind and key (the MFO, the count of headquarter personnel), with
 * each thread's values per edition — so a reader sees when a mission appears, when a count changes, when an
 * agreement is no longer cited.
 *
 * 1. Extract each edition's facts (extract.ts).
 * 2. Keep the facts whose key equals the phrase, case and width folded; when none does, those whose key, label or
 *    text contains it.
 * 3. Group them by kind and key; per thread and edition, list the distinct values (in order of first mention), the
 *    number of mentions and the first text read.
 */
import type { DocumentNode } from '../model/tree.js';
import { ENGINE_VERSION } from '../version.js';
import { extractFacts, SentenceReadings } from './extract.js';
import type { Fact, FactKind } from './model.js';

/** One edition of a series as fact tracing reads it. */
export interface FactTraceEdition {
  label: string;
  date?: string;
  document: DocumentNode;
  /** BCP 47 language of the edition, when known. */
  locale?: string;
}

/** One fact thread in one edition: absent (no mentions), or its values and first text. */
export interface FactTraceCell {
  label: string;
  mentions: number;
  /** Distinct values in order of first mention (empty for facts without one, such as organisations). */
  values: string[];
  /** The text of the first mention. */
  text?: string;
  /** Sentence index of the first mention. */
  sentence?: number;
}

/** One fact followed through the series. */
export interface FactThread {
  kind: FactKind;
  key: string;
  /** What a reader reads, from the latest mention that has a label, else its text. */
  label: string;
  editions: FactTraceCell[];
}

/** The facts matching a phrase, edition by edition (JSON: `kind: 'fact-trace'`). */
export interface FactTrace {
  schemaVersion: 1;
  kind: 'fact-trace';
  engine: { name: 'palimpsest'; version: string };
  phrase: string;
  editions: Array<{ label: string; date?: string }>;
  threads: FactThread[];
}

/** Case and width folded, for matching a phrase against keys and texts. */
function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Follow the facts matching `phrase` through `editions` (in series order). */
export function traceFacts(editions: readonly FactTraceEdition[], phrase: string): FactTrace {
  const wanted = fold(phrase);
  const readings = new SentenceReadings();
  const factsOf = editions.map((edition) =>
    extractFacts(edition.document, edition.locale ? { locale: edition.locale } : {}, readings),
  );
  const exact = factsOf.some((facts) => facts.some((fact) => fold(fact.key) === wanted));
  const matches = (fact: Fact) =>
    exact
      ? fold(fact.key) === wanted
      : [fact.key, fact.label ?? '', fact.text].some((text) => fold(text).includes(wanted));
  const threads = new Map<string, FactThread>();
  factsOf.forEach((facts, at) => {
    for (const fact of facts) {
      if (!matches(fact)) continue;
      const id = `${fact.kind}\u0000${fact.key}`;
      let thread = threads.get(id);
      if (!thread) {
        thread = {
          kind: fact.kind,
          key: fact.key,
          label: fact.label ?? fact.text,
          editions: editions.map((edition) => ({ label: edition.label, mentions: 0, values: [] })),
        };
        threads.set(id, thread);
      }
      if (fact.label !== undefined) thread.label = fact.label;
      const cell = thread.editions[at] as FactTraceCell;
      cell.mentions++;
      if (fact.value !== undefined && !cell.values.includes(fact.value)) cell.values.push(fact.value);
      if (cell.text === undefined) {
        cell.text = fact.text;
        cell.sentence = fact.sentence;
      }
    }
  });
  return {
    schemaVersion: 1,
    kind: 'fact-trace',
    engine: { name: 'palimpsest', version: ENGINE_VERSION },
    phrase,
    editions: editions.map((edition) => ({ label: edition.label, ...(edition.date ? { date: edition.date } : {}) })),
    threads: [...threads.values()],
  };
}
