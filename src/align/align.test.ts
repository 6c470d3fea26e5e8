import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseText } from '../parse/text.js';
import { type AlignmentPair, alignDocuments, readingOrder } from './align.js';

const WORDS = ['vessel', 'licence', 'owner', 'register', 'port', 'authority', 'shall', 'may', 'the', 'of', 'each'];
const paragraph = fc
  .array(fc.constantFrom(...WORDS), { minLength: 5, maxLength: 12 })
  .map((words) => `${words.join(' ').replace(/^./, (c) => c.toUpperCase())}.`);
const base = fc.array(fc.array(paragraph, { minLength: 1, maxLength: 4 }), { minLength: 2, maxLength: 5 });

/** Edits of an edition given as sections of paragraphs: the moves, swaps and rewrites editors make. */
type Edit =
  | { kind: 'swap-paragraphs'; section: number; a: number; b: number }
  | { kind: 'move-paragraph'; from: number; index: number; to: number }
  | { kind: 'swap-sections'; a: number; b: number }
  | { kind: 'rewrite'; section: number; index: number; text: string }
  | { kind: 'join'; section: number; index: number; text: string };
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('swap-paragraphs' as const), section: fc.nat(), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant('move-paragraph' as const), from: fc.nat(), index: fc.nat(), to: fc.nat() }),
  fc.record({ kind: fc.constant('swap-sections' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant('rewrite' as const), section: fc.nat(), index: fc.nat(), text: paragraph }),
  fc.record({ kind: fc.constant('join' as const), section: fc.nat(), index: fc.nat(), text: paragraph }),
);

/** A section: its heading and its paragraphs. */
interface Section {
  title: string;
  paragraphs: string[];
}

function apply(sections: Section[], edits: Edit[]): Section[] {
  const out = sections.map((s) => ({ title: s.title, paragraphs: [...s.paragraphs] }));
  const at = <T>(list: T[], i: number): number => i % list.length;
  for (const e of edits) {
    if (e.kind === 'swap-paragraphs') {
      const s = (out[at(out, e.section)] as Section).paragraphs;
      const a = at(s, e.a);
      const b = at(s, e.b);
      [s[a], s[b]] = [s[b] as string, s[a] as string];
    } else if (e.kind === 'move-paragraph') {
      const from = (out[at(out, e.from)] as Section).paragraphs;
      if (from.length < 2) continue;
      const [moved] = from.splice(at(from, e.index), 1);
      (out[at(out, e.to)] as Section).paragraphs.push(moved as string);
    } else if (e.kind === 'swap-sections') {
      const a = at(out, e.a);
      const b = at(out, e.b);
      [out[a], out[b]] = [out[b] as Section, out[a] as Section];
    } else if (e.kind === 'rewrite') {
      const s = (out[at(out, e.section)] as Section).paragraphs;
      s[at(s, e.index)] = e.text;
    } else {
      // A paragraph regrouped where it stands: joined with the next one behind a new opening sentence.
      const s = (out[at(out, e.section)] as Section).paragraphs;
      if (s.length < 2) continue;
      const i = at(s, e.index) % (s.length - 1);
      s.splice(i, 2, `${e.text} ${s[i]} ${s[i + 1]}`);
    }
  }
  return out;
}

const render = (sections: Section[]): string =>
  [
    'Shipping regulation',
    '',
    ...sections.map((s) => [s.title, '', ...s.paragraphs.flatMap((p) => [p, ''])].join('\n')),
  ].join('\n');
const TITLES = ['one', 'two', 'three', 'four', 'five'].map((n) => `Part ${n} rules`);

