/**
 * One row of the compare view: the old and the new cell of an aligned pair, its sentences with their word changes,
 * links between the two ends of a moved unit, and the badges of renumbered and retitled headings.
 */
import { Fragment } from 'preact';
import type { AlignedPair } from '../api-types.js';
import { activation } from '../components.js';
import { SECTION_PATH_SEPARATOR } from '../section-path.js';
import { type CompareLayout, placeOf, type Row, rowShows } from './rows.js';
import type { Focus } from './use-change-navigation.js';
import { WordChanges } from './word-changes.js';

/** A row's height before it is measured: lines of its longer side at the column width, plus padding. */
export function estimateRow(row: Row, width: number): number {
  const charsPerLine = Math.max(20, (width / 2 - 40) / 7.5);
  if (row.kind === 'heading') return 52;
  const length = Math.max(row.pair.old?.text.length ?? 0, row.pair.new?.text.length ?? 0);
  return 26 + Math.ceil(length / charsPerLine) * 24;
}

/** Where a moved unit stands on `side`: for a section its parent's path, else the heading above it. */
function placeText(layout: CompareLayout, pair: AlignedPair, side: 'old' | 'new'): string {
  if (pair.level === 'section') {
    const parent = (pair[side]?.path ?? []).slice(0, -1);
    return parent.length > 0 ? parent.join(SECTION_PATH_SEPARATOR) : 'the top level';
  }
  const place = placeOf(layout, pair.id, side);
  if (place) return place;
  const path = pair[side]?.path ?? [];
  return path.length > 0 ? path.join(SECTION_PATH_SEPARATOR) : 'the top';
}

/** What a row needs: the row, the layout (for move places), the focused unit and the handlers of clicks. */
export interface RowViewProps {
  row: Row;
  layout: CompareLayout;
  focus: Focus | null;
  current: boolean;
  /**
   * Shown only as context for the rows under it (a heading whose own change is below the significance filter): its
   * badges are left out and its changes muted, so no badge stands for a change the filter hides.
   */
  context?: boolean;
  onSelect: (id: string, side: 'old' | 'new') => void;
  onCounterpart: (id: string, side: 'old' | 'new') => void;
}

/** One aligned row: the old cell and the new cell. */
export function RowView(props: RowViewProps) {
  const { row, focus, current } = props;
  const pair = row.pair;
  const focused = focus !== null && rowShows(row, focus.id);
  const classes = [
    'row',
    row.kind,
    `rel-${pair.relation}`,
    `sig-${row.significance}`,
    row.sides === 'both' ? '' : `only-${row.sides}`,
    // A heading whose number and title read as before (its section changed inside): the unified view shows it once.
    row.kind === 'heading' && pair.old && pair.new && !pair.heading?.labelChanged && !pair.heading?.titleChanged
      ? 'same-text'
      : '',
    current ? 'current' : '',
    props.context ? 'context' : '',
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
        {side === 'new' && !props.context && <HeadingBadges pair={pair} />}
        {side === (pair.new ? 'new' : 'old') && !props.context && <ShiftBadges pair={pair} />}
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
      {pair.relation !== 'unchanged' && side === 'new' && !props.context && (
        <span class={`badge rel-${pair.relation} sig-${pair.significance}`}>
          {pair.relation}
          {pair.significance !== 'none' ? ` · ${pair.significance}` : ''}
        </span>
      )}
      {side === (pair.new ? 'new' : 'old') && !props.context && <ShiftBadges pair={pair} />}
      {pair.relation === 'deleted' && side === 'old' && !props.context && (
        <span class={`badge rel-deleted sig-${pair.significance}`}>deleted · {pair.significance}</span>
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

/** The policy shifts a pair carries (docs/shifts.md), one badge per kind, the words in its tooltip. */
function ShiftBadges(props: { pair: AlignedPair }) {
  const shifts = props.pair.shifts ?? [];
  if (shifts.length === 0) return null;
  const kinds = [...new Set(shifts.map((shift) => shift.kind))];
  return (
    <span class="badges shift-badges">
      {kinds.map((kind) => {
        const ofKind = shifts.filter((shift) => shift.kind === kind);
        const title = ofKind
          .map((shift) => `${shift.direction ?? shift.change}: ${shift.old || '∅'} → ${shift.new || '∅'}`)
          .join('\n');
        const direction = ofKind.find((shift) => shift.direction)?.direction;
        return (
          <span key={kind} class={`badge shift shift-${kind}`} data-shift={kind} title={title}>
            {kind}
            {direction ? ` ${direction === 'stronger' ? '↑' : direction === 'weaker' ? '↓' : `· ${direction}`}` : ''}
          </span>
        );
      })}
    </span>
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
        <span key={b.key} class={`badge badge-${b.key} sig-${pair.significance}`}>
          {b.text}
          {b.key === 'renumbered' || b.key === 'retitled' ? ` · ${pair.significance}` : ''}
        </span>
      ))}
    </span>
  );
}
