/**
 * Fetch an edition from an http(s) URL, bounded: one time budget for the whole exchange (AbortController),
 * redirects followed by hand so their number is capped and each target is checked to be http(s), and the size limit
 * enforced while the body streams in (the download is aborted as soon as it is exceeded, so a hostile server cannot
 * fill memory). The bytes, the final URL and the Content-Type are kept as provenance.
 */
import { PalimpsestError, quoteFileName } from '../errors/errors.js';
import type { ImportLimits } from './types.js';

/** What a fetch returns: the body, where it finally came from, and its declared type. */
export interface FetchedResource {
  bytes: Uint8Array;
  /** The URL after redirects. */
  finalUrl: string;
  /** The Content-Type header of the final response, if any. */
  contentType?: string;
}

/** Options of a fetch. */
export interface FetchOptions {
  limits: ImportLimits;
  /** Time budget for the whole fetch, redirects and body included; defaults to `limits.timeoutMs`. */
  timeoutMs?: number;
}

/** Redirect statuses whose Location is followed. */
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Parse `url` (the URL asked for, or a redirect target of `original`) and require http or https. */
function parseHttpUrl(url: string, original: string, base?: URL): URL {
  const what =
    url === original ? quoteFileName(original) : `${quoteFileName(original)} redirects to ${quoteFileName(url)}, which`;
  let parsed: URL;
  try {
    parsed = base ? new URL(url, base) : new URL(url);
  } catch (cause) {
    throw new PalimpsestError('E_URL', `${what} is not a valid URL`, { file: original, cause });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    const scheme = parsed.protocol.replace(/:$/, '');
    throw new PalimpsestError('E_URL', `${what} is a ${scheme} URL: only http and https URLs can be fetched`, {
      file: original,
    });
  }
  return parsed;
}

/** Fetch `url` within the limits; throws PalimpsestError E_URL, E_TIMEOUT, E_LIMIT, E_TOO_LARGE, E_HTTP_STATUS, E_FETCH. */
export async function fetchUrl(url: string, options: FetchOptions): Promise<FetchedResource> {
  const { limits } = options;
  const timeoutMs = options.timeoutMs ?? limits.timeoutMs;
  const file = quoteFileName(url);
  let current = parseHttpUrl(url, url);
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const timeoutError = (cause?: unknown): PalimpsestError =>
    new PalimpsestError('E_TIMEOUT', `${file}: no complete answer within ${timeoutMs} ms`, { file: url, cause });

  try {
    for (let redirects = 0; ; redirects++) {
      let response: Response;
      try {
        response = await fetch(current, {
          redirect: 'manual',
          signal: controller.signal,
          headers: { accept: 'text/html, application/xhtml+xml, application/pdf, text/plain;q=0.9, */*;q=0.8' },
        });
      } catch (cause) {
        if (timedOut) throw timeoutError(cause);
        throw new PalimpsestError('E_FETCH', `${file} could not be fetched: ${describeCause(cause)}`, {
          file: url,
          cause,
        });
      }

      if (REDIRECT_STATUSES.has(response.status)) {
        await response.body?.cancel().catch(() => undefined);
        const location = response.headers.get('location');
        if (!location) {
          throw new PalimpsestError('E_HTTP_STATUS', `${file}: HTTP ${response.status} redirect without a Location`, {
            file: url,
          });
        }
        if (redirects >= limits.maxRedirects) {
          throw new PalimpsestError('E_LIMIT', `${file}: more than ${limits.maxRedirects} redirects`, { file: url });
        }
        current = parseHttpUrl(location, url, current);
        continue;
      }

      if (response.status < 200 || response.status > 299) {
        await response.body?.cancel().catch(() => undefined);
        const statusText = response.statusText ? ` ${response.statusText}` : '';
        throw new PalimpsestError(
          'E_HTTP_STATUS',
          `${file}: the server answered HTTP ${response.status}${statusText}`,
          {
            file: url,
          },
        );
      }

      const declared = Number(response.headers.get('content-length'));
      if (Number.isFinite(declared) && declared > limits.maxBytes) {
        await response.body?.cancel().catch(() => undefined);
        throw tooLarge(url, limits.maxBytes);
      }
      const bytes = await readBounded(response, limits.maxBytes, url, controller);
      const result: FetchedResource = { bytes, finalUrl: current.href };
      const contentType = response.headers.get('content-type');
      if (contentType) result.contentType = contentType;
      return result;
    }
  } catch (error) {
    if (error instanceof PalimpsestError) throw error;
    if (timedOut) throw timeoutError(error);
    throw new PalimpsestError('E_FETCH', `${file} could not be fetched: ${describeCause(error)}`, {
      file: url,
      cause: error,
    });
  } finally {
    clearTimeout(timer);
  }
}

/** Read a response body, aborting as soon as it passes `maxBytes`. */
async function readBounded(
  response: Response,
  maxBytes: number,
  url: string,
  controller: AbortController,
): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      controller.abort();
      throw tooLarge(url, maxBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** The E_TOO_LARGE error for a download over the limit. */
function tooLarge(url: string, maxBytes: number): PalimpsestError {
  return new PalimpsestError('E_TOO_LARGE', `${quoteFileName(url)} is larger than the ${maxBytes}-byte limit`, {
    file: url,
  });
}

/** A one-line reason from a fetch failure (undici puts the system error, e.g. ECONNREFUSED, in `cause`). */
function describeCause(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  const reason = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return String(reason).replace(/\s+/g, ' ');
}
