/**
 * `compare --shift intensity,modality`: a comparison narrowed to the pairs carrying a shift of the given kinds, so
 * every report shows only those (under their sections). The edition summaries and counts stay those of the whole
 * comparison: the filter narrows what is shown, not what was found.
 */
import type { AlignedPair, Comparison, ShiftKind } from '../model/comparison.js';

/** Whether a pair carries a shift of one of `kinds`. */
export function hasShift(pair: AlignedPair, kinds: readonly ShiftKind[]): boolean {
  return (pair.shifts ?? []).some((shift) => kinds.includes(shift.kind));
}

/**
 * The comparison with only the block and section pairs that carry a shift of `kinds`, the sections holding such
 * blocks, and the sentences of kept blocks. An empty `kinds` keeps everything.
 */
export function filterByShift(comparison: Comparison, kinds: readonly ShiftKind[]): Comparison {
  if (kinds.length === 0) return comparison;
  const kept = new Set<string>();
  for (const pair of comparison.pairs) {
    if (pair.level === 'sentence' || !hasShift(pair, kinds)) continue;
    kept.add(pair.id);
    // A block shows under its section: keep the section pair too.
    if (pair.level === 'block' && pair.parent) kept.add(pair.parent);
  }
  const pairs = comparison.pairs.filter((pair) =>
    pair.level === 'sentence' ? pair.parent !== undefined && kept.has(pair.parent) : kept.has(pair.id),
  );
  return { ...comparison, pairs };
}
