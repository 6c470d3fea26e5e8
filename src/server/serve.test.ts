import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from './serve.js';
import { fixedNow, type SampleStore, sampleStore } from './server.fixture.js';

let sample: SampleStore;

beforeAll(async () => {
  sample = await sampleStore();
});

afterAll(async () => {
  await sample?.dispose();
});

describe('startServer', () => {
  it('listens on a free loopback port, answers over real HTTP, and closes', async () => {
    const server = await startServer({ store: sample.store, host: '127.0.0.1', port: 0, now: fixedNow });
    try {
      expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
      expect(server.port).toBeGreaterThan(0);
      const health = await fetch(new URL('api/health', server.url));
      expect(health.status).toBe(200);
      expect(health.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await health.json()).toMatchObject({ ok: true, store: 'sqlite' });
      const missing = await fetch(new URL('api/nope', server.url));
      expect(missing.status).toBe(404);
      expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await missing.json()).toMatchObject({ code: 'E_NOT_FOUND', status: 404 });
      const series = (await (await fetch(new URL('api/series', server.url))).json()) as { series: { name: string }[] };
      expect(series.series.map((s) => s.name)).toEqual(['bluebook']);
    } finally {
      await server.close();
    }
    await expect(fetch(new URL('api/health', server.url))).rejects.toThrow();
  });

  it('refuses a port in use with E_USAGE naming --port', async () => {
    const first = await startServer({ store: sample.store, host: '127.0.0.1', port: 0 });
    try {
      await expect(startServer({ store: sample.store, host: '127.0.0.1', port: first.port })).rejects.toMatchObject({
        code: 'E_USAGE',
        message: expect.stringMatching(/in use \(choose another with --port\)/),
      });
    } finally {
      await first.close();
    }
  });
});
