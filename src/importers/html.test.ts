import { describe, expect, it } from 'vitest';
import { compareTexts } from '../compare/compare.js';
import { isPalimpsestError } from '../errors/errors.js';
import { nestedHtml } from '../testing/hostile-inputs.js';
import { expectWellFormed, fixture, run, sample, slice, utf8 } from './html.fixture.js';
import { MAX_NESTING_DEPTH } from './html.js';

/** Encode `text` in a legacy encoding by inverting TextDecoder over one- and two-byte sequences (Node cannot encode). */
function encodeLegacy(text: string, encoding: string): Uint8Array {
  const decoder = new TextDecoder(encoding);
  const table = new Map<string, number[]>();
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      const character = decoder.decode(new Uint8Array([lead, trail]));
      if (character.length === 1 && character !== '\ufffd' && !table.has(character))
        table.set(character, [lead, trail]);
    }
  }
  const out: number[] = [];
  for (const character of text) {
    const code = character.charCodeAt(0);
    if (code < 0x80) out.push(code);
    else out.push(...(table.get(character) ?? [0x3f]));
  }
  return new Uint8Array(out);
}

describe('importHtml on the Bluebook sample rendered as MOFA pages', () => {
  for (const year of ['2020', '2022']) {
    it(`extracts the ${year} edition so it compares unchanged or cosmetic against the .txt`, async () => {
      const edition = await run(fixture(`bluebook-${year}.html`));
      expectWellFormed(edition);
      expect(edition.format).toBe('html');
      expect(edition.encoding).toBe('utf-8');
      const comparison = compareTexts(sample(year), edition.text);
      for (const pair of comparison.pairs) {
        expect(['unchanged', 'modified']).toContain(pair.relation);
        if (pair.level === 'section') {
          // The engine rates a section "minor" whenever its blocks differ at all; the headings themselves must match.
          expect(pair.heading?.labelChanged ?? false).toBe(false);
          expect(pair.heading?.titleChanged ?? false).toBe(false);
          expect(pair.old?.text).toBe(pair.new?.text);
        } else {
          expect(['none', 'cosmetic']).toContain(pair.significance);
        }
      }
      expect(comparison.summary.blocks.inserted + comparison.summary.blocks.deleted).toBe(0);
      expect(comparison.summary.sentences.inserted + comparison.summary.sentences.deleted).toBe(0);
    });
  }

  it('drops the site furniture and keeps the page structure as hints', async () => {
    const edition = await run(fixture('bluebook-2022.html'));
    for (const noise of [
      'Skip to main',
      'Foreign Policy',
      'Search',
      'Page Top',
      'Site Policy',
      'not content',
      'Book:',
    ]) {
      expect(edition.text).not.toContain(noise);
    }
    expect(edition.text).not.toMatch(/Back \| Index/);
    expect(edition.text).not.toContain('enable JavaScript');
    const headings = edition.hints.filter((h) => h.kind === 'heading').map((h) => [slice(edition, h), h.level]);
    expect(headings).toEqual([
      ['Diplomatic Bluebook 2022', 1],
      ['Chapter 3', 2],
      ['Japan Strengthening Its Presence in the International Community', 2],
      ['Section 1 Efforts for Peace and Stability of Japan and the International Community', 3],
      ['1 National Security Initiatives', 4],
      ['(1) Security Environment Surrounding Japan', 5],
      ['(2) Territorial integrity', 5],
      ["Fifth Anniversary of the Enforcement of Japan's Legislation for Peace and Security", 4],
    ]);
    const captions = edition.hints.filter((h) => h.kind === 'caption').map((h) => slice(edition, h));
    expect(captions).toEqual([
      'Japan-Australia joint exercise “Trident”\n(November. Photo: Ministry of Defense)',
      'Headquarter personnel deployed to MFO\n(Photo: PKO Secretariat)',
    ]);
    const boxes = edition.hints.filter((h) => h.kind === 'box').map((h) => slice(edition, h));
    expect(boxes).toHaveLength(6);
    expect(boxes[0]).toMatch(/^One of the most important responsibilities/);
    // The <br> inside the first paragraph is a line break within the block; entities are decoded.
    expect(edition.text).toContain('than ever before.\nChanges in the balance of power in the international arena');
    expect(edition.text).toContain("(for Japan's Legislation for Peace and Security, see the Special Feature");
    const first = edition.sourceMap.find((s) => slice(edition, s).startsWith('The security environment'));
    expect(first?.source.element).toBe('div:nth-of-type(3) > div:nth-of-type(2) > p:nth-of-type(1)');
  });
});

