/** The section-path separator in the browser: typed by the engine's own, so the compiler holds the two equal. */
import type { SectionPathSeparator } from '../../src/model/section-path.js';

/** Between the labels of a section path on one line (src/model/section-path.ts defines the value). */
export const SECTION_PATH_SEPARATOR: SectionPathSeparator = ' › ';
