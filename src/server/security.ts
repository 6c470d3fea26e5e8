/**
 * The server's defences, kept in one place: security headers on every response (a Content-Security-Policy that allows
 * only the app's own scripts, nosniff, no referrer), a stricter sandboxing policy for rendered documents (HTML
 * reports, SVG, Markdown, CSV), and the rules for writes — a bearer token whenever the server binds to a
 * non-loopback address or has a token configured, compared in constant time; and, for a loopback server, refusal of
 * requests naming a foreign host (DNS rebinding) or writes sent by another site's page (cross-site request forgery:
 * a multipart POST is a "simple" request a browser sends cross-origin without asking).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { PalimpsestError } from '../errors/errors.js';

/** The Content-Security-Policy of every response (the web app and the JSON API). */
export const APP_CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/**
 * The policy of rendered documents without scripts (SVG charts, Markdown, CSV): a sandbox (an opaque origin, no
 * scripts, no forms), nothing loaded from anywhere; only the app itself may frame them.
 */
export const DOCUMENT_CONTENT_SECURITY_POLICY =
  "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; " +
  "frame-ancestors 'self'";

/**
 * The policy of an HTML report: sandboxed (an opaque origin, so a script could reach neither the API nor the app's
 * storage), with scripts allowed only by the hash of the report's own trailing script (`scriptHashes`), so text that
 * slipped past escaping still could not run.
 */
export function reportContentSecurityPolicy(scriptHashes: readonly string[]): string {
  const scripts = scriptHashes.length === 0 ? "'none'" : scriptHashes.map((hash) => `'${hash}'`).join(' ');
  return (
    `sandbox allow-scripts; default-src 'none'; script-src ${scripts}; style-src 'unsafe-inline'; img-src data:; ` +
    "base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
  );
}

/** Headers set on every response. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': APP_CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

/**
 * The CSP hash source (`sha256-…`) of the script that closes an HTML report. Only the last `<script>` before
 * `</body>` counts: the report renderer writes its one script there, after all document text, so a script injected
 * into document text (were escaping ever to fail) would come earlier and stay blocked.
 */
export function trailingScriptHashes(html: string): string[] {
  const end = html.lastIndexOf('</script>');
  const start = html.lastIndexOf('<script>', end);
  if (end < 0 || start < 0 || html.indexOf('</body>', end) < 0) return [];
  const between = html.slice(end + '</script>'.length, html.indexOf('</body>', end));
  if (between.trim() !== '') return [];
  const script = html.slice(start + '<script>'.length, end);
  return [`sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}`];
}

/** Whether a host name or address is loopback: `localhost`, 127.0.0.0/8 or ::1 (with or without brackets). */
export function isLoopbackHost(host: string): boolean {
  const name = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (name === '::1' || name === '0:0:0:0:0:0:0:1') return true;
  if (/^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)) return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

/** The host name of a Host header value (`localhost:4321`, `[::1]:80`), without its port. */
export function hostOfHeader(value: string): string {
  const trimmed = value.trim();
  if (trimmed.startsWith('[')) return trimmed.slice(0, trimmed.indexOf(']') + 1);
  const colon = trimmed.lastIndexOf(':');
  return colon < 0 ? trimmed : trimmed.slice(0, colon);
}

/** Constant-time equality of two secrets (compared as SHA-256 digests, so their lengths leak nothing either). */
export function secretsEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** What the access rules need to know about the server. */
export interface AccessPolicy {
  /** The address the server binds to. */
  host: string;
  /** The bearer token writes need, if any. */
  token?: string;
}

/** The parts of a request the access rules read. */
export interface RequestFacts {
  method: string;
  /** The request URL's host (the Host header as the server saw it). */
  host: string;
  /** The Origin header, if any. */
  origin?: string;
  /** The Authorization header, if any. */
  authorization?: string;
}

/** Whether a method changes the store. */
export function isWriteMethod(method: string): boolean {
  return !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());
}

/**
 * Throws when the request may not proceed. Refusals no token can lift are E_FORBIDDEN (403): (1) a loopback server
 * answers only requests that name a loopback host (a rebound DNS name pointing at 127.0.0.1 is refused); (2) a write
 * whose Origin is another site (or opaque) is refused; (3) a server bound off loopback without a token refuses every
 * write. Only (4), a write without the configured token or with a wrong one, is E_UNAUTHORIZED (401 with a Bearer
 * challenge, RFC 6750 §3), so a client asks for a token only when a token would help.
 */
export function checkAccess(policy: AccessPolicy, request: RequestFacts): void {
  const loopback = isLoopbackHost(policy.host);
  if (loopback && !isLoopbackHost(hostOfHeader(request.host))) {
    throw new PalimpsestError(
      'E_FORBIDDEN',
      'this server answers only requests to a loopback host name (localhost, 127.0.0.1, [::1])',
    );
  }
  if (!isWriteMethod(request.method)) return;
  if (request.origin !== undefined && request.origin !== 'null') {
    let originHost: string;
    try {
      originHost = new URL(request.origin).host;
    } catch {
      originHost = '';
    }
    if (originHost.toLowerCase() !== request.host.toLowerCase()) {
      throw new PalimpsestError('E_FORBIDDEN', 'writes from another site are refused');
    }
  } else if (request.origin === 'null') {
    throw new PalimpsestError('E_FORBIDDEN', 'writes from an opaque origin are refused');
  }
  if (policy.token === undefined) {
    if (loopback) return;
    throw new PalimpsestError(
      'E_FORBIDDEN',
      'writes are disabled: the server binds to a non-loopback address without a token (start it with --token or PALIMPSEST_TOKEN)',
    );
  }
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(request.authorization ?? '');
  if (!match?.[1]) throw new PalimpsestError('E_UNAUTHORIZED', 'this write needs an Authorization: Bearer token');
  if (!secretsEqual(match[1], policy.token)) throw new PalimpsestError('E_UNAUTHORIZED', 'the bearer token is wrong');
}
