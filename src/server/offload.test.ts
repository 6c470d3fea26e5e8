import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareStoredJson } from '../application/index.js';
import { addEditionBytes } from '../application/use-cases/upload.js';
import { AlignPool } from '../application/workers/align-pool.js';
import { type EditionStore, openStore } from '../store/index.js';
import { startServer } from './serve.js';
import { fixedNow } from './server.fixture.js';

/** Paragraphs of the synthetic pair: about 0.6 MB of numbered text per edition, sectioned every 25 paragraphs. */
const PARAGRAPHS = 3000;

/** One numbered paragraph of about 200 characters; `revision` changes its wording. */
function paragraph(index: number, revision: number): string {
  const words = ['treaty', 'delegation', 'minister', 'cooperation', 'region', 'security', 'agreement', 'dialogue'];
  const picked = Array.from({ length: 18 }, (_, j) => words[(index * 7 + j * 3 + revision) % words.length]);
  return `Paragraph ${index}. The ${picked.join(' ')} continued in ${1990 + (index % 30)}.`;
}

/** A Markdown edition: the older keeps every paragraph; the newer rewords every 7th, drops every 11th, adds some. */
function edition(newer: boolean): string {
  const lines: string[] = [];
  for (let i = 1; i <= PARAGRAPHS; i++) {
    if (i % 25 === 1) lines.push(`## Article ${Math.ceil(i / 25)}`, '');
    if (newer && i % 11 === 0) continue;
    lines.push(paragraph(i, newer && i % 7 === 0 ? 1 : 0), '');
    if (newer && i % 13 === 0) lines.push(`Paragraph ${i}a. An inserted note on ${paragraph(i + 1, 2)}`, '');
  }
  return lines.join('\n');
}

/** Linux's count of this process's threads (worker threads included). */
function threadCount(): number {
  const match = /^Threads:\s+(\d+)$/m.exec(readFileSync('/proc/self/status', 'utf8'));
  return Number(match?.[1] ?? Number.NaN);
}

