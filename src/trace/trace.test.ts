import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flattenDocument } from '../align/units.js';
import { isPalimpsestError } from '../errors/errors.js';
import { parseText } from '../parse/index.js';
import { ENGLISH_SERIES, englishSeries, JAPANESE_SERIES, japaneseSeries } from './fixtures/series.js';
import { REGEX_UNIT_LIMIT } from './match.js';
import { type TraceEditionInput, type TraceResult, tracePhrase, trajectory } from './trace.js';

const counts = (result: TraceResult): number[] => result.editions.map((edition) => edition.count);

describe('tracePhrase on a series', () => {
  const result = tracePhrase(englishSeries(), 'increasingly severe');

  it('counts occurrences per edition across quotes, case and a line break', () => {
    expect(counts(result)).toEqual([1, 0, 0, 2, 2]);
    expect(result.total).toBe(5);
    expect(result.mode).toBe('normalized');
    expect(result.pattern).toBe('increasingly severe');
    expect(result.status).toBe('complete');
  });

  it('finds first and last appearance, the gap and the return', () => {
    expect(result.first).toEqual({ index: 0, label: '2016' });
    expect(result.last).toEqual({ index: 4, label: '2020' });
    expect(result.gaps).toEqual([{ start: 1, end: 2, labels: ['2017', '2018'], returnedIn: '2019' }]);
    expect(result.returns).toEqual([{ index: 3, label: '2019' }]);
  });

  it('gives each hit its snippet, section path, indexes and position', () => {
    const [hit] = result.editions[0]?.hits ?? [];
    expect(hit).toEqual({
      unit: 'paragraph',
      path: ['Chapter 1', '(1)'],
      section: 1,
      block: 0,
      sentence: 0,
      start: 29,
      end: 48,
      position: { start: { line: 7, column: 30, offset: 109 }, end: { line: 7, column: 49, offset: 128 } },
      before: 'The security environment is “',
      match: 'increasingly severe',
      after: '”. Tensions rise in the region.',
      clippedBefore: false,
      clippedAfter: false,
    });
    expect(result.editions[0]?.date).toBe('2016-08-02');
  });

  it('follows the phrase into a renumbered section, a moved paragraph and a heading', () => {
    expect(result.editions[3]?.hits.map((hit) => hit.path.join(' '))).toEqual(['Chapter 1 (2)', 'Chapter 1 (2)']);
    const last = result.editions[4]?.hits ?? [];
    expect(last.map((hit) => [hit.unit, hit.path.join(' '), hit.block, hit.sentence])).toEqual([
      ['paragraph', 'Chapter 1 (1)', 0, 1],
      ['heading', 'Chapter 2', null, null],
    ]);
    expect(last[1]?.match).toBe('Increasingly Severe');
  });

  it('finds a phrase across a line break inside a block, with the position of each end', () => {
    const hit = tracePhrase(englishSeries(), 'the situation').editions[3]?.hits[0];
    expect(hit?.match).toBe('the\nsituation');
    expect(hit?.position?.start.line).toBe(11);
    expect(hit?.position?.end).toMatchObject({ line: 12, column: 10 });
    expect(hit?.sentence).toBe(2);
  });

  it('treats curly and straight quotes alike in normalized mode only', () => {
    const curly = '“increasingly severe”';
    expect(counts(tracePhrase(englishSeries(), curly))).toEqual([1, 0, 0, 1, 0]);
    expect(counts(tracePhrase(englishSeries(), curly, { mode: 'exact' }))).toEqual([1, 0, 0, 0, 0]);
  });

  it('matches case exactly in exact mode', () => {
    expect(counts(tracePhrase(englishSeries(), 'increasingly severe', { mode: 'exact' }))).toEqual([1, 0, 0, 1, 0]);
  });

  it('matches whole words unless told otherwise', () => {
    expect(tracePhrase(englishSeries(), 'sever').total).toBe(0);
    expect(tracePhrase(englishSeries(), 'sever', { wholeWords: false }).total).toBe(6);
  });

  it('runs regular expressions per block', () => {
    const regex = tracePhrase(englishSeries(), '/increasingly[- ]severe/i', { mode: 'regex' });
    expect(counts(regex)).toEqual([1, 0, 0, 3, 2]);
    expect(regex.pattern).toBe('/increasingly[- ]severe/i');
    expect(regex.editions[3]?.hits[2]?.match).toBe('increasingly-severe');
  });

  it('keeps `context` characters each side and says where it clipped', () => {
    const hit = tracePhrase(englishSeries(), 'tensions', { context: 5 }).editions[0]?.hits[0];
    expect(hit).toMatchObject({
      before: 're”. ',
      match: 'Tensions',
      after: ' rise',
      clippedBefore: true,
      clippedAfter: true,
    });
  });

  it('keeps counts exact beyond the hit budget and says it truncated', () => {
    const capped = tracePhrase(englishSeries(), 'increasingly severe', { maxHitsPerEdition: 1 });
    expect(counts(capped)).toEqual([1, 0, 0, 2, 2]);
    expect(capped.editions[3]?.hits).toHaveLength(1);
    expect(capped.editions[3]?.status).toBe('truncated');
    expect(capped.editions[0]?.status).toBe('complete');
    expect(capped.status).toBe('truncated');
  });

  it('searches a block longer than the regex limit sentence by sentence, to its end', () => {
    const long = `Report\n\n${'Filler words here. '.repeat(Math.ceil(REGEX_UNIT_LIMIT / 19) + 10)}The needle is last.\n`;
    const result = tracePhrase([{ label: 'x', document: parseText(long) }], 'needle', { mode: 'regex' });
    expect(result.total).toBe(1);
    expect(result.status).toBe('complete');
    const hit = result.editions[0]?.hits[0];
    expect(long.slice(hit?.position?.start.offset, hit?.position?.end.offset)).toBe('needle');
  });

  it('reports a phrase found nowhere', () => {
    const none = tracePhrase(englishSeries(), 'hypersonic');
    expect([none.total, none.first, none.last, none.gaps, none.returns]).toEqual([0, null, null, [], []]);
  });

  it('reports a phrase that disappears for good as a gap without return', () => {
    const gone = tracePhrase(englishSeries(), 'more testing');
    expect(counts(gone)).toEqual([0, 1, 1, 0, 0]);
    expect(gone.gaps).toEqual([{ start: 3, end: 4, labels: ['2019', '2020'], returnedIn: null }]);
    expect(gone.returns).toEqual([]);
  });

  it('refuses an empty phrase and a bad context', () => {
    let error: unknown;
    try {
      tracePhrase(englishSeries(), '   ');
    } catch (caught) {
      error = caught;
    }
    expect(isPalimpsestError(error) && error.code).toBe('E_USAGE');
    expect(() => tracePhrase(englishSeries(), 'x', { context: -1 })).toThrow(TypeError);
  });
});

