import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LineIndex, sliceAt } from '../model/position.js';
import type { BlockNode, CaptionNode, DocumentNode, HeadingNode, SectionNode } from '../model/tree.js';
import { expectGolden } from '../testing/golden.js';
import { describeTree } from './describe.js';
import { parseText } from './text.js';

const examples = new URL('../../examples/bluebook/', import.meta.url);
const text2020 = readFileSync(new URL('2020-ch3-s1.txt', examples), 'utf8');
const text2022 = readFileSync(new URL('2022-ch3-s1.txt', examples), 'utf8');

/** Compares a tree with its golden JSON fixture, rewriting the fixture when UPDATE=1. */
function expectTreeGolden(name: string, document: DocumentNode): void {
  expectGolden(import.meta.url, name, `${JSON.stringify(document, null, 2)}\n`);
}

/** The first section of `nodes` (asserting there is one). */
function section(node: SectionNode | DocumentNode, index = 0): SectionNode {
  const sections = (node.children as Array<{ type: string }>).filter(
    (child): child is SectionNode => child.type === 'section',
  );
  const found = sections[index];
  if (!found) throw new Error(`no section ${index}`);
  return found;
}

describe('parseText on the Bluebook sample pair', () => {
  it('parses the 2020 edition into the expected outline', () => {
    const document = parseText(text2020);
    expect(describeTree(document)).toBe(
      [
        'title: Diplomatic Bluebook 2020',
        "# Chapter 3 | Japan's Foreign Policy to Promote National and Global Interests [chapter]",
        '  # Section 1 | Efforts for Peace and Stability of Japan and the International Community [section]',
        '    # 1 | National Security Initiatives [arabic]',
        '      # (1) | “Proactive Contribution to Peace” Based on the Principle of International Cooperation [paren-arabic]',
        '        paragraph (10)',
        '        paragraph (3)',
        '      # (2) | Enforcement of the “Legislation for Peace and Security,” and Initiatives Based on the Legislation [paren-arabic]',
        '        paragraph (3)',
        '        paragraph (2)',
        '        paragraph (3)',
        '      # (3) | Territorial Integrity [paren-arabic]',
        '        paragraph (5)',
      ].join('\n'),
    );
    expectTreeGolden('bluebook-2020.json', document);
  });

  it('parses the 2022 edition with an unnumbered sibling section and two collapsed captions', () => {
    const document = parseText(text2022);
    expect(describeTree(document)).toBe(
      [
        'title: Diplomatic Bluebook 2022',
        '# Chapter 3 | Japan Strengthening Its Presence in the International Community [chapter]',
        '  # Section 1 | Efforts for Peace and Stability of Japan and the International Community [section]',
        '    # 1 | National Security Initiatives [arabic]',
        '      # (1) | Security Environment Surrounding Japan [paren-arabic]',
        '        paragraph (10)',
        '        paragraph (3)',
        '      # (2) | Territorial integrity [paren-arabic]',
        '        paragraph (5)',
        "      # Fifth Anniversary of the Enforcement of Japan's Legislation for Peace and Security [unnumbered]",
        '        paragraph (4)',
        '        paragraph (3)',
        '        paragraph (3)',
        '        paragraph (3)',
        '        paragraph (4)',
        '        paragraph (2)',
        '        caption (1)',
        '        caption (1)',
      ].join('\n'),
    );
    expectTreeGolden('bluebook-2022.json', document);
  });

  it('merges the bare "Chapter 3" label with its title line into one heading spanning both lines', () => {
    const document = parseText(text2020);
    const heading = section(document).children[0];
    expect(heading).toMatchObject({ label: 'Chapter 3', ordinal: 3, scheme: 'chapter' });
    expect(heading.value).toBe("Chapter 3\n\nJapan's Foreign Policy to Promote National and Global Interests");
    expect(heading.position && sliceAt(text2020, heading.position)).toBe(heading.value);
    expect(heading.position?.start).toEqual({ line: 3, column: 1, offset: 26 });
    expect(heading.position?.end.line).toBe(5);
  });

  it('keeps the document title out of the sections', () => {
    const document = parseText(text2022);
    expect(document.title).toMatchObject({ label: null, title: 'Diplomatic Bluebook 2022', scheme: 'title' });
    expect(document.children.every((child) => child.type === 'section')).toBe(true);
  });

  it('collapses the duplicated captions of 2022, keeping the first occurrence', () => {
    const document = parseText(text2022);
    const feature = section(section(section(section(document))), 2);
    const captions = feature.children.filter((child): child is CaptionNode => child.type === 'caption');
    expect(captions.map((caption) => caption.value)).toEqual([
      'Japan-Australia joint exercise “Trident” (November. Photo: Ministry of Defense)',
      'Headquarter personnel deployed to MFO (Photo: PKO Secretariat)',
    ]);
    const first = text2022.indexOf('Japan-Australia joint exercise');
    expect(captions[0]?.position?.start.offset).toBe(first);
    const diagnostics = document.data?.diagnostics ?? [];
    expect(diagnostics.filter((d) => d.code === 'duplicate-caption')).toHaveLength(2);
    expect(diagnostics.every((d) => d.severity === 'info')).toBe(true);
  });

  it('reports the unbalanced closing quote of 2020 at its position', () => {
    const diagnostics = parseText(text2020).data?.diagnostics ?? [];
    const quotes = diagnostics.filter((d) => d.code === 'unbalanced-quote');
    expect(quotes).toHaveLength(1);
    const offset = text2020.indexOf('Security” took effect') + 'Security'.length;
    expect(quotes[0]).toMatchObject({
      severity: 'warning',
      position: { start: { offset }, end: { offset: offset + 1 } },
    });
    expect(quotes[0]?.position?.start.line).toBe(19);
  });
});

