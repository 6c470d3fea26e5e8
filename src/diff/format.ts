/**
 * A compact, readable rendering of word changes in the style of GNU wdiff (`[-deleted-]{+inserted+}`), used by
 * tests across the project to assert diffs as strings.
 */
import type { AlignedPair, WordChange } from '../model/comparison.js';

/** Renders changes as `kept [-deleted-]{+inserted+} kept`; equal runs show the old edition's text. */
export function formatChanges(changes: readonly WordChange[]): string {
  let result = '';
  for (const change of changes) {
    if (change.op === 'equal') result += change.text;
    else if (change.op === 'delete') result += `[-${change.text}-]`;
    else result += `{+${change.text}+}`;
  }
  return result;
}

/**
 * Renders one aligned pair in the same notation: its word changes when it has some, else the whole unit — an
 * inserted one as `{+text+}`, a deleted one as `[-text-]` (their `changes` are empty: they are whole), one whose text
 * is the same on both sides as its text. `formatChanges(pair.changes)` alone gave an empty string for every
 * inserted or deleted sentence.
 */
export function formatPair(pair: Pick<AlignedPair, 'relation' | 'old' | 'new' | 'changes'>): string {
  if (pair.changes.some((change) => change.op !== 'equal')) return formatChanges(pair.changes);
  const before = pair.old?.text;
  const after = pair.new?.text;
  if (before === undefined) return after === undefined ? '' : `{+${after}+}`;
  if (after === undefined) return `[-${before}-]`;
  return before === after ? after : `[-${before}-]{+${after}+}`;
}
