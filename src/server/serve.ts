/**
 * The server's composition root: binds a listener (@hono/node-server over node:http) to the app of `createApp`.
 * `startServer` resolves once the port is bound, with the URL to open and `close()`, which stops accepting
 * connections, ends idle keep-alive ones, lets requests in flight finish for a grace period (1 s) and then ends every
 * connection left, so it always resolves promptly. The store stays the caller's to close.
 *
 * The server owns one offloading worker pool (align-pool.ts) unless the caller gives one: uncached comparisons run on
 * its threads, so a second-long comparison no longer holds every other request (health checks included) behind it;
 * given `storeLocation`, uploads and deletions run whole on its writer thread, which opens the
 * store itself (issue 9: an upload's store statements, caches and garbage held the event loop 34 s). Threads start
 * on the first such task, not with the server, and `close()` destroys them after the last connection ends.
 *
 * Clients get bounded time (issue 9: a slow-body upload held its connection 150 s and more): the headers must arrive
 * within 10 s, an idle keep-alive connection ends after 5 s, and a request body must keep making progress — at least
 * 16 KiB in every 10 s (1.6 KiB/s, far below any real link) — or the connection is answered 408 and ended. Why a rate
 * rather than a deadline for the body: a legitimate 64 MiB upload over a 1 Mbit/s link needs about 9 minutes, so any
 * deadline it can meet would let a client trickling one byte a second hold a connection for those 9 minutes; the
 * rate floor ends that client within 10–20 s and never ends an upload that is really moving. Node's own whole-request
 * deadline stays as a backstop sized for the upload limit at 64 KiB/s (17 minutes for 64 MiB).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { serve } from '@hono/node-server';
import { AlignPool, defaultWorkerThreads } from '../application/index.js';
import { PalimpsestError } from '../errors/errors.js';
import { type AppOptions, createApp, DEFAULT_HOST, DEFAULT_MAX_UPLOAD_BYTES } from './app.js';
import { toProblem } from './problem.js';
import { defaultWebRoot } from './static.js';

/** Default port of `palimpsest serve`. */
export const DEFAULT_PORT = 4321;

/** Options of `startServer`: the app's, plus where to listen. */
export interface StartServerOptions extends AppOptions {
  /** Address to bind (default 127.0.0.1). */
  host?: string;
  /** Port to bind (default 4321; 0 picks a free one). */
  port?: number;
  /** How long `close()` lets requests in flight finish before ending every connection (default 1 s). */
  closeGraceMilliseconds?: number;
  /**
   * Worker threads of the pool the server creates when no `pool` is given (default `defaultWorkerThreads()`); 0 makes
   * none, so heavy work runs on the event loop (a benchmark's baseline).
   */
  workers?: number;
  /** How long clients may take over each part of a request (defaults: `DEFAULT_TIMEOUTS`). */
  timeouts?: Partial<ServerTimeouts>;
}

/** How long a client may take over each part of a request before its connection is ended. */
export interface ServerTimeouts {
  /** From a request's first byte to the end of its headers (Node's headersTimeout; answered 408). */
  headersMilliseconds: number;
  /** How long a keep-alive connection may sit idle between requests (Node's keepAliveTimeout). */
  idleMilliseconds: number;
  /** The window over which a request body's progress is measured. */
  bodyWindowMilliseconds: number;
  /** Fewest body bytes a client must send in each window while its body is incomplete (else 408). */
  bodyMinimumBytesPerWindow: number;
  /**
   * From a request's first byte to its last (Node's requestTimeout; answered 408), a backstop behind the rate floor;
   * by default the upload limit at 64 KiB/s, at least 2 minutes.
   */
  requestMilliseconds: number;
}

/** Default timeouts, but for `requestMilliseconds`, which depends on the upload limit (`requestDeadline`). */
export const DEFAULT_TIMEOUTS: Omit<ServerTimeouts, 'requestMilliseconds'> = {
  headersMilliseconds: 10_000,
  idleMilliseconds: 5_000,
  bodyWindowMilliseconds: 10_000,
  bodyMinimumBytesPerWindow: 16 * 1024,
};

/** Slowest link the default whole-request deadline lets a largest upload finish over, in bytes per second. */
const SLOWEST_UPLOAD_LINK = 64 * 1024;

/** The default whole-request deadline for an upload limit: the largest upload at 64 KiB/s, at least 2 minutes. */
export function requestDeadline(maxUploadBytes: number): number {
  return Math.max(120_000, Math.ceil((maxUploadBytes / SLOWEST_UPLOAD_LINK) * 1000));
}

/** Default grace period of `close()`: requests in flight get this long before their connections are ended. */
export const CLOSE_GRACE_MILLISECONDS = 1000;

/** A running server. */
export interface RunningServer {
  /** The base URL, e.g. `http://127.0.0.1:4321/`. */
  url: string;
  /** The bound port (useful with port 0). */
  port: number;
  /**
   * Stops the server; resolves when every connection has ended (at most about the grace period later) and the
   * worker threads it started are destroyed.
   */
  close(): Promise<void>;
}