describe('tracePhrase in Japanese', () => {
  it('finds 安全保障 inside longer words, with no word boundaries', () => {
    const result = tracePhrase(japaneseSeries(), '安全保障', { locale: 'ja' });
    expect(counts(result)).toEqual([3, 2]);
    expect(result.editions[0]?.hits.map((hit) => [hit.unit, hit.path.join(' ')])).toEqual([
      ['heading', '第1章'],
      ['paragraph', '第1章 (1)'],
      ['paragraph', '第1章 (1)'],
    ]);
    expect(result.editions[0]?.hits[2]).toMatchObject({
      before: '我が国を取り巻く安全保障環境は一層厳しさを増している。国際社会の',
      sentence: 1,
    });
  });

  it('keeps the Japanese brackets of 「安全保障」 significant', () => {
    const result = tracePhrase(japaneseSeries(), '「安全保障」');
    expect(counts(result)).toEqual([0, 1]);
    expect(result.first?.label).toBe('令和2年');
  });

  it('folds full-width Latin letters in normalized mode', () => {
    expect(counts(tracePhrase(japaneseSeries(), 'abc'))).toEqual([0, 1]);
    expect(counts(tracePhrase(japaneseSeries(), 'abc', { mode: 'exact' }))).toEqual([0, 0]);
  });
});

describe('tracePhrase on the bundled Bluebook sample', () => {
  const edition = (year: string): TraceEditionInput => ({
    label: year,
    document: parseText(readFileSync(new URL(`../../examples/bluebook/${year}-ch3-s1.txt`, import.meta.url), 'utf8')),
  });

  it('finds "increasingly severe" only in 2022, in section (1)', () => {
    const result = tracePhrase([edition('2020'), edition('2022')], 'increasingly severe');
    expect(counts(result)).toEqual([0, 1]);
    expect(result.editions[1]?.hits[0]?.path).toEqual(['Chapter 3', 'Section 1', '1', '(1)']);
    expect(result.gaps).toEqual([]);
  });
});

