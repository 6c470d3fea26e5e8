import { describe, expect, it } from 'vitest';
import { PalimpsestError } from '../errors/errors.js';
import { deepListLines, emphasisAttacks, markdownNestingAttacks } from '../testing/hostile-inputs.js';
import { importEdition } from './index.js';
import { emphasisWork, MAX_MARKDOWN_NESTING, markdownNestingDepth } from './markdown-limits.js';

const utf8 = (text: string) => new TextEncoder().encode(text);

/**
 * The code an import of `text` as Markdown fails with, and its message (how long it takes is measured by
 * bench/hostile-inputs.bench.ts).
 */
async function refusal(text: string): Promise<{ code: string; message: string }> {
  try {
    await importEdition(utf8(text), { name: 'deep.md', from: 'markdown' });
  } catch (error) {
    if (!(error instanceof PalimpsestError)) throw error;
    return { code: error.code, message: error.message };
  }
  return { code: 'none', message: '' };
}

describe('markdownNestingDepth', () => {
  it("refuses the issue's inputs with E_LIMIT (in well under a second: bench/hostile-inputs.bench.ts)", async () => {
    for (const text of markdownNestingAttacks()) {
      const { code, message } = await refusal(text);
      expect(code).toBe('E_LIMIT');
      expect(message).toMatch(/nest more than 100 deep at line \d+.*--from text/);
    }
  });

  it('accepts nesting at the limit, and reads it as micromark does', async () => {
    const text = `${'- '.repeat(MAX_MARKDOWN_NESTING - 1)}deep item\n\nAfter.`;
    expect(markdownNestingDepth(text).depth).toBe(MAX_MARKDOWN_NESTING - 1);
    const edition = await importEdition(utf8(text), { name: 'ok.md', from: 'markdown' });
    // Each enclosing item is a bare marker block, the innermost holds the text; every block maps to its line.
    expect(edition.text).toBe(`${'-\n\n'.repeat(MAX_MARKDOWN_NESTING - 2)}- deep item\n\nAfter.`);
    expect(edition.sourceMap.at(-2)?.source.line).toBe(1);
    expect(edition.sourceMap.at(-1)?.source.line).toBe(3);
  });

  it('does not count a thematic break of many dashes as lists', () => {
    expect(markdownNestingDepth(`${'- '.repeat(500)}\n\ntext`).depth).toBe(0);
    expect(markdownNestingDepth(`> ${'* '.repeat(500)}`).depth).toBe(1);
  });

  it('scans a megabyte of deep lists (in linear time: bench/hostile-inputs.bench.ts)', () => {
    expect(markdownNestingDepth(deepListLines(MAX_MARKDOWN_NESTING)).depth).toBe(MAX_MARKDOWN_NESTING);
  });
});

describe('emphasisWork', () => {
  it('refuses deeply nested and long-unmatched emphasis (quickly: bench/hostile-inputs.bench.ts)', async () => {
    for (const text of emphasisAttacks()) {
      const { code, message } = await refusal(text);
      expect(code).toBe('E_LIMIT');
      expect(message).toContain('emphasis markers');
    }
  });

  it('accepts ordinary emphasis however much of it there is', () => {
    const flat = '*a* **b** _c_ snake_case_name '.repeat(20_000);
    const work = emphasisWork(flat);
    expect(work.work).toBeLessThan(work.allowed);
    const nested = `${'*a '.repeat(50)}x${' b*'.repeat(50)}\n\n`.repeat(200);
    const nestedWork = emphasisWork(nested);
    expect(nestedWork.work).toBeLessThan(nestedWork.allowed);
  });
});
