import type { Point, Position } from './tree.js';

/**
 * Maps UTF-16 offsets of one text to 1-based line/column points. This is the single place where line and
 * column are derived from offsets, so every stage reports positions the same way.
 * A line ends after "\n", after "\r\n", or after a lone "\r".
 */
export class LineIndex {
  /** Offset at which each line starts; lineStarts[0] is always 0. */
  private readonly lineStarts: number[];
  /** The line of the last lookup: parsers ask in reading order, so the next answer is usually on it or just after. */
  private cursor = 0;

  /** Index the line starts of `text` once; lookups are then O(log lines), O(1) when they go forward in order. */
  constructor(readonly text: string) {
    const starts = [0];
    if (text.indexOf('\r') < 0) {
      // Only "\n" ends lines: found by indexOf rather than by reading every character in JavaScript.
      for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
      this.lineStarts = starts;
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.lineStarts = starts;
  }

  /** The point for a UTF-16 offset (clamped into the text). */
  point(offset: number): Point {
    const o = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineOf(o);
    return { line: line + 1, column: o - (this.lineStarts[line] as number) + 1, offset: o };
  }

  /** The 0-based line holding offset `o` (within the text): a few steps from the last one, else a binary search. */
  private lineOf(o: number): number {
    const starts = this.lineStarts;
    let line = this.cursor;
    if ((starts[line] as number) <= o) {
      // Forward in order: the line of the last lookup, or one of the next few.
      for (let steps = 0; steps < 8; steps++) {
        if (line + 1 >= starts.length || (starts[line + 1] as number) > o) {
          this.cursor = line;
          return line;
        }
        line++;
      }
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= o) lo = mid;
      else hi = mid - 1;
    }
    this.cursor = lo;
    return lo;
  }

  /** The position spanning offsets [start, end). */
  position(start: number, end: number): Position {
    return { start: this.point(start), end: this.point(end) };
  }
}

/** The exact slice of `text` a position covers. */
export function sliceAt(text: string, position: Position): string {
  return text.slice(position.start.offset, position.end.offset);
}
