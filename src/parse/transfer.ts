/**
 * Structure transfer between the two editions of a comparison: when one edition was flattened (its line breaks
 * gone) and the other has structure, the flat one is read again with the other's headings and block edges as
 * hints (see flat.ts). The text is rebuilt from the tree's own spans, so documents need not carry their source.
 */
import type { DocumentNode, SectionNode } from '../model/tree.js';
import { structureGuide } from './flat.js';
import { parseText } from './text.js';

/** Whether a document's structure came from a flattened text (found inline, or not at all). */
function isFlat(document: DocumentNode): boolean {
  const structure = document.data?.structure;
  return structure === 'flat' || structure === 'inferred';
}

/** Whether a document has a structure worth lending: at least one section, read from real lines. */
function hasStructure(document: DocumentNode): boolean {
  return document.data?.structure === undefined && document.children.some((child) => child.type === 'section');
}

/**
 * The text a document was parsed from, rebuilt from the spans of its title, headings and blocks: white space
 * between them becomes spaces, and line breaks come back where positions say a new line starts. Null when the
 * tree has no positions.
 */
export function rebuildText(document: DocumentNode): string | null {
  const length = document.position?.end.offset;
  if (length === undefined) return null;
  const chars: string[] = new Array(length).fill(' ');
  let ok = true;
  let lastLine = 1;
  const put = (value: string, position: DocumentNode['position']): void => {
    if (!position) {
      ok = false;
      return;
    }
    const { start, end } = position;
    if (end.offset - start.offset !== value.length || end.offset > length) {
      ok = false;
      return;
    }
    for (let i = 0; i < value.length; i++) chars[start.offset + i] = value[i] as string;
    // The line this span starts on begins `column - 1` characters earlier; the breaks before it sit just there.
    const lineStart = start.offset - (start.column - 1);
    for (let k = 1; k <= start.line - lastLine; k++) {
      if (chars[lineStart - k] !== ' ') {
        ok = false;
        return;
      }
      chars[lineStart - k] = '\n';
    }
    lastLine = end.line;
  };
  if (document.title) put(document.title.value, document.title.position);
  const visit = (children: DocumentNode['children'] | SectionNode['children']): void => {
    for (const child of children) {
      if (child.type === 'section') visit(child.children);
      else put(child.value, child.position);
    }
  };
  visit(document.children);
  if (!ok) return null;
  return chars.join('');
}

/** Reads a flat document again with `guide`'s structure; null when its text cannot be rebuilt faithfully. */
function transferred(flat: DocumentNode, guide: DocumentNode): DocumentNode | null {
  const text = rebuildText(flat);
  if (text === null) return null;
  const document = parseText(text, { structure: structureGuide(guide) });
  if (document.data?.structure !== 'transferred') return null;
  const previous = flat.data ?? {};
  const diagnostics = (previous.diagnostics ?? []).filter((d) => d.code !== 'structure-inferred');
  const added = (document.data.diagnostics ?? []).filter(
    (d) => !diagnostics.some((kept) => kept.code === d.code && kept.message === d.message),
  );
  document.data = { ...previous, diagnostics: [...diagnostics, ...added], structure: 'transferred' };
  return document;
}

/**
 * The two editions of a comparison, with structure lent from one to the other when exactly one of them is a
 * flattened text and the other has sections; otherwise the documents as given.
 */
export function transferStructure(oldDocument: DocumentNode, newDocument: DocumentNode): [DocumentNode, DocumentNode] {
  if (isFlat(oldDocument) && hasStructure(newDocument))
    return [transferred(oldDocument, newDocument) ?? oldDocument, newDocument];
  if (isFlat(newDocument) && hasStructure(oldDocument))
    return [oldDocument, transferred(newDocument, oldDocument) ?? newDocument];
  return [oldDocument, newDocument];
}
