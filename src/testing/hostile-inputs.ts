/**
 * Hostile inputs generated rather than committed, shared by the importers' tests (which assert how each is refused
 * or read) and bench/hostile-inputs.bench.ts (which times it): the bad-input corpus's large entries
 * (test/bad-inputs/manifest.json), the Markdown nesting and emphasis attacks, deep HTML and XML, and a ZIP entry
 * that understates its size.
 */
import { readFileSync } from 'node:fs';
import { isPalimpsestError } from '../errors/errors.js';
import { readZipDirectory } from '../importers/docx-zip.js';
import { type ImportedEdition, importEdition, importSource, parseImported } from '../importers/index.js';
import { MAX_MARKDOWN_NESTING } from '../importers/markdown-limits.js';

const utf8 = (text: string) => new TextEncoder().encode(text);

/** One entry of the bad-input corpus: a file or a generator, and the outcome it must have. */
export interface BadInputEntry {
  file?: string;
  generate?: string;
  expect: string;
  format?: string;
  diagnostic?: string;
}

/** The folder of the bad-input corpus. */
export const BAD_INPUT_FOLDER = new URL('../../test/bad-inputs/', import.meta.url);

/** The entries of the bad-input corpus's manifest. */
export function badInputEntries(): BadInputEntry[] {
  const manifest = JSON.parse(readFileSync(new URL('manifest.json', BAD_INPUT_FOLDER), 'utf8')) as {
    entries: BadInputEntry[];
  };
  return manifest.entries;
}

/** Two headings, so that detection reads the generated Markdown as Markdown (see looksLikeMarkdown). */
const HEADINGS = '# Title\n\n## Part\n\n';

/** The large inputs of the bad-input corpus, generated deterministically rather than committed. */
export const BAD_INPUT_GENERATORS: Record<string, () => { name: string; bytes: Uint8Array }> = {
  'html-deep-nesting': () => ({ name: 'deep.html', bytes: utf8(`<main>${'<div>x'.repeat(5000)}</main>`) }),
  'markdown-deep-list': () => ({ name: 'deep-list.md', bytes: utf8(`${HEADINGS}${'- '.repeat(10_000)}deep item`) }),
  'markdown-deep-quote': () => ({ name: 'deep-quote.md', bytes: utf8(`${HEADINGS}${'> '.repeat(10_000)}deep`) }),
  'markdown-deep-mixed': () => ({ name: 'deep-mixed.md', bytes: utf8(`${HEADINGS}${'> - '.repeat(5_000)}deep`) }),
  'markdown-deep-indent': () => {
    let text = HEADINGS;
    for (let i = 0; i < 1000; i++) text += `${' '.repeat(2 * i)}- item ${i}\n`;
    return { name: 'deep-indent.md', bytes: utf8(text) };
  },
  'markdown-deep-emphasis': () => ({
    name: 'deep-emphasis.md',
    bytes: utf8(`${HEADINGS}${'*a '.repeat(10_000)}x${' b*'.repeat(10_000)}`),
  }),
  'markdown-nesting-at-limit': () => ({
    name: 'at-limit.md',
    bytes: utf8(`${HEADINGS}${'- '.repeat(MAX_MARKDOWN_NESTING - 1)}deep item\n`),
  }),
};

/** What one bad input comes to through the import and parse path: its code, or `ok` with the edition. */
export interface BadInputOutcome {
  code: string;
  edition?: ImportedEdition;
  diagnostics: string[];
}

/** Imports and parses one entry of the bad-input corpus (the path of `add` and `compare`). */
export async function badInputOutcome(entry: BadInputEntry): Promise<BadInputOutcome> {
  try {
    let edition: ImportedEdition;
    if (entry.file) {
      edition = await importSource(new URL(entry.file, BAD_INPUT_FOLDER).pathname);
    } else {
      const generator = BAD_INPUT_GENERATORS[entry.generate ?? ''];
      if (!generator) throw new Error(`no generator '${entry.generate}'`);
      const { name, bytes } = generator();
      edition = await importEdition(bytes, { name });
    }
    const document = parseImported(edition);
    return { code: 'ok', edition, diagnostics: (document.data?.diagnostics ?? []).map((d) => d.code) };
  } catch (error) {
    if (isPalimpsestError(error)) return { code: error.code, diagnostics: [] };
    throw error;
  }
}

/** The Markdown nesting attacks of the issue that asked for the nesting limit: each must be refused with E_LIMIT. */
export function markdownNestingAttacks(): string[] {
  let indented = '';
  for (let i = 0; i < 1000; i++) indented += `${' '.repeat(2 * i)}- item ${i}\n`;
  return [
    `${'- '.repeat(10_000)}deep item`,
    `${'> '.repeat(10_000)}deep`,
    `${'>'.repeat(10_000)}deep`,
    `${'> - 1. '.repeat(4_000)}deep`,
    indented,
  ];
}

/** Deeply nested and long-unmatched emphasis: each must be refused with E_LIMIT. */
export function emphasisAttacks(): string[] {
  return [
    `${'*a '.repeat(10_000)}x${' b*'.repeat(10_000)}`,
    `${'*'.repeat(10_000)}x${'*'.repeat(10_000)}`,
    `${'_a '.repeat(10_000)}${'b* '.repeat(10_000)}`,
  ];
}

/** A megabyte of lists nested `depth` deep, 5,000 times over: what the nesting scan must read in linear time. */
export function deepListLines(depth: number): string {
  return `${'- '.repeat(depth)}x\n`.repeat(5_000);
}

/** HTML nested `depth` deep in `<div>`s inside `<main>`. */
export function nestedHtml(depth: number): string {
  return `<main>${'<div>x'.repeat(depth)}${'</div>'.repeat(depth)}</main>`;
}

/** 50,000 unclosed inline tags in one paragraph (once super-linear: minutes). */
export function unclosedInlineHtml(): string {
  return `<main><p>${'<b><i>y'.repeat(50_000)}</p></main>`;
}

/** XML nested 100,000 deep and closed by as many stray end tags. */
export function hostileXml(): string {
  return '<a>'.repeat(100_000) + '</b>'.repeat(100_000);
}

/**
 * A copy of a ZIP whose central directory declares `size` bytes for entry `name` (the local header defers to a data
 * descriptor): a zip bomb that lies about its size, which must be refused while inflating.
 */
export function understateZipEntry(zip: Uint8Array, name: string, size: number): Uint8Array {
  const bytes = zip.slice();
  const view = new DataView(bytes.buffer);
  const entry = readZipDirectory(bytes, 'x').find((candidate) => candidate.name === name);
  if (!entry) throw new Error(`the ZIP lacks ${name}`);
  for (let at = bytes.length - 22; at > 0; at--) {
    if (view.getUint32(at, true) === 0x02014b50 && view.getUint32(at + 42, true) === entry.localHeaderOffset) {
      view.setUint32(at + 24, size, true);
      break;
    }
  }
  return bytes;
}
