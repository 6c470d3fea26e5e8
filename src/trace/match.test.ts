import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPalimpsestError } from '../errors/errors.js';
import { normalize } from '../normalize/normalize.js';
import {
  compilePhrase,
  findNestedQuantifier,
  foldForSearch,
  isSpacedWordCharacter,
  mayContainFolded,
  needleAnchor,
  normalizePhrase,
  REGEX_UNIT_LIMIT,
  splitRegexLiteral,
} from './match.js';

/** Every match of `phrase` in `text` as the matched strings. */
function matches(text: string, phrase: string, options: Parameters<typeof compilePhrase>[1] = {}): string[] {
  const found: string[] = [];
  compilePhrase(phrase, options).find(text, (start, end) => found.push(text.slice(start, end)));
  return found;
}

/** The error `run` throws. */
function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('normalized matching', () => {
  it('folds case, quotes, dashes, width and whitespace, and reports the original text', () => {
    expect(matches('The “Rule of Law” holds.', '"rule of law"')).toEqual(['“Rule of Law”']);
    expect(matches('a well‐known fact', 'well-known')).toEqual(['well‐known']);
    expect(matches('ＡＢＣ and abc', 'abc')).toEqual(['ＡＢＣ', 'abc']);
    expect(matches('increasingly\n   severe times', 'Increasingly Severe')).toEqual(['increasingly\n   severe']);
    expect(matches('no\u00a0longer', 'no longer')).toEqual(['no\u00a0longer']);
  });

  it('keeps soft hyphens and combining marks inside the match they belong to', () => {
    expect(matches('a se\u00advere test', 'severe')).toEqual(['se\u00advere']);
    expect(matches('the cafe\u0301 opens', 'café')).toEqual(['cafe\u0301']);
  });

  it('requires word boundaries in spaced scripts only', () => {
    expect(matches('contract act enact', 'act')).toEqual(['act']);
    expect(matches('contract act enact', 'act', { wholeWords: false })).toHaveLength(3);
    expect(matches('安全保障政策と安全保障', '安全保障')).toEqual(['安全保障', '安全保障']);
    expect(matches("Japan's policy", 'japan')).toEqual(['Japan']);
    expect(matches('2020年のAIと法', 'ai')).toEqual(['AI']);
  });

  it('finds non-overlapping matches, leftmost first', () => {
    expect(matches('ha ha ha', 'ha ha')).toEqual(['ha ha']);
  });

  it('refuses a phrase that is empty after normalisation', () => {
    const error = thrown(() => compilePhrase(' \u200b '));
    expect(isPalimpsestError(error) && error.code).toBe('E_USAGE');
  });

  it('normalizePhrase folds and trims', () => {
    expect(normalizePhrase('  “Increasingly   SEVERE”\n')).toBe('"increasingly severe"');
  });
});

describe('foldForSearch', () => {
  // Characters exercising every pass: case, quotes, dashes, spaces, width, invisibles, marks, ligatures, sigma.
  const alphabet = fc.constantFrom(
    ...'aZ  \n\t\r.,\'"’“”‐–—\u00a0\u3000ＡｂＣ１\u00ad\u200b\u0301\u3099かがｶﾞﾟﬁΣσİ安全'.split(''),
    'ab',
    'Ab',
  );
  const text = fc.array(alphabet, { maxLength: 40 }).map((parts) => parts.join(''));

  it('gives the same text and offsets as normalize() with case folding', () => {
    fc.assert(
      fc.property(text, (input) => {
        const expected = normalize(input, { ignoreCase: true });
        const folded = foldForSearch(input);
        expect(folded.text).toBe(expected.text);
        for (let i = 0; i < expected.text.length; i++) expect(folded.original(i)).toBe(expected.offsets[i]);
      }),
      { numRuns: 500 },
    );
  });
});

describe('exact matching', () => {
  it('matches the characters as written', () => {
    expect(matches('The “Rule of Law” and "rule of law"', 'rule of law', { mode: 'exact' })).toEqual(['rule of law']);
    expect(matches('ＡＢＣ abc', 'abc', { mode: 'exact' })).toEqual(['abc']);
  });
});

