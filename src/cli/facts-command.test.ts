import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import type { FactsReport } from '../facts/model.js';
import { runCli } from '../testing/cli.js';

const repoRoot = new URL('../../', import.meta.url).pathname;
const OLD = 'examples/bluebook/2020-ch3-s1.txt';
const NEW = 'examples/bluebook/2022-ch3-s1.txt';
const schema = JSON.parse(readFileSync(new URL('../../schema/facts.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv2020.default({ allErrors: true, strict: true, strictRequired: false }).compile(schema);
const dir = mkdtempSync(join(tmpdir(), 'palimpsest-facts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('palimpsest facts OLD NEW', () => {
  it('prints the new, changed and dropped facts of two files', async () => {
    const result = await runCli(['facts', OLD, NEW], { cwd: repoRoot });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n')[0]).toMatch(
      /^Facts: .*2020-ch3-s1\.txt → .*2022-ch3-s1\.txt: \d+ new, 0 changed, 3 dropped$/,
    );
    expect(result.stdout).toContain('+ organisation MFO\n      “Multinational Force and Observers (MFO)”');
    expect(result.stdout).toContain('+ date         2012-01/2017-05\n      “from January 2012 to May 2017”');
    expect(result.stdout).toContain('- organisation ASEAN');
  });

  it('writes JSON that the schema accepts, filtered by --kind', async () => {
    const result = await runCli(['facts', OLD, NEW, '--format', 'json', '--kind', 'quantity,date'], { cwd: repoRoot });
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as FactsReport;
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.kinds).toEqual(['quantity', 'date']);
    expect(new Set(report.changes.map((change) => change.kind))).toEqual(new Set(['quantity', 'date']));
    expect(report.changes.find((change) => change.key === 'headquarter personnel')?.new?.value).toBe('2');
  });

  it('writes Markdown and CSV to --output', async () => {
    const md = join(dir, 'facts.md');
    expect((await runCli(['facts', OLD, NEW, '-f', 'md', '-o', md], { cwd: repoRoot })).status).toBe(0);
    expect(readFileSync(md, 'utf8')).toContain(
      '| reference | UNCLOS |  | United Nations Convention on the Law of the Sea (UNCLOS) |',
    );
    const csv = join(dir, 'facts.csv');
    expect((await runCli(['facts', OLD, NEW, '-f', 'csv', '-o', csv], { cwd: repoRoot })).status).toBe(0);
    const rows = readFileSync(csv, 'utf8').split('\r\n');
    expect(rows[0]).toBe('change,kind,key,old_value,new_value,old_text,new_text,old_sentence,new_sentence,pair,path');
    expect(rows).toContainEqual(expect.stringMatching(/^new,quantity,times,,57,,a total of 57 times,,23,t\d+,/));
  });

  it('refuses an unknown kind and a missing file with one coded line', async () => {
    const kind = await runCli(['facts', OLD, NEW, '--kind', 'quantity,weather'], { cwd: repoRoot });
    expect(kind.status).toBe(2);
    expect(kind.stderr).toMatch(/^palimpsest: E_USAGE: .*weather.*\n$/);
    const missing = await runCli(['facts', 'nope.txt', NEW], { cwd: repoRoot });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^palimpsest: E_NOT_FOUND: .*nope\.txt.*\n$/);
    expect(missing.stdout).toBe('');
  });
});
