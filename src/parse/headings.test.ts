import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isContentsTitle, isTerminal, matchLabel } from './headings.js';

/** [line, label, scheme, ordinal, title] for each scheme the parser knows. */
const CASES: Array<[string, string, string, number | null, string]> = [
  // English
  ['Chapter 3', 'Chapter 3', 'chapter', 3, ''],
  ['CHAPTER IV The Courts', 'CHAPTER IV', 'chapter', 4, 'The Courts'],
  ['Section 1 Efforts for Peace', 'Section 1', 'section', 1, 'Efforts for Peace'],
  ['Part II - General', 'Part II', 'part', 2, 'General'],
  ['Title 42', 'Title 42', 'title', 42, ''],
  ['Book 1: Persons', 'Book 1', 'book', 1, 'Persons'],
  ['Article 12a Scope', 'Article 12a', 'article', 12, 'Scope'],
  ['Art. 5 Definitions', 'Art. 5', 'article', 5, 'Definitions'],
  ['Art 12a', 'Art 12a', 'article', 12, ''],
  ['§ 1 Solidarität', '§ 1', 'paragraph-sign', 1, 'Solidarität'],
  ['§\u00a04a Wettbewerb', '§\u00a04a', 'paragraph-sign', 4, 'Wettbewerb'],
  ['1 National Security Initiatives', '1', 'arabic', 1, 'National Security Initiatives'],
  ['2. Scope', '2.', 'arabic-dot', 2, 'Scope'],
  ['1.2 Background', '1.2', 'decimal-2', 2, 'Background'],
  ['1.2.3. Detail', '1.2.3.', 'decimal-3', 3, 'Detail'],
  ['(1) “Proactive Contribution”', '(1)', 'paren-arabic', 1, '“Proactive Contribution”'],
  ['(12a) Inserted', '(12a)', 'paren-arabic', 12, 'Inserted'],
  ['3) Third', '3)', 'arabic-paren', 3, 'Third'],
  ['A', 'A', 'letter-upper', 1, ''],
  ['B. Methods', 'B.', 'letter-upper-dot', 2, 'Methods'],
  ['(c) Costs', '(c)', 'paren-letter-lower', 3, 'Costs'],
  ['(B) Costs', '(B)', 'paren-letter-upper', 2, 'Costs'],
  ['d) Fourth', 'd)', 'letter-paren', 4, 'Fourth'],
  ['bb) Double', 'bb)', 'letter-paren', 28, 'Double'],
  ['IV', 'IV', 'roman', 4, ''],
  ['XII Final Provisions', 'XII', 'roman', 12, 'Final Provisions'],
  ['IV. Results', 'IV.', 'roman-upper-dot', 4, 'Results'],
  ['I. - Die Grundrechte', 'I.', 'roman-upper-dot', 1, 'Die Grundrechte'],
  ['(iv) Fourth', '(iv)', 'paren-roman-lower', 4, 'Fourth'],
  ['① 丸数字', '①', 'circled', 1, '丸数字'],
  // French
  ['Titre préliminaire : De la publication', 'Titre préliminaire', 'titre', null, 'De la publication'],
  ['Titre Ier bis : De la nationalité', 'Titre Ier bis', 'titre', 1, 'De la nationalité'],
  ['Livre premier', 'Livre premier', 'livre', 1, ''],
  ['Chapitre III : De l’acquisition', 'Chapitre III', 'chapitre', 3, 'De l’acquisition'],
  ['Section 2 : Des effets', 'Section 2', 'section', 2, 'Des effets'],
  ['Sous-section 1 : Dispositions', 'Sous-section 1', 'sous-section', 1, 'Dispositions'],
  ['Paragraphe 7 : De la cérémonie', 'Paragraphe 7', 'paragraphe', 7, 'De la cérémonie'],
  ['Article 1er', 'Article 1er', 'article', 1, ''],
  ['Article 6-1', 'Article 6-1', 'article', 6, ''],
  ['Article premier', 'Article premier', 'article', 1, ''],
  // German
  ['Erstes Kapitel - Allgemeine Vorschriften', 'Erstes Kapitel', 'kapitel', 1, 'Allgemeine Vorschriften'],
  ['Zweiter Abschnitt', 'Zweiter Abschnitt', 'abschnitt', 2, ''],
  ['Dritter Titel Leistungen', 'Dritter Titel', 'titel', 3, 'Leistungen'],
  ['Erster Unterabschnitt', 'Erster Unterabschnitt', 'unterabschnitt', 1, ''],
  ['Zwölfter Teil', 'Zwölfter Teil', 'teil', 12, ''],
  ['Fünftes Buch', 'Fünftes Buch', 'buch', 5, ''],
  ['2. Abschnitt Organisation', '2. Abschnitt', 'abschnitt', 2, 'Organisation'],
  ['Kapitel 3 Leistungen', 'Kapitel 3', 'kapitel', 3, 'Leistungen'],
  ['Unterabschnitt 2', 'Unterabschnitt 2', 'unterabschnitt', 2, ''],
  // Japanese and full-width
  ['第3章　安全保障', '第3章', 'ja-chapter', 3, '安全保障'],
  ['第１節　概要', '第１節', 'ja-section', 1, '概要'],
  ['第二款　雑則', '第二款', 'ja-subsection', 2, '雑則'],
  ['第十五条　本文', '第十五条', 'ja-article', 15, '本文'],
  ['第百九十五条の四', '第百九十五条の四', 'ja-article', 195, ''],
  ['第三章の二　出願公開', '第三章の二', 'ja-chapter', 3, '出願公開'],
  ['第一編　総則', '第一編', 'ja-part', 1, '総則'],
  ['附　則', '附　則', 'ja-supplementary', null, ''],
  ['（１）日本の安全保障', '（１）', 'paren-arabic', 1, '日本の安全保障'],
  ['（一）概要', '（一）', 'paren-kanji', 1, '概要'],
  ['（ア）地域情勢', '（ア）', 'paren-katakana-aiueo', 1, '地域情勢'],
  ['(ｱ) 半角', '(ｱ)', 'paren-katakana-aiueo', 1, '半角'],
  ['ア　地域情勢', 'ア', 'katakana-aiueo', 1, '地域情勢'],
  ['ウ　三番目', 'ウ', 'katakana-aiueo', 3, '三番目'],
  ['ロ　二番目', 'ロ', 'katakana-iroha', 2, '二番目'],
  ['一　物の発明', '一', 'kanji', 1, '物の発明'],
  ['十二　十二番目', '十二', 'kanji', 12, '十二番目'],
  ['２　この法律で', '２', 'fullwidth-arabic', 2, 'この法律で'],
];

