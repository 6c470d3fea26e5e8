import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The layer map of docs/design.md ("Layers"), enforced over every relative import of src/ and web/. Each folder
 * (and each file directly under src/) belongs to one layer; a module may import its own folder and the folders its
 * layer allows. Test code (`*.test.ts`, `*.fixture.ts`, src/testing/) may import anything; production code may not
 * import test code.
 */

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');

/** The layer of each unit: a folder under src/, a file directly under src/, or the web app. */
const LAYER_OF: Readonly<Record<string, Layer>> = {
  model: 'ground',
  errors: 'ground',
  'version.ts': 'ground',
  text: 'ground',
  normalize: 'core',
  parse: 'core',
  align: 'core',
  diff: 'core',
  compare: 'core',
  collate: 'core',
  trace: 'core',
  facts: 'core',
  report: 'core',
  'index.ts': 'core',
  importers: 'adapter',
  store: 'adapter',
  queue: 'adapter',
  application: 'application',
  // The Node entry re-exports the core, the importers, the store and the use cases: a surface for programs.
  'node.ts': 'surface',
  cli: 'surface',
  server: 'surface',
  web: 'surface',
  testing: 'testing',
};

type Layer = 'ground' | 'core' | 'adapter' | 'application' | 'surface' | 'testing';

/** The lower layers each layer may import (besides its own unit; core units may also import each other). */
const ALLOWED: Readonly<Record<Layer, readonly Layer[]>> = {
  ground: [],
  core: ['ground'],
  adapter: ['core', 'ground'],
  application: ['adapter', 'core', 'ground'],
  surface: ['application', 'adapter', 'core', 'ground'],
  testing: [],
};

/**
 * Imports between units of one layer other than core that the map allows by name: only these exist, so a new one
 * (an importer reaching into the store, a second surface calling the server) is a decision to write down.
 */
const SAME_LAYER_EDGES = new Set(['cli → server']);

/** Where the web app's browser code may import from src/: types only, so no server code reaches the bundle. */
const WEB_SOURCE = 'web/src/';

interface ImportEdge {
  file: string;
  specifier: string;
  target: string;
  typeOnly: boolean;
}

/** Every .ts/.tsx file under `folder`, skipping fixtures, build output and dependencies. */
function sourceFiles(folder: string): string[] {
  const files: string[] = [];
  const pending = [folder];
  while (pending.length > 0) {
    const current = pending.pop() as string;
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) {
        if (!['fixtures', 'node_modules', 'dist'].includes(entry.name)) pending.push(path);
      } else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(path);
    }
  }
  return files.sort();
}

