import { describe, expect, it } from 'vitest';
import { expectGolden } from '../testing/golden.js';
import { englishSeries } from '../trace/fixtures/series.js';
import { tracePhrase } from '../trace/trace.js';
import { readCsv } from './read-csv.fixture.js';
import { csvField, EDITION_CSV_COLUMNS, HIT_CSV_COLUMNS, renderTraceCsv, renderTraceHitsCsv } from './trace-csv.js';

describe('csvField', () => {
  it('quotes only when needed, doubling inner quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(3)).toBe('3');
  });

  it('neutralises text a spreadsheet would run as a formula (OWASP): a leading quote, and quoted', () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvField('+1')).toBe('"\'+1"');
    expect(csvField('-2+3')).toBe('"\'-2+3"');
    expect(csvField('@SUM(A1)')).toBe('"\'@SUM(A1)"');
    expect(csvField('\t=1')).toBe('"\'\t=1"');
    expect(csvField('\r=1')).toBe('"\'\r=1"');
    expect(csvField('a=b')).toBe('a=b');
    expect(csvField(-1)).toBe('-1');
  });

  it('neutralises formula labels and snippets in both trace tables', () => {
    const series = englishSeries().map((edition, i) =>
      i === 0 ? { ...edition, label: '=cmd|"/c calc"!A1' } : edition,
    );
    const result = tracePhrase(series, 'increasingly severe');
    const editions = readCsv(renderTraceCsv(result));
    expect(editions[1]?.[0]).toBe('\'=cmd|"/c calc"!A1');
    const hits = readCsv(renderTraceHitsCsv(tracePhrase(series, 'increasingly severe', { context: 0 })));
    expect(hits[1]?.[0]).toBe('\'=cmd|"/c calc"!A1');
    expect(hits.slice(1).every((row) => row.every((field) => !/^[=+\-@\t\r]/.test(field)))).toBe(true);
  });
});

describe('renderTraceCsv', () => {
  const result = tracePhrase(englishSeries(), 'increasingly severe');

  it('has one row per edition with label, date and count', () => {
    const rows = readCsv(renderTraceCsv(result));
    expect(rows[0]).toEqual([...EDITION_CSV_COLUMNS]);
    expect(rows.slice(1)).toEqual([
      ['2016', '2016-08-02', '1'],
      ['2017', '2017-08-08', '0'],
      ['2018', '2018-08-28', '0'],
      ['2019', '2019-09-27', '2'],
      ['2020', '2020-07-14', '2'],
    ]);
    expectGolden(import.meta.url, 'series.editions.csv', renderTraceCsv(result));
  });

  it('has one row per hit with path, position and snippet, quoting text that needs it', () => {
    const csv = renderTraceHitsCsv(tracePhrase(englishSeries(), 'the situation'));
    const rows = readCsv(csv);
    expect(rows[0]).toEqual([...HIT_CSV_COLUMNS]);
    expect(rows[1]).toEqual([
      '2019',
      '2019-09-27',
      'Chapter 1 › (2)',
      'paragraph',
      '1',
      '2',
      '11',
      '81',
      '226',
      'y Severe". Tensions rise in the region; ',
      'the\nsituation',
      ' is increasingly severe at sea and incre',
    ]);
    expectGolden(import.meta.url, 'series.hits.csv', renderTraceHitsCsv(result));
  });
});