/** Checks every hit against the edition's text and against flattenDocument's numbering. */
function checkHits(text: string, result: TraceResult, editionIndex = 0): void {
  const document = parseText(text);
  const tables = flattenDocument(document);
  for (const hit of result.editions[editionIndex]?.hits ?? []) {
    if (hit.position !== undefined) {
      expect(text.slice(hit.position.start.offset, hit.position.end.offset)).toBe(hit.match);
    }
    expect(text).toContain(`${hit.before}${hit.match}${hit.after}`);
    if (hit.block !== null) {
      const block = tables.blocks[hit.block];
      expect(block?.node.value.slice(hit.start, hit.end)).toBe(hit.match);
      expect(block?.sentences).toContain(hit.sentence);
      expect(hit.path).toEqual(block !== undefined && block.section >= 0 ? tables.sections[block.section]?.path : []);
    } else if (hit.unit === 'heading') {
      const section = tables.sections[hit.section as number];
      expect(section?.heading.value.slice(hit.start, hit.end)).toBe(hit.match);
      expect(hit.path).toEqual(section?.path);
    }
  }
}

describe('tracePhrase properties', () => {
  // Words and separators from which documents are written: headings, paragraphs, quotes, case, width, invisibles.
  const piece = fc.constantFrom(
    'alpha',
    'Alpha',
    'ALPHA',
    'beta',
    ' ',
    '  ',
    '\n',
    '\n\n',
    '“',
    '”',
    '"',
    "'",
    '’',
    '. ',
    '-',
    '–',
    'ＡＬＰＨＡ',
    '安全',
    '保障',
    '。',
    '\u00a0',
    '\n\n(1) ',
    '\n\nChapter 2 ',
  );
  const text = fc.array(piece, { minLength: 1, maxLength: 60 }).map((parts) => parts.join(''));
  const phrase = fc.array(
    fc.constantFrom('alpha', 'Alpha', 'beta', ' ', '“', '"', '’', 'ＡＬＰＨＡ', '安全', '保障', '-'),
    {
      minLength: 1,
      maxLength: 4,
    },
  );

  it('counts at least as many occurrences in normalized mode as in exact mode', () => {
    fc.assert(
      fc.property(text, phrase, (input, parts) => {
        const words = parts.join('');
        if (words.trim().length === 0) return;
        const editions = [{ label: 'x', document: parseText(input) }];
        const normalized = tracePhrase(editions, words).total;
        const exact = tracePhrase(editions, words, { mode: 'exact' }).total;
        expect(normalized).toBeGreaterThanOrEqual(exact);
      }),
      { numRuns: 300 },
    );
  });

  it("gives every hit a match equal to the edition's text at its position, in every mode", () => {
    fc.assert(
      fc.property(
        text,
        phrase,
        fc.constantFrom('normalized', 'exact', 'regex') as fc.Arbitrary<'normalized' | 'exact' | 'regex'>,
        (input, parts, mode) => {
          const words = parts.join('');
          if (words.trim().length === 0) return;
          const source = mode === 'regex' ? words.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&') : words;
          const result = tracePhrase([{ label: 'x', document: parseText(input) }], source, { mode, context: 7 });
          checkHits(input, result);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('finds what the fixtures hold at their positions', () => {
    for (const [index, edition] of ENGLISH_SERIES.entries()) {
      checkHits(edition.text, tracePhrase(englishSeries(), 'the'), index);
    }
    for (const [index, edition] of JAPANESE_SERIES.entries()) {
      checkHits(edition.text, tracePhrase(japaneseSeries(), '安全保障'), index);
    }
  });
});

describe('trajectory', () => {
  it('puts every absent edition after the first appearance in exactly one gap, and returns after gaps', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(3), { maxLength: 30 }), (values) => {
        const editions = values.map((count, i) => ({ label: `e${i}`, count }));
        const { first, last, gaps, returns } = trajectory(editions);
        const present = values.flatMap((count, i) => (count > 0 ? [i] : []));
        expect(first?.index ?? null).toBe(present[0] ?? null);
        expect(last?.index ?? null).toBe(present[present.length - 1] ?? null);
        const inGaps = gaps.flatMap((gap) => Array.from({ length: gap.end - gap.start + 1 }, (_, k) => gap.start + k));
        const absentAfterFirst = values.flatMap((count, i) =>
          count === 0 && first !== null && i > first.index ? [i] : [],
        );
        expect(inGaps).toEqual(absentAfterFirst);
        expect(returns.map((ref) => ref.index)).toEqual(
          gaps.filter((gap) => gap.returnedIn !== null).map((gap) => gap.end + 1),
        );
        for (const gap of gaps) expect(gap.labels).toEqual(editions.slice(gap.start, gap.end + 1).map((e) => e.label));
      }),
    );
  });
});
