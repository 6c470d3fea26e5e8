/**
 * The built web app (dist/web, made by `npm run build` from web/) served at `/`: a file when the path names one,
 * else `index.html` so that the app's client-side routes load on reload and from links. Request paths are resolved
 * strictly inside the web root (no `..`, no dot files, no backslashes or NUL), and hashed assets (`assets/name-HASH.js`,
 * as Vite names them) are cached for a year as immutable while `index.html` is revalidated every time. Without a
 * build, every page is a short note saying how to build the app, never a crash.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The web root shipped with the package: dist/web, two levels up from src/server or dist/server. */
export function defaultWebRoot(): string {
  return fileURLToPath(new URL('../../dist/web/', import.meta.url));
}

/** Media types of the files a Vite build emits. */
const MEDIA_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** A file name with a content hash as Vite writes it (`index-B3x9_kQa.js`): its content never changes. */
const HASHED_NAME = /[-.][A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;

/** The page served when the web app has not been built. */
export const NOT_BUILT_PAGE = [
  '<!DOCTYPE html>',
  '<html lang="en">',
  '<head><meta charset="utf-8"><title>Palimpsest: web app not built</title>',
  '<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}</style></head>',
  '<body><h1>The web app is not built</h1>',
  '<p>The API is running (<a href="/api/health">/api/health</a>, <a href="/api/openapi.json">/api/openapi.json</a>),',
  'but there is no <code>dist/web/index.html</code>. Run <code>npm run build</code>, then restart',
  '<code>palimpsest serve</code>.</p></body></html>',
  '',
].join('\n');

/** A file to send. */
export interface StaticFile {
  body: Uint8Array;
  mediaType: string;
  cacheControl: string;
}

/** The absolute file a request path names inside `root`, or null when the path is not acceptable. */
export function resolveInside(root: string, requestPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(requestPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((segment) => segment !== '');
  if (segments.some((segment) => segment === '..' || segment.startsWith('.'))) return null;
  const base = resolve(root);
  const file = resolve(base, ...segments);
  return file === base || file.startsWith(base + sep) ? file : null;
}

/** Reads a regular file, or null when there is none. */
async function readRegularFile(file: string): Promise<Uint8Array | null> {
  try {
    if (!(await stat(file)).isFile()) return null;
    return await readFile(file);
  } catch {
    return null;
  }
}

/**
 * The file to answer a GET of `requestPath` with: the named file, else `index.html` (client-side routes), or null
 * when the web app is not built (no index.html).
 */
export async function staticFile(root: string, requestPath: string): Promise<StaticFile | null> {
  const file = resolveInside(root, requestPath);
  if (file !== null && !requestPath.endsWith('/')) {
    const body = await readRegularFile(file);
    if (body !== null) {
      const extension = extname(file).toLowerCase();
      const immutable = requestPath.includes('/assets/') && HASHED_NAME.test(file);
      return {
        body,
        mediaType: MEDIA_TYPES[extension] ?? 'application/octet-stream',
        cacheControl: immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      };
    }
  }
  const index = await readRegularFile(resolve(root, 'index.html'));
  if (index === null) return null;
  return { body: index, mediaType: MEDIA_TYPES['.html'] as string, cacheControl: 'no-cache' };
}
