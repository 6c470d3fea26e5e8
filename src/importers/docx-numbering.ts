/**
 * Word's automatic numbering, recomputed: the labels a reader sees ("(1)", "Section 2.", "第一条") live in
 * word/numbering.xml, not in the text runs, and mammoth drops them. This module reads numbering.xml and styles.xml
 * and replays the list counters in document order, following ECMA-376 Part 1 §17.9 (numbering): a paragraph's
 * w:numPr (numId, ilvl) — or its style's, through w:basedOn — picks a w:num, which points at a w:abstractNum whose
 * w:lvl gives start, numFmt, lvlText ("(%1)", "第%1条", "%1.%2"), lvlRestart, suff and isLgl; a w:lvlOverride may
 * replace a level or restart it (w:startOverride).
 *
 * Counter sharing follows Word's behaviour: w:num instances without a start override continue the counters of
 * their abstract numbering (two lists built on the same definition number on), while an instance with a
 * w:startOverride keeps its own counters.
 */
import { scanXml } from './docx-xml.js';

/** One level (w:lvl) of a numbering definition. */
export interface NumberingLevel {
  start: number;
  /** w:numFmt, e.g. `decimal`, `lowerLetter`, `japaneseCounting`, `bullet`, `none`. */
  format: string;
  /** w:lvlText, e.g. `(%1)`; null when absent (no label). */
  text: string | null;
  /** w:lvlRestart: restart after a use of this 1-based level or a shallower one; 0 = never; null = default. */
  restart: number | null;
  /** w:suff: what follows the label. */
  suffix: 'tab' | 'space' | 'nothing';
  /** w:isLgl: show every level's number in Arabic digits. */
  legal: boolean;
  /** w:pStyle: the paragraph style tied to this level. */
  styleId?: string;
}

/** An abstract numbering definition (w:abstractNum). */
export interface AbstractNumbering {
  levels: Map<number, NumberingLevel>;
  /** w:numStyleLink: the definition is the one of that numbering style. */
  numStyleLink?: string;
}

/** A numbering instance (w:num). */
export interface NumberingInstance {
  abstractId: string;
  /** w:lvlOverride per level: a new start and/or a replacement level. */
  overrides: Map<number, { start?: number; level?: NumberingLevel }>;
}

/** The parsed numbering part. */
export interface NumberingDefinitions {
  abstracts: Map<string, AbstractNumbering>;
  instances: Map<string, NumberingInstance>;
}

/** A paragraph style (w:style w:type="paragraph" or "numbering"), as far as headings and numbering need. */
export interface StyleInfo {
  id: string;
  type: string;
  /** w:name, e.g. `heading 1`, `Title`, `caption`. */
  name: string;
  basedOn?: string;
  numId?: string;
  ilvl?: number;
  /** w:outlineLvl (0-based; 9 = body text). */
  outlineLevel?: number;
}

/** The parsed styles part. */
export interface StyleSheet {
  styles: Map<string, StyleInfo>;
  /** The style of paragraphs without w:pStyle (normally `Normal`). */
  defaultParagraphStyle?: string;
}

/** What a style makes of a paragraph. */
export type StyleRole = { kind: 'heading'; level: number } | { kind: 'title' } | { kind: 'caption' } | { kind: 'body' };

/** A computed label. */
export interface NumberingLabel {
  /** The label as displayed, e.g. `(1)`, `第一条`, `•`. */
  text: string;
  /** What separates label and text: a space (or ideographic space after a CJK label), or nothing. */
  separator: string;
  /** True for bullets: the paragraph is a list item, not a numbered heading. */
  bullet: boolean;
}

const MAX_LEVEL = 8;

function intAttribute(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number.parseInt(value, 10);
  return Number.isFinite(number) ? number : undefined;
}

function isOn(value: string | undefined): boolean {
  return value === undefined || !['0', 'false', 'off'].includes(value);
}

function newLevel(): NumberingLevel {
  return { start: 0, format: 'decimal', text: null, restart: null, suffix: 'tab', legal: false };
}

