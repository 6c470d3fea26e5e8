/**
 * Shortest edit script between two sequences of integer keys, after E. W. Myers, "An O(ND) Difference Algorithm
 * and Its Variations", Algorithmica 1 (1986): the greedy forward search over diagonals, keeping each round's
 * furthest-reaching endpoints so the path can be traced back. Common prefixes and suffixes are stripped first
 * (they are free and frequent in edition diffs). Work is O((N + M) · D) and memory O(D²), so D is budgeted: past
 * the budget the middle is reported as one deletion and one insertion and the result is marked `truncated`.
 */

/** What one run of an edit script does. */
export type EditOp = 'equal' | 'delete' | 'insert';

/** A run of an edit script: `count` items kept, deleted from the old sequence or inserted from the new one. */
export interface EditRun {
  op: EditOp;
  count: number;
}

/** An edit script; `truncated` when the edit distance exceeded the budget and the middle was not searched. */
export interface EditScript {
  status: 'complete' | 'truncated';
  runs: EditRun[];
}

/** Default bound on the edit distance D searched before giving up (memory is about 4·D² bytes). */
export const DEFAULT_MAX_EDIT_DISTANCE = 1000;

/** Appends a run, merging it into the previous run when the operation is the same. */
function pushRun(runs: EditRun[], op: EditOp, count: number): void {
  if (count <= 0) return;
  const last = runs[runs.length - 1];
  if (last !== undefined && last.op === op) last.count += count;
  else runs.push({ op, count });
}

/**
 * The shortest edit script turning `oldKeys` into `newKeys` (equal keys are equal items). On ties the search
 * prefers deleting, so replacements tend to read delete-then-insert; callers merge neighbouring edits anyway.
 */
export function diffSequences(
  oldKeys: ArrayLike<number>,
  newKeys: ArrayLike<number>,
  maxEditDistance: number = DEFAULT_MAX_EDIT_DISTANCE,
): EditScript {
  const oldLength = oldKeys.length;
  const newLength = newKeys.length;
  let prefix = 0;
  while (prefix < oldLength && prefix < newLength && oldKeys[prefix] === newKeys[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < oldLength - prefix &&
    suffix < newLength - prefix &&
    oldKeys[oldLength - 1 - suffix] === newKeys[newLength - 1 - suffix]
  ) {
    suffix++;
  }
  const n = oldLength - prefix - suffix;
  const m = newLength - prefix - suffix;
  const runs: EditRun[] = [];
  pushRun(runs, 'equal', prefix);
  let status: EditScript['status'] = 'complete';
  if (n === 0 || m === 0) {
    pushRun(runs, 'delete', n);
    pushRun(runs, 'insert', m);
  } else {
    const middle = searchMiddle(oldKeys, newKeys, prefix, n, m, maxEditDistance);
    if (middle === null) {
      status = 'truncated';
      pushRun(runs, 'delete', n);
      pushRun(runs, 'insert', m);
    } else {
      for (const run of middle) pushRun(runs, run.op, run.count);
    }
  }
  pushRun(runs, 'equal', suffix);
  return { status, runs };
}

/**
 * Myers' forward search on old[offset, offset + n) and new[offset, offset + m); null past the budget.
 * trace[d][k + d] is the furthest x reached on diagonal k = x − y after d edits.
 */
function searchMiddle(
  oldKeys: ArrayLike<number>,
  newKeys: ArrayLike<number>,
  offset: number,
  n: number,
  m: number,
  maxEditDistance: number,
): EditRun[] | null {
  const max = Math.min(n + m, Math.max(0, maxEditDistance));
  const width = 2 * max + 3;
  const center = max + 1;
  const furthest = new Int32Array(width);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    for (let k = -d; k <= d; k += 2) {
      // Step down (insert) from diagonal k+1, or right (delete) from diagonal k−1, whichever reaches further.
      let x: number;
      if (k === -d || (k !== d && (furthest[center + k - 1] as number) < (furthest[center + k + 1] as number))) {
        x = furthest[center + k + 1] as number;
      } else {
        x = (furthest[center + k - 1] as number) + 1;
      }
      let y = x - k;
      while (x < n && y < m && oldKeys[offset + x] === newKeys[offset + y]) {
        x++;
        y++;
      }
      furthest[center + k] = x;
      if (x >= n && y >= m) {
        trace.push(furthest.slice(center - d, center + d + 1));
        return backtrack(trace, n, m);
      }
    }
    trace.push(furthest.slice(center - d, center + d + 1));
  }
  return null;
}

/** Walks the recorded rounds back from (n, m) to (0, 0), emitting runs in forward order. */
function backtrack(trace: Int32Array[], n: number, m: number): EditRun[] {
  const reversed: EditRun[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d > 0; d--) {
    const previous = trace[d - 1] as Int32Array;
    const k = x - y;
    // previous[k + d - 1] is the furthest x on diagonal k after d − 1 edits.
    const fromAbove =
      k === -d || (k !== d && (previous[k - 1 + d - 1] as number) < (previous[k + 1 + d - 1] as number));
    const previousK = fromAbove ? k + 1 : k - 1;
    const previousX = previous[previousK + d - 1] as number;
    const previousY = previousX - previousK;
    // The snake after the edit runs from (snakeX, snakeY) to (x, y).
    const snakeX = fromAbove ? previousX : previousX + 1;
    if (x > snakeX) reversed.push({ op: 'equal', count: x - snakeX });
    reversed.push({ op: fromAbove ? 'insert' : 'delete', count: 1 });
    x = previousX;
    y = previousY;
  }
  if (x > 0) reversed.push({ op: 'equal', count: x });
  const runs: EditRun[] = [];
  for (let i = reversed.length - 1; i >= 0; i--) {
    const run = reversed[i] as EditRun;
    pushRun(runs, run.op, run.count);
  }
  return runs;
}