describe('matchLabel', () => {
  it.each(CASES)('reads %j', (line, label, scheme, ordinal, title) => {
    const match = matchLabel(line);
    expect(match).not.toBeNull();
    expect({
      label: match?.label,
      scheme: match?.scheme,
      ordinal: match?.ordinal,
      title: line.slice(match?.titleStart),
    }).toEqual({ label, scheme, ordinal, title });
  });

  it.each([
    'The security environment',
    'Part of the problem',
    'I think so',
    '2020 was a year',
    '第二条の規定により',
    '一般に',
    'アメリカ合衆国',
    'Chapters 3 and 4',
    'Section',
    '(Photo: Ministry of Defense)',
    '',
  ])('finds no label in %j', (line) => {
    expect(matchLabel(line)).toBeNull();
  });

  it('offers the letter reading of "(i)" and the aiueo reading of "イ" as alternatives', () => {
    expect(matchLabel('(i) Ninth')).toMatchObject({
      scheme: 'paren-roman-lower',
      ordinal: 1,
      alternative: { scheme: 'paren-letter-lower', ordinal: 9 },
    });
    expect(matchLabel('イ　項目')).toMatchObject({
      scheme: 'katakana-iroha',
      ordinal: 1,
      alternative: { scheme: 'katakana-aiueo', ordinal: 2 },
    });
  });

  it('ranks keyword schemes so that outer levels close inner ones', () => {
    expect(matchLabel('Chapter 1')?.rank).toBeGreaterThan(matchLabel('Section 1')?.rank ?? 0);
    expect(matchLabel('第一章')?.rank).toBeGreaterThan(matchLabel('第一節')?.rank ?? 0);
    expect(matchLabel('(1)')?.rank).toBeUndefined();
  });

  it('marks bullets as never making headings', () => {
    expect(matchLabel('* item')?.kind).toBe('bullet');
    expect(matchLabel('・項目')).toBeNull();
    expect(matchLabel('・ 項目')?.kind).toBe('bullet');
  });
});

describe('isTerminal and isContentsTitle', () => {
  it('treats sentence and clause ends as terminal', () => {
    expect(['.', '。', '!', '?', ';', ':', ',', '、', '！', '？'].every((c) => isTerminal(c))).toBe(true);
    expect([')', '”', 'a', '」', undefined].some((c) => isTerminal(c))).toBe(false);
  });

  it('recognises table-of-contents titles', () => {
    expect(
      ['目次', '目　次', 'Contents', 'Table of Contents', 'Inhaltsübersicht', 'Sommaire'].every(isContentsTitle),
    ).toBe(true);
    expect(isContentsTitle('Contents of the report')).toBe(false);
  });
});

describe('the title after a label', () => {
  /** The separator as a regular expression reads it, within the 8 characters after the label (the former code). */
  const SEPARATOR = /^[\s]*(?:[-–—:：.](?=\s|$)[\s]*)?/;

  it('starts where the regular expression for spaces and one separator says, label by label', () => {
    const tail = fc
      .array(fc.constantFrom(' ', '\u3000', '\u00a0', '\u0085', '\t', '-', '–', '—', ':', '：', '.', 'a', 'É', '('), {
        maxLength: 12,
      })
      .map((chars) => chars.join(''));
    const label = fc.constantFrom('Article 5', '§ 3', '(1)', '1.', 'a)', '第一条', 'IV.', '１', '・');
    fc.assert(
      fc.property(label, tail, (start, rest) => {
        const line = start + rest;
        const match = matchLabel(line);
        if (match === null) return;
        const separator = SEPARATOR.exec(line.slice(match.labelEnd, match.labelEnd + 8));
        expect(match.titleStart).toBe(match.labelEnd + (separator?.[0].length ?? 0));
      }),
      { numRuns: 3000 },
    );
  });
});
