/**
 * Test fixtures of the HTML importer: its fixture files, an import with test limits, and the invariants every import
 * must keep. Shared by html.test.ts and html-hostile.test.ts; not part of the build.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { importHtml } from './html.js';
import { DEFAULT_LIMITS, type ImportedEdition, type ImportLimits } from './types.js';

const here = dirname(fileURLToPath(import.meta.url));

/** The bytes of a fixture page under fixtures/html. */
export const fixture = (name: string): Uint8Array => readFileSync(join(here, 'fixtures', 'html', name));

/** The Bluebook sample's text of `year`. */
export const sample = (year: string): string =>
  readFileSync(join(here, '..', '..', 'examples', 'bluebook', `${year}-ch3-s1.txt`), 'utf8');

/** UTF-8 bytes of `text`. */
export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Imports `bytes` as `page.html` under the default limits, changed by `extra`. */
export const run = (bytes: Uint8Array, extra: { contentType?: string; limits?: Partial<ImportLimits> } = {}) =>
  importHtml(bytes, {
    name: 'page.html',
    limits: { ...DEFAULT_LIMITS, ...extra.limits },
    ...(extra.contentType ? { contentType: extra.contentType } : {}),
  });

/** The block of `edition.text` a hint or span covers. */
export const slice = (edition: ImportedEdition, span: { start: number; end: number }): string =>
  edition.text.slice(span.start, span.end);

/** Invariants every import must keep: blocks separated by one blank line, spans sorted and on block text. */
export function expectWellFormed(edition: ImportedEdition): void {
  expect(edition.text).not.toMatch(/\n[ \t]*\n[ \t]*\n/);
  expect(edition.text).toBe(edition.text.trim());
  let previous = -1;
  for (const span of edition.sourceMap) {
    expect(span.start).toBeGreaterThan(previous);
    expect(span.end).toBeGreaterThan(span.start);
    expect(span.end).toBeLessThanOrEqual(edition.text.length);
    expect(slice(edition, span)).toBe(slice(edition, span).trim());
    expect(span.source.element).toBeTypeOf('string');
    previous = span.end;
  }
  for (const hint of edition.hints) {
    expect(hint.end).toBeLessThanOrEqual(edition.text.length);
    expect(slice(edition, hint)).not.toContain('\n\n');
  }
}
