/**
 * `palimpsest serve [--host 127.0.0.1] [--port 4321] [--store PATH_OR_URL] [--token T] [--sample]`: the HTTP API and
 * the web app over the same store the other commands use, until SIGINT or SIGTERM (the composition root passes
 * `io.onShutdown`). The server module is imported only here, so other commands never load it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PalimpsestError } from '../errors/errors.js';
import { isPostgresLocation, openStore } from '../store/index.js';
import type { Clock } from './add-command.js';
import { type StoreCommandOptions, storeLocation } from './corpus-command.js';
import type { CliIo } from './io.js';
import { loadSample, SAMPLE_SERIES } from './sample.js';

/** Options of the serve command as commander parses them. */
export interface ServeCommandOptions extends StoreCommandOptions {
  host: string;
  port: number;
  token?: string;
  sample?: boolean;
}

export { parsePort } from './choices.js';

/** Run the server until the process is asked to stop; returns the exit status. */
export async function serveCommand(
  options: ServeCommandOptions,
  io: CliIo,
  now: Clock = () => new Date(),
): Promise<number> {
  const onShutdown = io.onShutdown;
  if (onShutdown === undefined) throw new Error('serveCommand needs io.onShutdown to know when to stop');
  const token = options.token ?? (io.env.PALIMPSEST_TOKEN || undefined);
  if (token !== undefined && token.trim() === '') throw new PalimpsestError('E_USAGE', '--token is empty');
  const { startServer } = await import('../server/serve.js');
  const { isLoopbackHost } = await import('../server/security.js');
  const { defaultWebRoot } = await import('../server/static.js');
  const location = storeLocation(options, io);
  const store = await openStore(location);
  // A shared PostgreSQL store has a job queue (issue 16): GET /api/jobs lists it.
  const queue = isPostgresLocation(location)
    ? await (await import('../queue/pg-boss-queue.js')).openJobQueue(location).catch(async (error) => {
        await store.close();
        throw error;
      })
    : undefined;
  try {
    if (options.sample) {
      const added = await loadSample(store, { now });
      const status = added.editions.map((e) => `${e.label} ${e.status}`).join(', ');
      io.stdout.write(`Sample series ${SAMPLE_SERIES}: ${status}\n`);
    }
    const server = await startServer({
      store,
      storeLocation: location,
      host: options.host,
      port: options.port,
      ...(token === undefined ? {} : { token }),
      now,
      ...(queue === undefined ? {} : { jobs: queue }),
      log: (line) => io.stderr.write(`palimpsest serve: ${line}\n`),
    });
    const stopped = new Promise<void>((resolve) => {
      const off = onShutdown(() => {
        off();
        resolve();
      });
    });
    const writes =
      token !== undefined
        ? 'writes need the bearer token'
        : isLoopbackHost(options.host)
          ? 'writes open to this machine only (loopback, no token)'
          : 'writes DISABLED: bound off loopback without --token or PALIMPSEST_TOKEN';
    const built = existsSync(join(defaultWebRoot(), 'index.html'));
    io.stdout.write(
      [
        `Palimpsest is serving ${store.location}`,
        `  open   ${server.url}${options.sample ? `  (series ${SAMPLE_SERIES})` : ''}`,
        `  API    ${server.url}api/openapi.json`,
        `  ${writes}`,
        ...(built ? [] : ['  the web app is not built: run npm run build (the API works without it)']),
        'Press Ctrl-C to stop.',
        '',
      ].join('\n'),
    );
    await stopped;
    io.stderr.write('palimpsest serve: stopping\n');
    await server.close();
  } finally {
    await queue?.stop();
    await store.close();
  }
  return 0;
}
