import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPalimpsestError } from '../errors/errors.js';
import { parseText } from '../parse/text.js';
import { type BlameHeading, type BlameSentence, blame, describeEvents, narrowBlame } from './blame.js';
import { collateSeries } from './lineage.js';
import { japaneseEditions, seriesEditions } from './series.fixture.js';

/** The blamed sentence whose text starts with `prefix`. */
function find(sentences: readonly BlameSentence[], prefix: string): BlameSentence {
  const found = sentences.find((s) => s.text.startsWith(prefix));
  if (!found) throw new Error(`no sentence "${prefix}"`);
  return found;
}

/** Non-filler words with their edition, as `word:edition`. */
function ages(sentence: BlameSentence): string[] {
  return sentence.words.filter((w) => !w.filler).map((w) => `${w.text}:${w.edition}`);
}

describe('blame', () => {
  const lineage = collateSeries(seriesEditions());
  const latest = blame(lineage);

  it('blames the latest edition by default and lists every sentence', () => {
    expect(latest.edition).toBe(4);
    expect(latest.editions.map((e) => e.label)).toEqual(['2016', '2018', '2020', '2022', '2024']);
    expect(latest.sentences.map((s) => s.text)).toEqual(lineage.editions[4]?.sentences.map((s) => s.text));
  });

  it('numbers each sentence by its block: sentences of one paragraph share it, the next paragraph has the next', () => {
    const editions = [
      { label: 'a', document: parseText('Rules\n\nShips report. Crews rest.\n\nPilots board. Tugs wait.\n') },
      { label: 'b', document: parseText('Rules\n\nShips report.\n\nCrews rest. Pilots board.\n\nTugs wait.\n') },
    ];
    const paragraphs = collateSeries(editions);
    expect(blame(paragraphs, 0).sentences.map((s) => s.blockIndex)).toEqual([0, 0, 1, 1]);
    expect(blame(paragraphs).sentences.map((s) => s.blockIndex)).toEqual([0, 1, 1, 2]);
  });

  it('finds the edition of the present wording and the word that was introduced', () => {
    const security = find(latest.sentences, 'The security environment');
    expect(security.origin).toBe(0);
    expect(security.since).toBe(1);
    expect(ages(security)).toEqual(['The:0', 'security:0', 'environment:0', 'is:0', 'increasingly:1', 'severe:0']);
    expect(security.history).toBe('in the first edition (2016); reworded 2018');
  });

  it('tells a cosmetic rewording, and keeps every word of it old', () => {
    const land = find(latest.sentences, 'Japan protects');
    expect(land.since).toBe(3);
    expect(land.origin).toBe(0);
    expect(ages(land).every((w) => w.endsWith(':0'))).toBe(true);
    expect(land.history).toBe(
      'in the first edition (2016); moved from (3) to (2) in 2020 (renumbered); reworded 2022 (cosmetic)',
    );
    expect(land.events.map((e) => e.kind)).toEqual(['added', 'renumbered', 'reworded']);
  });

  it('reports a move to another section', () => {
    const allies = find(latest.sentences, 'Japan works closely');
    expect(allies.since).toBe(0);
    expect(allies.history).toBe('in the first edition (2016); moved from (2) to (1) in 2020');
    expect(allies.events[1]).toMatchObject({
      kind: 'moved',
      edition: 2,
      from: ['Chapter 1', '(2)'],
      to: ['Chapter 1', '(1)'],
    });
  });

  it('reports a return, keeping the age of the returned words and of the wording', () => {
    const respond = find(latest.sentences, 'Japan will respond');
    expect(respond.history).toBe('in the first edition (2016); deleted 2018; returned 2022');
    expect(respond.since).toBe(0);
    expect(respond.words.every((w) => w.edition === 0)).toBe(true);
  });

  it('dates a new sentence and all its words to its edition', () => {
    const cyber = find(latest.sentences, 'Cyber threats');
    expect(cyber).toMatchObject({ since: 4, origin: 4, history: 'added 2024' });
    expect(cyber.words.every((w) => w.edition === 4)).toBe(true);
  });

  it('blames an earlier edition and filters by section path (case-insensitive prefix)', () => {
    const at2020 = blame(lineage, 2, { section: ['chapter 1', '(2)'] });
    expect(at2020.edition).toBe(2);
    expect(at2020.section).toEqual(['chapter 1', '(2)']);
    expect(at2020.sentences.map((s) => s.path.at(-1))).toEqual(['(2)', '(2)']);
    expect(find(at2020.sentences, 'Japan protects').since).toBe(0);
    expect(blame(lineage, 2, { section: ['Chapter 9'] }).sentences).toEqual([]);
  });

  it('words concatenate back to the sentence text', () => {
    for (const s of latest.sentences) expect(s.words.map((w) => w.text).join('')).toBe(s.text);
  });

  it('refuses an edition outside the series with E_USAGE', () => {
    for (const index of [-1, 5, 1.5]) {
      let caught: unknown;
      try {
        blame(lineage, index);
      } catch (error) {
        caught = error;
      }
      expect(isPalimpsestError(caught) && caught.code).toBe('E_USAGE');
    }
  });

  it('carries word ages through a split', () => {
    const editions = [
      'The board meets in spring, and the minutes are published within a month of each meeting.',
      'The board meets in spring. The minutes are published within a month of each meeting.',
      'The board meets in spring. The minutes are published online within a month of each meeting.',
    ].map((text, i) => ({ label: `v${i}`, document: parseText(`Chapter 1\n\n${text}`) }));
    const result = blame(collateSeries(editions));
    const minutes = find(result.sentences, 'The minutes');
    expect(ages(minutes)).toEqual([
      'The:1',
      'minutes:0',
      'are:0',
      'published:0',
      'online:2',
      'within:0',
      'a:0',
      'month:0',
      'of:0',
      'each:0',
      'meeting:0',
    ]);
    expect(minutes.events.map((e) => e.kind)).toEqual(['added', 'split', 'reworded']);
    expect(minutes.since).toBe(2);
  });

  it('reports the sentences of a moved section as moved, and of renumbered ones as renumbered', () => {
    const topic = (name: string, n: string) => `${name} rules govern the ${n} topic of this agreement.`;
    const before = `(1) Alpha\n\n${topic('Alpha', 'first')}\n\n(2) Beta\n\n${topic('Beta', 'second')}\n\n(3) Gamma\n\n${topic('Gamma', 'third')}\n\n(4) Delta\n\n${topic('Delta', 'fourth')}\n`;
    const after = `(1) Alpha\n\n${topic('Alpha', 'first')}\n\n(2) Delta\n\n${topic('Delta', 'fourth')}\n\n(3) Beta\n\n${topic('Beta', 'second')}\n\n(4) Gamma\n\n${topic('Gamma', 'third')}\n`;
    const result = blame(
      collateSeries([
        { label: 'A', document: parseText(before) },
        { label: 'B', document: parseText(after) },
      ]),
    );
    expect(result.sentences.map((s) => s.history)).toEqual([
      'in the first edition (A)',
      'in the first edition (A); moved from (4) to (2) in B',
      'in the first edition (A); moved from (2) to (3) in B (renumbered)',
      'in the first edition (A); moved from (3) to (4) in B (renumbered)',
    ]);
  });

  it('blames Japanese words', () => {
    const result = blame(collateSeries(japaneseEditions()));
    const purpose = find(result.sentences, 'この法律は');
    expect(purpose.since).toBe(1);
    const introduced = purpose.words
      .filter((w) => w.edition === 1)
      .map((w) => w.text)
      .join('');
    expect(introduced).toBe('及び国民');
    expect(purpose.words.filter((w) => w.text === '安全')[0]?.edition).toBe(0);
    const citizens = find(result.sentences, '国民は');
    expect(citizens.history).toBe(
      'in the first edition (令和元年); moved from 第3条 to 第2条 in 令和3年 (renumbered); moved from 第2条 to 第3条 in 令和5年 (renumbered)',
    );
    const government = find(result.sentences, '政府は');
    expect(government.history).toBe('in the first edition (令和元年); deleted 令和3年; returned 令和5年');
  });

  it('property: in a series of identical editions every word and sentence dates from the first', () => {
    const sentence = fc
      .array(fc.constantFrom('policy', 'treaty', 'Japan', 'allies', 'region', 'peace', '条約', '平和'), {
        minLength: 3,
        maxLength: 8,
      })
      .map((words) => `${words.join(' ')}.`);
    const text = fc
      .array(fc.array(sentence, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 })
      .map((paragraphs) => `(1) Title\n\n${paragraphs.map((p) => p.join(' ')).join('\n\n')}\n`);
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 5 }), (input, copies) => {
        const series = collateSeries(
          Array.from({ length: copies }, (_, i) => ({ label: `e${i}`, document: parseText(input) })),
        );
        const result = blame(series);
        for (const s of result.sentences) {
          expect(s.since).toBe(0);
          expect(s.origin).toBe(0);
          expect(s.words.every((w) => w.edition === 0)).toBe(true);
          expect(s.events).toEqual([{ kind: 'added', edition: 0, initial: true }]);
        }
        expect(result.sentences.map((s) => s.id)).toEqual(series.editions[0]?.sentences.map((s) => s.id));
      }),
      { numRuns: 40 },
    );
  });
});

