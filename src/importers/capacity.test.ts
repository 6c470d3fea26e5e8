import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { codeOf } from '../errors/code-of.fixture.js';
import { isPalimpsestError } from '../errors/errors.js';
import { assertWithinCapacity, countContentLines, importEdition, resolveLimits } from './index.js';
import { estimateHtmlCharacters, estimateSourceCharacters } from './source-estimate.js';
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

  it('counts as a character-by-character reading does (the lines are found with indexOf)', () => {
    /** The count read one character at a time: a line has content when a character is not blank. */
    const reference = (text: string): number => {
      let lines = 0;
      let content = false;
      for (const char of text) {
        if (char === '\n' || char === '\r') {
          if (content) lines++;
          content = false;
        } else if (!' \t\f\v\u00a0\u3000'.includes(char)) content = true;
      }
      return content ? lines + 1 : lines;
    };
    const text = fc
      .array(fc.constantFrom(' ', '\t', '\n', '\r', '\f', '\v', '\u00a0', '\u3000', 'a', '字'), { maxLength: 40 })
      .map((chars) => chars.join(''));
    fc.assert(
      fc.property(text, (sample) => {
        expect(countContentLines(sample)).toBe(reference(sample));
      }),
      { numRuns: 2000 },
    );
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
      limits: { maxCharacters: 20 },
    });
    await expect(work).rejects.toSatisfy(
      (error) =>
        isPalimpsestError(error) &&
        error.code === 'E_LIMIT' &&
        /'big\.txt'.*26 characters, more than the 20 .*PALIMPSEST_MAX_CHARACTERS/.test(error.message),
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

describe('sources far over the capacity are refused before their importer parses them', () => {
  afterEach(() => {
    delete process.env.PALIMPSEST_MAX_CHARACTERS;
    delete process.env.PALIMPSEST_MAX_LINES;
  });

  it('estimate the text of a source from its bytes: characters, not bytes; HTML without its markup', () => {
    expect(estimateSourceCharacters(encode('Größe 日本'))).toBe(8);
    const html =
      '<!doctype html><html><head><style>p { color: red }</style><script>var x = "<p>";</script></head>' +
      '<body><!-- a <p>comment</p> --><p class="x">A &amp; B&#12354;</p>\n  <p>日本</p></body></html>';
    expect(estimateHtmlCharacters(encode(html))).toBe('A&B'.length + 1 + 2);
    expect(estimateSourceCharacters(new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0x42, 0x00]))).toBe(3);
  });

  it('refuse Markdown and HTML sources more than twice maxCharacters with E_LIMIT saying how to raise it', async () => {
    const paragraph = 'Some words of a paragraph. '.repeat(4);
    const markdown = `# Title\n\n${paragraph}\n\n${paragraph}\n`;
    const html = `<html><body><main><p>${paragraph}</p><p>${paragraph}</p></main></body></html>`;
    const limits = { maxCharacters: 50 };
    for (const [from, source, what] of [
      ['markdown', markdown, 'Markdown source has'],
      ['html', html, 'HTML page has text of'],
      ['text', markdown, 'text has'],
    ] as const) {
      await expect(importEdition(encode(source), { name: 'a', from, limits })).rejects.toSatisfy(
        (error) =>
          isPalimpsestError(error) &&
          error.code === 'E_LIMIT' &&
          error.message.includes(`its ${what} about`) &&
          error.message.includes('PALIMPSEST_MAX_CHARACTERS'),
      );
    }
    // Markup does not count against an HTML page: text within the bound passes the early check.
    const marked = `<html><body><main><p class="${'x'.repeat(400)}">Short text.</p></main></body></html>`;
    expect(await codeOf(importEdition(encode(marked), { name: 'b.html', limits }))).toBe('no error');
  });

  it('are raised or lowered for every import by PALIMPSEST_MAX_CHARACTERS and PALIMPSEST_MAX_LINES', async () => {
    process.env.PALIMPSEST_MAX_CHARACTERS = '10';
    expect(resolveLimits(undefined).maxCharacters).toBe(10);
    expect(await codeOf(importEdition(encode('One sentence. Another one.'), { name: 'a.txt' }))).toBe('E_LIMIT');
    // Options given by the caller win over the environment.
    expect(resolveLimits({ maxCharacters: 99 }).maxCharacters).toBe(99);
    process.env.PALIMPSEST_MAX_LINES = 'many';
    expect(await codeOf(importEdition(encode('text'), { name: 'a.txt' }))).toBe('E_USAGE');
  });
});
