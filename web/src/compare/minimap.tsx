/**
 * The overview bar of the compare view: the whole document as one strip, each changed row a mark at its place, as
 * tall as the change is heavy (words inserted and deleted, on a log scale) and coloured by significance, like an
 * editor's minimap. A click on a mark goes to its row (the pair id in the URL hash). Long documents are binned:
 * a bin shows its heaviest row, so the strip stays a few hundred marks whatever the length.
 */
import { useMemo } from 'preact/hooks';
import type { AlignedPair } from '../api-types.js';
import type { Row } from './rows.js';

/** At most this many marks along the strip. */
const MAX_BINS = 240;

/** Words inserted or deleted by a pair; a whole unit's words when it was inserted or deleted. */
export function changedWords(pair: AlignedPair): number {
  const count = (text: string) => text.split(/\s+/).filter((w) => w !== '').length || (text.trim() ? 1 : 0);
  if (!pair.old || !pair.new) return count((pair.old ?? pair.new)?.text ?? '');
  let words = 0;
  for (const change of pair.changes) if (change.op !== 'equal') words += count(change.text);
  return words;
}

/** One mark of the strip: where (0–1 along the document), how heavy (0–1) and which row it leads to. */
export interface Mark {
  at: number;
  weight: number;
  pair: string;
  significance: Row['significance'];
  shifted: boolean;
  words: number;
}

/** The marks of the changed rows, binned to at most MAX_BINS, heaviest row per bin. */
export function minimapMarks(rows: readonly Row[]): Mark[] {
  if (rows.length === 0) return [];
  const bins = Math.min(MAX_BINS, rows.length);
  // Filled, not sparse: a hole would turn the heaviest weight below into NaN.
  const best: Array<{ row: Row; words: number } | undefined> = Array.from({ length: bins }, () => undefined);
  rows.forEach((row, i) => {
    if (!row.changed || row.significance === 'none') return;
    const bin = Math.floor((i * bins) / rows.length);
    const words = Math.max(1, changedWords(row.pair));
    const current = best[bin];
    if (!current || words > current.words) best[bin] = { row, words };
  });
  const heaviest = Math.max(1, ...best.map((b) => b?.words ?? 0));
  const marks: Mark[] = [];
  best.forEach((entry, bin) => {
    if (!entry) return;
    marks.push({
      at: bin / bins,
      weight: Math.log1p(entry.words) / Math.log1p(heaviest),
      pair: entry.row.pair.id,
      significance: entry.row.significance,
      shifted: (entry.row.pair.shifts ?? []).length > 0,
      words: entry.words,
    });
  });
  return marks;
}

/** The overview strip of a comparison's rows. */
export function Minimap(props: { rows: readonly Row[] }) {
  const marks = useMemo(() => minimapMarks(props.rows), [props.rows]);
  if (marks.length === 0) return null;
  const width = 100 / Math.min(MAX_BINS, props.rows.length);
  return (
    <nav class="minimap" aria-label="Where the changes are">
      {marks.map((mark) => {
        const label = `${mark.significance} change of ${mark.words} words, ${Math.round(mark.at * 100)}% into the document`;
        return (
          <a
            key={mark.pair}
            class={`minimap-mark sig-${mark.significance}${mark.shifted ? ' shifted' : ''}`}
            href={`#${encodeURIComponent(mark.pair)}`}
            data-pair={mark.pair}
            title={`${mark.words} words changed · ${mark.significance}${mark.shifted ? ' · policy shift' : ''}`}
            style={{
              left: `${(mark.at * 100).toFixed(3)}%`,
              width: `max(3px, ${width.toFixed(3)}%)`,
              height: `${Math.max(20, Math.round(mark.weight * 100))}%`,
            }}
          >
            {/* Read by screen readers only: the mark itself is a bar. */}
            <span class="minimap-label">{label}</span>
          </a>
        );
      })}
    </nav>
  );
}
