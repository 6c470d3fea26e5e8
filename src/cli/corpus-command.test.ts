import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, runCli } from '../testing/cli.js';
import { parseSectionPath } from './blame-command.js';
import { storeLocation } from './corpus-command.js';
import type { CliIo } from './run.js';

const repoRoot = new URL('../../', import.meta.url).pathname;
const OLD = join(repoRoot, 'examples/bluebook/2020-ch3-s1.txt');
const NEW = join(repoRoot, 'examples/bluebook/2022-ch3-s1.txt');
const now = () => new Date('2024-05-06T07:08:09Z');

let cwd: string;

/** Run the CLI in the temporary folder, its store there unless the env says otherwise. */
function cli(argv: string[], options: { env?: CliIo['env']; tty?: boolean } = {}): Promise<CliRun> {
  return runCli(argv, { ...options, cwd, now, stderrColumns: 80 });
}

function expectFailure(result: CliRun, code: string): void {
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(new RegExp(`^palimpsest: ${code}: `));
  expect(result.status).not.toBe(0);
}

beforeAll(async () => {
  cwd = mkdtempSync(join(tmpdir(), 'palimpsest-cli-corpus-'));
  const sample = await cli(['sample']);
  expect(sample.stderr).toBe('');
  expect(sample.status).toBe(0);
});

afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('palimpsest sample', () => {
  it('loads the Bluebook pair into ./palimpsest.db and shows the redline, history, blame and trace; re-running is idempotent', async () => {
    const again = await cli(['sample']);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('2020 unchanged, 2022 unchanged');
    // The redline comes first: the headline rewording of the security environment, in plain-text markers.
    const redline = again.stdout.indexOf('[-more testing and uncertain');
    expect(redline).toBeGreaterThan(0);
    expect(again.stdout.indexOf('{+increasingly severe')).toBeGreaterThan(redline);
    expect(again.stdout.indexOf('palimpsest history bluebook')).toBeGreaterThan(redline);
    expect(again.stdout).toContain('2020 → 2022');
    expect(again.stdout).toContain('Maintaining territorial integrity');
    expect(again.stdout).toMatch(/moved from \(3\) to \(2\) in 2022/);
    expect(again.stdout).toMatch(/2020 +2020 +0\n2022 +2022 +1/);
  });
});

describe('store location', () => {
  it('prefers --store, then PALIMPSEST_STORE, then palimpsest.db in the working directory', () => {
    const io = { stdout: { write() {} }, stderr: { write() {} }, cwd: '/w', env: { PALIMPSEST_STORE: 'env.db' } };
    expect(storeLocation({ store: 'x.db' }, io)).toBe('/w/x.db');
    expect(storeLocation({}, io)).toBe('/w/env.db');
    expect(storeLocation({}, { ...io, env: {} })).toBe('/w/palimpsest.db');
    expect(storeLocation({ store: 'postgres://u@h/db' }, io)).toBe('postgres://u@h/db');
  });

  it('reads PALIMPSEST_STORE from the environment', async () => {
    const result = await cli(['list'], { env: { PALIMPSEST_STORE: 'palimpsest.db' } });
    expect(result.stdout).toContain('bluebook');
    const other = await cli(['list'], { env: { PALIMPSEST_STORE: 'other.db' } });
    expectFailure(other, 'E_NO_STORE');
    expect(other.stderr).toContain(join(cwd, 'other.db'));
  });
});

describe('commands that only read', () => {
  const reads = [
    ['list'],
    ['show', 'bluebook'],
    ['search', 'territorial'],
    ['compare', 'bluebook', '2020', '2022'],
    ['history', 'bluebook'],
    ['blame', 'bluebook'],
    ['trace', 'bluebook', 'increasingly severe'],
  ];

  it('never create a store: where there is none they answer E_NO_STORE and leave the directory empty', async () => {
    const home = cwd;
    cwd = mkdtempSync(join(tmpdir(), 'palimpsest-cli-nostore-'));
    try {
      for (const argv of reads) {
        const result = await cli(argv);
        expectFailure(result, 'E_NO_STORE');
        expect(readdirSync(cwd), argv.join(' ')).toEqual([]);
      }
      // Comparing two files needs no store at all.
      const files = await cli(['compare', OLD, NEW, '--format', 'json']);
      expect(files.status).toBe(0);
      expect(JSON.parse(files.stdout)).toMatchObject({ schemaVersion: 1 });
      expect(readdirSync(cwd)).toEqual([]);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
      cwd = home;
    }
  });

  it('read a store file they may not write (chmod 444) through a read-only connection, changing none of it', async () => {
    const copy = join(cwd, 'readonly.db');
    const made = await cli(['add', 'ro', OLD, NEW, '--store', copy]);
    expect(made.status).toBe(0);
    chmodSync(copy, 0o444);
    try {
      const before = readFileSync(copy);
      for (const argv of reads) {
        const renamed = { bluebook: 'ro', '2020': '2020-ch3-s1', '2022': '2022-ch3-s1' } as Record<string, string>;
        const result = await cli([...argv.map((a) => renamed[a] ?? a), '--store', copy]);
        expect(result.stderr, argv.join(' ')).toBe('');
        expect(result.status, argv.join(' ')).toBe(0);
      }
      expect(readFileSync(copy).equals(before)).toBe(true);
    } finally {
      chmodSync(copy, 0o644);
    }
  });
});

