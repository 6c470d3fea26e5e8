/**
 * Windowed rendering of a long list in its own scroll container: only the rows near the viewport are in the DOM,
 * between two spacers whose heights come from a prefix sum of row heights — estimated until a row is rendered, then
 * measured (the approach of react-window's VariableSizeList and of "virtual scrolling" in general). When a measured
 * row above the first visible one changes height, the scroll position moves by the same amount, so what the reader
 * looks at stays put.
 */
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';

/** A request to bring row `index` into view; a new `token` repeats the request for the same row. */
export interface ScrollRequest {
  index: number;
  token: number;
}

/** Props of `VirtualList`. */
export interface VirtualListProps {
  count: number;
  /** Estimated height in pixels of row `index` before it is measured. */
  estimate: (index: number) => number;
  /** Stable key of row `index` (measured heights are remembered by key, so filters keep them). */
  keyOf: (index: number) => string;
  renderRow: (index: number) => ComponentChildren;
  scrollTo?: ScrollRequest | undefined;
  /** Called after a scroll request was carried out, with the row's element. */
  onScrolled?: (index: number, element: HTMLElement | null) => void;
  /** Called after each render with the first and last rows on screen (not counting overscan). */
  onRange?: (first: number, last: number) => void;
  /**
   * What measured heights hold for (e.g. the column width): when it changes, they are forgotten and rows fall back to
   * `estimate` until measured again, since a row's height at another width says little about its height now.
   */
  measuredFor?: unknown;
  /** Extra pixels rendered above and below the viewport. */
  overscan?: number;
  class?: string;
}

/** Index of the last prefix offset ≤ `value` (the row at that pixel). */
function rowAt(offsets: Float64Array, count: number, value: number): number {
  let low = 0;
  let high = count;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((offsets[middle + 1] as number) <= value) low = middle + 1;
    else high = middle;
  }
  return Math.min(low, Math.max(0, count - 1));
}

