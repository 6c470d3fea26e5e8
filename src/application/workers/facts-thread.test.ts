import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flattenDocument } from '../../align/units.js';
import { sentenceSheet } from '../../facts/extract.js';
import { extractBothFacts, factSheets } from '../../facts/report.js';
import { parseText } from '../../parse/text.js';
import { extractFactsOffThread } from './facts-thread.js';

const repoRoot = new URL('../../../', import.meta.url).pathname;
const OLD = readFileSync(join(repoRoot, 'examples/bluebook/2020-ch3-s1.txt'), 'utf8');
const NEW = readFileSync(join(repoRoot, 'examples/bluebook/2022-ch3-s1.txt'), 'utf8');

describe('extractFactsOffThread', () => {
  it('reads on a worker thread the facts extractBothFacts reads in process (the Bluebook sample)', async () => {
    const [oldSheet, newSheet] = factSheets(parseText(OLD), parseText(NEW));
    const expected = extractBothFacts(oldSheet, newSheet, {});
    expect(expected[0].length).toBeGreaterThan(10);
    expect(expected[1].length).toBeGreaterThan(50);
    expect(await extractFactsOffThread(oldSheet, newSheet, {})).toEqual(expected);
  });

  it('passes the locale through', async () => {
    const sheet = sentenceSheet(parseText('Japan held three meetings in 2019.\n\n日本は2019年に三回会合を開いた。'));
    const expected = extractBothFacts(sheet, sheet, { locale: 'ja' });
    expect(await extractFactsOffThread(sheet, sheet, { locale: 'ja' })).toEqual(expected);
    expect(expected).not.toEqual(extractBothFacts(sheet, sheet, { locale: 'en' }));
  });
});

describe('sentenceSheet', () => {
  it('lists the sentences of flattenDocument’s sentence table, in its order (property)', () => {
    const line = fc.oneof(
      fc.constantFrom(
        '# Part 1',
        '## Chapter 2',
        '(3) Territorial Integrity',
        '1. Overview',
        '- item one. Item two.',
        '',
      ),
      fc.lorem({ maxCount: 12 }).map((words) => `${words}. More text here.`),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), (lines) => {
        const document = parseText(lines.join('\n\n'));
        const texts = flattenDocument(document).sentences.map((sentence) => sentence.node.value);
        expect(sentenceSheet(document).texts).toEqual(texts);
      }),
      { numRuns: 200 },
    );
  });
});
