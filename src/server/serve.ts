/**
 * The server's composition root: binds a listener (@hono/node-server over node:http) to the app of `createApp`.
 * `startServer` resolves once the port is bound, with the URL to open and `close()`, which stops accepting
 * connections, ends idle keep-alive ones, lets requests in flight finish for a grace period (1 s) and then ends every
 * connection left, so it always resolves promptly. The store stays the caller's to close.
 *
 * The server owns one offloading worker pool (align-pool.ts) unless the caller gives one: uncached comparisons and
 * uploads' parsing and aligning run on its threads, so a second-long comparison no longer holds every other request
 * (health checks included) behind it (review of issue 5). Threads start on the first such task, not with the server,
 * and `close()` destroys them after the last connection ends.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { AlignPool, defaultWorkerThreads } from '../application/align-pool.js';
import { PalimpsestError } from '../errors/errors.js';
import { type AppOptions, createApp, DEFAULT_HOST } from './app.js';
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
  return new Promise<RunningServer>((resolvePromise, reject) => {
    const server = serve({ fetch: app.fetch, hostname: host, port });
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
