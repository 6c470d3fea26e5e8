/**
 * How a section path (the labels of the sections around a unit, outermost first) is written on one line. The value
 * is part of stored formats (the search units kept in the store, the blame query's `section`, every rendered
 * report), so it is defined here once and must not change.
 */
export const SECTION_PATH_SEPARATOR = ' › ';

/**
 * The separator's own type: the web app takes only types from src/, so it declares its copy with this type and the
 * compiler holds the two equal.
 */
export type SectionPathSeparator = typeof SECTION_PATH_SEPARATOR;
