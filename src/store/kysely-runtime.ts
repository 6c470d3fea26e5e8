/**
 * Kysely's runtime, through one module so that the build can replace it with a single-file bundle
 * (scripts/runtimes.vite.config.ts): Kysely's ESM build is some 260 modules, and resolving, reading and linking them took
 * 100–150 ms of every store command's start-up (0.4–0.8 s on a loaded machine) — more than an add's store work.
 * Every runtime import of Kysely in src/ goes through here (type-only imports may name 'kysely'), so that one copy of
 * its classes is ever loaded. Under tsx and vitest this is the package itself.
 */
export * from 'kysely';
