/**
 * A small series that tells a story in policy language, for the history's shifts (issue 15 part 4): the region is
 * reframed from "Asia-Pacific" to "Indo-Pacific" in 2016, the assessment grows graver in 2018 ("severe" → "the most
 * severe and complex"), a commitment is softened in 2020 ("will" → "may") and North Korea is named in 2022.
 */
import { parseText } from '../parse/text.js';
import type { SeriesEdition } from './lineage.js';

const texts: ReadonlyArray<{ label: string; security: string; region: string; support: string }> = [
  {
    label: '2014',
    security: 'The security environment surrounding Japan is severe.',
    region: 'Japan promotes a free and open Asia-Pacific region through diplomacy.',
    support: 'Japan will provide support to the countries of the region. A country continues missile launches.',
  },
  {
    label: '2016',
    security: 'The security environment surrounding Japan is severe.',
    region: 'Japan promotes a free and open Indo-Pacific region through diplomacy.',
    support: 'Japan will provide support to the countries of the region. A country continues missile launches.',
  },
  {
    label: '2018',
    security: 'The security environment surrounding Japan is the most severe and complex since the end of the war.',
    region: 'Japan promotes a free and open Indo-Pacific region through diplomacy.',
    support: 'Japan will provide support to the countries of the region. A country continues missile launches.',
  },
  {
    label: '2020',
    security: 'The security environment surrounding Japan is the most severe and complex since the end of the war.',
    region: 'Japan promotes a free and open Indo-Pacific region through diplomacy.',
    support: 'Japan may provide support to the countries of the region. A country continues missile launches.',
  },
  {
    label: '2022',
    security: 'The security environment surrounding Japan is the most severe and complex since the end of the war.',
    region: 'Japan promotes a free and open Indo-Pacific region through diplomacy.',
    support: 'Japan may provide support to the countries of the region. North Korea continues missile launches.',
  },
];

/** The five editions, parsed. */
export function storyEditions(): SeriesEdition[] {
  return texts.map(({ label, security, region, support }) => ({
    label,
    date: `${label}-04-01`,
    document: parseText(
      `Chapter 1\n\n(1) Security\n\n${security}\n\n(2) Region\n\n${region}\n\n(3) Support\n\n${support}\n`,
    ),
  }));
}
