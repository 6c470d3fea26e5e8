// Bundles Kysely into dist/store/kysely-runtime.js after tsc has written that file as a re-export of the package:
// one module to load instead of some 260 (see src/store/kysely-runtime.ts). Node built-ins stay imports.
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  publicDir: false,
  logLevel: 'warn',
  build: {
    ssr: fileURLToPath(new URL('../src/store/kysely-runtime.ts', import.meta.url)),
    outDir: fileURLToPath(new URL('../dist/store', import.meta.url)),
    emptyOutDir: false,
    target: 'node20',
    minify: false,
    sourcemap: false,
    reportCompressedSize: false,
    rollupOptions: {
      external: [...builtinModules, ...builtinModules.map((name) => `node:${name}`)],
      output: { format: 'es', entryFileNames: 'kysely-runtime.js' },
    },
  },
  ssr: { noExternal: true },
});
