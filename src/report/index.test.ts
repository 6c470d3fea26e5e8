import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareTexts } from '../compare/compare.js';
import type { Comparison } from '../model/comparison.js';
import { expectGolden } from '../testing/golden.js';
import { sampleComparison } from './fixtures/sample-comparison.js';
import { REPORT_FORMATS, type ReportFormat, type ReportOptions, renderReport } from './index.js';

/** File extension of each format's golden file. */
const EXTENSIONS: Record<ReportFormat, string> = { terminal: 'txt', json: 'json', md: 'md', html: 'html' };

/** The bundled Bluebook sample, compared by the engine. */
function bluebookComparison(): Comparison {
  const read = (year: number) =>
    readFileSync(new URL(`../../examples/bluebook/${year}-ch3-s1.txt`, import.meta.url), 'utf8');
  return compareTexts(read(2020), read(2022), { oldName: '2020-ch3-s1.txt', newName: '2022-ch3-s1.txt' });
}

describe('renderReport golden files', () => {
  const cases: Array<[string, ReportFormat, ReportOptions]> = [
    ['sample.terminal.txt', 'terminal', {}],
    ['sample.terminal-context-80.txt', 'terminal', { context: true, width: 80 }],
    ['sample.md', 'md', {}],
    ['sample.html', 'html', {}],
    ['sample.json', 'json', {}],
  ];
  it.each(cases)('%s', (name, format, options) => {
    expectGolden(import.meta.url, name, renderReport(sampleComparison(), format, options));
  });

  it.each(REPORT_FORMATS)('the Bluebook sample in %s', (format) => {
    expectGolden(
      import.meta.url,
      `bluebook.${format === 'terminal' ? 'terminal.txt' : EXTENSIONS[format]}`,
      renderReport(bluebookComparison(), format),
    );
  });
});

describe('renderReport', () => {
  it('dispatches to each format', () => {
    const comparison = sampleComparison();
    expect(renderReport(comparison, 'json').startsWith('{\n  "schemaVersion": 1,')).toBe(true);
    expect(renderReport(comparison, 'md').startsWith('# Changes from ')).toBe(true);
    expect(renderReport(comparison, 'html').startsWith('<!DOCTYPE html>')).toBe(true);
    expect(renderReport(comparison, 'terminal').startsWith('Diplomatic Bluebook 2020')).toBe(true);
  });

  it('names the fix for an unknown format', () => {
    expect(() => renderReport(sampleComparison(), 'pdf' as ReportFormat)).toThrow(
      'Unknown report format "pdf": use one of terminal, json, md, html.',
    );
  });

  it('surfaces what a reader notices in the Bluebook sample', () => {
    const text = renderReport(bluebookComparison(), 'terminal');
    expect(text).toContain('§ Chapter 3 › Section 1 › 1 › (2) Territorial integrity');
    expect(text).toMatch(/section renumbered \(3\) → \(2\)/);
    expect(text).toContain('section deleted');
    expect(text).toContain('caption inserted');
  });
});
