import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DIAGNOSTIC_CATALOGUE, DIAGNOSTIC_CODES } from './diagnostics.js';

describe('diagnostics catalogue', () => {
  it('is documented row by row in docs/diagnostics.md with the same stage, severities and meaning', () => {
    const doc = readFileSync(new URL('../../docs/diagnostics.md', import.meta.url), 'utf8');
    const rows = new Map<string, [string, string[], string]>();
    for (const match of doc.matchAll(/^\| `([a-z-]+)` \| ([a-z]+) \| ([a-z ]+) \| (.*) \|$/gm)) {
      rows.set(match[1] as string, [match[2] as string, (match[3] as string).split(' or '), match[4] as string]);
    }
    expect([...rows.keys()]).toEqual(DIAGNOSTIC_CODES);
    for (const code of DIAGNOSTIC_CODES) {
      const { stage, severities, description } = DIAGNOSTIC_CATALOGUE[code];
      expect(rows.get(code), code).toEqual([stage, severities, description]);
    }
  });

  it('lists every code the parsers and importers emit, and no other', () => {
    // Every `code: '…'` and `diagnose('…'` in the emitting modules names a catalogued code, and every catalogued code
    // is emitted somewhere: a new diagnostic cannot ship undocumented, nor a dropped one linger in the docs.
    const sources = [
      'parse/text.ts',
      'parse/outline.ts',
      'importers/text.ts',
      'importers/html-encoding.ts',
      'importers/html.ts',
      'importers/pdf.ts',
      'importers/pdf-layout.ts',
      'importers/docx.ts',
    ].map((path) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8'));
    const emitted = new Set<string>();
    for (const text of sources) {
      for (const match of text.matchAll(/code: '([a-z-]+)'|diagnose\(\s*'([a-z-]+)'/g)) {
        emitted.add((match[1] ?? match[2]) as string);
      }
    }
    expect([...emitted].sort()).toEqual([...DIAGNOSTIC_CODES].sort());
  });
});
