import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PalimpsestError } from '../errors/errors.js';
import {
  charsetOf,
  decodeText,
  decodeWindows1252,
  firstInvalidUtf8Offset,
  firstUndecodableOffset,
  importText,
  lineSourceMap,
} from './text.js';
import { DEFAULT_LIMITS } from './types.js';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`./fixtures/text/${name}`, import.meta.url)));
const utf8 = (text: string) => new TextEncoder().encode(text);
const bytesOf = (...parts: Array<string | number[]>) =>
  Uint8Array.from(parts.flatMap((part) => (typeof part === 'string' ? [...utf8(part)] : part)));
const TOKKYO = new TextDecoder().decode(fixture('tokkyo.utf-8.txt'));

describe('decodeText: detection', () => {
  it.each([
    ['tokkyo.shift_jis.txt', 'shift_jis'],
    ['tokkyo.euc-jp.txt', 'euc-jp'],
    ['tokkyo.iso-2022-jp.txt', 'iso-2022-jp'],
    ['tokkyo.utf-16le.txt', 'utf-16le'],
    ['tokkyo.utf-16be.txt', 'utf-16be'],
    ['tokkyo.utf-8.txt', 'utf-8'],
  ])('reads %s as %s, identical to the UTF-8 source', (file, encoding) => {
    const decoded = decodeText(fixture(file), { name: file });
    expect(decoded.encoding).toBe(encoding);
    expect(decoded.text).toBe(TOKKYO);
    // A BOM or valid UTF-8 is certain; the Japanese encodings are guesses, said so with the evidence's offset.
    const certain = encoding.startsWith('utf-');
    expect(decoded.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.severity])).toEqual(
      certain ? [] : [['encoding-guess', 'info']],
    );
    if (!certain)
      expect(decoded.diagnostics[0]?.message).toMatch(new RegExp(`decoded as ${encoding}.*byte offset \\d+`));
  });

  it('strips a UTF-8 byte order mark', () => {
    const decoded = decodeText(bytesOf([0xef, 0xbb, 0xbf], 'Hello'), { name: 'x' });
    expect(decoded).toMatchObject({ text: 'Hello', encoding: 'utf-8', source: 'bom' });
  });

  it('never misreads short UTF-8 texts: any valid UTF-8 string decodes as itself', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }), (text) => {
        fc.pre(text.charCodeAt(0) !== 0xfeff && !text.includes('\u001b'));
        const decoded = decodeText(utf8(text), { name: 'x' });
        expect(decoded.encoding).toBe('utf-8');
        expect(decoded.text).toBe(text);
      }),
      { numRuns: 500 },
    );
    expect(decodeText(utf8('é'), { name: 'x' }).encoding).toBe('utf-8');
    expect(decodeText(utf8('日本'), { name: 'x' }).encoding).toBe('utf-8');
  });

  it('reads Latin-1 and Windows-1252 text as Windows-1252, curly quotes and euro sign included', () => {
    const decoded = decodeText(Uint8Array.from([...utf8('Code civil, '), 0xe9, 0x74, 0xe9, 0x20, 0x93, 0x80, 0x94]), {
      name: 'x',
    });
    expect(decoded.encoding).toBe('windows-1252');
    expect(decoded.text).toBe('Code civil, été “€”');
    expect(decoded.diagnostics).toMatchObject([
      {
        code: 'encoding-guess',
        severity: 'warning',
        message: expect.stringMatching(/decoded as windows-1252.*not UTF-8, at byte offset 12 \(line 1, byte 0xE9\)/),
      },
    ]);
  });

  it('respects a declared charset, and a forced encoding over everything', () => {
    const sjis = fixture('tokkyo.shift_jis.txt');
    expect(decodeText(sjis, { name: 'x', contentType: 'text/plain; charset=Shift_JIS' })).toMatchObject({
      encoding: 'shift_jis',
      source: 'declared',
      text: TOKKYO,
    });
    const forced = decodeText(utf8('abc'), { name: 'x', encoding: 'windows-1252' });
    expect(forced).toMatchObject({ encoding: 'windows-1252', source: 'forced', text: 'abc' });
    expect(charsetOf('text/html; charset="euc-jp"')).toBe('euc-jp');
    expect(charsetOf('text/html')).toBeNull();
  });

  it('refuses an unknown encoding label with E_ENCODING naming the file', () => {
    let error: unknown;
    try {
      decodeText(utf8('abc'), { name: 'in.txt', encoding: 'klingon-8' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PalimpsestError);
    expect((error as PalimpsestError).code).toBe('E_ENCODING');
    expect((error as PalimpsestError).message).toMatch(/^cannot decode 'in\.txt': unknown encoding 'klingon-8'/);
  });
});

