import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPalimpsestError } from '../errors/errors.js';
import { parseText } from '../parse/text.js';
import { type BlameSentence, blame, describeEvents, narrowBlame } from './blame.js';
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

  it('finds the edition of the present wording and the word that was introduced', () => {
    const security = find(latest.sentences, 'The security environment');
    expect(security.origin).toBe(0);
    expect(security.since).toBe(1);
    expect(ages(security)).toEqual(['The:0', 'security:0', 'environment:0', 'is:0', 'increasingly:1', 'severe:0']);
    expect(security.history).toBe('present since 2016; reworded 2018');
  });

  it('tells a cosmetic rewording, and keeps every word of it old', () => {
    const land = find(latest.sentences, 'Japan protects');
    expect(land.since).toBe(3);
    expect(land.origin).toBe(0);
    expect(ages(land).every((w) => w.endsWith(':0'))).toBe(true);
    expect(land.history).toBe(
      'present since 2016; moved from (3) to (2) in 2020 (renumbered); reworded 2022 (cosmetic)',
    );
    expect(land.events.map((e) => e.kind)).toEqual(['added', 'renumbered', 'reworded']);
  });

  it('reports a move to another section', () => {
    const allies = find(latest.sentences, 'Japan works closely');
    expect(allies.since).toBe(0);
    expect(allies.history).toBe('present since 2016; moved from (2) to (1) in 2020');
    expect(allies.events[1]).toMatchObject({
      kind: 'moved',
      edition: 2,
      from: ['Chapter 1', '(2)'],
      to: ['Chapter 1', '(1)'],
    });
  });

  it('reports a return, keeping the age of the returned words and of the wording', () => {
    const respond = find(latest.sentences, 'Japan will respond');
    expect(respond.history).toBe('present since 2016; deleted 2018; returned 2022');
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
      'present since A',
      'present since A; moved from (4) to (2) in B',
      'present since A; moved from (2) to (3) in B (renumbered)',
      'present since A; moved from (3) to (4) in B (renumbered)',
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
      'present since 令和元年; moved from 第3条 to 第2条 in 令和3年 (renumbered); moved from 第2条 to 第3条 in 令和5年 (renumbered)',
    );
    const government = find(result.sentences, '政府は');
    expect(government.history).toBe('present since 令和元年; deleted 令和3年; returned 令和5年');
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
