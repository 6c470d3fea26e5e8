/**
 * A readable one-line-per-node outline of a document tree, for golden tests and debugging:
 * `title`, then sections as `# label | title` indented by depth, blocks as `paragraph (3 sentences)`.
 */
import type { BlockNode, DocumentNode, SectionNode } from '../model/tree.js';

/** How many characters of a block's text the outline shows. */
const PREVIEW_LENGTH = 40;

/** Renders `document` as an indented outline string (sections, blocks with sentence counts and a text preview). */
export function describeTree(document: DocumentNode, options: { preview?: boolean } = {}): string {
  const lines: string[] = [];
  if (document.title) lines.push(`title: ${document.title.value}`);
  const walk = (nodes: Array<SectionNode | BlockNode>, indent: string): void => {
    for (const node of nodes) {
      if (node.type === 'section') {
        const [heading, ...rest] = node.children;
        const label = heading.label === null ? '' : `${heading.label} | `;
        lines.push(`${indent}# ${label}${heading.title} [${heading.scheme}]`);
        walk(rest, `${indent}  `);
        continue;
      }
      const marker = node.type === 'listItem' ? ` ${node.marker}` : '';
      const preview = options.preview ? `: ${node.value.replace(/\s+/g, ' ').slice(0, PREVIEW_LENGTH)}` : '';
      lines.push(`${indent}${node.type}${marker} (${node.children.length})${preview}`);
    }
  };
  walk(document.children, '');
  return lines.join('\n');
}
