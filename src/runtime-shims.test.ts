import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Packages the build bundles into one module each (scripts/runtimes.vite.config.ts), with the shim every shipped
 * runtime import must go through: a direct import would load the package's hundreds of modules again, and a second
 * copy of its classes.
 */
const SHIMS = [
  { name: 'kysely', shim: 'store/kysely-runtime.ts' },
  { name: 'chrono-node', shim: 'facts/chrono-runtime.ts' },
] as const;

/** Source files under src/ that ship (tests and fixtures load packages as they like). */
function shippedSources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : shippedSources(path);
    return /(?<!\.test|\.fixture)\.ts$/.test(entry.name) ? [path] : [];
  });
}

/** Imports of `name` that load it at run time: not `import type`, or a dynamic import. */
function runtimeImports(source: string, name: string): string[] {
  const quoted = `'${name}'`;
  const pattern = new RegExp(`import\\s+(?!type\\b)[^;]*?from\\s+${quoted}|import\\(${quoted}\\)`, 'g');
  return source.match(pattern) ?? [];
}

describe('bundled packages are loaded through their shims only', () => {
  it('finds a runtime import when there is one (the check can fail)', () => {
    expect(runtimeImports("import { sql } from 'kysely';", 'kysely')).toHaveLength(1);
    expect(runtimeImports("const { Migrator } = await import('kysely');", 'kysely')).toHaveLength(1);
    expect(runtimeImports("import * as chrono from 'chrono-node';", 'chrono-node')).toHaveLength(1);
    expect(runtimeImports("import type { Kysely } from 'kysely';", 'kysely')).toEqual([]);
  });

  it('no shipped module but the shim imports the package at run time', () => {
    const sources = shippedSources(import.meta.dirname);
    expect(sources.length).toBeGreaterThan(100);
    for (const { name, shim } of SHIMS) {
      for (const path of sources) {
        const file = relative(import.meta.dirname, path);
        if (file === shim) continue;
        expect({ file, imports: runtimeImports(readFileSync(path, 'utf8'), name) }).toEqual({ file, imports: [] });
      }
    }
  });
});
