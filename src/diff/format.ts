/**
 * A compact, readable rendering of word changes in the style of GNU wdiff (`[-deleted-]{+inserted+}`), used by
 * tests across the project to assert diffs as strings.
 */
import type { WordChange } from '../model/comparison.js';

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
