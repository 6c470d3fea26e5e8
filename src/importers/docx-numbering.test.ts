import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatNumber,
  NumberingCounters,
  parseNumbering,
  parseStyles,
  styleNumbering,
  styleRole,
} from './docx-numbering.js';

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

/** A numbering part with the given abstract levels (XML of w:lvl elements) and w:num instances. */
function numberingXml(abstracts: Record<string, string>, nums: Record<string, string>): string {
  const abstractXml = Object.entries(abstracts)
    .map(([id, levels]) => `<w:abstractNum w:abstractNumId="${id}">${levels}</w:abstractNum>`)
    .join('');
  const numXml = Object.entries(nums)
    .map(([id, body]) => `<w:num w:numId="${id}">${body}</w:num>`)
    .join('');
  return `<w:numbering ${W}>${abstractXml}${numXml}</w:numbering>`;
}

function level(ilvl: number, format: string, text: string, extra = '', start = 1): string {
  return `<w:lvl w:ilvl="${ilvl}"><w:start w:val="${start}"/><w:numFmt w:val="${format}"/><w:lvlText w:val="${text}"/>${extra}</w:lvl>`;
}

const noStyles = parseStyles('');

function labels(counters: NumberingCounters, sequence: Array<[string, number]>): string[] {
  return sequence.map(([numId, ilvl]) => counters.next(numId, ilvl)?.text ?? '∅');
}

describe('formatNumber', () => {
  it.each([
    [1, 'decimal', '1'],
    [7, 'decimalZero', '07'],
    [12, 'decimalFullWidth', '１２'],
    [4, 'upperRoman', 'IV'],
    [14, 'lowerRoman', 'xiv'],
    [3, 'lowerLetter', 'c'],
    [28, 'upperLetter', 'BB'],
    [1, 'japaneseCounting', '一'],
    [10, 'japaneseCounting', '十'],
    [21, 'japaneseCounting', '二十一'],
    [105, 'japaneseCounting', '百五'],
    [1999, 'japaneseCounting', '千九百九十九'],
    [20000, 'japaneseCounting', '二万'],
    [11, 'japaneseLegal', '壱拾壱'],
    [102, 'ideographDigital', '一〇二'],
    [1, 'aiueoFullWidth', 'ア'],
    [2, 'aiueoFullWidth', 'イ'],
    [3, 'iroha', 'ﾊ'],
    [1, 'ideographTraditional', '甲'],
    [3, 'decimalEnclosedCircle', '③'],
    [25, 'decimalEnclosedCircle', '㉕'],
    [2, 'decimalEnclosedParen', '⑵'],
    [2, 'ordinal', '2nd'],
    [13, 'ordinal', '13th'],
    [21, 'cardinalText', 'Twenty-one'],
    [3, 'ordinalText', 'Third'],
    [42, 'ordinalText', 'Forty-second'],
    [5, 'chicago', '**'],
    [2, 'chicago', '†'],
    [5, 'none', ''],
    [5, 'someFutureFormat', '5'],
  ])('%i in %s is %s', (value, format, expected) => {
    expect(formatNumber(value, format)).toBe(expected);
  });

  it('never throws and never returns an empty label except for none, for any integer and format', () => {
    const formats = [
      'decimal',
      'upperRoman',
      'lowerLetter',
      'japaneseCounting',
      'japaneseLegal',
      'aiueo',
      'ordinalText',
    ];
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.constantFrom(...formats), (value, format) => {
        expect(formatNumber(value, format).length).toBeGreaterThan(0);
      }),
    );
  });
});