describe('store locations in output', () => {
  it('never print a PostgreSQL password, in errors or in output', async () => {
    const down = await cli(['sample', '--store', 'postgres://someone:hunter2@127.0.0.1:1/nowhere']);
    expectFailure(down, 'E_STORE');
    expect(down.stderr).toContain('postgres://someone:***@127.0.0.1:1/nowhere');
    const malformed = await cli(['list', '--store', 'postgres://someone:hunter2@[bad/x']);
    expect(malformed.status).not.toBe(0);
    expect(malformed.stderr).not.toContain('hunter2');
    const server = new URL(process.env.PALIMPSEST_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test');
    const schema = `palimpsest_cli_redact_${process.pid}`;
    server.password = 'hunter2';
    server.searchParams.set('schema', schema);
    const sample = await cli(['sample', '--store', server.href]);
    if (sample.status === 0) {
      expect(sample.stdout).toContain(`${server.username}:***@`);
      expect(sample.stdout).not.toContain('hunter2');
      const pg = await import('pg');
      const client = new pg.default.Client({ connectionString: server.href });
      await client.connect();
      await client.query(`drop schema if exists "${schema}" cascade`);
      await client.end();
    } else if (process.env.CI) {
      throw new Error(`PostgreSQL is needed in CI: ${sample.stderr}`);
    }
    expect(`${sample.stdout}${sample.stderr}`).not.toContain('hunter2');
  });
});

describe('add, list, show, remove', () => {
  it('adds one file with a label, is idempotent, refuses a clash, replaces on request', async () => {
    const first = await cli(['add', 'pair', OLD, '--edition', 'a', '--date', '2020', '--lang', 'en']);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/^added pair a\n {2}text, utf-8, 5\.1 KiB, sha256 6f7f38efd804/);
    expect((await cli(['add', 'pair', OLD, '--edition', 'a'])).stdout).toMatch(/^unchanged pair a/);
    expectFailure(await cli(['add', 'pair', NEW, '--edition', 'a']), 'E_EXISTS');
    expect((await cli(['add', 'pair', NEW, '--edition', 'a', '--replace'])).stdout).toMatch(/^replaced pair a/);
    expectFailure(await cli(['add', 'pair', 'missing.txt', '--edition', 'b']), 'E_NOT_FOUND');
    expectFailure(await cli(['add', 'pair', OLD, '--edition', 'b', '--date', 'yesterday']), 'E_USAGE');
  });

  it('bulk-adds a directory with labels and dates from file names, a line per edition off a terminal', async () => {
    const dir = join(cwd, 'editions');
    mkdirSync(dir);
    writeFileSync(join(dir, '01-2019-03-01_aaa.md'), '# Terms\n\n## 1 Use\n\nBe nice to others.\n');
    writeFileSync(join(dir, '02-2020-04-01_bbb.md'), '# Terms\n\n## 1 Use\n\nBe nice to others. Do not spam.\n');
    writeFileSync(join(dir, '03-2021-05-01_ccc.md'), '# Terms\n\n## 1 Use\n\nBe kind to others. Do not spam.\n');
    writeFileSync(join(dir, 'manifest.json'), '{}');
    const result = await cli(['add', 'tos', 'editions']);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(
      'added tos 01-2019-03-01_aaa\nadded tos 02-2020-04-01_bbb\nadded tos 03-2021-05-01_ccc\n' +
        'tos: 3 added, 0 unchanged, 0 replaced; 2 consecutive pairs aligned\n',
    );
    const tty = await cli(['add', 'tos', 'editions'], { tty: true });
    expect(tty.stderr).toContain('] 3/3 ');
    expect(tty.stderr.endsWith('\r\u001b[2K')).toBe(true);
    expect(tty.stdout).toContain('0 added, 3 unchanged');
    const show = await cli(['show', 'tos']);
    expect(show.stdout).toMatch(/01-2019-03-01_aaa +2019-03-01 +markdown/);
    const list = await cli(['list']);
    expect(list.stdout).toMatch(/bluebook +2 +2020 +2022/);
    expect(list.stdout).toMatch(/tos +3 +2019-03-01 +2021-05-01/);
    const json = JSON.parse((await cli(['list', '--format', 'json'])).stdout);
    expect(json.series.map((s: { name: string }) => s.name)).toContain('tos');
    const blame = JSON.parse((await cli(['blame', 'tos', '--format', 'json'])).stdout);
    const spam = blame.sentences.find((s: { text: string }) => s.text === 'Do not spam.');
    expect(spam.since).toBe(1);
  });

  it('removes an edition, then a series; unknown ones are coded errors', async () => {
    expect((await cli(['remove', 'pair', 'a'])).stdout).toBe('removed pair a\n');
    // 'a' was the series' last edition: the series went with it.
    expectFailure(await cli(['show', 'pair']), 'E_NO_SERIES');
    expectFailure(await cli(['remove', 'bluebook', '2019']), 'E_NO_EDITION');
    expect((await cli(['remove', 'tos'])).stdout).toBe('removed series tos (3 editions)\n');
    expectFailure(await cli(['show', 'tos']), 'E_NO_SERIES');
    expectFailure(await cli(['remove', 'nope']), 'E_NO_SERIES');
  });
});

