/**
 * Semantic clean-up of a token edit script, after Neil Fraser's diff-match-patch (`diff_cleanupSemantic`,
 * `diff_cleanupMerge`, `diff_cleanupSemanticLossless`; see also N. Fraser, "Diff Strategies", 2006).
 *
 * A minimal edit script is not the most readable one: between two rewritten phrases Myers' algorithm happily keeps
 * every shared space and "the" as equal, so a reader sees interleaved words instead of a phrase replaced. The
 * clean-up works on segments over token index ranges and, in order:
 * 1. absorbs an equality lying between two edits when it is no longer than the edits on either side of it
 *    (Fraser's rule, with lengths measured on normalised token text), re-examining neighbours after each merge;
 * 2. moves tokens common to the start or end of a replacement's two sides out into the neighbouring equalities;
 * 3. slides each pure insertion or deletion along equal tokens to the position that reads best (starting at a
 *    word after a space, ending with the space), the token-level counterpart of `diff_cleanupSemanticLossless`;
 * 4. drops empty segments and merges neighbours of the same kind.
 */
import type { EditRun } from './myers.js';

/** A stretch of a diff over token (or unit) index ranges: kept (both ranges equal length) or edited. */
export interface Segment {
  equal: boolean;
  oldStart: number;
  oldEnd: number;
  newStart: number;
  newEnd: number;
}

/** What the clean-up needs to know about one side's tokens. */
export interface TokenSequence {
  /** Interned comparison key of each token. */
  keys: Int32Array;
  /** weightPrefix[i] is the summed key length of tokens before i (length tokens + 1). */
  weightPrefix: Float64Array;
  /** 1 when the token is whitespace only. */
  space: Uint8Array;
  /** 1 when the token holds a word (is not filler). */
  word: Uint8Array;
}

/** Segments from an edit script: equal runs stay, neighbouring deletions and insertions merge into one edit. */
export function segmentsFromRuns(runs: readonly EditRun[]): Segment[] {
  const segments: Segment[] = [];
  let oldAt = 0;
  let newAt = 0;
  for (const run of runs) {
    const oldEnd = run.op === 'insert' ? oldAt : oldAt + run.count;
    const newEnd = run.op === 'delete' ? newAt : newAt + run.count;
    const equal = run.op === 'equal';
    const last = segments[segments.length - 1];
    if (last !== undefined && last.equal === equal) {
      last.oldEnd = oldEnd;
      last.newEnd = newEnd;
    } else {
      segments.push({ equal, oldStart: oldAt, oldEnd, newStart: newAt, newEnd });
    }
    oldAt = oldEnd;
    newAt = newEnd;
  }
  return segments;
}

const weight = (sequence: TokenSequence, start: number, end: number): number =>
  (sequence.weightPrefix[end] as number) - (sequence.weightPrefix[start] as number);

/** Step 1: Fraser's rule. An equality no longer than the edits on both sides becomes part of one edit. */
function absorbShortEqualities(segments: Segment[], before: TokenSequence, after: TokenSequence): void {
  const editSize = (segment: Segment): number =>
    Math.max(weight(before, segment.oldStart, segment.oldEnd), weight(after, segment.newStart, segment.newEnd));
  let i = 1;
  while (i < segments.length - 1) {
    const left = segments[i - 1] as Segment;
    const middle = segments[i] as Segment;
    const right = segments[i + 1] as Segment;
    if (middle.equal && !left.equal && !right.equal) {
      const size = weight(before, middle.oldStart, middle.oldEnd);
      if (size <= editSize(left) && size <= editSize(right)) {
        segments.splice(i - 1, 3, {
          equal: false,
          oldStart: left.oldStart,
          oldEnd: right.oldEnd,
          newStart: left.newStart,
          newEnd: right.newEnd,
        });
        // The merged edit is larger, so the equality before it may now qualify too.
        i = Math.max(1, i - 2);
        continue;
      }
    }
    i++;
  }
}

/** Step 2: tokens shared by the start (or end) of both sides of a replacement move into the equalities. */
function factorCommonAffixes(segments: Segment[], before: TokenSequence, after: TokenSequence): Segment[] {
  const result: Segment[] = [];
  const appendEqual = (oldStart: number, newStart: number, count: number): void => {
    if (count <= 0) return;
    const last = result[result.length - 1];
    if (last?.equal && last.oldEnd === oldStart) {
      last.oldEnd += count;
      last.newEnd += count;
    } else {
      result.push({ equal: true, oldStart, oldEnd: oldStart + count, newStart, newEnd: newStart + count });
    }
  };
  for (const segment of segments) {
    if (segment.equal) {
      appendEqual(segment.oldStart, segment.newStart, segment.oldEnd - segment.oldStart);
      continue;
    }
    let { oldStart, oldEnd, newStart, newEnd } = segment;
    let prefix = 0;
    while (
      oldStart + prefix < oldEnd &&
      newStart + prefix < newEnd &&
      before.keys[oldStart + prefix] === after.keys[newStart + prefix]
    ) {
      prefix++;
    }
    appendEqual(oldStart, newStart, prefix);
    oldStart += prefix;
    newStart += prefix;
    let suffix = 0;
    while (
      oldEnd - suffix > oldStart &&
      newEnd - suffix > newStart &&
      before.keys[oldEnd - suffix - 1] === after.keys[newEnd - suffix - 1]
    ) {
      suffix++;
    }
    oldEnd -= suffix;
    newEnd -= suffix;
    if (oldEnd > oldStart || newEnd > newStart) result.push({ equal: false, oldStart, oldEnd, newStart, newEnd });
    appendEqual(oldEnd, newEnd, suffix);
  }
  return result;
}

