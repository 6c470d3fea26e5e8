import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { compareTexts } from '../compare/compare.js';
import { codeOf } from '../errors/code-of.fixture.js';
import { importPdf } from './pdf.js';
import { DEFAULT_LIMITS, type ImportLimits } from './types.js';

// Fixtures come from scripts/fixtures/pdf-fixtures.ts (see fixtures/pdf/README.md).
const fixtures = join(import.meta.dirname, 'fixtures/pdf');
const examples = join(import.meta.dirname, '../../examples/bluebook');
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(fixtures, name)));

function importFixture(name: string, limits: Partial<ImportLimits> = {}) {
  return importPdf(fixture(name), { name, limits: { ...DEFAULT_LIMITS, ...limits } });
}

/** Blocks of a text, white space folded. */
const blocksOf = (text: string): string[] =>
  text
    .trim()
    .split(/\n\s*\n/)
    .map((b) => b.replace(/\s+/g, ' ').trim());

describe('importPdf on the Bluebook sample', () => {
  for (const year of ['2020', '2022']) {
    it(`imports the ${year} edition so that it compares unchanged or cosmetic against the .txt`, async () => {
      const txt = readFileSync(join(examples, `${year}-ch3-s1.txt`), 'utf8');
      const edition = await importFixture(`bluebook-${year}.pdf`);
      const comparison = compareTexts(txt, edition.text);
      const bad = comparison.pairs.filter(
        (p) => p.relation !== 'unchanged' && p.significance !== 'none' && p.significance !== 'cosmetic',
      );
      expect(bad.map((p) => [p.level, p.relation, p.old?.text.slice(0, 60), p.new?.text.slice(0, 60)])).toEqual([]);
      expect(comparison.summary.blocks.unchanged).toBeGreaterThan(5);
      // The running header is gone (the title stays, once) and so are the page numbers 181, - 182 -, ….
      expect(edition.text.match(new RegExp(`Diplomatic Bluebook ${year}`, 'g'))).toHaveLength(1);
      expect(edition.text).not.toMatch(/\b18[12]\b/);
      expect(edition.format).toBe('pdf');
      expect(edition.provenance.size).toBe(fixture(`bluebook-${year}.pdf`).length);
    });
  }

  it('joins words hyphenated at line ends (the fixture has some)', async () => {
    const bytes = fixture('bluebook-2022.pdf');
    const document = await getDocument({ data: bytes.slice(), verbosity: 0, isEvalSupported: false }).promise;
    const lineEnds: string[] = [];
    for (let page = 1; page <= document.numPages; page++) {
      const content = await (await document.getPage(page)).getTextContent();
      for (const item of content.items) if ('str' in item && /[a-z]-$/.test(item.str)) lineEnds.push(item.str);
    }
    await document.destroy();
    expect(lineEnds.length).toBeGreaterThan(2);
    const edition = await importFixture('bluebook-2022.pdf');
    const txt = readFileSync(join(examples, '2022-ch3-s1.txt'), 'utf8');
    for (const end of lineEnds) {
      const stem = /(\p{L}+)-$/u.exec(end)?.[1] ?? '';
      expect(edition.text).not.toContain(`${stem}- `);
      expect(txt).toContain(stem);
    }
  });

  it('gives headings hints with levels by size and maps every block to a page', async () => {
    const edition = await importFixture('bluebook-2022.pdf');
    const headings = edition.hints.filter((h) => h.kind === 'heading');
    expect(edition.text.slice(headings[0]?.start, headings[0]?.end)).toBe('Diplomatic Bluebook 2022');
    expect(headings[0]?.level).toBe(1);
    const special = headings.find((h) => edition.text.slice(h.start, h.end).startsWith('Fifth Anniversary'));
    expect(special).toBeDefined();
    const pages = new Set(edition.sourceMap.map((s) => s.source.page));
    expect([...pages].sort()).toEqual([1, 2]);
    for (const span of edition.sourceMap) expect(span.source.box?.width).toBeGreaterThan(0);
    const anniversary = edition.text.indexOf('One of the most important responsibilities');
    const span = edition.sourceMap.find((s) => s.start <= anniversary && anniversary < s.end);
    expect(span?.source.page).toBe(2);
  });
});

