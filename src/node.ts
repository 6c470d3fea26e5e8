/**
 * Palimpsest for Node programs: everything of the pure core (./index.ts) plus the importers, which read files, fetch
 * URLs and decode PDF, DOCX, HTML and Markdown. Kept apart from the core entry so that browsers never load them.
 */

export { isPalimpsestError, PalimpsestError } from './errors/errors.js';
export {
  decodeText,
  detectFormat,
  type ImportSourceOptions,
  importEdition,
  importSource,
  isFormat,
  parseImported,
} from './importers/index.js';
export {
  type BlockHint,
  DEFAULT_LIMITS,
  FORMATS,
  type Format,
  type ImportedEdition,
  type ImportLimits,
  type ImportOptions,
  type Provenance,
  type SourceLocation,
  type SourceSpan,
} from './importers/types.js';
export * from './index.js';
