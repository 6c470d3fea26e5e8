/**
 * Countries and regions: a small gazetteer of English names, their common variants and adjectives ("Australian"
 * → Australia), and Japanese names. The key of a place is its English name. The list favours the names official
 * texts on security, trade and development use; a place it lacks is simply not a fact.
 */
import type { Candidate } from './candidate.js';

/** One place per line: English name | variants and adjectives | Japanese names (all after the first optional). */
const GAZETTEER = `
Japan|Japanese|日本|我が国
United States|U.S.|US|USA|United States of America|American|米国|アメリカ合衆国|アメリカ
China|People's Republic of China|Chinese|中国|中華人民共和国
Taiwan|Taiwanese|台湾
North Korea|Democratic People's Republic of Korea|DPRK|North Korean|北朝鮮
South Korea|Republic of Korea|ROK|South Korean|韓国|大韓民国
Russia|Russian Federation|Russian|ロシア
Australia|Australian|オーストラリア|豪州
New Zealand|ニュージーランド
India|Indian|インド
Indonesia|Indonesian|インドネシア
Philippines|Philippine|Filipino|フィリピン
Viet Nam|Vietnam|Vietnamese|ベトナム
Thailand|Thai|タイ
Malaysia|Malaysian|マレーシア
Singapore|シンガポール
Myanmar|ミャンマー
Cambodia|カンボジア
Laos|Lao PDR|ラオス
Mongolia|モンゴル
Pakistan|パキスタン
Afghanistan|アフガニスタン
Iran|Iranian|イラン
Iraq|Iraqi|イラク
Syria|Syrian|シリア
Israel|Israeli|イスラエル
Palestine|Palestinian|パレスチナ
Egypt|Egyptian|エジプト
Saudi Arabia|サウジアラビア
Turkey|Türkiye|トルコ
Ukraine|Ukrainian|ウクライナ
United Kingdom|UK|U.K.|Britain|British|英国|イギリス
France|French|フランス
Germany|German|ドイツ
Italy|Italian|イタリア
Spain|スペイン
Canada|Canadian|カナダ
Mexico|メキシコ
Brazil|ブラジル
South Sudan|南スーダン
Sudan|スーダン
Djibouti|ジブチ
Somalia|ソマリア
Kenya|ケニア
South Africa|南アフリカ
Nigeria|ナイジェリア
Asia|アジア
Asia-Pacific|Asia Pacific|アジア太平洋
Indo-Pacific|インド太平洋
Middle East|中東
Europe|European|欧州|ヨーロッパ
Africa|African|アフリカ
Latin America|Central and South America|Central and South American|中南米
Southeast Asia|東南アジア
East Asia|東アジア
Korean Peninsula|朝鮮半島
Sinai Peninsula|シナイ半島
South China Sea|南シナ海
East China Sea|東シナ海
Sea of Japan|日本海
Gulf of Aden|アデン湾
Arctic|北極
`;

/** Every name of the gazetteer with the place it names, longest first so "South Sudan" wins over "Sudan". */
const NAMES: ReadonlyArray<[string, string]> = GAZETTEER.trim()
  .split('\n')
  .flatMap((line) => {
    const names = line.split('|');
    const place = names[0] as string;
    return names.map((name): [string, string] => [name, place]);
  })
  .sort((a, b) => b[0].length - a[0].length);

/** Every name of the gazetteer, longest first (its order of precedence where names overlap). */
export const PLACE_NAMES: readonly string[] = NAMES.map(([name]) => name);

const PLACE_OF = new Map(NAMES);
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The Latin-script names by their first character (an ASCII letter), each list in NAMES order (longest first). */
const LATIN_BY_FIRST: Array<string[] | undefined> = new Array(0x80).fill(undefined);
for (const [name] of NAMES) {
  if (!/^[A-Za-z]/.test(name)) continue;
  const first = name.charCodeAt(0);
  const list = LATIN_BY_FIRST[first];
  if (list) list.push(name);
  else LATIN_BY_FIRST[first] = [name];
}
/**
 * Any character a Latin-script name starts with (a class of the first characters LATIN_BY_FIRST holds): `latinPlaces`
 * jumps from one to the next with it, natively, instead of looking at every character of every sentence in the
 * interpreter. `test` with the global flag leaves `lastIndex` just after the character found.
 */
const LATIN_FIRST = new RegExp(
  `[${LATIN_BY_FIRST.map((names, code) => (names === undefined ? '' : String.fromCharCode(code))).join('')}]`,
  'g',
);
const JAPANESE_PATTERN = new RegExp(
  NAMES.filter(([name]) => !/^[A-Za-z]/.test(name))
    .map(([name]) => escapeRegExp(name))
    .join('|'),
  'g',
);

/** Whether a UTF-16 code unit is an ASCII letter. */
function isAsciiLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

/**
 * The Latin-script names in a text, as a global match of `(?<![A-Za-z.])(?:name|…)(?![A-Za-z]|\.[A-Za-z])` with the
 * names longest first would find them: at each position not after a letter or a dot, the first name (longest first)
 * written there and not followed by a letter or by a dot and a letter; the search goes on after it. Scanned by hand: the
 * alternation of 110 names behind a lookbehind was tried at every character of every sentence, most of the readers'
 * cost on a long code, while a name can only start at one of the few capitals (each starts with one).
 */
function latinPlaces(text: string, found: Candidate[]): void {
  const length = text.length;
  // Each turn starts at the next character a name may start with (or stops when there is none).
  for (let at = 0; at < length; at++) {
    LATIN_FIRST.lastIndex = at;
    if (!LATIN_FIRST.test(text)) break;
    at = LATIN_FIRST.lastIndex - 1;
    const code = text.charCodeAt(at);
    const names = code < 0x80 ? LATIN_BY_FIRST[code] : undefined;
    if (names === undefined) continue;
    if (at > 0) {
      const before = text.charCodeAt(at - 1);
      if (isAsciiLetter(before) || before === 0x2e) continue;
    }
    // Indexed: runs at every capital of every sentence, cold (for…of allocates an iterator result per step).
    for (let n = 0; n < names.length; n++) {
      const name = names[n] as string;
      if (!text.startsWith(name, at)) continue;
      const end = at + name.length;
      const next = end < length ? text.charCodeAt(end) : -1;
      if (isAsciiLetter(next) || (next === 0x2e && end + 1 < length && isAsciiLetter(text.charCodeAt(end + 1))))
        continue;
      found.push({ kind: 'place', start: at, end, key: PLACE_OF.get(name) as string, label: name });
      at = end - 1;
      break;
    }
  }
}

/** The English name of a place the gazetteer knows under `name`, or undefined. */
export function placeNamed(name: string): string | undefined {
  return PLACE_OF.get(name);
}

/** The countries and regions named in one sentence. */
export function findPlaces(text: string, japanese: boolean): Candidate[] {
  const found: Candidate[] = [];
  latinPlaces(text, found);
  if (japanese) {
    for (const match of text.matchAll(JAPANESE_PATTERN)) {
      const place = PLACE_OF.get(match[0]) as string;
      const start = match.index;
      found.push({ kind: 'place', start, end: start + match[0].length, key: place, label: match[0] });
    }
  }
  return found;
}
