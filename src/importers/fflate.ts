/**
 * fflate, required on first use and once: only an input that starts as a ZIP archive asks it (format detection, then
 * the DOCX reader), and loading it (its tables and some 90 KB of code) cost every `compare` some 20 ms of start-up
 * and 7 MB. A CommonJS require, because detection is synchronous; the DOCX reader takes the same module rather than
 * importing fflate's ES build, which loaded a second copy of the library for every DOCX import.
 */
import { createRequire } from 'node:module';

/** fflate's exports, loaded by the first call. */
export function loadFflate(): typeof import('fflate') {
  fflateLoaded ??= createRequire(import.meta.url)('fflate') as typeof import('fflate');
  return fflateLoaded;
}

/** fflate once required. */
let fflateLoaded: typeof import('fflate') | undefined;
