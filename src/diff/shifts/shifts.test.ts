import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareTexts } from '../../compare/compare.js';
import type { Shift, WordChange } from '../../model/comparison.js';
import { compileLexicon, LEXICONS, type LexiconData, lexiconFor, sentenceBefore } from './lexicon.js';
import english from './lexicons/en.json' with { type: 'json' };
import japanese from './lexicons/ja.json' with { type: 'json' };
import { editsOf } from './shifts.js';

/** The shifts of a one-paragraph edition pair, as "kind change direction: old → new" lines. */
function shifts(oldText: string, newText: string): string[] {
  const comparison = compareTexts(oldText, newText);
  return comparison.pairs.flatMap((pair) => (pair.shifts ?? []).map(line));
}

function line(shift: Shift): string {
  return `${shift.kind} ${shift.change}${shift.direction ? ` ${shift.direction}` : ''}: ${shift.old} → ${shift.new}`;
}

describe('policy-language shifts (English)', () => {
  it.each<[string, string, string, string]>([
    [
      'an assessment made graver',
      'The security environment is becoming more testing and uncertain.',
      'The security environment is becoming increasingly severe.',
      'intensity replaced stronger: testing … uncertain → increasingly severe',
    ],
    [
      'a superlative added around a kept word',
      'The situation is severe in the region today.',
      'The situation is the most severe and complex since the end of the war in the region today.',
      'intensity added stronger:  → the most … complex',
    ],
    [
      'will to may',
      'Japan will provide support to the region.',
      'Japan may provide support to the region.',
      'modality replaced weaker: will → may',
    ],
    [
      'shall to should',
      'Each party shall notify the other.',
      'Each party should notify the other.',
      'modality replaced weaker: shall → should',
    ],
    [
      'strongly urges to urges',
      'Japan strongly urges North Korea to comply fully.',
      'Japan urges North Korea to comply fully.',
      'modality replaced weaker: strongly urges → urges',
    ],
    [
      'firmly added',
      'Japan will respond to such attempts in the region.',
      'Japan will firmly respond to such attempts in the region.',
      'modality added stronger:  → firmly',
    ],
    [
      'a named country left unnamed',
      'China unilaterally claims its entitlements in the sea.',
      'A country unilaterally claims its entitlements in the sea.',
      'actor replaced unnamed: China → A country',
    ],
    [
      'a region reframed',
      'Japan promotes a free and open Asia-Pacific region.',
      'Japan promotes a free and open Indo-Pacific region.',
      'region replaced: Asia-Pacific → Indo-Pacific',
    ],
    [
      'a negation added',
      'The rule applies to members.',
      'The rule does not apply to members.',
      'negation added:  → not',
    ],
    [
      'all to some',
      'The rule applies to all members.',
      'The rule applies to some members.',
      'scope replaced weaker: all → some',
    ],
  ])('%s', (_name, oldText, newText, expected) => {
    expect(shifts(oldText, newText)).toContain(expected);
  });

  it('labels a named instrument newly cited', () => {
    expect(
      shifts(
        'These have generated undue infringement upon freedom on the high seas.',
        'These have generated undue infringement to rights accorded under the United Nations Convention on the Law of the Sea (UNCLOS).',
      ),
    ).toContain('reference added:  → United Nations Convention on the Law of the Sea … UNCLOS');
  });

  it('does not take a month for a modal verb, nor a case change for a new actor', () => {
    expect(shifts('It took effect in March 2016.', 'It took effect in May 2016.')).toEqual([]);
    expect(
      shifts('Japan protects its Territorial Integrity well.', 'Japan protects its territorial integrity well.'),
    ).toEqual([]);
  });

  it('labels nothing where the same terms stay on both sides', () => {
    expect(shifts('Japan will never accept it.', 'Japan will never accept this.')).toEqual([]);
  });

  it('reads no English terms in an edition in another Latin-script language, unless its locale says English', () => {
    // German: "Die Europäische Union" and the acronym were read as new actors by the English lexicon before.
    const oldText =
      'Die Bundesregierung berichtet dem Bundestag jährlich.\n\nDer Bericht ist zu veröffentlichen und wird geprüft.';
    const newText =
      'Die Bundesregierung berichtet dem Bundestag und der Europäischen Union (EU) jährlich.\n\nDer Bericht ist zu veröffentlichen und wird geprüft.';
    expect(shifts(oldText, newText)).toEqual([]);
    const forced = compareTexts(oldText, newText, { locale: 'en' });
    expect(forced.pairs.flatMap((pair) => (pair.shifts ?? []).map(line))).toEqual([
      'actor added:  → Europäischen Union … EU',
    ]);
    expect(shifts('Japan works with the United Nations.', 'Japan works with the European Union (EU).')).toEqual([
      'actor replaced: United Nations → European Union … EU',
    ]);
  });

  it('labels a name in an inserted paragraph only when the old edition never mentions it', () => {
    const oldText = 'Japan works with the Middle East.\n\nIt will go on.';
    const newText =
      'Japan works with the Middle East.\n\nIt will go on.\n\nJapan supports the Middle East and the Indo-Pacific.';
    expect(shifts(oldText, newText)).toEqual(['region added:  → Indo-Pacific']);
  });

  it('labels the sample pair: the security-environment rewording is an intensity shift, UNCLOS a new reference', () => {
    const comparison = compareTexts(
      readFileSync(new URL('../../../examples/bluebook/2020-ch3-s1.txt', import.meta.url), 'utf8'),
      readFileSync(new URL('../../../examples/bluebook/2022-ch3-s1.txt', import.meta.url), 'utf8'),
    );
    const all = comparison.pairs.flatMap((pair) => (pair.shifts ?? []).map(line));
    expect(all).toContain(
      'intensity replaced stronger: testing … uncertain → increasingly severe … more rapid … than ever before',
    );
    expect(all).toContain('reference added:  → United Nations Convention on the Law of the Sea … UNCLOS');
    expect(all).toContain('region added:  → Sinai Peninsula … Middle East');
    // Sentence pairs carry no shifts: their block does.
    expect(comparison.pairs.filter((p) => p.level === 'sentence' && p.shifts)).toEqual([]);
  });
});