/** The blamed heading whose title is `title`. */
function heading(headings: readonly BlameHeading[], title: string): BlameHeading {
  const found = headings.find((h) => h.title === title);
  if (!found) throw new Error(`no heading "${title}"`);
  return found;
}

/** Events as `kind@edition` with the label or title change, for comparing histories at a glance. */
function eventList(h: BlameHeading): string[] {
  return h.events.map((e) => `${e.kind}@${e.edition}${e.before !== undefined ? ` ${e.before}→${e.after}` : ''}`);
}

describe('blame of headings', () => {
  const body = {
    scope: 'This Act applies to every person who keeps records of trade in this country.',
    duties: 'Every person shall keep the records for seven years after the end of the year.',
    territory: 'Japan protects its land, sea and airspace at all times and in all weathers.',
  };
  // 2018: three sections; 2020: "Duties" goes, "(3) Territory" becomes "(2) Territory"; 2022: it is retitled.
  const renumberedThenRetitled = [
    `(1) Scope\n\n${body.scope}\n\n(2) Duties\n\n${body.duties}\n\n(3) Territory\n\n${body.territory}\n`,
    `(1) Scope\n\n${body.scope}\n\n(2) Territory\n\n${body.territory}\n`,
    `(1) Scope\n\n${body.scope}\n\n(2) Territorial integrity\n\n${body.territory}\n`,
  ];
  const editions = (texts: readonly string[], labels = ['2018', '2020', '2022']) =>
    texts.map((text, i) => ({ label: labels[i] as string, document: parseText(text) }));

  it('a heading renumbered then retitled has three entries: first appearance, renumbering, retitling', () => {
    const latest = blame(collateSeries(editions(renumberedThenRetitled)));
    expect(latest.headings.map((h) => h.path)).toEqual([['(1)'], ['(2)']]);
    const territory = heading(latest.headings, 'Territorial integrity');
    expect(territory.events).toHaveLength(3);
    expect(eventList(territory)).toEqual([
      'added@0',
      'renumbered@1 (3)→(2)',
      'retitled@2 Territory→Territorial integrity',
    ]);
    expect(territory.origin).toBe(0);
    expect(territory.since).toBe(2);
    expect(territory.label).toBe('(2)');
    expect(territory.history).toBe(
      'in the first edition (2018); renumbered (3) → (2) in 2020; retitled “Territory” → “Territorial integrity” in 2022',
    );
    // Its id is the one the section had in the first edition.
    const first = blame(collateSeries(editions(renumberedThenRetitled)), 0);
    expect(territory.id).toBe(heading(first.headings, 'Territory').id);
    const scope = heading(latest.headings, 'Scope');
    expect([scope.origin, scope.since, scope.history]).toEqual([0, 0, 'in the first edition (2018)']);
  });

  it('gives the edition a heading first appeared in, when that is not the first edition', () => {
    const texts = [
      `(1) Scope\n\n${body.scope}\n`,
      `(1) Scope\n\n${body.scope}\n\n(2) Territory\n\n${body.territory}\n`,
      `(1) Scope\n\n${body.scope}\n\n(2) Territory\n\n${body.territory}\n`,
    ];
    const territory = heading(blame(collateSeries(editions(texts))).headings, 'Territory');
    expect([territory.origin, territory.since, territory.history]).toEqual([1, 1, 'added 2020']);
    expect(eventList(territory)).toEqual(['added@1']);
  });

  it('a heading deleted and re-inserted returns with its id and its first appearance', () => {
    const texts = [
      `(1) Scope\n\n${body.scope}\n\n(2) Duties\n\n${body.duties}\n`,
      `(1) Scope\n\n${body.scope}\n`,
      `(1) Scope\n\n${body.scope}\n\n(2) Duties\n\n${body.duties}\n`,
    ];
    const lineage = collateSeries(editions(texts));
    const duties = heading(blame(lineage).headings, 'Duties');
    expect(eventList(duties)).toEqual(['added@0', 'deleted@1', 'returned@2']);
    expect(duties.id).toBe(heading(blame(lineage, 0).headings, 'Duties').id);
    expect(duties.origin).toBe(0);
    expect(duties.history).toBe('in the first edition (2018); deleted 2020; returned 2022');
  });

  it('a heading moved under another section says from where to where', () => {
    const texts = [
      `Chapter 1\n\n(1) Scope\n\n${body.scope}\n\nChapter 2\n\n(1) Duties\n\n${body.duties}\n\n(2) Territory\n\n${body.territory}\n`,
      `Chapter 1\n\n(1) Scope\n\n${body.scope}\n\n(2) Territory\n\n${body.territory}\n\nChapter 2\n\n(1) Duties\n\n${body.duties}\n`,
    ];
    const territory = heading(blame(collateSeries(editions(texts, ['A', 'B']))).headings, 'Territory');
    expect(territory.events.map((e) => e.kind)).toEqual(['added', 'moved']);
    expect(territory.history).toBe('in the first edition (A); moved from Chapter 2 to Chapter 1 in B');
    expect(territory.since).toBe(0);
  });

  it('filters headings by section path, as sentences', () => {
    const lineage = collateSeries(editions(renumberedThenRetitled));
    const narrowed = blame(lineage, undefined, { section: ['(2)'] });
    expect(narrowed.headings.map((h) => h.title)).toEqual(['Territorial integrity']);
    expect(narrowBlame(blame(lineage), ['(2)'])).toEqual(narrowed);
  });

  it('never contradicts itself: since is the origin or the edition of the last change of label, title or wording', () => {
    for (const series of [seriesEditions(), japaneseEditions(), editions(renumberedThenRetitled)]) {
      const lineage = collateSeries(series);
      for (let e = 0; e < series.length; e++) {
        for (const h of blame(lineage, e).headings) {
          const changes = h.events.filter((x) => x.kind === 'renumbered' || x.kind === 'retitled');
          expect(h.since).toBe(changes.at(-1)?.edition ?? h.since);
          if (changes.length === 0) expect(h.since).toBe(h.origin);
          expect(h.events[0]).toMatchObject({ kind: 'added', edition: h.origin });
          expect(h.origin).toBeLessThanOrEqual(h.since);
          expect(h.since).toBeLessThanOrEqual(e);
        }
        for (const sentence of blame(lineage, e).sentences) {
          const rewordings = sentence.events.filter((x) => ['reworded', 'split', 'merged'].includes(x.kind));
          expect(sentence.since).toBe(rewordings.at(-1)?.edition ?? sentence.origin);
          expect(sentence.events[0]).toMatchObject({ kind: 'added', edition: sentence.origin });
        }
      }
    }
  });
});

