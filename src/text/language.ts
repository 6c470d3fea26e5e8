/**
 * Which language a text reads as, as far as the readers that depend on it need to know: the fact readers count
 * English quantities only in English editions, and the shift labeller applies its English lexicon only to them. A
 * test of function words, not a language model: enough to tell English from German, French or Spanish prose, which
 * share none of these words.
 */

const ENGLISH_FUNCTION_WORD = /\b(?:the|of|and|is|are|were|has|have|with|that|which)\b/i;
/** Function words of German, French and Spanish that English prose does not use (or, as "die", seldom). */
const OTHER_FUNCTION_WORD =
  /(?<![\p{L}\p{N}])(?:der|die|das|und|ist|nicht|von|zu|dem|den|mit|sich|auf|für|wird|werden|le|la|les|et|est|du|une|dans|qui|pour|pas|sont|el|los|las|y|es|por|con|para|una|del|que)(?![\p{L}\p{N}])/iu;
const LATIN_WORD = /[A-Za-z]{3}/;
const JAPANESE_SCRIPT = /[\u3040-\u30ff\u3400-\u9fff]/;

/** Whether a sentence holds Japanese script (kana or kanji). */
export function hasJapanese(text: string): boolean {
  return JAPANESE_SCRIPT.test(text);
}

/** Whether a sentence reads as English: it holds one of the commonest English function words. */
export function looksEnglish(text: string): boolean {
  return ENGLISH_FUNCTION_WORD.test(text);
}

/**
 * How many of some sentences are in Latin script (not Japanese), how many of those read as English, and — when
 * `others` — how many hold a German, French or Spanish function word.
 */
function latinCounts(sentences: Iterable<string>, others: boolean): { latin: number; english: number; other: number } {
  let latin = 0;
  let english = 0;
  let other = 0;
  for (const sentence of sentences) {
    if (!LATIN_WORD.test(sentence) || hasJapanese(sentence)) continue;
    latin++;
    if (looksEnglish(sentence)) english++;
    if (others && OTHER_FUNCTION_WORD.test(sentence)) other++;
  }
  return { latin, english, other };
}

/** Whether an edition reads as English: at least a third of its Latin-script sentences hold an English function word. */
export function readsAsEnglish(sentences: Iterable<string>): boolean {
  const { latin, english } = latinCounts(sentences, false);
  return latin > 0 && english * 3 >= latin;
}

/**
 * Whether an edition's Latin-script text is in another language than English (a German statute, the French Code
 * civil): positive evidence only — at least a third of its Latin-script sentences hold a German, French or Spanish
 * function word, and those outnumber the sentences that read as English two to one. A short English text without
 * function words ("Japan urges North Korea to comply fully.") is not, nor is a Japanese edition, whose few
 * Latin-script runs are names and acronyms.
 */
export function readsAsOtherLatinLanguage(sentences: Iterable<string>): boolean {
  const { latin, english, other } = latinCounts(sentences, true);
  return latin > 0 && other * 3 >= latin && other > 2 * english;
}
