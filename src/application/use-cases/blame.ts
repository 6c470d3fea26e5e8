/** The blame use case (`palimpsest blame`): the edition that introduced each sentence and word, and --section. */
import { type Blame, blame as blameLineage, type LineageEdition, narrowBlame } from '../../collate/index.js';
import { PalimpsestError } from '../../errors/errors.js';
import { SECTION_PATH_SEPARATOR } from '../../model/section-path.js';
import type { EditionStore } from '../../store/index.js';
import type { ComparisonExecution } from '../caches/documents.js';
import { latestBlame, seriesLineage, seriesState } from '../caches/series-cache.js';

/** Options of `blameEdition`. */
export interface BlameEditionOptions {
  /** The edition to blame (default the latest). */
  edition?: string;
  /** Only sentences under this section path (labels, outermost first). */
  section?: string[];
}

/**
 * The blame of one edition (`palimpsest blame`): per sentence and per word, the edition that introduced it. The
 * latest edition's blame is cached whole (one value, narrowed to `--section` here); any other edition's is made
 * from the series' lineage cache (one value: no trees, no comparisons). The series is collated only when the
 * caches are stale, its missing trees and comparisons made on `execution.pool` when there is one.
 */
export async function blameEdition(
  store: EditionStore,
  series: string,
  options: BlameEditionOptions = {},
  execution: ComparisonExecution = {},
): Promise<Blame> {
  const state = await seriesState(store, series);
  const { records } = state;
  if (records.length === 0) throw new PalimpsestError('E_NO_EDITION', `series '${series}' has no editions`);
  let index: number | undefined;
  if (options.edition !== undefined) {
    index = records.findIndex((record) => record.label === options.edition);
    if (index < 0) throw new PalimpsestError('E_NO_EDITION', `series '${series}' has no edition '${options.edition}'`);
  }
  const target = index ?? records.length - 1;
  if (records.length > 0 && target === records.length - 1) {
    const latest = await latestBlame(store, series, state, execution);
    if (options.section === undefined) return latest.blame;
    const label = records[target]?.label ?? '';
    const section = resolveSection({ label, sections: latest.sections.map((path) => ({ path })) }, options.section);
    return narrowBlame(latest.blame, section);
  }
  const lineage = await seriesLineage(store, series, state, target, execution);
  const lang = records[target]?.lang;
  const section =
    options.section && lineage.editions[target] ? resolveSection(lineage.editions[target], options.section) : undefined;
  return blameLineage(lineage, index, {
    ...(section ? { section } : {}),
    ...(lang ? { locale: lang } : {}),
  });
}

/** Case- and space-insensitive key of a section label. */
function labelKey(label: string): string {
  return label.replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * The full section path a --section argument means: the path itself when some section starts with it, else the one
 * section path that ends with it (so `(2)` finds `Chapter 3 › Section 1 › 1 › (2)`); E_USAGE when none or several do.
 */
export function resolveSection(
  edition: Pick<LineageEdition, 'label'> & { sections: ReadonlyArray<{ path: string[] }> },
  wanted: readonly string[],
): string[] {
  const want = wanted.map(labelKey);
  const paths = edition.sections.map((s) => s.path);
  const keyed = paths.map((p) => p.map(labelKey));
  if (keyed.some((p) => want.every((w, i) => p[i] === w))) return [...wanted];
  const matches = new Map<string, string[]>();
  keyed.forEach((p, i) => {
    if (p.length >= want.length && want.every((w, j) => p[p.length - want.length + j] === w)) {
      matches.set(p.join('\u0000'), paths[i] as string[]);
    }
  });
  const shown = wanted.join(SECTION_PATH_SEPARATOR);
  if (matches.size === 1) return [...matches.values()][0] as string[];
  if (matches.size === 0) throw new PalimpsestError('E_USAGE', `no section '${shown}' in edition '${edition.label}'`);
  const candidates = [...matches.values()]
    .slice(0, 5)
    .map((p) => p.join(SECTION_PATH_SEPARATOR))
    .join('; ');
  throw new PalimpsestError('E_USAGE', `section '${shown}' is ambiguous in edition '${edition.label}': ${candidates}`);
}
