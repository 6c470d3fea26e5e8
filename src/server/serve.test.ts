import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE_GRACE_MILLISECONDS, startServer } from './serve.js';
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

  it('close() lets a request in flight finish, then ends its keep-alive connection within the grace period', async () => {
    const server = await startServer({ store: sample.store, host: '127.0.0.1', port: 0, now: fixedNow });
    const socket = connect(server.port, '127.0.0.1');
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      received += chunk;
    });
    const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    // An HTTP/1.1 request (keep-alive by default) whose body is still coming when close() is called.
    const body = '--b\r\nContent-Disposition: form-data; name="label"\r\n\r\nx\r\n--b--\r\n';
    socket.write(
      'POST /api/series/keep-alive/editions HTTP/1.1\r\nHost: 127.0.0.1\r\n' +
        `Content-Type: multipart/form-data; boundary=b\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = performance.now();
    const closed = server.close();
    socket.write(body.slice(10));
    await closed;
    const elapsed = performance.now() - started;
    await ended;
    // The request was answered (a 400: the form has no file), not cut off…
    expect(received).toMatch(/^HTTP\/1\.1 400 /);
    expect(received).toContain('E_USAGE');
    expect(received.toLowerCase()).not.toContain('connection: close');
    // …and close() did not wait for the keep-alive timeout (5 s) of the now idle connection.
    expect(elapsed).toBeGreaterThanOrEqual(CLOSE_GRACE_MILLISECONDS - 50);
    expect(elapsed).toBeLessThan(CLOSE_GRACE_MILLISECONDS + 1500);
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
