import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { compareTexts } from '../compare/compare.js';
import { renderReport } from './index.js';
import { TOP_RULES } from './top.js';
import { topHtml, topJson } from './top-render.js';

const schema = JSON.parse(readFileSync(new URL('../../schema/top.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv2020.default({ allErrors: true, strict: true, strictRequired: false }).compile(schema);
const sample = compareTexts(
  readFileSync(new URL('../../examples/bluebook/2020-ch3-s1.txt', import.meta.url), 'utf8'),
  readFileSync(new URL('../../examples/bluebook/2022-ch3-s1.txt', import.meta.url), 'utf8'),
  { oldName: '2020', newName: '2022' },
);

describe('the summary of what matters most', () => {
  it('is valid JSON against schema/top.schema.json, whose rules are TOP_RULES', () => {
    const document = JSON.parse(topJson(sample, { top: 3 }));
    expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
    expect(document.changes).toHaveLength(3);
    expect(schema.properties.changes.items.properties.rule.enum).toEqual([...TOP_RULES]);
  });

  it('prints only the summary with topOnly, and none with top 0', () => {
    const only = renderReport(sample, 'terminal', { topOnly: true, top: 2 });
    expect(only).toContain('What matters most (2 of 7)');
    expect(only).not.toContain('§ Diplomatic Bluebook 2022');
    const none = renderReport(sample, 'terminal', { top: 0 });
    expect(none).not.toContain('What matters most');
    expect(none).toContain('§ Diplomatic Bluebook 2022');
  });

  it('escapes document text in HTML and links each line to its row', () => {
    const hostile = compareTexts(
      'Intro.\n\nA rule.',
      'Intro.\n\nA rule.\n\n<script>alert(1)</script> is a new paragraph here.',
    );
    const html = topHtml(hostile, {});
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toMatch(/<a href="#pair-b\d+">/);
  });
});
