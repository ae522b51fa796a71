import type { Lang } from '../core/language.ts';

const EN_SWAPS: Record<string, string> = {
  i: 'you',
  "i'm": "you're",
  im: "you're",
  "i've": "you've",
  "i'd": "you'd",
  "i'll": "you'll",
  me: 'you',
  my: 'your',
  mine: 'yours',
  myself: 'yourself',
  we: 'you',
  "we're": "you're",
  "we've": "you've",
  us: 'you',
  our: 'your',
  ours: 'yours',
  am: 'are',
  was: 'were',
};
const COMMON_FIRST_WORDS =
  /^(the|a|an|it|it's|its|this|that|these|there|they|they're|he|he's|she|she's|his|her|their|and|but|so|just|got|going|been|had|have|has|is|was|on|in|at|next|last|every|some|all|my|our|your)$/i;
const KO_LEADING_FILLER =
  /^((안녕하세요|안녕|아이고|아이구|글쎄|그게|그러니까|근데|뭐|어|응|그래|음+|야)[,.!\s]+)+/u;
const LEADING_FILLER =
  /^((good )?(morning|afternoon|evening)|hello|hiya|hi|hey|oh|well|and|so|ah|um+|er+|yes|yeah|mm+|you know|anyway|ha|love|dear|pet|pal|mate)[,.!\s]+/i;

/**
 * Turns what the user said into a clause the robot can recall with `{memory}`:
 * en "Our Gary's taking me up the allotment Sunday." → "your Gary's taking you up the allotment Sunday";
 * ko quotes the words: "민지가 토요일에 온대요" → `"민지가 토요일에 온대요"라고`.
 */
export function phraseFact(text: string, lang: Lang): string {
  const trimmed = text.trim().replace(/[.!?…~]+$/u, '');
  if (lang === 'ko') return `"${trimmed.replace(KO_LEADING_FILLER, '')}"라고`;
  let clause = trimmed;
  for (let i = 0; i < 4; i++) clause = clause.replace(LEADING_FILLER, '');
  const swapped = clause.replace(/[A-Za-z']+/g, (word) => {
    const swap = EN_SWAPS[word.toLowerCase()];
    return swap ?? word;
  });
  // Lower-case the first word mid-sentence unless it is a name ("Tom is coming" stays).
  const first = /^[A-Za-z']+/.exec(swapped)?.[0] ?? '';
  return COMMON_FIRST_WORDS.test(first) ? swapped.charAt(0).toLowerCase() + swapped.slice(1) : swapped;
}
