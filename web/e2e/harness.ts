/**
 * What the browser tests and the web benchmark share: building the web app when its build is missing or older than
 * its sources, starting the real server (startServer of src/server/serve.ts) on a loopback port over a temporary
 * SQLite store with the sample loaded, or `palimpsest serve` as a process over a PostgreSQL store (the job queue,
 * issue 16), and launching Debian's Chromium through playwright-core — never a downloaded browser.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { it } from 'vitest';
import { loadSample } from '../../src/cli/sample.js';
import { type RunningServer, startServer } from '../../src/server/serve.js';
import { type EditionStore, openStore } from '../../src/store/index.js';

/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Where the web app is built (vite.config.ts writes there). */
export const WEB_ROOT = join(REPO_ROOT, 'dist', 'web');

/** Debian's Chromium, installed with apt (in CI by .ci/run). */
export const CHROMIUM = process.env.PALIMPSEST_CHROMIUM ?? '/usr/bin/chromium';

/** Flags for a quiet, sandbox-free headless Chromium that makes no requests of its own. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Whether the browser can run here; `required` (in CI) turns its absence into a failure instead of a skip. */
export function browserAvailability(): { available: true } | { available: false; required: boolean; reason: string } {
  if (existsSync(CHROMIUM)) return { available: true };
  return {
    available: false,
    required: process.env.CI === 'true',
    reason: `Chromium not found at ${CHROMIUM}: install Debian's chromium (apt-get install chromium fonts-ipafont-gothic) to run the browser tests`,
  };
}

/**
 * Whether a browser test file runs: when Chromium is missing it registers a test that fails in CI (the browser tests
 * must run there) or a skipped one elsewhere, with the reason, and answers false.
 */
export function browserTestsRun(what: string): boolean {
  const availability = browserAvailability();
  if (availability.available) return true;
  if (availability.required) {
    it('runs the browser tests in CI', () => {
      throw new Error(`${availability.reason} (CI=true: the browser tests must run)`);
    });
  } else {
    console.warn(`${what}: skipped: ${availability.reason}`);
    it.skip(`browser tests (skipped: ${availability.reason})`, () => {});
  }
  return false;
}

/** The newest modification time of the files under `path` (a file or a folder). */
function newestTime(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestTime(join(path, entry)));
  return newest;
}

/** Builds dist/web with Vite when it is missing or older than web/src, web/index.html or the Vite config. */
export async function ensureWebBuild(): Promise<'built' | 'fresh'> {
  const index = join(WEB_ROOT, 'index.html');
  // The app imports only types from src/, and the edition palette and stylesheet it shares with the CLI's HTML pages.
  const sources = [
    'web/src',
    'web/index.html',
    'web/vite.config.ts',
    'src/report/edition-palette.ts',
    'src/report/shared-styles.ts',
  ].map((p) => resolve(REPO_ROOT, p));
  if (existsSync(index)) {
    const built = statSync(index).mtimeMs;
    if (sources.every((s) => !existsSync(s) || newestTime(s) <= built)) return 'fresh';
  }
  const { build } = await import('vite');
  await build({ configFile: join(REPO_ROOT, 'web', 'vite.config.ts'), logLevel: 'warn' });
  return 'built';
}

/** A running server over a temporary store, and how to stop it. */
export interface TestServer {
  /** Base URL without the trailing slash, e.g. `http://127.0.0.1:40123`. */
  origin: string;
  store: EditionStore;
  close(): Promise<void>;
}

/** Starts the real server on 127.0.0.1, port 0, over a fresh SQLite store with the Bluebook sample loaded. */
export async function startSampleServer(): Promise<TestServer> {
  const folder = mkdtempSync(join(tmpdir(), 'palimpsest-web-'));
  const store = await openStore(join(folder, 'store.db'));
  const now = () => new Date('2026-01-02T03:04:05Z');
  let server: RunningServer | undefined;
  try {
    await loadSample(store, { now });
    server = await startServer({
      store,
      host: '127.0.0.1',
      port: 0,
      webRoot: WEB_ROOT,
      now,
      log: (line) => console.error(line),
    });
  } catch (error) {
    await store.close();
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
  const running = server;
  return {
    origin: running.url.replace(/\/$/, ''),
    store,
    close: async () => {
      await running.close();
      await store.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** Launches Debian's Chromium headless (playwright gives it a fresh temporary profile). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}

/** Uploads a text edition through the API (multipart, as the web app does). */
export async function uploadText(
  origin: string,
  series: string,
  edition: { label: string; text: string; date?: string; lang?: string; name?: string },
): Promise<unknown> {
  const form = new FormData();
  form.set('file', new File([edition.text], edition.name ?? `${edition.label}.txt`, { type: 'text/plain' }));
  form.set('label', edition.label);
  if (edition.date) form.set('date', edition.date);
  if (edition.lang) form.set('lang', edition.lang);
  const response = await fetch(`${origin}/api/series/${encodeURIComponent(series)}/editions`, {
    method: 'POST',
    body: form,
    signal: AbortSignal.timeout(300_000),
  });
  const body = await response.json();
  if (response.status !== 201) throw new Error(`upload of ${series}/${edition.label} failed: ${JSON.stringify(body)}`);
  return body;
}

/** A `palimpsest serve` process over a PostgreSQL store (its job queue included), and how to stop it. */
export interface ServeProcess {
  /** Base URL without the trailing slash. */
  origin: string;
  close(): Promise<void>;
}

/**
 * Starts the real `palimpsest serve --store <url> --port 0` in a child process (from the sources, with tsx), as a
 * shared deployment runs it: on a PostgreSQL store the server opens the job queue and enqueues uploads for
 * `palimpsest worker` processes. Resolves with the origin it prints once it listens.
 */
export async function startServeProcess(store: string): Promise<ServeProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/bin.ts', 'serve', '--store', store, '--port', '0'],
    { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let said = '';
  const origin = await new Promise<string>((resolvePromise, reject) => {
    const hear = (chunk: Buffer) => {
      said += chunk.toString();
      const url = /open\s+(http:\/\/\S+?)\/?\s/.exec(said)?.[1];
      if (url) resolvePromise(url);
    };
    child.stdout?.on('data', hear);
    child.stderr?.on('data', hear);
    child.once('exit', (code) => reject(new Error(`palimpsest serve exited with ${code}: ${said}`)));
  });
  return {
    origin,
    close: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolvePromise) => child.once('exit', resolvePromise));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
