/**
 * Synthetic texts for the browser tests: two editions of a long numbered text for the large-pair case (the same ~3,000
 * paragraphs in sections, with scattered edits — reworded, deleted and inserted paragraphs — so the comparison has
 * changes spread from top to bottom), and a series of hundreds of short editions for the timeline. Deterministic (a
 * seeded generator), so a failure can be reproduced.
 */

import { seededRandom } from '../../src/testing/seeded-random.js';

/** Words the paragraphs are drawn from. */
const WORDS = (
  'harbour vessel channel pilot cargo quay berth tide anchor licence inspection authority permit notice fee ' +
  'shipment customs warehouse crane tugboat mooring ballast draught manifest container terminal schedule ' +
  'navigation beacon buoy lighthouse dredging breakwater jetty slipway ferry passenger safety hazard emergency ' +
  'weather storm visibility signal radio watch officer master crew agent operator tariff invoice record'
).split(' ');

/** One sentence of `count` words from the generator, capitalised and closed with a full stop. */
function sentence(random: () => number, count: number): string {
  const words = Array.from({ length: count }, () => WORDS[Math.floor(random() * WORDS.length)] as string);
  const text = words.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/** The two editions and where they differ. */
export interface SyntheticPair {
  old: string;
  new: string;
  /** Paragraphs per edition (of the old edition). */
  paragraphs: number;
  /** Numbers of the paragraphs reworded in the new edition. */
  reworded: number[];
  /** The last edit in document order: its paragraph's opening ("Paragraph N." or "Added after paragraph N.") and kind. */
  lastChange: { opening: string; relation: 'modified' | 'deleted' | 'inserted' };
}

/**
 * Builds the pair: `sections` sections of `perSection` paragraphs, each "Paragraph N." followed by three sentences;
 * every 97th paragraph is reworded, every 211th deleted, and a new paragraph follows every 263rd.
 */
export function syntheticPair(sections = 30, perSection = 100): SyntheticPair {
  const random = seededRandom(20260102);
  const oldParts: string[] = ['Harbour Regulations (consolidated)'];
  const newParts: string[] = ['Harbour Regulations (consolidated)'];
  const reworded: number[] = [];
  let lastChange: SyntheticPair['lastChange'] = { opening: '', relation: 'modified' };
  let number = 0;
  for (let s = 1; s <= sections; s++) {
    oldParts.push(`${s} Part ${s}`);
    newParts.push(`${s} Part ${s}`);
    for (let p = 0; p < perSection; p++) {
      number++;
      const body = `Paragraph ${number}. ${sentence(random, 14)} ${sentence(random, 16)} ${sentence(random, 12)}`;
      oldParts.push(body);
      if (number % 211 === 0) {
        lastChange = { opening: `Paragraph ${number}.`, relation: 'deleted' };
        continue;
      }
      if (number % 97 === 0) {
        newParts.push(
          `Paragraph ${number}. The port authority replaced this rule in the new edition. ${sentence(random, 10)}`,
        );
        reworded.push(number);
        lastChange = { opening: `Paragraph ${number}.`, relation: 'modified' };
      } else {
        newParts.push(body);
      }
      if (number % 263 === 0) {
        newParts.push(`Added after paragraph ${number}. ${sentence(random, 15)}`);
        lastChange = { opening: `Added after paragraph ${number}.`, relation: 'inserted' };
      }
    }
  }
  return {
    old: `${oldParts.join('\n\n')}\n`,
    new: `${newParts.join('\n\n')}\n`,
    paragraphs: number,
    reworded,
    lastChange,
  };
}

/** One edition of a synthetic series. */
export interface SyntheticEdition {
  /** A file stem carrying the date, as real stores name editions: `007-2001-08-20_s7`. */
  label: string;
  date: string;
  text: string;
}

/**
 * A series of `count` short editions about five weeks apart from January 2001 (250 editions reach 2024), for the
 * timeline at hundreds of editions: each edition rewords one paragraph of ten in turn, and every fifth adds one.
 */
export function syntheticSeries(count: number): SyntheticEdition[] {
  const random = seededRandom(20260103);
  const paragraphs = Array.from({ length: 10 }, (_, i) => `Rule ${i + 1}. ${sentence(random, 12)}`);
  const editions: SyntheticEdition[] = [];
  const start = Date.UTC(2001, 0, 1);
  for (let k = 0; k < count; k++) {
    if (k > 0) {
      const at = k % paragraphs.length;
      paragraphs[at] = `Rule ${at + 1}. ${sentence(random, 12)}`;
      if (k % 5 === 0) paragraphs.push(`Rule ${paragraphs.length + 1}. ${sentence(random, 10)}`);
    }
    const date = new Date(start + k * 35 * 86_400_000).toISOString().slice(0, 10);
    editions.push({
      label: `${String(k + 1).padStart(3, '0')}-${date}_s${k}`,
      date,
      text: `Harbour Notices\n\n1 General\n\n${paragraphs.join('\n\n')}\n`,
    });
  }
  return editions;
}