describe('parseText structure rules', () => {
  it('keeps a hard-wrapped block as one paragraph whose value keeps the line breaks', () => {
    const text =
      'Title line\n\nThe first line of a wrapped\nparagraph goes on here. And a second\nsentence ends here.\n';
    const document = parseText(text);
    const paragraph = document.children[0];
    expect(paragraph?.type).toBe('paragraph');
    expect((paragraph as BlockNode).value).toBe(
      'The first line of a wrapped\nparagraph goes on here. And a second\nsentence ends here.',
    );
    expect(paragraph?.type === 'paragraph' && paragraph.children.map((s) => s.value)).toEqual([
      'The first line of a wrapped\nparagraph goes on here.',
      'And a second\nsentence ends here.',
    ]);
  });

  it('makes one paragraph per line when the text has no blank line at all', () => {
    const document = parseText('First sentence here.\nSecond line here.\nThird line.');
    expect(describeTree(document)).toBe('paragraph (1)\nparagraph (1)\nparagraph (1)');
  });

  it('nests schemes by first appearance and closes deeper levels when a scheme returns', () => {
    const text = [
      'Part I',
      'A.',
      'Body one.',
      '1. Point',
      'Body two.',
      'B.',
      'Body three.',
      'Part II',
      'Body four.',
    ].join('\n\n');
    expect(describeTree(parseText(text))).toBe(
      [
        '# Part I |  [part]',
        '  # A. |  [letter-upper-dot]',
        '    paragraph (1)',
        '    # 1. | Point [arabic-dot]',
        '      paragraph (1)',
        '  # B. |  [letter-upper-dot]',
        '    paragraph (1)',
        '# Part II |  [part]',
        '  paragraph (1)',
      ].join('\n'),
    );
  });

  it('makes an unnumbered heading a child when the open section has no body yet, a sibling otherwise', () => {
    const text = ['(1) Numbered', 'Subtitle line', 'Body one.', 'Another topic', 'Body two.'].join('\n\n');
    expect(describeTree(parseText(`Doc title\n\n${text}`))).toBe(
      [
        'title: Doc title',
        '# (1) | Numbered [paren-arabic]',
        '  # Subtitle line [unnumbered]',
        '    paragraph (1)',
        '  # Another topic [unnumbered]',
        '    paragraph (1)',
      ].join('\n'),
    );
  });

  it('does not make a short line a heading when no body text follows it', () => {
    const document = parseText('Doc title\n\n(1) Numbered\n\nBody one.\n\nA closing remark');
    expect(describeTree(document)).toBe(
      ['title: Doc title', '# (1) | Numbered [paren-arabic]', '  paragraph (1)', '  paragraph (1)'].join('\n'),
    );
  });

  it('keeps a line holding two sentences in its body even when the second lacks a stop (GitHub 2023)', () => {
    const line =
      'In addition, if your account has private repositories, you control the access to that Content. ' +
      'GitHub personnel does not access private repository content except for';
    const document = parseText(
      `Privacy\n\nHow GitHub secures your information\n\nWe take measures.\n\n${line}\n\nA closing sentence.\n\nU.S. State Data Privacy\n\nText.`,
    );
    const headings = describeTree(document)
      .split('\n')
      .filter((row) => row.startsWith('#'));
    expect(headings).toEqual([
      '# How GitHub secures your information [unnumbered]',
      '# U.S. State Data Privacy [unnumbered]',
    ]);
  });

  it("starts a bulleted item's sentences after the bullet, and keeps a number as part of the item", () => {
    const document = parseText(
      'Title\n\nWho may use it\n\n* Users.\n* Guests who sign in.\n\n1. Numbered item here.\n',
    );
    const items = section(document).children.slice(1) as BlockNode[];
    expect(items.map((item) => item.value)).toEqual(['* Users.', '* Guests who sign in.', '1. Numbered item here.']);
    expect(items.map((item) => item.children.map((sentence) => sentence.value))).toEqual([
      ['Users.'],
      ['Guests who sign in.'],
      ['1. Numbered item here.'],
    ]);
  });

  it('treats a numbered line that reads like a sentence as a list item keeping its label', () => {
    const text =
      '§ 2 Leistungen\n\n(1) Die Krankenkassen stellen den Versicherten die Leistungen zur Verfügung.\n\n(2) Weiteres.';
    const document = parseText(text);
    const items = section(document).children.slice(1);
    expect(items.map((item) => item.type === 'listItem' && item.marker)).toEqual(['(1)', '(2)']);
    expect((items[0] as BlockNode).value.startsWith('(1) Die')).toBe(true);
  });

  it('splits a Japanese article into a heading (titled by its caption line) and its body', () => {
    const text =
      '第一章　総則\n\n  （目的）\n第一条　この法律は、発明の保護を目的とする。\n２　前項の規定は、適用しない。\n\n第二条　削除\n';
    const document = parseText(text);
    expect(describeTree(document)).toBe(
      [
        '# 第一章 | 総則 [ja-chapter]',
        '  # 第一条 | 目的 [ja-article]',
        '    paragraph (1)',
        '    listItem ２ (1)',
        '  # 第二条 |  [ja-article]',
        '    paragraph (1)',
      ].join('\n'),
    );
    const article = section(section(document));
    const heading = article.children[0];
    expect(heading.value).toBe('（目的）\n第一条');
    expect(heading.position && sliceAt(text, heading.position)).toBe(heading.value);
    expect((article.children[1] as BlockNode).value).toBe('この法律は、発明の保護を目的とする。');
  });

  it('closes lower-ranked keyword sections when a higher-ranked scheme appears later (節 after 条)', () => {
    const text = '第一章　総則\n\n第一条　本文。\n\n第一節　通則\n\n第二条　本文。\n\n第二章　雑則\n\n第三条　本文。';
    expect(describeTree(parseText(text))).toBe(
      [
        '# 第一章 | 総則 [ja-chapter]',
        '  # 第一条 |  [ja-article]',
        '    paragraph (1)',
        '  # 第一節 | 通則 [ja-section]',
        '    # 第二条 |  [ja-article]',
        '      paragraph (1)',
        '# 第二章 | 雑則 [ja-chapter]',
        '  # 第三条 |  [ja-article]',
        '    paragraph (1)',
      ].join('\n'),
    );
  });

  it('keeps a table of contents whole instead of reading its entries as headings', () => {
    const text = '目次\n  第一章　総則（第一条―第二条）\n  第二章　雑則（第三条）\n\n第一章　総則\n\n第一条　本文。';
    const document = parseText(text);
    expect(describeTree(document)).toBe(
      ['paragraph (1)', '# 第一章 | 総則 [ja-chapter]', '  # 第一条 |  [ja-article]', '    paragraph (1)'].join('\n'),
    );
  });

  it('reads Markdown headings by hash count, with labels inside, and numbered lines as list items', () => {
    const text = [
      '---',
      'title: x',
      '---',
      '# Gesetz',
      '## Erstes Kapitel - Allgemeine Vorschriften',
      '### § 1 Solidarität',
      'Text eins.',
      '#### Erster Titel',
      '1.  Inhalt und Art der Werbung,',
      '### § 2 Leistungen',
      '(1) Absatz.',
    ].join('\n\n');
    const document = parseText(text);
    expect(describeTree(document)).toBe(
      [
        'title: Gesetz',
        '# Erstes Kapitel | Allgemeine Vorschriften [atx-2]',
        '  # § 1 | Solidarität [atx-3]',
        '    paragraph (1)',
        '    # Erster Titel |  [atx-4]',
        '      listItem 1. (1)',
        '  # § 2 | Leistungen [atx-3]',
        '    listItem (1) (1)',
      ].join('\n'),
    );
    const paragraphSign = section(section(document)).children[0];
    expect(paragraphSign).toMatchObject({ label: '§ 1', title: 'Solidarität', ordinal: 1, value: '§ 1 Solidarität' });
    expect(document.data?.diagnostics?.map((d) => d.code)).toEqual(['front-matter']);
  });

  it('reads French headings with "Titre préliminaire", roman numerals and "1er"', () => {
    const text = [
      'Titre préliminaire : Dispositions',
      'Article 1er',
      'Texte.',
      'Livre Ier : Des personnes',
      'Chapitre II : Du corps',
      'Article 16-1',
      'Texte.',
    ].join('\n\n');
    const document = parseText(text);
    expect(describeTree(document)).toBe(
      [
        '# Titre préliminaire | Dispositions [titre]',
        '  # Article 1er |  [article]',
        '    paragraph (1)',
        '# Livre Ier | Des personnes [livre]',
        '  # Chapitre II | Du corps [chapitre]',
        '    # Article 16-1 |  [article]',
        '      paragraph (1)',
      ].join('\n'),
    );
  });

  it('reads lettered items that continue an open sentence as list items, not sections (StGB § 265b)', () => {
    const text = [
      '§ 265b Kreditbetrug',
      'Wer einem Betrieb oder Unternehmen im Zusammenhang mit einem Antrag auf Gewährung eines Kredits über\n' +
        'wirtschaftliche Verhältnisse',
      'a) unrichtige oder unvollständige Unterlagen vorlegt oder',
      'b) schriftlich unrichtige Angaben macht,',
      'die für die Entscheidung erheblich sind, oder',
      'wird mit Freiheitsstrafe bestraft.',
      '§ 266 Untreue',
      'Text.',
      '(a) Scope',
      'Body.',
    ].join('\n\n');
    const outline = describeTree(parseText(text));
    expect(outline).not.toMatch(/# a\)|# b\)|# die für/);
    expect(outline).toMatch(/paragraph \(1\)\n {2}listItem a\) \(1\)\n {2}listItem b\) \(1\)\n {2}paragraph/);
    // After a finished sentence a lettered line standing alone is still a heading.
    expect(outline).toMatch(/# \(a\) \| Scope/);
  });

  it('reports a skipped number once, per level', () => {
    const text = 'Doc\n\n(1) One\n\nBody.\n\n(3) Three\n\nBody.\n\n(4) Four\n\nBody.';
    const diagnostics = parseText(text).data?.diagnostics ?? [];
    expect(diagnostics.map((d) => [d.code, d.severity, d.message])).toEqual([
      ['skipped-number', 'info', '"(3)" follows "(1)": number 2 is missing'],
    ]);
    expect(diagnostics[0]?.position?.start.offset).toBe(text.indexOf('(3)'));
  });

  it('does not report a skipped number when numbering restarts under a new parent', () => {
    const text = 'Chapter 1 A\n\n(1) x\n\nBody.\n\n(2) y\n\nBody.\n\nChapter 2 B\n\n(1) z\n\nBody.';
    expect(parseText(text).data?.diagnostics).toEqual([]);
  });

  it('reports an empty document and returns no children', () => {
    for (const text of ['', '   \n\t\n\u3000\n']) {
      const document = parseText(text);
      expect(document.children).toEqual([]);
      expect(document.data?.diagnostics?.map((d) => d.code)).toEqual(['empty-document']);
    }
  });

  it('keeps exact positions with CRLF and CR line endings', () => {
    for (const lineEnd of ['\r\n', '\r']) {
      const text = ['Doc title', '', 'Chapter 2', '', 'A title line', '', 'One. Two.', ''].join(lineEnd);
      const document = parseText(text);
      const lineIndex = new LineIndex(text);
      const chapter = section(document);
      const heading = chapter.children[0] as HeadingNode;
      expect(heading.title).toBe('A title line');
      expect(heading.position && sliceAt(text, heading.position)).toBe(`Chapter 2${lineEnd}${lineEnd}A title line`);
      const paragraph = chapter.children[1];
      expect(paragraph?.position?.start).toEqual(lineIndex.point(text.indexOf('One.')));
      expect(paragraph?.position?.start.line).toBe(7);
      const sentences = paragraph?.type === 'paragraph' ? paragraph.children : [];
      expect(sentences.map((s) => s.position && sliceAt(text, s.position))).toEqual(['One.', 'Two.']);
    }
  });

  it('handles NBSP, tabs, full-width spaces and leading or trailing white space', () => {
    const text = '\ufeff  \t\n第一章\u3000総則\n\n\u00a0Chapter\u00a03\u00a0\n\n  Body text here.  \n\n';
    const document = parseText(text);
    const first = section(document).children[0];
    expect(first).toMatchObject({ label: '第一章', title: '総則', value: '第一章\u3000総則' });
    const chapter = section(document, 1);
    expect(chapter.children[0]).toMatchObject({ label: 'Chapter\u00a03', ordinal: 3, title: '' });
    expect((chapter.children[1] as BlockNode).value).toBe('Body text here.');
    expect(chapter.children[1]?.position?.start.column).toBe(3);
  });

  it('never throws on non-string misuse with an unclear message', () => {
    expect(() => parseText(42 as unknown as string)).toThrow(/must be a string/);
  });
});

