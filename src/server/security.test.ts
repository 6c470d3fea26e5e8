import { createHash } from 'node:crypto';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app.js';
import {
  APP_CONTENT_SECURITY_POLICY,
  checkAccess,
  hostOfHeader,
  isLoopbackHost,
  secretsEqual,
  trailingScriptHashes,
} from './security.js';
import { expectProblem, fixedNow, type SampleStore, sampleStore } from './server.fixture.js';

let sample: SampleStore;

beforeAll(async () => {
  sample = await sampleStore();
});

afterAll(async () => {
  await sample?.dispose();
});

/** An app over the sample store bound (in name) to `host`, with an optional token. */
function appFor(host: string, token?: string): Hono {
  return createApp({ store: sample.store, host, now: fixedNow, ...(token === undefined ? {} : { token }) });
}

/** A write that passes the access rules only to fail on the missing series (404), or is refused (401 or 403). */
function deleteMissing(app: Hono, headers: Record<string, string> = {}, base = ''): Promise<Response> {
  return Promise.resolve(app.request(`${base}/api/series/no-such-series`, { method: 'DELETE', headers }));
}

describe('token rules for writes', () => {
  it('loopback without a token: writes are open', async () => {
    for (const host of ['127.0.0.1', '::1', 'localhost']) {
      await expectProblem(await deleteMissing(appFor(host)), 404, 'E_NO_SERIES');
    }
  });

  it('off loopback without a token: writes are refused with 403 and no Bearer challenge, reads stay public', async () => {
    const app = appFor('0.0.0.0');
    const refused = await deleteMissing(app);
    expect(refused.headers.get('www-authenticate')).toBeNull();
    const problem = await expectProblem(refused, 403, 'E_FORBIDDEN');
    expect(problem.detail).toMatch(/--token or PALIMPSEST_TOKEN/);
    await expectProblem(await deleteMissing(app, { authorization: 'Bearer anything' }), 403, 'E_FORBIDDEN');
    expect((await app.request('/api/series')).status).toBe(200);
    expect((await app.request('http://203.0.113.7:4321/api/series')).status).toBe(200);
  });

  it('off loopback with a token: only the right bearer token writes; a missing or wrong one is 401', async () => {
    const app = appFor('0.0.0.0', 's3cret-token');
    const missing = await deleteMissing(app);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="palimpsest"');
    await expectProblem(missing, 401, 'E_UNAUTHORIZED');
    await expectProblem(await deleteMissing(app, { authorization: 'Bearer wrong' }), 401, 'E_UNAUTHORIZED');
    await expectProblem(await deleteMissing(app, { authorization: 'Basic czNjcmV0LXRva2Vu' }), 401, 'E_UNAUTHORIZED');
    await expectProblem(await deleteMissing(app, { authorization: 'Bearer s3cret-token' }), 404, 'E_NO_SERIES');
    await expectProblem(await deleteMissing(app, { authorization: 'bearer s3cret-token' }), 404, 'E_NO_SERIES');
  });

  it('loopback with a token: writes need it too', async () => {
    const app = appFor('127.0.0.1', 'tok');
    await expectProblem(await deleteMissing(app), 401, 'E_UNAUTHORIZED');
    await expectProblem(await deleteMissing(app, { authorization: 'Bearer tok' }), 404, 'E_NO_SERIES');
  });

  it('refuses writes sent by another site (CSRF) with 403 but not by the app itself', async () => {
    const app = appFor('127.0.0.1');
    const foreign = await deleteMissing(app, { origin: 'https://evil.example' });
    expect(foreign.headers.get('www-authenticate')).toBeNull();
    await expectProblem(foreign, 403, 'E_FORBIDDEN');
    await expectProblem(await deleteMissing(app, { origin: 'null' }), 403, 'E_FORBIDDEN');
    await expectProblem(
      await deleteMissing(appFor('127.0.0.1', 'tok'), { origin: 'https://evil.example', authorization: 'Bearer tok' }),
      403,
      'E_FORBIDDEN',
    );
    await expectProblem(await deleteMissing(app, { origin: 'http://localhost' }), 404, 'E_NO_SERIES');
  });

  it('a loopback server refuses requests naming a foreign host (DNS rebinding); an open server does not', async () => {
    await expectProblem(await appFor('127.0.0.1').request('http://rebind.example:4321/api/series'), 403, 'E_FORBIDDEN');
    expect((await appFor('127.0.0.1').request('http://127.0.0.1:4321/api/series')).status).toBe(200);
    expect((await appFor('127.0.0.1').request('http://[::1]:4321/api/series')).status).toBe(200);
    expect((await appFor('0.0.0.0').request('http://rebind.example:4321/api/series')).status).toBe(200);
  });

  it('refuses an empty token at construction', () => {
    expect(() => appFor('127.0.0.1', ' ')).toThrow(/token is empty/);
  });
});