/** Static `import … from`, `export … from`, side-effect `import '…'` and dynamic `import('…')` of relative paths. */
const IMPORT_PATTERN =
  /\b(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"](\.{1,2}\/[^'"]+)['"]|\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

/** The relative imports of one file's text (comments are not stripped: a commented-out import still counts). */
function relativeImports(text: string): { specifier: string; typeOnly: boolean }[] {
  const found: { specifier: string; typeOnly: boolean }[] = [];
  for (const match of text.matchAll(IMPORT_PATTERN)) {
    const specifier = (match[3] ?? match[4]) as string;
    found.push({ specifier, typeOnly: match[2] !== undefined });
  }
  return found;
}

/** The unit a repository path belongs to: `web`, a folder under src/, or a file directly under src/. */
function unitOf(path: string): string {
  if (path.startsWith('web/')) return 'web';
  const parts = path.replace(/^src\//, '').split('/');
  // A file directly under src/ is its own unit, named by its source file (imports name the built `.js`).
  return parts.length === 1 ? (parts[0] as string).replace(/\.js$/, '.ts') : (parts[0] as string);
}

/** True for test code: test files, test fixtures and src/testing/. */
function isTestCode(path: string): boolean {
  return /\.test\.tsx?$|\.fixture\.ts$/.test(path) || path.startsWith('src/testing/') || path.startsWith('web/e2e/');
}

const edges: ImportEdge[] = [...sourceFiles(join(root, 'src')), ...sourceFiles(join(root, 'web'))].flatMap((path) => {
  const file = relative(root, path);
  return relativeImports(readFileSync(path, 'utf8')).map(({ specifier, typeOnly }) => ({
    file,
    specifier,
    target: relative(root, resolve(dirname(path), specifier)),
    typeOnly,
  }));
});

/** The edges between units in production code, as `from → to` strings. */
function productionEdges(): Map<string, string[]> {
  const byEdge = new Map<string, string[]>();
  for (const edge of edges) {
    if (isTestCode(edge.file)) continue;
    const from = unitOf(edge.file);
    const to = unitOf(edge.target);
    if (from === to) continue;
    const key = `${from} → ${to}`;
    byEdge.set(key, [...(byEdge.get(key) ?? []), `${edge.file}: ${edge.specifier}`]);
  }
  return byEdge;
}

describe('the layer map', () => {
  it('finds the imports it checks (the scanner reads every form of import)', () => {
    expect(
      relativeImports(
        "import a from './a.js';\nimport type { B } from '../b.js';\nexport { c } from './c.js';\nimport './d.js';\nconst e = await import('../e.js');\nexport type { F } from './f.js';",
      ),
    ).toEqual([
      { specifier: './a.js', typeOnly: false },
      { specifier: '../b.js', typeOnly: true },
      { specifier: './c.js', typeOnly: false },
      { specifier: './d.js', typeOnly: false },
      { specifier: '../e.js', typeOnly: false },
      { specifier: './f.js', typeOnly: true },
    ]);
    expect(edges.length).toBeGreaterThan(500);
    const seen = productionEdges();
    for (const known of ['cli → application', 'application → store', 'parse → model', 'web → model']) {
      expect(seen.has(known), known).toBe(true);
    }
  });

  it('gives every folder under src/ a layer', () => {
    const units = new Set(edges.filter((edge) => !isTestCode(edge.file)).map((edge) => unitOf(edge.file)));
    expect([...units].filter((unit) => !(unit in LAYER_OF))).toEqual([]);
  });

  it('has no import against the arrows: ground imports nothing, core only core, adapters no application or surface, application no surface', () => {
    const violations: string[] = [];
    for (const [key, sites] of productionEdges()) {
      const [from, to] = key.split(' → ') as [string, string];
      const fromLayer = LAYER_OF[from];
      const toLayer = LAYER_OF[to];
      if (!fromLayer || !toLayer) {
        violations.push(`${key} (unknown unit): ${sites[0]}`);
        continue;
      }
      const allowed =
        fromLayer === toLayer
          ? fromLayer === 'core' || SAME_LAYER_EDGES.has(key)
          : ALLOWED[fromLayer].includes(toLayer);
      if (!allowed) {
        violations.push(`${key} (${fromLayer} → ${toLayer}): ${sites.join(', ')}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('keeps the render stage on top of the core: no core folder but the package entry imports report/', () => {
    const violations = [...productionEdges()]
      .filter(([key]) => key.endsWith(' → report'))
      .filter(([key]) => {
        const from = key.split(' → ')[0] as string;
        return LAYER_OF[from] === 'core' && from !== 'index.ts';
      })
      .map(([key, sites]) => `${key}: ${sites.join(', ')}`);
    expect(violations).toEqual([]);
  });

  it('lets production code outside application/ reach it only through its barrel (use cases and the pool, no cache)', () => {
    const violations = edges
      .filter((edge) => !isTestCode(edge.file) && !edge.file.startsWith('src/application/'))
      .filter((edge) => edge.target.startsWith('src/application/') && edge.target !== 'src/application/index.js')
      .map((edge) => `${edge.file}: ${edge.specifier}`);
    expect(violations).toEqual([]);
  });

  it('lets production code import no test code', () => {
    const violations = edges
      .filter((edge) => !isTestCode(edge.file) && isTestCode(edge.target))
      .map((edge) => `${edge.file}: ${edge.specifier}`);
    expect(violations).toEqual([]);
  });

  it("lets the web app's browser code take only types from src/, and the modules it shares by design", () => {
    // The edition palette is shared so the CLI's HTML blame and the web app colour a series alike (issue 14), and the
    // stylesheet so the HTML report and the app speak one visual language; they import nothing, so the web bundle
    // takes no engine code with them.
    const shared = ['src/report/edition-palette', 'src/report/shared-styles'];
    const isShared = (path: string) => shared.includes(path.replace(/\.[jt]sx?$/, ''));
    expect(edges.filter((edge) => isShared(edge.file))).toEqual([]);
    const violations = edges
      .filter((edge) => edge.file.startsWith(WEB_SOURCE) && !isTestCode(edge.file) && edge.target.startsWith('src/'))
      .filter((edge) => !edge.typeOnly && !isShared(edge.target))
      .map((edge) => `${edge.file}: ${edge.specifier}`);
    expect(violations).toEqual([]);
  });
});
