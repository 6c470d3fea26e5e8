import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { compareDocuments, compareTexts } from '../compare/compare.js';
import { codeOf } from '../errors/code-of.fixture.js';
import type { Comparison } from '../model/comparison.js';
import { parseText } from '../parse/text.js';
import { understateZipEntry } from '../testing/hostile-inputs.js';
import { importDocx } from './docx.js';
import { inflateEntry, readZipDirectory } from './docx-zip.js';
import { DEFAULT_LIMITS, type ImportLimits } from './types.js';

const fixture = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(new URL(`./fixtures/docx/${name}`, import.meta.url)));
const sample = (year: string): string =>
  readFileSync(new URL(`../../examples/bluebook/${year}-ch3-s1.txt`, import.meta.url), 'utf8');

const run = (bytes: Uint8Array, limits: Partial<ImportLimits> = {}) =>
  importDocx(bytes, { name: 'test.docx', limits: { ...DEFAULT_LIMITS, ...limits } });

/** Every pair of a comparison is unchanged, or changed only cosmetically. */
function unchangedOrCosmetic(comparison: Comparison): string[] {
  return comparison.pairs
    .filter((pair) => pair.relation !== 'unchanged' && pair.significance !== 'none' && pair.significance !== 'cosmetic')
    .map((pair) => `${pair.level} ${pair.relation} ${pair.significance}: ${pair.old?.text ?? pair.new?.text}`);
}

/** The raw XML of one part, to check what the text runs hold. */
function part(bytes: Uint8Array, name: string): string {
  const entry = readZipDirectory(bytes, 'x').find((candidate) => candidate.name === name);
  if (!entry) throw new Error(`no ${name}`);
  return new TextDecoder().decode(inflateEntry(bytes, entry, { remaining: 1e8, limit: 1e8, deadline: Infinity }, 'x'));
}