describe('blame of captions and list items', () => {
  const CAPTION_2020 = '(Photo: the severe storm over the harbour)';
  const CAPTION_2022 = '(Photo: the severe storm over the harbour in May)';
  const ITEM = 'Every ship reports its cargo before it enters the port.';
  const edition = (label: string, caption: string) => {
    const text = `Port Rules\n\n(1) Weather\n\nThe climate is increasingly severe.\n\n${caption}\n\n${ITEM}\n`;
    const hint = (part: string, kind: 'caption' | 'listItem') => {
      const start = text.indexOf(part);
      return { start, end: start + part.length, kind };
    };
    return { label, document: parseText(text, { hints: [hint(caption, 'caption'), hint(ITEM, 'listItem')] }) };
  };

  it('a caption has a lineage like any sentence, and says it is a caption', () => {
    const lineage = collateSeries([edition('2020', CAPTION_2020), edition('2022', CAPTION_2022)]);
    const latest = blame(lineage);
    const caption = find(latest.sentences, '(Photo');
    expect(caption.block).toBe('caption');
    expect([caption.origin, caption.since]).toEqual([0, 1]);
    expect(caption.history).toBe('in the first edition (2020); reworded 2022');
    expect(ages(caption).at(-1)).toBe('May:1');
    expect(find(latest.sentences, 'Every ship').block).toBe('listItem');
    expect(find(latest.sentences, 'The climate').block).toBeUndefined();
  });
});