describe('add from standard input (-)', () => {
  it('stores standard input as one edition whose source is <stdin>', async () => {
    const text = readFileSync(OLD, 'utf8');
    const store = ['--store', 'stdin.db'];
    const added = await runCli(['add', 'piped', '-', '--edition', '2020', '--date', '2020', ...store], {
      cwd,
      now,
      stdin: [text.slice(0, 1000), text.slice(1000)],
    });
    expect(added.stderr).toBe('');
    expect(added.stdout).toMatch(/^added piped 2020\n {2}text, utf-8, 5\.1 KiB, sha256 6f7f38efd804/);
    const shown = JSON.parse((await cli(['show', 'piped', '--format', 'json', ...store])).stdout);
    expect(shown.editions[0]).toMatchObject({ label: '2020', date: '2020', source: { name: '<stdin>' } });
  });

  it('needs --edition and no other source, and stores nothing from standard input over --max-size', async () => {
    const run = (argv: string[], stdin = 'Chapter 1\n\nText.\n') => runCli(argv, { cwd, now, stdin });
    const unlabelled = await run(['add', 'piped', '-', '--store', 'never.db']);
    expectFailure(unlabelled, 'E_USAGE');
    expect(unlabelled.stderr).toContain('--edition');
    expectFailure(await run(['add', 'piped', '-', OLD, '--store', 'never.db']), 'E_USAGE');
    const large = await run(
      ['add', 'piped', '-', '--edition', 'x', '--max-size', '1k', '--store', 'never.db'],
      'x'.repeat(2000),
    );
    expectFailure(large, 'E_TOO_LARGE');
    expect(large.stderr).toContain("'<stdin>'");
    expect(readdirSync(cwd)).not.toContain('never.db');
  });
});

describe('add of bytes the series already holds under another label', () => {
  it('is refused with E_DUPLICATE naming that edition, nothing stored, unless --allow-duplicate', async () => {
    const store = ['--store', 'duplicates.db'];
    expect((await cli(['add', 'dup', OLD, '--edition', '2020', ...store])).status).toBe(0);
    const refused = await cli(['add', 'dup', OLD, '--edition', '2021', ...store]);
    expectFailure(refused, 'E_DUPLICATE');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/already holds these bytes as edition "2020" .*--allow-duplicate/);
    expect(refused.stderr.split('\n')).toHaveLength(2);
    expect(JSON.parse((await cli(['show', 'dup', '--format', 'json', ...store])).stdout).editions).toHaveLength(1);
    // The same bytes under their own label stay idempotent; another series may hold them too.
    expect((await cli(['add', 'dup', OLD, '--edition', '2020', ...store])).stdout).toMatch(/^unchanged dup 2020/);
    expect((await cli(['add', 'other', OLD, '--edition', '2021', ...store])).status).toBe(0);
    const allowed = await cli(['add', 'dup', OLD, '--edition', '2021', '--allow-duplicate', ...store]);
    expect(allowed.stdout).toMatch(/^added dup 2021/);
    expect((await cli(['add', '--help'])).stdout).toContain('--allow-duplicate');
  });

  it('refuses a directory holding a file twice before storing any of it, and adds it with --allow-duplicate', async () => {
    const dir = join(cwd, 'reverted');
    mkdirSync(dir);
    writeFileSync(join(dir, '01-2019-03-01_a.md'), '# Terms\n\n## 1 Use\n\nBe nice.\n');
    writeFileSync(join(dir, '02-2020-04-01_b.md'), '# Terms\n\n## 1 Use\n\nBe kind.\n');
    writeFileSync(join(dir, '03-2021-05-01_c.md'), '# Terms\n\n## 1 Use\n\nBe nice.\n');
    const store = ['--store', 'reverted.db'];
    const refused = await cli(['add', 'terms', 'reverted', ...store]);
    expectFailure(refused, 'E_DUPLICATE');
    expect(refused.stderr).toContain('1 of the 3 editions repeat bytes series "terms" holds under another label');
    expect(refused.stderr).toContain('"03-2021-05-01_c" = "01-2019-03-01_a"');
    expect(refused.stderr).toContain('nothing stored');
    expectFailure(await cli(['show', 'terms', ...store]), 'E_NO_SERIES');
    const allowed = await cli(['add', 'terms', 'reverted', '--allow-duplicate', ...store]);
    expect(allowed.stdout).toContain('terms: 3 added, 0 unchanged, 0 replaced; 2 consecutive pairs aligned');
  });
});

