/**
 * The PDF importer fuzzed: random bytes, with and without a PDF header, and truncations and byte flips of a real PDF
 * give an edition or a coded error, never a crash. An integration test (vitest.config.ts): hundreds of pdf.js runs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPalimpsestError } from '../errors/errors.js';
import { importPdf } from './pdf.js';
import { DEFAULT_LIMITS } from './types.js';

const fixture = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(join(import.meta.dirname, 'fixtures/pdf', name)));

describe('importPdf on hostile bytes', () => {
  const base = fixture('bluebook-2022.pdf');
  const limits = { ...DEFAULT_LIMITS, timeoutMs: 5000 };

  /**
   * Import and assert the outcome is a result or a coded error (E_TIMEOUT past the time budget; the test's timeout
   * catches a hang, and bench/fuzz.bench.ts measures time per input).
   */
  async function survives(bytes: Uint8Array): Promise<void> {
    try {
      const edition = await importPdf(bytes, { name: 'fuzz.pdf', limits });
      expect(typeof edition.text).toBe('string');
    } catch (error) {
      if (!isPalimpsestError(error)) throw error;
      expect(error.message).not.toMatch(/\n/);
    }
  }

  it('gives only results or coded errors for random bytes, with and without a PDF header', async () => {
    const header = new TextEncoder().encode('%PDF-1.7\n');
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), fc.boolean(), async (random, withHeader) => {
        await survives(withHeader ? new Uint8Array([...header, ...random]) : random);
      }),
      { numRuns: 60 },
    );
  }, 60_000);

  it('gives only results or coded errors for truncations and byte flips of a valid PDF', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: base.length }),
        fc.array(fc.tuple(fc.nat({ max: base.length - 1 }), fc.integer({ min: 0, max: 255 })), { maxLength: 20 }),
        async (cut, flips) => {
          const bytes = base.slice(0, Math.max(cut, Math.floor(base.length / 2)));
          for (const [at, value] of flips) if (at < bytes.length) bytes[at] = value;
          await survives(bytes);
        },
      ),
      { numRuns: 80 },
    );
  }, 120_000);
});