/** A vertically scrolling list that renders only the rows near the viewport. */
export function VirtualList(props: VirtualListProps) {
  const { count, estimate, keyOf, renderRow, scrollTo, onScrolled, onRange, overscan = 800 } = props;
  const container = useRef<HTMLDivElement>(null);
  const measured = useRef(new Map<string, number>());
  const [version, setVersion] = useState(0);
  const [viewport, setViewport] = useState({ top: 0, height: 800 });
  // A scroll request being settled; `quiet` when the list made it itself (no onScrolled call).
  const pending = useRef<{ index: number; passes: number; quiet?: boolean } | null>(null);
  const measuredFor = useRef(props.measuredFor);
  // The row a third of the way down the viewport when measurements were forgotten: kept there afterwards, as that is
  // where a scroll request puts its row (so the change the reader went to stays on screen).
  const anchor = useRef<number | null>(null);
  // The offsets and the scroll position of the last render: by the time a new width arrives the container has been
  // laid out anew (its height too), so the anchor is found where the reader last saw it.
  const lastOffsets = useRef<Float64Array | null>(null);
  const lastView = useRef({ top: 0, height: 0 });
  if (measuredFor.current !== props.measuredFor) {
    // Cleared during render, before the offsets below are computed from the (now empty) measurements.
    measuredFor.current = props.measuredFor;
    measured.current.clear();
    const previous = lastOffsets.current;
    // A reader at the very top stays there (the first row, not the row a third of the way down, is where they are):
    // anchoring would scroll the list by a few pixels on the first width measurement and hide its first row.
    if (previous && count > 0 && previous.length === count + 1 && lastView.current.top > 0) {
      anchor.current = rowAt(previous, count, lastView.current.top + lastView.current.height / 3 + 1);
    }
  }

  const offsets = useMemo(() => {
    const out = new Float64Array(count + 1);
    for (let i = 0; i < count; i++) {
      out[i + 1] = (out[i] as number) + (measured.current.get(keyOf(i)) ?? estimate(i));
    }
    return out;
    // `version` changes when measurements do; `measuredFor` when they were forgotten.
  }, [count, estimate, keyOf, version, props.measuredFor]);

  lastOffsets.current = offsets;
  const total = offsets[count] as number;
  const first = count === 0 ? 0 : rowAt(offsets, count, Math.max(0, viewport.top - overscan));
  const last = count === 0 ? -1 : rowAt(offsets, count, viewport.top + viewport.height + overscan);

  const onScroll = useCallback(() => {
    const element = container.current;
    if (element) setViewport({ top: element.scrollTop, height: element.clientHeight });
  }, []);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const observer = new ResizeObserver(() => {
      onScroll();
      setVersion((v) => v + 1);
    });
    observer.observe(element);
    onScroll();
    return () => observer.disconnect();
  }, [onScroll]);

  useEffect(() => {
    if (scrollTo && scrollTo.index >= 0 && scrollTo.index < count) {
      pending.current = { index: scrollTo.index, passes: 0 };
      const element = container.current;
      if (element) {
        element.scrollTop = Math.max(0, (offsets[scrollTo.index] as number) - element.clientHeight / 3);
        onScroll();
      }
      // Render once more even if the viewport did not move, so the measuring pass settles the request.
      setVersion((v) => v + 1);
    }
    // Only a new request scrolls; offsets are read at that moment.
  }, [scrollTo?.token, scrollTo?.index]);

  // Measure the rendered rows; keep the first visible row in place when rows above it change height; settle a
  // pending scroll request once its neighbourhood is measured.
  useLayoutEffect(() => {
    const element = container.current;
    if (!element) return;
    const kept = anchor.current;
    if (kept !== null) {
      // Measurements were forgotten: bring the anchor row back to where it was, measuring as for a scroll request
      // (unless a scroll request is already moving elsewhere).
      anchor.current = null;
      if (pending.current === null && kept < count) {
        pending.current = { index: kept, passes: 0, quiet: true };
        element.scrollTop = Math.max(0, (offsets[kept] as number) - element.clientHeight / 3);
        onScroll();
      }
    }
    const top = rowAt(offsets, count, element.scrollTop);
    let shift = 0;
    let changed = false;
    for (const child of Array.from(element.querySelectorAll<HTMLElement>(':scope > .virtual-rows > [data-row]'))) {
      const index = Number(child.dataset.row);
      const key = keyOf(index);
      const height = child.offsetHeight;
      const before = measured.current.get(key) ?? estimate(index);
      if (Math.abs(before - height) > 0.5) {
        measured.current.set(key, height);
        changed = true;
        if (index < top) shift += height - before;
      } else if (!measured.current.has(key)) {
        measured.current.set(key, height);
      }
    }
    if (count > 0) {
      onRange?.(
        rowAt(offsets, count, element.scrollTop),
        rowAt(offsets, count, element.scrollTop + element.clientHeight - 1),
      );
    }
    const target = pending.current;
    if (changed) {
      if (target === null && shift !== 0) element.scrollTop += shift;
      setVersion((v) => v + 1);
    }
    if (target !== null) {
      if (changed && target.passes < 6) {
        target.passes++;
        let top = 0;
        for (let i = 0; i < target.index; i++) top += measured.current.get(keyOf(i)) ?? estimate(i);
        element.scrollTop = Math.max(0, top - element.clientHeight / 3);
        onScroll();
      } else {
        pending.current = null;
        if (!target.quiet) {
          const row = element.querySelector<HTMLElement>(`:scope > .virtual-rows > [data-row="${target.index}"]`);
          onScrolled?.(target.index, row);
        }
      }
    }
    lastView.current = { top: element.scrollTop, height: element.clientHeight };
  });

  const rows: ComponentChildren[] = [];
  for (let i = first; i <= last; i++) {
    rows.push(
      <div key={keyOf(i)} data-row={i}>
        {renderRow(i)}
      </div>,
    );
  }
  return (
    <div ref={container} class={`virtual-list ${props.class ?? ''}`} onScroll={onScroll}>
      <div
        class="virtual-rows"
        style={{
          paddingTop: `${offsets[first] ?? 0}px`,
          paddingBottom: `${Math.max(0, total - (offsets[last + 1] ?? total))}px`,
        }}
      >
        {rows}
      </div>
    </div>
  );
}