describe('NumberingCounters', () => {
  it('formats multi-level lvlText and restarts deeper levels after a shallower one', () => {
    const xml = numberingXml(
      { 0: level(0, 'decimal', 'Section %1.') + level(1, 'decimal', '%1.%2') + level(2, 'lowerLetter', '(%3)') },
      { 1: '<w:abstractNumId w:val="0"/>' },
    );
    const counters = new NumberingCounters(parseNumbering(xml), noStyles);
    expect(
      labels(counters, [
        ['1', 0],
        ['1', 1],
        ['1', 2],
        ['1', 2],
        ['1', 1],
        ['1', 2],
        ['1', 0],
        ['1', 1],
      ]),
    ).toEqual(['Section 1.', '1.1', '(a)', '(b)', '1.2', '(a)', 'Section 2.', '2.1']);
  });

  it('honours lvlRestart 0 (never restart) and isLgl (Arabic digits for every level)', () => {
    const xml = numberingXml(
      {
        0:
          level(0, 'upperRoman', '%1.') +
          level(1, 'decimal', '(%2)', '<w:lvlRestart w:val="0"/>') +
          level(2, 'decimal', '%1.%3', '<w:isLgl/>'),
      },
      { 1: '<w:abstractNumId w:val="0"/>' },
    );
    const counters = new NumberingCounters(parseNumbering(xml), noStyles);
    expect(
      labels(counters, [
        ['1', 0],
        ['1', 1],
        ['1', 0],
        ['1', 1],
        ['1', 2],
      ]),
    ).toEqual(['I.', '(1)', 'II.', '(2)', '2.1']);
  });

  it('continues the abstract list across instances, but a startOverride restarts its own counters', () => {
    const xml = numberingXml(
      { 0: level(0, 'decimal', '(%1)') },
      {
        1: '<w:abstractNumId w:val="0"/>',
        2: '<w:abstractNumId w:val="0"/>',
        3: '<w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride>',
      },
    );
    const counters = new NumberingCounters(parseNumbering(xml), noStyles);
    expect(
      labels(counters, [
        ['1', 0],
        ['2', 0],
        ['3', 0],
        ['3', 0],
        ['1', 0],
      ]),
    ).toEqual(['(1)', '(2)', '(5)', '(6)', '(3)']);
  });

  it('uses a level replaced by w:lvlOverride, and gives no label for numId 0, unknown lists and numFmt none', () => {
    const xml = numberingXml(
      { 0: level(0, 'decimal', '%1.') + level(1, 'none', '') },
      {
        1: `<w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0">${level(0, 'upperLetter', 'Art. %1')}</w:lvlOverride>`,
      },
    );
    const counters = new NumberingCounters(parseNumbering(xml), noStyles);
    expect(
      labels(counters, [
        ['1', 0],
        ['1', 0],
        ['0', 0],
        ['9', 0],
        ['1', 1],
      ]),
    ).toEqual(['Art. A', 'Art. B', '∅', '∅', '∅']);
  });

  it('puts an ideographic space after a CJK label, a space after others, nothing for suff nothing; bullets', () => {
    const xml = numberingXml(
      {
        0: level(0, 'japaneseCounting', '第%1条', '<w:suff w:val="space"/>'),
        1: level(0, 'decimal', '%1.', '<w:suff w:val="nothing"/>'),
        2: level(0, 'bullet', '\uF0B7'),
      },
      { 1: '<w:abstractNumId w:val="0"/>', 2: '<w:abstractNumId w:val="1"/>', 3: '<w:abstractNumId w:val="2"/>' },
    );
    const counters = new NumberingCounters(parseNumbering(xml), noStyles);
    expect(counters.next('1', 0)).toEqual({ text: '第一条', separator: '\u3000', bullet: false });
    expect(counters.next('2', 0)).toEqual({ text: '1.', separator: '', bullet: false });
    expect(counters.next('3', 0)).toEqual({ text: '•', separator: ' ', bullet: true });
  });

  it('follows numbering from styles (basedOn), level styles (w:pStyle) and numbering styles (numStyleLink)', () => {
    const styles = parseStyles(
      `<w:styles ${W}>` +
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>' +
        '<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/>' +
        '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="1"/></w:pPr></w:style>' +
        '<w:style w:type="paragraph" w:styleId="Sub"><w:name w:val="My Sub"/><w:basedOn w:val="Heading2"/></w:style>' +
        '<w:style w:type="numbering" w:styleId="LegalList"><w:name w:val="Legal List"/>' +
        '<w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:style>' +
        '</w:styles>',
    );
    expect(styleNumbering(styles, 'Sub')).toEqual({ numId: '1' });
    expect(styleRole(styles, 'Sub')).toEqual({ kind: 'heading', level: 2 });
    expect(styleRole(styles, undefined)).toEqual({ kind: 'body' });
    expect(styleRole(styles, undefined, 0)).toEqual({ kind: 'heading', level: 1 });
    const xml = numberingXml(
      {
        0: level(0, 'decimal', '%1') + level(1, 'decimal', '%1.%2', '<w:pStyle w:val="Heading2"/>'),
        1: '<w:numStyleLink w:val="LegalList"/>',
        2: level(0, 'upperLetter', '%1)'),
      },
      { 1: '<w:abstractNumId w:val="0"/>', 2: '<w:abstractNumId w:val="2"/>', 3: '<w:abstractNumId w:val="1"/>' },
    );
    const counters = new NumberingCounters(parseNumbering(xml), styles);
    expect(counters.next('1', undefined, 'Heading2')?.text).toBe('1.1');
    expect(counters.next('3', 0)?.text).toBe('A)');
    expect(counters.next('2', 0)?.text).toBe('B)');
  });

  it('never throws on arbitrary numbering XML and call sequences', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 300 }),
        fc.array(fc.tuple(fc.constantFrom('0', '1', '2', 'x'), fc.integer({ min: -3, max: 12 })), { maxLength: 20 }),
        (noise, calls) => {
          const xml = numberingXml({ 0: level(0, 'decimal', '%1.%9') + noise }, { 1: '<w:abstractNumId w:val="0"/>' });
          const counters = new NumberingCounters(parseNumbering(xml), noStyles);
          for (const [numId, ilvl] of calls) {
            const label = counters.next(numId, ilvl);
            if (label) expect(typeof label.text).toBe('string');
          }
        },
      ),
    );
  });
});
