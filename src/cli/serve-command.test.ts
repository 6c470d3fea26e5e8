import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliIo, run } from './run.js';
import { parsePort } from './serve-command.js';

let cwd: string;

beforeAll(() => {
  cwd = mkdtempSync(join(tmpdir(), 'palimpsest-cli-serve-'));
});

afterAll(() => rmSync(cwd, { recursive: true, force: true }));

/** Captured output of one run, with a hook called on every stdout write. */
function captureIo(onStdout: (all: string) => void = () => {}, onShutdown?: CliIo['onShutdown']) {
  const out = { stdout: '', stderr: '' };
  const io: CliIo = {
    stdout: {
      write: (text) => {
        out.stdout += text;
        onStdout(out.stdout);
      },
    },
    stderr: {
      write: (text) => {
        out.stderr += text;
      },
    },
    env: {},
    cwd,
    ...(onShutdown ? { onShutdown } : {}),
  };
  return { io, out };
}

describe('palimpsest serve', () => {
  it('--help describes the options and exits 0 without starting anything', async () => {
    const { io, out } = captureIo();
    expect(await run(['serve', '--help'], io)).toBe(0);
    expect(out.stdout).toMatch(/--host <address>/);
    expect(out.stdout).toMatch(/--port <port>/);
    expect(out.stdout).toMatch(/--token <token>/);
    expect(out.stdout).toMatch(/--sample/);
  });

  it('a bad --port is a coded usage error (exit 2)', async () => {
    for (const port of ['99999', 'http', '-1']) {
      const { io, out } = captureIo();
      expect(await run(['serve', '--port', port], io)).toBe(2);
      expect(out.stderr).toMatch(/^palimpsest: E_USAGE: .*port/);
    }
    expect(parsePort('4321')).toBe(4321);
    expect(parsePort('0')).toBe(0);
    expect(parsePort('65536')).toBeNaN();
  });

  it('--sample serves the sample over the store until asked to stop', async () => {
    let stop: (() => void) | undefined;
    let served: Promise<unknown> | undefined;
    const { io, out } = captureIo(
      (all) => {
        const url = /open {3}(http:\/\/\S+)/.exec(all)?.[1];
        if (url && all.includes('Press Ctrl-C') && served === undefined) {
          served = fetch(new URL('api/series', url))
            .then((response) => response.json())
            .finally(() => stop?.());
        }
      },
      (listener) => {
        stop = listener;
        return () => {
          stop = undefined;
        };
      },
    );
    const status = await run(['serve', '--port', '0', '--sample', '--store', join(cwd, 'serve.db')], io);
    expect(out.stderr).toBe('palimpsest serve: stopping\n');
    expect(status).toBe(0);
    expect(out.stdout).toMatch(/^Sample series bluebook: 2020 added, 2022 added\n/);
    expect(out.stdout).toMatch(/writes open to this machine only/);
    expect(await served).toMatchObject({ series: [{ name: 'bluebook', editionCount: 2 }] });
  });

  it('prints the store without its PostgreSQL password', async () => {
    const server = process.env.PALIMPSEST_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';
    const admin = new pg.Client({ connectionString: server, connectionTimeoutMillis: 3000 });
    try {
      await admin.connect();
    } catch {
      // No PostgreSQL here (CI always has one): nothing to check the redaction against.
      await admin.end().catch(() => {});
      return;
    }
    const schema = `palimpsest_serve_test_${randomBytes(4).toString('hex')}`;
    const url = new URL(server);
    url.password = 'hunter2-secret';
    url.searchParams.set('schema', schema);
    try {
      let stop: (() => void) | undefined;
      const { io, out } = captureIo(
        (all) => {
          if (all.includes('Press Ctrl-C')) stop?.();
        },
        (listener) => {
          stop = listener;
          return () => {
            stop = undefined;
          };
        },
      );
      expect(await run(['serve', '--port', '0', '--store', url.href], io)).toBe(0);
      expect(out.stdout).toMatch(/^Palimpsest is serving postgres:\/\/postgres:\*\*\*@/m);
      expect(out.stdout + out.stderr).not.toContain('hunter2-secret');
    } finally {
      await admin.query(`drop schema if exists "${schema}" cascade`);
      await admin.end();
    }
  });
});