describe('moved means out of place', () => {
  it('never reports a unit moved when it stayed in its counterpart section and in reading order', () => {
    fc.assert(
      fc.property(base, fc.array(edit, { minLength: 1, maxLength: 4 }), (bodies, edits) => {
        const sections = bodies.map((paragraphs, i) => ({ title: TITLES[i] as string, paragraphs }));
        const oldDocument = parseText(render(sections));
        const newDocument = parseText(render(apply(sections, edits)));
        const alignment = alignDocuments(oldDocument, newDocument);
        const sectionPartner = new Map<number, number>();
        for (const p of alignment.pairs) {
          if (p.level === 'section' && p.old && p.new && p.old.kind !== 'title')
            sectionPartner.set(p.old.index, p.new.index);
        }
        const blockPairs = alignment.pairs.filter((p) => p.level === 'block' && p.old && p.new && !p.group);
        const sectionOf = (side: 'old' | 'new', p: AlignmentPair): number =>
          alignment[side].blocks[(p[side] as { index: number }).index]?.section ?? -1;
        for (const p of blockPairs) {
          if (p.relation !== 'moved') continue;
          const so = sectionOf('old', p);
          const sn = sectionOf('new', p);
          if ((so < 0 ? -1 : (sectionPartner.get(so) ?? -2)) !== sn) continue; // left its section: a real move
          // In its counterpart section: it must be out of order with another pair of that section pair.
          const crossed = blockPairs.some(
            (q) =>
              q !== p &&
              sectionOf('old', q) === so &&
              sectionOf('new', q) === sn &&
              ((q.old?.index as number) - (p.old?.index as number)) *
                ((q.new?.index as number) - (p.new?.index as number)) <
                0,
          );
          expect(crossed, `moved to the same place: ${p.old?.text}`).toBe(true);
        }
        // Sentences: the same rule, with the sections of their blocks.
        const sentencePairs = alignment.pairs.filter((p) => p.level === 'sentence' && p.old && p.new && !p.group);
        const sentenceSection = (side: 'old' | 'new', p: AlignmentPair): number => {
          const block = alignment[side].sentences[(p[side] as { index: number }).index]?.block ?? -1;
          return alignment[side].blocks[block]?.section ?? -1;
        };
        for (const p of sentencePairs) {
          if (p.relation !== 'moved') continue;
          const so = sentenceSection('old', p);
          const sn = sentenceSection('new', p);
          if ((so < 0 ? -1 : (sectionPartner.get(so) ?? -2)) !== sn) continue;
          const crossed = sentencePairs.some(
            (q) =>
              q !== p &&
              sentenceSection('old', q) === so &&
              sentenceSection('new', q) === sn &&
              ((q.old?.index as number) - (p.old?.index as number)) *
                ((q.new?.index as number) - (p.new?.index as number)) <
                0,
          );
          expect(crossed, `sentence moved to the same place: ${p.old?.text}`).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('splits and merges', () => {
  it('does not merge paragraphs across a heading: the pieces of a group lie in one section', () => {
    // Shrunk from the property above: the old paragraph that moved into "Part two rules" and the paragraph already
    // there were one "merge" spanning the heading, and the sentences inside it were "moved" in place.
    const v5 = 'Vessel vessel vessel vessel vessel.';
    const v8 = 'Vessel vessel vessel vessel vessel vessel vessel vessel.';
    const oldDocument = parseText(
      render([
        { title: 'Part one rules', paragraphs: [v5, v8] },
        { title: 'Part two rules', paragraphs: [v5] },
      ]),
    );
    const newDocument = parseText(
      render([
        { title: 'Part one rules', paragraphs: [v5] },
        { title: 'Part two rules', paragraphs: [`${v5} ${v5} ${v8}`] },
      ]),
    );
    const alignment = alignDocuments(oldDocument, newDocument);
    const blocks = alignment.pairs.filter((p) => p.level === 'block');
    expect(blocks.some((p) => p.relation === 'merged' || p.relation === 'split')).toBe(false);
    // The long paragraph left "Part one rules": a move into the rewritten paragraph of "Part two rules".
    expect(blocks.find((p) => p.old?.text === v8)).toMatchObject({ relation: 'moved', new: { index: 1 } });
  });
});

describe('readingOrder', () => {
  it('orders pairs as a stable sort on their places does', () => {
    // Places as PairBuilder makes them (2 · order + 2, orders whole or half from -1), and arbitrary ones.
    const halves = fc.array(
      fc.integer({ min: -2, max: 40 }).map((twice) => twice + 2),
      { maxLength: 60 },
    );
    const any = fc.array(fc.oneof(fc.double({ noNaN: true, min: -5, max: 5 }), fc.integer({ min: 0, max: 1000 })), {
      maxLength: 30,
    });
    fc.assert(
      fc.property(fc.oneof(halves, any), (places) => {
        const expected = places.map((_, i) => i).sort((a, b) => (places[a] as number) - (places[b] as number) || a - b);
        expect(Array.from(readingOrder(places))).toEqual(expected);
      }),
    );
  });
});
