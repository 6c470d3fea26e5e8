import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineIndex, sliceAt } from '../model/position.js';
import { scanBrackets, sentenceSpans, splitSentences, unmatchedQuotes } from './sentences.js';

/** The sentence values of `text`. */
function split(text: string): string[] {
  return splitSentences(text, 0, new LineIndex(text)).map((sentence) => sentence.value);
}

describe('splitSentences', () => {
  it.each<[string, string[]]>([
    ['It grew. Japan. The end.', ['It grew.', 'Japan.', 'The end.']],
    ['weapons, etc., of U.S. Forces and others.', ['weapons, etc., of U.S. Forces and others.']],
    ['with the U.S. and other countries. Next one.', ['with the U.S. and other countries.', 'Next one.']],
    ['the Japan-U.S. Alliance is strong. Yes.', ['the Japan-U.S. Alliance is strong.', 'Yes.']],
    ['Mr. Smith met Dr. Jones. They talked.', ['Mr. Smith met Dr. Jones.', 'They talked.']],
    ['J. Smith wrote it. It sold.', ['J. Smith wrote it.', 'It sold.']],
    ['See No. 5 and Art. 3 of the act.', ['See No. 5 and Art. 3 of the act.']],
    ['e.g. this or i.e. that. Done.', ['e.g. this or i.e. that.', 'Done.']],
    ['It was held in Nov. 2020 in Tokyo.', ['It was held in Nov. 2020 in Tokyo.']],
    ['Apple Inc. reported. Ltd. firms too.', ['Apple Inc. reported.', 'Ltd. firms too.']],
    ['goods, etc. The next one.', ['goods, etc.', 'The next one.']],
    ['Am 1. Januar 1992 gilt es. Dann nicht.', ['Am 1. Januar 1992 gilt es.', 'Dann nicht.']],
    ['Nach § 5 Abs. 1 Satz 2 gilt das. Ende.', ['Nach § 5 Abs. 1 Satz 2 gilt das.', 'Ende.']],
    ['1.  Inhalt und Art der Werbung,', ['1.  Inhalt und Art der Werbung,']],
    ['He said “Stop. Now.” Then left.', ['He said “Stop. Now.”', 'Then left.']],
    ['(This is inside. Still inside.) After.', ['(This is inside. Still inside.)', 'After.']],
    ['Really? Yes! Sure...  Fine.', ['Really?', 'Yes!', 'Sure...', 'Fine.']],
    ['In 2016. 2017 came.', ['In 2016.', '2017 came.']],
    ['これは文です。これも文です！本当？', ['これは文です。', 'これも文です！', '本当？']],
    ['彼は「行く。」と言った。次の文。', ['彼は「行く。」と言った。', '次の文。']],
    ['物（プログラム等を含む。以下同じ。）の発明。次。', ['物（プログラム等を含む。以下同じ。）の発明。', '次。']],
    ['「こんにちは。」\n「さようなら。」', ['「こんにちは。」', '「さようなら。」']],
    ['No terminal punctuation', ['No terminal punctuation']],
    ['   ', []],
  ])('splits %j', (text, expected) => {
    expect(split(text)).toEqual(expected);
  });

  it('gives exact positions offset into the document', () => {
    const document = 'Heading\n\n  First one.\nSecond\u3000one.  ';
    const start = document.indexOf('First');
    const lineIndex = new LineIndex(document);
    const sentences = splitSentences(document.slice(start), start, lineIndex);
    expect(sentences.map((s) => s.position && sliceAt(document, s.position))).toEqual([
      'First one.',
      'Second\u3000one.',
    ]);
    expect(sentences[1]?.position?.start).toEqual({ line: 4, column: 1, offset: document.indexOf('Second') });
  });
});

describe('scanBrackets', () => {
  it('finds a closing quote without an opening one', () => {
    expect(scanBrackets('the “Act” and the Act” took effect').unmatchedQuotes).toEqual([21]);
  });

  it('finds an opening quote without a closing one, and ignores unmatched parentheses', () => {
    expect(scanBrackets('a) item “open (x) and 「ok」').unmatchedQuotes).toEqual([8]);
  });

  it('pairs German „…“ quotes and »…« guillemets', () => {
    expect(scanBrackets('Er sagte „ja“ und »nein« und «oui».').unmatchedQuotes).toEqual([]);
  });

  it('marks matched pairs so that prefix sums give the depth', () => {
    const { roles } = scanBrackets('a(b)c');
    expect(Array.from(roles)).toEqual([0, 1, 0, -1, 0]);
  });
});

describe('sentenceSpans', () => {
  const text = fc
    .array(fc.constantFrom('a', 'B', ' ', '.', '!', '。', '(', ')', '「', '」', '“', '”', '„', '«', '»', '\n'), {
      maxLength: 80,
    })
    .map((chars) => chars.join(''));

  it('splits a block the same whatever blocks were split before it (their bracket roles are cleared)', () => {
    fc.assert(
      fc.property(text, text, (before, block) => {
        const alone = sentenceSpans(block);
        sentenceSpans(before);
        expect(sentenceSpans(block)).toEqual(alone);
      }),
      { numRuns: 1000 },
    );
  });

  it('reports the unmatched quotes scanBrackets finds', () => {
    fc.assert(
      fc.property(text, (block) => {
        const { unmatchedQuotes: quotes } = scanBrackets(block);
        expect(sentenceSpans(block).unmatchedQuotes).toEqual(quotes);
        expect(unmatchedQuotes(block)).toEqual(quotes);
      }),
      { numRuns: 1000 },
    );
  });
});