/** A URL host for an address: IPv6 in brackets. */
function urlHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** A listen failure as a coded error naming what to change. */
function listenError(error: NodeJS.ErrnoException, host: string, port: number): PalimpsestError {
  const where = `${urlHost(host)}:${port}`;
  if (error.code === 'EADDRINUSE')
    return new PalimpsestError(
      'E_USAGE',
      `cannot listen on ${where}: the port is in use (choose another with --port)`,
      {
        cause: error,
      },
    );
  if (error.code === 'EACCES')
    return new PalimpsestError('E_USAGE', `cannot listen on ${where}: permission denied (use a port above 1023)`, {
      cause: error,
    });
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN')
    return new PalimpsestError('E_USAGE', `cannot listen on ${where}: no such local address (check --host)`, {
      cause: error,
    });
  return new PalimpsestError('E_USAGE', `cannot listen on ${where}: ${error.message}`, { cause: error });
}

/** The raw answer to a body that stopped progressing: 408 with a problem+json body, then the connection ends. */
function slowBodyAnswer(timeouts: ServerTimeouts): string {
  const seconds = timeouts.bodyWindowMilliseconds / 1000;
  const problem = {
    ...toProblem(
      new PalimpsestError(
        'E_TIMEOUT',
        `the request body sent fewer than ${timeouts.bodyMinimumBytesPerWindow} bytes in ${seconds} s; the connection is closed`,
      ),
    ),
    status: 408,
  };
  const body = JSON.stringify(problem);
  return (
    'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n' +
    `Content-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  );
}

/**
 * Ends a request whose body makes less than the minimum progress per window: counts the bytes its socket delivered
 * in each window while the body is incomplete and nothing has been answered yet. Reading the socket's counter, not
 * the body stream, leaves the stream to the app (which reads an upload's body at once, so a stall is the client's).
 */
function watchBodyProgress(request: IncomingMessage, response: ServerResponse, timeouts: ServerTimeouts): void {
  if (request.complete || timeouts.bodyWindowMilliseconds <= 0) return;
  const socket: Socket = request.socket;
  let seen = socket.bytesRead;
  const timer = setInterval(() => {
    if (request.complete || response.headersSent || socket.destroyed) {
      clearInterval(timer);
      return;
    }
    const read = socket.bytesRead;
    if (read - seen >= timeouts.bodyMinimumBytesPerWindow) {
      seen = read;
      return;
    }
    clearInterval(timer);
    // As Node answers its own request timeout: written on the socket, which then ends; the app's pending read of
    // the body fails and whatever it answers goes nowhere.
    // The server's sockets are half-open capable, so a client that never closes is not waited for.
    socket.end(slowBodyAnswer(timeouts), () => socket.destroy());
    setTimeout(() => socket.destroy(), 1000).unref();
  }, timeouts.bodyWindowMilliseconds);
  timer.unref();
  const stop = () => clearInterval(timer);
  request.once('end', stop);
  response.once('close', stop);
  response.once('finish', stop);
}

/** Starts the HTTP server on `host:port` with the app over `options.store`; resolves once it listens. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const host = options.host ?? DEFAULT_HOST;
  const port = options.port ?? DEFAULT_PORT;
  // A pool the caller gives stays the caller's to close; one made here is closed with the server.
  const ownPool =
    options.pool === undefined && options.workers !== 0
      ? new AlignPool(options.workers ?? defaultWorkerThreads(), { offload: true })
      : undefined;
  const pool = options.pool ?? ownPool;
  const app = createApp({ ...options, host, webRoot: options.webRoot ?? defaultWebRoot(), ...(pool ? { pool } : {}) });
  const timeouts: ServerTimeouts = {
    ...DEFAULT_TIMEOUTS,
    requestMilliseconds: requestDeadline(options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES),
    ...options.timeouts,
  };
  return new Promise<RunningServer>((resolvePromise, reject) => {
    const server = serve({
      fetch: app.fetch,
      hostname: host,
      port,
      serverOptions: {
        headersTimeout: timeouts.headersMilliseconds,
        requestTimeout: Math.max(timeouts.requestMilliseconds, timeouts.headersMilliseconds),
        keepAliveTimeout: timeouts.idleMilliseconds,
        // Node checks the two deadlines above only this often (30 s by default, which would stretch a 10 s one).
        connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(timeouts.headersMilliseconds / 4))),
      },
    });
    server.on('request', (request: IncomingMessage, response: ServerResponse) =>
      watchBodyProgress(request, response, timeouts),
    );
    const onError = (error: NodeJS.ErrnoException) => {
      void ownPool?.close();
      reject(listenError(error, host, port));
    };
    server.once('error', onError);
    server.once('listening', () => {
      server.off('error', onError);
      const address = server.address() as AddressInfo;
      const close = () =>
        new Promise<void>((done) => {
          // Idle keep-alive connections end now; one busy now would stay open once its answer is sent (until the
          // client or keepAliveTimeout ends it), so after a grace period every connection left is ended.
          const grace = setTimeout(() => {
            if ('closeAllConnections' in server) server.closeAllConnections();
          }, options.closeGraceMilliseconds ?? CLOSE_GRACE_MILLISECONDS);
          grace.unref();
          server.close(() => {
            clearTimeout(grace);
            // After the last connection: no request is left to need a thread.
            if (ownPool === undefined) done();
            else void ownPool.close().then(done, done);
          });
          if ('closeIdleConnections' in server) server.closeIdleConnections();
        });
      resolvePromise({ url: `http://${urlHost(host)}:${address.port}/`, port: address.port, close });
    });
  });
}
