import { describe, expect, it } from 'vitest';
import { cleanParagraph, walkStory } from './docx-body.js';
import { NumberingCounters, parseNumbering, parseStyles } from './docx-numbering.js';

const W =
  'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' +
  'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"';

function walk(body: string) {
  const styles = parseStyles('');
  return walkStory(`<w:document ${W}><w:body>${body}</w:body></w:document>`, {
    styles,
    counters: new NumberingCounters(parseNumbering(''), styles),
    story: 'body',
  });
}

const p = (inner: string) => `<w:p>${inner}</w:p>`;
const r = (text: string) => `<w:r><w:t xml:space="preserve">${text}</w:t></w:r>`;

describe('walkStory', () => {
  it('keeps what a reader sees: insertions and field results, not deletions, field codes or old properties', () => {
    const result = walk(
      p(
        `${r('Keep ')}<w:del><w:r><w:delText>gone </w:delText><w:tab/></w:r></w:del><w:ins>${r('added ')}</w:ins>` +
          `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>` +
          `<w:r><w:fldChar w:fldCharType="separate"/></w:r>${r('7')}<w:r><w:fldChar w:fldCharType="end"/></w:r>` +
          '<w:r><w:rPr><w:vanish/><w:rPrChange><w:rPr/></w:rPrChange></w:rPr><w:t>hidden</w:t></w:r>',
      ),
    );
    expect(result.blocks.map((block) => block.text)).toEqual(['Keep added 7']);
  });

  it('emits a text box once, after its anchor paragraph, skipping the VML fallback copy', () => {
    const box = `<w:txbxContent>${p(r('Box text'))}</w:txbxContent>`;
    const result = walk(
      p(
        `${r('Anchor')}<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>${box}</w:drawing></mc:Choice>` +
          `<mc:Fallback><w:pict>${box}</w:pict></mc:Fallback></mc:AlternateContent></w:r>`,
      ) + p(r('Next')),
    );
    expect(result.blocks.map((block) => [block.text, block.kind])).toEqual([
      ['Anchor', undefined],
      ['Box text', 'box'],
      ['Next', undefined],
    ]);
  });

  it('turns w:br into a line break, w:tab into a tab, and never leaves a blank line inside a block', () => {
    const result = walk(p(`${r('a')}<w:r><w:tab/><w:t>b</w:t><w:br/><w:br/><w:br/><w:t>c</w:t></w:r>`) + p('   '));
    expect(result.blocks.map((block) => block.text)).toEqual(['a\tb\nc']);
    expect(result.paragraphs).toBe(2);
  });

  it('flattens a nested table into its cell, and reports truncated XML as incomplete', () => {
    const cell = (inner: string) => `<w:tc>${inner}</w:tc>`;
    const nested = `<w:tbl><w:tr>${cell(p(r('x')))}${cell(p(r('y')))}</w:tr></w:tbl>`;
    const result = walk(`<w:tbl><w:tr>${cell(p(r('outer')) + nested)}${cell(p(r('z')))}</w:tr></w:tbl>`);
    expect(result.blocks.map((block) => [block.text, block.kind])).toEqual([['outer x | y | z', 'tableRow']]);
    const styles = parseStyles('');
    const truncated = walkStory(`<w:document ${W}><w:body>${p(r('one'))}<w:p><w:r><w:t>tw`, {
      styles,
      counters: new NumberingCounters(parseNumbering(''), styles),
      story: 'body',
    });
    expect(truncated.complete).toBe(false);
    expect(truncated.blocks.map((block) => block.text)).toEqual(['one']);
  });
});

describe('cleanParagraph', () => {
  it('trims lines and drops empty ones', () => {
    expect(cleanParagraph('  a \n\n  \n b  ')).toBe('a\nb');
    expect(cleanParagraph('  single  ')).toBe('single');
  });
});