/** Resolves once `condition` holds, checking every few milliseconds. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 2));
}

let folder: string;
let store: EditionStore;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'palimpsest-offload-'));
  store = await openStore(join(folder, 'store.db'));
  for (const [label, newer] of [
    ['v1', false],
    ['v2', true],
  ] as const) {
    const bytes = new TextEncoder().encode(edition(newer));
    expect(bytes.byteLength).toBeGreaterThan(500_000);
    await addEditionBytes(store, { series: 'synthetic', label, bytes, sourceName: `${label}.md` }, { now: fixedNow });
  }
}, 120_000);

afterAll(async () => {
  await store?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe('heavy work off the event loop', () => {
  it('answers /api/health while an uncached compare runs on a worker, and the comparison equals the in-process one', async () => {
    const pool = new AlignPool(1, { offload: true });
    const server = await startServer({ store, host: '127.0.0.1', port: 0, now: fixedNow, pool });
    try {
      // ignoreCase is never cached, so this compares the two 0.6 MB trees anew.
      const url = new URL('api/series/synthetic/compare?old=v1&new=v2&ignoreCase=true&format=json', server.url);
      let compareDone = false;
      const compare = fetch(url).then(async (response) => {
        const body = await response.text();
        compareDone = true;
        return { status: response.status, body };
      });
      // The comparison is on the worker (or queued for it while it starts): the event loop must be free now.
      await until(() => pool.pending > 0 || compareDone);
      expect(pool.pending).toBe(1);
      const health = await fetch(new URL('api/health', server.url));
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ ok: true });
      expect(compareDone).toBe(false);
      const answered = await compare;
      expect(answered.status).toBe(200);
      expect(pool.pending).toBe(0);
      const inProcess = await compareStoredJson(store, 'synthetic', 'v1', 'v2', { ignoreCase: true });
      expect(JSON.parse(answered.body)).toEqual(JSON.parse(inProcess));
    } finally {
      await server.close();
      await pool.close();
    }
  }, 120_000);

  it('starts its own pool only when heavy work comes, and close() destroys its threads', async () => {
    const before = threadCount();
    const server = await startServer({ store, host: '127.0.0.1', port: 0, now: fixedNow, workers: 1 });
    let during: number;
    try {
      expect((await fetch(new URL('api/health', server.url))).status).toBe(200);
      expect(threadCount()).toBe(before);
      // ignorePunctuation is never cached either: the server's pool starts a thread for it.
      const url = new URL('api/series/synthetic/compare?old=v1&new=v2&ignorePunctuation=true&format=md', server.url);
      const response = await fetch(url);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('v1');
      during = threadCount();
    } finally {
      await server.close();
    }
    expect(during).toBeGreaterThan(before);
    await until(() => threadCount() <= before);
    expect(threadCount()).toBeLessThanOrEqual(before);
  }, 120_000);

  it('20 concurrent identical uncached compares share one computation: all 200, one pool task', async () => {
    // A queue of 2 behind 1 thread: 20 separate computations would mostly be refused with 503 E_BUSY.
    const pool = new AlignPool(1, { offload: true, maxQueue: 2 });
    const server = await startServer({ store, host: '127.0.0.1', port: 0, now: fixedNow, pool });
    try {
      const url = new URL('api/series/synthetic/compare?old=v1&new=v2&ignoreCase=true', server.url);
      const before = pool.tasks;
      const answers = await Promise.all(
        Array.from({ length: 20 }, async () => {
          const response = await fetch(url);
          return { status: response.status, body: await response.text() };
        }),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
      expect(new Set(answers.map((a) => a.body)).size).toBe(1);
      expect(pool.tasks - before).toBe(1);
      // Once settled nothing is kept: the next identical request computes again (ignoreCase is never cached).
      expect((await fetch(url)).status).toBe(200);
      expect(pool.tasks - before).toBe(2);
      // Other formats of the same pair share one computation of their own.
      const md = await Promise.all([1, 2, 3].map(() => fetch(`${url.href}&format=md`)));
      expect(md.map((r) => r.status)).toEqual([200, 200, 200]);
      expect(pool.tasks - before).toBe(3);
    } finally {
      await server.close();
      await pool.close();
    }
  }, 120_000);

  it('parses and aligns an upload on the server pool with the same result as in process', async () => {
    const server = await startServer({ store, host: '127.0.0.1', port: 0, now: fixedNow, workers: 1 });
    try {
      const form = new FormData();
      const text = `# Small\n\n${paragraph(1, 0)}\n\n${paragraph(2, 0)}\n`;
      form.set('file', new File([text], 'small.md', { type: 'text/markdown' }));
      form.set('label', 'v3');
      const response = await fetch(new URL('api/series/synthetic/editions', server.url), {
        method: 'POST',
        body: form,
      });
      expect(response.status).toBe(201);
      const uploaded = (await response.json()) as { status: string; aligned: number; edition: { format: string } };
      expect(uploaded).toMatchObject({ status: 'added', aligned: 2 });
      const { parseEdition } = await import('../application/workers/align-worker.js');
      const local = await parseEdition({ bytes: new TextEncoder().encode(text), options: { name: 'small.md' } });
      expect(uploaded.edition.format).toBe(local.format);
      const pair = await fetch(new URL('api/series/synthetic/compare?old=v2&new=v3&format=json', server.url));
      const served = JSON.parse(await pair.text());
      expect(served.old.name).toBe('v2');
      // The served comparison was cached by the pool's alignment; in process from the same trees it is the same.
      const { compareDocuments } = await import('../compare/compare.js');
      const { editionDocument } = await import('../application/caches/documents.js');
      const [v2, v3] = [await store.getEdition('synthetic', 'v2'), await store.getEdition('synthetic', 'v3')];
      if (v2 === undefined || v3 === undefined) throw new Error('the editions were not stored');
      const fresh = compareDocuments(await editionDocument(store, v2), await editionDocument(store, v3), {
        oldName: 'v2',
        newName: 'v3',
      });
      expect(served).toEqual(JSON.parse(JSON.stringify(fresh)));
    } finally {
      await server.close();
    }
  }, 120_000);

  it('answers a large pair whole on a compare thread (issue 12): cached or not, JSON, Markdown and HTML as in process', async () => {
    const pool = new AlignPool(1, { offload: true });
    const location = join(folder, 'store.db');
    const server = await startServer({
      store,
      storeLocation: location,
      host: '127.0.0.1',
      port: 0,
      now: fixedNow,
      pool,
    });
    try {
      const base = 'api/series/synthetic/compare?old=v1&new=v2';
      // Uncached (ignoreCase): the thread reads the trees, compares and serialises; the loop answers health meanwhile.
      let done = false;
      const uncached = fetch(new URL(`${base}&ignoreCase=true`, server.url)).then(async (response) => {
        const body = await response.text();
        done = true;
        return { status: response.status, body };
      });
      await until(() => pool.pending > 0 || done);
      expect((await fetch(new URL('api/health', server.url))).status).toBe(200);
      const answered = await uncached;
      expect(answered.status).toBe(200);
      expect(JSON.parse(answered.body)).toEqual(
        JSON.parse(await compareStoredJson(store, 'synthetic', 'v1', 'v2', { ignoreCase: true })),
      );
      // Default options: the cached comparison is read on the thread too; each answer is one task of the pool.
      const before = pool.tasks;
      const json = await fetch(new URL(base, server.url));
      expect(json.status).toBe(200);
      expect(json.headers.get('content-type')).toBe('application/json');
      expect(await json.text()).toBe(await compareStoredJson(store, 'synthetic', 'v1', 'v2'));
      expect(pool.tasks - before).toBe(1);
      const { compareStored } = await import('../application/index.js');
      const { renderReport } = await import('../report/index.js');
      const comparison = await compareStored(store, 'synthetic', 'v1', 'v2');
      const md = await fetch(new URL(`${base}&format=md`, server.url));
      expect(md.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
      expect(await md.text()).toBe(renderReport(comparison, 'md'));
      const html = await fetch(new URL(`${base}&format=html`, server.url));
      const page = await html.text();
      expect(page).toBe(renderReport(comparison, 'html'));
      // The policy allows exactly the report's closing script, found in the bytes' tail.
      const { reportContentSecurityPolicy, trailingScriptHashes } = await import('./security.js');
      expect(html.headers.get('content-security-policy')).toBe(reportContentSecurityPolicy(trailingScriptHashes(page)));
      expect(trailingScriptHashes(page)).toHaveLength(1);
      expect(pool.tasks - before).toBe(3);
      // A missing edition is the same coded problem as in process.
      const missing = await fetch(new URL('api/series/synthetic/compare?old=v1&new=nope', server.url));
      expect(missing.status).toBe(404);
      expect(((await missing.json()) as { code: string }).code).toBe('E_NO_EDITION');
    } finally {
      await server.close();
      await pool.close();
    }
  }, 120_000);
});
