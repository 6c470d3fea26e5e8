/**
 * The Markdown nesting scan never under-estimates the depth micromark reaches (a property over 500 generated
 * sources, each parsed by micromark, and the counterexamples it once found). An integration test (vitest.config.ts):
 * a large property run.
 */
import fc from 'fast-check';
import type { Nodes } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { describe, expect, it } from 'vitest';
import { markdownNestingDepth } from './markdown-limits.js';

/** The deepest nesting of list items and block quotes in an mdast tree, counted as micromark builds it. */
function realDepth(node: Nodes): number {
  if (!('children' in node)) return 0;
  const own = node.type === 'listItem' || node.type === 'blockquote' ? 1 : 0;
  let deepest = 0;
  for (const child of node.children) deepest = Math.max(deepest, realDepth(child as Nodes));
  return own + deepest;
}

describe('markdownNestingDepth', () => {
  it('never under-estimates the depth micromark reaches', () => {
    const prefix = fc.constantFrom('> ', '>', '- ', '* ', '1. ', '2) ', '  ', '    ', '\t', '- - -', '');
    const line = fc.tuple(fc.array(prefix, { maxLength: 6 }), fc.constantFrom('x', '', 'text *a*', '---'));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), (lines) => {
        const source = lines.map(([prefixes, rest]) => prefixes.join('') + rest).join('\n');
        expect(markdownNestingDepth(source).depth).toBeGreaterThanOrEqual(realDepth(fromMarkdown(source) as Nodes));
      }),
      { numRuns: 500 },
    );
  });

  it('counts an item that starts with a blank line as content one column after its marker', () => {
    // fast-check seed 2054130064: the spaces after a bare marker do not move its content column.
    const source = '2)   \n    > x';
    expect(markdownNestingDepth(source).depth).toBeGreaterThanOrEqual(realDepth(fromMarkdown(source) as Nodes));
    expect(markdownNestingDepth(source).depth).toBe(2);
  });
});
