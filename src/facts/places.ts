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

const PLACE_OF = new Map(NAMES);
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const LATIN_PATTERN = new RegExp(
  `(?<![A-Za-z.])(?:${NAMES.filter(([name]) => /^[A-Za-z]/.test(name))
    .map(([name]) => escapeRegExp(name))
    .join('|')})(?![A-Za-z]|\\.[A-Za-z])`,
  'g',
);
const JAPANESE_PATTERN = new RegExp(
  NAMES.filter(([name]) => !/^[A-Za-z]/.test(name))
    .map(([name]) => escapeRegExp(name))
    .join('|'),
  'g',
);

/** The English name of a place the gazetteer knows under `name`, or undefined. */
export function placeNamed(name: string): string | undefined {
  return PLACE_OF.get(name);
}

/** The countries and regions named in one sentence. */
export function findPlaces(text: string, japanese: boolean): Candidate[] {
  const found: Candidate[] = [];
  for (const pattern of japanese ? [LATIN_PATTERN, JAPANESE_PATTERN] : [LATIN_PATTERN]) {
    for (const match of text.matchAll(pattern)) {
      const place = PLACE_OF.get(match[0]) as string;
      const start = match.index;
      found.push({ kind: 'place', start, end: start + match[0].length, key: place, label: match[0] });
    }
  }
  return found;
}
