/**
 * The web app end to end in Debian's Chromium, against the real server on a loopback port over a temporary SQLite
 * store with the Bluebook sample loaded. The built app (dist/web) is rebuilt first when missing or stale (harness.ts).
 * Screenshots go to test-artifacts/e2e/ (gitignored). Without /usr/bin/chromium the tests skip with a message, and
 * fail in CI (CI=true), where the browser must be installed.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Comparison } from '../../src/model/comparison.js';
import { startServer } from '../../src/server/serve.js';
import {
  browserTestsRun,
  ensureWebBuild,
  launchBrowser,
  REPO_ROOT,
  startSampleServer,
  type TestServer,
  uploadText,
  WEB_ROOT,
} from './harness.js';
import { type SyntheticPair, syntheticPair } from './synthetic-series.js';

const ARTIFACTS = join(REPO_ROOT, 'test-artifacts', 'e2e');
const browserRuns = browserTestsRun('web e2e');

const FEES =
  'Harbour fees are set every year by the port authority after consulting the shipping companies that call at the port regularly.';
const PILOTS =
  'Pilots must board every vessel longer than eighty metres before it enters the inner channel of the harbour.';
const CARGO =
  'Cargo that is declared dangerous is stored in the eastern yard, away from the passenger terminal and the fuel depot.';
const BOATS = 'Fishing boats moor at the northern quay, where ice and fresh water are available throughout the night.';

const HOSTILE_LINES = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '[x](javascript:alert(1))'];

/**
 * Markdown with a javascript: link, raw HTML (an onerror image, a script) and the same payloads escaped or as code.
 * The Markdown importer keeps link text, the text inside raw HTML elements, and escaped or code text literally.
 */
const HOSTILE_MARKDOWN = `# Notice\n\n## 1 Scope\n\n${PILOTS} [x](javascript:alert(1)) and <img src=x onerror=alert(1)> here.\n\n<script>alert(2)</script>\n\nCode \`<img src=x onerror=alert(1)>\` and \\<script\\>alert(3)\\</script\\> end.\n`;

/** What of HOSTILE_MARKDOWN the importer keeps as text, to be shown literally. */
const MARKDOWN_KEPT = [' x and ', 'alert(2)', 'Code <img src=x onerror=alert(1)> and <script>alert(3)</script> end.'];

/** HTML with a javascript: link, an onerror image and scripts, and the same payloads as escaped text. */
const HOSTILE_HTML = `<!doctype html><html><head><title>Notice</title><script>alert(0)</script></head><body><main><h1>Notice</h1><h2>1 Scope</h2><p>${PILOTS} <a href="javascript:alert(1)" onclick="alert(1)">click here</a> and <img src=x onerror=alert(1)> here.</p><script>alert(2)</script><p>Escaped &lt;script&gt;alert(3)&lt;/script&gt; and &lt;img src=x onerror=alert(1)&gt; text.</p></main></body></html>`;

/** What of HOSTILE_HTML the importer keeps as text (link text, escaped markup), to be shown literally. */
const HTML_KEPT = ['click here', 'Escaped <script>alert(3)</script> and <img src=x onerror=alert(1)> text.'];

const JAPANESE_2021 =
  '外交青書2021\n\n第1章 国際情勢\n\n日本を取り巻く安全保障環境は、一層厳しさを増している。国際社会は、感染症の拡大という困難に直面している。\n\n第2章 領土の保全\n\n領土の保全は政府の基本的な責務である。\n';
const JAPANESE_2022 =
  '外交青書2022\n\n第1章 国際情勢\n\n日本を取り巻く安全保障環境は、戦後最も厳しく複雑なものとなっている。国際社会は、感染症の拡大という困難に直面している。\n\n第2章 領土の保全\n\n領土の保全は政府の基本的な責務であり、毅然かつ冷静に対応する。\n';

