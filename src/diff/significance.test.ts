import { describe, expect, it } from 'vitest';
import type { Significance } from '../model/comparison.js';
import { classifyEdit, maxSignificance, pairSignificance } from './significance.js';
import { isStopWord } from './stop-words.js';
import { diffSentencePair } from './words.js';

describe('classifyEdit', () => {
  it.each<[string, string, string, Significance]>([
    ['nothing', '', '', 'none'],
    ['a dropped opening quote', '“', '', 'cosmetic'],
    ['quote style', '“Legislation', '"Legislation', 'cosmetic'],
    ['a case change', 'Integrity', 'integrity', 'cosmetic'],
    ['a serial comma', 'peace, stability, and prosperity', 'peace, stability and prosperity', 'cosmetic'],
    ['whitespace', 'land,  sea', 'land, sea', 'cosmetic'],
    ['British to American spelling', 'organisation', 'organization', 'cosmetic'],
    ['British to American spelling (verb)', 'recognise', 'recognize', 'cosmetic'],
    ['British to American spelling (our)', 'colour', 'color', 'cosmetic'],
    ['a typo fix', 'goverment', 'government', 'cosmetic'],
    ['a transposed-letter typo fix', 'recieve', 'receive', 'cosmetic'],
    ['an inflection', 'take', 'takes', 'minor'],
    ['a plural', 'challenges', 'challenge', 'minor'],
    ['function words removed', 'its own assertions', 'assertions', 'minor'],
    ['an article added', '', 'the ', 'minor'],
    ['a Japanese particle', 'は', 'が', 'minor'],
    ['a different word of similar spelling', 'terrestrial integrity', 'territorial integrity', 'substantive'],
    ['affect and effect differ in meaning', 'affect', 'effect', 'substantive'],
    ['a number', '(3)', '(2)', 'substantive'],
    ['a number moved into words', '2016', '２０１７', 'substantive'],
    ['a year', 'in March 2016', 'in March 2017', 'substantive'],
    ['a kanji numeral', '第三条', '第四条', 'substantive'],
    [
      'a rewritten phrase',
      'qualitatively and quantitatively superior military powers',
      'strong military powers',
      'substantive',
    ],
    ['a negation', 'will', 'will not', 'substantive'],
    ['a modal verb', 'shall', 'may', 'substantive'],
    ['a connective', 'and', 'or', 'substantive'],
    ['a proper name respelled', 'in Smith', 'in Smyth', 'substantive'],
    ['content words', 'escalating', 'increasingly complex', 'substantive'],
  ])('%s: %j → %j is %s', (_name, deleted, inserted, expected) => {
    expect(classifyEdit(deleted, inserted)).toBe(expected);
    // A replacement is judged as a whole, whichever edition is the old one.
    expect(classifyEdit(inserted, deleted)).toBe(expected);
  });

  it('does not take a capitalised word opening a sentence for a proper name', () => {
    expect(classifyEdit('Goverment', 'Government', { atSentenceStart: true })).toBe('cosmetic');
    expect(classifyEdit('Goverment', 'Government')).toBe('substantive');
    expect(classifyEdit('Goverment', 'Government. Next', {})).toBe('substantive');
  });
});

describe('pairSignificance', () => {
  it('is the highest level among the edits, none without edits', () => {
    expect(pairSignificance([{ op: 'equal', text: 'a' }])).toBe('none');
    expect(pairSignificance([])).toBe('none');
    expect(
      pairSignificance([
        { op: 'delete', text: ',', significance: 'cosmetic' },
        { op: 'equal', text: ' x ' },
        { op: 'insert', text: 'the ', significance: 'minor' },
      ]),
    ).toBe('minor');
    expect(maxSignificance('substantive', 'cosmetic')).toBe('substantive');
  });

  it('ranks the sample sentences as a reader would', () => {
    const level = (before: string, after: string): Significance => diffSentencePair(before, after).significance;
    expect(level('or take actions based on its own assertions', 'or takes actions based on assertions')).toBe('minor');
    expect(level('protect its land, sea, and airspace', 'protect its land, sea and airspace')).toBe('cosmetic');
    expect(level('(3) Territorial Integrity', '(2) Territorial integrity')).toBe('substantive');
    expect(level('position on terrestrial integrity', 'position on territorial integrity')).toBe('substantive');
    expect(level('“Legislation for Peace', '"Legislation for Peace')).toBe('none');
  });
});

describe('isStopWord', () => {
  it('knows function words in several languages but not words that change meaning', () => {
    for (const word of ['the', 'Its', 'own', 'der', 'les', 'の', 'を']) expect(isStopWord(word)).toBe(true);
    for (const word of ['not', 'shall', 'may', 'and', 'or', 'only', 'peace', '安全'])
      expect(isStopWord(word)).toBe(false);
  });
});
