/**
 * Where the reader is in the compare view and how they move: the current change (a cursor kept as a row, so it
 * survives filter changes), the focused unit, scroll requests to the list, stepping between changes, and deep links
 * (the URL hash names a pair; `?offset=N`, from search, a place in an edition).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Comparison } from '../api-types.js';
import { type AppLocation, replaceHash } from '../router.js';
import { type CompareLayout, nextStop, pairAtOffset, type Row } from './rows.js';
import type { ScrollRequest } from './virtual-list.js';

/** A side of the comparison. */
export type Side = 'old' | 'new';

/** The unit the reader selected: a pair id and the side it is shown on. */
export interface Focus {
  id: string;
  side: Side;
}

/** What the navigation reads: the comparison and its layout, the filtered list and its change stops. */
export interface NavigationInput {
  comparison: Comparison;
  layout: CompareLayout;
  location: AppLocation;
  /** Row indexes (into layout.rows) of the visible list, in order. */
  visible: readonly number[];
  /** List position of each visible row index. */
  positionOf: ReadonlyMap<number, number>;
  /** Visible list positions of the changes, in order. */
  stops: readonly number[];
  /** Pins a pair so the filter keeps it visible. */
  setPin: (id: string) => void;
}

/** The navigation state of the compare view and the actions that move it. */
export function useChangeNavigation(input: NavigationInput) {
  const { comparison, layout, location, visible, positionOf, stops, setPin } = input;
  const [focus, setFocus] = useState<Focus | null>(null);
  const [scrollRequest, setScrollRequest] = useState<ScrollRequest | undefined>(undefined);
  // The row (index into layout.rows) of the change the reader is on; -1 before any. Kept as a row, not a list
  // position, so it survives filter changes.
  const [cursor, setCursor] = useState(-1);
  const token = useRef(0);

  /** Shows pair `id` (its `side`, else whichever side exists): pins it, scrolls to it and highlights it. */
  const reveal = useCallback(
    (id: string, side?: Side) => {
      const at = layout.where.get(id);
      if (!at) return false;
      const chosen: Side = side ?? (at.new !== undefined ? 'new' : 'old');
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

  /** Moves to the next (1) or previous (-1) change. */
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

  /** Selects a unit the reader clicked: focused and in the URL hash, without scrolling. */
  const select = useCallback((id: string, side: Side) => {
    setFocus({ id, side });
    replaceHash(id);
  }, []);

  /** Follows a move link to the unit's other end. */
  const goToCounterpart = useCallback(
    (id: string, side: Side) => {
      replaceHash(id);
      reveal(id, side);
    },
    [reveal],
  );

  return { focus, cursor, cursorPosition, scrollRequest, onRange, goToStop, step, select, goToCounterpart };
}
