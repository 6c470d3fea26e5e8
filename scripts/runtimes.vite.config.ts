// Bundles the packages that ship as hundreds of small ES modules into one module each, after tsc has written the
// shims that re-export them: Kysely into dist/store/kysely-runtime.js (src/store/kysely-runtime.ts, decision 0006)
// and chrono-node's English and Japanese parsers into dist/facts/chrono-runtime.js (src/facts/chrono-runtime.ts).
// One module to load instead of some 260 each. Node built-ins stay imports.
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** The shims, by their output path under dist/ (without .js). */
const SHIMS = {
  'store/kysely-runtime': '../src/store/kysely-runtime.ts',
  'facts/chrono-runtime': '../src/facts/chrono-runtime.ts',
};

export default defineConfig({
  publicDir: false,
  logLevel: 'warn',
  build: {
    ssr: true,
    outDir: fileURLToPath(new URL('../dist', import.meta.url)),
    emptyOutDir: false,
    target: 'node20',
    minify: false,
    sourcemap: false,
    reportCompressedSize: false,
    rollupOptions: {
      input: Object.fromEntries(
        Object.entries(SHIMS).map(([name, path]) => [name, fileURLToPath(new URL(path, import.meta.url))]),
      ),
      external: [...builtinModules, ...builtinModules.map((name) => `node:${name}`)],
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'runtime-chunks/[name]-[hash].js' },
    },
  },
  ssr: { noExternal: true },
});