/** Parse word/numbering.xml. Unknown or malformed content is skipped, never thrown. */
export function parseNumbering(xml: string): NumberingDefinitions {
  const definitions: NumberingDefinitions = { abstracts: new Map(), instances: new Map() };
  let abstract: AbstractNumbering | undefined;
  let instance: NumberingInstance | undefined;
  let overrideLevel: number | undefined;
  let level: NumberingLevel | undefined;
  let levelIndex = 0;
  scanXml(xml, {
    start(name, attributes) {
      switch (name) {
        case 'w:abstractNum':
          abstract = { levels: new Map() };
          definitions.abstracts.set(attributes.abstractNumId ?? '', abstract);
          break;
        case 'w:num':
          instance = { abstractId: '', overrides: new Map() };
          definitions.instances.set(attributes.numId ?? '', instance);
          break;
        case 'w:abstractNumId':
          if (instance) instance.abstractId = attributes.val ?? '';
          break;
        case 'w:lvlOverride':
          overrideLevel = clampLevel(intAttribute(attributes.ilvl));
          break;
        case 'w:startOverride':
          if (instance && overrideLevel !== undefined) {
            const override = instance.overrides.get(overrideLevel) ?? {};
            override.start = intAttribute(attributes.val) ?? 0;
            instance.overrides.set(overrideLevel, override);
          }
          break;
        case 'w:numStyleLink':
          if (abstract) abstract.numStyleLink = attributes.val ?? '';
          break;
        case 'w:lvl':
          level = newLevel();
          levelIndex = clampLevel(intAttribute(attributes.ilvl)) ?? 0;
          break;
        default:
          if (level) readLevelProperty(level, name, attributes);
      }
    },
    end(name) {
      switch (name) {
        case 'w:abstractNum':
          abstract = undefined;
          break;
        case 'w:num':
          instance = undefined;
          break;
        case 'w:lvlOverride':
          overrideLevel = undefined;
          break;
        case 'w:lvl':
          if (level) {
            if (instance && overrideLevel !== undefined) {
              const override = instance.overrides.get(overrideLevel) ?? {};
              override.level = level;
              instance.overrides.set(overrideLevel, override);
            } else if (abstract) {
              abstract.levels.set(levelIndex, level);
            }
          }
          level = undefined;
          break;
      }
    },
    text() {},
  });
  return definitions;
}

function clampLevel(value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  return Math.min(MAX_LEVEL, Math.max(0, value));
}

function readLevelProperty(level: NumberingLevel, name: string, attributes: Readonly<Record<string, string>>): void {
  switch (name) {
    case 'w:start':
      level.start = intAttribute(attributes.val) ?? 0;
      break;
    case 'w:numFmt':
      level.format = attributes.val ?? 'decimal';
      break;
    case 'w:lvlText':
      level.text = attributes.null !== undefined && isOn(attributes.null) ? '' : (attributes.val ?? '');
      break;
    case 'w:lvlRestart':
      level.restart = intAttribute(attributes.val) ?? null;
      break;
    case 'w:suff':
      level.suffix = attributes.val === 'space' ? 'space' : attributes.val === 'nothing' ? 'nothing' : 'tab';
      break;
    case 'w:isLgl':
      level.legal = isOn(attributes.val);
      break;
    case 'w:pStyle':
      if (attributes.val) level.styleId = attributes.val;
      break;
  }
}

