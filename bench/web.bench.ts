/**
 * `npm run bench:web`: the compare view's time to first render in Chromium — from navigation start to the first
 * aligned row on screen (the `palimpsest:first-row` performance mark the app sets after painting it) — for the
 * Bluebook sample and the 1 MB large pair (the Code civil, 0.85 → 1.27 MB, from ../shared/corpora/large-pairs; set
 * PALIMPSEST_CORPORA to another folder; skipped with a message when absent). Median of 5 runs, each in a fresh browser
 * context (empty HTTP cache), against the real server on loopback with the comparison already cached server-side (the
 * cold API time is printed apart). Also timed in the page, on the large pair: switching the significance filter and
 * jumping to the last row, to show the windowed list stays responsive.
 */
/// <reference lib="dom" />
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import {
  browserAvailability,
  ensureWebBuild,
  launchBrowser,
  REPO_ROOT,
  startSampleServer,
  uploadText,
} from '../web/e2e/harness.js';
import { median } from './statistics.js';

const RUNS = 5;
const FIRST_ROW_MARK = 'palimpsest:first-row';
const DATA_MARK = 'palimpsest:compare-data';

interface PairCase {
  name: string;
  series: string;
  old: string;
  new: string;
  /** Bytes of the two editions. */
  bytes: [number, number];
}

interface Figures {
  firstRow: number[];
  apiFetch: number[];
  parse: number[];
  render: number[];
  jsonBytes: number;
  pairs: number;
  rows: string;
  filter?: number;
  jump?: number;
  cold: number;
}

/** Milliseconds with one decimal. */
const ms = (value: number) => value.toFixed(1);

/** Waits for the first-row mark and reads its time since navigation start, and the compare fetch's duration. */
async function firstRowTiming(
  page: Page,
): Promise<{ firstRow: number; apiFetch: number; parse: number; render: number; jsonBytes: number }> {
  // Functions, not strings: the app's CSP has no 'unsafe-eval', so string predicates would be refused.
  await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, FIRST_ROW_MARK, {
    timeout: 120_000,
  });
  return page.evaluate(
    ([markName, dataName]) => {
      const mark = performance.getEntriesByName(markName)[0] as PerformanceEntry;
      const data = performance.getEntriesByName(dataName)[0] as PerformanceEntry;
      const entry = performance.getEntriesByType('resource').find((e) => e.name.includes('/compare?')) as
        | PerformanceResourceTiming
        | undefined;
      return {
        firstRow: mark.startTime,
        apiFetch: entry ? entry.responseEnd - entry.startTime : Number.NaN,
        parse: entry ? data.startTime - entry.responseEnd : Number.NaN,
        render: mark.startTime - data.startTime,
        jsonBytes: entry ? entry.decodedBodySize || entry.encodedBodySize || 0 : 0,
      };
    },
    [FIRST_ROW_MARK, DATA_MARK] as const,
  );
}

/** Times, inside the page, a change of the significance filter until the new rows are painted. */
async function timeFilter(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((done) => {
        const select = document.querySelector('select[name="significance"]') as HTMLSelectElement;
        const counter = () => document.querySelector('.row-counter')?.textContent;
        const before = counter();
        const start = performance.now();
        select.value = 'substantive';
        select.dispatchEvent(new Event('change', { bubbles: true }));
        const check = () => {
          if (counter() !== before) requestAnimationFrame(() => setTimeout(() => done(performance.now() - start), 0));
          else requestAnimationFrame(check);
        };
        check();
      }),
  );
}

/** Times, inside the page, a jump to the end of the list until its last row is rendered and painted. */
async function timeJump(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((done) => {
        const list = document.querySelector('.virtual-list') as HTMLElement;
        const total = Number(document.querySelector('.row-counter')?.textContent?.split(' of ')[0]);
        const start = performance.now();
        list.scrollTop = list.scrollHeight;
        const check = () => {
          const rows = list.querySelectorAll<HTMLElement>('[data-row]');
          const last = rows[rows.length - 1];
          if (last && Number(last.dataset.row) === total - 1) {
            requestAnimationFrame(() => setTimeout(() => done(performance.now() - start), 0));
          } else requestAnimationFrame(check);
        };
        check();
      }),
  );
}

