/**
 * The compare view's "What matters most" summary, overview strip (minimap) and policy-shift filter (issue 15), in
 * Debian's Chromium against the real server with the Bluebook sample (harness.ts). Skips without /usr/bin/chromium,
 * fails in CI without it, as app.test.ts does.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserTestsRun, ensureWebBuild, launchBrowser, startSampleServer, type TestServer } from './harness.js';

const browserRuns = browserTestsRun('web e2e');

describe.runIf(browserRuns)('the compare overview in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  const problems: string[] = [];

  async function openPage(path: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    await page.goto(`${server.origin}${path}`);
    return page;
  }

  beforeAll(async () => {
    await ensureWebBuild();
    server = await startSampleServer();
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    expect(problems).toEqual([]);
  });

  it('opens on the summary of what matters most, whose lines lead to their rows', async () => {
    const page = await openPage('/series/bluebook/compare/2020/2022');
    const items = page.locator('.top-summary li');
    await items.first().waitFor();
    const lines = await items.allTextContents();
    expect(lines[0]).toMatch(/^section inserted: “Fifth Anniversary/);
    expect(lines.findIndex((line) => line.includes('intensity stronger'))).toBeLessThanOrEqual(2);
    // The summary sits above the rows and is in view when the page opens.
    const summaryBox = await page.locator('.top-summary').boundingBox();
    const rowsBox = await page.locator('.compare-rows').boundingBox();
    expect(summaryBox && rowsBox && summaryBox.y < rowsBox.y).toBe(true);
    await page.locator('.top-summary li a', { hasText: 'intensity stronger' }).click();
    await page.waitForFunction(() => window.location.hash.length > 1);
    const hash = decodeURIComponent(await page.evaluate(() => window.location.hash.slice(1)));
    const target = page.locator(`.cell[data-pair="${hash}"][data-side="new"]`);
    await target.waitFor();
    expect(await target.textContent()).toContain('increasingly severe');
    await page.close();
  }, 60_000);

  it('draws the overview strip with heavier marks for bigger changes, and a mark leads to its row', async () => {
    const page = await openPage('/series/bluebook/compare/2020/2022');
    const marks = page.locator('.minimap-mark');
    await marks.first().waitFor();
    expect(await marks.count()).toBeGreaterThan(5);
    const heights = await marks.evaluateAll((elements) =>
      elements.map((element) => ({
        pair: element.getAttribute('data-pair'),
        height: element.getBoundingClientRect().height,
      })),
    );
    const tallest = heights.reduce((a, b) => (b.height > a.height ? b : a));
    const shortest = heights.reduce((a, b) => (b.height < a.height ? b : a));
    expect(tallest.height).toBeGreaterThan(shortest.height);
    await page.locator(`.minimap-mark[data-pair="${tallest.pair}"]`).click();
    await page.waitForFunction((pair) => decodeURIComponent(window.location.hash.slice(1)) === pair, tallest.pair);
    await page.locator(`.cell[data-pair="${tallest.pair}"]`).first().waitFor();
    await page.close();
  }, 60_000);

  it('filters rows by policy shift, keeps it in the URL, and shows the shift kind on its row', async () => {
    const page = await openPage('/series/bluebook/compare/2020/2022?shift=intensity');
    await page.locator('.row').first().waitFor();
    expect(await page.locator('select[name="shift"]').inputValue()).toBe('intensity');
    const blockCells = page.locator('.block-cell[data-side="new"]');
    const texts = await blockCells.allTextContents();
    expect(texts.length).toBe(1);
    expect(texts[0]).toContain('increasingly severe');
    expect(await page.locator('.block-cell .badge.shift-intensity').count()).toBe(1);
    await page.locator('select[name="shift"]').selectOption('region');
    await page.waitForFunction(() => new URLSearchParams(window.location.search).get('shift') === 'region');
    expect((await page.locator('.block-cell[data-side="new"]').allTextContents())[0]).toContain('Middle East');
    await page.close();
  }, 60_000);
});
