import { describe, expect, it } from 'vitest';
import { hasJapanese, readsAsEnglish, readsAsOtherLatinLanguage } from './language.js';

describe('the language an edition reads as', () => {
  it('tells English prose from German and French prose', () => {
    const english = ['The Government reports to Parliament.', 'It is published each year with the accounts.'];
    const german = ['Die Bundesregierung berichtet dem Bundestag.', 'Der Bericht ist zu veröffentlichen.'];
    const french = ['La loi est votée par le Parlement.', 'Le Premier ministre dirige l’action du Gouvernement.'];
    expect([readsAsEnglish(english), readsAsOtherLatinLanguage(english)]).toEqual([true, false]);
    expect([readsAsEnglish(german), readsAsOtherLatinLanguage(german)]).toEqual([false, true]);
    expect([readsAsEnglish(french), readsAsOtherLatinLanguage(french)]).toEqual([false, true]);
  });

  it('needs positive evidence of another language: short English without function words is not foreign', () => {
    const terse = ['Japan strongly urges North Korea to comply fully.', 'Effective immediately.'];
    expect(readsAsEnglish(terse)).toBe(false);
    expect(readsAsOtherLatinLanguage(terse)).toBe(false);
  });

  it('does not take a Japanese edition with Latin acronyms for another Latin-script language', () => {
    const japanese = ['日本は国際連合と協力する。', 'UNMISS', '政府は報告する。'];
    expect(hasJapanese(japanese[0] as string)).toBe(true);
    expect(readsAsOtherLatinLanguage(japanese)).toBe(false);
    expect(readsAsOtherLatinLanguage([])).toBe(false);
  });
});
