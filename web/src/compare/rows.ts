/**
 * From a Comparison to the rows of the side-by-side view, and the filters over them. Pure functions: the compare page
 * renders rows, a Node test checks them.
 *
 * Layout, in steps:
 *  1. Pairs come as sections, then blocks, then sentences, each in the new edition's reading order, and every block
 *     and sentence names its parent pair. Each section pair gives a heading row followed by a row per block pair under
 *     it; blocks before the first heading come first.
 *  2. A moved section or block appears twice, as a reader of either edition expects it: its main row at its place in
 *     the new edition (new side only), and a ghost row at its place in the old edition (old side only). The ghost goes
 *     after the row whose old unit is the nearest one before it in the old text (by offset): the anchoring idea of
 *     `orderKeys` in src/align/align.ts, done from the other side.
 *  3. Sentences go inside their block rows, each side separately: new sides into their parent's row, old sides into
 *     the row that shows their old block — the parent's ghost for a moved block, the old paragraph a moved sentence
 *     left (found by offset) — so both ends of a move are visible and linked.
 *  4. Filters keep rows whose change passes the significance threshold, plus the headings above them as context
 *     (one backward pass: a visible row needs every enclosing heading, i.e. each nearer heading of smaller depth).
 */
import type { AlignedPair, Comparison, ShiftKind, Significance, UnitRef } from '../api-types.js';

/** Which side(s) of a pair a row shows. */
export type RowSides = 'both' | 'old' | 'new';

/** One row of the side-by-side view: a section heading or a block, with the sentences of each side. */
export interface Row {
  /** Unique key: the pair id, with `:old` for the ghost of a moved unit. */
  key: string;
  kind: 'heading' | 'block';
  pair: AlignedPair;
  /** `new` for a moved unit at its new place, `old` for its ghost at the old place, else `both`. */
  sides: RowSides;
  /** Sentence pairs shown on the old side (old reading order) and on the new side (new reading order). */
  oldUnits: AlignedPair[];
  newUnits: AlignedPair[];
  /** Heading depth (length of its path); for blocks one more than their section's path. */
  depth: number;
  /** Whether anything in the row changed (heading text, block or any of its sentences). */
  changed: boolean;
  /** The row's significance: the highest of its pair and its sentences (none when unchanged). */
  significance: Significance;
}

/** The rows of a comparison, with where each pair (row or sentence) is shown. */
export interface CompareLayout {
  rows: Row[];
  /** Pair id → index of the row showing its old side and its new side. */
  where: Map<string, { old?: number; new?: number }>;
}

/** Significance filter of the compare view. */
export type Threshold = 'all' | 'minor' | 'substantive';

/** The filter state of the compare view. */
export interface RowFilter {
  threshold: Threshold;
  /** Hide unchanged rows (with `all`; the other thresholds only keep changes anyway). */
  changesOnly: boolean;
  /** A pair id always kept visible (the deep-link target). */
  pin?: string;
  /** Keep only rows whose pair carries a policy shift of one of these kinds (docs/shifts.md); all when absent or empty. */
  shifts?: readonly ShiftKind[];
}

/** Whether a row's pair carries a shift of one of `kinds` (any row when `kinds` is empty). */
export function hasShift(row: Row, kinds: readonly ShiftKind[] | undefined): boolean {
  if (!kinds || kinds.length === 0) return true;
  return (row.pair.shifts ?? []).some((shift) => kinds.includes(shift.kind));
}

const RANK: Record<Significance, number> = { none: 0, cosmetic: 1, minor: 2, substantive: 3 };

/** The higher of two significances. */
function higher(a: Significance, b: Significance): Significance {
  return RANK[a] >= RANK[b] ? a : b;
}

/** Whether a heading pair's own text changed (a `modified` section only changed inside). */
export function headingChanged(pair: AlignedPair): boolean {
  return pair.relation !== 'unchanged' && pair.relation !== 'modified';
}

/** Offset of a unit's start in its edition, when it was parsed with positions. */
function startOf(unit: UnitRef | null): number | undefined {
  return unit?.position?.start.offset;
}

/** The old reading-order key of a unit: its offset, else its index (units of one level). */
function oldOrder(pair: AlignedPair): number {
  return startOf(pair.old) ?? pair.old?.index ?? 0;
}

