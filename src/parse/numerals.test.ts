import { describe, expect, it } from 'vitest';
import {
  fullWidthKatakana,
  parseArabic,
  parseCircled,
  parseGermanOrdinal,
  parseKanji,
  parseLetter,
  parseNumeral,
  parseRoman,
} from './numerals.js';

describe('numeral readers', () => {
  it('reads arabic digits in half and full width', () => {
    expect([parseArabic('15'), parseArabic('１５'), parseArabic('1a'), parseArabic('')]).toEqual([15, 15, null, null]);
  });

  it('reads kanji numerals in multiplicative and positional style', () => {
    const cases: Array<[string, number | null]> = [
      ['一', 1],
      ['十', 10],
      ['十五', 15],
      ['二十', 20],
      ['百九十五', 195],
      ['二千', 2000],
      ['一万二千', 12000],
      ['二〇二二', 2022],
      ['五五', 55],
      ['十十', 20],
      ['あ', null],
    ];
    expect(cases.map(([numeral]) => parseKanji(numeral))).toEqual(cases.map(([, value]) => value));
  });

  it('reads well-formed roman numerals only', () => {
    expect(['I', 'iv', 'IX', 'XIV', 'MCMXC', 'IIII', 'IC', ''].map(parseRoman)).toEqual([
      1,
      4,
      9,
      14,
      1990,
      null,
      null,
      null,
    ]);
  });

  it('reads letters, circled numbers, katakana widths and ordinal words', () => {
    expect([parseLetter('a'), parseLetter('Z'), parseLetter('aa'), parseLetter('ab')]).toEqual([1, 26, 27, null]);
    expect([parseCircled('①'), parseCircled('⑳'), parseCircled('1')]).toEqual([1, 20, null]);
    expect(fullWidthKatakana('ｱ') + fullWidthKatakana('ﾝ') + fullWidthKatakana('x')).toBe('アンx');
    expect(['Erstes', 'Zweiter', 'Siebentes', 'Zwölfte', 'Nichts'].map(parseGermanOrdinal)).toEqual([
      1,
      2,
      7,
      12,
      null,
    ]);
  });

  it('reads any label numeral by its notation', () => {
    expect(
      ['12a', '6-1', '1er', 'Ier', 'IV', '十五', '１２', 'premier', 'préliminaire', 'c'].map(parseNumeral),
    ).toEqual([12, 6, 1, 1, 4, 15, 12, 1, null, 3]);
  });
});
