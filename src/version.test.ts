import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENGINE_VERSION, isNewerEngine, PACKAGE_VERSION } from './version.js';

describe('ENGINE_VERSION', () => {
  it('matches package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(PACKAGE_VERSION).toBe(pkg.version);
    // The test run sets no override.
    expect(ENGINE_VERSION).toBe(PACKAGE_VERSION);
  });

  it('orders engine versions numerically, a pre-release before its release', () => {
    expect(isNewerEngine('0.10.0', '0.9.9')).toBe(true);
    expect(isNewerEngine('0.9.9', '0.10.0')).toBe(false);
    expect(isNewerEngine('1.0.0', '1.0.0')).toBe(false);
    expect(isNewerEngine('1.0.0', '1.0.0-rc.1')).toBe(true);
    expect(isNewerEngine('1.0.0-rc.1', '1.0.0')).toBe(false);
    expect(isNewerEngine('0.2.0-test', '0.1.0')).toBe(true);
  });
});
