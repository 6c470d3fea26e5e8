import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The README's library examples, run as a reader would paste them: each ```ts block of "Using the library" becomes a
 * module whose `palimpsest` and `palimpsest/node` imports point at this checkout's sources, run by a real Node
 * process (tsx) in a fresh directory holding the bundled sample — the store example on a real SQLite store there.
 */

const repoRoot = new URL('../', import.meta.url).pathname;
const require = createRequire(import.meta.url);

/** The TypeScript blocks of one README section, in order. */
function readmeBlocks(section: string): string[] {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const start = readme.indexOf(`\n## ${section}\n`);
  const end = readme.indexOf('\n## ', start + 1);
  const text = readme.slice(start, end === -1 ? undefined : end);
  return [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] as string);
}

let folder: string;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'palimpsest-readme-'));
  cpSync(join(repoRoot, 'examples/bluebook'), join(folder, 'examples/bluebook'), { recursive: true });
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Runs `code` (with the package imports pointed at src/) in the temporary folder; answers its stdout. */
function runExample(name: string, code: string): string {
  const file = join(folder, `${name}.mts`);
  const source = code
    .replace(/from 'palimpsest\/node'/g, `from ${JSON.stringify(join(repoRoot, 'src/node.ts'))}`)
    .replace(/from 'palimpsest'/g, `from ${JSON.stringify(join(repoRoot, 'src/index.ts'))}`);
  writeFileSync(file, source);
  // tsx is found from this checkout, not from the folder the example runs in.
  const child = spawnSync(process.execPath, ['--import', pathToFileURL(require.resolve('tsx')).href, file], {
    cwd: folder,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '' },
    timeout: 120_000,
  });
  expect(child.stderr).toBe('');
  expect(child.status).toBe(0);
  return child.stdout;
}

describe("the README's library examples", () => {
  const [compare, store] = readmeBlocks('Using the library');

  it('are there: one over two texts, one over a store', () => {
    expect(compare).toContain("from 'palimpsest'");
    expect(store).toContain("from 'palimpsest/node'");
  });

  it('print every substantive sentence change, an inserted sentence whole rather than as an empty line', () => {
    const texts = [
      "import { readFileSync } from 'node:fs';",
      "const oldText = readFileSync('examples/bluebook/2020-ch3-s1.txt', 'utf8');",
      "const newText = readFileSync('examples/bluebook/2022-ch3-s1.txt', 'utf8');",
    ].join('\n');
    const lines = runExample('compare', `${texts}\n${compare}`).trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(5);
    expect(lines.filter((line) => line.trim() === '')).toEqual([]);
    expect(lines).toContain('(3) → (2)');
    expect(lines.some((line) => /^\{\+.+\+\}$/.test(line))).toBe(true);
    expect(lines.some((line) => line.includes('[-more testing and uncertain'))).toBe(true);
  });

  it('add, history, blame, trace and search over a real SQLite store', () => {
    const out = runExample('store', store as string);
    expect(out).toMatch(/^2022 \{ none: \d+, cosmetic: \d+, minor: \d+, substantive: 18 \}$/m);
    expect(out).toContain('\n2020 Maintaining territorial integrity is a fundamental\n');
    expect(out).toContain('\n2022 At the same time, the Government of Japan engages');
    expect(out).toContain('\n2020: 0, 2022: 1\n');
    expect(out).toContain("'2022 Chapter 3 › Section 1 › 1 › (2): (2) [[Territorial]] [[integrity]]'");
  });
});
