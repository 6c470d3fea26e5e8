/**
 * The bundled sample: the Diplomatic Bluebook's chapter on national security in its 2020 and 2022 editions
 * (examples/bluebook, resolved from the package root rather than the working directory), loaded as series `bluebook`.
 * One loader serves `palimpsest sample` and `palimpsest serve --sample`.
 */
import { fileURLToPath } from 'node:url';
import { type AddDependencies, type AddEditionsResult, addEditions } from '../application/index.js';
import type { EditionStore } from '../store/index.js';

/** The series the sample loads. */
export const SAMPLE_SERIES = 'bluebook';
/** The section of 2022 whose blame the sample shows: "(2) Territorial integrity", renumbered from (3). */
export const SAMPLE_SECTION = ['(2)'];
/** The phrase the sample traces: the 2022 wording of the security environment. */
export const SAMPLE_PHRASE = 'increasingly severe';
/** The sample's editions, oldest first. */
export const SAMPLE_EDITIONS = [
  { file: '2020-ch3-s1.txt', label: '2020' },
  { file: '2022-ch3-s1.txt', label: '2022' },
] as const;

/** The bundled examples folder: two levels up from src/cli/ or dist/cli/. */
export function sampleFolder(): string {
  return fileURLToPath(new URL('../../examples/bluebook/', import.meta.url));
}

/** Load the sample pair into series `bluebook` (idempotent: identical bytes are left as they are). */
export function loadSample(store: EditionStore, dependencies: AddDependencies): Promise<AddEditionsResult> {
  const folder = sampleFolder();
  return addEditions(
    store,
    {
      series: SAMPLE_SERIES,
      cwd: folder,
      lang: 'en',
      // Relative to `cwd`: the provenance names the file, not where this checkout happens to be.
      editions: SAMPLE_EDITIONS.map(({ file, label }) => ({ source: file, label, date: label })),
    },
    dependencies,
  );
}