async function main(): Promise<void> {
  const availability = browserAvailability();
  if (!availability.available) {
    console.log(`bench:web skipped: ${availability.reason}`);
    if (availability.required) process.exitCode = 1;
    return;
  }
  const build = await ensureWebBuild();
  const server = await startSampleServer();
  const browser = await launchBrowser();
  try {
    const cases: PairCase[] = [];
    const sampleBytes = ['2020', '2022'].map(
      (year) => readFileSync(join(REPO_ROOT, 'examples', 'bluebook', `${year}-ch3-s1.txt`)).length,
    ) as [number, number];
    cases.push({
      name: 'Bluebook sample (seed pair)',
      series: 'bluebook',
      old: '2020',
      new: '2022',
      bytes: sampleBytes,
    });

    const corpora = resolve(REPO_ROOT, process.env.PALIMPSEST_CORPORA ?? '../shared/corpora');
    const large = join(corpora, 'large-pairs');
    const oldFile = join(large, 'code-civil-fr-1979-vs-2026-old.md');
    const newFile = join(large, 'code-civil-fr-1979-vs-2026-new.md');
    if (existsSync(oldFile) && existsSync(newFile)) {
      const started = performance.now();
      const texts = [readFileSync(oldFile, 'utf8'), readFileSync(newFile, 'utf8')];
      await uploadText(server.origin, 'code-civil', {
        label: '1979',
        date: '1979-01-04',
        lang: 'fr',
        text: texts[0] as string,
        name: 'code-civil-1979.md',
      });
      await uploadText(server.origin, 'code-civil', {
        label: '2026',
        date: '2026-01-01',
        lang: 'fr',
        text: texts[1] as string,
        name: 'code-civil-2026.md',
      });
      console.log(`large pair uploaded and aligned in ${ms((performance.now() - started) / 1000)} s`);
      cases.push({
        name: 'Code civil 1979 → 2026 (1 MB pair)',
        series: 'code-civil',
        old: '1979',
        new: '2026',
        bytes: [Buffer.byteLength(texts[0] as string), Buffer.byteLength(texts[1] as string)],
      });
    } else {
      console.log(`large pair skipped: ${large} not found (the ../shared corpora are not in a fresh clone)`);
    }

    const results: Array<{ pair: PairCase; figures: Figures }> = [];
    for (const pair of cases) {
      const api = `${server.origin}/api/series/${encodeURIComponent(pair.series)}/compare?old=${pair.old}&new=${pair.new}`;
      const coldStart = performance.now();
      const comparison = (await (await fetch(api)).json()) as { pairs: unknown[] };
      const cold = performance.now() - coldStart;
      const figures: Figures = {
        firstRow: [],
        apiFetch: [],
        parse: [],
        render: [],
        jsonBytes: 0,
        pairs: comparison.pairs.length,
        rows: '',
        cold,
      };
      const url = `${server.origin}/series/${encodeURIComponent(pair.series)}/compare/${pair.old}/${pair.new}`;
      for (let run = 0; run < RUNS; run++) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        // tsx (esbuild, keepNames) wraps functions in `__name(…)`; the functions sent to the page need it defined.
        await context.addInitScript({ content: 'globalThis.__name = (target) => target;' });
        const page = await context.newPage();
        await page.goto(url);
        const timing = await firstRowTiming(page);
        figures.firstRow.push(timing.firstRow);
        figures.apiFetch.push(timing.apiFetch);
        figures.parse.push(timing.parse);
        figures.render.push(timing.render);
        figures.jsonBytes = timing.jsonBytes;
        if (run === RUNS - 1) {
          figures.rows = (await page.locator('.row-counter').textContent()) ?? '';
          figures.filter = await timeFilter(page);
          figures.jump = await timeJump(page);
        }
        await context.close();
      }
      results.push({ pair, figures });
    }

    console.log('');
    console.log(
      `Compare view, time to first render in Chromium (${RUNS} runs each, median; web build ${build}, server cache warm)`,
    );
    console.log('');
    console.log(
      '| pair | sizes (old → new) | pairs | rows | JSON | cold API | compare fetch | response → parsed | parsed → painted | first row (median) | min–max | filter → substantive | jump to end |',
    );
    console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
    for (const { pair, figures } of results) {
      const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
      console.log(
        `| ${pair.name} | ${kb(pair.bytes[0])} → ${kb(pair.bytes[1])} | ${figures.pairs.toLocaleString('en')} | ${
          figures.rows.replace(' rows', '').split(' of ')[1] ?? ''
        } | ${(figures.jsonBytes / 1024 / 1024).toFixed(2)} MB | ${ms(figures.cold)} ms | ${ms(median(figures.apiFetch))} ms | ${ms(
          median(figures.parse),
        )} ms | ${ms(median(figures.render))} ms | ${ms(
          median(figures.firstRow),
        )} ms | ${ms(Math.min(...figures.firstRow))}–${ms(Math.max(...figures.firstRow))} ms | ${ms(
          figures.filter ?? Number.NaN,
        )} ms | ${ms(figures.jump ?? Number.NaN)} ms |`,
      );
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
