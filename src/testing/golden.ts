/** Golden files for tests: expected output kept in a `fixtures/` folder beside the test, rewritten with UPDATE=1. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

/**
 * Compares `actual` with the golden file `fixtures/<name>` beside the test whose `import.meta.url` is `testUrl`;
 * with UPDATE=1 it first writes `actual` there. A missing file fails (a test that wrote its own expectation on the
 * first run could never fail) and says how to make it.
 */
export function expectGolden(testUrl: string, name: string, actual: string): void {
  const url = new URL(`./fixtures/${name}`, testUrl);
  if (process.env.UPDATE === '1') {
    mkdirSync(dirname(fileURLToPath(url)), { recursive: true });
    writeFileSync(url, actual);
  }
  const folder = relative(process.cwd(), dirname(fileURLToPath(testUrl))) || '.';
  expect(existsSync(url), `${name} is missing: run UPDATE=1 npx vitest run ${folder}`).toBe(true);
  expect(actual).toBe(readFileSync(url, 'utf8'));
}
