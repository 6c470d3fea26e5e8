import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPalimpsestError } from '../errors/errors.js';
import { normalize } from '../normalize/normalize.js';
import {
  compilePhrase,
  foldForSearch,
  isSpacedWordCharacter,
  mayContainFolded,
  needleAnchor,
  normalizePhrase,
  REGEX_UNIT_LIMIT,
  REGEX_WORK_FLOOR,
  REGEX_WORK_PER_CHARACTER,
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
    expect(compilePhrase('/x/i', { mode: 'regex' }).pattern).toBe('/x/i');
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

  it('refuses backreferences and lookahead with a one-line message naming the fix', () => {
    for (const [pattern, what] of [
      ['(a)\\1', 'backreference (\\1)'],
      ['(?<x>a)\\k<x>', 'backreference (\\k<x>)'],
      ['a(?=b)', 'lookahead ((?=…)'],
      ['a(?!b)', 'lookahead ((?!…)'],
    ] as const) {
      const error = thrown(() => compilePhrase(pattern, { mode: 'regex' }));
      expect(isPalimpsestError(error) && error.code).toBe('E_USAGE');
      const message = (error as Error).message;
      expect(message).toContain(what);
      expect(message).toContain('RE2');
      expect(message).not.toContain('\n');
    }
    // Inside a class \1 is no reference, and RE2 explains its own refusal.
    expect((thrown(() => compilePhrase('[\\1]', { mode: 'regex' })) as Error).message).toContain('RE2 syntax');
  });

  it('runs lookbehinds, which RE2JS matches in linear time', () => {
    expect(matches('ab cb', '(?<=a)b', { mode: 'regex' })).toEqual(['b']);
    expect(matches('ab cb', '(?<!a)b', { mode: 'regex' })).toEqual(['b']);
  });

  it('reads JavaScript spellings: \\uXXXX, \\u{X}, \\p{Script=X}, and \\s as Unicode spaces', () => {
    expect(matches('café', 'caf\\u00e9', { mode: 'regex' })).toEqual(['café']);
    expect(matches('a😀b', '\\u{1F600}', { mode: 'regex' })).toEqual(['😀']);
    expect(matches('安全保障 policy', '\\p{Script=Han}+', { mode: 'regex' })).toEqual(['安全保障']);
    expect(matches('article\u00a03\u3000第三条', '\\d\\s第', { mode: 'regex' })).toEqual(['3\u3000第']);
    expect(matches('article\u00a03', 'article[\\s]3', { mode: 'regex' })).toEqual(['article\u00a03']);
    expect(matches('a\u00a0b c', '\\S+', { mode: 'regex' })).toEqual(['a', 'b', 'c']);
  });

  it('reports offsets in UTF-16 code units, as JavaScript strings count them, in any script', () => {
    const text = fc.stringMatching(/^[ab é😀安全\n]{0,40}$/u);
    const patterns = ['\\p{L}+', '.', '安全', 'b', '[😀é]+', 'a|b', 'a.b', '\\s+', '[^a]+'];
    fc.assert(
      fc.property(text, fc.constantFrom(...patterns), (subject, pattern) => {
        const found: Array<[number, number]> = [];
        compilePhrase(pattern, { mode: 'regex' }).find(subject, (start, end) => found.push([start, end]));
        const native = [...subject.matchAll(new RegExp(pattern, 'gu'))].map((m): [number, number] => [
          m.index,
          m.index + m[0].length,
        ]);
        expect(found).toEqual(native.filter(([start, end]) => end > start));
      }),
    );
  });

  it('searches at most REGEX_UNIT_LIMIT characters of one text', () => {
    const text = `${'x '.repeat(REGEX_UNIT_LIMIT)}needle`;
    const found: number[] = [];
    const status = compilePhrase('needle', { mode: 'regex' }).find(text, (start) => found.push(start));
    expect(status).toBe('truncated');
    expect(found).toEqual([]);
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

describe('regex matching never runs super-linearly (ReDoS)', () => {
  // Each catastrophic pattern (exponential or worse on a backtracking engine) beside an equivalent one that
  // JavaScript's RegExp runs quickly: the oracle for the matches RE2 must find.
  const CATASTROPHIC: ReadonlyArray<readonly [string, string]> = [
    ['([\\w\\s]|\\w)*#', '[\\w\\s]*#'],
    ['(.|\\s)*#', '[\\s\\S]*#'],
    ['(?:[a-z ]|[a-z])*#', '[a-z ]*#'],
    ['(a+)+$', 'a+$'],
    ['(a|aa)*b', 'a*b'],
    ['(a|a)*$', 'a*$'],
    ['([a-z]+)*=', '[a-z]*='],
    ['(\\w+\\s?)*$', '(?:\\w\\s?)*$'],
    ['(?:a*)*!', 'a*!'],
    ['(?<=a+)b', '(?<=a)b'],
  ];
  const short = fc.stringMatching(/^[ab #=!é😀安\n]{0,12}$/u);
  const subject = fc
    .tuple(
      short,
      fc.constantFrom('a', 'a ', 'ab', 'x'),
      fc.integer({ min: 1000, max: 2500 }),
      fc.constantFrom('', '!', '#', '=', 'b', '\n'),
      short,
    )
    .map(([before, unit, times, end, after]) => before + unit.repeat(times) + end + after);

  it('finds the same matches as a safe equivalent pattern, on adversarial subjects', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CATASTROPHIC), subject, ([pattern, equivalent], text) => {
        const found: string[] = [];
        const status = compilePhrase(pattern, { mode: 'regex' }).find(text, (start, end) =>
          found.push(`${start}:${text.slice(start, end)}`),
        );
        const expected = [...text.matchAll(new RegExp(equivalent, 'gu'))]
          .filter((m) => m[0].length > 0)
          .map((m) => `${m.index}:${m[0]}`);
        // Many matches in one long text may exhaust the work budget: then the first matches, marked truncated.
        if (status === 'complete') expect(found).toEqual(expected);
        else expect(found).toEqual(expected.slice(0, found.length));
      }),
      { numRuns: 60 },
    );
    // A catastrophic backtracking would hang here: the test's own timeout is the safety net.
  }, 60_000);

  it('finishes the catastrophic patterns on the classic subject', () => {
    const text = `${'a'.repeat(5000)}!`;
    for (const [pattern] of CATASTROPHIC) {
      expect(matches(text, pattern, { mode: 'regex' })).toEqual(pattern === '(?:a*)*!' ? [text] : []);
    }
    expect(matches(`${'a'.repeat(5000)}#`, '([\\w\\s]|\\w)*#', { mode: 'regex' })).toEqual([`${'a'.repeat(5000)}#`]);
  });

  it('stops finding matches when one text has cost its work budget, and says the text was truncated', () => {
    // Every match is one character, but each search scans the rest of the text for a `#` first: quadratic work.
    const text = 'a'.repeat(REGEX_UNIT_LIMIT);
    const found: number[] = [];
    const status = compilePhrase('[^#]*#|.', { mode: 'regex' }).find(text, (start) => found.push(start));
    expect(status).toBe('truncated');
    // The searches kept are the first ones, each charged the rest of the text.
    let charged = 0;
    let allowed = 0;
    while (charged + (text.length - allowed) <= REGEX_WORK_PER_CHARACTER * text.length + REGEX_WORK_FLOOR) {
      charged += text.length - allowed;
      allowed++;
    }
    expect(found).toEqual(Array.from({ length: allowed }, (_, i) => i));
  });

  it('keeps every match of an ordinary pattern in an ordinary paragraph', () => {
    const paragraph = 'The Minister shall, within 30 days, publish the report. '.repeat(10);
    const found: string[] = [];
    const status = compilePhrase('\\b\\w+\\b', { mode: 'regex' }).find(paragraph, (start, end) =>
      found.push(paragraph.slice(start, end)),
    );
    expect(status).toBe('complete');
    expect(found).toHaveLength(9 * 10);
  });
});
