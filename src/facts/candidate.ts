import type { FactKind } from './model.js';

/** A fact found in one sentence, before it is placed in the edition: offsets are relative to the sentence. */
export interface Candidate {
  kind: FactKind;
  start: number;
  end: number;
  key: string;
  value?: string;
  label?: string;
}

/** Whether [start, end) overlaps a span already taken. */
export function overlapsAny(taken: ReadonlyArray<{ start: number; end: number }>, start: number, end: number): boolean {
  // Indexed, with no callback: called for every candidate of every sentence, cold.
  for (let i = 0; i < taken.length; i++) {
    const span = taken[i] as { start: number; end: number };
    if (start < span.end && span.start < end) return true;
  }
  return false;
}
