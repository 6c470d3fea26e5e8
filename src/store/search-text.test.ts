import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  codePointLength,
  ftsPhrase,
  likePattern,
  markSnippet,
  matchedSentence,
  queryTerms,
  termKinds,
  textDigest,
  textGrams,
} from './search-text.js';

describe('queryTerms', () => {
  it('splits on spaces (full-width too), keeps quoted phrases, drops duplicates, longest first', () => {
    expect(queryTerms('  severe  increasingly severe ')).toEqual(['increasingly', 'severe']);
    expect(queryTerms('経済　推進')).toEqual(['経済', '推進']);
    expect(queryTerms('"increasingly   severe" Japan')).toEqual(['increasingly severe', 'Japan']);
    expect(queryTerms('"" x')).toEqual(['""', 'x']);
    expect(queryTerms('   ')).toEqual([]);
  });

  it('normalises to NFC so a decomposed é finds a composed one', () => {
    expect(queryTerms('cafe\u0301')).toEqual(['caf\u00e9']);
  });
});

describe('quoting', () => {
  it('quotes FTS5 phrases and escapes LIKE wildcards', () => {
    expect(ftsPhrase('say "hi"')).toBe('"say ""hi"""');
    expect(likePattern('50%_a\\b')).toBe('%50\\%\\_a\\\\b%');
    expect(codePointLength('\u{1F600}安')).toBe(2);
  });
});

describe('matchedSentence', () => {
  it('is the sentence around the match, in English and Japanese', () => {
    const text = 'Japan acts. Maintaining territorial integrity is a duty.  It is firm.';
    const at = text.indexOf('territorial');
    expect(matchedSentence(text, at)).toBe('Maintaining territorial integrity is a duty.');
    const ja = 'この法律は、領土の保全を目的とする。領海も含む。';
    expect(matchedSentence(ja, ja.indexOf('領海'))).toBe('領海も含む。');
    expect(matchedSentence('no stop at all', 3)).toBe('no stop at all');
  });
});

describe('markSnippet', () => {
  it('centres a several-word query on the passage where its words meet, not on the first common word', () => {
    const text = `The environment of trade is calm. ${'Filler words of no interest go on here. '.repeat(6)}Japan faces the most severe security environment since the war.`;
    const { snippet, matchStart } = markSnippet(text, ['environment', 'security', 'severe']);
    expect(snippet).toContain('[[severe]] [[security]] [[environment]]');
    expect(matchStart).toBe(text.indexOf('severe'));
  });

  it('marks every match around the first one and cuts long text with ellipses', () => {
    const text = `${'x '.repeat(50)}the Severe and severe ${'y '.repeat(80)}`;
    const result = markSnippet(text, ['severe']);
    expect(result.matchStart).toBe(104);
    expect(result.matchEnd).toBe(110);
    expect(result.snippet.startsWith('…')).toBe(true);
    expect(result.snippet.endsWith('…')).toBe(true);
    expect(result.snippet).toContain('the [[Severe]] and [[severe]] y');
  });

  it('flags matches in parts, so brackets in the document are never taken for a match', () => {
    const { parts, snippet } = markSnippet('Hello x [[no]] and the world.', ['world']);
    expect(parts).toEqual([
      { text: 'Hello x [[no]] and the ', match: false },
      { text: 'world', match: true },
      { text: '.', match: false },
    ]);
    // The marked string alone is ambiguous here: it reads as two matches.
    expect(snippet).toBe('Hello x [[no]] and the [[world]].');
  });

  it('property: the parts are a piece of the text in order, and every flagged part is a match of the term', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.constantFrom('ab', 'x', '安全'), (text, term) => {
        const { parts } = markSnippet(text, [term]);
        const inner = parts.filter((p, i) => !(p.text === '…' && (i === 0 || i === parts.length - 1)));
        if (!text.includes('…')) expect(text.replace(/\s+/g, ' ')).toContain(inner.map((p) => p.text).join(''));
        for (const part of parts) if (part.match) expect(part.text.toLowerCase()).toBe(term.toLowerCase());
      }),
    );
  });

  it('never splits a surrogate pair at a cut', () => {
    const text = `${'\u{1F600}'.repeat(40)}needle${'\u{1F600}'.repeat(60)}`;
    const { snippet } = markSnippet(text, ['needle']);
    expect(snippet).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });

  it('property: removing the marks and ellipses leaves a piece of the text (whitespace folded)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 300 }),
        fc.string({ minLength: 1, maxLength: 4 }),
        (text, term) => {
          const { snippet, matchStart, matchEnd } = markSnippet(text, [term]);
          const plain = snippet.replace(/^…|…$/g, '').replaceAll('[[', '').replaceAll(']]', '');
          const folded = text.replace(/\s+/g, ' ');
          if (!text.includes('[[') && !text.includes(']]') && !text.includes('…')) expect(folded).toContain(plain);
          expect(matchEnd).toBeGreaterThanOrEqual(matchStart);
        },
      ),
    );
  });
});

describe('termKinds', () => {
  it('sends long terms to the trigram index, short Japanese ones to the gram index, the rest to LIKE', () => {
    expect(termKinds(['安全保障', 'policy', '法律', '条', '１条', 'ー', 'of', '第1', '§', 'é', '㋐'])).toEqual({
      long: ['安全保障', 'policy'],
      grams: ['法律', '条', '１条', 'ー'],
      short: ['of', '第1', '§', 'é', '㋐'],
    });
  });
});

describe('textGrams', () => {
  it('gives every character and adjacent pair of each Japanese run, repeats kept, nothing across other text', () => {
    expect(textGrams('この法律は法律')).toEqual([
      'こ',
      'この',
      'の',
      'の法',
      '法',
      '法律',
      '律',
      '律は',
      'は',
      'は法',
      '法',
      '法律',
      '律',
    ]);
    expect(textGrams('法 律、A法B律')).toEqual(['法', '律', '法', '律']);
    expect(textGrams('No Japanese here.')).toEqual([]);
    expect(textGrams('第１条 ｱｰ 〇々')).toEqual(['第', '第１', '１', '１条', '条', 'ｱ', 'ｱｰ', 'ｰ', '〇', '〇々', '々']);
    expect(textGrams('𠮟る')).toEqual(['𠮟', '𠮟る', 'る']);
  });

  it('property: a short term of gram characters is a gram of a text exactly when it occurs in it', () => {
    const characters = ['法', '律', 'の', 'ア', 'ー', '１', ' ', 'a', '、', '𠮟'];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...characters), { maxLength: 20 }),
        fc.array(fc.constantFrom(...characters), { minLength: 1, maxLength: 2 }),
        (textCharacters, termCharacters) => {
          const text = textCharacters.join('');
          const term = termCharacters.join('');
          if (termKinds([term]).grams.length === 0) return;
          expect(textGrams(text).includes(term)).toBe(text.includes(term));
        },
      ),
    );
  });
});

describe('textDigest', () => {
  it('is the SHA-256 of the UTF-8 bytes (what PostgreSQL computes in migration 0002)', () => {
    expect(textDigest('法律').toString('hex')).toBe('32bc0a3372fcf9cb2699e5d46eb51d73081d65bb18d82af3929001ee2240af6a');
    expect(textDigest('abc').toString('hex')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(textDigest('a')).not.toEqual(textDigest('A'));
  });
});
