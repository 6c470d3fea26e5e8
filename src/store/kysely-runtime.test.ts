import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Source files of the store that ship (tests load Kysely as they like). */
const SHIPPED = readdirSync(import.meta.dirname).filter(
  (name) => name.endsWith('.ts') && !name.endsWith('.test.ts') && name !== 'kysely-runtime.ts',
);

/** Imports of 'kysely' that load it at run time: not `import type`, or a dynamic import. */
function runtimeKyselyImports(source: string): string[] {
  const statements = source.match(/import\s+(?!type\b)[^;]*?from\s+'kysely'|import\('kysely'\)/g) ?? [];
  return statements;
}

describe('Kysely is loaded through kysely-runtime.ts only', () => {
  it('finds a runtime import when there is one (the check can fail)', () => {
    expect(runtimeKyselyImports("import { sql } from 'kysely';")).toHaveLength(1);
    expect(runtimeKyselyImports("const { Migrator } = await import('kysely');")).toHaveLength(1);
    expect(runtimeKyselyImports("import type { Kysely } from 'kysely';")).toEqual([]);
  });

  it('no shipped store module imports the package itself at run time (the build bundles the one that does)', () => {
    expect(SHIPPED.length).toBeGreaterThan(5);
    for (const name of SHIPPED) {
      expect({ name, imports: runtimeKyselyImports(readFileSync(join(import.meta.dirname, name), 'utf8')) }).toEqual({
        name,
        imports: [],
      });
    }
  });
});
