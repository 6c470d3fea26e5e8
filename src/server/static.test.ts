import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app.js';
import { expectProblem, fixedNow, type SampleStore, sampleStore } from './server.fixture.js';
import { defaultWebRoot, resolveInside } from './static.js';

let sample: SampleStore;
let app: Hono;
let root: string;

beforeAll(async () => {
  sample = await sampleStore();
  // A built web app as Vite lays it out, next to a secret that must never be served.
  const parent = mkdtempSync(join(tmpdir(), 'palimpsest-web-'));
  root = join(parent, 'web');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(
    join(root, 'index.html'),
    '<!DOCTYPE html><title>app</title><script type="module" src="/assets/index-B3x9_kQa.js"></script>',
  );
  writeFileSync(join(root, 'assets', 'index-B3x9_kQa.js'), 'console.log("app");');
  writeFileSync(join(root, 'assets', 'style-D4f5g6h7.css'), 'body{}');
  writeFileSync(join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(root, '.env'), 'SECRET=dotfile');
  writeFileSync(join(parent, 'secret.txt'), 'SECRET=outside');
  app = createApp({ store: sample.store, now: fixedNow, webRoot: root });
});

afterAll(async () => {
  await sample?.dispose();
  if (root) rmSync(join(root, '..'), { recursive: true, force: true });
});

describe('the built web app', () => {
  it('serves index.html at / and for client-side routes, revalidated every time', async () => {
    for (const path of ['/', '/compare/bluebook/2020/2022', '/series/bluebook']) {
      const response = await app.request(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toContain('<title>app</title>');
    }
  });

  it('serves hashed assets as immutable with their media types, and other files revalidated', async () => {
    const script = await app.request('/assets/index-B3x9_kQa.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await script.text()).toBe('console.log("app");');
    expect((await app.request('/assets/style-D4f5g6h7.css')).headers.get('content-type')).toBe(
      'text/css; charset=utf-8',
    );
    const icon = await app.request('/favicon.svg');
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    expect(icon.headers.get('cache-control')).toBe('no-cache');
  });

  it('never serves a file outside the web root or a dot file', async () => {
    for (const path of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/..%5csecret.txt',
      '/.env',
      '/%2eenv',
      '/assets/..%00/x',
    ]) {
      const response = await app.request(path);
      const text = await response.text();
      expect(text, path).not.toContain('SECRET');
    }
  });

  it('leaves /api paths to the API', async () => {
    await expectProblem(await app.request('/api/assets/index-B3x9_kQa.js'), 404, 'E_NOT_FOUND');
  });

  it('resolveInside accepts paths inside the root only', () => {
    expect(resolveInside('/srv/web', '/assets/a.js')).toBe('/srv/web/assets/a.js');
    expect(resolveInside('/srv/web', '/a/../../b')).toBeNull();
    expect(resolveInside('/srv/web', '/%E0%A4%A')).toBeNull();
    expect(resolveInside('/srv/web', '/.git/config')).toBeNull();
  });

  it('finds the package web root two levels up from the server module', () => {
    expect(defaultWebRoot()).toMatch(/[/\\]dist[/\\]web[/\\]$/);
  });
});
