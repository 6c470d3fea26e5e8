/**
 * The JSON report: the whole Comparison as it is, pretty-printed. Its shape is documented by the JSON Schema in
 * schema/comparison.schema.json (draft 2020-12), which the tests hold real comparisons against.
 */
import type { Comparison } from '../model/comparison.js';

/** Renders a comparison as pretty-printed JSON (two-space indent) ending with a newline. */
export function renderJson(comparison: Comparison): string {
  return `${JSON.stringify(comparison, null, 2)}\n`;
}
