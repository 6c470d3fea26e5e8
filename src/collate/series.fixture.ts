/**
 * A small generated series shared by the collate tests: five editions of a three-section text with a reworded
 * sentence, a sentence that disappears in the second edition and returns in the fourth, a paragraph moved to another
 * section, a section renumbered "(3)" → "(2)", a cosmetic edit and a sentence added in the last edition.
 */
import { parseText } from '../parse/text.js';
import type { SeriesEdition } from './lineage.js';

const RESPOND = 'Japan will respond firmly to every challenge it faces.';
const ALLIES =
  'Japan works closely with its allies and partners. The alliance is the cornerstone of peace in the region.';
const TERRITORY_2016 =
  'Japan protects its land, sea, and airspace at all times. Awareness of territorial integrity is rising in the world.';
const TERRITORY_2022 =
  'Japan protects its land, sea and airspace at all times. Awareness of territorial integrity is rising in the world.';

/** The texts of the five editions, labelled by year. */
export const SERIES_TEXTS: ReadonlyArray<{ label: string; text: string }> = [
  {
    label: '2016',
    text: `Chapter 1\n\n(1) Security\n\nThe security environment is severe. ${RESPOND}\n\n(2) Cooperation\n\n${ALLIES}\n\n(3) Territory\n\n${TERRITORY_2016}\n`,
  },
  {
    label: '2018',
    text: `Chapter 1\n\n(1) Security\n\nThe security environment is increasingly severe.\n\n(2) Cooperation\n\n${ALLIES}\n\n(3) Territory\n\n${TERRITORY_2016}\n`,
  },
  {
    label: '2020',
    text: `Chapter 1\n\n(1) Security\n\nThe security environment is increasingly severe.\n\n${ALLIES}\n\n(2) Territory\n\n${TERRITORY_2016}\n`,
  },
  {
    label: '2022',
    text: `Chapter 1\n\n(1) Security\n\nThe security environment is increasingly severe. ${RESPOND}\n\n${ALLIES}\n\n(2) Territory\n\n${TERRITORY_2022}\n`,
  },
  {
    label: '2024',
    text: `Chapter 1\n\n(1) Security\n\nThe security environment is increasingly severe. ${RESPOND}\n\n${ALLIES}\n\n(2) Territory\n\n${TERRITORY_2022} Cyber threats now reach every island.\n`,
  },
];

/** The series parsed, ready for `collateSeries`. */
export function seriesEditions(): SeriesEdition[] {
  return SERIES_TEXTS.map(({ label, text }) => ({ label, date: `${label}-04-01`, document: parseText(text) }));
}

/** A Japanese series: article 2 is deleted (article 3 becomes 2), article 1 is reworded, then article 2 returns. */
export const JAPANESE_TEXTS: ReadonlyArray<{ label: string; text: string }> = [
  {
    label: '令和元年',
    text: '第1条　この法律は、国の安全を確保することを目的とする。\n\n第2条　政府は、必要な措置を講ずる。\n\n第3条　国民は、この法律に協力するよう努める。\n',
  },
  {
    label: '令和3年',
    text: '第1条　この法律は、国及び国民の安全を確保することを目的とする。\n\n第2条　国民は、この法律に協力するよう努める。\n',
  },
  {
    label: '令和5年',
    text: '第1条　この法律は、国及び国民の安全を確保することを目的とする。\n\n第2条　政府は、必要な措置を講ずる。\n\n第3条　国民は、この法律に協力するよう努める。\n',
  },
];

/** The Japanese series parsed. */
export function japaneseEditions(): SeriesEdition[] {
  return JAPANESE_TEXTS.map(({ label, text }) => ({ label, document: parseText(text, { locale: 'ja' }) }));
}
