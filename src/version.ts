/**
 * The engine's version, stamped on every comparison and on every cache derived from an edition, so a parser or
 * aligner improvement is a re-run rather than a migration. A test keeps it equal to package.json's version.
 */
export const ENGINE_VERSION = '0.1.0';
