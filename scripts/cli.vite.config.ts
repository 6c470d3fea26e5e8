// Bundles the command line after tsc (decision 0011): dist/cli/bin.js, tsc's composition root, is rebuilt in place
// from tsc's own output, so a `compare` loads four modules of ours instead of ~95 and commander's CommonJS files.
//
// - bin.js holds commander and what run.ts loads on every run (`palimpsest --version` loads nothing else).
// - One chunk holds everything else `compare` loads (the engine, the importers' entry, facts, reports): one file to
//   read and compile instead of the dozen common chunks automatic splitting made of it.
// - The rest (store, server, format importers, other commands) is split automatically and loaded on demand; other
//   packages stay imports, loaded lazily as before.
//
// Chunks sit beside bin.js in dist/cli/, at the depth of every source folder, so paths a module builds from
// import.meta.url ('../../schema/', '../../dist/web/') still find their files, and so does a worker file that a
// module of src/cli starts from `new URL('./x.js', import.meta.url)` (tsc's dist/cli/x.js). A module outside src/cli
// that starts a thread from a file beside it needs that file built here as an entry (ENTRIES).
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

/** A path under dist/. */
const dist = (path: string) => fileURLToPath(new URL(`../dist/${path}`, import.meta.url));

/**
 * The entries, by their output name in dist/cli/: the binary, and each worker-thread file a bundled module outside
 * src/cli starts from `new URL('./<name>.js', import.meta.url)` (the URL is then taken from the chunk's place in
 * dist/cli/). A worker file of src/cli needs no entry, but one here loads faster, sharing the chunks: for instance
 * `'compare-worker': dist('cli/compare-worker.js')`.
 */
const ENTRIES = {
  bin: dist('cli/bin.js'),
  'align-worker': dist('application/workers/align-worker.js'),
};

/** The module whose static imports, less the binary's, make the one chunk a `compare` loads. */
const COMPARE_COMMAND = dist('cli/compare-command.js');

/** Prefix of the chunk files, which the next build removes before writing its own. */
const CHUNK_PREFIX = 'bundle-';

/** Packages the command line loads on every run, bundled in; every other package stays an import (loaded lazily). */
const BUNDLED_PACKAGES = ['commander'];

/** The modules a module loads before it runs: itself and its static imports, transitively. */
function staticClosure(start: string, importsOf: (id: string) => readonly string[]): Set<string> {
  const closure = new Set<string>();
  const pending = [start];
  for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
    if (closure.has(id)) continue;
    closure.add(id);
    pending.push(...importsOf(id));
  }
  return closure;
}

/** The modules every run loads but bin.js itself, and the compare chunk's, known once the graph is (before chunks). */
const everyRunModules = new Set<string>();
const compareModules = new Set<string>();

/**
 * Refuses to bundle a bundle (run after tsc, which writes dist/cli/bin.js afresh), removes the previous build's
 * chunks, whose hashed names this build would not overwrite, and finds the compare chunk's modules.
 */
function cliBundle(): Plugin {
  return {
    name: 'palimpsest-cli-bundle',
    buildStart() {
      if (readFileSync(ENTRIES.bin, 'utf8').includes(CHUNK_PREFIX)) {
        throw new Error('dist/cli/bin.js is already bundled: run tsc -p tsconfig.build.json first (npm run build)');
      }
      for (const file of readdirSync(dist('cli'))) {
        if (file.startsWith(CHUNK_PREFIX)) rmSync(dist(`cli/${file}`));
      }
    },
    buildEnd() {
      const importsOf = (id: string) => this.getModuleInfo(id)?.importedIds ?? [];
      for (const id of staticClosure(ENTRIES.bin, importsOf)) {
        if (id !== ENTRIES.bin) everyRunModules.add(id);
      }
      for (const id of staticClosure(COMPARE_COMMAND, importsOf)) {
        if (!everyRunModules.has(id)) compareModules.add(id);
      }
    },
  };
}

export default defineConfig({
  publicDir: false,
  logLevel: 'warn',
  plugins: [cliBundle()],
  build: {
    ssr: true,
    outDir: dist('cli'),
    emptyOutDir: false,
    target: 'node20',
    minify: false,
    sourcemap: false,
    reportCompressedSize: false,
    rollupOptions: {
      input: ENTRIES,
      // importers/index.js imports the text importer lazily like every format's; run.js loads it anyway: not a fault.
      checks: { ineffectiveDynamicImport: false },
      external: [...builtinModules, ...builtinModules.map((name) => `node:${name}`)],
      output: {
        format: 'es',
        entryFileNames: '[name].js',
        chunkFileNames: `${CHUNK_PREFIX}[name]-[hash].js`,
        codeSplitting: {
          // Not the modules' dependencies: the compare chunk imports the every-run chunk's. The every-run modules
          // get a chunk of their own rather than a place in bin.js because the worker entries import some of them.
          groups: [
            { name: 'every-run', test: (id) => everyRunModules.has(id), includeDependenciesRecursively: false },
            { name: 'compare', test: (id) => compareModules.has(id), includeDependenciesRecursively: false },
          ],
        },
      },
    },
  },
  ssr: { noExternal: BUNDLED_PACKAGES },
});