describe('blame, trace, search, history, compare on the Bluebook sample', () => {
  it('shows lineage ids in the terminal blame only with --ids, and explains them in its help', async () => {
    const plain = await cli(['blame', 'bluebook', '2022', '--section', '(2)']);
    expect(plain.stdout).not.toMatch(/\b[LS]\d+\.\d+\b/);
    expect(plain.stdout).toMatch(/^2020 {3}Maintaining territorial integrity/m);
    const ids = await cli(['blame', 'bluebook', '2022', '--section', '(2)', '--ids']);
    expect(ids.stdout).toMatch(/^2020 {3}L0\.\d+ +Maintaining territorial integrity/m);
    const help = (await cli(['blame', '--help'])).stdout;
    expect(help).toContain('--ids');
    expect(help).toContain('It is not a line number.');
  });

  it('answers --exit-code for stored editions as for files', async () => {
    expect((await cli(['compare', 'bluebook', '2020', '2022', '--exit-code'])).status).toBe(1);
    expect((await cli(['compare', 'bluebook', '2022', '2022', '--exit-code'])).status).toBe(0);
    expectFailure(await cli(['compare', 'bluebook', '2020', '2019', '--exit-code']), 'E_NO_EDITION');
    expect((await cli(['compare', 'bluebook', '2020', '2019', '--exit-code'])).status).toBe(2);
  });

  it('blames a section in terminal, JSON and HTML', async () => {
    expect(parseSectionPath('Chapter 3 › (2)')).toEqual(['Chapter 3', '(2)']);
    const terminal = await cli(['blame', 'bluebook', '2022', '--section', '(2)']);
    expect(terminal.stdout).toContain('section Chapter 3 › Section 1 › 1 › (2) · 1 heading · 5 sentences');
    expect(terminal.stdout).toContain('(2) Territorial integrity');
    const json = JSON.parse((await cli(['blame', 'bluebook', '--section', '(2)', '--format', 'json'])).stdout);
    // The heading has a lineage: in the 2020 edition as "(3) Territorial Integrity", renumbered in 2022.
    expect(json.headings).toHaveLength(1);
    expect(json.headings[0]).toMatchObject({ label: '(2)', origin: 0, since: 1 });
    expect(json.headings[0].events.map((e: { kind: string }) => e.kind)).toEqual(['added', 'renumbered', 'retitled']);
    expect(json.headings[0].history).toBe(
      'in the first edition (2020); renumbered (3) → (2) in 2022; retitled “Territorial Integrity” → “Territorial integrity” in 2022 (cosmetic)',
    );
    expect(json.sentences[0].text).toBe(
      'Maintaining territorial integrity is a fundamental responsibility of the Government.',
    );
    expect(json.sentences[0].since).toBe(0);
    await cli(['blame', 'bluebook', '--format', 'html', '--output', 'blame.html']);
    expect(readFileSync(join(cwd, 'blame.html'), 'utf8')).toContain('<html');
    expectFailure(await cli(['blame', 'nope']), 'E_NO_SERIES');
    expectFailure(await cli(['blame', 'bluebook', '2019']), 'E_NO_EDITION');
  });

  it('traces "increasingly severe": 0 in 2020, 1 in 2022, as table, JSON, CSV and SVG', async () => {
    const json = JSON.parse((await cli(['trace', 'bluebook', 'increasingly severe', '--format', 'json'])).stdout);
    expect(json.editions.map((e: { count: number }) => e.count)).toEqual([0, 1]);
    expect(json.editions[1].hits[0].path).toEqual(['Chapter 3', 'Section 1', '1', '(1)']);
    expect((await cli(['trace', 'bluebook', 'increasingly severe', '--format', 'csv'])).stdout).toMatch(/2022.*1/);
    await cli(['trace', 'bluebook', 'increasingly severe', '--format', 'svg', '-o', 'trace.svg']);
    expect(readFileSync(join(cwd, 'trace.svg'), 'utf8')).toMatch(/^<svg/);
    expect((await cli(['trace', 'bluebook', 'INCREASINGLY SEVERE', '--exact'])).stdout).toContain('0 occurrences');
    expectFailure(await cli(['trace', 'bluebook', 'x', '--exact', '--regex']), 'E_USAGE');
    expectFailure(await cli(['trace', 'bluebook', '(', '--regex']), 'E_USAGE');
  });

  it('traces a catastrophic --regex promptly, with the matches of a safe equivalent', async () => {
    const counts = async (pattern: string) =>
      JSON.parse((await cli(['trace', 'bluebook', pattern, '--regex', '--format', 'json'])).stdout).editions.map(
        (e: { count: number }) => e.count,
      );
    // ([\w\s]|\w)*# hung the CLI on JavaScript's backtracking engine.
    expect(await counts('([\\w\\s]|\\w)*#')).toEqual(await counts('[\\w\\s]*#'));
    const severe = await counts('(?:[a-z ]|[a-z])*severe');
    expect(severe).toEqual(await counts('[a-z ]*severe'));
    expect(severe).toEqual([0, 1]);
    const lookahead = await cli(['trace', 'bluebook', 'a(?=b)', '--regex']);
    expectFailure(lookahead, 'E_USAGE');
    expect(lookahead.stderr).toContain('lookahead');
  });

  it('searches "territorial", citing bluebook 2022 › … › (2)', async () => {
    const result = await cli(['search', 'territorial', '--series', 'bluebook', '--edition', '2022']);
    expect(result.stdout).toContain('bluebook › 2022 › Chapter 3 › Section 1 › 1 › (2)');
    expect(result.stdout).toContain('Maintaining [territorial] integrity');
    const json = JSON.parse((await cli(['search', 'territorial', '--format', 'json', '--limit', '1'])).stdout);
    expect(json.schemaVersion).toBe(2);
    expect(json.groups).toHaveLength(1);
    expect(json.hits.every((hit: { unit: string }) => hit.unit === json.groups[0].unit)).toBe(true);
    // One result per sentence: "Maintaining territorial integrity …" stands in both editions.
    const grouped = (await cli(['search', 'territorial integrity', '--no-color'])).stdout;
    expect(grouped).toContain('in 2 editions: 2020–2022');
    expect(grouped).toMatch(/\n\d+ results \(\d+ hits in all\)\n$/);
    expect((await cli(['search', 'zzzqqq'])).stdout).toBe('No match for "zzzqqq".\n');
    expectFailure(await cli(['search', 'x', '--series', 'nope']), 'E_NO_SERIES');
  });

  it('prints the history and compares stored editions with the file compare reports', async () => {
    expect((await cli(['history', 'bluebook'])).stdout).toContain('sections     2 unchanged · 1 renumbered');
    const history = JSON.parse((await cli(['history', 'bluebook', '--format', 'json'])).stdout);
    expect(history.steps).toHaveLength(1);
    // --top without a number: the default, with the step's policy shifts (issue 15).
    const story = (await cli(['history', 'bluebook', '--top'])).stdout;
    expect(story).toContain('shift intensity stronger: “testing … uncertain” → “increasingly severe');
    expect(history.steps[0].shifts[0]).toMatchObject({ kind: 'intensity', change: 'replaced', direction: 'stronger' });
    const stored = JSON.parse((await cli(['compare', 'bluebook', '2020', '2022', '--format', 'json'])).stdout);
    const files = JSON.parse((await cli(['compare', OLD, NEW, '--format', 'json'])).stdout);
    expect(stored.summary).toEqual(files.summary);
    expect(stored.old.name).toBe('2020');
    expectFailure(await cli(['compare', 'bluebook', '2020', '2019']), 'E_NO_EDITION');
  });

  it('rebuilds the caches and keeps search working', async () => {
    const result = await cli(['rebuild']);
    expect(result.stdout).toMatch(/^rebuilt 2 editions in 1 series \(1 pairs aligned;/);
    expect((await cli(['search', 'territorial'])).stdout).toContain('bluebook › 2022');
  });
});
