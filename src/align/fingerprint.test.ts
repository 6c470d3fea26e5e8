import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countWords, fingerprint, wordHashes } from './fingerprint.js';

describe('countWords', () => {
  it('counts what wordHashes hashes: words, CJK bigrams and lone CJK characters', () => {
    expect(countWords('Art. 5 (2) gilt')).toBe(4);
    expect(countWords('安全保障')).toBe(wordHashes('安全保障').hashes.length);
    expect(countWords('安 a 全')).toBe(3);
    expect(countWords('')).toBe(0);
  });

  it('equals the number of word hashes for any text (property)', () => {
    const text = fc.oneof(
      fc.stringMatching(/^[ab1 .é安全保障カナ\u3000\n-]{0,40}$/u),
      fc.string({ unit: 'binary', maxLength: 40 }),
    );
    fc.assert(
      fc.property(text, (value) => {
        expect(countWords(value)).toBe(wordHashes(value).hashes.length);
      }),
    );
  });

  it('gives a fingerprint the same wordCount before and after its words are analysed', () => {
    const before = fingerprint('die Würde des Menschen ist unantastbar 人間の尊厳').wordCount;
    const print = fingerprint('die Würde des Menschen ist unantastbar 人間の尊厳');
    expect(print.words.length).toBe(before);
    expect(print.wordCount).toBe(before);
  });
});
