import type { Point, Position } from './tree.js';

/**
 * Maps UTF-16 offsets of one text to 1-based line/column points. This is the single place where line and
 * column are derived from offsets, so every stage reports positions the same way.
 * A line ends after "\n", after "\r\n", or after a lone "\r".
 */
export class LineIndex {
  /** Offset at which each line starts; lineStarts[0] is always 0. */
  private readonly lineStarts: number[];

  /** Index the line starts of `text` once; lookups are then O(log lines). */
  constructor(readonly text: string) {
    const starts = [0];
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
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] as number) <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - (this.lineStarts[lo] as number) + 1, offset: o };
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