describe('importDocx: the Bluebook sample', () => {
  for (const year of ['2020', '2022']) {
    it(`extracts the ${year} edition so that it compares as unchanged/cosmetic with the .txt`, async () => {
      const edition = await run(fixture(`bluebook-${year}.docx`));
      expect(edition.format).toBe('docx');
      const comparison = compareTexts(sample(year), edition.text);
      expect(unchangedOrCosmetic(comparison)).toEqual([]);
      expect(comparison.summary.blocks.inserted + comparison.summary.blocks.deleted).toBe(0);
    });
  }

  it('still compares unchanged with the .txt when the parser follows the hints', async () => {
    for (const [docx, text] of [
      [fixture('bluebook-2020.docx'), sample('2020')],
      [fixture('bluebook-2022.docx'), sample('2022')],
      [fixture('ja-law.docx'), readFileSync(new URL('./fixtures/docx/ja-law.txt', import.meta.url), 'utf8')],
    ] as const) {
      const edition = await run(docx);
      const comparison = compareDocuments(parseText(text), parseText(edition.text, { hints: edition.hints }));
      expect(unchangedOrCosmetic(comparison)).toEqual([]);
      expect(comparison.pairs.filter((pair) => pair.old && pair.new && pair.old.kind !== pair.new.kind)).toEqual([]);
    }
  });

  it('recovers the "(1)", "(2)", "(3)" labels from numbering.xml (they are not in the text runs)', async () => {
    const bytes = fixture('bluebook-2020.docx');
    const xml = part(bytes, 'word/document.xml');
    expect(xml).toContain('Proactive Contribution to Peace');
    expect(xml).not.toMatch(/\(1\)|\(2\)|\(3\)/);
    expect(part(bytes, 'word/numbering.xml')).toContain('(%1)');
    const { text } = await run(bytes);
    expect(text).toContain('\n\n(1) “Proactive Contribution to Peace” Based on');
    expect(text).toContain('\n\n(2) Enforcement of the “Legislation for Peace and Security,”');
    expect(text).toContain('\n\n(3) Territorial Integrity\n\n');
    expect(text).toContain('\n\n1 National Security Initiatives\n\n');
  });

  it('gives heading hints with levels from the Heading styles, a caption hint, and no hint to the Title', async () => {
    const edition = await run(fixture('bluebook-2022.docx'));
    const hinted = edition.hints.map((hint) => [hint.kind, hint.level, edition.text.slice(hint.start, hint.end)]);
    expect(hinted).toContainEqual(['heading', 1, 'Chapter 3']);
    expect(hinted).toContainEqual(['heading', 2, expect.stringMatching(/^Section 1 Efforts/)]);
    expect(hinted).toContainEqual(['heading', 4, '(2) Territorial integrity']);
    expect(hinted).toContainEqual([
      'heading',
      4,
      "Fifth Anniversary of the Enforcement of Japan's Legislation for Peace and Security",
    ]);
    expect(hinted.filter(([kind]) => kind === 'caption')).toHaveLength(1);
    expect(edition.hints.some((hint) => hint.start === 0)).toBe(false);
    expect(edition.text.startsWith('Diplomatic Bluebook 2022\n\n')).toBe(true);
  });

  it('maps every block to its paragraph index, spans sorted and exactly covering the blocks', async () => {
    const edition = await run(fixture('bluebook-2022.docx'));
    const blocks = edition.text.split('\n\n');
    expect(edition.sourceMap).toHaveLength(blocks.length);
    edition.sourceMap.forEach((span, index) => {
      expect(edition.text.slice(span.start, span.end)).toBe(blocks[index]);
      expect(span.source.paragraph).toBe(index);
    });
    expect(edition.provenance.size).toBe(fixture('bluebook-2022.docx').length);
    expect(edition.provenance.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('importDocx: Japanese numbering', () => {
  it('formats 第%1条 in japaneseCounting and compares unchanged/cosmetic with the same excerpt as text', async () => {
    const edition = await run(fixture('ja-law.docx'));
    expect(edition.text).toContain('\n\n第一条\u3000この法律は、');
    expect(edition.text).toContain('\n\n第二条\u3000この法律において');
    expect(edition.text).toContain('\n\n一\u3000他人の商品等表示');
    expect(edition.text).toContain('\n\n三\u3000他人の商品の形態');
    const text = readFileSync(new URL('./fixtures/docx/ja-law.txt', import.meta.url), 'utf8');
    expect(unchangedOrCosmetic(compareTexts(text, edition.text))).toEqual([]);
  });
});

describe('importDocx: tables, footnotes, lists, hidden text', () => {
  it('writes one block per table row, bullets as list items, footnotes after the body, and drops hidden runs', async () => {
    const edition = await run(fixture('table-footnote.docx'));
    expect(edition.text.split('\n\n')).toEqual([
      'Official Development Assistance',
      'Japan disbursed the amounts below.',
      'Region | 2020 | 2022',
      'Asia | 1,200 | 1,350',
      'Africa | 800 | 910',
      '• Grant aid',
      '• Loan aid',
      '1 Figures are provisional.',
    ]);
    expect(edition.hints.map((hint) => hint.kind)).toEqual([
      'heading',
      'tableRow',
      'tableRow',
      'tableRow',
      'listItem',
      'listItem',
      'paragraph',
    ]);
    // Rows map to their first cell's paragraph; the footnote to the paragraph that references it.
    expect(edition.sourceMap.map((span) => span.source.paragraph)).toEqual([0, 1, 2, 5, 8, 11, 12, 1]);
  });
});

describe('importDocx: limits and damaged input', () => {
  it('refuses the zip bomb (300 MB declared) from its directory, without inflating it', async () => {
    const bytes = fixture('zip-bomb.docx');
    // The message proves the refusal came from the directory, before anything was inflated; how long it takes is
    // measured by bench/hostile-inputs.bench.ts.
    await expect(run(bytes)).rejects.toMatchObject({
      code: 'E_LIMIT',
      message: expect.stringMatching(/declares 314572800 bytes/),
    });
  });

  it('refuses a zip bomb that lies about its size, while inflating', async () => {
    // The declared size patched to 1000 bytes in the central directory (the local header defers to a descriptor).
    const bytes = understateZipEntry(fixture('zip-bomb.docx'), 'word/document.xml', 1000);
    expect(
      readZipDirectory(bytes, 'x').find((candidate) => candidate.name === 'word/document.xml')?.uncompressedSize,
    ).toBe(1000);
    // The message proves inflating stopped past the declared 1000 bytes, not at the end of the 300 MB.
    await expect(run(bytes)).rejects.toMatchObject({
      code: 'E_LIMIT',
      message: expect.stringMatching(/beyond its declared 1000 bytes/),
    });
  });

  it('counts every part against the decompression limit', async () => {
    expect(await codeOf(run(fixture('bluebook-2020.docx'), { maxDecompressedBytes: 20_000 }))).toBe('E_LIMIT');
  });

  it('refuses inputs over the size limit, truncated files, non-ZIP bytes and ZIPs without a document', async () => {
    expect(await codeOf(run(fixture('bluebook-2020.docx'), { maxBytes: 1000 }))).toBe('E_TOO_LARGE');
    expect(await codeOf(run(fixture('truncated.docx')))).toBe('E_CORRUPT');
    expect(await codeOf(run(new TextEncoder().encode('plain text, not a zip at all')))).toBe('E_CORRUPT');
    const noDocument = zipSync({ 'xl/workbook.xml': new TextEncoder().encode('<workbook/>') });
    expect(await codeOf(run(noDocument))).toBe('E_CORRUPT');
  });

  it('names the file in a one-line message', async () => {
    await expect(
      importDocx(fixture('truncated.docx'), { name: 'edition.docx', limits: DEFAULT_LIMITS }),
    ).rejects.toThrow(/^'edition\.docx' [^\n]+$/);
  });

  it('stops with E_TIMEOUT when the time budget is spent', async () => {
    expect(await codeOf(run(fixture('bluebook-2020.docx'), { timeoutMs: -1 }))).toBe('E_TIMEOUT');
  });

  it('reads a package whose XML parts are stored (not deflated), with other prefixes bound to the same namespace', async () => {
    const encode = (text: string) => new TextEncoder().encode(text);
    const documentXml =
      '<?xml version="1.0"?><x:document xmlns:x="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
      '<x:body><x:p><x:r><x:t xml:space="preserve">Hello &amp; </x:t></x:r><x:r><x:t>world</x:t></x:r></x:p></x:body></x:document>';
    const bytes = zipSync({ 'word/document.xml': [encode(documentXml), { level: 0 }] });
    const edition = await run(bytes);
    expect(edition.text).toBe('Hello & world');
  });
});

describe('importDocx: fuzz (fast-check)', () => {
  /**
   * Import and classify: a result, or a coded PalimpsestError; anything else fails the property. A hang is caught by
   * the time budget (E_TIMEOUT) and the test's timeout; time per input is measured by bench/fuzz.bench.ts.
   */
  async function classify(bytes: Uint8Array): Promise<string> {
    return codeOf(run(bytes, { maxDecompressedBytes: 4 * 1024 * 1024, timeoutMs: 2000 }));
  }

  it('random bytes give only coded errors', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), async (bytes) => {
        expect(await classify(bytes)).toMatch(/^(no error|E_[A-Z_]+)$/);
      }),
      { numRuns: 200 },
    );
  });

  it('truncations and byte flips of a real DOCX give a result or a coded error, in bounded time', async () => {
    const original = fixture('bluebook-2020.docx');
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.nat({ max: original.length }).map((length) => original.slice(0, length)),
          fc
            .array(fc.tuple(fc.nat({ max: original.length - 1 }), fc.integer({ min: 1, max: 255 })), {
              minLength: 1,
              maxLength: 8,
            })
            .map((flips) => {
              const copy = original.slice();
              for (const [at, mask] of flips) copy[at] = (copy[at] as number) ^ mask;
              return copy;
            }),
        ),
        async (bytes) => {
          expect(await classify(bytes)).toMatch(/^(no error|E_[A-Z_]+)$/);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('mutated document.xml (stored, so the XML itself is hostile) gives a result or a coded error', async () => {
    const xml = part(fixture('table-footnote.docx'), 'word/document.xml');
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: xml.length }),
        fc.nat({ max: 200 }),
        fc.string({ maxLength: 20, unit: fc.constantFrom('<', '>', '/', '"', 'w:p', 'w:t', 'w:tbl', '&', 'x', ' ') }),
        async (at, cut, insert) => {
          const mutated = xml.slice(0, at) + insert + xml.slice(Math.min(xml.length, at + cut));
          const bytes = zipSync({ 'word/document.xml': [new TextEncoder().encode(mutated), { level: 0 }] });
          expect(await classify(bytes)).toMatch(/^(no error|E_[A-Z_]+)$/);
        },
      ),
      { numRuns: 200 },
    );
  });
});
