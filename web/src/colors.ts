/**
 * Colours of editions in the blame view: a sequential scale from cool (oldest) to warm (newest), light enough for
 * dark text on top, so the age of a word reads at a glance (the "age" colouring of annotate views in version control).
 */

/** Background colour of edition `index` among `count` editions. */
export function editionColor(index: number, count: number): string {
  const t = count <= 1 ? 1 : Math.min(1, Math.max(0, index / (count - 1)));
  const hue = Math.round(215 - t * 190);
  const lightness = Math.round(88 - t * 10);
  return `hsl(${hue} 75% ${lightness}%)`;
}
