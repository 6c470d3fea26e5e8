import { describe, expect, it } from 'vitest';
import { compareTexts } from '../compare/compare.js';
import { sampleComparison } from './fixtures/sample-comparison.js';
import { escapeMarkdown, markdownDiff, renderMarkdown } from './markdown.js';

describe('escapeMarkdown', () => {
  it('neutralises links, images, HTML, emphasis, code and tables', () => {
    expect(escapeMarkdown('![x](javascript:alert(1)) <b>&amp;</b> *a* _b_ ~c~ `d` | e # f')).toBe(
      '!\\[x\\](javascript:alert(1)) &lt;b&gt;&amp;amp;&lt;/b&gt; \\*a\\* \\_b\\_ \\~c\\~ \\`d\\` \\| e \\# f',
    );
  });

  it('keeps a document on one line so it cannot start a heading or list', () => {
    expect(escapeMarkdown('line one\n# heading\n- item')).toBe('line one \\# heading - item');
  });
});

describe('markdownDiff', () => {
  it('writes <del>old</del> <ins>new</ins> with edge spaces outside the tags', () => {
    expect(
      markdownDiff([
        { op: 'equal', text: 'is becoming' },
        { op: 'delete', text: ' more testing ', significance: 'substantive' },
        { op: 'insert', text: 'increasingly severe', significance: 'substantive' },
        { op: 'equal', text: ' at' },
      ]),
    ).toBe('is becoming <del>more testing</del> <ins>increasingly severe</ins> at');
  });

  it('marks text beside CJK punctuation the same way (where `**` would have stayed literal)', () => {
    const text = markdownDiff([
      { op: 'equal', text: '定め' },
      { op: 'insert', text: '、もって', significance: 'minor' },
      { op: 'equal', text: 'ること' },
    ]);
    expect(text).toBe('定め<ins>、もって</ins>ること');
  });
});

describe('renderMarkdown', () => {
  const report = renderMarkdown(sampleComparison());

  it('keeps bold for its own labels: edits are <ins>/<del> only, never ** or ~~', () => {
    expect(report).not.toContain('~~');
    const bold = [...report.matchAll(/\*\*([^*]+)\*\*/g)].map((match) => match[1] as string);
    expect(bold.length).toBeGreaterThan(0);
    for (const label of bold) expect(label).toMatch(/^(New|Deleted|Moved|Split|Merged|Modified|Renumbered|Retitled) /);
    expect(report).toContain('<ins>');
    expect(report).toContain('<del>');
  });

  it('titles the changelog with both editions and summarises it', () => {
    expect(
      report.startsWith('# Changes from Diplomatic Bluebook 2020 (2020-ch3-s1.txt) to Diplomatic Bluebook 2022'),
    ).toBe(true);
    expect(report).toContain('- Sections: 3 unchanged, 1 renumbered, 2 retitled, 1 inserted, 1 deleted');
  });

  it('calls structural changes out in words under section headings', () => {
    expect(report).toContain('## Chapter 3 › Section 1 › 1 › (2) Territorial integrity');
    expect(report).toContain(
      '- Renumbered (3) → (2); retitled Territorial <del>Integrity</del> <ins>integrity</ins> (cosmetic)',
    );
    expect(report).toContain('## Deleted section: Chapter 3 › Section 1 › 1 › (2) Enforcement');
    expect(report).toContain('## New section: Chapter 3 › Section 1 › 1 › Legislation for Peace and Security');
    expect(report).toContain('- **Moved paragraph** (minor) from *Chapter 3 › Section 1 › 1 › (2) Enforcement');
    expect(report).toContain(
      '- **Moved paragraph** to *Chapter 3 › Section 1 › 1 › Legislation for Peace and Security*',
    );
    expect(report).toContain('- **New caption** (substantive): Japan-Australia joint exercise');
  });

  it('shows phrase edits as <del>old</del> <ins>new</ins>', () => {
    expect(report).toContain('<del>inter-state competitions</del> <ins>competitions among states</ins>');
  });

  it('escapes hostile document text', () => {
    expect(report).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(report).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(report).toContain('\\[link\\](javascript:alert(1))');
    expect(report).not.toContain('<script>');
    expect(report).not.toContain('<img');
    expect(report).not.toContain('[link]');
    expect(report).not.toContain('\u001b');
  });

  it('filters by significance and shows unchanged text only with context', () => {
    const substantive = renderMarkdown(sampleComparison(), { significance: 'substantive' });
    expect(substantive).not.toContain('Takeshima');
    expect(substantive).toContain('Showing substantive changes and above.');
    expect(report).not.toContain('Japan cannot secure its own peace');
    expect(renderMarkdown(sampleComparison(), { context: true })).toContain('- Japan cannot secure its own peace');
  });
});

describe('renderMarkdown on edge cases found in review', () => {
  it('escapes list markers at the start of document text so a paste cannot start a list', () => {
    expect(escapeMarkdown('- item')).toBe('\\- item');
    expect(escapeMarkdown('1. first')).toBe('1\\. first');
    expect(escapeMarkdown('. Then')).toBe('. Then');
  });

  it('lists only the blocks of a section whose heading stayed, not a "Modified" heading item', () => {
    const markdown = renderMarkdown(
      compareTexts('(1) Alpha\n\nThe rate is five.\n', '(1) Alpha\n\nThe rate is six.\n'),
    );
    expect(markdown).not.toContain('Modified: (1)');
    expect(markdown).toContain('<del>five</del> <ins>six</ins>');
  });

  it('does not say "No changes" under a new section without blocks', () => {
    const markdown = renderMarkdown(
      compareTexts('(1) Alpha\n\nText here.\n', '(1) Alpha\n\nText here.\n\n(2) Beta\n\n(3) Gamma\n\nMore text.\n'),
    );
    expect(markdown).toContain('## New section:');
    expect(markdown).not.toContain('No changes');
  });
});
