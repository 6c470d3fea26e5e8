import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containment, countWords, fingerprint, isContained, wordHashes, wordSetDice } from './fingerprint.js';

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

describe('the shortcuts of the matcher agree with their plain definitions (property)', () => {
  const text = fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', '安全', 'x1'), { maxLength: 30 });

  it('isContained(part, whole, least) is containment(part, whole) >= least', () => {
    fc.assert(
      fc.property(text, text, fc.constantFrom(0, 0.3, 0.6, 0.8, 1), (part, whole, least) => {
        const a = fingerprint(part.join(' '));
        const b = fingerprint(whole.join(' '));
        expect(isContained(a, b, least)).toBe(containment(a, b) >= least);
      }),
    );
  });

  it('wordSetDice is Dice over the sets of distinct words', () => {
    fc.assert(
      fc.property(text, text, (left, right) => {
        const a = fingerprint(left.join(' '));
        const b = fingerprint(right.join(' '));
        const x = new Set(a.words);
        const y = new Set(b.words);
        const common = [...x].filter((w) => y.has(w)).length;
        const expected = x.size + y.size === 0 ? (a.key === b.key ? 1 : 0) : (2 * common) / (x.size + y.size);
        expect(wordSetDice(a, b)).toBe(expected);
        expect([...a.distinctWords]).toEqual([...x].sort((p, q) => p - q));
      }),
    );
  });
});