describe('describeEvents', () => {
  it('writes each kind of event for readers', () => {
    const labels = ['2016', '2018', '2020'];
    expect(
      describeEvents(
        [
          { kind: 'added', edition: 1 },
          { kind: 'split', edition: 2 },
          { kind: 'merged', edition: 2 },
          { kind: 'moved', edition: 2, from: ['A', '(1)'], to: ['A', '(1)'] },
          { kind: 'moved', edition: 2, from: [], to: ['B'] },
        ],
        labels,
      ),
    ).toBe('added 2018; split 2020; merged 2020; moved within (1) in 2020; moved from (top) to B in 2020');
  });

  it('shortens long unnumbered section titles', () => {
    const long = 'A very long unnumbered section heading that goes on and on and on';
    const text = describeEvents([{ kind: 'moved', edition: 0, from: [long], to: ['Short'] }], ['v1']);
    expect(text).toBe('moved from A very long unnumbered section heading… to Short in v1');
  });
});

describe('narrowBlame', () => {
  it('gives what blame gives for a section, from the blame of the whole edition', () => {
    const lineage = collateSeries(seriesEditions());
    for (const section of [['Chapter 1', '(2)'], ['Chapter 1'], ['chapter 1', '(1)'], ['(9)'], []]) {
      for (const e of [2, 4]) {
        const narrowed = narrowBlame(blame(lineage, e), section);
        expect(narrowed).toEqual(blame(lineage, e, { section }));
        expect(JSON.stringify(narrowed)).toBe(JSON.stringify(blame(lineage, e, { section })));
      }
    }
    expect(narrowBlame(blame(lineage), ['Chapter 1', '(2)']).sentences.length).toBeGreaterThan(0);
  });
});
