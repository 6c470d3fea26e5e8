import { describe, expect, it } from 'vitest';
import { comparisonOf, sampleComparison } from './fixtures/sample-comparison.js';
import { CONTENT_SECURITY_POLICY, diffSide, escapeHtml, renderHtml } from './html.js';
import { SHARED_STYLESHEET } from './shared-styles.js';

/** The rows of the redline, each as its opening tag and cells. */
function rows(html: string): string[] {
  return html.split('<tr ').slice(1);
}

describe('escapeHtml', () => {
  it('escapes the five characters HTML gives a meaning', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});

describe('diffSide', () => {
  const changes = [
    { op: 'equal' as const, text: 'a ' },
    { op: 'delete' as const, text: '<old>', significance: 'substantive' as const },
    { op: 'insert' as const, text: 'new', significance: 'cosmetic' as const },
  ];

  it('shows deletions on the old side and insertions on the new side, escaped', () => {
    // Each change carries its significance as the web app's word changes do (shared-styles.ts fades cosmetic ones).
    expect(diffSide(changes, 'old')).toBe('a <del class="sig-substantive">&lt;old&gt;</del>');
    expect(diffSide(changes, 'new')).toBe('a <ins class="sig-cosmetic">new</ins>');
  });
});

describe('renderHtml', () => {
  const html = renderHtml(sampleComparison());

  it('is one self-contained page with a strict Content-Security-Policy', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="ja">')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`);
    expect(CONTENT_SECURITY_POLICY).toBe("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'");
    // Nothing to fetch: no external elements, no src, no links off the page, no CSS urls.
    expect(html).not.toMatch(/<(link|img|iframe|object|embed)\b|\ssrc="|\shref="(?!#)|url\(|@import/);
    expect(html).toContain('"Noto Sans CJK JP"');
    expect(html).toContain('"IPAGothic"');
    expect(html).toContain('prefers-color-scheme:dark');
    expect(html).toContain('@media print');
  });

  it('shows hostile document text as text, never as markup', () => {
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img');
    // The page's own script is the only one.
    expect(html.match(/<script>/g)).toHaveLength(1);
  });

  it('escapes edition names and section paths too', () => {
    const hostile = comparisonOf(sampleComparison().pairs, { old: '<b onmouseover=x>"old"', new: "new'<svg>" });
    const page = renderHtml(hostile);
    expect(page).toContain('&lt;b onmouseover=x&gt;&quot;old&quot;');
    expect(page).toContain('new&#39;&lt;svg&gt;');
    expect(page).not.toContain('<b onmouseover');
    expect(page).not.toContain('<svg');
  });

  it('aligns old and new unit by unit, marking word changes', () => {
    const paragraph = rows(html).find((row) => row.includes('id="pair-b0"')) ?? '';
    expect(paragraph).toContain(
      '<td class="old">The security environment surrounding Japan is becoming <del class="sig-substantive">',
    );
    expect(paragraph).toContain(
      '<ins class="sig-substantive">increasingly severe at a more rapid pace than ever before</ins>',
    );
    // The row's margin weighs its change, as in the web app.
    expect(paragraph).toMatch(/^class="block modified sig-substantive"/);
    const inserted = rows(html).find((row) => row.includes('id="pair-b5"')) ?? '';
    expect(inserted).toContain('<td class="old empty"></td>');
    // A unit inserted whole, and its badge, as the web app shows them.
    expect(inserted).toContain('<span class="badge rel-inserted sig-substantive">inserted · substantive</span>');
    expect(inserted).toContain('<ins class="whole">Japan-Australia joint exercise');
    const deleted = rows(html).find((row) => row.includes('id="pair-b2"')) ?? '';
    expect(deleted).toContain('<td class="new empty"></td>');
  });

  it('links a moved block both ways', () => {
    const arrived = rows(html).find((row) => row.includes('id="pair-b3"')) ?? '';
    const left = rows(html).find((row) => row.includes('id="pair-b3-from"')) ?? '';
    expect(arrived).toContain(
      '<a class="move" href="#pair-b3-from">moved from § Chapter 3 › Section 1 › 1 › (2) Enforcement',
    );
    expect(left).toContain(
      '<a class="move" href="#pair-b3">moved to § Chapter 3 › Section 1 › 1 › Legislation for Peace',
    );
    // The block left from the deleted section, so its old row sits in that section's body.
    const deletedSection = html.slice(html.indexOf('data-section="s4"'), html.indexOf('data-section="s5"'));
    expect(deletedSection).toContain('id="pair-b3-from"');
  });

  it('badges renumbered and retitled headings', () => {
    const renumbered = rows(html).find((row) => row.includes('id="pair-s5"')) ?? '';
    expect(renumbered).toContain('<span class="badge badge-renumbered sig-cosmetic">renumbered · cosmetic</span>');
    expect(renumbered).toContain('<del class="sig-cosmetic">(3)</del>');
    expect(renumbered).toContain('<span class="heading-cell depth-3" role="heading" aria-level="4">');
    const retitled = rows(html).find((row) => row.includes('id="pair-s3"')) ?? '';
    expect(retitled).toContain('<span class="badge badge-retitled sig-substantive">retitled · substantive</span>');
  });

  it('inlines the stylesheet it shares with the web app, and styles nothing the shared sheet does again', () => {
    expect(html).toContain(`<style>${SHARED_STYLESHEET}`);
    const own = html.slice(html.indexOf(SHARED_STYLESHEET) + SHARED_STYLESHEET.length, html.indexOf('</style>'));
    expect(own).not.toMatch(/(^|[}\s,])(ins|del|\.badge)[{.,\s]/);
  });

  it('carries significance on every row for the filter, and offers the filter and the toggle', () => {
    for (const row of rows(html).filter((r) => r.startsWith('class="block') || r.startsWith('class="heading'))) {
      expect(row).toMatch(/data-rel="(changed|unchanged)" data-sig="[0-3]"/);
    }
    expect(html).toContain('<select id="significance-filter">');
    expect(html).toContain('<option value="3">substantive only</option>');
    expect(html).toContain('<input type="checkbox" id="changes-only" checked>');
    const cosmetic = rows(html).find((row) => row.includes('id="pair-b4"')) ?? '';
    expect(cosmetic).toContain('data-sig="1"');
  });

  it('preselects the filter from the options and unticks "changes only" with context', () => {
    const page = renderHtml(sampleComparison(), { significance: 'substantive', context: true });
    expect(page).toContain('<option value="3" selected>substantive only</option>');
    expect(page).toContain('<input type="checkbox" id="changes-only">');
  });

  it('guesses the page language from the text', () => {
    const english = sampleComparison().pairs.filter(
      (pair) => !/[\u3040-\u9fff]/.test(pair.new?.text ?? pair.old?.text ?? ''),
    );
    expect(renderHtml(comparisonOf(english))).toContain('<html lang="en">');
  });
});
