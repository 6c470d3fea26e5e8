import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE_GRACE_MILLISECONDS, DEFAULT_TIMEOUTS, requestDeadline, startServer } from './serve.js';
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
    // Whether close() had resolved when the answer came: it must not have (the request in flight is let finish).
    let closeResolved = false;
    let answeredBeforeClose: boolean | undefined;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      answeredBeforeClose ??= !closeResolved;
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
    const closed = server.close().then(() => {
      closeResolved = true;
    });
    socket.write(body.slice(10));
    // The keep-alive timeout of the now idle connection is far longer than the grace period: close() must end the
    // connection before it would have.
    expect(CLOSE_GRACE_MILLISECONDS).toBeLessThan(DEFAULT_TIMEOUTS.idleMilliseconds);
    const first = await Promise.race([
      Promise.all([closed, ended]).then(() => 'closed'),
      sleep(DEFAULT_TIMEOUTS.idleMilliseconds).then(() => 'keep-alive timeout'),
    ]);
    // The request was answered (a 400: the form has no file) before close() resolved, not cut off…
    expect(received).toMatch(/^HTTP\/1\.1 400 /);
    expect(received).toContain('E_USAGE');
    expect(received.toLowerCase()).not.toContain('connection: close');
    expect(answeredBeforeClose).toBe(true);
    // …and close() did not wait for the keep-alive timeout of the now idle connection.
    expect(first).toBe('closed');
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

/** A raw client connection: what it received, its closing, and a way to write. */
async function rawConnection(port: number) {
  const socket = connect(port, '127.0.0.1');
  const state = { received: '' };
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    state.received += chunk;
  });
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return { socket, state, closed };
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

describe('startServer timeouts (real sockets, short timeouts)', () => {
  const timeouts = {
    headersMilliseconds: 400,
    idleMilliseconds: 300,
    bodyWindowMilliseconds: 300,
    bodyMinimumBytesPerWindow: 64,
    requestMilliseconds: 5000,
  };
  const uploadHead = (length: number) =>
    'POST /api/series/slow/editions HTTP/1.1\r\nHost: 127.0.0.1\r\n' +
    `Content-Type: multipart/form-data; boundary=b\r\nContent-Length: ${length}\r\n\r\n`;

  it('defaults: headers 10 s, idle 5 s, a body floor of 16 KiB per 10 s, and a deadline a 64 MiB upload at 64 KiB/s meets', () => {
    expect(DEFAULT_TIMEOUTS).toEqual({
      headersMilliseconds: 10_000,
      idleMilliseconds: 5_000,
      bodyWindowMilliseconds: 10_000,
      bodyMinimumBytesPerWindow: 16 * 1024,
    });
    expect(requestDeadline(64 * 1024 * 1024)).toBe(1_024_000);
    expect(requestDeadline(1024)).toBe(120_000);
  });

  it('ends a connection whose headers stop coming (408), a body that trickles (408 E_TIMEOUT) and an idle keep-alive one', async () => {
    const server = await startServer({ store: sample.store, host: '127.0.0.1', port: 0, now: fixedNow, timeouts });
    try {
      // Headers begun and never finished.
      const stalledHeaders = await rawConnection(server.port);
      stalledHeaders.socket.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      // A body announced as 10,000 bytes arriving one byte every 50 ms (20 bytes per 300 ms window, under 64).
      const trickle = await rawConnection(server.port);
      trickle.socket.write(uploadHead(10_000));
      let dribbled = 0;
      const dribble = setInterval(() => {
        if (trickle.socket.destroyed) return;
        trickle.socket.write('x');
        dribbled++;
      }, 50);
      // A complete request on a keep-alive connection, then silence.
      const idle = await rawConnection(server.port);
      idle.socket.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      // Each is ended by the short timeout configured here, before any default one (the shortest, idle, is 5 s)
      // could have ended it.
      const first = await Promise.race([
        Promise.all([stalledHeaders.closed, trickle.closed, idle.closed]).then(() => 'all ended'),
        sleep(DEFAULT_TIMEOUTS.idleMilliseconds).then(() => 'a default timeout'),
      ]).finally(() => clearInterval(dribble));
      expect(first).toBe('all ended');

      expect(stalledHeaders.state.received).toMatch(/^HTTP\/1\.1 408 /);

      expect(trickle.state.received).toMatch(/^HTTP\/1\.1 408 /);
      expect(trickle.state.received).toContain('application/problem+json');
      const problem = JSON.parse(trickle.state.received.slice(trickle.state.received.indexOf('\r\n\r\n') + 4));
      expect(problem).toMatchObject({ code: 'E_TIMEOUT', status: 408 });
      // The body was let begin, then refused for its rate: not refused before its first byte.
      expect(dribbled).toBeGreaterThan(0);

      expect(idle.state.received).toMatch(/^HTTP\/1\.1 200 /);

      // The server still answers.
      expect((await fetch(new URL('api/health', server.url))).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('lets a body that keeps above the floor run for several windows', async () => {
    const server = await startServer({ store: sample.store, host: '127.0.0.1', port: 0, now: fixedNow, timeouts });
    try {
      const body =
        `--b\r\nContent-Disposition: form-data; name="label"\r\n\r\n${'x'.repeat(2000)}\r\n` +
        '--b\r\nContent-Disposition: form-data; name="note"\r\n\r\nx\r\n--b--\r\n';
      const steady = await rawConnection(server.port);
      steady.socket.write(uploadHead(body.length));
      // 100 bytes every 100 ms (300 per window, over 64): about 2 s, several windows.
      for (let at = 0; at < body.length; at += 100) {
        steady.socket.write(body.slice(at, at + 100));
        await sleep(100);
      }
      await sleep(200);
      // Answered by the app (400: the form has no file), not cut off by the floor.
      expect(steady.state.received).toMatch(/^HTTP\/1\.1 400 /);
      expect(steady.state.received).toContain('E_USAGE');
      steady.socket.destroy();
    } finally {
      await server.close();
    }
  });
});
