import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flattenDocument } from '../align/units.js';
import type { DocumentNode, ParagraphNode } from '../model/tree.js';
import { parseText } from '../parse/text.js';
import { expectGolden } from '../testing/golden.js';
import { learnAcronyms } from './acronyms.js';
import { extractFacts, sentenceTable } from './extract.js';
import type { Fact } from './model.js';

const sample = (year: number) =>
  readFileSync(new URL(`../../examples/bluebook/${year}-ch3-s1.txt`, import.meta.url), 'utf8');

/** One fact a line: sentence, kind, text → key = value. */
function describeFacts(facts: readonly Fact[]): string {
  return facts
    .map((f) => `${f.sentence} ${f.kind} ${JSON.stringify(f.text)} → ${f.key}${f.value ? ` = ${f.value}` : ''}`)
    .join('\n')
    .concat('\n');
}

/** The facts of a one-paragraph text, as `kind key = value` strings. */
function factsOf(text: string, locale?: string): string[] {
  // A lone line would be read as the document's title: give the paragraph a title line of its own.
  return extractFacts(parseText(`Title\n\n${text}`), locale ? { locale } : {}).map(
    (f) => `${f.kind} ${f.key}${f.value ? ` = ${f.value}` : ''}`,
  );
}

describe('extractFacts', () => {
  it('reads the facts of the 2022 sample (golden)', () => {
    expectGolden(import.meta.url, 'bluebook-2022.facts.txt', describeFacts(extractFacts(parseText(sample(2022)))));
  });

  it('reads quantities in words and digits with what they count', () => {
    expect(factsOf('North Korea conducted three nuclear tests and launched 40 ballistic missiles.')).toEqual([
      'place North Korea',
      'quantity nuclear test = 3',
      'quantity ballistic missile = 40',
    ]);
    expect(factsOf('Japan escorted the U.S. Forces a total of 57 times on occasions such as joint exercises.')).toEqual(
      ['place Japan', 'organisation U.S. Forces', 'quantity times = 57'],
    );
    expect(factsOf('It currently has two headquarter personnel deployed to the organization.')).toEqual([
      'quantity headquarter personnel = 2',
    ]);
    // An address is no count; a count and its noun stand on one line.
    expect(
      factsOf('Write to Reddit, 1455 Market Street, San Francisco, CA 94103 United States and the team.').filter((f) =>
        f.startsWith('quantity'),
      ),
    ).toEqual([]);
    expect(factsOf('The office is at CA 94103\ncopyright@example.com and the team.')).toEqual([]);
    // An acronym never spelled out is an organisation only at three to six capitals.
    expect(factsOf('The AI and VR features of the MOFA site.')).toEqual(['organisation MOFA']);
    // A head word counts last or before of/for/on: a title is no organisation; a postcode is no acronym.
    expect(factsOf('See Our Global Operations and Data Transfers for the details.')).toEqual([]);
    expect(factsOf('Write to us at London EC1A 4HQ and the team.')).toEqual([]);
    expect(factsOf('The Ministry of Defense and the Irish Data Protection Commission agreed.')).toEqual([
      'organisation Ministry of Defense',
      'organisation Irish Data Protection Commission',
    ]);
    // A number with nothing counted after it, and "one of", are no quantities.
    expect(factsOf('One of the most important duties (see page 183).')).toEqual([]);
  });

  it('reads dates and periods, normalised to ISO 8601', () => {
    expect(factsOf('UNMISS ran from January 2012 to May 2017.')).toContain('date 2012-01/2017-05 = 2012-01/2017-05');
    expect(factsOf('From 2017 till the end of 2020, Japan escorted them.')).toContain('date 2017/2020 = 2017/2020');
    expect(factsOf('It has been monitoring since 1982.')).toContain('date 1982/.. = 1982/..');
    expect(factsOf('In November 2021, Japan escorted them.')).toContain('date 2021-11 = 2021-11');
    expect(factsOf('The budget for FY2023 rose.')).toContain('date FY2023 = FY2023');
  });

  it('learns acronyms from "Expansion (ACR)" and keys both spellings by the acronym', () => {
    const text =
      'Japan deployed personnel to the Multinational Force and Observers (MFO). MFO monitors the ceasefire. ' +
      'The Multinational Force and Observers was founded in 1981. The Acquisition and Cross-Servicing Agreement (ACSA) entered into force.';
    const facts = extractFacts(parseText(text));
    const mfo = facts.filter((f) => f.key === 'MFO');
    expect(mfo.map((f) => f.text)).toEqual([
      'Multinational Force and Observers (MFO)',
      'MFO',
      'Multinational Force and Observers',
    ]);
    expect(mfo.every((f) => f.kind === 'organisation')).toBe(true);
    expect(facts.find((f) => f.key === 'ACSA')).toMatchObject({ kind: 'reference' });
    const table = learnAcronyms(['the United Nations Mission in South Sudan (UNMISS) from 2012']);
    expect(table.expansions.get('UNMISS')).toBe('United Nations Mission in South Sudan');
  });

  it('keys an article with its law', () => {
    expect(
      factsOf('according to Paragraph 2 of Article 95 of the Self-Defense Forces Law, it became possible'),
    ).toEqual(['reference Article 95-2 Self-Defense Forces Law']);
  });

  it('reads Japanese quantities, era and Western years, and articles', () => {
    expect(factsOf('自衛隊は米軍の武器等を57回警護した。')).toEqual([
      'organisation 自衛隊',
      'organisation 米軍',
      'quantity 武器等 回 = 57',
    ]);
    expect(factsOf('司令部要員2名を派遣している。')).toContain('quantity 司令部要員 名 = 2');
    expect(factsOf('核実験を三回実施した。')).toContain('quantity 核実験 回 = 3');
    expect(factsOf('令和5年に改定された。')).toContain('date 2023 = 2023');
    expect(factsOf('平成28年3月に施行された。')).toContain('date 2016-03 = 2016-03');
    expect(factsOf('令和元年5月1日に改元された。')).toContain('date 2019-05-01 = 2019-05-01');
    expect(factsOf('2017年から実施している。')).toContain('date 2017/.. = 2017/..');
    expect(factsOf('自衛隊法第95条の2に基づき警護を行う。')).toContain('reference Article 95-2 自衛隊法');
    expect(factsOf('第5条第2項の規定による。')).toContain('reference Article 5(2)');
    // "The same law" points back to a law named before; a law number's era year is a date, not a law.
    expect(factsOf('同法第八条第一項の規定による。')).toEqual(['reference Article 8(1)']);
    expect(factsOf('平成五年法律第四十七号により改正された。')).toContain('date 1993 = 1993');
    expect(factsOf('第二条中特許法第百八十四条の九第五項を改める。')).toEqual([
      'reference Article 2',
      'reference Article 184-9(5) 特許法',
    ]);
  });

  it("gives every fact the exact slice of the edition's text at its span (property)", () => {
    const words = fc.constantFrom(
      'Japan',
      'three nuclear tests',
      'in November 2021',
      'since 1982',
      'the Multinational Force and Observers (MFO)',
      'MFO',
      'Article 9 of the Constitution',
      '57回',
      '平成28年3月',
      '第95条の2',
      'and',
      'the',
      'escorted',
      '.',
      '。',
      '\n\n',
      '(1) Heading\n\n',
    );
    fc.assert(
      fc.property(fc.array(words, { maxLength: 40 }), (parts) => {
        const text = parts.join(' ');
        for (const fact of extractFacts(parseText(text))) {
          expect(text.slice(fact.span.start, fact.span.end)).toBe(fact.text);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('sentenceTable', () => {
  /** What flattenDocument says: each sentence with its block, in its numbering. */
  const reference = (document: DocumentNode) => {
    const tables = flattenDocument(document);
    return {
      sentences: tables.sentences.map((sentence) => sentence.node),
      blocks: tables.sentences.map((sentence) => tables.blocks[sentence.block]?.node),
    };
  };
  const expectSame = (document: DocumentNode) => {
    const table = sentenceTable(document);
    const expected = reference(document);
    expect(table.sentences.length).toBe(expected.sentences.length);
    for (const [i, sentence] of table.sentences.entries()) expect(sentence).toBe(expected.sentences[i]);
    for (const [i, block] of table.blocks.entries()) expect(block).toBe(expected.blocks[i]);
  };

  it('numbers sentences as flattenDocument does, on the samples and on a tree with a box', () => {
    expectSame(parseText(sample(2020)));
    expectSame(parseText(sample(2022)));
    const paragraph = (text: string): ParagraphNode => ({
      type: 'paragraph',
      value: text,
      children: [{ type: 'sentence', value: text }],
    });
    const heading = {
      type: 'heading',
      label: '1',
      title: 'One',
      scheme: 'arabic',
      ordinal: 1,
      value: '1 One',
    } as const;
    expectSame({
      type: 'document',
      children: [
        paragraph('Before.'),
        { type: 'box', value: 'A box.', children: [paragraph('Boxed.'), paragraph('Boxed too.')] },
        {
          type: 'section',
          depth: 1,
          children: [
            heading,
            paragraph('Inside.'),
            { type: 'section', depth: 2, children: [heading, paragraph('Deeper.')] },
          ],
        },
        paragraph('After.'),
      ],
    });
  });

  it('numbers sentences as flattenDocument does on any outline', () => {
    const line = fc.oneof(
      fc.constantFrom('Chapter 1', 'Chapter 2 Title', '1. Heading', '(2) Sub', 'Article 3', '第1条', ''),
      fc.constantFrom('A sentence. Another one.', 'Japan and the U.S. agreed in 2017.', '- an item', 'Plain words'),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), (lines) => expectSame(parseText(lines.join('\n')))),
      { numRuns: 100 },
    );
  });
});
