/**
 * DOCX importer: a Word document's bytes → the extracted text the plain-text parser reads, block hints from the
 * paragraph styles, and a source map back to paragraph indices in word/document.xml.
 *
 * Why not mammoth, which the issue names for the content? Three reasons, each decisive for official texts:
 * (1) mammoth drops Word's automatic numbering, and the labels ("(1)", "第一条") are what the parser builds the
 * outline from — recovering them needs each paragraph's w:numPr and style in document order, which mammoth's HTML
 * no longer ties to a w:p; (2) the source map needs the w:p index of every block, also lost in mammoth's output;
 * (3) mammoth unzips with JSZip, which inflates parts without any size limit, so a zip bomb would be inflated before
 * we could refuse it. A direct walk of document.xml with a small streaming tokenizer (docx-xml.ts) over parts
 * inflated under a budget (docx-zip.ts) does all three in one linear pass.
 *
 * Layout of the text: each paragraph is one block, blocks separated by one blank line; a numbered paragraph starts
 * with its label; a table row is one block with cells joined by " | "; text boxes follow their anchor paragraph;
 * footnotes, then endnotes, come after the body as their own blocks in the order they are referenced, each starting
 * with its number.
 */
import { createHash } from 'node:crypto';
import { PalimpsestError, quoteFileName } from '../errors/errors.js';
import type { Diagnostic } from '../model/tree.js';
import { type RawBlock, walkStory } from './docx-body.js';
import { formatNumber, NumberingCounters, parseNumbering, parseStyles } from './docx-numbering.js';
import { scanXml } from './docx-xml.js';
import {
  checkDeclaredSizes,
  crc32,
  type InflateBudget,
  inflateEntry,
  readZipDirectory,
  type ZipEntry,
} from './docx-zip.js';
import { assertWithinSize } from './read-file.js';
import { TimeBudget } from './time-budget.js';
import type { BlockHint, ImportedEdition, ImportLimits, ImportOptions, SourceSpan } from './types.js';

const OFFICE_DOCUMENT = /\/officeDocument$/;
const MAIN_DOCUMENT = 'word/document.xml';

/** Import a DOCX file. Throws PalimpsestError: E_TOO_LARGE, E_CORRUPT, E_LIMIT (zip bomb), E_TIMEOUT. */
export async function importDocx(
  bytes: Uint8Array,
  options: ImportOptions & { limits: ImportLimits },
): Promise<ImportedEdition> {
  const file = options.name;
  const { limits } = options;
  assertWithinSize(bytes, file, limits.maxBytes);
  const budget = new TimeBudget(file, limits.timeoutMs, 'reading the DOCX');
  const checkpoint = (): void => budget.check();
  const entries = readZipDirectory(bytes, file);
  checkDeclaredSizes(entries, limits.maxDecompressedBytes, file);
  const diagnostics: Diagnostic[] = [];
  const package_ = new DocxPackage(
    bytes,
    entries,
    file,
    {
      remaining: limits.maxDecompressedBytes,
      limit: limits.maxDecompressedBytes,
      deadline: budget.deadline,
    },
    diagnostics,
  );

  const mainName = package_.mainDocumentName();
  const documentXml = package_.read(mainName);
  if (documentXml === undefined) {
    throw new PalimpsestError(
      'E_CORRUPT',
      `${quoteFileName(file)} is not a Word document: it has no ${MAIN_DOCUMENT}`,
      {
        file,
      },
    );
  }
  const related = package_.relatedParts(mainName);
  const styles = parseStyles(package_.read(related.styles ?? 'word/styles.xml') ?? '');
  const numbering = parseNumbering(package_.read(related.numbering ?? 'word/numbering.xml') ?? '');
  checkpoint();

  const body = walkStory(documentXml, {
    styles,
    counters: new NumberingCounters(numbering, styles),
    story: 'body',
    checkpoint,
  });
  if (!body.complete) {
    diagnostics.push({
      code: 'docx-malformed-xml',
      severity: 'warning',
      message: `${quoteFileName(file)}: ${mainName} is malformed or truncated; text after the damage is missing`,
    });
  }
  if (body.paragraphs === 0 && !documentXml.includes('body')) {
    throw new PalimpsestError('E_CORRUPT', `${quoteFileName(file)} is not a readable DOCX: ${mainName} has no body`, {
      file,
    });
  }

  // concat, not push(...): a spread of hundreds of thousands of notes overflows the call stack.
  const blocks: RawBlock[] = body.blocks.concat(
    noteBlocks('footnote', body.references, related.footnotes, package_, styles, numbering, checkpoint),
    noteBlocks('endnote', body.references, related.endnotes, package_, styles, numbering, checkpoint),
  );
  checkpoint();

  return { format: 'docx', ...assemble(blocks), diagnostics, provenance: provenance(bytes, file) };
}

