/**
 * The engine's version, stamped on every comparison and on every cache derived from an edition, so a parser or
 * aligner improvement is a re-run rather than a migration. A test keeps PACKAGE_VERSION equal to package.json's.
 */

/** The version of this release of the engine. */
export const PACKAGE_VERSION = '0.1.0';

/**
 * The engine version this process stamps and expects: PACKAGE_VERSION, unless PALIMPSEST_ENGINE_VERSION is set.
 * The override exists for one purpose: a test (or an operator rehearsing an upgrade) runs "a newer engine" — a worker
 * that sees every derived cache as made by an older one and enqueues their rebuild — without editing this file
 * (docs/deployment.md, "Engine upgrades and rebuilds"). It is read here and nowhere else, and only when set.
 */
export const ENGINE_VERSION = engineVersionOverride() ?? PACKAGE_VERSION;

/** PALIMPSEST_ENGINE_VERSION when set to a version-like string (`0.2.0`, `0.2.0-rc.1`), else undefined. */
function engineVersionOverride(): string | undefined {
  // globalThis: this module also runs in the browser bundle, which has no `process`.
  const value = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env
    ?.PALIMPSEST_ENGINE_VERSION;
  return value !== undefined && /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/.test(value) ? value : undefined;
}

/**
 * Whether engine version `a` is newer than `b` (numeric major.minor.patch; a pre-release is older than its release;
 * pre-release tags compared as text): a worker never replaces caches a newer engine made.
 */
export function isNewerEngine(a: string, b: string): boolean {
  const parse = (version: string) => {
    const [core = '', pre] = version.split(/-(.*)/s, 2);
    return { numbers: core.split('.').map((part) => Number(part) || 0), pre };
  };
  const [x, y] = [parse(a), parse(b)];
  for (let i = 0; i < 3; i++) {
    const diff = (x.numbers[i] ?? 0) - (y.numbers[i] ?? 0);
    if (diff !== 0) return diff > 0;
  }
  if (x.pre === y.pre) return false;
  if (x.pre === undefined) return true;
  if (y.pre === undefined) return false;
  return x.pre > y.pre;
}