/** Parse word/styles.xml: paragraph and numbering styles with their names, bases, numbering and outline level. */
export function parseStyles(xml: string): StyleSheet {
  const sheet: StyleSheet = { styles: new Map() };
  let style: StyleInfo | undefined;
  let depthInPPr = 0;
  scanXml(xml, {
    start(name, attributes) {
      if (name === 'w:style') {
        style = { id: attributes.styleId ?? '', type: attributes.type ?? 'paragraph', name: '' };
        if (style.type === 'paragraph' && isOn(attributes.default) && attributes.default !== undefined) {
          sheet.defaultParagraphStyle = style.id;
        }
        sheet.styles.set(style.id, style);
        return;
      }
      if (!style) return;
      if (name === 'w:pPr') depthInPPr++;
      else if (name === 'w:name') style.name = attributes.val ?? '';
      else if (name === 'w:basedOn') style.basedOn = attributes.val;
      else if (depthInPPr > 0 && name === 'w:numId') style.numId = attributes.val;
      else if (depthInPPr > 0 && name === 'w:ilvl') style.ilvl = clampLevel(intAttribute(attributes.val));
      else if (depthInPPr > 0 && name === 'w:outlineLvl') style.outlineLevel = intAttribute(attributes.val);
    },
    end(name) {
      if (name === 'w:style') style = undefined;
      else if (name === 'w:pPr') depthInPPr = Math.max(0, depthInPPr - 1);
    },
    text() {},
  });
  return sheet;
}

/** The styles from `styleId` up its w:basedOn chain (cycles and very long chains cut off). */
function styleChain(sheet: StyleSheet, styleId: string | undefined): StyleInfo[] {
  const chain: StyleInfo[] = [];
  let id = styleId ?? sheet.defaultParagraphStyle;
  while (id !== undefined && chain.length < 16) {
    const style = sheet.styles.get(id);
    if (!style || chain.includes(style)) break;
    chain.push(style);
    id = style.basedOn;
  }
  return chain;
}

/** What the paragraph style makes of a paragraph: a heading of some level, the title, a caption, or body text. */
export function styleRole(sheet: StyleSheet, styleId: string | undefined, outlineLevel?: number): StyleRole {
  if (outlineLevel !== undefined && outlineLevel >= 0 && outlineLevel < 9)
    return { kind: 'heading', level: outlineLevel + 1 };
  for (const style of styleChain(sheet, styleId)) {
    const name = style.name.trim().toLowerCase();
    const heading = /^heading\s*([1-9])$/.exec(name);
    if (heading) return { kind: 'heading', level: Number(heading[1]) };
    if (name === 'title') return { kind: 'title' };
    if (name === 'caption') return { kind: 'caption' };
    if (style.outlineLevel !== undefined) {
      if (style.outlineLevel >= 0 && style.outlineLevel < 9) return { kind: 'heading', level: style.outlineLevel + 1 };
      return { kind: 'body' };
    }
  }
  return { kind: 'body' };
}

/** The numbering a style gives its paragraphs (w:numPr in the style or a base style). */
export function styleNumbering(
  sheet: StyleSheet,
  styleId: string | undefined,
): { numId: string; ilvl?: number } | null {
  for (const style of styleChain(sheet, styleId)) {
    if (style.numId !== undefined)
      return style.ilvl === undefined ? { numId: style.numId } : { numId: style.numId, ilvl: style.ilvl };
  }
  return null;
}

/**
 * Replays Word's list counters in document order. Call `next` once per numbered paragraph, in order; it returns the
 * label the paragraph shows, or null when the numbering yields none (numId 0, an unknown list, numFmt none).
 */
export class NumberingCounters {
  private readonly counters = new Map<string, Array<number | undefined>>();

  /** Counters over `definitions`; `sheet` resolves numbering styles (w:numStyleLink) and level styles. */
  constructor(
    private readonly definitions: NumberingDefinitions,
    private readonly sheet: StyleSheet,
  ) {}