describe('policy-language shifts (Japanese)', () => {
  it.each<[string, string, string, string]>([
    [
      '懸念 → 深刻な懸念',
      '日本はこの動きに懸念を表明した。',
      '日本はこの動きに深刻な懸念を表明した。',
      'intensity replaced stronger: 懸念 → 深刻な懸念',
    ],
    [
      '求める → 強く求める',
      '日本は北朝鮮に対し、完全な履行を求める。',
      '日本は北朝鮮に対し、完全な履行を強く求める。',
      'modality replaced stronger: 求める → 強く求める',
    ],
    [
      'しなければならない → することができる',
      '締約国は、報告を提出しなければならない。',
      '締約国は、報告を提出することができる。',
      'modality replaced weaker: しなければならない → することができる',
    ],
    ['ない added', '政府はこの措置を認める。', '政府はこの措置を認めない。', 'negation added:  → ない'],
    [
      'アジア太平洋 → インド太平洋',
      '日本は自由で開かれたアジア太平洋を推進する。',
      '日本は自由で開かれたインド太平洋を推進する。',
      'region replaced: アジア太平洋 → 自由で開かれたインド太平洋',
    ],
  ])('%s', (_name, oldText, newText, expected) => {
    expect(shifts(oldText, newText)).toContain(expected);
  });

  it('reads 「しなければならない」 as one modality term, not also a negation', () => {
    expect(LEXICONS.ja.match('提出しなければならない').map((m) => `${m.kind}:${m.text}`)).toEqual([
      'modality:しなければならない',
    ]);
  });
});

describe('lexicons', () => {
  it.each([
    ['en', english],
    ['ja', japanese],
  ])('%s lists every kind with a meaning and integer grades, each term once', (_name, data) => {
    const lexicon = data as LexiconData;
    for (const entry of Object.values(lexicon.kinds)) {
      expect(entry.meaning).toBeTruthy();
      for (const grade of Object.values(entry.terms)) expect(Number.isInteger(grade)).toBe(true);
    }
    expect(Object.keys(lexicon.kinds).sort()).toEqual(
      ['actor', 'intensity', 'modality', 'negation', 'reference', 'region', 'scope'].sort(),
    );
    expect(() => compileLexicon(lexicon, lexicon.language === 'en')).not.toThrow();
  });

  it('sees a sentence start where the end-anchored expression it replaced did', () => {
    const reference = /(?:^|[.!?:;。！？]["'”’)]*\s*|\n\s*)$/u;
    const text = fc
      .array(fc.constantFrom('a', 'May', ' ', '\n', '\u00a0', '.', '。', '"', '”', ')', ';', '𝒜', '\r', '-'), {
        maxLength: 10,
      })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, fc.nat(), (subject, n) => {
        const index = n % (subject.length + 1);
        expect(sentenceBefore(subject, index)).toBe(reference.test(subject.slice(0, index)));
      }),
      { numRuns: 2000 },
    );
  });

  it('finds the same names whether or not it first looks for the reference suffixes', () => {
    // A suffix with a space turns the look-up off; "Zq Zq" never occurs in the texts, so the pattern is the same.
    const looking = LEXICONS.en;
    const data = english as LexiconData;
    const scanning = compileLexicon({ ...data, referenceSuffixes: [...(data.referenceSuffixes ?? []), 'Zq Zq'] }, true);
    fc.assert(
      fc.property(
        fc.array(
          fc.constantFrom(
            'the',
            'Paris',
            'Agreement',
            'Code',
            'Civil',
            'Law',
            'of',
            'Act',
            'Acts',
            'Policy',
            'die',
            ' ',
            '. ',
          ),
          { maxLength: 20 },
        ),
        (parts) => {
          const text = parts.join(' ');
          expect(looking.match(text)).toEqual(scanning.match(text));
        },
      ),
      { numRuns: 300 },
    );
    // The look-up must not skip a text whose suffix is there.
    expect(looking.match('It signed the Paris Agreement.').filter((m) => m.kind === 'reference')).not.toEqual([]);
  });

  it('takes the Japanese lexicon exactly when a text has kana or kanji', () => {
    const japanese = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u;
    // Every code point below U+2E80 is no kana or kanji: the quick scan in lexiconFor relies on it.
    for (let code = 0; code < 0x2e80; code++) expect(japanese.test(String.fromCodePoint(code))).toBe(false);
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 12 }), (text) => {
        expect(lexiconFor(text)).toBe(japanese.test(text) ? LEXICONS.ja : LEXICONS.en);
      }),
      { numRuns: 2000 },
    );
    expect(lexiconFor('日本は')).toBe(LEXICONS.ja);
    expect(lexiconFor('Japan ⺀ 〇')).toBe(LEXICONS.ja);
    expect(lexiconFor('Japan — “quoted”')).toBe(LEXICONS.en);
  });

  it('refuses a term listed under two kinds', () => {
    expect(() =>
      compileLexicon({ language: 'x', kinds: { modality: { terms: { may: 1 } }, scope: { terms: { may: 1 } } } }, true),
    ).toThrow(/listed twice/);
  });

  it('finds each match as the exact slice of the text at its place', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('will', 'not', 'May', 'China', 'the', 'Indo-Pacific', 'all', ' ', '. '), {
          maxLength: 20,
        }),
        (parts) => {
          const text = parts.join(' ');
          for (const match of LEXICONS.en.match(text)) expect(text.slice(match.start, match.end)).toBe(match.text);
        },
      ),
    );
  });
});

