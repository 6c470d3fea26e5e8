/**
 * The edition timeline of a series: editions along a line, each step between two labelled with its change counts.
 * The strip scrolls within its card (a series of hundreds of editions never widens the page), labels stay on one
 * line (file stems shortened to their dates, the stem in the title), and a legend explains the counts. From
 * OVERVIEW_FROM editions an overview heads the strip: the count and span of the editions, and one bar per year (or per
 * run of editions when they carry no dates) whose height is the blocks changed in it, each linked to the comparison
 * across it, under year ticks thinned to what the card's width holds.
 */
import { useLayoutEffect, useMemo, useRef } from 'preact/hooks';
import type { HistoryFact, HistoryShift, HistoryStep, SeriesHistory } from '../api-types.js';
import { displayLabels } from '../edition-label.js';
import { paths } from '../routes.js';
import './timeline.css';
import { useElementWidth } from '../use-element-width.js';

/** Editions from which the timeline shows an overview above its strip (below it, the strip alone reads well). */
export const OVERVIEW_FROM = 40;

/** Narrowest room (pixels) a tick label of the overview gets: a year, or an edition number, never touches the next. */
const TICK_ROOM = 44;

/** Most bars of the overview when editions go by runs rather than years. */
const MOST_RUNS = 40;

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

/** A step's most telling fact change in a few words ("quantity + a total of 57 times"), the rest in its title. */
function stepFact(step: HistoryStep): { short: string; long: string } | null {
  const facts = step.facts ?? [];
  const first = facts[0];
  if (!first) return null;
  const words = (fact: HistoryFact) =>
    fact.change === 'changed' ? `${fact.old} → ${fact.new}` : fact.change === 'new' ? `+ ${fact.new}` : `− ${fact.old}`;
  return {
    short: `${first.kind}: ${words(first)}`,
    long: facts.map((fact) => `${fact.kind} ${fact.change}: ${words(fact)}`).join('\n'),
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
      const fact = stepFact(step);
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
          {fact && (
            <span class="timeline-shift timeline-fact" title={fact.long}>
              {fact.short}
            </span>
          )}
        </li>,
      );
    }
  }
  return (
    <div class="timeline-box">
      {history.editions.length >= OVERVIEW_FROM && <TimelineOverview series={series} history={history} />}
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

/** One bar of the overview: a year, or a run of editions. */
interface Bucket {
  /** The tick text: the year, or the number of the run's first edition. */
  label: string;
  /** Indexes of the first and last edition in it (-1 when a year has none). */
  first: number;
  last: number;
  inserted: number;
  changed: number;
  deleted: number;
  substantive: number;
}

/** The year an edition is dated in (its date, else the date its label carries), or undefined. */
function yearOf(date: string | undefined, shown: string | undefined): number | undefined {
  for (const text of [date, shown]) {
    const match = text === undefined ? null : /^(\d{4})(?:-\d{2}){0,2}$/.exec(text);
    if (match) return Number(match[1]);
  }
  return undefined;
}

/**
 * The bars of the overview: one per year from the first edition's to the last's (years without editions too, so the
 * axis is time) when every edition is dated and they span more than a year, else runs of equal numbers of editions.
 * A step's counts go to the bar of its newer edition.
 */
function overviewBuckets(history: SeriesHistory, shown: Map<string, string>): Bucket[] {
  const editions = history.editions;
  const years = editions.map((e) => yearOf(e.date, shown.get(e.label)));
  const dated = years.every((y) => y !== undefined);
  const firstYear = dated ? Math.min(...(years as number[])) : 0;
  const lastYear = dated ? Math.max(...(years as number[])) : 0;
  const buckets: Bucket[] = [];
  const empty = (label: string): Bucket => ({
    label,
    first: -1,
    last: -1,
    inserted: 0,
    changed: 0,
    deleted: 0,
    substantive: 0,
  });
  let bucketOf: (edition: number) => number;
  if (dated && lastYear > firstYear) {
    for (let year = firstYear; year <= lastYear; year++) buckets.push(empty(String(year)));
    bucketOf = (edition) => (years[edition] as number) - firstYear;
  } else {
    const size = Math.ceil(editions.length / MOST_RUNS);
    for (let start = 0; start < editions.length; start += size) buckets.push(empty(`#${start + 1}`));
    bucketOf = (edition) => Math.floor(edition / size);
  }
  editions.forEach((_, index) => {
    const bucket = buckets[bucketOf(index)] as Bucket;
    if (bucket.first < 0) bucket.first = index;
    bucket.last = index;
  });
  for (const step of history.steps) {
    const bucket = buckets[bucketOf(step.to)] as Bucket;
    const counts = stepCounts(step);
    bucket.inserted += counts.inserted;
    bucket.changed += counts.changed;
    bucket.deleted += counts.deleted;
    bucket.substantive += step.significance.substantive;
  }
  return buckets;
}

/**
 * The overview of a long series: how many editions over which span, the changes of all its steps, and a bar per year
 * (or run of editions) whose height is the blocks changed then, linked to the comparison across it. Tick labels are
 * thinned to one per TICK_ROOM pixels, each in a cell as wide as the bars it covers, so no two ever overlap.
 */
export function TimelineOverview(props: { series: string; history: SeriesHistory }) {
  const { series, history } = props;
  const box = useRef<HTMLDivElement>(null);
  const width = useElementWidth(box, 600);
  const shown = useMemo(() => displayLabels(history.editions.map((e) => e.label)), [history]);
  const buckets = useMemo(() => overviewBuckets(history, shown), [history, shown]);
  const editions = history.editions;
  const first = editions[0];
  const last = editions.at(-1);
  const name = (index: number) => {
    const label = editions[index]?.label ?? '';
    return shown.get(label) ?? label;
  };
  const weight = (b: Bucket) => b.inserted + b.changed + b.deleted;
  const most = Math.max(1, ...buckets.map(weight));
  const total = buckets.reduce(
    (sum, b) => ({
      inserted: sum.inserted + b.inserted,
      changed: sum.changed + b.changed,
      deleted: sum.deleted + b.deleted,
      substantive: sum.substantive + b.substantive,
    }),
    { inserted: 0, changed: 0, deleted: 0, substantive: 0 },
  );
  const every = Math.max(1, Math.ceil((buckets.length * TICK_ROOM) / Math.max(width, TICK_ROOM)));
  const ticks: Array<{ label: string; span: number }> = [];
  for (let at = 0; at < buckets.length; at += every) {
    ticks.push({ label: (buckets[at] as Bucket).label, span: Math.min(every, buckets.length - at) });
  }
  return (
    <div class="timeline-overview" ref={box}>
      <p class="timeline-summary">
        <strong>{editions.length} editions</strong>
        {first && last && ` · ${name(0)} – ${name(editions.length - 1)}`} · {history.steps.length} steps:{' '}
        <span class="timeline-counts">
          <span class="count-inserted">+{total.inserted}</span> <span class="count-changed">~{total.changed}</span>{' '}
          <span class="count-deleted">−{total.deleted}</span>
        </span>
        ,{' '}
        <span class={`timeline-substantive${total.substantive > 0 ? ' some' : ''}`}>
          {total.substantive} substantive
        </span>
      </p>
      <div class="overview-bars">
        {buckets.map((b, i) => {
          const height = b.first < 0 ? 0 : Math.max(6, Math.round((100 * weight(b)) / most));
          const count = b.first < 0 ? 0 : b.last - b.first + 1;
          const title =
            b.first < 0
              ? `${b.label}: no edition`
              : `${b.label}: ${count} edition${count === 1 ? '' : 's'} (${name(b.first)} – ${name(b.last)}); blocks +${b.inserted} ~${b.changed} −${b.deleted}; ${b.substantive} substantive`;
          const fill = (
            <span class={`overview-fill${b.substantive > 0 ? ' substantive' : ''}`} style={{ height: `${height}%` }} />
          );
          // The comparison across the bar: from the edition before its first (its first, for the series' first) to its last.
          const from = editions[Math.max(0, b.first - 1)];
          const to = editions[b.last];
          return b.first < 0 || !from || !to || from === to ? (
            <span key={i} class="overview-bar" title={title}>
              {fill}
            </span>
          ) : (
            <a key={i} class="overview-bar" title={title} href={paths.compare(series, from.label, to.label)}>
              {fill}
            </a>
          );
        })}
      </div>
      <div class="overview-ticks" aria-hidden="true">
        {ticks.map((tick) => (
          <span key={tick.label} class="overview-tick" style={{ flexGrow: tick.span, flexBasis: 0 }}>
            {tick.label}
          </span>
        ))}
      </div>
    </div>
  );
}
