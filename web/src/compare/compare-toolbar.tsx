/** The compare view's controls: significance filter, changes-only toggle, previous/next and the counters. */
import { shortLabel } from '../edition-label.js';
import { paths } from '../routes.js';
import type { Threshold } from './rows.js';

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