/** Lays out a comparison as rows (steps 1–3 of the outline). */
export function layoutComparison(comparison: Pick<Comparison, 'pairs'>): CompareLayout {
  const sections: AlignedPair[] = [];
  const blocksOf = new Map<string, AlignedPair[]>();
  const leadingBlocks: AlignedPair[] = [];
  const sentencesOf = new Map<string, AlignedPair[]>();
  const byId = new Map<string, AlignedPair>();
  for (const pair of comparison.pairs) byId.set(pair.id, pair);
  const orphans: AlignedPair[] = [];
  for (const pair of comparison.pairs) {
    if (pair.level === 'section') sections.push(pair);
    else if (pair.level === 'block') {
      const parent = pair.parent ? byId.get(pair.parent) : undefined;
      if (parent?.level !== 'section') leadingBlocks.push(pair);
      else pushTo(blocksOf, parent.id, pair);
    } else {
      const parent = pair.parent ? byId.get(pair.parent) : undefined;
      if (parent?.level !== 'block') orphans.push(pair);
      else pushTo(sentencesOf, parent.id, pair);
    }
  }

  // 1. Main rows in the new edition's order.
  const main: Row[] = [];
  const blockRow = (pair: AlignedPair): Row => ({
    key: pair.id,
    kind: 'block',
    pair,
    sides: pair.relation === 'moved' ? 'new' : 'both',
    oldUnits: [],
    newUnits: [],
    depth: (pair.new ?? pair.old)?.path.length ?? 0,
    changed: false,
    significance: 'none',
  });
  for (const pair of leadingBlocks) main.push(blockRow(pair));
  for (const section of sections) {
    main.push({
      key: section.id,
      kind: 'heading',
      pair: section,
      sides: section.relation === 'moved' ? 'new' : 'both',
      oldUnits: [],
      newUnits: [],
      depth: (section.new ?? section.old)?.path.length ?? 0,
      changed: false,
      significance: 'none',
    });
    for (const block of blocksOf.get(section.id) ?? []) main.push(blockRow(block));
  }
  for (const sentence of orphans) {
    const row = blockRow(sentence);
    row.sides = 'both';
    main.push(row);
  }

  // 2. Ghosts of moved units at their old places.
  const anchors = main
    .map((row, index) => ({ row, index }))
    .filter(({ row }) => row.sides === 'both' && row.pair.old && startOf(row.pair.old) !== undefined)
    .map(({ row, index }) => ({ offset: startOf(row.pair.old) as number, index }))
    .sort((a, b) => a.offset - b.offset);
  const ghostsAfter = new Map<number, Row[]>();
  for (const row of main) {
    if (row.sides !== 'new' || !row.pair.old) continue;
    const offset = startOf(row.pair.old);
    let after = -1;
    if (offset !== undefined) {
      const at = lastBelow(anchors, offset);
      after = at >= 0 ? (anchors[at] as { index: number }).index : -1;
    } else {
      after = main.length - 1;
    }
    const ghost: Row = {
      ...row,
      key: `${row.pair.id}:old`,
      sides: 'old',
      oldUnits: [],
      newUnits: [],
      depth: row.kind === 'heading' ? row.pair.old.path.length : row.pair.old.path.length,
    };
    pushTo(ghostsAfter, after, ghost);
  }
  for (const list of ghostsAfter.values()) list.sort((a, b) => oldOrder(a.pair) - oldOrder(b.pair));
  const rows: Row[] = [...(ghostsAfter.get(-1) ?? [])];
  main.forEach((row, index) => {
    rows.push(row);
    for (const ghost of ghostsAfter.get(index) ?? []) rows.push(ghost);
  });

  // 3. Sentences into rows, side by side.
  const where = new Map<string, { old?: number; new?: number }>();
  const mark = (id: string, side: 'old' | 'new', index: number) => {
    const entry = where.get(id) ?? {};
    if (entry[side] === undefined) entry[side] = index;
    where.set(id, entry);
  };
  const oldBlockRanges: Array<{ start: number; end: number; index: number }> = [];
  rows.forEach((row, index) => {
    if (row.sides !== 'new' && row.pair.old) mark(row.pair.id, 'old', index);
    if (row.sides !== 'old' && row.pair.new) mark(row.pair.id, 'new', index);
    const position = row.pair.old?.position;
    if (row.kind === 'block' && row.sides !== 'new' && position && row.pair.level === 'block') {
      oldBlockRanges.push({ start: position.start.offset, end: position.end.offset, index });
    }
  });
  oldBlockRanges.sort((a, b) => a.start - b.start);
  for (const [blockId, sentences] of sentencesOf) {
    const home = where.get(blockId);
    for (const sentence of sentences) {
      if (sentence.new && home?.new !== undefined) {
        (rows[home.new] as Row).newUnits.push(sentence);
        mark(sentence.id, 'new', home.new);
      }
      if (sentence.old) {
        let target = home?.old;
        const offset = startOf(sentence.old);
        if (sentence.relation === 'moved' && offset !== undefined) {
          const at = lastBelow(oldBlockRanges, offset + 1);
          const range = at >= 0 ? oldBlockRanges[at] : undefined;
          if (range && offset < range.end) target = range.index;
        }
        if (target === undefined) target = home?.new;
        if (target !== undefined) {
          (rows[target] as Row).oldUnits.push(sentence);
          mark(sentence.id, 'old', target);
        }
      }
    }
  }
  for (const row of rows) {
    if (row.oldUnits.length > 1) row.oldUnits.sort((a, b) => oldOrder(a) - oldOrder(b));
    summarize(row);
  }
  return { rows, where };
}