describe('editsOf', () => {
  it('bridges a short kept run between two changes and keeps two words of context', () => {
    const comparison = compareTexts(
      'The situation is severe in the region today.',
      'The situation is the most severe and complex in the region today.',
    );
    const block = comparison.pairs.find((p) => p.level === 'block');
    const edits = editsOf(block?.changes ?? []);
    expect(edits.map((e) => [e.old, e.new])).toEqual([['severe', 'the most severe and complex']]);
    expect(edits[0]?.newInContext).toBe('situation is the most severe and complex in the');
  });

  it('finds the same edits as the regular expressions it replaced (context words read from the end)', () => {
    // The first version of editsOf, verbatim: end-anchored /(?:\S+\s*){0,2}$/u and a split to count words.
    const reference = (changes: readonly WordChange[]) => {
      const count = (text: string) => text.split(/\s+/).filter((w) => w !== '').length;
      const last = (text: string) => /(?:\S+\s*){0,2}$/u.exec(text)?.[0] ?? '';
      const first = (text: string) => /^(?:\s*\S+){0,2}/u.exec(text)?.[0] ?? '';
      const edits = [];
      let i = 0;
      while (i < changes.length) {
        if (changes[i]?.op === 'equal') {
          i++;
          continue;
        }
        let oldCore = '';
        let newCore = '';
        let j = i;
        for (; j < changes.length; j++) {
          const change = changes[j] as WordChange;
          if (change.op === 'delete') oldCore += change.text;
          else if (change.op === 'insert') newCore += change.text;
          else {
            const next = changes[j + 1];
            if (
              !(
                next !== undefined &&
                next.op !== 'equal' &&
                count(change.text) <= 2 &&
                !/[.!?。！？]/.test(change.text)
              )
            )
              break;
            oldCore += change.text;
            newCore += change.newText ?? change.text;
          }
        }
        const before = changes[i - 1];
        const after = changes[j];
        edits.push({
          old: oldCore.trim(),
          new: newCore.trim(),
          oldInContext:
            (before?.op === 'equal' ? last(before.text) : '') +
            oldCore +
            (after?.op === 'equal' ? first(after.text) : ''),
          newInContext:
            (before?.op === 'equal' ? last(before.newText ?? before.text) : '') +
            newCore +
            (after?.op === 'equal' ? first(after.newText ?? after.text) : ''),
        });
        i = j;
      }
      return edits;
    };
    const text = fc
      .array(fc.constantFrom('a', 'Bé', ' ', '  ', '\n', '\u00a0', '\u3000', '.', '𝒜', '\t', '語'), { maxLength: 8 })
      .map((parts) => parts.join(''));
    const change: fc.Arbitrary<WordChange> = fc.oneof(
      fc.record({ op: fc.constant('equal' as const), text }),
      fc.record({ op: fc.constant('equal' as const), text, newText: text }),
      fc.record({ op: fc.constant('delete' as const), text, significance: fc.constant('substantive' as const) }),
      fc.record({ op: fc.constant('insert' as const), text, significance: fc.constant('minor' as const) }),
    );
    fc.assert(
      fc.property(fc.array(change, { maxLength: 8 }), (changes) => {
        expect(editsOf(changes)).toEqual(reference(changes));
      }),
      { numRuns: 500 },
    );
  });

  it('an edition compared with itself has no shifts', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('Japan', 'will', 'not', 'all', 'severe', 'China', 'may', 'the region.'), {
          minLength: 1,
          maxLength: 12,
        }),
        (words) => {
          const text = words.join(' ');
          expect(compareTexts(text, text).pairs.filter((p) => p.shifts)).toEqual([]);
        },
      ),
      { numRuns: 30 },
    );
  });
});