/** Footnote or endnote blocks, in the order of their first reference, each note's first block led by its number. */
function noteBlocks(
  kind: 'footnote' | 'endnote',
  references: readonly { kind: string; id: string; paragraph: number }[],
  partName: string | undefined,
  package_: DocxPackage,
  styles: ReturnType<typeof parseStyles>,
  numbering: ReturnType<typeof parseNumbering>,
  checkpoint: () => void,
): RawBlock[] {
  const wanted = references.filter((reference) => reference.kind === kind);
  if (wanted.length === 0) return [];
  const xml = package_.read(partName ?? `word/${kind}s.xml`);
  if (xml === undefined) return [];
  const notes = walkStory(xml, {
    styles,
    counters: new NumberingCounters(numbering, styles),
    story: 'notes',
    checkpoint,
  });
  const byNote = new Map<string, RawBlock[]>();
  for (const block of notes.blocks) {
    const id = block.noteId ?? '';
    const list = byNote.get(id) ?? [];
    list.push(block);
    byNote.set(id, list);
  }
  const out: RawBlock[] = [];
  const seen = new Set<string>();
  for (const reference of wanted) {
    if (seen.has(reference.id)) continue;
    seen.add(reference.id);
    const number = formatNumber(seen.size, kind === 'footnote' ? 'decimal' : 'lowerRoman');
    const list = byNote.get(reference.id) ?? [];
    list.forEach((block, index) => {
      // A note's blocks map to the body paragraph that references it: the source map knows only body paragraphs.
      out.push({
        text: index === 0 ? `${number} ${block.text}` : block.text,
        kind: 'paragraph',
        paragraph: reference.paragraph,
      });
    });
  }
  return out;
}

/** Lay blocks out as text (one blank line between blocks), with hints and a source map in text offsets. */
function assemble(blocks: readonly RawBlock[]): { text: string; hints: BlockHint[]; sourceMap: SourceSpan[] } {
  const pieces: string[] = [];
  const hints: BlockHint[] = [];
  const sourceMap: SourceSpan[] = [];
  let offset = 0;
  for (const block of blocks) {
    if (block.text === '') continue;
    if (pieces.length > 0) {
      pieces.push('\n\n');
      offset += 2;
    }
    const start = offset;
    const end = start + block.text.length;
    pieces.push(block.text);
    offset = end;
    if (block.kind !== undefined && block.kind !== 'title') {
      const hint: BlockHint = { start, end, kind: block.kind };
      if (block.level !== undefined) hint.level = block.level;
      hints.push(hint);
    }
    sourceMap.push({ start, end, source: { paragraph: block.paragraph } });
  }
  return { text: pieces.join(''), hints, sourceMap };
}

function provenance(bytes: Uint8Array, name: string): ImportedEdition['provenance'] {
  return { name, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };
}

/** The parts of one DOCX package, read lazily under the shared decompression budget. */
class DocxPackage {
  private readonly byName = new Map<string, ZipEntry>();
  private readonly decoder = new TextDecoder('utf-8');

