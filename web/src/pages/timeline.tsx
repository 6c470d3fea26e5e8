/** The edition timeline of a series: editions along a line, each step between two labelled with its change counts. */
import type { HistoryStep, SeriesHistory } from '../api-types.js';
import { paths } from '../routes.js';

/** "+8 ~3 −3" for a step's blocks (inserted, modified or otherwise changed, deleted), with a title giving words. */
function stepCounts(step: HistoryStep): { short: string; long: string } {
  const b = step.blocks;
  const changed = b.modified + b.moved + b.split + b.merged;
  const short = `+${b.inserted} ~${changed} −${b.deleted}`;
  const long = `blocks: ${b.inserted} inserted, ${b.modified} modified, ${b.moved} moved, ${b.deleted} deleted; sections: ${step.sections.renumbered} renumbered, ${step.sections.retitled} retitled; ${step.significance.substantive} substantive changes`;
  return { short, long };
}

/** The timeline of `history` with links to compare each step and blame each edition. */
export function Timeline(props: { series: string; history: SeriesHistory }) {
  const { series, history } = props;
  const items = [];
  for (const edition of history.editions) {
    items.push(
      <li key={`e${edition.index}`} class="timeline-edition">
        <span class="timeline-dot" aria-hidden="true" />
        <a class="timeline-label" href={paths.blame(series, edition.label)} title={`blame ${edition.label}`}>
          {edition.label}
        </a>
        {edition.date && <span class="timeline-date">{edition.date}</span>}
      </li>,
    );
    const step = history.steps.find((s) => s.from === edition.index);
    const next = history.editions[edition.index + 1];
    if (step && next) {
      const counts = stepCounts(step);
      items.push(
        <li key={`s${edition.index}`} class="timeline-step" title={counts.long}>
          <a href={paths.compare(series, edition.label, next.label)} class="timeline-compare">
            compare
          </a>
          <span class="timeline-counts">{counts.short}</span>
          <span class="timeline-substantive">{step.significance.substantive} substantive</span>
        </li>,
      );
    }
  }
  return <ol class="timeline">{items}</ol>;
}
