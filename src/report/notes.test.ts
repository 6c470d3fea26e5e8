import { describe, expect, it } from 'vitest';
import { compareTexts } from '../compare/compare.js';
import type { Comparison } from '../model/comparison.js';
import type { Diagnostic } from '../model/tree.js';
import { MALICIOUS_TEXT, sampleComparison } from './fixtures/sample-comparison.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { inputNotes, NOTES_PER_EDITION } from './notes.js';
import { renderTerminal } from './terminal.js';

/** The sample comparison with its new edition carrying `diagnostics`. */
function withNewDiagnostics(diagnostics: Diagnostic[]): Comparison {
  const comparison = sampleComparison();
  comparison.new.diagnostics = diagnostics;
  return comparison;
}

/** A warning at a line whose message quotes hostile document text, as duplicate-caption's does. */
const HOSTILE: Diagnostic = {
  code: 'duplicate-caption',
  severity: 'warning',
  message: `caption repeated by extraction, kept once: "${MALICIOUS_TEXT}"`,
  position: { start: { line: 7, column: 3, offset: 40 }, end: { line: 7, column: 9, offset: 46 } },
};

describe('notes on the input', () => {
  it("list a real document's diagnostic in the terminal, Markdown and HTML reports (JSON had it alone)", () => {
    const comparison = compareTexts('Chapter 1\n\nHe said ”no.\n', 'Chapter 1\n\nHe said no.\n', {
      oldName: 'old.txt',
      newName: 'new.txt',
    });
    const [quote] = comparison.old.diagnostics;
    expect(quote?.code).toBe('unbalanced-quote');
    const terminal = renderTerminal(comparison);
    expect(terminal).toContain('\nNotes on the input\n');
    expect(terminal).toContain(`  old.txt:3:9: warning: ${quote?.message} (unbalanced-quote)`);
    expect(renderMarkdown(comparison)).toContain(
      `## Notes on the input\n\n- old.txt, line 3, column 9 — warning: ${quote?.message} (unbalanced-quote)`,
    );
    expect(renderHtml(comparison)).toContain('<h2>Notes on the input</h2>');
  });

  it('are left out when neither edition has a diagnostic', () => {
    const comparison = compareTexts('Chapter 1\n\nSame.\n', 'Chapter 1\n\nOther.\n');
    for (const report of [renderTerminal(comparison), renderMarkdown(comparison), renderHtml(comparison)]) {
      expect(report).not.toContain('Notes on the input');
    }
  });

  it('escape the document text a message quotes: no tag in HTML, no markup in Markdown, no escape on a terminal', () => {
    const comparison = withNewDiagnostics([HOSTILE]);
    const html = renderHtml(comparison);
    const notes = html.slice(html.indexOf('<section class="notes">'));
    expect(notes).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(notes).not.toContain('<script>alert');
    expect(notes).not.toContain('<img');
    const markdown = renderMarkdown(comparison);
    expect(markdown.slice(markdown.indexOf('## Notes'))).toContain('\\[link\\](javascript:alert(1))');
    expect(markdown).not.toContain('<script>');
    const terminal = renderTerminal(comparison);
    expect(terminal.slice(terminal.indexOf('Notes on the input'))).not.toContain('\u001b');
  });

  it('show a few per edition, the most severe first, and count the rest', () => {
    const infos: Diagnostic[] = Array.from({ length: NOTES_PER_EDITION + 3 }, (_, i) => ({
      code: 'skipped-number',
      severity: 'info',
      message: `"(${i + 3})" follows "(${i + 1})"`,
    }));
    const comparison = withNewDiagnostics([...infos, HOSTILE]);
    const [, notes] = inputNotes(comparison);
    expect(notes?.shown[0]).toBe(HOSTILE);
    expect(notes?.shown).toHaveLength(NOTES_PER_EDITION);
    expect(notes?.omitted).toBe(4);
    expect(renderTerminal(comparison)).toContain('… and 4 more (--format json lists them all)');
  });
});
