import { describe, expect, it } from 'vitest';
import { codeOf } from '../errors/code-of.fixture.js';
import { isPalimpsestError } from '../errors/errors.js';
import { assertWithinCapacity, countContentLines, importEdition, resolveLimits } from './index.js';
import { DEFAULT_LIMITS } from './types.js';

const encode = (text: string) => new TextEncoder().encode(text);

describe('countContentLines', () => {
  it('counts the lines holding something other than white space, whatever the line ends', () => {
    expect(countContentLines('')).toBe(0);
    expect(countContentLines('\n \n\t\n')).toBe(0);
    expect(countContentLines('a')).toBe(1);
    expect(countContentLines('a\n\nb\r\nc\rd\n')).toBe(4);
    expect(countContentLines('  a  \n\u3000\n\u00a0b')).toBe(2);
  });
});

describe('the engine capacity limits (issue 9 item 3)', () => {
  it('are part of the default limits, and can be lowered like the others', () => {
    expect(DEFAULT_LIMITS.maxCharacters).toBe(4 * 1024 * 1024);
    expect(DEFAULT_LIMITS.maxLines).toBe(50_000);
    expect(resolveLimits({ maxLines: 3 })).toMatchObject({ maxLines: 3, maxCharacters: DEFAULT_LIMITS.maxCharacters });
  });

  it('refuse text over maxCharacters with E_LIMIT, naming the count and the limit, before parsing', async () => {
    const work = importEdition(encode('One sentence. Another one.'), {
      name: 'big.txt',
      limits: { maxCharacters: 10 },
    });
    await expect(work).rejects.toSatisfy(
      (error) =>
        isPalimpsestError(error) &&
        error.code === 'E_LIMIT' &&
        /'big\.txt'.*26 characters, more than the 10 .*maxCharacters/.test(error.message),
    );
  });

  it('refuse text over maxLines with E_LIMIT in every format, Markdown and HTML included', async () => {
    const lines = Array.from({ length: 6 }, (_, i) => `line ${i}`);
    const limits = { maxLines: 5 };
    expect(await codeOf(importEdition(encode(lines.join('\n')), { name: 'a.txt', limits }))).toBe('E_LIMIT');
    expect(await codeOf(importEdition(encode(lines.join('\n\n')), { name: 'a.txt', limits }))).toBe('E_LIMIT');
    const markdown = `# Title\n\n${lines.map((l) => `- ${l}`).join('\n')}\n`;
    expect(await codeOf(importEdition(encode(markdown), { name: 'a.md', limits }))).toBe('E_LIMIT');
    const html = `<!doctype html><html><body><main>${lines.map((l) => `<p>${l} of a page.</p>`).join('')}</main></body></html>`;
    expect(await codeOf(importEdition(encode(html), { name: 'a.html', limits }))).toBe('E_LIMIT');
    // At the limit exactly, and blank lines never count.
    expect(await codeOf(importEdition(encode(lines.slice(0, 5).join('\n\n\n')), { name: 'a.txt', limits }))).toBe(
      'no error',
    );
  });

  it('let text at the default limits through: 50,000 short lines are imported, 50,001 refused', () => {
    const lines = Array.from({ length: 50_001 }, (_, i) => `l${i % 10}`);
    expect(() => assertWithinCapacity(lines.slice(1).join('\n'), 'a.txt', DEFAULT_LIMITS)).not.toThrow();
    expect(() => assertWithinCapacity(lines.join('\n'), 'a.txt', DEFAULT_LIMITS)).toThrow(/50001 non-blank lines/);
  });
});
