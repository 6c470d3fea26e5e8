import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hostileXml } from '../testing/hostile-inputs.js';
import { decodeXmlEntities, scanXml } from './docx-xml.js';

/** Scan into a flat list of events, for assertions. */
function events(xml: string): { list: string[]; complete: boolean } {
  const list: string[] = [];
  const result = scanXml(xml, {
    start: (name, attributes) =>
      list.push(
        `<${name}${Object.entries(attributes)
          .map(([k, v]) => ` ${k}=${v}`)
          .join('')}>`,
      ),
    end: (name) => list.push(`</${name}>`),
    text: (value) => list.push(value),
  });
  return { list, complete: result.complete };
}

describe('scanXml', () => {
  it('resolves prefixes through xmlns declarations and keys attributes by local name', () => {
    const xml =
      '<?xml version="1.0"?><a:document xmlns:a="http://purl.oclc.org/ooxml/wordprocessingml/main">' +
      '<a:p a:rsid="1"><a:t xml:space="preserve"> x </a:t></a:p><v:shape xmlns:v="urn:v"/></a:document>';
    expect(events(xml)).toEqual({
      list: [
        '<w:document>',
        '<w:p rsid=1>',
        '<w:t space=preserve>',
        ' x ',
        '</w:t>',
        '</w:p>',
        '<{urn:v}shape>',
        '</{urn:v}shape>',
        '</w:document>',
      ],
      complete: true,
    });
  });

  it('decodes entities and CDATA, skips comments and processing instructions, never expands DOCTYPE entities', () => {
    const xml =
      '<!DOCTYPE x [<!ENTITY lol "lollollol">]><x a="&quot;1&#x41;&#66;"><!-- c --><![CDATA[<raw>]]>&lt;&amp;&lol;</x>';
    expect(events(xml).list).toEqual(['<x a="1AB>', '<raw>', '<&&lol;', '</x>']);
  });

  it('reports malformed markup as incomplete instead of throwing, and recovers from a missing end tag', () => {
    expect(events('<a><b>text</a>').list).toEqual(['<a>', '<b>', 'text', '</b>', '</a>']);
    expect(events('<a><b attr="unterminated>').complete).toBe(false);
    expect(events('<a><!-- never closed').complete).toBe(false);
    expect(events('<a>').complete).toBe(false);
  });

  it('decodes references to invalid code points as U+FFFD', () => {
    expect(decodeXmlEntities('&#xD800;&#0;&#x110000;')).toBe('\uFFFD\uFFFD\uFFFD');
  });

  it('never throws, on any string', () => {
    fc.assert(
      fc.property(
        fc.string({
          maxLength: 500,
          unit: fc.constantFrom('<', '>', '/', '!', '?', '[', ']', '-', '"', "'", '=', 'a', ':', ' ', '&', ';', '#'),
        }),
        (xml) => {
          const result = scanXml(xml, { start() {}, end() {}, text() {} });
          expect(result.offset).toBeLessThanOrEqual(xml.length);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reads hostile shapes to the end: deep nesting and many stray end tags', () => {
    // In linear time: bench/hostile-inputs.bench.ts measures it.
    const result = scanXml(hostileXml(), { start() {}, end() {}, text() {} });
    expect(result.complete).toBe(false);
  });
});
