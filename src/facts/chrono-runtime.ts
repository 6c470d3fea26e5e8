/**
 * chrono-node's English and Japanese parsers, through one module so that the build can replace it with a single-file
 * bundle (scripts/runtimes.vite.config.ts, as decision 0006 does for Kysely): the package's ESM entry loads every
 * locale, some 270 modules whose resolving, reading and linking took 120–170 ms of every `compare` on the 2-core
 * machine, before any date was read. Only these two parsers are used; the bundle holds just them. Every runtime
 * import of chrono-node in src/ goes through here (type-only imports may name 'chrono-node'); under tsx and vitest
 * this is the package itself.
 */
export { en, ja } from 'chrono-node';
