import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PalimpsestError } from '../errors/errors.js';
import { decodeInput, firstInvalidUtf8Offset } from './decode.js';

const bytesOf = (...parts: Array<string | number[]>) =>
  Uint8Array.from(parts.flatMap((part) => (typeof part === 'string' ? [...new TextEncoder().encode(part)] : part)));

/** The error decodeInput throws for `bytes`, so tests can assert its code and message. */
function failure(bytes: Uint8Array): PalimpsestError {
  try {
    decodeInput(bytes, 'in.txt');
  } catch (error) {
    if (error instanceof PalimpsestError) return error;
    throw error;
  }
  throw new Error('decodeInput accepted the input');
}

describe('decodeInput', () => {
  it('decodes UTF-8 text, Japanese included', () => {
    expect(decodeInput(bytesOf('外交青書 2022\nchapter'), 'in.txt')).toBe('外交青書 2022\nchapter');
  });

  it('accepts and strips a UTF-8 byte order mark', () => {
    expect(decodeInput(bytesOf([0xef, 0xbb, 0xbf], 'Hello'), 'in.txt')).toBe('Hello');
  });

  it('refuses empty and whitespace-only files with E_EMPTY', () => {
    expect(failure(new Uint8Array()).code).toBe('E_EMPTY');
    expect(failure(bytesOf(' \n\t\u3000\r\n')).code).toBe('E_EMPTY');
    expect(failure(bytesOf([0xef, 0xbb, 0xbf], '\n')).code).toBe('E_EMPTY');
  });

  it('refuses NUL bytes and known binary signatures with E_BINARY', () => {
    const nul = failure(bytesOf('abc', [0], 'def'));
    expect(nul.code).toBe('E_BINARY');
    expect(nul.message).toBe("cannot read 'in.txt': not a text file: it contains a NUL byte at byte offset 3");
    const pdf = failure(bytesOf('%PDF-1.7\n'));
    expect(pdf.code).toBe('E_BINARY');
    expect(pdf.message).toContain('PDF');
  });

  it('refuses UTF-16 with E_ENCODING rather than calling it binary', () => {
    const error = failure(bytesOf([0xff, 0xfe, 0x41, 0x00]));
    expect(error.code).toBe('E_ENCODING');
    expect(error.message).toContain('UTF-16');
  });

  it('names the byte offset and line of the first invalid UTF-8 byte', () => {
    const error = failure(bytesOf('ok\nstill ok é\nbad ', [0xe9], ' here'));
    expect(error.code).toBe('E_ENCODING');
    expect(error.file).toBe('in.txt');
    expect(error.message).toBe(
      "cannot read 'in.txt': not valid UTF-8 at byte offset 19 (line 3, byte 0xE9); convert the file to UTF-8 (e.g. with iconv)",
    );
  });
});

describe('firstInvalidUtf8Offset', () => {
  it('finds overlong forms, surrogates, out-of-range and truncated sequences', () => {
    expect(firstInvalidUtf8Offset(bytesOf('abc'))).toBe(-1);
    expect(firstInvalidUtf8Offset(bytesOf('a', [0xc0, 0xaf]))).toBe(1);
    expect(firstInvalidUtf8Offset(bytesOf('ab', [0xed, 0xa0, 0x80]))).toBe(2);
    expect(firstInvalidUtf8Offset(bytesOf([0xf4, 0x90, 0x80, 0x80]))).toBe(0);
    expect(firstInvalidUtf8Offset(bytesOf('é', [0xe2, 0x82]))).toBe(2);
    expect(firstInvalidUtf8Offset(bytesOf([0x80]))).toBe(0);
  });

  it('agrees with the fatal TextDecoder on arbitrary bytes, and everything before the offset decodes', () => {
    const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    const valid = (bytes: Uint8Array) => {
      try {
        decoder.decode(bytes);
        return true;
      } catch {
        return false;
      }
    };
    // Mix valid text with arbitrary bytes so both outcomes are common.
    const chunk = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 6 }).map((s) => [...new TextEncoder().encode(s)]),
      fc.array(fc.integer({ min: 0x80, max: 0xff }), { maxLength: 4 }),
    );
    fc.assert(
      fc.property(fc.array(chunk, { maxLength: 8 }), (chunks) => {
        const bytes = Uint8Array.from(chunks.flat());
        const offset = firstInvalidUtf8Offset(bytes);
        expect(offset === -1).toBe(valid(bytes));
        if (offset !== -1) expect(valid(bytes.subarray(0, offset))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
