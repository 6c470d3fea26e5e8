/** The facts diff of two parsed editions as one value: what `palimpsest facts` and the HTTP API report. */
import type { Comparison } from '../model/comparison.js';
import type { DocumentNode } from '../model/tree.js';
import { transferStructure } from '../parse/transfer.js';
import { ENGINE_VERSION } from '../version.js';
import { diffFacts } from './diff.js';
import { extractFacts, SentenceReadings } from './extract.js';
import { FACT_KINDS, type FactKind, type FactOptions, type FactsReport } from './model.js';

/** Options of `factsReport`: the kinds to report (all by default) and the editions' language. */
export interface FactsReportOptions extends FactOptions {
  kinds?: readonly FactKind[];
}

/**
 * The facts diff of two editions with their comparison. The trees are read as the comparison read them (a flattened
 * edition borrows the other's structure, `transferStructure`), so sentence indices agree with its pairs.
 */
export function factsReport(
  comparison: Comparison,
  oldDocument: DocumentNode,
  newDocument: DocumentNode,
  options: FactsReportOptions = {},
): FactsReport {
  const [older, newer] = transferStructure(oldDocument, newDocument);
  const extractOptions: FactOptions = options.locale ? { locale: options.locale } : {};
  const readings = new SentenceReadings();
  const oldFacts = extractFacts(older, extractOptions, readings);
  const newFacts = extractFacts(newer, extractOptions, readings);
  const kinds = FACT_KINDS.filter((kind) => options.kinds === undefined || options.kinds.includes(kind));
  const reported = diffFacts(comparison, oldFacts, newFacts).filter((change) => kinds.includes(change.kind));
  // The paths of the changes' pairs only (the last pair of an id, as a map of every pair would have it).
  const wanted = new Set(reported.map((change) => change.pair));
  const paths = new Map<string, string[]>();
  // Indexed: one cold pass over every pair of the comparison (for…of allocates an iterator result per pair).
  const { pairs } = comparison;
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i] as (typeof pairs)[number];
    if (wanted.has(pair.id)) paths.set(pair.id, (pair.new ?? pair.old)?.path ?? []);
  }
  const changes = reported.map((change) => ({ ...change, path: (change.pair && paths.get(change.pair)) || [] }));
  const count = (kind: 'new' | 'dropped' | 'changed') => changes.filter((change) => change.change === kind).length;
  return {
    schemaVersion: 1,
    kind: 'facts',
    engine: { name: 'palimpsest', version: ENGINE_VERSION },
    old: { name: comparison.old.name, facts: oldFacts.length },
    new: { name: comparison.new.name, facts: newFacts.length },
    kinds: [...kinds],
    summary: { new: count('new'), dropped: count('dropped'), changed: count('changed') },
    changes,
  };
}
