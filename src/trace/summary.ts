/** One-line summaries of a trace shared by the table and the SVG chart. */
import type { TraceResult } from './trace.js';

/** "1 occurrence", "3 occurrences". */
export function occurrences(count: number): string {
  return `${count} occurrence${count === 1 ? '' : 's'}`;
}

/** The trajectory in one line: "first 2016 · last 2022 · absent 2018–2019, back in 2020". */
export function trajectoryLine(result: TraceResult): string {
  if (result.first === null || result.last === null) return 'not found in any edition';
  const parts = [`first ${result.first.label}`, `last ${result.last.label}`];
  if (result.gaps.length === 0) parts.push('no gaps');
  for (const gap of result.gaps) {
    const span = gap.labels.length === 1 ? gap.labels[0] : `${gap.labels[0]}–${gap.labels[gap.labels.length - 1]}`;
    parts.push(gap.returnedIn === null ? `absent from ${span} on` : `absent ${span}, back in ${gap.returnedIn}`);
  }
  return parts.join(' · ');
}