/** Sets a row's `changed` and `significance` from its pair and sentences. */
function summarize(row: Row): void {
  if (row.kind === 'heading') {
    row.changed = headingChanged(row.pair);
    row.significance = row.changed ? row.pair.significance : 'none';
    return;
  }
  let changed = row.pair.relation !== 'unchanged';
  let significance: Significance = changed ? row.pair.significance : 'none';
  for (const unit of row.sides === 'old' ? row.oldUnits : row.sides === 'new' ? row.newUnits : unitsOf(row)) {
    if (unit.relation !== 'unchanged') {
      changed = true;
      significance = higher(significance, unit.significance);
    }
  }
  row.changed = changed;
  row.significance = significance;
}

/** Both sides' sentence pairs of a row (each once). */
export function unitsOf(row: Row): AlignedPair[] {
  if (row.oldUnits.length === 0) return row.newUnits;
  if (row.newUnits.length === 0) return row.oldUnits;
  const seen = new Set(row.newUnits);
  return [...row.newUnits, ...row.oldUnits.filter((u) => !seen.has(u))];
}

/** Whether a row passes the filter on its own (without being context for another row). */
export function passes(row: Row, filter: RowFilter): boolean {
  if (filter.shifts && filter.shifts.length > 0 && !(row.changed && hasShift(row, filter.shifts))) return false;
  if (filter.threshold === 'all') return !filter.changesOnly || row.changed;
  return row.changed && RANK[row.significance] >= RANK[filter.threshold];
}

/** Whether the row shows the pair `id` (its own pair or one of its sentences). */
export function rowShows(row: Row, id: string): boolean {
  return row.pair.id === id || row.oldUnits.some((u) => u.id === id) || row.newUnits.some((u) => u.id === id);
}

/** Indexes of the rows to show under `filter`, in order: passing rows and the headings that give them context. */
export function visibleRows(rows: readonly Row[], filter: RowFilter): number[] {
  if (filter.threshold === 'all' && !filter.changesOnly && !filter.shifts?.length) return rows.map((_, i) => i);
  const shown = new Uint8Array(rows.length);
  let need = -1;
  for (let i = rows.length - 1; i >= 0; i--) {
    const row = rows[i] as Row;
    const own = passes(row, filter) || (filter.pin !== undefined && rowShows(row, filter.pin));
    if (row.kind === 'block') {
      if (own) {
        shown[i] = 1;
        need = Math.max(need, row.depth + 1);
      }
      continue;
    }
    if (own || row.depth < need) {
      shown[i] = 1;
      need = row.depth;
    }
  }
  const out: number[] = [];
  for (let i = 0; i < rows.length; i++) if (shown[i]) out.push(i);
  return out;
}

/** Positions (into `visible`) of the rows a reader steps through with next/previous: changes passing the filter. */
export function changeStops(rows: readonly Row[], visible: readonly number[], filter: RowFilter): number[] {
  const stops: number[] = [];
  const stopFilter: RowFilter = { ...filter, changesOnly: true };
  visible.forEach((index, position) => {
    const row = rows[index] as Row;
    if (row.changed && passes(row, stopFilter)) stops.push(position);
  });
  return stops;
}

/** The next (direction 1) or previous (-1) stop from visible position `from`, or undefined at either end. */
export function nextStop(stops: readonly number[], from: number, direction: 1 | -1): number | undefined {
  if (direction === 1) return stops.find((s) => s > from);
  for (let i = stops.length - 1; i >= 0; i--) if ((stops[i] as number) < from) return stops[i];
  return undefined;
}

/**
 * The most specific pair (sentence, else block, else section) whose unit on `side` contains `offset` in its
 * edition's text: how a search hit (an offset) becomes a deep link to a pair.
 */
export function pairAtOffset(
  pairs: readonly AlignedPair[],
  offset: number,
  side: 'old' | 'new' = 'new',
): AlignedPair | undefined {
  let best: AlignedPair | undefined;
  const level = { section: 0, block: 1, sentence: 2 };
  for (const pair of pairs) {
    const position = pair[side]?.position;
    if (!position || offset < position.start.offset || offset >= position.end.offset) continue;
    if (!best || level[pair.level] > level[best.level]) best = pair;
  }
  return best;
}

/**
 * The heading under which pair `id` stands on `side`: the text of the nearest heading row above the row that shows
 * it, whitespace collapsed ("2 Safety"), or undefined when none is above. Move markers name places this way.
 */
export function placeOf(layout: CompareLayout, id: string, side: 'old' | 'new'): string | undefined {
  const start = layout.where.get(id)?.[side];
  if (start === undefined) return undefined;
  for (let i = start; i >= 0; i--) {
    const row = layout.rows[i] as Row;
    const unit = row.pair[side];
    if (row.kind !== 'heading' || !unit || (row.pair.id === id && i === start)) continue;
    if ((side === 'old' && row.sides === 'new') || (side === 'new' && row.sides === 'old')) continue;
    return unit.text.replace(/\s+/g, ' ').trim();
  }
  return undefined;
}

/** Index of the last entry with `offset`/`start` below `value` in a list sorted by it, or -1. */
function lastBelow(list: ReadonlyArray<{ offset?: number; start?: number }>, value: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    const entry = list[middle] as { offset?: number; start?: number };
    if ((entry.offset ?? entry.start ?? 0) < value) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}

/** Appends to the list under `key`, creating it. */
function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