describe('parseText on Markdown headings as they render', () => {
  it('reads labels behind backslash escapes and wrapping emphasis, keeping the value as written', () => {
    const text =
      '# Service Terms\n\n## 33\\. AWS B2B Data Interchange\n\nBody one.\n\n## 34\\. Other Service\n\nBody two.\n\n##### **1\\. Privacy**\n\nBody three.\n';
    const headings: HeadingNode[] = [];
    const walk = (children: Array<SectionNode | BlockNode>): void => {
      for (const child of children) {
        if (child.type !== 'section') continue;
        headings.push(child.children[0]);
        walk(child.children.slice(1) as Array<SectionNode | BlockNode>);
      }
    };
    walk(parseText(text).children);
    expect(headings.map((h) => [h.label, h.title])).toEqual([
      ['33.', 'AWS B2B Data Interchange'],
      ['34.', 'Other Service'],
      ['1.', 'Privacy'],
    ]);
    expect(headings[0]?.value).toBe('33\\. AWS B2B Data Interchange');
  });

  it('reads an escaped list marker on a plain line ("5\\. Fees") as the label "5." with the same title', () => {
    const body = 'Some of our services are offered for a fee. You agree to pay it.';
    const escaped = `Terms\n\n4\\. Your Account\n\n${body}\n\n5\\. Fees, Payment, and Renewal\n\n${body}\n`;
    const plain = escaped.replaceAll('\\.', '.');
    const outline = (text: string): Array<[string | null, string]> =>
      parseText(text).children.flatMap((child) =>
        child.type === 'section' ? [[child.children[0].label, child.children[0].title] as [string | null, string]] : [],
      );
    expect(outline(escaped)).toEqual([
      ['4.', 'Your Account'],
      ['5.', 'Fees, Payment, and Renewal'],
    ]);
    expect(outline(escaped)).toEqual(outline(plain));
  });

  it('reads a numbered Absatz that opens an enumeration as a list item, not a heading, whatever its neighbours', () => {
    const items = '1.  aus grobem Eigennutz handelt,\n\n2.  fortgesetzt handelt.';
    const opens = [
      '(2) Ebenso wird bestraft, wer',
      '(1) Einem Ausländer kann eine Aufenthaltserlaubnis erteilt werden, wenn',
      '(4) In besonders schweren Fällen ist die Strafe Freiheitsstrafe. Ein schwerer Fall liegt vor, wenn der Täter',
    ];
    for (const line of opens) {
      const text = `§ 266a Vorenthalten\n\n${line}\n\n${items}\n\n§ 267 Urkundenfälschung\n\nWer eine Urkunde fälscht, wird bestraft.\n`;
      const section = parseText(text).children[0] as SectionNode;
      expect(section.children.map((child) => child.type)).toEqual(['heading', 'listItem', 'listItem', 'listItem']);
    }
    // A title that names what follows stays a heading over its items.
    const titled = parseText(`(2) Territorial Integrity\n\n${items}\n`).children[0] as SectionNode;
    expect(titled.children[0].value).toBe('(2) Territorial Integrity');
  });

  it('reads an Absatz whose clause its lower-case items finish as a list item, even when it ends in a noun', () => {
    const items =
      '1.  der zuständigen Stelle über erhebliche Tatsachen\n    unrichtige Angaben macht oder\n\n2.  die Stelle in Unkenntnis lässt.';
    for (const line of ['(2) Ebenso wird bestraft, wer als Arbeitgeber', '(2) Ordnungswidrig handelt, wer']) {
      const text = `§ 266a Vorenthalten\n\n${line}\n\n${items}\n\n§ 267 Urkundenfälschung\n\nWer eine Urkunde fälscht, wird bestraft.\n`;
      const section = parseText(text).children[0] as SectionNode;
      expect(section.children.map((child) => child.type)).toEqual(['heading', 'listItem', 'listItem', 'listItem']);
    }
    // A comma inside a title does not open a clause, nor do items that start a sentence of their own.
    const use = parseText(
      `(2) Use, Disclosure and Retention\n\n(a) to provide the services;\n\n(b) to improve them.\n`,
    );
    expect((use.children[0] as SectionNode).children[0].value).toBe('(2) Use, Disclosure and Retention');
    const own = parseText(
      `(2) Ebenso wird bestraft, wer als Arbeitgeber\n\n1.  Der Täter handelt.\n\n2.  Er lässt es.\n`,
    );
    expect(own.children[0]?.type).toBe('section');
  });

  it('reads a repealed Absatz ("(2a) (weggefallen)") as a list item whatever its neighbours', () => {
    const body = 'Der Ausländer hat das Bundesgebiet unverzüglich zu verlassen.';
    for (const before of [`(2) ${body}`, `Einleitung des Paragraphen. ${body}`]) {
      const text = `§ 50 Ausreisepflicht\n\n(1) ${body}\n\n${before}\n\n(2a) (weggefallen)\n\n(3) ${body}\n`;
      const section = parseText(text).children[0] as SectionNode;
      const repealed = section.children.find(
        (child) => child.type !== 'section' && child.value === '(2a) (weggefallen)',
      );
      expect(repealed?.type).toBe('listItem');
    }
    for (const placeholder of ['(weggefallen)', 'aufgehoben', '[Repealed]', '削除'])
      expect(parseText(`(4) ${placeholder}\n\nText des Absatzes folgt hier.\n`).children[0]?.type).toBe('listItem');
  });
});