  /** Advance the list `numId` at level `ilvl` (or the level tied to `styleId`, else 0) and return its label. */
  next(numId: string, ilvl: number | undefined, styleId?: string): NumberingLabel | null {
    if (numId === '0' || numId === '') return null;
    const instance = this.definitions.instances.get(numId);
    if (!instance) return null;
    const resolved = this.resolveAbstract(instance.abstractId);
    if (!resolved) return null;
    const [abstractId, abstract] = resolved;
    let levelIndex = ilvl;
    if (levelIndex === undefined && styleId !== undefined) {
      for (const [index, level] of abstract.levels) if (level.styleId === styleId) levelIndex = index;
    }
    levelIndex = clampLevel(levelIndex) ?? 0;
    const levelOf = (index: number): NumberingLevel | undefined =>
      instance.overrides.get(index)?.level ?? abstract.levels.get(index);
    const startOf = (index: number): number => instance.overrides.get(index)?.start ?? levelOf(index)?.start ?? 0;
    const hasOwnCounters = [...instance.overrides.values()].some((override) => override.start !== undefined);
    const key = hasOwnCounters ? `num:${numId}` : `abstract:${abstractId}`;
    let values = this.counters.get(key);
    if (!values) {
      values = [];
      this.counters.set(key, values);
    }
    const current = values[levelIndex];
    values[levelIndex] = current === undefined ? startOf(levelIndex) : current + 1;
    // Deeper levels restart after this one unless their w:lvlRestart says otherwise (ECMA-376 §17.9.10).
    for (let deeper = levelIndex + 1; deeper <= MAX_LEVEL; deeper++) {
      const restart = levelOf(deeper)?.restart ?? deeper;
      if (restart !== 0 && levelIndex <= restart - 1) values[deeper] = undefined;
    }
    const level = levelOf(levelIndex);
    if (!level || level.text === null || level.format === 'none') return null;
    const bullet = level.format === 'bullet';
    let text: string;
    if (bullet) {
      text = bulletGlyph(level.text);
    } else {
      text = level.text.replace(/%([1-9])/g, (_whole, digit: string) => {
        const index = Number(digit) - 1;
        const value = values[index] ?? startOf(index);
        const format = level.legal ? 'decimal' : (levelOf(index)?.format ?? 'decimal');
        return formatNumber(value, format);
      });
    }
    text = text.trim();
    if (text === '') return null;
    const separator =
      level.suffix === 'nothing'
        ? ''
        : /[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\uFF00-\uFFEF]$/u.test(text)
          ? '\u3000'
          : ' ';
    return { text, separator, bullet };
  }

  /** Follow w:numStyleLink through the numbering style to the definition (and its id) that holds the levels. */
  private resolveAbstract(abstractId: string): [string, AbstractNumbering] | undefined {
    let id = abstractId;
    let abstract = this.definitions.abstracts.get(id);
    for (let hops = 0; abstract?.numStyleLink !== undefined && hops < 4; hops++) {
      const numId = this.sheet.styles.get(abstract.numStyleLink)?.numId;
      const instance = numId === undefined ? undefined : this.definitions.instances.get(numId);
      const linked = instance ? this.definitions.abstracts.get(instance.abstractId) : undefined;
      if (!instance || !linked || linked === abstract) break;
      id = instance.abstractId;
      abstract = linked;
    }
    return abstract ? [id, abstract] : undefined;
  }
}

/** A bullet's glyph: symbol-font code points (U+F0xx, Symbol and Wingdings) shown as `•`. */
function bulletGlyph(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '' || /[\uE000-\uF8FF]/.test(trimmed)) return '•';
  return trimmed;
}

const FULLWIDTH_DIGITS = '０１２３４５６７８９';
const KANJI_DIGITS = '〇一二三四五六七八九';
const LEGAL_DIGITS = '〇壱弐参四伍六七八九';
const AIUEO = 'アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン';
const IROHA = 'イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセスン';
const TRADITIONAL = '甲乙丙丁戊己庚辛壬癸';
const ZODIAC = '子丑寅卯辰巳午未申酉戌亥';
const CHICAGO = ['*', '†', '‡', '§'];
const CARDINALS = [
  'Zero',
  'One',
  'Two',
  'Three',
  'Four',
  'Five',
  'Six',
  'Seven',
  'Eight',
  'Nine',
  'Ten',
  'Eleven',
  'Twelve',
  'Thirteen',
  'Fourteen',
  'Fifteen',
  'Sixteen',
  'Seventeen',
  'Eighteen',
  'Nineteen',
];
const TENS = ['', '', 'Twenty', 'Thirty', 'Forty', 'Fifty', 'Sixty', 'Seventy', 'Eighty', 'Ninety'];
const ORDINAL_WORDS: Readonly<Record<string, string>> = {
  One: 'First',
  Two: 'Second',
  Three: 'Third',
  Five: 'Fifth',
  Eight: 'Eighth',
  Nine: 'Ninth',
  Twelve: 'Twelfth',
};

