/**
 * The compare view: two editions side by side, aligned unit by unit (rows.ts), word changes highlighted, moved units
 * linked both ways, renumbered and retitled headings marked, a significance filter, a changes-only toggle, keyboard
 * navigation between changes (j/k or n/p; g and G for the first and last) and a deep link to any unit (the URL hash is the pair id). Rows are
 * windowed (virtual-list.tsx), so a comparison of tens of thousands of pairs stays responsive.
 */
import { Fragment } from 'preact';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api } from '../api.js';
import type { AlignedPair, Comparison } from '../api-types.js';
import { activation, ErrorMessage, Loading } from '../components.js';
import { replaceHash, useLocation } from '../router.js';
import { paths } from '../routes.js';
import { useResource } from '../use-resource.js';
import {
  type CompareLayout,
  changeStops,
  layoutComparison,
  nextStop,
  pairAtOffset,
  placeOf,
  type Row,
  type RowFilter,
  rowShows,
  type Threshold,
  visibleRows,
} from './rows.js';
import { type ScrollRequest, VirtualList } from './virtual-list.js';
import { WordChanges } from './word-changes.js';

/** The performance mark set when the first aligned row of a compare view is on screen (read by bench/web.bench.ts). */
export const FIRST_ROW_MARK = 'palimpsest:first-row';

/** The performance mark set when the comparison has arrived and been parsed, before it is laid out. */
export const DATA_MARK = 'palimpsest:compare-data';

let firstRowMarked = false;

/** Marks the first paint of an aligned row, once per page load. */
function markFirstRow(): void {
  if (firstRowMarked) return;
  firstRowMarked = true;
  requestAnimationFrame(() => setTimeout(() => performance.mark(FIRST_ROW_MARK), 0));
}

/** Route parameters of the compare view. */
export interface CompareProps {
  series: string;
  old: string;
  new: string;
}

/** The compare page: loads the comparison, then shows the aligned view. */
export function ComparePage(props: CompareProps) {
  const state = useResource(
    async (signal) => {
      const comparison = await api.compare(props.series, props.old, props.new, signal);
      if (!firstRowMarked) performance.mark(DATA_MARK);
      return comparison;
    },
    [props.series, props.old, props.new],
  );
  return (
    <section class="compare-page">
      <h1>
        <a href={paths.series(props.series)}>{props.series}</a>: {props.old} → {props.new}
      </h1>
      {state.status === 'loading' && <Loading what="the comparison" />}
      {state.status === 'error' && <ErrorMessage error={state.error} />}
      {state.status === 'done' && <CompareView comparison={state.value} {...props} />}
    </section>
  );
}

const THRESHOLDS: Array<{ value: Threshold; label: string }> = [
  { value: 'all', label: 'all changes' },
  { value: 'minor', label: '≥ minor' },
  { value: 'substantive', label: 'substantive' },
];

/** Reads the filter from the query string (`sig`, `changes`), so a shared link keeps it. */
function filterFromQuery(search: URLSearchParams): { threshold: Threshold; changesOnly: boolean } {
  const sig = search.get('sig');
  const threshold: Threshold = sig === 'minor' || sig === 'substantive' ? sig : 'all';
  return { threshold, changesOnly: search.get('changes') === '1' };
}