describe.runIf(browserRuns)('the web app in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  const dialogs: string[] = [];
  const problems: string[] = [];

  /** A fresh page that records dialogs (none may fire), page errors and console errors (CSP violations included). */
  async function openPage(path: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    await page.goto(`${server.origin}${path}`);
    return page;
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: false });

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await ensureWebBuild();
    server = await startSampleServer();
    await uploadText(server.origin, 'port-rules', {
      label: '2020',
      date: '2020',
      text: `Port Rules 2020\n\n1 Fees\n\n${FEES}\n\n${BOATS}\n\n2 Safety\n\n${PILOTS}\n\n${CARGO}\n`,
    });
    await uploadText(server.origin, 'port-rules', {
      label: '2024',
      date: '2024',
      text: `Port Rules 2024\n\n1 Fees\n\n${BOATS}\n\n2 Safety\n\n${PILOTS}\n\n${CARGO}\n\n${FEES}\n`,
    });
    await uploadText(server.origin, 'hostile', {
      label: '2020',
      date: '2020',
      text: `Notice\n\n1 Scope\n\n${PILOTS}\n`,
    });
    for (const series of ['hostile-markdown', 'hostile-html']) {
      await uploadText(server.origin, series, {
        label: '2020',
        date: '2020',
        text: `Notice\n\n1 Scope\n\n${PILOTS}\n`,
      });
    }
    await uploadText(server.origin, '外交青書', { label: '2021', date: '2021', lang: 'ja', text: JAPANESE_2021 });
    await uploadText(server.origin, '外交青書', { label: '2022', date: '2022', lang: 'ja', text: JAPANESE_2022 });
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lists the sample in the library with its timeline and change counts', async () => {
    const page = await openPage('/');
    const card = page.locator('.series-card[data-series="bluebook"]');
    await card.locator('.timeline-step').waitFor();
    expect(await card.locator('.timeline-label').allTextContents()).toEqual(['2020', '2022']);
    expect(await card.locator('.timeline-counts').textContent()).toBe('+8 ~3 −3');
    await shot(page, 'library');
    await card.locator('a.timeline-compare').click();
    await page.waitForURL(/\/series\/bluebook\/compare\/2020\/2022$/);
    await page.locator('.row').first().waitFor();
    await page.close();
  }, 60_000);

  it('compares 2020 → 2022: the renumbered heading, the substantive filter, keyboard navigation', async () => {
    const page = await openPage('/series/bluebook/compare/2020/2022');
    await page.locator('.row').first().waitFor();
    // Rows are windowed: scroll the list until the heading is rendered.
    const territorial = page.locator('.row.heading', { hasText: '(2) Territorial integrity' });
    await scrollUntil(page, territorial);
    expect(await territorial.locator('.cell.old').textContent()).toContain('(3) Territorial Integrity');
    expect(await territorial.locator('.badge-renumbered').textContent()).toContain('renumbered (3) → (2)');
    const paragraph = page.locator('.row.block', { hasText: 'Maintaining territorial integrity' });
    await scrollUntil(page, paragraph);
    expect(await paragraph.getAttribute('class')).toContain('sig-cosmetic');
    // The typo fix is a highlighted word change on both sides.
    expect(await paragraph.locator('.cell.old del').allTextContents()).toContain('terrestrial');
    expect(await paragraph.locator('.cell.new ins').allTextContents()).toContain('territorial');
    await shot(page, 'compare-territorial');

    const before = await renderedRows(page);
    expect(before.some((row) => row.text.includes('Maintaining territorial integrity'))).toBe(true);
    await page.selectOption('select[name="significance"]', 'substantive');
    await page.locator('.row-counter', { hasText: /^\d+ of \d+ rows$/ }).waitFor();
    // Every row of the filtered list, scrolled through from top to bottom: the cosmetic paragraph is gone, the
    // renumbered (substantive) heading stays.
    const after = await renderedRows(page);
    expect(after.length).toBeLessThan(before.length);
    expect(after.some((row) => row.text.includes('Maintaining territorial integrity'))).toBe(false);
    expect(after.some((row) => row.text.includes('(2) Territorial integrity'))).toBe(true);
    expect(after.every((row) => row.classes.includes('heading') || row.classes.includes('sig-substantive'))).toBe(true);
    expect(new URL(page.url()).searchParams.get('sig')).toBe('substantive');
    await shot(page, 'compare-substantive');

    await page.selectOption('select[name="significance"]', 'all');
    await page.check('input[name="changes-only"]');
    // Next/previous start from what is on screen: from the top, the first change is change 1.
    await page.locator('.virtual-list').evaluate((element) => {
      element.scrollTop = 0;
    });
    await settled(page);
    await page.keyboard.press('j');
    await page.locator('.change-counter', { hasText: /^change 1 of \d+$/ }).waitFor();
    const firstHash = new URL(page.url()).hash;
    expect(firstHash).toMatch(/^#[stb]\d+$/);
    await page.keyboard.press('n');
    await page.locator('.change-counter', { hasText: /^change 2 of / }).waitFor();
    await page.keyboard.press('k');
    await page.locator('.change-counter', { hasText: /^change 1 of / }).waitFor();
    expect(new URL(page.url()).hash).toBe(firstHash);
    await page.click('button.nav-next');
    await page.locator('.change-counter', { hasText: /^change 2 of / }).waitFor();
    expect(await page.locator('.row.current').count()).toBe(1);
    await page.close();
  }, 60_000);

  it('opens a deep link to a unit: scrolled to and highlighted', async () => {
    const response = await fetch(`${server.origin}/api/series/bluebook/compare?old=2020&new=2022`);
    const comparison = (await response.json()) as Comparison;
    const target = comparison.pairs.find((p) => p.level === 'sentence' && p.new?.text.includes('Trident'));
    expect(target).toBeDefined();
    const page = await openPage(`/series/bluebook/compare/2020/2022#${target?.id}`);
    const unit = page.locator(`.unit.focus[data-pair="${target?.id}"][data-side="new"]`);
    await unit.waitFor();
    expect(await unit.textContent()).toContain('Trident');
    await expectInViewport(page, `.unit.focus[data-pair="${target?.id}"]`);
    await page.close();
  }, 60_000);

  it('lists the facts new in 2022 and scrolls to the sentence of the one clicked', async () => {
    const page = await openPage('/series/bluebook/compare/2020/2022');
    const panel = page.locator('.facts-panel');
    await panel.locator('summary').click();
    expect(await panel.locator('summary').textContent()).toMatch(/^Facts: \d+ new · 0 changed · 3 dropped$/);
    const unmiss = panel.locator('.facts-new li', { hasText: 'UNMISS' }).first();
    expect(await unmiss.textContent()).toContain('United Nations Mission in South Sudan (UNMISS)');
    await unmiss.locator('a').click();
    const unit = page.locator('.unit.focus[data-side="new"]');
    await unit.waitFor();
    expect(await unit.textContent()).toContain('United Nations Mission in South Sudan (UNMISS)');
    await expectInViewport(page, '.unit.focus[data-side="new"]');
    await shot(page, 'compare-facts');
    await page.close();
  }, 60_000);

  it('follows a moved paragraph from its old place to its new place and back', async () => {
    const page = await openPage('/series/port-rules/compare/2020/2024');
    const ghost = page.locator('.row.only-old', { hasText: 'Harbour fees' });
    await ghost.waitFor();
    const toNew = ghost.locator('.cell.new .moved-link');
    expect(await toNew.textContent()).toBe('moved to 2 Safety →');
    expect(await ghost.locator('.cell.old').textContent()).toContain(FEES);
    await toNew.click();
    const newSide = page.locator('.row.only-new .cell.new.focus', { hasText: 'Harbour fees' });
    await newSide.waitFor();
    await expectInViewport(page, '.row.only-new .cell.new.focus');
    await shot(page, 'compare-moved');
    const toOld = page.locator('.row.only-new .cell.old .moved-link');
    expect(await toOld.textContent()).toBe('← moved from 1 Fees');
    await toOld.click();
    await page.locator('.row.only-old .cell.old.focus', { hasText: 'Harbour fees' }).waitFor();
    await page.close();
  }, 60_000);

  it('traces "increasingly severe": a Plot chart and counts 0 → 1 with a KWIC snippet', async () => {
    const page = await openPage('/series/bluebook/trace');
    await page.fill('input[name="phrase"]', 'increasingly severe');
    await page.click('.trace-form button[type="submit"]');
    await page.locator('.trace-chart-plot svg').first().waitFor();
    expect(await page.locator('.trace-chart-plot svg rect').count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('tr[data-edition="2020"]').getAttribute('data-count')).toBe('0');
    expect(await page.locator('tr[data-edition="2022"]').getAttribute('data-count')).toBe('1');
    expect(await page.locator('.trace-first').textContent()).toBe('2022');
    expect(await page.locator('.kwic mark').allTextContents()).toEqual(['increasingly severe']);
    expect(new URL(page.url()).searchParams.get('phrase')).toBe('increasingly severe');
    await shot(page, 'trace');
    // A snippet's section path leads into the comparison at the occurrence.
    await page.click('.kwic-path a');
    await page.waitForURL(/\/series\/bluebook\/compare\/2020\/2022\?offset=\d+#t\d+$/);
    expect(await page.locator('.unit.focus[data-side="new"]').textContent()).toContain('increasingly severe');
    await page.close();
  }, 60_000);

  it('searches "territorial" and follows a hit into the compare view at the unit', async () => {
    const page = await openPage('/');
    await page.fill('input[name="header-q"]', 'territorial');
    await page.press('input[name="header-q"]', 'Enter');
    await page.waitForURL(/\/search\?q=territorial$/);
    const hits = page.locator('.search-hit');
    await hits.first().waitFor();
    expect((await page.locator('.search-hit mark').allTextContents()).map((m) => m.toLowerCase())).toContain(
      'territorial',
    );
    await shot(page, 'search');
    const hit = page.locator('.search-hit', { hasText: '2022 · Chapter 3 › Section 1 › 1 › (2)' }).nth(1);
    // The sentence found in both editions is one result that names them (issue 14: one result per text).
    expect(await hit.locator('.hit-editions').textContent()).toBe('in 2 editions: 2020–2022');
    expect(await page.locator('.result-count').textContent()).toMatch(/^\d+ results \(\d+ hits in all editions\)$/);
    expect(await hit.locator('a').getAttribute('href')).toMatch(
      /^\/series\/bluebook\/compare\/2020\/2022\?offset=\d+$/,
    );
    await hit.locator('a').click();
    await page.waitForURL(/\/compare\/2020\/2022\?offset=\d+#[stb]\d+$/);
    const focused = page.locator('.focus[data-side="new"]');
    await focused.waitFor();
    expect((await focused.textContent())?.toLowerCase()).toContain('territorial');
    await expectInViewport(page, '.focus[data-side="new"]');
    await page.close();
  }, 60_000);

  it('highlights only real matches in search snippets, not [[…]] written in the document', async () => {
    await uploadText(server.origin, 'brackets', {
      label: '2020',
      text: 'Notice\n\nThe [[harbour]] master sets the quayside fee every spring.\n',
    });
    const page = await openPage('/search?q=quayside');
    const hit = page.locator('.search-hit', { hasText: 'brackets' });
    await hit.waitFor();
    expect(await hit.locator('mark').allTextContents()).toEqual(['quayside']);
    expect(await hit.locator('.snippet').textContent()).toContain('The [[harbour]] master');
    await page.close();
  }, 60_000);

  it('renders an uploaded edition with script, onerror and javascript: payloads as inert text', async () => {
    const page = await openPage('/upload?series=hostile');
    const text = `Notice\n\n1 Scope\n\n${PILOTS} ${HOSTILE_LINES.join(' ')}\n`;
    await page.fill('input[name="label"]', '2021');
    await page.fill('input[name="date"]', '2021');
    await page.setInputFiles('input[name="file"]', {
      name: 'hostile.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from(text),
    });
    await page.click('.upload-form button[type="submit"]');
    await page.locator('.upload-result', { hasText: 'added' }).waitFor();
    await page.click('.upload-result a:has-text("compare with 2020")');
    await page.waitForURL(/\/series\/hostile\/compare\/2020\/2021$/);
    await page.locator('.row.block').first().waitFor();
    const shown = (await page.locator('.compare-rows').textContent()) ?? '';
    for (const line of HOSTILE_LINES) expect(shown).toContain(line);
    expect(await page.locator('main img, main script, main a[href^="javascript:"]').count()).toBe(0);
    await shot(page, 'hostile-compare');
    await page.goto(`${server.origin}/series/hostile/blame/2021`);
    await page.locator('.blame-sentence').first().waitFor();
    const blamed = (await page.locator('.blame-text').textContent()) ?? '';
    for (const line of HOSTILE_LINES) expect(blamed).toContain(line);
    expect(await page.locator('main img, main script, main a[href^="javascript:"]').count()).toBe(0);
    await page.waitForTimeout(300);
    expect(dialogs).toEqual([]);
    await page.close();
  }, 60_000);

  for (const hostile of [
    {
      series: 'hostile-markdown',
      name: 'hostile.md',
      mimeType: 'text/markdown',
      text: HOSTILE_MARKDOWN,
      kept: MARKDOWN_KEPT,
    },
    { series: 'hostile-html', name: 'hostile.html', mimeType: 'text/html', text: HOSTILE_HTML, kept: HTML_KEPT },
  ]) {
    it(`renders an uploaded ${hostile.name} with javascript: links, onerror images and scripts as inert text`, async () => {
      const page = await openPage(`/upload?series=${hostile.series}`);
      await page.fill('input[name="label"]', '2021');
      await page.fill('input[name="date"]', '2021');
      await page.setInputFiles('input[name="file"]', {
        name: hostile.name,
        mimeType: hostile.mimeType,
        buffer: Buffer.from(hostile.text),
      });
      await page.click('.upload-form button[type="submit"]');
      await page.locator('.upload-result', { hasText: 'added' }).waitFor();
      await page.click('.upload-result a:has-text("compare with 2020")');
      await page.waitForURL(new RegExp(`/series/${hostile.series}/compare/2020/2021$`));
      await page.locator('.row.block').first().waitFor();
      const shown = (await page.locator('.compare-rows').textContent()) ?? '';
      for (const kept of hostile.kept) expect(shown).toContain(kept);
      expect(await activeContent(page)).toEqual([]);
      await shot(page, `${hostile.series}-compare`);

      await page.goto(`${server.origin}/series/${hostile.series}/blame/2021`);
      await page.locator('.blame-sentence').first().waitFor();
      const blamed = (await page.locator('.blame-text').textContent()) ?? '';
      for (const kept of hostile.kept) expect(blamed).toContain(kept);
      expect(await activeContent(page)).toEqual([]);
      await page.waitForTimeout(300);
      expect(dialogs).toEqual([]);
      await page.close();
    }, 60_000);
  }

  it('speaks one visual language: the HTML report styles insertions, deletions and badges as the app does', async () => {
    /** The computed look of the first element `selector` finds on `page` (scrolled into the app's window first). */
    const look = async (page: Page, selector: string) => {
      const target = page.locator(selector);
      if ((await page.locator('.virtual-list').count()) > 0) await scrollUntil(page, target);
      return target.first().evaluate((el) => {
        const style = getComputedStyle(el);
        return {
          background: style.backgroundColor,
          color: style.color,
          decoration: style.textDecorationLine,
          weight: style.fontWeight,
          size: style.fontSize,
          radius: style.borderRadius,
          shadow: style.boxShadow,
          opacity: style.opacity,
        };
      });
    };
    const selectors = [
      '.row:not(.context) ins.sig-substantive',
      '.row:not(.context) del.sig-substantive',
      '.row:not(.context) ins.whole',
      '.badge.sig-substantive',
    ];
    const app = await openPage('/series/bluebook/compare/2020/2022');
    await app.locator('.row').first().waitFor();
    const inApp = [];
    for (const selector of selectors) inApp.push(await look(app, selector));
    await app.close();
    // The report (its own page: sandboxed, without the app's console listener), the same selectors minus the app's rows.
    const report = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await report.goto(`${server.origin}/api/series/bluebook/compare?old=2020&new=2022&format=html`);
    const inReport = [];
    for (const selector of selectors) inReport.push(await look(report, selector.replace('.row:not(.context) ', '')));
    await report.close();
    expect(inReport).toEqual(inApp);
    // And they are the shared colours: a green insertion, a red deletion, a solid red substantive badge.
    expect(inApp[0]?.background).toBe('rgb(167, 227, 179)');
    expect(inApp[1]?.background).toBe('rgb(246, 181, 177)');
    expect(inApp[3]).toMatchObject({ background: 'rgb(179, 38, 30)', color: 'rgb(255, 255, 255)', weight: '700' });
  }, 60_000);

  it('serves the HTML report of a hostile upload sandboxed, and no payload runs in it', async () => {
    // Its own page, without openPage's console listener: the sandbox may log blocked requests, which is its job.
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const reportDialogs: string[] = [];
    page.on('dialog', (dialog) => {
      reportDialogs.push(dialog.message());
      void dialog.dismiss();
    });
    try {
      const response = await page.goto(
        `${server.origin}/api/series/hostile-html/compare?old=2020&new=2021&format=html`,
      );
      expect(response?.status()).toBe(200);
      const policy = (await response?.headerValue('content-security-policy')) ?? '';
      expect(policy.split(';').map((d) => d.trim().split(/\s+/)[0])).toContain('sandbox');
      expect(policy).not.toContain('allow-same-origin');
      await page.waitForLoadState('load');
      const text = (await page.locator('body').textContent()) ?? '';
      expect(text).toContain('Escaped <script>alert(3)</script>');
      // The report's own controls and closing script are outside <main>, which holds only document text.
      expect(await activeContent(page)).toEqual([]);
      const scripts = await page.locator('script').allTextContents();
      expect(scripts.filter((script) => script.includes('alert('))).toEqual([]);
      await page.waitForTimeout(300);
      await shot(page, 'hostile-html-report');
      expect(reportDialogs).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);

  it('asks for a token when the server refuses a write with 401, then sends it as a Bearer token', async () => {
    const guarded = await startServer({
      store: server.store,
      host: '127.0.0.1',
      port: 0,
      webRoot: WEB_ROOT,
      token: 'e2e-secret',
    });
    const page = await browser.newPage();
    try {
      await page.goto(`${guarded.url}upload?series=guarded`);
      expect(await page.locator('input[name="token"]').count()).toBe(0);
      await page.fill('input[name="label"]', '1');
      await page.setInputFiles('input[name="file"]', {
        name: 'a.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from(`Guarded\n\n${CARGO}\n`),
      });
      await page.click('.upload-form button[type="submit"]');
      await page.locator('.error', { hasText: 'E_UNAUTHORIZED' }).waitFor();
      await page.fill('input[name="token"]', 'e2e-secret');
      await page.click('.upload-form button[type="submit"]');
      await page.locator('.upload-result', { hasText: 'added' }).waitFor();
    } finally {
      await page.close();
      await guarded.close();
    }
  }, 60_000);

  it('shows a 403 refusal as an error without asking for a token', async () => {
    // Bound off loopback without a token, the server refuses every write (403 E_FORBIDDEN): no token would help.
    const open = await startServer({ store: server.store, host: '0.0.0.0', port: 0, webRoot: WEB_ROOT });
    const page = await browser.newPage();
    try {
      await page.goto(`http://127.0.0.1:${open.port}/upload?series=forbidden`);
      await page.fill('input[name="label"]', '1');
      await page.setInputFiles('input[name="file"]', {
        name: 'a.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from(`Forbidden\n\n${CARGO}\n`),
      });
      await page.click('.upload-form button[type="submit"]');
      await page.locator('.error', { hasText: 'E_FORBIDDEN' }).waitFor();
      expect(await page.locator('.error').textContent()).toContain('writes are disabled');
      expect(await page.locator('input[name="token"]').count()).toBe(0);
      expect(await page.locator('.upload-page .hint').count()).toBe(0);
    } finally {
      await page.close();
      await open.close();
    }
  }, 60_000);

  it('names the edition an uploaded duplicate repeats, and adds it all the same on request', async () => {
    const text = `Twins\n\n1 Scope\n\n${CARGO}\n`;
    await uploadText(server.origin, 'twins', { label: '2020', date: '2020', text });
    // Its own page, without openPage's console listener: Chromium logs the refused upload's 409, which is expected.
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.origin}/upload?series=twins`);
    try {
      await page.fill('input[name="label"]', '2024');
      await page.setInputFiles('input[name="file"]', {
        name: 'twins.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from(text),
      });
      await page.click('.upload-form button[type="submit"]');
      const refusal = page.locator('.error.duplicate');
      await refusal.waitFor();
      // In words: which edition holds the file, that nothing was stored; no raw CLI flag in sight.
      expect(await refusal.textContent()).toContain(
        'Series twins already holds this file, as edition 2020. Nothing was stored.',
      );
      expect(await refusal.textContent()).not.toContain('--allow-duplicate');
      expect(await refusal.locator('a.duplicate-of').getAttribute('href')).toBe('/series/twins/blame/2020');
      await shot(page, 'upload-duplicate');
      await page.click('.allow-duplicate');
      await page.locator('.upload-result', { hasText: 'added' }).waitFor();
      expect(await page.locator('.error').count()).toBe(0);
      const detail = (await (await fetch(`${server.origin}/api/series/twins`)).json()) as {
        editions: Array<{ label: string; sha256: string }>;
      };
      expect(detail.editions.map((e) => e.label)).toEqual(['2020', '2024']);
      expect(detail.editions[0]?.sha256).toBe(detail.editions[1]?.sha256);
    } finally {
      await page.close();
    }
  }, 60_000);

  it('keeps a large pair usable: windowed rows, a keyboard jump to the last change, the filter', async () => {
    const pair: SyntheticPair = syntheticPair();
    expect(pair.old.length).toBeGreaterThan(900_000);
    await uploadText(server.origin, 'large', { label: 'old', date: '2020', text: pair.old });
    await uploadText(server.origin, 'large', { label: 'new', date: '2024', text: pair.new });
    const page = await openPage('/series/large/compare/old/new');
    await page.locator('.row').first().waitFor({ timeout: 60_000 });
    const counter = (await page.locator('.row-counter').textContent()) ?? '';
    const [, shownRows, allRows] = /^(\d+) of (\d+) rows$/.exec(counter) ?? [];
    expect(Number(allRows)).toBeGreaterThan(pair.paragraphs);
    expect(Number(shownRows)).toBe(Number(allRows));
    // Windowed: a screenful and its overscan are in the DOM, not thousands of rows.
    expect(await page.locator('.virtual-list .row').count()).toBeLessThan(Number(allRows) / 20);
    await shot(page, 'large-compare-top');

    // G jumps to the last change (the deleted paragraph 2954), highlighted and on screen.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Shift+G');
    await page.locator('.change-counter', { hasText: /^change (\d+) of \1$/ }).waitFor();
    const current = page.locator('.row.current');
    await current.waitFor();
    await settled(page);
    expect(await current.textContent()).toContain(pair.lastChange.opening);
    expect(await current.getAttribute('class')).toContain(`rel-${pair.lastChange.relation}`);
    await expectInViewport(page, '.row.current');
    expect(await page.locator('.virtual-list .row').count()).toBeLessThan(Number(allRows) / 20);
    await shot(page, 'large-compare-last-change');
    // k steps back from there to the last reworded paragraph.
    for (let press = 0; press < 4; press++) {
      if ((await current.textContent())?.includes(`Paragraph ${pair.reworded.at(-1)}.`)) break;
      await page.keyboard.press('k');
      await settled(page);
    }
    expect(await current.locator('.cell.new').textContent()).toContain('The port authority replaced this rule');

    // Narrower columns wrap every paragraph onto more lines: the estimated heights follow the measured width, so the
    // list grows far beyond what the rows rendered so far account for, and the current change stays on screen.
    const list = page.locator('.virtual-list');
    const wideHeight = await list.evaluate((element) => element.scrollHeight);
    await page.setViewportSize({ width: 640, height: 900 });
    await expect.poll(() => list.evaluate((element) => element.scrollHeight)).toBeGreaterThan(wideHeight * 1.5);
    await settled(page);
    await expectInViewport(page, '.row.current');
    await shot(page, 'large-compare-narrow');
    await page.setViewportSize({ width: 1280, height: 900 });
    await expect.poll(() => list.evaluate((element) => element.scrollHeight)).toBeLessThan(wideHeight * 1.2);

    // g goes back to the first change.
    await page.keyboard.press('g');
    await page.locator('.change-counter', { hasText: /^change 1 of \d+$/ }).waitFor();

    // The filter still works at this size: changes only leaves the edited rows (and headings), far fewer.
    await page.check('input[name="changes-only"]');
    await page.locator('.row-counter', { hasText: /^\d+ of \d+ rows$/ }).waitFor();
    const filtered = /^(\d+) of/.exec((await page.locator('.row-counter').textContent()) ?? '')?.[1];
    expect(Number(filtered)).toBeLessThan(Number(allRows) / 10);
    expect(Number(filtered)).toBeGreaterThanOrEqual(pair.reworded.length);
    const rows = await renderedRows(page);
    expect(rows.length).toBe(Number(filtered));
    const rewordings = rows.filter((row) => row.text.includes('The port authority replaced this rule'));
    expect(rewordings.length).toBe(pair.reworded.length);
    expect(rewordings.at(-1)?.text).toContain(`Paragraph ${pair.reworded.at(-1)}.`);
    expect(rows.every((row) => row.classes.includes('heading') || !row.classes.includes('rel-unchanged'))).toBe(true);
    expect(new URL(page.url()).searchParams.get('changes')).toBe('1');
    await shot(page, 'large-compare-changes-only');
    await page.close();
  }, 180_000);

  it('traces a phrase with thousands of hits: 20 snippets per edition at first, more on demand', async () => {
    const page = await openPage('/series/large/trace?phrase=paragraph');
    const first = page.locator('.kwic-edition[data-edition="old"]');
    await first.locator('.kwic li').first().waitFor();
    expect(await page.locator('tr[data-edition="old"]').getAttribute('data-count')).toBe('3000');
    expect(await first.locator('.kwic li').count()).toBe(20);
    expect(await page.locator('.kwic-edition[data-edition="new"] .kwic li').count()).toBe(20);
    expect(await first.locator('.kwic-shown').textContent()).toMatch(/^showing 20 of 3,000 occurrences/);
    await first.locator('button.kwic-more', { hasText: 'show 20 more' }).click();
    await first.locator('.kwic li').nth(39).waitFor();
    expect(await first.locator('.kwic li').count()).toBe(40);
    expect(await first.locator('.kwic-shown').textContent()).toMatch(/^showing 40 of 3,000 occurrences/);
    // The other edition is unaffected.
    expect(await page.locator('.kwic-edition[data-edition="new"] .kwic li').count()).toBe(20);
    // Clicked to the end of what the server sent, the edition says how many of how many it shows.
    while ((await first.locator('button.kwic-more').count()) > 0) await first.locator('button.kwic-more').click();
    const sent = await first.locator('.kwic li').count();
    expect(sent).toBeLessThan(3000);
    expect(await first.locator('.kwic-shown').textContent()).toContain(`showing ${sent} of 3,000 occurrences`);
    await shot(page, 'trace-many-hits');
    // The link asks the server for up to 1,000 hits per edition; the first page stays 20.
    await first.locator('a.kwic-more-from-server').click();
    await expect.poll(() => page.url()).toContain('limit=1000');
    await first.locator('button.kwic-more').first().waitFor();
    while ((await first.locator('button.kwic-more').count()) > 0) await first.locator('button.kwic-more').click();
    expect(await first.locator('.kwic li').count()).toBe(1000);
    expect(await first.locator('a.kwic-more-from-server').count()).toBe(0);
    // Changing the mode in the URL (back/forward) updates the form's mode as well as its phrase.
    await page.goto(`${server.origin}/series/large/trace?phrase=paragraph`);
    await page.evaluate(() => {
      window.history.pushState(null, '', '/series/large/trace?phrase=Paragraph&mode=exact');
      window.dispatchEvent(new PopStateEvent('popstate'));
    });
    await expect.poll(() => page.locator('select[name="mode"]').inputValue()).toBe('exact');
    expect(await page.locator('input[name="phrase"]').inputValue()).toBe('Paragraph');
    await page.close();
  }, 60_000);

  it('renders a Japanese edition (blame and compare)', async () => {
    const page = await openPage(`/series/${encodeURIComponent('外交青書')}/blame/2022`);
    await page.locator('.blame-sentence').first().waitFor();
    const text = (await page.locator('.blame-text').textContent()) ?? '';
    expect(text).toContain('戦後最も厳しく複雑なものとなっている');
    expect(await page.locator('.blame-text').getAttribute('lang')).toBe('ja');
    const font = await page.locator('.blame-text').evaluate((element) => getComputedStyle(element).fontFamily);
    expect(font).toContain('IPAGothic');
    await page.locator('.blame-sentence', { hasText: '戦後最も' }).click();
    await page.locator('.lineage .events li').first().waitFor();
    expect(await page.locator('.lineage').textContent()).toContain('2022');
    await shot(page, 'japanese-blame');
    await page.goto(`${server.origin}/series/${encodeURIComponent('外交青書')}/compare/2021/2022`);
    await page.locator('.row.block').first().waitFor();
    expect((await page.locator('.compare-rows .cell.new ins').allTextContents()).join('')).toContain(
      '戦後最も厳しく複雑なものとなって',
    );
    expect((await page.locator('.compare-rows .cell.old del').allTextContents()).join('')).toContain(
      '一層厳しさを増して',
    );
    await shot(page, 'japanese-compare');
    await page.close();
  }, 60_000);

  it('shows the lineage of a heading: the edition it first appeared in, its renumbering and retitling', async () => {
    const page = await openPage('/series/bluebook/blame/2022');
    const territory = page.locator('.blame-heading', { hasText: 'Territorial integrity' });
    await territory.waitFor();
    // Headings without sentences of their own (the chapter) are listed too, each with the edition it appeared in.
    expect(await page.locator('.blame-heading', { hasText: 'Chapter 3' }).count()).toBeGreaterThan(0);
    expect(await territory.locator('.heading-since').textContent()).toBe('since 2020');
    await territory.locator('[role="button"]').click();
    const panel = page.locator('.heading-lineage');
    await panel.waitFor();
    const text = (await panel.textContent()) ?? '';
    expect(text).toContain('The section first appeared in 2020; its present number and title since 2022.');
    expect(text).toContain('renumbered in 2022: (3) → (2)');
    expect(text).toContain('retitled in 2022: Territorial Integrity → Territorial integrity (cosmetic)');
    expect(await panel.locator('.events li').count()).toBe(3);
    // A sentence's panel names its section's first appearance and never says "present since" beside its wording.
    await page.locator('.blame-sentence', { hasText: 'Maintaining territorial integrity' }).click();
    const lineage = (await page.locator('.lineage').textContent()) ?? '';
    expect(lineage).toContain('which first appeared in 2020');
    expect(lineage).not.toContain('present since');
    await page.locator('.lineage .section-since button').click();
    await page.locator('.heading-lineage').waitFor();
    await shot(page, 'heading-lineage');
  });

  it('raised no dialog, page error or console error (CSP violations included) on any page', () => {
    expect(dialogs).toEqual([]);
    expect(problems).toEqual([]);
  });
});

/** Waits until the page has rendered two more frames (a scroll's re-render has happened). */
function settled(page: Page): Promise<void> {
  return page.evaluate(
    () => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 20)))),
  );
}

/** Scrolls the windowed compare list from the top until `target` is rendered, then brings it into view. */
async function scrollUntil(page: Page, target: ReturnType<Page['locator']>): Promise<void> {
  const list = page.locator('.virtual-list');
  await list.evaluate((element) => {
    element.scrollTop = 0;
  });
  for (let step = 0; step < 200; step++) {
    await settled(page);
    if ((await target.count()) > 0) {
      await target.first().scrollIntoViewIfNeeded({ timeout: 5000 });
      await settled(page);
      return;
    }
    const done = await list.evaluate((element) => {
      const end = element.scrollTop + element.clientHeight >= element.scrollHeight - 1;
      element.scrollTop += element.clientHeight * 0.8;
      return end;
    });
    if (done) break;
  }
  throw new Error('the row never rendered while scrolling through the list');
}

/** Every row of the windowed compare list (key, classes, text), collected by scrolling it from top to bottom. */
async function renderedRows(page: Page): Promise<Array<{ key: string; classes: string; text: string }>> {
  const list = page.locator('.virtual-list');
  await list.evaluate((element) => {
    element.scrollTop = 0;
  });
  const rows = new Map<string, { key: string; classes: string; text: string }>();
  for (let step = 0; step < 500; step++) {
    await settled(page);
    const batch = await page.locator('.virtual-list .row').evaluateAll((elements) =>
      elements.map((e) => ({
        key: e.getAttribute('data-key') ?? '',
        classes: e.className,
        text: e.textContent ?? '',
      })),
    );
    for (const row of batch) rows.set(row.key, row);
    const end = await list.evaluate((element) => {
      const atEnd = element.scrollTop + element.clientHeight >= element.scrollHeight - 1;
      element.scrollTop += element.clientHeight * 0.8;
      return atEnd;
    });
    if (end) break;
  }
  return [...rows.values()];
}

/** Asserts the element matching `selector` lies within the viewport (vertically). */
async function expectInViewport(page: Page, selector: string): Promise<void> {
  const box = await page.locator(selector).first().boundingBox();
  const height = page.viewportSize()?.height ?? 900;
  expect(box).not.toBeNull();
  expect(box?.y ?? -1).toBeGreaterThanOrEqual(0);
  expect((box?.y ?? 0) + Math.min(box?.height ?? 0, 200)).toBeLessThanOrEqual(height);
}

/**
 * Markup from document text that could run: elements with an on* attribute, javascript: URLs, scripts, images,
 * iframes, objects and embeds within <main> (the app's own markup there, and the report's, has none of these).
 */
function activeContent(page: Page): Promise<string[]> {
  return page.locator('main').evaluate((element) => {
    const found: string[] = [];
    for (const node of [element, ...Array.from(element.querySelectorAll('*'))]) {
      const tag = node.tagName.toLowerCase();
      if (['script', 'img', 'iframe', 'object', 'embed'].includes(tag)) {
        found.push(node.outerHTML.slice(0, 120));
        continue;
      }
      for (const attribute of Array.from(node.attributes)) {
        const name = attribute.name.toLowerCase();
        const value = attribute.value.trim().toLowerCase();
        if (name.startsWith('on') || value.startsWith('javascript:'))
          found.push(`<${tag} ${name}="${attribute.value}">`);
      }
    }
    return found;
  });
}