/** The bytes of `bytes` up to its first line break at or after `at` (a cut on a character boundary). */
const cutAtLine = (bytes: Uint8Array, at: number) => bytes.subarray(0, bytes.indexOf(0x0a, at) + 1);

describe('decodeText: guesses are said so, with a byte offset', () => {
  it('names the offset of one bad byte in the middle of valid UTF-8, with or without other non-ASCII text', () => {
    const japanese = decodeText(bytesOf('日本語のテキスト\n'.repeat(50), [0xff], 'と続き\n'.repeat(50)), { name: 'x' });
    expect(japanese.encoding).toBe('utf-8');
    expect(japanese.diagnostics).toMatchObject([
      { code: 'undecodable-bytes', message: expect.stringContaining('byte offset 1250 (line 51, byte 0xFF)') },
    ]);
    const ascii = decodeText(bytesOf('plain text\n'.repeat(50), [0xff], ' more\n'.repeat(50)), { name: 'x' });
    expect(ascii.encoding).toBe('windows-1252');
    expect(ascii.diagnostics).toMatchObject([
      { code: 'encoding-guess', severity: 'warning', message: expect.stringContaining('byte offset 550 (line 51') },
    ]);
  });

  it('says a Shift_JIS file was detected, not declared', () => {
    const decoded = decodeText(fixture('tokkyo.shift_jis.txt'), { name: 'x' });
    expect(decoded.encoding).toBe('shift_jis');
    expect(decoded.diagnostics).toMatchObject([
      { code: 'encoding-guess', severity: 'info', message: expect.stringMatching(/decoded as shift_jis.*byte offset/) },
    ]);
  });

  it('warns where a file mixes UTF-8 Japanese with Shift_JIS, whichever comes first', () => {
    const utf8Half = cutAtLine(fixture('tokkyo.utf-8.txt'), 600);
    const sjisHalf = cutAtLine(fixture('tokkyo.shift_jis.txt'), 400);
    // Either way the guess names where UTF-8 stops being valid, and mixed-encoding where UTF-8 reads.
    const utf8First = decodeText(Uint8Array.from([...utf8Half, ...sjisHalf]), { name: 'x' });
    expect(utf8First.diagnostics).toMatchObject([
      { code: 'encoding-guess', message: expect.stringContaining(`not UTF-8, at byte offset ${utf8Half.length} `) },
      { code: 'mixed-encoding', severity: 'warning', message: expect.stringContaining('from byte offset 0 ') },
      { code: 'undecodable-bytes', severity: 'warning' },
    ]);
    const sjisFirst = decodeText(Uint8Array.from([...sjisHalf, ...utf8Half]), { name: 'x' });
    expect(sjisFirst.diagnostics).toMatchObject([
      { code: 'encoding-guess', message: expect.stringContaining('not UTF-8, at byte offset 0 ') },
      { code: 'mixed-encoding', message: expect.stringContaining(`from byte offset ${sjisHalf.length} `) },
      { code: 'undecodable-bytes', severity: 'warning' },
    ]);
  });
});