describe('importPdf layouts', () => {
  it('reads a two-column page column by column, paragraphs intact', async () => {
    const txt = readFileSync(join(examples, '2020-ch3-s1.txt'), 'utf8');
    const paragraphs = blocksOf(txt).filter((b) => b.length > 400);
    const edition = await importFixture('two-column.pdf');
    expect(blocksOf(edition.text)).toEqual(['Two Columns of the Bluebook', ...paragraphs.slice(0, 3)]);
  });

  it('drops running headers and "Page N of M", keeps a paragraph across the page break and footnotes after it', async () => {
    const txt = readFileSync(join(examples, '2020-ch3-s1.txt'), 'utf8');
    const paragraphs = blocksOf(txt).filter((b) => b.length > 400);
    const edition = await importFixture('headers-footnotes.pdf');
    expect(blocksOf(edition.text)).toEqual([
      `${paragraphs[0]} ${paragraphs[1]}`,
      '1 The Legislation for Peace and Security entered into force in March 2016.',
      '2 See the Special Feature on page 183 for the fifth anniversary.',
      paragraphs[2],
      paragraphs[3],
    ]);
    const firstBlockPages = edition.sourceMap.filter((s) => s.start < edition.text.indexOf('\n\n'));
    expect(firstBlockPages.map((s) => s.source.page)).toEqual([1, 2]);
    expect(edition.hints.filter((h) => h.kind === 'paragraph')).toHaveLength(2);
    expect(edition.diagnostics.map((d) => d.code)).toContain('pdf-furniture-removed');
  });

  it('reads Japanese text without spaces between characters', async () => {
    const excerpt = readFileSync(join(fixtures, 'japanese-excerpt.txt'), 'utf8');
    const edition = await importFixture('japanese.pdf');
    expect(edition.text).not.toMatch(/[\u3040-\u9fff] [\u3040-\u9fff、。「」（）]/);
    expect(edition.text.trim().split('\n\n')).toEqual(excerpt.trim().split('\n\n'));
    expect(edition.text).toContain('第一条　この法律は、');
  });
});

describe('importPdf errors', () => {
  it('asks for OCR when no page has text', async () => {
    await expect(importFixture('scanned.pdf')).rejects.toMatchObject({ code: 'E_PDF_NO_TEXT', message: /OCR/ });
  });

  it('refuses an encrypted PDF, a truncated one and bytes that are not a PDF', async () => {
    expect(await codeOf(importFixture('encrypted.pdf'))).toBe('E_PDF_ENCRYPTED');
    expect(await codeOf(importFixture('truncated.pdf'))).toBe('E_CORRUPT');
    const name = 'notes.pdf';
    const notPdf = importPdf(new TextEncoder().encode('hello'), { name, limits: DEFAULT_LIMITS });
    await expect(notPdf).rejects.toMatchObject({ code: 'E_CORRUPT', message: /'notes\.pdf'/ });
    expect(await codeOf(importPdf(new Uint8Array(0), { name, limits: DEFAULT_LIMITS }))).toBe('E_EMPTY');
  });

  it('enforces the page, size and time limits', async () => {
    expect(await codeOf(importFixture('bluebook-2022.pdf', { maxPages: 1 }))).toBe('E_LIMIT');
    expect(await codeOf(importFixture('bluebook-2022.pdf', { maxBytes: 1000 }))).toBe('E_TOO_LARGE');
    expect(await codeOf(importFixture('bluebook-2022.pdf', { timeoutMs: 0 }))).toBe('E_TIMEOUT');
  });
});
