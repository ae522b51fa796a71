import type { ActionId } from '../core/care-action.ts';
import { normalizeText } from './normalize-text.ts';

/**
 * Keyword patterns per action, English and Korean. They drive the rule-based baseline policy
 * (and features a model may use); they are deliberately simple and are not the model.
 */
export const INTENT_PATTERNS: ReadonlyArray<[ActionId, RegExp]> = [
  [
    'say_goodnight',
    /\b(good ?night|night night|off to bed|going to (bed|sleep)|time for bed|turn in)\b|잘게|잘자|잘 자|주무|자러|잠자리|굿나잇/,
  ],
  [
    'farewell',
    /\b(good ?bye|bye|see you|i'?m (off|leaving|going out)|gotta go|take care)\b|안녕히 (계세요|가세요)|갈게|다녀올게|나갔다 올게|가볼게|잘 있어/,
  ],
  ['respond_thanks', /\b(thank|thanks|ta|cheers|appreciate)\b|고마워|고맙|감사/],
  ['introduce_self', /\bwho are you\b|\bwhat are you\b|\byour name\b|너 누구|누구(야|세요|니)|이름이 뭐/],
  ['tell_time', /\bwhat time\b|\bthe time\b|\bwhat'?s the time\b|몇 ?시/],
  ['tell_date', /\bwhat (day|date)\b|\btoday'?s date\b|\bwhich day\b|며칠|무슨 요일|몇 ?월|날짜/],
  [
    'call_family',
    /\b(call|ring|phone|contact|video ?call) (my|her|him|the)\b|\bcan you (call|ring)\b|전화(해|좀|걸)|연락(해|좀)/,
  ],
  [
    'confirm_medication',
    /\b(took|taken|had) (my|the)? ?(pills?|meds?|medicine|medication|tablets?)\b|약 (먹었|먹었어|챙겨 먹었|복용했)|약을 먹었/,
  ],
  [
    'remind_medication',
    /\b(time for|take) (my )?(pills?|meds?|medicine|medication|tablets?)\b|\bmedicine\b.*\?|약 (먹을|먹어야|시간)|약 먹을 때/,
  ],
  [
    'suggest_rest',
    /\b(tired|exhausted|worn out|sleepy|didn'?t sleep|couldn'?t sleep|no sleep|knackered|weary)\b|피곤|졸려|잠을 (못|설)|못 잤|기운이 없/,
  ],
  [
    'ask_pain_details',
    /\b(hurts?|aches?|aching|pain|sore|headache|dizzy|sick|nauseous|unwell|stomach)\b|아파|아프|쑤셔|쑤시|어지러|메스꺼|결려|두통|배탈/,
  ],
  [
    'comfort',
    /\b(sad|lonely|alone|miss (him|her|them)|crying|cried|depressed|worried|worry|down today|grief|passed away|died)\b|슬퍼|슬프|외로|쓸쓸|보고 싶|걱정|우울|눈물|서글/,
  ],
  [
    'reassure',
    /\b(scared|frightened|afraid|panic|terrified|nervous|don'?t leave me)\b|무서|겁나|두려|불안|떨려/,
  ],
  [
    'encourage',
    /\b(trying to|hard to|struggling|can'?t quite|this (stretch|exercise)|doing my exercises)\b|힘들어|어렵네|하고 있어|운동 (하는 중|중)/,
  ],
  [
    'suggest_exercise',
    /\b(bored|restless|nothing to do|what (should|can|shall) i do)\b|심심|지루|할 게 없|뭐 하지|뭐 할까/,
  ],
  [
    'share_joy',
    /\b(great|wonderful|happy|lovely|good news|feel(ing)? (good|better|fine)|excited|glad)\b|좋아|기뻐|행복|신나|기분이 좋|잘 지내/,
  ],
  ['greet', /\b(hello|hi|hey|good (morning|afternoon|evening)|morning)\b|안녕|반가워|좋은 아침/],
];

/** Actions whose patterns match the utterance, in table order (most specific first). */
export function matchIntents(text: string): ActionId[] {
  const normalized = normalizeText(text);
  return INTENT_PATTERNS.filter(([, pattern]) => pattern.test(normalized)).map(([id]) => id);
}
