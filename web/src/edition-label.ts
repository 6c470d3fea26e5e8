/**
 * Short display labels of editions. A label is often a file stem (`01-2015-08-01_000000000000000`), kept as the
 * edition's identity and provenance; a reader needs only the date it carries. The short label is shown, the stem stays
 * in the element's title (and in every URL).
 */

/** An ISO date (YYYY-MM-DD, or with `_`/`.` separators) inside a label. */
const DATE_IN_LABEL = /(?<![0-9])((?:1[6-9]|20)[0-9]{2})[-_.](0[1-9]|1[0-2])[-_.](0[1-9]|[12][0-9]|3[01])(?![0-9])/;

/** The date a label carries (as YYYY-MM-DD) when the label is more than that date, else the label itself. */
export function shortLabel(label: string): string {
  const match = DATE_IN_LABEL.exec(label);
  if (!match) return label;
  const date = `${match[1]}-${match[2]}-${match[3]}`;
  return date.length < label.length ? date : label;
}

/**
 * Display labels of a series' editions: each label's short form, except where two editions would share one (two
 * stems of the same day), where the full labels stay so no two editions read alike.
 */
export function displayLabels(labels: readonly string[]): Map<string, string> {
  const shorts = labels.map(shortLabel);
  const counts = new Map<string, number>();
  for (const s of shorts) counts.set(s, (counts.get(s) ?? 0) + 1);
  return new Map(
    labels.map((label, i) => [label, (counts.get(shorts[i] as string) ?? 0) > 1 ? label : (shorts[i] as string)]),
  );
}
