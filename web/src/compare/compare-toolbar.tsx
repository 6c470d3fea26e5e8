/** The compare view's controls: significance filter, changes-only toggle, previous/next and the counters. */

import type { ShiftKind } from '../api-types.js';
import { shortLabel } from '../edition-label.js';
import { paths } from '../routes.js';
import type { Threshold } from './rows.js';
import { SHIFT_KIND_NAMES, shiftsFromQuery } from './use-filter-query.js';

const THRESHOLDS: Array<{ value: Threshold; label: string }> = [
  { value: 'all', label: 'all changes' },
  { value: 'minor', label: '≥ minor' },
  { value: 'substantive', label: 'substantive' },
];

/** What the toolbar shows and changes. */
export interface CompareToolbarProps {
  series: string;
  /** Label of the new edition, for the blame link. */
  newLabel: string;
  threshold: Threshold;
  setThreshold: (threshold: Threshold) => void;
  changesOnly: boolean;
  setChangesOnly: (changesOnly: boolean) => void;
  /** Policy-shift kinds rows must carry (docs/shifts.md); empty for no shift filter. */
  shifts: readonly ShiftKind[];
  setShifts: (shifts: ShiftKind[]) => void;
  step: (direction: 1 | -1) => void;
  /** Index of the current change among the stops, or -1. */
  currentStop: number;
  stopCount: number;
  visibleCount: number;
  rowCount: number;
}

/** The toolbar above the aligned rows. */
export function CompareToolbar(props: CompareToolbarProps) {
  const { threshold, setThreshold, changesOnly, setChangesOnly, step, currentStop, stopCount } = props;
  return (
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
      <ShiftSelect shifts={props.shifts} setShifts={props.setShifts} />
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
          ? `change ${currentStop + 1} of ${stopCount}`
          : `${stopCount} change${stopCount === 1 ? '' : 's'}`}
      </span>
      <span class="row-counter">
        {props.visibleCount} of {props.rowCount} rows
      </span>
      <a href={paths.blame(props.series, props.newLabel)} title={props.newLabel}>
        blame {shortLabel(props.newLabel)}
      </a>
    </div>
  );
}

/** The policy-shift filter: none, any shift, one kind, or the kinds a shared link asked for (`?shift=a,b`). */
function ShiftSelect(props: { shifts: readonly ShiftKind[]; setShifts: (shifts: ShiftKind[]) => void }) {
  const value = props.shifts.join(',');
  const any = SHIFT_KIND_NAMES.join(',');
  const options: Array<{ value: string; label: string }> = [
    { value: '', label: 'any wording' },
    { value: any, label: 'any policy shift' },
    ...SHIFT_KIND_NAMES.map((kind) => ({ value: kind, label: kind })),
  ];
  if (value !== '' && !options.some((o) => o.value === value)) options.push({ value, label: props.shifts.join(' + ') });
  return (
    <label>
      Shift{' '}
      <select
        name="shift"
        value={value}
        onChange={(e) => props.setShifts(shiftsFromQuery((e.currentTarget as HTMLSelectElement).value))}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
