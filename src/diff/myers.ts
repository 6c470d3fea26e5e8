/**
 * Shortest edit script between two sequences of integer keys, after E. W. Myers, "An O(ND) Difference Algorithm
 * and Its Variations", Algorithmica 1 (1986): the greedy forward search over diagonals, keeping each round's
 * furthest-reaching endpoints so the path can be traced back. Common prefixes and suffixes are stripped first
 * (they are free and frequent in edition diffs). Work is O((N + M) · D) and memory O(D²) (D²/2 integers), so D is budgeted: past
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

/** Default bound on the edit distance D searched before giving up (memory is about 2·D² bytes). */
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
 * Scratch for the rounds of the forward search, kept between calls: a sentence pair's search is small but runs
 * thousands of times per comparison, and a fresh typed array per round (or per call) is an off-heap allocation the
 * garbage collector must track. Buffers that grew past `RETAINED_ROUNDS` entries are let go after the call.
 */
let roundsScratch = new Int32Array(1 << 12);
const RETAINED_ROUNDS = 1 << 16;

/**
 * Myers' forward search on old[offset, offset + n) and new[offset, offset + m); null past the budget.
 * Round d keeps the furthest x reached on each diagonal k = −d, −d + 2, …, d (the only ones of d's parity) at
 * rounds[d(d + 1)/2 + (k + d)/2]; the next round reads its neighbours k ± 1 there, and the trace back reads them
 * all, so the rounds are stored once, packed, in one buffer.
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
  let rounds = roundsScratch;
  for (let d = 0; d <= max; d++) {
    const row = (d * (d + 1)) / 2;
    const previous = row - d;
    if (row + d + 1 > rounds.length) {
      const grown = new Int32Array(Math.max(2 * rounds.length, row + d + 1));
      grown.set(rounds.subarray(0, row));
      rounds = grown;
      // Kept at once rather than in a `finally`: the loop runs as on-stack-replaced code, and a `finally` test that
      // had no type feedback yet when it was compiled sent every later call back to the interpreter (223 times in
      // one compare of the Code civil pair).
      if (rounds.length <= RETAINED_ROUNDS) roundsScratch = rounds;
    }
    for (let k = -d, i = 0; k <= d; k += 2, i++) {
      // Step down (insert) from diagonal k+1 (index i in the previous round), or right (delete) from diagonal k−1
      // (index i − 1), whichever reaches further.
      let x: number;
      if (d === 0) x = 0;
      else if (k === -d || (k !== d && (rounds[previous + i - 1] as number) < (rounds[previous + i] as number))) {
        x = rounds[previous + i] as number;
      } else {
        x = (rounds[previous + i - 1] as number) + 1;
      }
      let y = x - k;
      while (x < n && y < m && oldKeys[offset + x] === newKeys[offset + y]) {
        x++;
        y++;
      }
      rounds[row + i] = x;
      if (x >= n && y >= m) return backtrack(rounds, d, n, m);
    }
  }
  return null;
}

/** Walks rounds `last`, …, 1 back from (n, m) to (0, 0), emitting runs in forward order. */
function backtrack(rounds: Int32Array, last: number, n: number, m: number): EditRun[] {
  const reversed: EditRun[] = [];
  let x = n;
  let y = m;
  for (let d = last; d > 0; d--) {
    const previous = ((d - 1) * d) / 2;
    const k = x - y;
    const i = (k + d) / 2;
    // rounds[previous + i] is the furthest x on diagonal k + 1 after d − 1 edits, rounds[previous + i − 1] on k − 1.
    const fromAbove = k === -d || (k !== d && (rounds[previous + i - 1] as number) < (rounds[previous + i] as number));
    const previousK = fromAbove ? k + 1 : k - 1;
    const previousX = rounds[fromAbove ? previous + i : previous + i - 1] as number;
    const previousY = previousX - previousK;
    // The snake after the edit runs from (snakeX, snakeY) to (x, y).
    const snakeX = fromAbove ? previousX : previousX + 1;
    // Runs merge as they are found (pushRun), not one object per edit: a long replacement is one run.
    pushRun(reversed, 'equal', x - snakeX);
    pushRun(reversed, fromAbove ? 'insert' : 'delete', 1);
    x = previousX;
    y = previousY;
  }
  pushRun(reversed, 'equal', x);
  return reversed.reverse();
}