describe('regex matching', () => {
  it('runs the pattern over the original text, case-sensitively unless /…/i', () => {
    expect(matches('Increasingly severe, increasingly-severe', 'increasingly[- ]severe', { mode: 'regex' })).toEqual([
      'increasingly-severe',
    ]);
    expect(matches('Increasingly severe, increasingly-severe', '/increasingly[- ]severe/i', { mode: 'regex' })).toEqual(
      ['Increasingly severe', 'increasingly-severe'],
    );
    expect(compilePhrase('/x/i', { mode: 'regex' }).pattern).toBe('/x/giu');
  });

  it('accepts identity escapes that only non-Unicode patterns allow', () => {
    expect(matches('a-b', 'a\\-b', { mode: 'regex' })).toEqual(['a-b']);
  });

  it('skips empty matches without looping', () => {
    expect(matches('aab', 'a*', { mode: 'regex' })).toEqual(['aa']);
    expect(matches('😀a', '(?:)', { mode: 'regex' })).toEqual([]);
  });

  it('refuses patterns that do not compile, with the reason', () => {
    const error = thrown(() => compilePhrase('(unclosed', { mode: 'regex' }));
    expect(isPalimpsestError(error) && error.code).toBe('E_USAGE');
    expect((error as Error).message).toMatch(/Invalid regular expression "\(unclosed"/);
  });

  it('refuses nested unbounded quantifiers (catastrophic backtracking)', () => {
    const error = thrown(() => compilePhrase('(a+)+$', { mode: 'regex' }));
    expect(isPalimpsestError(error) && error.code).toBe('E_USAGE');
    expect((error as Error).message).toContain('exponential');
  });

  it('searches at most REGEX_UNIT_LIMIT characters of one text', () => {
    const text = `${'x '.repeat(REGEX_UNIT_LIMIT)}needle`;
    const found: number[] = [];
    const status = compilePhrase('needle', { mode: 'regex' }).find(text, (start) => found.push(start));
    expect(status).toBe('truncated');
    expect(found).toEqual([]);
  });
});

describe('findNestedQuantifier', () => {
  it('finds repeated groups holding a repeat', () => {
    expect(findNestedQuantifier('(a+)+')).toBe('(a+)+');
    expect(findNestedQuantifier('(?:\\w*\\s?)*x')).toBe('(?:\\w*\\s?)*');
    expect(findNestedQuantifier('((ab)*c){2,}')).toBe('((ab)*c){2,}');
    expect(findNestedQuantifier('(x(a+))+')).toBe('(x(a+))+');
  });

  it('lets ordinary patterns through', () => {
    for (const pattern of ['a+b*', '(ab)+', '(a+){2}', '[(a+)]+', '\\(a+\\)+', '(?:foo|bar)+ baz', 'a{2,5}']) {
      expect(findNestedQuantifier(pattern)).toBeNull();
    }
  });
});

describe('splitRegexLiteral', () => {
  it('splits /source/flags and leaves other strings whole', () => {
    expect(splitRegexLiteral('/a\\/b/ims')).toEqual({ source: 'a\\/b', flags: 'ims' });
    expect(splitRegexLiteral('a/b')).toEqual({ source: 'a/b', flags: '' });
    expect(splitRegexLiteral('/x/g')).toEqual({ source: '/x/g', flags: '' });
  });
});

describe('isSpacedWordCharacter', () => {
  it('tells letters of spaced scripts from CJK and punctuation', () => {
    expect([...'aZ9éЖ'].map((c) => isSpacedWordCharacter(c.codePointAt(0) as number))).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect([...'安かカー -’'].map((c) => isSpacedWordCharacter(c.codePointAt(0) as number))).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('compilePhrase', () => {
  it('refuses an unknown mode', () => {
    const error = thrown(() => compilePhrase('x', { mode: 'fuzzy' as never }));
    expect(isPalimpsestError(error) && error.code).toBe('E_USAGE');
  });
});

describe('the anchor pre-test of normalized matching', () => {
  it('never skips a single character that folds to a stable character other than itself', () => {
    // Every BMP code point: if folding it yields letters, digits or kana an anchor may hold, the raw character must
    // match the anchor itself (ASCII case) or be a hazard the pre-test lets through.
    const stable = /[a-z0-9\u3041-\u3096\u30A1-\u30FA\u4E00-\u9FFF]/;
    for (let code = 0; code < 0x10000; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const character = String.fromCharCode(code);
      const folded = normalize(character, { ignoreCase: true }).text;
      for (const produced of folded) {
        if (!stable.test(produced) || produced === character) continue;
        const anchor = needleAnchor(`${produced}${produced}`);
        expect(mayContainFolded(`${character}${character}`, anchor), `U+${code.toString(16)}`).toBe(true);
      }
    }
  });

  it('is sound: a text whose fold holds the needle always passes', () => {
    const alphabet = fc.constantFrom(
      ...'abAB cC\u00ad\u200b\u0301\u3099ＡｂかがカｶﾞΣİK安全保障１1ﬁ'.split(''),
      'ab',
      'AB c',
      '安全',
    );
    const text = fc.array(alphabet, { maxLength: 20 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, text, (haystack, phrase) => {
        const needle = normalizePhrase(phrase);
        if (needle.length === 0) return;
        if (normalize(haystack, { ignoreCase: true }).text.includes(needle)) {
          expect(mayContainFolded(haystack, needleAnchor(needle))).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('picks the longest stable run of the needle', () => {
    expect(needleAnchor('"increasingly severe"')?.pattern?.source).toBe('increasingly');
    expect(needleAnchor('「安全保障」')).toMatchObject({ text: '安全保障', pattern: null });
    expect(needleAnchor('2020年')).toMatchObject({ text: '2020年', pattern: null });
    expect(needleAnchor('- " -')).toBeNull();
  });
});