  constructor(
    private readonly bytes: Uint8Array,
    entries: readonly ZipEntry[],
    private readonly file: string,
    private readonly budget: InflateBudget,
    private readonly diagnostics: Diagnostic[],
  ) {
    // Part names are case-insensitive in the Open Packaging Conventions.
    for (const entry of entries) this.byName.set(entry.name.replace(/^\//, '').toLowerCase(), entry);
  }

  /** A part's text (XML parts are UTF-8, or UTF-16 with a BOM), or undefined when the part is absent. */
  read(name: string): string | undefined {
    const entry = this.byName.get(name.replace(/^\//, '').toLowerCase());
    if (!entry) return undefined;
    const data = inflateEntry(this.bytes, entry, this.budget, this.file);
    if (crc32(data) !== entry.crc32) {
      this.diagnostics.push({
        code: 'docx-checksum',
        severity: 'warning',
        message: `${quoteFileName(this.file)}: part ${entry.name} fails its CRC-32 check; its text may be damaged`,
      });
    }
    if (data[0] === 0xff && data[1] === 0xfe) return new TextDecoder('utf-16le').decode(data.subarray(2));
    if (data[0] === 0xfe && data[1] === 0xff) return new TextDecoder('utf-16be').decode(data.subarray(2));
    return this.decoder.decode(data);
  }

  /** The main document part, from the package relationships (_rels/.rels), else word/document.xml. */
  mainDocumentName(): string {
    const relationships = this.relationships('_rels/.rels', '');
    for (const [type, target] of relationships) if (OFFICE_DOCUMENT.test(type) && this.has(target)) return target;
    return MAIN_DOCUMENT;
  }

  /** Styles, numbering, footnotes and endnotes parts of the main document, from its relationships. */
  relatedParts(mainName: string): Partial<Record<'styles' | 'numbering' | 'footnotes' | 'endnotes', string>> {
    const slash = mainName.lastIndexOf('/');
    const folder = slash < 0 ? '' : mainName.slice(0, slash + 1);
    const relationshipsName = `${folder}_rels/${mainName.slice(slash + 1)}.rels`;
    const parts: Partial<Record<'styles' | 'numbering' | 'footnotes' | 'endnotes', string>> = {};
    for (const [type, target] of this.relationships(relationshipsName, folder)) {
      const kind = /\/(styles|numbering|footnotes|endnotes)$/.exec(type)?.[1] as keyof typeof parts | undefined;
      if (kind && parts[kind] === undefined && this.has(target)) parts[kind] = target;
    }
    if (parts.styles === undefined && this.has(`${folder}styles.xml`)) parts.styles = `${folder}styles.xml`;
    if (parts.numbering === undefined && this.has(`${folder}numbering.xml`)) parts.numbering = `${folder}numbering.xml`;
    return parts;
  }

  private has(name: string): boolean {
    return this.byName.has(name.replace(/^\//, '').toLowerCase());
  }

  /** [type, resolved target] of every internal relationship in a .rels part. */
  private relationships(name: string, base: string): Array<[string, string]> {
    const xml = this.read(name);
    if (xml === undefined) return [];
    const out: Array<[string, string]> = [];
    scanXml(xml, {
      start(element, attributes) {
        if (!element.endsWith('Relationship') || attributes.TargetMode === 'External') return;
        const target = attributes.Target;
        if (attributes.Type && target) out.push([attributes.Type, resolveTarget(base, target)]);
      },
      end() {},
      text() {},
    });
    return out;
  }
}

/** Resolve a relationship target against the folder of its source part (OPC part names: `/` absolute, `..` up). */
function resolveTarget(base: string, target: string): string {
  const segments = (target.startsWith('/') ? target.slice(1) : base + target).split('/');
  const out: string[] = [];
  for (const segment of segments) {
    if (segment === '..') out.pop();
    else if (segment !== '.' && segment !== '') out.push(segment);
  }
  return out.join('/');
}
