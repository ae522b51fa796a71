import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import { RegexpTokenizer } from 'natural/lib/natural/tokenizers/regexp_tokenizer.js';
import { normalizeText } from '../nlu/normalize-text.ts';

const tokenizer = new RegexpTokenizer({ pattern: /[^\p{L}\p{N}']+/u });
const HANGUL = /[\uac00-\ud7af]/u;

const CONTRACTIONS: Array<[RegExp, string]> = [
  [/\bcan't\b/g, 'can not'],
  [/\bwon't\b/g, 'will not'],
  [/n't\b/g, ' not'],
  [/'m\b/g, ' am'],
  [/'re\b/g, ' are'],
  [/'ve\b/g, ' have'],
  [/'ll\b/g, ' will'],
  [/'d\b/g, ' would'],
  [/'s\b/g, ''],
];

/** Korean particles and endings stripped from an eojeol, longest first (natural has no Korean stemmer). */
const KO_SUFFIXES = [
  '이에요',
  '예요',
  '에서는',
  '에게서',
  '한테서',
  '으로는',
  '이라고',
  '라고',
  '에서',
  '에게',
  '한테',
  '까지',
  '부터',
  '으로',
  '처럼',
  '보다',
  '이랑',
  '하고',
  '이야',
  '이요',
  '은',
  '는',
  '이',
  '가',
  '을',
  '를',
  '에',
  '께',
  '로',
  '와',
  '과',
  '도',
  '만',
  '의',
  '요',
  '야',
  '랑',
].sort((a, b) => b.length - a.length);

/** Strips one particle or ending from a Korean word when something is left. */
export function stripKoreanParticle(word: string): string {
  for (const suffix of KO_SUFFIXES) {
    if (word.length > suffix.length && word.endsWith(suffix)) return word.slice(0, -suffix.length);
  }
  return word;
}

/**
 * Words longer than this are not stemmed: natural's Porter stemmer takes time quadratic in the
 * word's length (a 200,000-letter "word" took a minute), and no vocabulary holds such a word anyway.
 */
export const MAX_STEMMED_CHARS = 64;

/** English tokens: contractions expanded, natural's regexp tokenizer, Porter stems. */
export function englishStems(text: string): string[] {
  let t = text;
  for (const [pattern, replacement] of CONTRACTIONS) t = t.replace(pattern, replacement);
  return tokenizer
    .tokenize(t)
    .map((w) => w.replace(/'/g, ''))
    .filter((w) => w.length > 0)
    .map((w) => (/^\d+$/.test(w) ? '<num>' : w.length > MAX_STEMMED_CHARS ? w : PorterStemmer.stem(w)));
}

/**
 * The sparse text features of an utterance, as strings: English stems and stem bigrams
 * (`w:`, `b:`); Korean words without particles (`k:`), and syllable unigrams and bigrams over the
 * text with spaces removed (`u:`, `c:`), which survive ASR spacing and unknown endings.
 * Mixed text gets both. Unknown words never break anything: they are just features.
 */
export function textFeatures(text: string): string[] {
  const normalized = normalizeText(text);
  const features = new Set<string>();
  const words = tokenizer.tokenize(normalized).filter((w) => w.length > 0);
  const latin = words.filter((w) => !HANGUL.test(w)).join(' ');
  const stems = englishStems(latin);
  stems.forEach((stem, i) => {
    features.add(`w:${stem}`);
    const next = stems[i + 1];
    if (next !== undefined) features.add(`b:${stem}_${next}`);
  });
  const korean = words.filter((w) => HANGUL.test(w));
  for (const word of korean) {
    features.add(`k:${stripKoreanParticle(word)}`);
  }
  const syllables = [...korean.join('')].filter((ch) => HANGUL.test(ch));
  syllables.forEach((s, i) => {
    features.add(`u:${s}`);
    const next = syllables[i + 1];
    if (next !== undefined) features.add(`c:${s}${next}`);
  });
  if (features.size === 0) features.add(normalized.length === 0 ? '<empty>' : '<nonword>');
  return [...features];
}
