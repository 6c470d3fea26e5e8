import * as cheerio from 'cheerio';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseText } from '../parse/index.js';
import { expectGolden } from '../testing/golden.js';
import { englishSeries } from '../trace/fixtures/series.js';
import { type TraceEditionInput, type TraceResult, tracePhrase } from '../trace/trace.js';
import { escapeXml, MIN_SLOT, niceScale, renderTraceSvg } from './trace-svg.js';

/**
 * A strict XML well-formedness check (cheerio's xmlMode forgives errors): one root, balanced and properly nested
 * tags, quoted attributes without duplicates, only the five predefined or numeric entities, no raw "<" or "&" in
 * text, and no character XML 1.0 forbids. Throws on the first violation.
 */
function assertWellFormed(xml: string): void {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding forbidden characters is the point.
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(xml)) throw new Error('forbidden character');
  const entities = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;
  const token =
    /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<\/([A-Za-z_][\w.:-]*)\s*>|<([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>|[^<]+|</gy;
  const stack: string[] = [];
  let roots = 0;
  for (let match = token.exec(xml); match !== null && match.index < xml.length; match = token.exec(xml)) {
    const [whole, close, open, attributes, selfClosing] = match;
    if (whole === '<') throw new Error(`stray "<" at ${match.index}`);
    if (whole.startsWith('<!--') || whole.startsWith('<?')) continue;
    if (close !== undefined) {
      if (stack.pop() !== close) throw new Error(`mismatched </${close}> at ${match.index}`);
    } else if (open !== undefined) {
      if (stack.length === 0) roots++;
      const names = [...(attributes ?? '').matchAll(/([A-Za-z_][\w.:-]*)\s*=\s*("[^"]*"|'[^']*')/g)];
      if (new Set(names.map((name) => name[1])).size !== names.length)
        throw new Error(`duplicate attribute in <${open}>`);
      if (names.some((name) => entities.test(name[2] as string))) throw new Error(`bad entity in <${open}>`);
      if (selfClosing !== '/') stack.push(open);
    } else {
      if (entities.test(whole)) throw new Error(`bad "&" in text at ${match.index}`);
      if (stack.length === 0 && whole.trim() !== '') throw new Error('text outside the root');
    }
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.join('>, <')}>`);
  if (roots !== 1) throw new Error(`${roots} root elements`);
}

/** A trace of `n` editions, of which the phrase is in those where `present(i)`. */
function syntheticTrace(n: number, present: (i: number) => number, label = (i: number) => `${2000 + i}`): TraceResult {
  const editions: TraceEditionInput[] = Array.from({ length: n }, (_, i) => ({
    label: label(i),
    document: parseText(`Report\n\n${'The phrase is here. '.repeat(present(i))}Other text.\n`),
  }));
  return tracePhrase(editions, 'phrase');
}

describe('renderTraceSvg', () => {
  const result = tracePhrase(englishSeries(), 'increasingly severe');
  const svg = renderTraceSvg(result);

  it('matches the golden chart of the English series', () => {
    expectGolden(import.meta.url, 'series.svg', svg);
  });

  it('is well-formed XML with an accessible title and description', () => {
    assertWellFormed(svg);
    const $ = cheerio.load(svg, { xml: true });
    const root = $('svg');
    expect(root.attr('xmlns')).toBe('http://www.w3.org/2000/svg');
    expect(root.attr('role')).toBe('img');
    expect(root.attr('aria-labelledby')).toBe('trace-title trace-desc');
    expect(root.children().first().is('title#trace-title')).toBe(true);
    expect($('title#trace-title').text()).toBe('Occurrences of “increasingly severe” per edition');
    expect($('desc#trace-desc').text()).toContain('absent 2017–2018, back in 2019');
    expect($('script, foreignObject, image, use').length).toBe(0);
  });

  it('draws one bar per edition with the phrase, a ring per absent edition, and a label per edition', () => {
    const $ = cheerio.load(svg, { xml: true });
    expect($('rect.bar').length).toBe(3);
    expect(
      $('rect.bar title')
        .map((_, el) => $(el).text())
        .get(),
    ).toEqual([
      '2016 (2016-08-02): 1 occurrence',
      '2019 (2019-09-27): 2 occurrences',
      '2020 (2020-07-14): 2 occurrences',
    ]);
    expect($('circle.gap').length).toBe(2);
    expect(
      $('g.x-labels text')
        .map((_, el) => $(el).text())
        .get(),
    ).toEqual(['2016', '2017', '2018', '2019', '2020']);
    // Bars of equal counts have equal heights, and the taller bar is the larger count.
    const heights = $('rect.bar')
      .map((_, el) => Number($(el).attr('height')))
      .get();
    expect(heights[1]).toBe(heights[2]);
    expect(heights[1]).toBeCloseTo((heights[0] as number) * 2, 0);
  });

  it('stays readable with 120 editions: wider, rotated labels, every label drawn', () => {
    const many = syntheticTrace(
      120,
      (i) => (i % 7 === 3 ? 0 : (i % 5) + 1),
      (i) => `2014-${String(i).padStart(3, '0')}`,
    );
    const chart = renderTraceSvg(many);
    assertWellFormed(chart);
    const $ = cheerio.load(chart, { xml: true });
    expect(Number($('svg').attr('width'))).toBeGreaterThanOrEqual(120 * MIN_SLOT);
    const labels = $('g.x-labels text');
    expect(labels.length).toBe(120);
    expect(labels.first().attr('transform')).toMatch(/^rotate\(-90 /);
    expect($('rect.bar').length).toBe(many.editions.filter((edition) => edition.count > 0).length);
    // Label positions advance by at least MIN_SLOT pixels, so rotated labels do not overlap.
    const xs = labels.map((_, el) => Number($(el).attr('x'))).get();
    for (let i = 1; i < xs.length; i++)
      expect((xs[i] as number) - (xs[i - 1] as number)).toBeGreaterThanOrEqual(MIN_SLOT - 0.1);
  });

  it('keeps labels horizontal for two editions and says so when nothing was found', () => {
    const chart = renderTraceSvg(syntheticTrace(2, () => 0));
    assertWellFormed(chart);
    const $ = cheerio.load(chart, { xml: true });
    expect($('g.x-labels text').first().attr('transform')).toBeUndefined();
    expect($('rect.bar').length).toBe(0);
    expect($('desc').text()).toContain('not found in any edition');
  });

  it('escapes every text, whatever the phrase, labels and title hold', () => {
    const hostile = fc.string({ unit: 'binary', maxLength: 30 });
    fc.assert(
      fc.property(hostile, hostile, fc.integer({ min: 1, max: 12 }), (label, title, n) => {
        const trace = syntheticTrace(
          n,
          (i) => i % 2,
          (i) => `${label}${i}`,
        );
        const chart = renderTraceSvg({ ...trace, phrase: title }, { title });
        assertWellFormed(chart);
        const $ = cheerio.load(chart, { xml: true });
        expect($('g.x-labels text').length).toBe(n);
        expect($('script').length).toBe(0);
      }),
      { numRuns: 60 },
    );
  });
});

describe('escapeXml', () => {
  it('escapes markup and drops characters XML forbids', () => {
    expect(escapeXml(`<a href="x">&'</a>\u0001\uffff\ud800`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;');
    expect(escapeXml('安全 😀')).toBe('安全 😀');
  });
});

describe('niceScale', () => {
  it('steps by 1, 2 or 5 times a power of ten, with the axis reaching the largest count', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (most) => {
        const { step, max } = niceScale(most);
        expect(max).toBeGreaterThanOrEqual(most);
        expect(max / step).toBeLessThanOrEqual(10);
        const mantissa = step / 10 ** Math.floor(Math.log10(step));
        expect([1, 2, 5]).toContain(Math.round(mantissa));
      }),
    );
    expect(niceScale(0)).toEqual({ step: 1, max: 1 });
    expect(niceScale(7)).toEqual({ step: 2, max: 8 });
  });
});
