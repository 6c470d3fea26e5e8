/**
 * The trace CSV's fields read back for any text (a property over generated rows of arbitrary strings). An integration
 * test (vitest.config.ts): a large property run.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsv } from './read-csv.fixture.js';
import { csvField } from './trace-csv.js';

describe('csvField', () => {
  it('reads back to the same fields for any text, formula-like ones behind a leading quote', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ unit: 'binary' }), { minLength: 1, maxLength: 5 }), {
          minLength: 1,
          maxLength: 5,
        }),
        (rows) => {
          const text = rows.map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
          expect(readCsv(text)).toEqual(
            rows.map((row) => row.map((field) => (/^[=+\-@\t\r]/.test(field) ? `'${field}` : field))),
          );
        },
      ),
    );
  });
});
