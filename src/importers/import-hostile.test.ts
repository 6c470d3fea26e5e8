/**
 * The one import entry point fuzzed: random bytes and mutations of the text, Markdown and Shift_JIS fixtures give an
 * edition (whose source map stays inside its text, and which parses) or a coded one-line error, never a crash. An
 * integration test (vitest.config.ts): hundreds of generated inputs.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPalimpsestError } from '../errors/errors.js';
import { importEdition, parseImported } from './index.js';

const fixture = (path: string) => new Uint8Array(readFileSync(new URL(`./fixtures/${path}`, import.meta.url)));
const repoRoot = new URL('../../', import.meta.url).pathname;
const SAMPLE = 'examples/bluebook/2020-ch3-s1.txt';

describe('importEdition on hostile bytes (fuzz)', () => {
  /**
   * Imports `bytes` under a time budget of `budget` ms and asserts the contract: an edition or a coded error (E_TIMEOUT
   * when the budget runs out; the test's timeout catches a hang, and bench/fuzz.bench.ts measures time per input).
   */
  async function checkContract(bytes: Uint8Array, budget: number): Promise<void> {
    try {
      const edition = await importEdition(bytes, { name: 'fuzz.bin', limits: { timeoutMs: budget } });
      expect(typeof edition.text).toBe('string');
      for (const span of edition.sourceMap) expect(span.end).toBeLessThanOrEqual(edition.text.length);
      parseImported(edition);
    } catch (error) {
      if (!isPalimpsestError(error)) throw error;
      expect(error.message).not.toMatch(/\n/);
    }
  }

  it('random bytes: only editions or coded errors, quickly', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), (bytes) => checkContract(bytes, 2000)),
      { numRuns: 300 },
    );
  });

  it('mutated text, Markdown and Shift_JIS fixtures: only editions or coded errors, quickly', async () => {
    const seeds = [
      fixture('text/tokkyo.shift_jis.txt'),
      fixture('text/tokkyo.utf-16le.txt'),
      fixture('markdown/bluebook-2020.md'),
      new Uint8Array(readFileSync(`${repoRoot}${SAMPLE}`)),
    ];
    const mutation = fc.record({
      seed: fc.integer({ min: 0, max: seeds.length - 1 }),
      edits: fc.array(
        fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('set', 'insert', 'delete')),
        {
          minLength: 1,
          maxLength: 12,
        },
      ),
      cut: fc.option(fc.nat()),
    });
    await fc.assert(
      fc.asyncProperty(mutation, async ({ seed, edits, cut }) => {
        const bytes = [...(seeds[seed] as Uint8Array)];
        for (const [where, value, op] of edits) {
          const at = bytes.length === 0 ? 0 : where % bytes.length;
          if (op === 'set') bytes[at] = value;
          else if (op === 'insert') bytes.splice(at, 0, value);
          else bytes.splice(at, 1);
        }
        const mutated = Uint8Array.from(cut === null ? bytes : bytes.slice(0, cut % (bytes.length + 1)));
        await checkContract(mutated, 5000);
      }),
      { numRuns: 150 },
    );
  });
});
