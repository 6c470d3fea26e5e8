/**
 * The edition timeline of a series: editions along a line, each step between two labelled with its change counts.
 * The strip scrolls within its card (a series of hundreds of editions never widens the page), labels stay on one
 * line (file stems shortened to their dates, the stem in the title), and a legend explains the counts.
 */
import { useLayoutEffect, useMemo, useRef } from 'preact/hooks';
import type { HistoryShift, HistoryStep, SeriesHistory } from '../api-types.js';
import { displayLabels } from '../edition-label.js';
import { paths } from '../routes.js';
import './timeline.css';

/** "+8 ~3 −3" for a step's blocks (inserted, modified or otherwise changed, deleted), with a title giving words. */
function stepCounts(step: HistoryStep): { inserted: number; changed: number; deleted: number; long: string } {
  const b = step.blocks;
  const changed = b.modified + b.moved + b.split + b.merged;
  const long = `blocks: ${b.inserted} inserted, ${b.modified} modified, ${b.moved} moved, ${b.deleted} deleted; sections: ${step.sections.renumbered} renumbered, ${step.sections.retitled} retitled; ${step.significance.substantive} substantive changes`;
  return { inserted: b.inserted, changed, deleted: b.deleted, long };
}

/** A step's most telling policy shift in a few words ("region: Asia-Pacific → Indo-Pacific"), the rest in its title. */
function stepShift(step: HistoryStep): { short: string; long: string } | null {
  const shifts = step.shifts ?? [];
  const first = shifts[0];
  if (!first) return null;
  const words = (shift: HistoryShift) =>
    shift.change === 'replaced'
      ? `${shift.old} → ${shift.new}`
      : shift.change === 'added'
        ? `+ ${shift.new}`
        : `− ${shift.old}`;
  return {
    short: `${first.kind}: ${words(first)}`,
    long: shifts
      .map((shift) => `${shift.kind}${shift.direction ? ` ${shift.direction}` : ''}: ${words(shift)}`)
      .join('\n'),
  };
}

/**
 * The timeline of `history` with links to compare each step and blame each edition; with `latestFirst` the strip
 * opens scrolled to its newest end (the library, where the latest changes matter most).
 */
export function Timeline(props: {
  series: string;
  history: SeriesHistory;
  latestFirst?: boolean;
  /** Whether to explain the counts under the strip (the library explains them once, above its cards). */
  legend?: boolean;
}) {
  const { series, history } = props;
  const strip = useRef<HTMLOListElement>(null);
  const shown = useMemo(() => displayLabels(history.editions.map((e) => e.label)), [history]);
  useLayoutEffect(() => {
    const element = strip.current;
    if (element && props.latestFirst) element.scrollLeft = element.scrollWidth;
  }, [history, props.latestFirst]);
  const items = [];
  for (const edition of history.editions) {
    const label = shown.get(edition.label) ?? edition.label;
    const title = [`blame ${edition.label}`, edition.date && edition.date !== label ? edition.date : '']
      .filter(Boolean)
      .join(' · ');
    items.push(
      <li key={`e${edition.index}`} class="timeline-edition">
        <span class="timeline-dot" aria-hidden="true" />
        <a class="timeline-label" href={paths.blame(series, edition.label)} title={title}>
          {label}
        </a>
        {edition.date && edition.date !== label && <span class="timeline-date">{edition.date}</span>}
      </li>,
    );
    const step = history.steps.find((s) => s.from === edition.index);
    const next = history.editions[edition.index + 1];
    if (step && next) {
      const counts = stepCounts(step);
      const substantive = step.significance.substantive;
      const shift = stepShift(step);
      items.push(
        <li key={`s${edition.index}`} class="timeline-step" title={counts.long}>
          <a href={paths.compare(series, edition.label, next.label)} class="timeline-compare">
            compare
          </a>
          <span class="timeline-counts">
            <span class="count-inserted">+{counts.inserted}</span> <span class="count-changed">~{counts.changed}</span>{' '}
            <span class="count-deleted">−{counts.deleted}</span>
          </span>
          <span class={`timeline-substantive${substantive > 0 ? ' some' : ''}`}>{substantive} substantive</span>
          {shift && (
            <span class="timeline-shift" title={shift.long}>
              {shift.short}
            </span>
          )}
        </li>,
      );
    }
  }
  return (
    <div class="timeline-box">
      <ol class="timeline" ref={strip}>
        {items}
      </ol>
      {history.steps.length > 0 && props.legend !== false && <TimelineLegend />}
    </div>
  );
}

/** What the counts of a step mean. */
export function TimelineLegend() {
  return (
    <p class="timeline-legend">
      blocks per step: <span class="count-inserted">+ inserted</span> · <span class="count-changed">~ changed</span>{' '}
      (modified, moved, split or merged) · <span class="count-deleted">− deleted</span>; substantive: changes of
      meaning, not of form
    </p>
  );
}
