import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareDocuments } from '../compare/compare.js';
import { parseText } from '../parse/text.js';
import { collateSeries, refIndex, type SeriesLineage } from './lineage.js';
import { japaneseEditions, seriesEditions } from './series.fixture.js';

/** The sentence of edition `e` whose text starts with `prefix`. */
function sentence(lineage: SeriesLineage, e: number, prefix: string) {
  const found = lineage.editions[e]?.sentences.find((s) => s.text.startsWith(prefix));
  if (!found) throw new Error(`no sentence "${prefix}" in edition ${e}`);
  return found;
}

/** The section of edition `e` with this title. */
function section(lineage: SeriesLineage, e: number, title: string) {
  const found = lineage.editions[e]?.sections.find((s) => s.title === title);
  if (!found) throw new Error(`no section "${title}" in edition ${e}`);
  return found;
}

describe('collateSeries', () => {
  const lineage = collateSeries(seriesEditions());

  it('compares consecutive editions and keeps labels and dates', () => {
    expect(lineage.comparisons).toHaveLength(4);
    expect(lineage.editions.map((e) => e.label)).toEqual(['2016', '2018', '2020', '2022', '2024']);
    expect(lineage.editions[2]?.date).toBe('2020-04-01');
    expect(lineage.comparisons[1]?.new.name).toBe('2020');
  });

  it('keeps a sentence id through rewording', () => {
    const first = sentence(lineage, 0, 'The security environment is severe');
    for (let e = 1; e < 5; e++) expect(sentence(lineage, e, 'The security environment').id).toBe(first.id);
  });

  it('keeps section ids across renumbering (3) → (2)', () => {
    const territory = section(lineage, 0, 'Territory');
    expect(territory.label).toBe('(3)');
    const renumbered = section(lineage, 2, 'Territory');
    expect(renumbered.label).toBe('(2)');
    expect(renumbered.id).toBe(territory.id);
    expect(renumbered.previous?.relation).toBe('renumbered');
    expect(section(lineage, 4, 'Territory').id).toBe(territory.id);
  });

  it('keeps sentence ids across the renumbering and across a move to another section', () => {
    const land = sentence(lineage, 0, 'Japan protects');
    expect(sentence(lineage, 2, 'Japan protects').id).toBe(land.id);
    expect(sentence(lineage, 2, 'Japan protects').path).toEqual(['Chapter 1', '(2)']);
    const allies = sentence(lineage, 0, 'Japan works closely');
    const moved = sentence(lineage, 2, 'Japan works closely');
    expect(moved.path).toEqual(['Chapter 1', '(1)']);
    expect(moved.id).toBe(allies.id);
    expect(lineage.editions[2]?.sentences.filter((s) => s.id === allies.id)).toHaveLength(1);
  });

  it('recognises a sentence that disappears in edition 2 and returns in edition 4', () => {
    const original = sentence(lineage, 0, 'Japan will respond');
    expect(lineage.editions[1]?.sentences.some((s) => s.id === original.id)).toBe(false);
    expect(lineage.editions[2]?.sentences.some((s) => s.id === original.id)).toBe(false);
    const back = sentence(lineage, 3, 'Japan will respond');
    expect(back.id).toBe(original.id);
    expect(back.previous).toEqual([{ edition: 0, index: 1, relation: 'returned', pair: -1 }]);
    expect(sentence(lineage, 4, 'Japan will respond').id).toBe(original.id);
  });

  it('gives new sentences new ids, unique within each edition', () => {
    const cyber = sentence(lineage, 4, 'Cyber threats');
    expect(cyber.previous).toEqual([]);
    expect(cyber.id).toBe(`L4.${lineage.editions[4]?.sentences.indexOf(cyber)}`);
    for (const edition of lineage.editions) {
      const ids = edition.sentences.map((s) => s.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('recognises a reworded return (fuzzy, five words or more)', () => {
    const editions = [
      'The committee shall publish its annual report before the end of June.\n\nOther text stays here always.',
      'Other text stays here always.',
      'The committee shall publish its annual report before the end of July.\n\nOther text stays here always.',
    ].map((text, i) => ({ label: `v${i}`, document: parseText(text) }));
    const result = collateSeries(editions);
    const back = result.editions[2]?.sentences[0];
    expect(back?.id).toBe(result.editions[0]?.sentences[0]?.id);
    expect(back?.previous[0]?.relation).toBe('returned');
  });

  it('does not treat an unrelated inserted sentence as a return', () => {
    const editions = [
      'The committee shall publish its annual report before the end of June.\n\nOther text stays here always.',
      'Other text stays here always.',
      'Fishing quotas are reviewed by the ministry every second year.\n\nOther text stays here always.',
    ].map((text, i) => ({ label: `v${i}`, document: parseText(text) }));
    const result = collateSeries(editions);
    expect(result.editions[2]?.sentences[0]?.id).toBe('L2.0');
  });

  it('gives no lineage of its own to a marker without letters ("4\\." of escaped Markdown)', () => {
    const editions = [
      '4\\.\n\nThe rules apply to every member.',
      'The rules apply to every member.',
      '4\\.\n\nThe rules apply to every member.',
    ].map((text, i) => ({ label: `v${i}`, document: parseText(text) }));
    const result = collateSeries(editions);
    const marker = result.editions[2]?.sentences[0];
    expect(marker?.text).toBe('4\\.');
    expect(marker?.previous).toEqual([]);
    expect(marker?.id).toBe('L2.0');
  });

  it('keeps the id on the larger piece of a split and links the other piece to its parent', () => {
    const editions = [
      'Japan protects its land, sea, and airspace at all times, and awareness of territorial integrity is rising in the world around it.',
      'Japan protects its land, sea, and airspace at all times. Awareness of territorial integrity is rising in the world around it.',
    ].map((text, i) => ({ label: `v${i}`, document: parseText(`Chapter 1\n\n${text}`) }));
    const result = collateSeries(editions);
    const [first, second] = result.editions[1]?.sentences ?? [];
    const whole = result.editions[0]?.sentences[0];
    expect(second?.id).toBe(whole?.id);
    expect(first?.id).toBe('L1.0');
    expect(first?.previous[0]).toMatchObject({ edition: 0, index: 0, relation: 'split' });
    // And back: the merge keeps the id of the larger part and links both parts.
    const merged = collateSeries([...editions].reverse());
    const one = merged.editions[1]?.sentences[0];
    expect(one?.id).toBe(merged.editions[0]?.sentences[1]?.id);
    expect(one?.previous.map((l) => [l.index, l.relation])).toEqual([
      [1, 'merged'],
      [0, 'merged'],
    ]);
  });

  it('finds the unit a ref names by its text when the index a ref carries is off (a comparison of a re-read edition)', () => {
    const units = ['Meetings The committee meets in public.', 'This holds unless the chair decides.', 'Other.'];
    const same = (text: string) => (unit: string) => unit === text;
    expect(refIndex(units, { index: 1 }, same('This holds unless the chair decides.'))).toBe(1);
    // The re-read cut "Meetings" off as a heading and numbered one sentence further than the edition's own parse.
    expect(refIndex(units, { index: 2 }, same('This holds unless the chair decides.'))).toBe(1);
    expect(refIndex(units, { index: 0 }, same('Other.'))).toBe(2);
    expect(refIndex(units, { index: 0 }, same('Nowhere.'))).toBe(-1);
  });

  it('links the sentences a comparison of a re-read edition names (fast-check seed 1812460406)', () => {
    // The old edition's paragraph is one long line, so the comparison reads it again with the new edition's
    // structure (parse/transfer.ts); until the parser's round 6 that re-read numbered the sentences one further than
    // the edition's own parse, and the links must name the right sentences either way.
    const editions = [
      'The minister reports to a assembly every year on the state of the service. These terms govern a use of the service by every registered user. The committee meets in public. This holds unless the chair decides otherwise for good reason.',
      'The committee meets in public unless a chair decides otherwise for good reason.',
    ].map((text, i) => ({ label: `v${i}`, document: parseText(`Terms\n\n(1) Scope\n\n${text}\n`) }));
    const result = collateSeries(editions);
    const aligned = result.comparisons[0]?.pairs.find((p) => p.level === 'sentence' && p.relation === 'merged');
    expect(aligned?.relation).toBe('merged');
    const merged = result.editions[1]?.sentences[0];
    const texts = merged?.previous.map((l) => [result.editions[0]?.sentences[l.index]?.text, l.relation]);
    expect(texts).toEqual([
      ['This holds unless the chair decides otherwise for good reason.', 'merged'],
      ['The committee meets in public.', 'merged'],
    ]);
    // Every link names a sentence whose text its pair's ref carries.
    for (const edition of result.editions.slice(1)) {
      for (const sentence of edition.sentences) {
        for (const link of sentence.previous) {
          const pair = result.comparisons[0]?.pairs[link.pair];
          const refs = pair ? [pair.old, ...(pair.group ?? [])] : [];
          if (pair) expect(refs.map((r) => r?.text)).toContain(result.editions[0]?.sentences[link.index]?.text);
        }
      }
    }
  });

  it('collates a Japanese series: renumbered article keeps its id, a deleted article returns', () => {
    const ja = collateSeries(japaneseEditions());
    const citizens = ja.editions.map((e) => e.sentences.find((s) => s.text.startsWith('国民は'))?.id);
    expect(new Set(citizens).size).toBe(1);
    const article3 = ja.editions[0]?.sections[2];
    expect(article3?.label).toBe('第3条');
    expect(ja.editions[1]?.sections[1]?.label).toBe('第2条');
    expect(ja.editions[1]?.sections[1]?.id).toBe(article3?.id);
    const government = ja.editions[2]?.sentences.find((s) => s.text.startsWith('政府は'));
    expect(government?.id).toBe(ja.editions[0]?.sentences[1]?.id);
    expect(government?.previous[0]?.relation).toBe('returned');
    // The returned article's section comes back with its old id too.
    expect(ja.editions[2]?.sections[1]?.id).toBe(ja.editions[0]?.sections[1]?.id);
  });

  it('uses precomputed comparisons as given, and refuses the wrong number of them', () => {
    const editions = seriesEditions();
    const comparisons = editions
      .slice(1)
      .map((e, i) => compareDocuments((editions[i] as typeof e).document, e.document));
    const cached = collateSeries(editions, { comparisons });
    expect(cached.comparisons[0]).toBe(comparisons[0]);
    expect(cached.editions.map((e) => e.sentences.map((s) => s.id))).toEqual(
      lineage.editions.map((e) => e.sentences.map((s) => s.id)),
    );
    expect(() => collateSeries(editions, { comparisons: comparisons.slice(1) })).toThrow(RangeError);
  });

  it('handles an empty series and a single edition', () => {
    expect(collateSeries([])).toEqual({ editions: [], comparisons: [], options: {} });
    const single = collateSeries([{ label: 'only', document: parseText('One sentence. Two sentences.') }]);
    expect(single.editions[0]?.sentences.map((s) => s.id)).toEqual(['L0.0', 'L0.1']);
  });

  it('is plain JSON: survives a round trip', () => {
    expect(JSON.parse(JSON.stringify(lineage))).toEqual(lineage);
  });

  it('keeps the Bluebook sample sentences of (3) → (2) Territorial integrity in one lineage', () => {
    const read = (year: number) =>
      readFileSync(new URL(`../../examples/bluebook/${year}-ch3-s1.txt`, import.meta.url), 'utf8');
    const bluebook = collateSeries([
      { label: '2020', document: parseText(read(2020)) },
      { label: '2022', document: parseText(read(2022)) },
    ]);
    const old = bluebook.editions[0]?.sentences.find((s) => s.text.startsWith('Maintaining territorial integrity'));
    const now = bluebook.editions[1]?.sentences.find((s) => s.text.startsWith('Maintaining territorial integrity'));
    expect(old?.path.at(-1)).toBe('(3)');
    expect(now?.path.at(-1)).toBe('(2)');
    expect(now?.id).toBe(old?.id);
  });

  it('property: identical editions give one lineage id per sentence position', () => {
    const sentenceArbitrary = fc
      .array(fc.constantFrom('policy', 'treaty', 'Japan', 'allies', 'region', 'peace', 'law', 'court'), {
        minLength: 3,
        maxLength: 8,
      })
      .map((words) => `${words.join(' ')}.`);
    const documentArbitrary = fc
      .array(fc.array(sentenceArbitrary, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 4 })
      .map((paragraphs) => `Chapter 1\n\n${paragraphs.map((p) => p.join(' ')).join('\n\n')}\n`);
    fc.assert(
      fc.property(documentArbitrary, fc.integer({ min: 1, max: 4 }), (text, copies) => {
        const result = collateSeries(
          Array.from({ length: copies }, (_, i) => ({ label: `e${i}`, document: parseText(text) })),
        );
        const first = result.editions[0]?.sentences.map((s) => s.id) ?? [];
        expect(new Set(first).size).toBe(first.length);
        for (const edition of result.editions) expect(edition.sentences.map((s) => s.id)).toEqual(first);
      }),
      { numRuns: 40 },
    );
  });
});
