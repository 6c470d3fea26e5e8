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
  browserAvailability,
  ensureWebBuild,
  launchBrowser,
  REPO_ROOT,
  startSampleServer,
  type TestServer,
  uploadText,
  WEB_ROOT,
} from './harness.js';

const ARTIFACTS = join(REPO_ROOT, 'test-artifacts', 'e2e');
const availability = browserAvailability();

if (!availability.available) {
  if (availability.required) {
    it('runs the browser tests in CI', () => {
      throw new Error(`${availability.reason} (CI=true: the browser tests must run)`);
    });
  } else {
    console.warn(`web e2e: skipped: ${availability.reason}`);
    it.skip(`browser tests (skipped: ${availability.reason})`, () => {});
  }
}

const FEES =
  'Harbour fees are set every year by the port authority after consulting the shipping companies that call at the port regularly.';
const PILOTS =
  'Pilots must board every vessel longer than eighty metres before it enters the inner channel of the harbour.';
const CARGO =
  'Cargo that is declared dangerous is stored in the eastern yard, away from the passenger terminal and the fuel depot.';
const BOATS = 'Fishing boats moor at the northern quay, where ice and fresh water are available throughout the night.';

const HOSTILE_LINES = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '[x](javascript:alert(1))'];

const JAPANESE_2021 =
  '外交青書2021\n\n第1章 国際情勢\n\n日本を取り巻く安全保障環境は、一層厳しさを増している。国際社会は、感染症の拡大という困難に直面している。\n\n第2章 領土の保全\n\n領土の保全は政府の基本的な責務である。\n';
const JAPANESE_2022 =
  '外交青書2022\n\n第1章 国際情勢\n\n日本を取り巻く安全保障環境は、戦後最も厳しく複雑なものとなっている。国際社会は、感染症の拡大という困難に直面している。\n\n第2章 領土の保全\n\n領土の保全は政府の基本的な責務であり、毅然かつ冷静に対応する。\n';

describe.runIf(availability.available)('the web app in Chromium', () => {
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
