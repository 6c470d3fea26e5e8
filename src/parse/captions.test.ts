import { describe, expect, it } from 'vitest';
import { splitCaptions } from './captions.js';

/** The caption and duplicate texts of a block. */
function pieces(text: string): { captions: string[]; duplicates: string[] } | null {
  const split = splitCaptions(text);
  if (!split) return null;
  return {
    captions: split.captions.map((span) => text.slice(span.start, span.end)),
    duplicates: split.duplicates.map((span) => text.slice(span.start, span.end)),
  };
}

describe('splitCaptions', () => {
  it('collapses the duplicated captions of web extraction to their first occurrences', () => {
    const block =
      'Japan-Australia joint exercise “Trident” (November. Photo: Ministry of Defense)Japan-Australia joint exercise “Trident”\n' +
      '(November. Photo: Ministry of Defense)\n' +
      'Headquarter personnel deployed to MFO (Photo: PKO Secretariat)Headquarter personnel deployed to MFO\n' +
      '(Photo: PKO Secretariat)';
    expect(pieces(block)).toEqual({
      captions: [
        'Japan-Australia joint exercise “Trident” (November. Photo: Ministry of Defense)',
        'Headquarter personnel deployed to MFO (Photo: PKO Secretariat)',
      ],
      duplicates: [
        'Japan-Australia joint exercise “Trident”\n(November. Photo: Ministry of Defense)',
        'Headquarter personnel deployed to MFO\n(Photo: PKO Secretariat)',
      ],
    });
  });

  it('recognises Japanese credits and credit lines', () => {
    expect(pieces('日米首脳会談（写真：内閣広報室）')?.captions).toEqual(['日米首脳会談（写真：内閣広報室）']);
    expect(pieces('A chart of trade\nSource: Ministry of Finance')?.captions).toEqual([
      'A chart of trade\nSource: Ministry of Finance',
    ]);
  });

  it('keeps distinct captions that are not repeated', () => {
    expect(pieces('One (Photo: A)Two (Photo: B)')).toEqual({
      captions: ['One (Photo: A)', 'Two (Photo: B)'],
      duplicates: [],
    });
  });

  it('rejects blocks without a credit and long body text that cites a source', () => {
    expect(pieces('A plain paragraph (with a parenthesis).')).toBeNull();
    const long = `${'The economy grew strongly over the period. '.repeat(10)}(Source: IMF)`;
    expect(pieces(long)).toBeNull();
  });

  it('folds white space for comparison', () => {});
});
