import type { Lang } from '../core/language.ts';
import type { MemoryFactKind } from '../core/memory-fact.ts';

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

/** Fact kinds by English word stems (at word starts) and Korean stems, tried in this order. */
const FACT_KINDS: Array<[MemoryFactKind, string, string]> = [
  [
    'appointment',
    'appointment|doctor|dentist|clinic|hospital|check-?up|surgery|optician',
    '예약|병원|진료|검진|치과|한의원',
  ],
  [
    'visit',
    'visit|coming (over|round|to see)|come (over|round|to see)|staying with',
    '온다|와요|온대|오기로|놀러|찾아오|방문',
  ],
  [
    'health',
    'pain|ach(e|ing)|hurt|sore|sleep|tired|dizzy|cough|cold\\b|blood pressure|sugar',
    '아파|아프|쑤시|쑤셔|결려|잠을|어지러|기침|감기|혈압|당뇨',
  ],
  [
    'hobby',
    'garden|knit|sew|paint|bak|cook|crossword|puzzle|choir|sing|church|bingo|bowls|walk|fish|read|bridge',
    '텃밭|뜨개|그림|노래|교회|성당|산책|낚시|화투|바둑|요리|책',
  ],
  [
    'person',
    'grand(son|daughter|child|kid)|son\\b|daughter|sister|brother|husband|wife|friend|neighbou?r|niece|nephew',
    '손자|손녀|아들|딸|언니|누나|오빠|형|동생|남편|아내|친구|이웃|조카',
  ],
];
const KIND_PATTERNS = FACT_KINDS.map(
  ([kind, en, ko]) => [kind, new RegExp(`\\b(${en})|${ko}`, 'iu')] as const,
);

/** What kind of fact an utterance tells (the first match in order: appointments before visits before people). */
export function factKind(text: string): MemoryFactKind {
  return KIND_PATTERNS.find(([, pattern]) => pattern.test(text))?.[0] ?? 'other';
}