/** Format `value` in Word's number format `format` (w:numFmt); unknown formats fall back to decimal. */
export function formatNumber(value: number, format: string): string {
  const n = Math.trunc(value);
  switch (format) {
    case 'decimal':
    case 'decimalHalfWidth':
      return String(n);
    case 'decimalZero':
      return n >= 0 && n < 10 ? `0${n}` : String(n);
    case 'decimalFullWidth':
    case 'decimalFullWidth2':
      return String(n).replace(/[0-9]/g, (digit) => FULLWIDTH_DIGITS[Number(digit)] as string);
    case 'upperRoman':
      return n > 0 && n < 4000 ? roman(n) : String(n);
    case 'lowerRoman':
      return n > 0 && n < 4000 ? roman(n).toLowerCase() : String(n);
    case 'upperLetter':
      return n > 0 ? letters(n) : String(n);
    case 'lowerLetter':
      return n > 0 ? letters(n).toLowerCase() : String(n);
    case 'ordinal':
      return `${n}${ordinalSuffix(n)}`;
    case 'cardinalText':
      return n >= 0 && n < 10000 ? cardinal(n) : String(n);
    case 'ordinalText':
      return n > 0 && n < 10000 ? ordinalText(n) : String(n);
    case 'japaneseCounting':
    case 'chineseCounting':
    case 'chineseCountingThousand':
    case 'taiwaneseCounting':
    case 'taiwaneseCountingThousand':
      return n >= 0 && n < 100_000_000
        ? kanjiCounting(n, KANJI_DIGITS, ['', '十', '百', '千'], '万', false)
        : String(n);
    case 'japaneseLegal':
      return n >= 0 && n < 100_000_000 ? kanjiCounting(n, LEGAL_DIGITS, ['', '拾', '百', '阡'], '萬', true) : String(n);
    case 'japaneseDigitalTenThousand':
    case 'ideographDigital':
    case 'taiwaneseDigital':
      return n >= 0 ? String(n).replace(/[0-9]/g, (digit) => KANJI_DIGITS[Number(digit)] as string) : String(n);
    case 'aiueoFullWidth':
      return cycle(n, AIUEO);
    case 'aiueo':
      return toHalfWidthKatakana(cycle(n, AIUEO));
    case 'irohaFullWidth':
      return cycle(n, IROHA);
    case 'iroha':
      return toHalfWidthKatakana(cycle(n, IROHA));
    case 'ideographTraditional':
      return cycle(n, TRADITIONAL);
    case 'ideographZodiac':
      return cycle(n, ZODIAC);
    case 'decimalEnclosedCircle':
    case 'decimalEnclosedCircleChinese':
      return enclosedCircle(n);
    case 'decimalEnclosedParen':
      return n >= 1 && n <= 20 ? String.fromCodePoint(0x2474 + n - 1) : `(${n})`;
    case 'decimalEnclosedFullstop':
      return n >= 1 && n <= 20 ? String.fromCodePoint(0x2488 + n - 1) : `${n}.`;
    case 'chicago':
      return n > 0 ? (CHICAGO[(n - 1) % 4] as string).repeat(Math.floor((n - 1) / 4) + 1) : String(n);
    case 'none':
      return '';
    default:
      return String(n);
  }
}

function roman(n: number): string {
  const table: Array<[number, string]> = [
    [1000, 'M'],
    [900, 'CM'],
    [500, 'D'],
    [400, 'CD'],
    [100, 'C'],
    [90, 'XC'],
    [50, 'L'],
    [40, 'XL'],
    [10, 'X'],
    [9, 'IX'],
    [5, 'V'],
    [4, 'IV'],
    [1, 'I'],
  ];
  let out = '';
  let rest = n;
  for (const [value, symbol] of table) {
    while (rest >= value) {
      out += symbol;
      rest -= value;
    }
  }
  return out;
}

