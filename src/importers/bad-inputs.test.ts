/**
 * The bad-input corpus (test/bad-inputs/manifest.json): every entry goes through the import and parse path of `add`
 * and `compare` (importSource or importEdition, then parseImported) and must end in its expected code, or succeed in
 * its format with its expected diagnostic, in well under the time a worker may be held.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isPalimpsestError } from '../errors/errors.js';
import { type ImportedEdition, importEdition, importSource, parseImported } from './index.js';
import { MAX_MARKDOWN_NESTING } from './markdown-limits.js';

interface Entry {
  file?: string;
  generate?: string;
  expect: string;
  format?: string;
  diagnostic?: string;
}

const folder = new URL('../../test/bad-inputs/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('manifest.json', folder), 'utf8')) as { entries: Entry[] };
const utf8 = (text: string) => new TextEncoder().encode(text);

/** Two headings, so that detection reads the generated Markdown as Markdown (see looksLikeMarkdown). */
const HEADINGS = '# Title\n\n## Part\n\n';

/** The large inputs, generated deterministically rather than committed. */
const GENERATORS: Record<string, () => { name: string; bytes: Uint8Array }> = {
  'html-deep-nesting': () => ({ name: 'deep.html', bytes: utf8(`<main>${'<div>x'.repeat(5000)}</main>`) }),
  'markdown-deep-list': () => ({ name: 'deep-list.md', bytes: utf8(`${HEADINGS}${'- '.repeat(10_000)}deep item`) }),
  'markdown-deep-quote': () => ({ name: 'deep-quote.md', bytes: utf8(`${HEADINGS}${'> '.repeat(10_000)}deep`) }),
  'markdown-deep-mixed': () => ({ name: 'deep-mixed.md', bytes: utf8(`${HEADINGS}${'> - '.repeat(5_000)}deep`) }),
  'markdown-deep-indent': () => {
    let text = HEADINGS;
    for (let i = 0; i < 1000; i++) text += `${' '.repeat(2 * i)}- item ${i}\n`;
    return { name: 'deep-indent.md', bytes: utf8(text) };
  },
  'markdown-deep-emphasis': () => ({
    name: 'deep-emphasis.md',
    bytes: utf8(`${HEADINGS}${'*a '.repeat(10_000)}x${' b*'.repeat(10_000)}`),
  }),
  'markdown-nesting-at-limit': () => ({
    name: 'at-limit.md',
    bytes: utf8(`${HEADINGS}${'- '.repeat(MAX_MARKDOWN_NESTING - 1)}deep item\n`),
  }),
};

/** Imports and parses one entry; its code, or `ok` with the edition. */
async function outcome(entry: Entry): Promise<{ code: string; edition?: ImportedEdition; diagnostics: string[] }> {
  try {
    let edition: ImportedEdition;
    if (entry.file) {
      edition = await importSource(new URL(entry.file, folder).pathname);
    } else {
      const generator = GENERATORS[entry.generate ?? ''];
      if (!generator) throw new Error(`no generator '${entry.generate}'`);
      const { name, bytes } = generator();
      edition = await importEdition(bytes, { name });
    }
    const document = parseImported(edition);
    return { code: 'ok', edition, diagnostics: (document.data?.diagnostics ?? []).map((d) => d.code) };
  } catch (error) {
    if (isPalimpsestError(error)) return { code: error.code, diagnostics: [] };
    throw error;
  }
}

describe('the bad-input corpus', () => {
  it('lists only entries with a file or a known generator', () => {
    for (const entry of manifest.entries) {
      expect(entry.file !== undefined || (entry.generate !== undefined && entry.generate in GENERATORS)).toBe(true);
    }
  });

  for (const entry of manifest.entries) {
    it(`${entry.file ?? entry.generate} → ${entry.expect}${entry.diagnostic ? ` with ${entry.diagnostic}` : ''}`, async () => {
      const started = performance.now();
      const result = await outcome(entry);
      expect(result.code).toBe(entry.expect);
      if (entry.format) expect(result.edition?.format).toBe(entry.format);
      if (entry.diagnostic) expect(result.diagnostics).toContain(entry.diagnostic);
      expect(performance.now() - started).toBeLessThan(5000);
    });
  }
});