describe('decodeText: undecodable bytes', () => {
  it('gives damaged UTF-8 a diagnostic with the byte offset and line, and U+FFFD in the text', () => {
    const decoded = decodeText(bytesOf('日本語のテキスト\nok ', [0xff], ' 続き'), { name: 'x' });
    expect(decoded.encoding).toBe('utf-8');
    expect(decoded.text).toBe('日本語のテキスト\nok \ufffd 続き');
    expect(decoded.diagnostics).toHaveLength(1);
    const [diagnostic] = decoded.diagnostics;
    expect(diagnostic?.code).toBe('undecodable-bytes');
    expect(diagnostic?.message).toContain('byte offset 28 (line 2, byte 0xFF)');
    expect(diagnostic?.position?.start).toEqual({ line: 2, column: 4, offset: 12 });
  });

  it('points at the lead byte of a broken Shift_JIS character', () => {
    const sjis = fixture('tokkyo.shift_jis.txt');
    const damaged = Uint8Array.from([...sjis.subarray(0, 40), 0x81, 0x20, ...sjis.subarray(40)]);
    const decoded = decodeText(damaged, { name: 'x', encoding: 'shift_jis' });
    expect(decoded.diagnostics[0]?.message).toContain('byte offset 40');
    expect(decoded.text).toContain('\ufffd');
  });

  it('reports a forced encoding that does not fit, instead of silently replacing', () => {
    const decoded = decodeText(Uint8Array.from([...utf8('Code civil, '), 0xe9, 0x74, 0xe9]), {
      name: 'x',
      encoding: 'utf-8',
    });
    expect(decoded.source).toBe('forced');
    expect(decoded.diagnostics[0]?.message).toMatch(/not valid utf-8.*byte offset 12 \(line 1, byte 0xE9\)/);
  });

  it('finds the first bad byte the way a fatal decoder does, in every multi-byte encoding', () => {
    const chunk = fc.oneof(
      fc.constantFrom(...'日本語テキスト第一条abc\n'.split('')).map((s) => [...utf8(s)]),
      fc.array(fc.integer({ min: 0x80, max: 0xff }), { maxLength: 3 }),
    );
    fc.assert(
      fc.property(
        fc.array(chunk, { maxLength: 10 }),
        fc.constantFrom('utf-8', 'shift_jis', 'euc-jp'),
        (chunks, encoding) => {
          const bytes = Uint8Array.from(chunks.flat());
          const offset = firstUndecodableOffset(bytes, encoding);
          let valid = true;
          try {
            new TextDecoder(encoding, { fatal: true }).decode(bytes);
          } catch {
            valid = false;
          }
          expect(offset === -1).toBe(valid);
          if (offset >= 0) {
            expect(() => new TextDecoder(encoding, { fatal: true }).decode(bytes.subarray(0, offset))).not.toThrow();
          }
        },
      ),
      { numRuns: 1000 },
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
});

describe('decodeWindows1252', () => {
  it('maps 0x80–0x9F by the WHATWG table and the rest as Latin-1', () => {
    expect(decodeWindows1252(Uint8Array.of(0x80, 0x85, 0x91, 0x92, 0x96, 0x97, 0x81, 0xe9, 0x41))).toBe(
      '€…‘’–—\u0081éA',
    );
  });
});

describe('importText', () => {
  it('keeps the decoded text unchanged, with no hints and a block → line source map', async () => {
    const text = 'Title\r\n\r\nFirst block\r\nstill first\r\n\r\n\r\nSecond block\r\n';
    const edition = await importText(utf8(text), { name: 'a.txt', limits: DEFAULT_LIMITS });
    expect(edition.text).toBe(text);
    expect(edition.hints).toEqual([]);
    expect(edition.format).toBe('text');
    expect(edition.encoding).toBe('utf-8');
    expect(edition.sourceMap.map((span) => [text.slice(span.start, span.end), span.source.line])).toEqual([
      ['Title', 1],
      ['First block\r\nstill first', 3],
      ['Second block', 7],
    ]);
    expect(edition.provenance).toMatchObject({ name: 'a.txt', size: text.length });
    expect(edition.provenance.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('maps lone-CR line ends too, and keeps spans sorted and inside the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (body) => {
        const text = body.replace(/x/g, '\r');
        const spans = lineSourceMap(text);
        let previous = 0;
        for (const span of spans) {
          expect(span.start).toBeGreaterThanOrEqual(previous);
          expect(span.end).toBeLessThanOrEqual(text.length);
          expect(text.slice(span.start, span.end).trim()).not.toBe('');
          previous = span.end;
        }
      }),
    );
    expect(lineSourceMap('a\rb\r\rc').map((span) => span.source.line)).toEqual([1, 4]);
  });
});
