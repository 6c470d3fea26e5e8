import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codePointLength, ftsPhrase, likePattern, markSnippet, queryTerms } from './search-text.js';

describe('queryTerms', () => {
  it('splits on spaces (full-width too), keeps quoted phrases, drops duplicates, longest first', () => {
    expect(queryTerms('  severe  increasingly severe ')).toEqual(['increasingly', 'severe']);
    expect(queryTerms('経済　推進')).toEqual(['経済', '推進']);
    expect(queryTerms('"increasingly   severe" Japan')).toEqual(['increasingly severe', 'Japan']);
    expect(queryTerms('"" x')).toEqual(['""', 'x']);
    expect(queryTerms('   ')).toEqual([]);
  });

  it('normalises to NFC so a decomposed é finds a composed one', () => {
    expect(queryTerms('cafe\u0301')).toEqual(['caf\u00e9']);
  });
});

describe('quoting', () => {
  it('quotes FTS5 phrases and escapes LIKE wildcards', () => {
    expect(ftsPhrase('say "hi"')).toBe('"say ""hi"""');
    expect(likePattern('50%_a\\b')).toBe('%50\\%\\_a\\\\b%');
    expect(codePointLength('\u{1F600}安')).toBe(2);
  });
});

describe('markSnippet', () => {
  it('marks every match around the first one and cuts long text with ellipses', () => {
    const text = `${'x '.repeat(50)}the Severe and severe ${'y '.repeat(80)}`;
    const result = markSnippet(text, ['severe']);
    expect(result.matchStart).toBe(104);
    expect(result.matchEnd).toBe(110);
    expect(result.snippet.startsWith('…')).toBe(true);
    expect(result.snippet.endsWith('…')).toBe(true);
    expect(result.snippet).toContain('the [[Severe]] and [[severe]] y');
  });

  it('never splits a surrogate pair at a cut', () => {
    const text = `${'\u{1F600}'.repeat(40)}needle${'\u{1F600}'.repeat(60)}`;
    const { snippet } = markSnippet(text, ['needle']);
    expect(snippet).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });

  it('property: removing the marks and ellipses leaves a piece of the text (whitespace folded)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 300 }),
        fc.string({ minLength: 1, maxLength: 4 }),
        (text, term) => {
          const { snippet, matchStart, matchEnd } = markSnippet(text, [term]);
          const plain = snippet.replace(/^…|…$/g, '').replaceAll('[[', '').replaceAll(']]', '');
          const folded = text.replace(/\s+/g, ' ');
          if (!text.includes('[[') && !text.includes(']]') && !text.includes('…')) expect(folded).toContain(plain);
          expect(matchEnd).toBeGreaterThanOrEqual(matchStart);
        },
      ),
    );
  });
});
