import { normalizeText } from './normalize-text.ts';

/**
 * Lexical cues in English and Korean that generalise beyond the training phrasing (Hybrid Code
 * Networks' hand-made features): people, plans and times, hobbies, ongoing health, feelings,
 * tiredness, pain, exercise in progress, questions. Each is one 0/1 feature for the model.
 */
export const CUES: ReadonlyArray<[string, RegExp]> = [
  [
    'family',
    /\b(son|daughter|grand(son|daughter|kids?|child(ren)?|ma|pa)|nephew|niece|sister|brother|husband|wife|mum|mom|mam|dad|cousin|in-law|family|kids|boy|lad|girl|our [a-z]+)\b|아들|딸|손주|손자|손녀|며느리|사위|영감|할멈|남편|아내|마누라|언니|오빠|형님|누나|동생|자식|조카|식구|가족/,
  ],
  [
    'friend',
    /\b(friend|neighbou?r|pal|mate|vicar|pastor|priest|nurse|carer|doctor)\b|친구|이웃|동네|목사|스님|간호사|요양보호사|선생님/,
  ],
  [
    'pet',
    /\b(dog|cat|puppy|kitten|budgie|parrot|bird|fish|pup|moggy)\b|강아지|고양이|멍멍이|야옹이|새끼|복실|바둑이/,
  ],
  [
    'future',
    /\b(today|tomorrow|tonight|next|this (week|weekend|month|year|afternoon|evening)|weekend|monday|tuesday|wednesday|thursday|friday|saturday|sunday|christmas|easter|birthday|later|soon|o'?clock|in the morning)\b|내일|모레|다음 ?주|이번 ?주|주말|월요일|화요일|수요일|목요일|금요일|토요일|일요일|생일|설날|추석|명절|다음 ?달|이따|나중에/,
  ],
  [
    'plan',
    /\b(visit|visiting|coming|come (round|over|up|down)|taking me|going to|gonna|trip|holiday|wedding|party|appointment|check-?up|dentist|hospital|clinic|surgery|operation|outing|concert|match|service|mass|christening|funeral)\b|온대|온다|오기로|온다고|갈 거|가기로|간대|간다|예약|병원|결혼|잔치|여행|모임|검진|수술|나들이|놀러/,
  ],
  [
    'hobby',
    /\b(love|loved|enjoy|enjoyed|like to|used to|hobby|garden(ing)?|allotment|knit(ting)?|paint(ing)?|bak(e|ing)|fishing|golf|bowls|choir|crossword|bridge|puzzle|sew(ing)?|dancing|read(ing)?|bingo|cards|chess)\b|좋아해|좋아하|취미|텃밭|뜨개|그림|낚시|바둑|장기|화투|노래|등산|트로트|춤|농사|꽃/,
  ],
  [
    'ongoing',
    /\b(for (weeks|months|days|ages|years)|since|all week|keeps|always|chronic|arthritis|diabetes|again this|every (day|night|morning))\b|몇 ?주|몇 ?달|계속|요즘|요새|당뇨|관절|디스크|맨날|날마다/,
  ],
  [
    'positive',
    /\b(happy|glad|great|wonderful|lovely|delighted|thrilled|proud|excited|brilliant|fantastic|champion|marvell?ous|can'?t wait|good news|won|passed|grand|smashing|best|beautiful|amazing|bless)\b|!|좋아|좋다|좋네|좋았|기쁘|기뻐|신나|행복|자랑|최고|설레|잘됐|합격|이겼|고마운|반갑|ㅎㅎ|ㅋㅋ/,
  ],
  [
    'negative',
    /\b(sad|lonely|alone|miss|missing|cry|crying|cried|upset|down|blue|worried|worry|anxious|grief|lost|gone|passed|empty|quiet|nobody|no one|nervous)\b|슬프|슬퍼|외롭|외로|보고 ?싶|울었|울고|섭섭|서운|걱정|우울|허전|쓸쓸|혼자|적적/,
  ],
  [
    'tired',
    /\b(tired|exhausted|worn out|shattered|knackered|sleepy|no sleep|awake all night|bet|done in|weary|drained|wiped|couldn'?t sleep|didn'?t sleep|wink)\b|피곤|졸려|졸리|못 ?잤|잠을|지치|기운이|힘이 없|나른/,
  ],
  [
    'pain',
    /\b(hurt|hurts|ache|aches|aching|sore|pain|throb|throbbing|sting|stiff|dizzy|woozy|sick|nausea|headache|killing me|twinge|swollen|itch)\b|아프|아파|쑤|결리|저리|어지|메스|뻐근|욱신|따끔|부었/,
  ],
  [
    'doing',
    /\b(trying|can'?t get|done|finished|one more|how many|again|this one|reach|stretch|lift|squeeze|bend|raise|lower|hold|push|pull|reps?|there we go|got it)\b|하나|둘|셋|한 ?번 ?더|다 ?했|해 ?볼게|안 ?되네|힘드네|올려|내려|들어|구부|펴|몇 ?번/,
  ],
  [
    'question',
    /\?|\b(what|when|which|who|where|how|is it|do you|can you|could you|will you|shall)\b|까\s*$|니\s*$|나요|냐\s*$|가요\s*$|어때|뭐야|언제|몇/,
  ],
];

/** Which cues the text shows, in CUES order (0/1). */
export function cueVector(text: string): number[] {
  const normalized = normalizeText(text);
  const raw = text.trim();
  const cues = CUES.map(([, p]) => Number(p.test(normalized)));
  // A capitalised word after the first is likely a name (English only; ASR text loses this).
  cues.push(Number(/\s[A-Z][a-z]{2,}/.test(raw.replace(/\bI\b/g, 'i'))));
  return cues;
}

/** Number of values cueVector returns. */
export const CUE_COUNT = CUES.length + 1;
