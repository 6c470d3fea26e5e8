import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FactsReport } from '../facts/model.js';
import type { FactTrace } from '../facts/trace.js';
import { runCli } from '../testing/cli.js';

const repoRoot = new URL('../../', import.meta.url).pathname;
let dir: string;
let store: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'palimpsest-facts-store-'));
  store = join(dir, 'sample.db');
  const loaded = await runCli(['sample', '--store', store], { cwd: repoRoot });
  expect(loaded.status, loaded.stderr).toBe(0);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('facts and trace --facts over a store', () => {
  it('palimpsest facts SERIES A B gives the file form’s report under the edition labels', async () => {
    const stored = await runCli(['facts', 'bluebook', '2020', '2022', '-f', 'json', '--store', store], {
      cwd: repoRoot,
    });
    expect(stored.status, stored.stderr).toBe(0);
    const report = JSON.parse(stored.stdout) as FactsReport;
    expect([report.old.name, report.new.name]).toEqual(['2020', '2022']);
    const files = await runCli(
      ['facts', 'examples/bluebook/2020-ch3-s1.txt', 'examples/bluebook/2022-ch3-s1.txt', '-f', 'json'],
      { cwd: repoRoot },
    );
    const fromFiles = JSON.parse(files.stdout) as FactsReport;
    const keys = (r: FactsReport) => r.changes.map((change) => `${change.change} ${change.kind} ${change.key}`);
    expect(keys(report)).toEqual(keys(fromFiles));
    const missing = await runCli(['facts', 'bluebook', '2020', '1999', '--store', store], { cwd: repoRoot });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^palimpsest: E_NO_EDITION: .*1999.*\n$/);
  });

  it('palimpsest trace SERIES PHRASE --facts follows a fact with its value per edition', async () => {
    const table = await runCli(['trace', 'bluebook', 'MFO', '--facts', '--store', store], { cwd: repoRoot });
    expect(table.status, table.stderr).toBe(0);
    expect(table.stdout).toBe(
      [
        'Facts matching “MFO” in 2 editions: 1 fact',
        '',
        'organisation MFO — Multinational Force and Observers (MFO)',
        '  2020  —',
        '  2022  4 mentions · “Multinational Force and Observers (MFO)”',
        '',
      ].join('\n'),
    );
    const json = await runCli(['trace', 'bluebook', 'personnel', '--facts', '-f', 'json', '--store', store], {
      cwd: repoRoot,
    });
    const trace = JSON.parse(json.stdout) as FactTrace;
    expect(trace.threads.map((thread) => [thread.key, thread.editions.map((cell) => cell.values)])).toEqual([
      ['headquarter personnel', [[], ['2']]],
    ]);
    const svg = await runCli(['trace', 'bluebook', 'MFO', '--facts', '-f', 'svg', '--store', store], { cwd: repoRoot });
    expect(svg.status).toBe(2);
    expect(svg.stderr).toMatch(/^palimpsest: E_USAGE: trace --facts writes table or json, not svg\n$/);
  });
});