describe('importHtml encodings', () => {
  it('decodes a windows-1252 page with curly quotes and dashes (which Node 20 TextDecoder loses)', async () => {
    const head = utf8('<html><head><meta charset="windows-1252"></head><body><main><p>');
    const body = new Uint8Array([0x93, 0x50, 0x65, 0x61, 0x63, 0x65, 0x94, 0x20, 0x97, 0x20, 0x80, 0x35]);
    const tail = utf8('</p></main></body></html>');
    const bytes = new Uint8Array([...head, ...body, ...tail]);
    const edition = await run(bytes);
    expect(edition.encoding).toBe('windows-1252');
    expect(edition.text).toContain('\u201cPeace\u201d \u2014 \u20ac5');
  });

  const excerpt = new TextDecoder().decode(fixture('egov-excerpt.txt')).trimEnd();

  it('reads a Shift_JIS page declared only by <meta charset> as the UTF-8 excerpt', async () => {
    const edition = await run(fixture('egov-shift_jis.html'));
    expect(edition.encoding).toBe('shift_jis');
    expect(edition.text).toBe(excerpt);
    expect(edition.diagnostics).toEqual([]);
    expect(compareTexts(excerpt, edition.text).summary.significance).toMatchObject({ minor: 0, substantive: 0 });
  });

  it('reads EUC-JP from the Content-Type charset, which wins over a wrong <meta>', async () => {
    const html = `<html><head><meta charset="utf-8"></head><body><main><h1>不正競争防止法</h1><p>第一条　この法律は、目的とする。</p></main></body></html>`;
    const edition = await run(encodeLegacy(html, 'euc-jp'), { contentType: 'text/html; charset=EUC-JP' });
    expect(edition.encoding).toBe('euc-jp');
    expect(edition.text).toBe('不正競争防止法\n\n第一条　この法律は、目的とする。');
  });

  it('honours http-equiv Content-Type, a BOM over <meta>, and guesses when nothing is declared', async () => {
    const body =
      '<main><p>日本国憲法　第一条　天皇は、日本国の象徴であり日本国民統合の象徴であつて、この地位は、主権の存する日本国民の総意に基く。</p></main>';
    const equiv = `<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">${body}`;
    expect((await run(encodeLegacy(equiv, 'shift_jis'))).encoding).toBe('shift_jis');
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(`<meta charset="shift_jis">${body}`)]);
    const fromBom = await run(bom);
    expect(fromBom.encoding).toBe('utf-8');
    expect(fromBom.text).toContain('天皇は');
    const guessed = await run(encodeLegacy(body.repeat(3), 'euc-jp'));
    expect(guessed.encoding).toBe('euc-jp');
    expect(guessed.text).toContain('天皇は');
    // The guess is said so, naming the first byte that ruled UTF-8 out (after the ASCII <main><p>).
    expect(guessed.diagnostics.find((d) => d.code === 'encoding-guess')?.message).toMatch(
      /decoded as euc-jp, a guess from the first byte that is not UTF-8, at byte offset 9 /,
    );
  });

  it('reads an ISO-2022-JP page declared by <meta charset> (encoding-sniffer ignores the label: docs/decisions/0007)', async () => {
    // ISO-2022-JP is 7-bit: ESC $ B switches to JIS X 0208, ESC ( B back to ASCII; 0x46 0x7C 0x4B 0x5C is 日本.
    const japan = [0x1b, 0x24, 0x42, 0x46, 0x7c, 0x4b, 0x5c, 0x1b, 0x28, 0x42];
    const bytes = new Uint8Array([...utf8('<meta charset="iso-2022-jp"><main><p>'), ...japan, ...utf8('</p></main>')]);
    const edition = await run(bytes);
    expect(edition.encoding).toBe('iso-2022-jp');
    expect(edition.text).toBe('日本');
  });

  it('reports the first undecodable byte offset instead of replacing silently', async () => {
    const bytes = new Uint8Array([...utf8('<meta charset="utf-8"><p>ab'), 0xff, ...utf8('cd</p>')]);
    const edition = await run(bytes);
    expect(edition.text).toBe('ab\ufffdcd');
    expect(edition.diagnostics.map((d) => d.code)).toContain('undecodable-bytes');
    expect(edition.diagnostics.find((d) => d.code === 'undecodable-bytes')?.message).toMatch(/^byte 27 /);
  });
});

