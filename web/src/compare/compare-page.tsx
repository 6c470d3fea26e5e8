/**
 * The compare view: two editions side by side, aligned unit by unit (rows.ts), word changes highlighted, moved units
 * linked both ways, renumbered and retitled headings marked, a significance filter, a changes-only toggle, keyboard
 * navigation between changes (j/k or n/p; g and G for the first and last), a deep link to any unit (the URL hash is the pair id)
 * and a facts panel (facts-panel.tsx) whose facts link to their pairs. Rows are
 * windowed (virtual-list.tsx), so a comparison of tens of thousands of pairs stays responsive.
 */
import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api } from '../api.js';
import type { Comparison } from '../api-types.js';
import { ErrorMessage, Loading } from '../components.js';
import { displayLabels, shortLabel } from '../edition-label.js';
import { useLocation } from '../router.js';
import { paths } from '../routes.js';
import { useElementWidth } from '../use-element-width.js';
import { useResource } from '../use-resource.js';
import { CompareToolbar } from './compare-toolbar.js';
import { FactsPanel } from './facts-panel.js';
import { Minimap } from './minimap.js';
import './overview.css';
import { estimateRow, RowView } from './row-view.js';
import { changeStops, layoutComparison, passes, type Row, type RowFilter, visibleRows } from './rows.js';
import { TopSummary } from './top-summary.js';
import { useChangeNavigation } from './use-change-navigation.js';
import { useFilterQuery } from './use-filter-query.js';
import { useKeyboardNavigation } from './use-keyboard-navigation.js';
import { VirtualList } from './virtual-list.js';

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
  const shown = displayLabels([props.old, props.new]);
  return (
    <section class="compare-page">
      <h1>
        <a href={paths.series(props.series)}>{props.series}</a>: <span title={props.old}>{shown.get(props.old)}</span> →{' '}
        <span title={props.new}>{shown.get(props.new)}</span>
      </h1>
      {state.status === 'loading' && <Loading what="the comparison" />}
      {state.status === 'error' && <ErrorMessage error={state.error} />}
      {state.status === 'done' && <CompareView comparison={state.value} {...props} />}
    </section>
  );
}

/** The aligned side-by-side view of a loaded comparison. */
function CompareView(props: CompareProps & { comparison: Comparison }) {
  const { comparison } = props;
  const location = useLocation();
  const layout = useMemo(() => layoutComparison(comparison), [comparison]);
  const { threshold, setThreshold, changesOnly, setChangesOnly, shifts, setShifts } = useFilterQuery(location.search);
  const [pin, setPin] = useState<string | undefined>(undefined);

  const filter: RowFilter = useMemo(
    () => (pin === undefined ? { threshold, changesOnly, shifts } : { threshold, changesOnly, shifts, pin }),
    [threshold, changesOnly, shifts, pin],
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

  const navigation = useChangeNavigation({ comparison, layout, location, visible, positionOf, stops, setPin });
  const { focus, cursor, cursorPosition, select, goToCounterpart } = navigation;
  useKeyboardNavigation(navigation.step, navigation.goToStop, stops);

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
        context={!passes(layout.rows[visible[position] as number] as Row, filter)}
        onSelect={select}
        onCounterpart={goToCounterpart}
      />
    ),
    [layout, visible, focus, cursor, select, goToCounterpart, filter],
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

  const summary = comparison.summary;
  return (
    <div class="compare-view" ref={view}>
      <TopSummary series={props.series} old={props.old} new={props.new} />
      <CompareToolbar
        series={props.series}
        newLabel={props.new}
        threshold={threshold}
        setThreshold={setThreshold}
        changesOnly={changesOnly}
        setChangesOnly={setChangesOnly}
        shifts={shifts}
        setShifts={setShifts}
        step={navigation.step}
        currentStop={stops.indexOf(cursorPosition)}
        stopCount={stops.length}
        visibleCount={visible.length}
        rowCount={layout.rows.length}
      />
      <p class="compare-summary">
        sections {countsText(summary.sections)} · blocks {countsText(summary.blocks)} · sentences{' '}
        {countsText(summary.sentences)}
      </p>
      <FactsPanel series={props.series} old={props.old} new={props.new} onReveal={goToCounterpart} />
      <Minimap rows={layout.rows} />
      <div class="compare-columns-head">
        <div title={props.old}>{comparison.old.title ?? shortLabel(props.old)}</div>
        <div title={props.new}>{comparison.new.title ?? shortLabel(props.new)}</div>
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
          scrollTo={navigation.scrollRequest}
          onScrolled={onScrolled}
          onRange={navigation.onRange}
          measuredFor={width}
        />
      )}
    </div>
  );
}

/** "3 modified · 8 inserted" from counts per relation, zeros left out. */
function countsText(counts: Record<string, number>): string {
  const parts = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([relation, n]) => `${n} ${relation}`);
  return parts.length > 0 ? parts.join(' · ') : 'none';
}
