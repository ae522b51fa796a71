import type { Lang } from '../core/language.ts';
import { normalizeText } from './normalize-text.ts';

/**
 * Utterances that mean an emergency: a fall, cannot get up, chest pain, cannot breathe, a call for
 * help. The safety override uses these whatever the model scores, so they favour recall.
 */
const EMERGENCY: Record<Lang, RegExp[]> = {
  en: [
    /\b(i('ve| have)?|i'm|just|she|he|mum|mom|dad) ?(has |have )?(fallen|fell|slipped|tripped|collapsed)\b/,
    /\b(fallen|fell|slipped|tripped) (down|over)\b/,
    /\b(gone|went) (over|ower) on\b|\bkeeled over\b|\bwent ower\b/,
    /\b(cannae|canna|cant|can'?t) get (masel|mysel|myself) up\b/,
    /\b(cannae|canna|cant|can'?t|cannot) shift (myself|meself|masel|mysel)\b/,
    // "down on the bed" is a fall unless the person lies or sits down on it ("I'll lie down on the bed").
    /\b(stuck|wedged|trapped|(?<!\b(lie|lay|lying|laying|sit|sat|sitting) )down) (on|between|in|under|beside|against) (the )?(floor|bed|wall|bath|toilet|chair|wardrobe|dresser)\b/,
    /\bwedged\b|\b(can'?t|cant|cannot) shift\b/,
    /\b(i|i'?ve|i have|just) (went|gone|come) down\b/,
    /\b(can'?t|cant|cannot|cannae) get (myself|meself|mesel|masel|me) (back )?up\b/,
    /\b(slid|slipped|fell|rolled|tumbled) off (the |my )?(bed|chair|sofa|settee|toilet|stool)\b/,
    /\b(can'?t|cant|cannot) get out\b.*\b(bath|tub)\b|\b(bath|tub)\b.*\b(can'?t|cant|cannot) get out\b/,
    /\bcome a cropper\b|\bdone my hip\b|\btriple (zero|nine)\b|\b(ring|call|dial|phone) (the )?(999|911|000|112)\b/,
    /\b(somebody|someone|anybody|anyone) help\b|\bget (somebody|someone|help)\b/,
    /\b(i'?m|i am) (lying )?(on|down on) the (floor|ground|carpet|tiles|lino)\b/,
    /\bchest\b.*\b(standing on|sitting on|pressing|squeez|crush|tight|pressure|weight|heav|elephant)/,
    /\b(can'?t|cant|cannot) get (any )?(air|breath)\b|\bsucking through a straw\b/,
    /\bband (round|around|across) (my |me )?(ribs|chest)\b|\b(squeez|crush)\w*\b.*\b(ribs|chest)\b/,
    /\b(i'?m|i am) after (coming down|falling|going down|taking a fall)\b/,
    /\b(took|had) a (tumble|fall|nasty fall)\b/,
    /\b(can'?t|cannot) move (my )?(arm|legs?|hip|left side|right side)\b/,
    /\bon the (floor|ground)\b.*\b(can'?t|cannot|won'?t|unable)\b/,
    /\b(can'?t|cannot|unable to|not able to) (get|stand|pick myself) up\b/,
    /\b(can'?t|cannot) get (myself )?(up|off the floor)\b/,
    /\b(legs?|knees?) (won'?t|will not|gave way|gave out|buckled)\b/,
    /\bchest (pain|hurts|is (so )?tight|feels tight|is crushing)|pain in my chest|my chest\b.*\b(hurts|pain|tight|crushing|pressure)/,
    /\bheart attack\b/,
    /\b(can'?t|cant|cannot|cannae|struggling to|hard to|trouble) (breathe|breathing|catch (my|me) breath|get (my|me) breath)\b/,
    /\b(pressure|heaviness|weight|tightness|squeezing|crushing)\b.*\b(chest)\b|\bchest\b.*\b(pressure|heaviness|heavy|weight)\b/,
    /\b(short of breath|out of breath and|gasping|choking)\b/,
    /^(help|help me|somebody help|someone help)\b|\b(help me|call (an )?ambulance|call 911|call 999|call 112|emergency)\b/,
    /\bhelp!|\bplease help\b/,
    /\bi'?m (bleeding|hurt bad|badly hurt)\b/,
    /\b(having|had|think it'?s) a stroke\b|\bface (is |feels )?(numb|drooping|droopy)\b/,
    /\bget (me )?a doctor\b|\b(call|fetch|get) (a|the) (doctor|paramedics?) (now|quick|quickly|right now|urgently)\b/,
  ],
  ko: [
    /넘어졌|넘어져|자빠졌|미끄러졌|미끄러져|쓰러졌|쓰러져|주저앉|엎어졌|엎어져|고꾸라/,
    /(못|몬|안) ?일어나|일어날 ?수(가)? ?없|일어설 ?수(가)? ?없|(못|몬) ?일어서|일어(서|사)(지|들|질)? ?(못|몬)/,
    /미끄러(젼|졍|졌|져)|돌덩이|(명치|가슴).*(무겁|얹)|왼팔이 ?저려/,
    /다리에 ?힘이 ?(안|하나도)|(다리|팔)(가|이)? ?(안 ?움직|말을 ?안)/,
    /일으켜 ?(줘|주|다오|주오|주세요|주이소)|일바시|일바씨/,
    /꼼짝(을|도)? ?(못|몬|안)|바닥.*(못 ?움직|안 ?움직|꼼짝|차가워|못 ?일어)/,
    /(가슴|가스미)(이|팍|에|을)?.*(아파|아프|조여|조이|답답|쥐어짜|터질|누르|돌을|돌덩이|얹|벌렁)|가슴 ?통증|심장이.*(아파|조여)/,
    /숨(을|이|도)? ?(잘 ?)?(못|안|몬) ?쉬|숨이 (막|차서|안 쉬어|턱)|숨쉬기(가)? (힘들|어려)|호흡이 (곤란|안)/,
    /살려 ?(줘|주|다오|주이소|주세요)|사람 ?살려|도와 ?줘|도와 ?주세요|사람 ?(좀)? ?불러|누구 ?(좀)? ?불러|구급차|119 ?(불러|좀|에|를|부르|전화)/,
    /피가 (많이|나|안 멈)/,
    /굴러 ?떨어|(침대|계단|의자|변기|사다리)에서 ?(떨어졌|떨어져|굴렀)/,
    /쓰러질 ?것 ?같|정신을 ?잃|기절할 ?것|(아이고|아이구|아이쿠) ?(나 ?)?죽(네|겠네|는다)/,
    /(와 ?봐|와 ?줘|와 ?주세요).*큰일|큰일.*(와 ?봐|와 ?줘|와 ?주세요)/,
  ],
};

/** True when the utterance means an emergency (English and Korean patterns are both tried). */
export function isEmergencyUtterance(text: string): boolean {
  const normalized = normalizeText(text);
  return EMERGENCY.en.some((p) => p.test(normalized)) || EMERGENCY.ko.some((p) => p.test(normalized));
}