/** The aligned side-by-side view of a loaded comparison. */
function CompareView(props: CompareProps & { comparison: Comparison }) {
  const { comparison } = props;
  const location = useLocation();
  const layout = useMemo(() => layoutComparison(comparison), [comparison]);
  const initial = useMemo(() => filterFromQuery(location.search), []);
  const [threshold, setThreshold] = useState<Threshold>(initial.threshold);
  const [changesOnly, setChangesOnly] = useState(initial.changesOnly);
  const [pin, setPin] = useState<string | undefined>(undefined);
  const [focus, setFocus] = useState<{ id: string; side: 'old' | 'new' } | null>(null);
  const [scrollRequest, setScrollRequest] = useState<ScrollRequest | undefined>(undefined);
  // The row (index into layout.rows) of the change the reader is on; -1 before any. Kept as a row, not a list
  // position, so it survives filter changes.
  const [cursor, setCursor] = useState(-1);
  const token = useRef(0);

  const filter: RowFilter = useMemo(
    () => (pin === undefined ? { threshold, changesOnly } : { threshold, changesOnly, pin }),
    [threshold, changesOnly, pin],
  );
  const visible = useMemo(() => visibleRows(layout.rows, filter), [layout, filter]);
  const stops = useMemo(() => changeStops(layout.rows, visible, filter), [layout, visible, filter]);
  const positionOf = useMemo(() => {
    const map = new Map<number, number>();
    visible.forEach((rowIndex, position) => {
      map.set(rowIndex, position);
    });
    return map;
  }, [visible]);

  // Keep the filter in the query string (without a history entry).
  useEffect(() => {
    const search = new URLSearchParams(window.location.search);
    if (threshold === 'all') search.delete('sig');
    else search.set('sig', threshold);
    if (changesOnly) search.set('changes', '1');
    else search.delete('changes');
    const text = search.toString();
    window.history.replaceState(
      null,
      '',
      `${window.location.pathname}${text ? `?${text}` : ''}${window.location.hash}`,
    );
  }, [threshold, changesOnly]);

  /** Shows pair `id` (its `side`, else whichever side exists): pins it, scrolls to it and highlights it. */
  const reveal = useCallback(
    (id: string, side?: 'old' | 'new') => {
      const at = layout.where.get(id);
      if (!at) return false;
      const chosen: 'old' | 'new' = side ?? (at.new !== undefined ? 'new' : 'old');
      const rowIndex = at[chosen] ?? at.new ?? at.old;
      if (rowIndex === undefined) return false;
      setPin(id);
      setFocus({ id, side: chosen });
      pendingReveal.current = { rowIndex };
      return true;
    },
    [layout],
  );
  const pendingReveal = useRef<{ rowIndex: number } | null>(null);
  // The visible list positions of the first and last rows on screen, as the list last reported them.
  const onScreen = useRef({ first: 0, last: 0 });
  const onRange = useCallback((first: number, last: number) => {
    onScreen.current = { first, last };
  }, []);

  // Once the pinned row is in the visible list, ask the list to scroll to it.
  useEffect(() => {
    const target = pendingReveal.current;
    if (!target) return;
    const position = positionOf.get(target.rowIndex);
    if (position === undefined) return;
    pendingReveal.current = null;
    setCursor(target.rowIndex);
    token.current++;
    setScrollRequest({ index: position, token: token.current });
  }, [positionOf, focus]);

  // Deep link: the hash names a pair; `?offset=N` (from search) names a place in the new edition.
  useEffect(() => {
    const offset = Number(location.search.get('offset'));
    if (!location.hash && location.search.has('offset') && Number.isFinite(offset)) {
      const pair = pairAtOffset(comparison.pairs, offset, location.search.get('side') === 'old' ? 'old' : 'new');
      if (pair) {
        replaceHash(pair.id);
        reveal(pair.id);
      }
      return;
    }
    if (location.hash) reveal(location.hash);
  }, [comparison]);

  useEffect(() => {
    const onHash = () => {
      const id = decodeURIComponent(window.location.hash.slice(1));
      if (id) reveal(id);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [reveal]);

  // Where the cursor stands in the visible list: its position, or between two positions when filtered out.
  const cursorPosition = useMemo(() => {
    if (cursor < 0) return -1;
    const exact = positionOf.get(cursor);
    if (exact !== undefined) return exact;
    let below = 0;
    while (below < visible.length && (visible[below] as number) < cursor) below++;
    return below - 0.5;
  }, [cursor, positionOf, visible]);

  /** Makes the change at visible list `position` current: highlighted, in the URL hash and scrolled to. */
  const goToStop = useCallback(
    (position: number | undefined) => {
      if (position === undefined) return;
      const rowIndex = visible[position] as number;
      const row = layout.rows[rowIndex] as Row;
      const side = row.sides === 'old' ? 'old' : row.pair.new ? 'new' : 'old';
      setCursor(rowIndex);
      setFocus({ id: row.pair.id, side });
      replaceHash(row.pair.id);
      token.current++;
      setScrollRequest({ index: position, token: token.current });
    },
    [visible, layout],
  );

  const step = useCallback(
    (direction: 1 | -1) => {
      // From the current change when it is on screen, else from what the reader scrolled to.
      const { first, last } = onScreen.current;
      const inView = cursorPosition >= first && cursorPosition <= last;
      const from = inView ? cursorPosition : direction === 1 ? first - 0.5 : first;
      goToStop(nextStop(stops, from, direction));
    },
    [cursorPosition, stops, goToStop],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.metaKey || event.ctrlKey || event.altKey) return;
      if (typesText(event.target)) return;
      if (event.key === 'j' || event.key === 'n') {
        event.preventDefault();
        step(1);
      } else if (event.key === 'k' || event.key === 'p') {
        event.preventDefault();
        step(-1);
      } else if (event.key === 'g' || event.key === 'G') {
        // As in less and vi: g to the first change, G (shift) to the last.
        event.preventDefault();
        goToStop(event.key === 'g' ? stops[0] : stops[stops.length - 1]);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [step, goToStop, stops]);

  const select = useCallback((id: string, side: 'old' | 'new') => {
    setFocus({ id, side });
    replaceHash(id);
  }, []);

  const goToCounterpart = useCallback(
    (id: string, side: 'old' | 'new') => {
      replaceHash(id);
      reveal(id, side);
    },
    [reveal],
  );

  // The real width of the view, so estimated row heights (lines of text at the column width) follow the window.
  const view = useRef<HTMLDivElement>(null);
  const width = useElementWidth(view, 1000);
  const estimate = useCallback(
    (position: number) => estimateRow(layout.rows[visible[position] as number] as Row, width),
    [layout, visible, width],
  );
  const keyOf = useCallback(
    (position: number) => (layout.rows[visible[position] as number] as Row).key,
    [layout, visible],
  );
  const renderRow = useCallback(
    (position: number) => (
      <RowView
        row={layout.rows[visible[position] as number] as Row}
        layout={layout}
        focus={focus}
        current={visible[position] === cursor}
        onSelect={select}
        onCounterpart={goToCounterpart}
      />
    ),
    [layout, visible, focus, cursor, select, goToCounterpart],
  );
  const onScrolled = useCallback(
    (_index: number, row: HTMLElement | null) => {
      if (!row || !focus) return;
      const unit = row.querySelector<HTMLElement>(`[data-pair="${CSS.escape(focus.id)}"][data-side="${focus.side}"]`);
      (unit ?? row).scrollIntoView({ block: 'nearest' });
    },
    [focus],
  );

  useLayoutEffect(() => {
    if (visible.length > 0) markFirstRow();
  }, [visible]);

  const currentStop = stops.indexOf(cursorPosition);
  const summary = comparison.summary;
  return (
    <div class="compare-view" ref={view}>
      <div class="compare-toolbar" role="toolbar" aria-label="Comparison controls">
        <label>
          Significance{' '}
          <select
            name="significance"
            value={threshold}
            onChange={(e) => setThreshold((e.currentTarget as HTMLSelectElement).value as Threshold)}
          >
            {THRESHOLDS.map((t) => (
              <option key={t.value} value={t.value}>
                {t.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input
            type="checkbox"
            name="changes-only"
            checked={changesOnly}
            onChange={(e) => setChangesOnly((e.currentTarget as HTMLInputElement).checked)}
          />{' '}
          changes only
        </label>
        <button type="button" class="nav-previous" onClick={() => step(-1)} title="Previous change (k or p)">
          ↑ Previous
        </button>
        <button type="button" class="nav-next" onClick={() => step(1)} title="Next change (j or n)">
          ↓ Next
        </button>
        <span class="change-counter" aria-live="polite">
          {currentStop >= 0
            ? `change ${currentStop + 1} of ${stops.length}`
            : `${stops.length} change${stops.length === 1 ? '' : 's'}`}
        </span>
        <span class="row-counter">
          {visible.length} of {layout.rows.length} rows
        </span>
        <a href={paths.blame(props.series, props.new)}>blame {props.new}</a>
      </div>
      <p class="compare-summary">
        sections {countsText(summary.sections)} · blocks {countsText(summary.blocks)} · sentences{' '}
        {countsText(summary.sentences)}
      </p>
      <div class="compare-columns-head">
        <div>{comparison.old.title ?? props.old}</div>
        <div>{comparison.new.title ?? props.new}</div>
      </div>
      {visible.length === 0 ? (
        <p class="empty">No change passes this filter.</p>
      ) : (
        <VirtualList
          class="compare-rows"
          count={visible.length}
          estimate={estimate}
          keyOf={keyOf}
          renderRow={renderRow}
          scrollTo={scrollRequest}
          onScrolled={onScrolled}
          onRange={onRange}
          measuredFor={width}
        />
      )}
    </div>
  );
}

/** Width steps (pixels) below which a resize is ignored: re-estimating every row on each pixel is wasted work. */
const WIDTH_STEP = 16;

/**
 * The width of `element`, kept current with a ResizeObserver and rounded to WIDTH_STEP; `fallback` until the element
 * is laid out.
 */
function useElementWidth(element: { current: HTMLElement | null }, fallback: number): number {
  const [width, setWidth] = useState(fallback);
  useLayoutEffect(() => {
    const target = element.current;
    if (!target) return;
    const update = (measured: number) => {
      if (measured > 0) setWidth(Math.round(measured / WIDTH_STEP) * WIDTH_STEP);
    };
    update(target.clientWidth);
    const observer = new ResizeObserver((entries) => {
      for (const entry of entries) update(entry.contentRect.width);
    });
    observer.observe(target);
    return () => observer.disconnect();
  }, [element]);
  return width;
}

/** Whether a key press goes into a text field or a list box (where j/k/n/p/g are typed, not navigation). */
function typesText(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT') return true;
  if (target.tagName !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color'].includes(type);
}

/** "3 modified · 8 inserted" from counts per relation, zeros left out. */
function countsText(counts: Record<string, number>): string {
  const parts = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([relation, n]) => `${n} ${relation}`);
  return parts.length > 0 ? parts.join(' · ') : 'none';
}

/** A row's height before it is measured: lines of its longer side at the column width, plus padding. */
function estimateRow(row: Row, width: number): number {
  const charsPerLine = Math.max(20, (width / 2 - 40) / 7.5);
  if (row.kind === 'heading') return 52;
  const length = Math.max(row.pair.old?.text.length ?? 0, row.pair.new?.text.length ?? 0);
  return 26 + Math.ceil(length / charsPerLine) * 24;
}

/** Where a moved unit stands on `side`: for a section its parent's path, else the heading above it. */
function placeText(layout: CompareLayout, pair: AlignedPair, side: 'old' | 'new'): string {
  if (pair.level === 'section') {
    const parent = (pair[side]?.path ?? []).slice(0, -1);
    return parent.length > 0 ? parent.join(' › ') : 'the top level';
  }
  const place = placeOf(layout, pair.id, side);
  if (place) return place;
  const path = pair[side]?.path ?? [];
  return path.length > 0 ? path.join(' › ') : 'the top';
}

interface RowViewProps {
  row: Row;
  layout: CompareLayout;
  focus: { id: string; side: 'old' | 'new' } | null;
  current: boolean;
  onSelect: (id: string, side: 'old' | 'new') => void;
  onCounterpart: (id: string, side: 'old' | 'new') => void;
}

/** One aligned row: the old cell and the new cell. */
function RowView(props: RowViewProps) {
  const { row, focus, current } = props;
  const pair = row.pair;
  const focused = focus !== null && rowShows(row, focus.id);
  const classes = [
    'row',
    row.kind,
    `rel-${pair.relation}`,
    `sig-${row.significance}`,
    row.sides === 'both' ? '' : `only-${row.sides}`,
    current ? 'current' : '',
    focused ? 'focused' : '',
  ].filter(Boolean);
  return (
    <div class={classes.join(' ')} data-key={row.key} data-pair={pair.id}>
      <Cell {...props} side="old" />
      <Cell {...props} side="new" />
    </div>
  );
}

/** One side of a row. */
function Cell(props: RowViewProps & { side: 'old' | 'new' }) {
  const { row, side, focus, onSelect, onCounterpart, layout } = props;
  const pair = row.pair;
  const hidden = (side === 'old' && row.sides === 'new') || (side === 'new' && row.sides === 'old');
  if (hidden) {
    // The other end of a moved unit is elsewhere (its ghost row, or its main row): a link to it.
    return (
      <div class={`cell ${side} move-placeholder`}>
        <button
          type="button"
          class="moved-link"
          data-pair={pair.id}
          data-side={side}
          onClick={() => onCounterpart(pair.id, side)}
        >
          {side === 'old'
            ? `← moved from ${placeText(layout, pair, 'old')}`
            : `moved to ${placeText(layout, pair, 'new')} →`}
        </button>
      </div>
    );
  }
  const unit = pair[side];
  if (!unit) return <div class={`cell ${side} absent`} />;
  const isFocused = focus?.id === pair.id && focus.side === side;
  if (row.kind === 'heading') {
    return (
      <div
        class={`cell ${side} heading-cell depth-${Math.min(row.depth, 6)}${isFocused ? ' focus' : ''}`}
        data-pair={pair.id}
        data-side={side}
      >
        <button type="button" class="unit-select heading-text" onClick={() => onSelect(pair.id, side)}>
          <WordChanges pair={pair} side={side} />
        </button>
        {side === 'new' && <HeadingBadges pair={pair} />}
      </div>
    );
  }
  const units = side === 'old' ? row.oldUnits : row.newUnits;
  return (
    <div
      class={`cell ${side} block-cell kind-${unit.kind}${isFocused ? ' focus' : ''}`}
      data-pair={pair.id}
      data-side={side}
    >
      {units.length === 0 ? (
        <span class={`unit rel-${pair.relation}`} {...activation(() => onSelect(pair.id, side))}>
          <WordChanges pair={pair} side={side} />
        </span>
      ) : (
        units.map((sentence) => (
          <Fragment key={sentence.id}>
            <span
              class={`unit rel-${sentence.relation} sig-${sentence.significance}${
                focus?.id === sentence.id && focus.side === side ? ' focus' : ''
              }`}
              data-pair={sentence.id}
              data-side={side}
              {...activation(() => onSelect(sentence.id, side))}
            >
              <WordChanges pair={sentence} side={side} />
            </span>
            {sentence.relation === 'moved' && (
              <MoveNote layout={layout} pair={sentence} side={side} onCounterpart={onCounterpart} />
            )}{' '}
          </Fragment>
        ))
      )}
      {pair.relation !== 'unchanged' && side === 'new' && (
        <span class={`badge rel-${pair.relation}`}>
          {pair.relation}
          {pair.significance !== 'none' ? ` · ${pair.significance}` : ''}
        </span>
      )}
      {pair.relation === 'deleted' && side === 'old' && (
        <span class="badge rel-deleted">deleted · {pair.significance}</span>
      )}
    </div>
  );
}

/** "moved from … / moved to …" beside a moved unit, linking to its other end. */
function MoveNote(props: {
  layout: CompareLayout;
  pair: AlignedPair;
  side: 'old' | 'new';
  onCounterpart: (id: string, side: 'old' | 'new') => void;
}) {
  const { layout, pair, side, onCounterpart } = props;
  const other = side === 'old' ? 'new' : 'old';
  return (
    <button
      type="button"
      class="moved-link"
      onClick={(event) => {
        event.stopPropagation();
        onCounterpart(pair.id, other);
      }}
    >
      {side === 'new'
        ? `← moved from ${placeText(layout, pair, 'old')}`
        : `moved to ${placeText(layout, pair, 'new')} →`}
    </button>
  );
}

/** Badges of a heading pair: its relation, and which of label and title changed. */
function HeadingBadges(props: { pair: AlignedPair }) {
  const { pair } = props;
  const badges: Array<{ key: string; text: string }> = [];
  if (pair.heading?.labelChanged && pair.old && pair.new) {
    badges.push({ key: 'renumbered', text: `renumbered ${pair.old.label ?? '∅'} → ${pair.new.label ?? '∅'}` });
  }
  if (pair.heading?.titleChanged && pair.relation !== 'inserted' && pair.relation !== 'deleted') {
    badges.push({ key: 'retitled', text: 'retitled' });
  }
  if (pair.relation === 'inserted' || pair.relation === 'moved' || pair.relation === 'deleted') {
    badges.push({ key: pair.relation, text: pair.relation });
  }
  if (badges.length === 0) return null;
  return (
    <span class="badges">
      {badges.map((b) => (
        <span key={b.key} class={`badge badge-${b.key}`}>
          {b.text}
          {b.key === 'renumbered' || b.key === 'retitled' ? ` · ${pair.significance}` : ''}
        </span>
      ))}
    </span>
  );
}