describe('security headers', () => {
  it('are on every kind of response: JSON, problem, web page', async () => {
    const app = appFor('127.0.0.1');
    for (const path of ['/api/health', '/api/series/nope', '/api/nope', '/', '/some/route']) {
      const response = await app.request(path);
      expect(response.headers.get('content-security-policy'), path).toBe(APP_CONTENT_SECURITY_POLICY);
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('referrer-policy'), path).toBe('no-referrer');
    }
    expect((await app.request('/api/health')).headers.get('cache-control')).toBe('no-store');
  });

  it('an HTML report is sandboxed and may run only its own trailing script', async () => {
    const response = await appFor('127.0.0.1').request('/api/series/bluebook/compare?old=2020&new=2022&format=html');
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toMatch(/^sandbox allow-scripts; default-src 'none'; script-src 'sha256-[A-Za-z0-9+/=]+';/);
    expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);
    const html = await response.text();
    const script = /<script>([\s\S]*)<\/script>\s*<\/body>/.exec(html)?.[1] ?? '';
    expect(script.length).toBeGreaterThan(0);
    const hash = createHash('sha256').update(script, 'utf8').digest('base64');
    expect(policy).toContain(`'sha256-${hash}'`);
  });

  it('SVG, CSV and Markdown documents are sandboxed without scripts', async () => {
    const app = appFor('127.0.0.1');
    for (const path of [
      '/api/series/bluebook/trace?phrase=security&format=svg',
      '/api/series/bluebook/trace?phrase=security&format=csv',
      '/api/series/bluebook/compare?old=2020&new=2022&format=md',
    ]) {
      const policy = (await app.request(path)).headers.get('content-security-policy') ?? '';
      expect(policy, path).toMatch(/^sandbox; default-src 'none';/);
      expect(policy, path).not.toContain('script-src');
    }
  });
});

describe('security helpers', () => {
  it('isLoopbackHost knows loopback names and addresses only', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', 'LOCALHOST', 'app.localhost']) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
    for (const host of ['0.0.0.0', '::', '192.168.1.2', 'example.org', 'localhost.example.org', '128.0.0.1']) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });

  it('hostOfHeader drops the port', () => {
    expect(hostOfHeader('localhost:4321')).toBe('localhost');
    expect(hostOfHeader('[::1]:80')).toBe('[::1]');
    expect(hostOfHeader('example.org')).toBe('example.org');
  });

  it('secretsEqual compares whole secrets', () => {
    expect(secretsEqual('abc', 'abc')).toBe(true);
    expect(secretsEqual('abc', 'abcd')).toBe(false);
    expect(secretsEqual('', 'a')).toBe(false);
  });

  it('checkAccess lets reads through on an open server and names the fix when refusing', () => {
    expect(() => checkAccess({ host: '0.0.0.0' }, { method: 'GET', host: 'example.org' })).not.toThrow();
    expect(() => checkAccess({ host: '0.0.0.0' }, { method: 'POST', host: 'example.org' })).toThrow(/--token/);
  });

  it('trailingScriptHashes hashes only a script that closes the body', () => {
    expect(trailingScriptHashes('<body><script>a()</script></body>')).toEqual([
      `sha256-${createHash('sha256').update('a()').digest('base64')}`,
    ]);
    expect(trailingScriptHashes('<body><script>a()</script><p>text</p></body>')).toEqual([]);
    expect(trailingScriptHashes('<body><p>no script</p></body>')).toEqual([]);
  });
});