/** How well an edit of tokens [start, end) reads: starts at a word, after a space, and ends with a space. */
function boundaryScore(sequence: TokenSequence, start: number, end: number): number {
  let score = 0;
  if (sequence.word[start] === 1) score += 2;
  if (start === 0 || sequence.space[start - 1] === 1) score += 1;
  if (sequence.space[end - 1] === 1) score += 1;
  return score;
}

/** Step 3: slide each pure insertion or deletion between its equalities to the best-reading position. */
function slideEdits(segments: Segment[], before: TokenSequence, after: TokenSequence): void {
  for (let i = 0; i < segments.length; i++) {
    const edit = segments[i] as Segment;
    if (edit.equal) continue;
    const deletes = edit.oldEnd > edit.oldStart;
    const inserts = edit.newEnd > edit.newStart;
    if (deletes === inserts) continue;
    // Tokens slid out of one equality enter the other, so give the edit an (empty) equality on each side.
    if (segments[i - 1] === undefined) {
      segments.splice(i, 0, {
        equal: true,
        oldStart: edit.oldStart,
        oldEnd: edit.oldStart,
        newStart: edit.newStart,
        newEnd: edit.newStart,
      });
      i++;
    }
    if (segments[i + 1] === undefined) {
      segments.push({
        equal: true,
        oldStart: edit.oldEnd,
        oldEnd: edit.oldEnd,
        newStart: edit.newEnd,
        newEnd: edit.newEnd,
      });
    }
    const left = segments[i - 1] as Segment;
    const right = segments[i + 1] as Segment;
    if (!left.equal || !right.equal) continue;
    const sequence = deletes ? before : after;
    let start = deletes ? edit.oldStart : edit.newStart;
    let end = deletes ? edit.oldEnd : edit.newEnd;
    const floor = deletes ? left.oldStart : left.newStart;
    const ceiling = deletes ? right.oldEnd : right.newEnd;
    const keys = sequence.keys;
    // Slide fully left, then walk right over every equivalent position, keeping the best (leftmost on ties).
    while (start > floor && keys[start - 1] === keys[end - 1]) {
      start--;
      end--;
    }
    let bestStart = start;
    let bestScore = boundaryScore(sequence, start, end);
    while (end < ceiling && keys[start] === keys[end]) {
      start++;
      end++;
      const score = boundaryScore(sequence, start, end);
      if (score > bestScore) {
        bestScore = score;
        bestStart = start;
      }
    }
    const delta = bestStart - (deletes ? edit.oldStart : edit.newStart);
    if (delta === 0) continue;
    // Both sides of each equality move together; the edit's empty side sits where the left equality ends.
    left.oldEnd += delta;
    left.newEnd += delta;
    right.oldStart += delta;
    right.newStart += delta;
    edit.oldStart += delta;
    edit.oldEnd += delta;
    edit.newStart += delta;
    edit.newEnd += delta;
  }
}

/** Step 4: drops empty segments and merges neighbours of the same kind. */
function tidy(segments: readonly Segment[]): Segment[] {
  const result: Segment[] = [];
  for (const segment of segments) {
    if (segment.oldEnd === segment.oldStart && segment.newEnd === segment.newStart) continue;
    const last = result[result.length - 1];
    if (last !== undefined && last.equal === segment.equal) {
      last.oldEnd = segment.oldEnd;
      last.newEnd = segment.newEnd;
    } else {
      // Copied field by field: a spread copy goes through V8's slower object-cloning path, once per segment.
      const { equal, oldStart, oldEnd, newStart, newEnd } = segment;
      result.push({ equal, oldStart, oldEnd, newStart, newEnd });
    }
  }
  return result;
}

/** Runs the clean-up steps on `segments` (not modified) and returns readable segments covering the same tokens. */
export function cleanupSemantic(segments: readonly Segment[], before: TokenSequence, after: TokenSequence): Segment[] {
  const working = tidy(segments);
  absorbShortEqualities(working, before, after);
  const factored = factorCommonAffixes(working, before, after);
  slideEdits(factored, before, after);
  return tidy(factored);
}