describe('importHtml extraction', () => {
  it('keeps a table row whose first cells are empty without leading white space', async () => {
    const edition = await run(utf8('<table><tr><td></td><td>!</td></tr></table><p>After the table.</p>'));
    expect(edition.text.startsWith('| !')).toBe(true);
    expect(edition.text).toBe(edition.text.trim());
  });

  it('handles malformed markup, nested inline markup, entities, scripts, hidden text, lists and tables', async () => {
    const html = `<title>T</title><style>p { color: red }</style>
      <body><main>
      <h2>Overview</h2>
      <p>One <b>bold <i>and italic</b> text</i> &amp; &ldquo;quotes&rdquo;&nbsp;here &hellip;
      <p>Unclosed paragraph<br>with a break<br><br>and a new block
      <script>document.write('<p>injected</p>')</script><noscript>no script</noscript>
      <div>direct <span hidden>secret</span>text<div>inner</div></div>
      <p style="display: none">hidden paragraph</p><p aria-hidden="true">aria hidden</p>
      <ul><li>first item<li>second <a href="#">linked</a> item</ul>
      <table><caption>Budget</caption><thead><tr><th>Year<th>Amount</thead>
        <tbody><tr><td>2020<td>1,000<br>yen<tr><td><td></tbody></table>
      <p><ruby>漢<rp>(</rp><rt>かん</rt><rp>)</rp></ruby>字</p>
      <pre>  line one
    line two</pre>
      </div></span></main><footer>site footer</footer>`;
    const edition = await run(utf8(html));
    expectWellFormed(edition);
    expect(edition.text).toBe(
      [
        'Overview',
        'One bold and italic text & “quotes”\u00a0here …',
        'Unclosed paragraph\nwith a break',
        'and a new block',
        'direct text',
        'inner',
        'first item',
        'second linked item',
        'Budget',
        'Year | Amount',
        '2020 | 1,000 yen',
        '漢字',
        'line one\n    line two',
      ].join('\n\n'),
    );
    const kinds = edition.hints.map((h) => [slice(edition, h), h.kind]);
    expect(kinds).toEqual([
      ['Overview', 'heading'],
      ['first item', 'listItem'],
      ['second linked item', 'listItem'],
      ['Budget', 'caption'],
      ['Year | Amount', 'tableRow'],
      ['2020 | 1,000 yen', 'tableRow'],
    ]);
    const row = edition.sourceMap.find((s) => slice(edition, s) === '2020 | 1,000 yen');
    expect(row?.source.element).toBe('main > table > tbody > tr:nth-of-type(1)');
  });

  it('marks asides, boxes and figures, joins a Japanese article caption to its article', async () => {
    const html = `<main><article>
      <h3>Topic</h3><p>Body text of the article that is long enough to be the main part of the page here.</p>
      <aside><p>An aside with real text in it.</p></aside>
      <figure><img src="a.jpg" alt="alt text"><figcaption>A photo (Photo: MOFA)</figcaption></figure>
      <p class="credit">Source: Cabinet Office</p>
      <div class="ArticleCaption">（目的）</div><div>第一条　この法律は、目的とする。</div>
    </article></main>`;
    const edition = await run(utf8(html));
    expectWellFormed(edition);
    const kinds = edition.hints.map((h) => [slice(edition, h), h.kind]);
    expect(kinds).toEqual([
      ['Topic', 'heading'],
      ['An aside with real text in it.', 'box'],
      ['A photo (Photo: MOFA)', 'caption'],
      ['Source: Cabinet Office', 'caption'],
    ]);
    expect(edition.text).not.toContain('alt text');
    expect(edition.text.endsWith('（目的）\n第一条　この法律は、目的とする。')).toBe(true);
    expect(edition.sourceMap.slice(-2).map((s) => s.source.element)).toEqual([
      'main > article > div:nth-of-type(1)',
      'main > article > div:nth-of-type(2)',
    ]);
  });

  it('falls back to Readability when the markup has no main content signal, keeping original element paths', async () => {
    const paragraph = (n: number): string =>
      `<p>Paragraph ${n} of the report explains, at some length and with care, how the policy changed this year, ` +
      'why the ministry chose the new approach, and what the partners said about it in their replies.</p>';
    const html = `<body><div class="top"><a href="/">Home</a> <a href="/a">About</a> <a href="/b">Contact</a></div>
      <div class="wrap"><div class="links"><a href="/1">Link one</a><br><a href="/2">Link two</a><br><a href="/3">Link three</a></div>
      <div class="text">${[1, 2, 3, 4, 5].map(paragraph).join('')}</div></div></body>`;
    const edition = await run(utf8(html));
    expectWellFormed(edition);
    expect(edition.diagnostics.map((d) => d.message)).toContain(
      'no main/article/#contents element: Readability chose the main content',
    );
    expect(edition.text).toMatch(/^Paragraph 1 of the report/);
    expect(edition.text).toContain('Paragraph 5 of the report');
    expect(edition.text).not.toContain('Link one');
    expect(edition.text).not.toContain('Contact');
    expect(edition.sourceMap[1]?.source.element).toBe('div:nth-of-type(2) > div:nth-of-type(2) > p:nth-of-type(2)');
  });
});

describe('importHtml limits and bad input', () => {
  const codeOf = async (promise: Promise<unknown>): Promise<string> => {
    try {
      await promise;
      return 'resolved';
    } catch (error) {
      if (!isPalimpsestError(error)) throw error;
      expect(error.message).toContain("'page.html'");
      expect(error.message).not.toContain('\n');
      return error.code;
    }
  };

  it('refuses oversized input, spent time budgets, empty pages and hostile nesting with coded errors', async () => {
    expect(await codeOf(run(utf8('<p>0123456789</p>'), { limits: { maxBytes: 5 } }))).toBe('E_TOO_LARGE');
    expect(await codeOf(run(fixture('bluebook-2022.html'), { limits: { timeoutMs: 0 } }))).toBe('E_TIMEOUT');
    expect(await codeOf(run(utf8('<nav><a href="/">Home</a></nav><script>x</script>')))).toBe('E_EMPTY');
    expect(await codeOf(run(new Uint8Array(0)))).toBe('E_EMPTY');
    // How long the refusal takes is measured by bench/hostile-inputs.bench.ts.
    expect(await codeOf(run(utf8(nestedHtml(MAX_NESTING_DEPTH + 100))))).toBe('E_LIMIT');
  });
});
