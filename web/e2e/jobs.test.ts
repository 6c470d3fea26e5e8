/**
 * The web app on a shared PostgreSQL store (issue 16), in Debian's Chromium: `palimpsest serve` and one
 * `palimpsest worker` run as processes over a fresh schema, as a deployment runs them. An upload answered 202 is
 * followed to its stored edition; with the worker stopped the series shows its pending import and the jobs view
 * refreshes until a worker takes it; a poison upload shows its coded error on the upload page, in the jobs view and
 * as the series' readiness. Skips without Chromium or PostgreSQL (fails in CI, where both must be present).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgresStore, requirePostgres } from '../../src/testing/postgres.js';
import { eventually, startWorker, stopWorker } from '../../src/testing/queue-processes.js';
import {
  browserTestsRun,
  ensureWebBuild,
  launchBrowser,
  REPO_ROOT,
  type ServeProcess,
  startServeProcess,
} from './harness.js';

const ARTIFACTS = join(REPO_ROOT, 'test-artifacts', 'e2e');
const browserRuns = browserTestsRun('web e2e (jobs)');
const postgres = browserRuns && (await requirePostgres('web app on PostgreSQL with workers'));

const TEXT_2020 = readFileSync(`${REPO_ROOT}/examples/bluebook/2020-ch3-s1.txt`, 'utf8');
const TEXT_2022 = readFileSync(`${REPO_ROOT}/examples/bluebook/2022-ch3-s1.txt`, 'utf8');
/** A label the page must show as text, never as markup (no `/`: labels may not hold one). */
const HOSTILE_LABEL = '<img src=x onerror=alert(1)>';

describe.runIf(postgres)('the web app on PostgreSQL with a worker', () => {
  let store: { url: string; drop: () => Promise<void> };
  let server: ServeProcess;
  let worker: Awaited<ReturnType<typeof startWorker>> | undefined;
  let browser: Browser;
  const problems: string[] = [];

  /** A fresh page that records page errors and console errors. */
  async function openPage(path: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('dialog', (dialog) => {
      problems.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    await page.goto(`${server.origin}${path}`);
    return page;
  }

  /** Fill and send the upload form of `page`. */
  async function upload(page: Page, label: string, file: { name: string; buffer: Buffer }) {
    await page.fill('input[name="label"]', label);
    await page.setInputFiles('input[name="file"]', { ...file, mimeType: 'text/plain' });
    await page.click('.upload-form button[type="submit"]');
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await ensureWebBuild();
    store = freshPostgresStore('palimpsest_web_jobs');
    server = await startServeProcess(store.url);
    worker = await startWorker(store.url);
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    if (worker) await stopWorker(worker);
    await server?.close();
    await store?.drop();
    expect(problems).toEqual([]);
  });

  it('follows a queued upload to its stored edition', async () => {
    const page = await openPage('/upload?series=harbour');
    await page.locator('.app-header nav a', { hasText: 'Jobs' }).waitFor();
    await upload(page, '2020', { name: '2020.txt', buffer: Buffer.from(TEXT_2020) });
    await page.locator('.upload-result', { hasText: 'added' }).waitFor({ timeout: 60_000 });
    await shot(page, 'jobs-upload-done');
    expect(await page.locator('.upload-result a', { hasText: 'blame 2020' }).count()).toBe(1);
    await page.close();
  }, 90_000);

  it('shows pending work while no worker runs, and refreshes until a worker does it', async () => {
    if (worker) await stopWorker(worker);
    worker = undefined;
    const page = await openPage('/upload?series=harbour');
    await upload(page, '2022', { name: '2022.txt', buffer: Buffer.from(TEXT_2022) });
    await page.locator('.upload-queued', { hasText: 'waiting for a worker' }).waitFor();
    const series = await openPage('/series/harbour');
    await series.locator('.badge.readiness', { hasText: '1 import waiting' }).waitFor();
    const jobs = await openPage('/jobs');
    await jobs.locator('tr.job-waiting', { hasText: '2022' }).waitFor();
    expect(await jobs.locator('.jobs-summary').textContent()).toContain('refreshing');
    await shot(series, 'jobs-series-pending');
    await shot(jobs, 'jobs-waiting');

    worker = await startWorker(store.url);
    // Each page sees the worker's work without a reload: the upload page links to the comparison, the badge goes
    // once the series is collated, and the jobs view stops refreshing.
    await page.locator('.upload-result a', { hasText: 'compare with 2020' }).waitFor({ timeout: 60_000 });
    await series.locator('.badge.readiness').waitFor({ state: 'detached', timeout: 60_000 });
    await eventually('the jobs view to stop refreshing', async () => {
      return !((await jobs.locator('.jobs-summary').textContent()) ?? '').includes('refreshing');
    });
    expect(await jobs.locator('tr.job').count()).toBe(0);
    await jobs.check('input[name="show-done"]');
    expect(await jobs.locator('tr.job-done').count()).toBeGreaterThanOrEqual(2);
    for (const open of [page, series, jobs]) await open.close();
  }, 120_000);

  it('shows a poison upload failed with its code, in the jobs view and as the series readiness', async () => {
    const page = await openPage('/upload?series=harbour');
    await upload(page, HOSTILE_LABEL, {
      name: 'bad.txt',
      buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 1, 2]),
    });
    const failed = page.locator('.job-failed');
    await failed.waitFor({ timeout: 60_000 });
    expect(await failed.locator('.job-error-code').textContent()).toBe('E_UNSUPPORTED_FORMAT');
    expect(await failed.locator('strong').textContent()).toBe(HOSTILE_LABEL);
    await shot(page, 'jobs-upload-failed');

    await page.click('.app-header nav a:has-text("Jobs")');
    await page.waitForURL(/\/jobs$/);
    const row = page.locator('tr.job-failed');
    await row.waitFor();
    expect(await row.locator('.job-error-code').textContent()).toBe('E_UNSUPPORTED_FORMAT');
    expect(await row.locator('td').nth(3).textContent()).toBe(HOSTILE_LABEL);
    expect(await page.locator('main img').count()).toBe(0);
    await shot(page, 'jobs-failed');

    await page.click('tr.job-failed a:has-text("harbour")');
    await page.waitForURL(/\/series\/harbour$/);
    await page.locator('.badge.readiness-failed', { hasText: '1 import failed' }).waitFor();
    expect(await page.locator('table.editions tbody tr').count()).toBe(2);
    await shot(page, 'jobs-series-failed');
    await page.close();
  }, 90_000);
});
