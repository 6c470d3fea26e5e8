/**
 * Colours of editions in the blame view: the palette the CLI's HTML blame uses too (src/report/edition-palette.ts),
 * so one series reads the same in both; made for many ordered editions (neighbours differ in hue and lightness).
 */
export { editionColor } from '../../src/report/edition-palette.js';