/** Word's letter numbering repeats the letter: A…Z, AA…ZZ, AAA… (not spreadsheet-style AB). */
function letters(n: number): string {
  const letter = String.fromCharCode(65 + ((n - 1) % 26));
  return letter.repeat(Math.min(Math.floor((n - 1) / 26) + 1, 100));
}

function ordinalSuffix(n: number): string {
  const lastTwo = Math.abs(n) % 100;
  if (lastTwo >= 11 && lastTwo <= 13) return 'th';
  return ['th', 'st', 'nd', 'rd'][Math.abs(n) % 10] ?? 'th';
}

function cardinal(n: number): string {
  if (n < 20) return CARDINALS[n] as string;
  if (n < 100) {
    const tens = TENS[Math.floor(n / 10)] as string;
    return n % 10 === 0 ? tens : `${tens}-${(CARDINALS[n % 10] as string).toLowerCase()}`;
  }
  if (n < 1000) {
    const rest = n % 100;
    const hundreds = `${CARDINALS[Math.floor(n / 100)] as string} Hundred`;
    return rest === 0 ? hundreds : `${hundreds} ${lowerFirst(cardinal(rest))}`;
  }
  const rest = n % 1000;
  const thousands = `${cardinal(Math.floor(n / 1000))} Thousand`;
  return rest === 0 ? thousands : `${thousands} ${lowerFirst(cardinal(rest))}`;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function ordinalText(n: number): string {
  const words = cardinal(n);
  const match = /([A-Za-z]+)$/.exec(words);
  const last = match?.[1] ?? '';
  const capitalised = last.charAt(0).toUpperCase() + last.slice(1);
  let ordinal = ORDINAL_WORDS[capitalised];
  if (ordinal === undefined)
    ordinal = capitalised.endsWith('y') ? `${capitalised.slice(0, -1)}ieth` : `${capitalised}th`;
  if (last !== capitalised) ordinal = ordinal.toLowerCase();
  return words.slice(0, words.length - last.length) + ordinal;
}

/** Kanji counting numerals (一, 十, 十一, 二十, 百五, 千, 一万…); `explicitOne` writes 壱拾 rather than 拾 (legal). */
function kanjiCounting(n: number, digits: string, units: string[], myriad: string, explicitOne: boolean): string {
  if (n === 0) return digits[0] as string;
  const group = (value: number): string => {
    let out = '';
    for (let position = 3; position >= 0; position--) {
      const digit = Math.floor(value / 10 ** position) % 10;
      if (digit === 0) continue;
      const showDigit = digit !== 1 || position === 0 || explicitOne;
      out += (showDigit ? (digits[digit] as string) : '') + (units[position] as string);
    }
    return out;
  };
  const high = Math.floor(n / 10000);
  const low = n % 10000;
  return (high > 0 ? group(high) + myriad : '') + (low > 0 ? group(low) : '');
}

function cycle(n: number, alphabet: string): string {
  if (n <= 0) return String(n);
  const characters = [...alphabet];
  return characters[(n - 1) % characters.length] as string;
}

function enclosedCircle(n: number): string {
  if (n >= 1 && n <= 20) return String.fromCodePoint(0x2460 + n - 1);
  if (n >= 21 && n <= 35) return String.fromCodePoint(0x3251 + n - 21);
  if (n >= 36 && n <= 50) return String.fromCodePoint(0x32b1 + n - 36);
  return String(n);
}

/** Full-width katakana to the half-width forms Word's `aiueo`/`iroha` formats use. */
function toHalfWidthKatakana(text: string): string {
  const full = 'アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲンヰヱ';
  const half = 'ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜｦﾝｲｴ';
  return [...text].map((character) => half[full.indexOf(character)] ?? character).join('');
}
