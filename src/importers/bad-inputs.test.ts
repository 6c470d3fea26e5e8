/**
 * The bad-input corpus (test/bad-inputs/manifest.json): every entry goes through the import and parse path of `add`
 * and `compare` (importSource or importEdition, then parseImported) and must end in its expected code, or succeed in
 * its format with its expected diagnostic. How long each takes (well under the time a worker may be held) is
 * measured by bench/hostile-inputs.bench.ts; the test's own timeout guards against a hang.
 */
import { describe, expect, it } from 'vitest';
import { BAD_INPUT_GENERATORS, badInputEntries, badInputOutcome } from '../testing/hostile-inputs.js';

const entries = badInputEntries();

describe('the bad-input corpus', () => {
  it('lists only entries with a file or a known generator', () => {
    for (const entry of entries) {
      expect(entry.file !== undefined || (entry.generate !== undefined && entry.generate in BAD_INPUT_GENERATORS)).toBe(
        true,
      );
    }
  });

  for (const entry of entries) {
    it(`${entry.file ?? entry.generate} → ${entry.expect}${entry.diagnostic ? ` with ${entry.diagnostic}` : ''}`, async () => {
      const result = await badInputOutcome(entry);
      expect(result.code).toBe(entry.expect);
      if (entry.format) expect(result.edition?.format).toBe(entry.format);
      if (entry.diagnostic) expect(result.diagnostics).toContain(entry.diagnostic);
    });
  }
});
