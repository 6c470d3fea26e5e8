import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERIES_TEXTS } from '../collate/series.fixture.js';
import { isPalimpsestError } from '../errors/errors.js';
import { runCli } from '../testing/cli.js';
import { jobsFor } from './add-command.js';
import type { CliIo } from './run.js';

const repoRoot = new URL('../../', import.meta.url).pathname;
const now = () => new Date('2024-05-06T07:08:09Z');

let folder: string;
let editions: string;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'palimpsest-cli-add-'));
  editions = join(folder, 'editions');
  mkdirSync(editions);
  // Seven editions, six pairs to align: the collate fixture's five, then the Bluebook pair.
  for (const [index, { label, text }] of SERIES_TEXTS.entries()) {
    writeFileSync(join(editions, `0${index + 1}-${label}-04-01.txt`), text);
  }
  copyFileSync(join(repoRoot, 'examples/bluebook/2020-ch3-s1.txt'), join(editions, '06-2025-01-01_bluebook.txt'));
  copyFileSync(join(repoRoot, 'examples/bluebook/2022-ch3-s1.txt'), join(editions, '07-2026-01-01_bluebook.txt'));
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Run the CLI in process with captured streams. */
function cli(argv: string[], env: CliIo['env'] = {}) {
  return runCli(argv, { env, cwd: folder, now });
}

describe('the number of jobs', () => {
  it('comes from --jobs, else PALIMPSEST_JOBS, else the cores the process may use', () => {
    expect(jobsFor({ jobs: 3 }, { PALIMPSEST_JOBS: '2' })).toBe(3);
    expect(jobsFor({}, { PALIMPSEST_JOBS: ' 2 ' })).toBe(2);
    expect(jobsFor({}, { PALIMPSEST_JOBS: '' })).toBe(Math.max(1, availableParallelism() - 1));
    expect(jobsFor({}, {})).toBe(Math.max(1, availableParallelism() - 1));
    for (const bad of ['0', 'two', '1.5', '-1']) {
      let code = 'no error';
      try {
        jobsFor({}, { PALIMPSEST_JOBS: bad });
      } catch (error) {
        if (isPalimpsestError(error)) code = error.code;
      }
      expect(code, bad).toBe('E_USAGE');
    }
  });

  it('is documented in the help of add and refused when not a whole number ≥ 1', async () => {
    const help = await cli(['add', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/-j, --jobs <n>[\s\S]*PALIMPSEST_JOBS/);
    const zero = await cli(['add', 'series', 'editions', '--jobs', '0', '--store', join(folder, 'zero.db')]);
    expect(zero.status).toBe(2);
    expect(zero.stderr).toMatch(/--jobs.*whole number ≥ 1/);
    const env = await cli(['add', 'series', 'editions', '--store', join(folder, 'env.db')], { PALIMPSEST_JOBS: 'x' });
    expect(env.status).toBe(2);
    expect(env.stderr).toBe("palimpsest: E_USAGE: PALIMPSEST_JOBS expects a whole number ≥ 1, got 'x'\n");
  });

  it('gives the same history in process and on two workers', async () => {
    const histories = [];
    for (const jobs of ['1', '2']) {
      const store = join(folder, `history-${jobs}.db`);
      const added = await cli(['add', 'series', 'editions', '--lang', 'en', '--jobs', jobs, '--store', store]);
      expect(added.stderr).toBe('');
      expect(added.stdout).toContain('series: 7 added, 0 unchanged, 0 replaced; 6 consecutive pairs aligned');
      const history = await cli(['history', 'series', '--format', 'json', '--store', store]);
      expect(history.status).toBe(0);
      histories.push(JSON.parse(history.stdout));
    }
    expect(histories[1]).toEqual(histories[0]);
  });
});

/** Source files the build compiles (tsconfig.build.json's exclusions), relative to src/. */
function builtSources(dir = join(repoRoot, 'src')): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'fixtures') files.push(...builtSources(path));
    } else if (/\.ts$/.test(entry.name) && !/\.(test|fixture|d)\.ts$/.test(entry.name)) {
      files.push(relative(join(repoRoot, 'src'), path));
    }
  }
  return files.filter((file) => file !== join('store', 'contract.ts'));
}

/** Whether dist/ misses or predates a compiled source (`npm install` builds it; an edit makes it stale). */
function distIsStale(): boolean {
  return builtSources().some((file) => {
    const built = join(repoRoot, 'dist', file.replace(/\.ts$/, '.js'));
    return !existsSync(built) || statSync(built).mtimeMs < statSync(join(repoRoot, 'src', file)).mtimeMs;
  });
}

describe('the built binary', () => {
  beforeAll(() => {
    if (!distIsStale()) return;
    const build = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 240_000,
    });
    expect(build.stdout + build.stderr).toBe('');
    expect(build.status).toBe(0);
  }, 250_000);

  /** Run `node bin/palimpsest.js ARGS` as a user would, in the temporary folder. */
  function spawnBuilt(args: string[], env: Record<string, string> = {}) {
    return spawnSync(process.execPath, [join(repoRoot, 'bin/palimpsest.js'), ...args], {
      cwd: folder,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', ...env },
      timeout: 60_000,
    });
  }

  it('adds a series on worker threads, exits 0 and leaves nothing running', () => {
    const store = join(folder, 'built.db');
    // NODE_DEBUG=worker makes Node itself report each worker thread it creates, on stderr.
    const added = spawnBuilt(['add', 'built', 'editions', '--store', store, '--jobs', '2'], { NODE_DEBUG: 'worker' });
    // A worker left alive would keep the process running until spawnSync's timeout kills it (status null).
    expect(added.signal).toBe(null);
    expect(added.status).toBe(0);
    expect(added.stderr).toMatch(/created Worker with ID 1\b/);
    expect(added.stderr).toMatch(/created Worker with ID 2\b/);
    expect(added.stdout).toMatch(/^added built 01-2016-04-01\n/);
    expect(added.stdout).toContain('built: 7 added, 0 unchanged, 0 replaced; 6 consecutive pairs aligned\n');
    // In process with PALIMPSEST_JOBS=1: no thread, the same history.
    const single = spawnBuilt(['add', 'built', 'editions', '--store', join(folder, 'single.db')], {
      NODE_DEBUG: 'worker',
      PALIMPSEST_JOBS: '1',
    });
    expect(single.status).toBe(0);
    expect(single.stderr).not.toMatch(/created Worker/);
    const history = (db: string) => spawnBuilt(['history', 'built', '--format', 'json', '--store', db]).stdout;
    expect(JSON.parse(history(store))).toEqual(JSON.parse(history(join(folder, 'single.db'))));
  });
});
