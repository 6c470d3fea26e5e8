/**
 * Where a worker thread's module is, and how to start it. Built, it is the .js file beside the module asking; from
 * sources (tsx, vitest) it is the .ts file, and each worker needs tsx's loader: Node 20 does not carry the parent's
 * tsx hooks into worker threads and `--import tsx` registers them on the main thread only, so the worker is started
 * with an `--import` that calls tsx's own `register()`.
 */

/** A worker module's file URL and the Node options it needs. */
export interface WorkerLocation {
  filename: string;
  execArgv?: string[];
}

/** Found locations by worker module URL (resolving tsx searches the file system; a server asks on every request). */
const found = new Map<string, WorkerLocation | undefined>();

/**
 * The worker module `name` (without extension) beside `base` (an `import.meta.url`), or undefined when running from
 * sources without tsx, where no worker could load TypeScript.
 */
export function workerLocation(name: string, base: string): WorkerLocation | undefined {
  const key = new URL(`./${name}`, base).href;
  if (found.has(key)) return found.get(key);
  const location = findWorkerLocation(name, base);
  found.set(key, location);
  return location;
}

/** `workerLocation`, looked for. */
function findWorkerLocation(name: string, base: string): WorkerLocation | undefined {
  if (!base.endsWith('.ts')) return { filename: new URL(`./${name}.js`, base).href };
  let tsxApi: string;
  try {
    tsxApi = import.meta.resolve('tsx/esm/api');
  } catch {
    return undefined;
  }
  const register = `import { register } from ${JSON.stringify(tsxApi)}; register();`;
  return {
    filename: new URL(`./${name}.ts`, base).href,
    execArgv: ['--import', `data:text/javascript,${encodeURIComponent(register)}`],
  };
}
