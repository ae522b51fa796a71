import type { Lang } from '../core/language.ts';
import { foldText, normalizeText } from './normalize-text.ts';

/**
 * Utterances that mean an emergency: a fall, cannot get up, chest pain, cannot breathe, a call for
 * help. The safety override uses these whatever the model scores, so they favour recall.
 */
/** Someone with the user, as a spouse or carer names them: "she's not moving", "Dad won't wake up". */
const PERSON = 'she|he|mum|mom|mam|dad|wife|husband|gran|grandad|grandma|grandpa|mother|father';

const EMERGENCY: Record<Lang, RegExp[]> = {
  en: [
    /\b(i('ve| have)?|i'm|just|she|he|mum|mom|dad) ?(has |have )?(fallen|fell|slipped|tripped|collapsed)\b/,
    /\b(fallen|fell|slipped|tripped) (down|over)\b/,
    /\b(gone|went) (over|ower) on\b|\bkeeled over\b|\bwent ower\b/,
    /\b(cannae|canna|cant|can'?t) get (masel|mysel|myself) up\b/,
    /\b(can'?t|cannot) seem to get (myself )?up\b|\b(been|lying|stuck) on the (\w+ )?(floor|ground)\b|\b(floor|fallen|fell)\W+help\b/,
    /\b(not|won'?t|doesn'?t|isn'?t) open(ing)? (her|his|their) eyes\b|\bstuck in (her|his|my|me|their) throat\b|\bches+t? pa(in|ne|ins)\b/,
    /\b(call|ring|get|fetch) (someone|somebody|anyone|anybody)( now| quick| please)?[.! ]*$/,
    /\b(cannae|canna|cant|can'?t|cannot) shift (myself|meself|masel|mysel)\b/,
    // "down on the bed" is a fall unless the person lies or sits down on it ("I'll lie down on the bed").
    /\b(stuck|wedged|trapped|(?<!\b(lie|lay|lying|laying|sit|sat|sitting) )down) (on|between|in|under|beside|against) (the )?(floor|bed|wall|bath|toilet|chair|wardrobe|dresser)\b/,
    /\bwedged\b|\b(can'?t|cant|cannot) shift\b/,
    /\bout cold\b|\b(not|won'?t) (coming|come) round\b|\blips (are )?(going|gone|turning) blue\b|\b(she|he) nah move\b|\b(call|ring|dial) (nine one one|nine nine nine|triple nine|one one two)\b/,
    /\b(can'?t|cannot|cannae) get (himself|herself|themselves)( back)? up\b|\bchest\b[^.!?]*\b(in|like) a vice\b/,
    /\b(i|i'?ve|i have|just) (went|gone|come) down\b/,
    /\b(can'?t|cant|cannot|cannae) get (myself|meself|mesel|masel|me) (back )?up\b/,
    /\b(slid|slipped|fell|rolled|tumbled) off (the |my )?(bed|chair|sofa|settee|toilet|stool)\b/,
    /\b(can'?t|cant|cannot) get out\b.*\b(bath|tub)\b|\b(bath|tub)\b.*\b(can'?t|cant|cannot) get out\b/,
    /\bcome a cropper\b|\bdone my hip\b|\btriple (zero|nine)\b|\b(ring|call|dial|phone) (the )?(999|911|000|112)\b/,
    /\b(somebody|someone|anybody|anyone) help\b|\bget (somebody|someone|help)\b/,
    /\b(i'?m|i am) (lying )?(on|down on) the (\w+ )?(floor|ground|carpet|tiles|lino)\b/,
    /\b(ended up|end up|landed|finished up) on the (\w+ )?(floor|ground)\b/,
    /\bchest\b.*\b(standing on|sitting on|pressing|squeez|crush|tight|pressure|weight|heav|elephant)/,
    /\b(can'?t|cant|cannot) get (any |enough )?(air|breath)\b|\bsucking through a straw\b/,
    /\bband (round|around|across) (my |me )?(ribs|chest)\b|\b(squeez|crush)\w*\b.*\b(ribs|chest)\b/,
    /\b(i'?m|i am) after (coming down|falling|going down|taking a fall)\b/,
    /\b(took|had|taken) a (tumble|fall|nasty fall|header)\b|\b(come|came|fell|fallen) off the (ladder|roof|stool|steps|step ?ladder)\b/,
    /\b(can'?t|cannot|cannae) move (my )?(arm|legs?|hip|left side|right side)\b/,
    /\bon the (\w+ )?(floor|ground)\b.*\b(can'?t|cannot|cannae|won'?t|unable)\b/,
    /\b(went|gone) and (fell|fallen|slipped|collapsed)\b|\b(fell|fallen|slipped)\b.*\bi'?m stuck\b/,
    /\b(chest|indigestion|heart)\b.*\b(going|spreading|shooting|running) (down|into|up) (my|me) (left )?(arm|jaw|neck)\b/,
    /(^|[,.!] *)(ring|call|get|fetch) (someone|somebody|anyone|anybody)\b|\bi need help\b(?! with| to| \w+ing\b)|\bsomething'?s? (wrong|not right) with (my|his|her) (heart|chest|breathing)\b/,
    /\bheart a ?tack\b|\bhart attack\b|\bheart attach\b/,
    // Not "can't get up the stairs" or "can't get up in the morning".
    /\b((can'?t|cant|cannot|cannae|canna|cyaan|kyaan|unable to|not able to) (get|stand|pick myself)( back)? up|(can'?t|cannot) get (myself )?(up|off the floor))\b(?! (the|those|these|them|that|to|there|at|before|till|until|so|in time|in the morning|early|any ?more|on (the|a) (ladder|stool|chair)))/,
    /\b(legs?|knees?) (won'?t|will not|gave way|gave out|buckled)\b/,
    /\bchest (pain|hurts|is (so )?tight|feels tight|is crushing)|pain in (my |the )?chest|\b(my|me|mi|his|her|their) chest\b.*\b(hurt|hurts|hurting|pain|tight|crushing|pressure|killing|aching)/,
    /\bheart attack\b/,
    // Someone with them: "Mum's collapsed", "my husband has fallen", "she's not moving".
    /\b(mum|mom|mam|mammy|mummy|dad|daddy|da|wife|husband|hubby|gran|granny|nan|nana|grandad|grandpa|grandma|brother|sister|son|daughter|friend|neighbour|neighbor|partner|he|she|someone|somebody)('s| has| is)?( just)? (fallen|collapsed|gone down|keeled over|passed out|fainted|blacked out)\b/,
    /\bcollapsed (in|on) the (\w+ )?(pavement|road|drive|path|car|doorway|yard|floor|kitchen|bathroom|hall|hallway|garden|street|toilet|stairs|lounge|bedroom|shower|bath|chair|landing)\b/,
    /\bslumped\b|\b(can'?t|cannot) wake (her|him|them)\b|\bclutching (her|his|my) chest\b/,
    /\bchest\b.*\b(clammy|sweat|sweaty|sweating)\b|\b(clammy|sweaty|sweating)\b.*\bchest\b|\b(jaw|arm)\b.*\bchest\b.*\bach|\bchest\b.*\b(jaw|arm)\b.*\bach/,
    /\b(not|isn'?t|is not|stopped) (breathing|responding)\b|\b(pain|pains|ache) in (my|me) ches+t?\b|\b(help|hep|hlep|halp) me,? i (fall|fell|falled)\b|\bunconscious\b|\b(passed|blacked) out\b/,
    new RegExp(
      String.raw`\b(${PERSON})(('s| is)? not (moving|waking up)| (won'?t|will not) wake up|('s| has) gone (blue|grey|gray))\b`,
    ),
    /\bstuck down\b|\bdown here\b.*\b(can'?t|cannot|cant)\b/,
    /\b(sitting|standing|pressing|pushing|crushing|squeezing|squashing)\b[^.!?]*\b(on|in) (my|me) chest\b/,
    /\bhlep\b|\bhalp\b|\bon the flor\b/,
    /(?<!\b(to|the|of|for|some|a|no|your|my|any|extra|more|with|can|could|would|will|you|little|bit|great|big|good|real) )\bhelp( me)?( please| quick| quickly| now| somebody| someone)?[.! ]*$/,
    /\bproper struggling\b.*\bchest\b|\bchest\b.*\bproper struggling\b/,
    /\b(can'?t|cant|cannot|cannae|cyaan|kyaan|struggling to|hard to|trouble) (breathe|breath|breth|brethe|breed|breathing|catch (my|me) breath|get (my|me|her|his|their) breath)\b/,
    /\b(pressure|heaviness|weight|tightness|squeezing|crushing)\b.*\b(chest)\b|\bchest\b.*\b(pressure|heaviness|heavy|weight)\b/,
    /\b(short of breath|out of breath and|gasping|choking)\b/,
    /^(help|help me|somebody help|someone help)\b|\b(help me|call (an )?ambulance|call 911|call 999|call 112)\b/,
    /\b(it'?s an|this is an|it is an|we have an|we'?ve got an|there'?s an|i have an|i'?ve got an|having an|medical) emergency\b|^emergency\b|\bemergency!/,
    /\b(oh god|oh no|oh my god|ow+|ouch|argh|please|help)\b[^.]*\bmy chest\b[.!]*$/,
    /\b(elephant|weight|brick|ton|band|vice|rock|stone)\b[^.!?]*\b(on|round|around|across) (my|me) chest\b/,
    /\b(has|'s|have|'ve) (just )?gone down (in|on) the\b/,
    /\b(she|he)('s| is)? not answering me\b|\b(she|he) (isn'?t|won'?t) (answering me|answer me|respond)\b/,
    /\bhelp!|\bplease help\b/,
    /\b(quick|quickly|please|come|somebody|someone)\b[^.!?]{0,10}\bhelp (him|her|them|us)\b|\bhelp (him|her|them|us)( please| quick)?(,|[.!]*$)/,
    /\bi'?m (bleeding|hurt bad|badly hurt)\b/,
    /\b(having|had|think it'?s) a stroke\b|\bface (is |feels )?(numb|drooping|droopy)\b/,
    /\bget (me )?a doctor\b|\b(call|fetch|get) (a|the) (doctor|paramedics?) (now|quick|quickly|right now|urgently)\b/,
  ],
  ko: [
    /넘어졌|넘어져|자빠졌|미끄러졌|미끄러져|쓰러졌|쓰러져|주저앉|엎어졌|엎어져|고꾸라/,
    /(쓰러지|넘어지|미끄러지|자빠지)(셨|시었|셔)/,
    /숨(쉬기|쉬는 ?게|을 ?쉬기)(가|도|이)? ?(너무|많이|좀|자꾸|영)? ?(힘들|힘드|어려)|숨이 안 (들어|쉬어|쉬여|돼|되)|목에 (뭐가 |뭔가 |떡이 |사탕이 |음식이 )?(걸렸|걸려)|켁켁|컥컥|사레/,
    /기절(했|하셨|하셔|해서)|(안|못) ?깨어나|깨어나지 ?(않|못)|숨 ?막혀[^가-힣]*가슴|(못|안|몬) ?쉰|거기 ?누구 ?없(어요|어|소|나|습니까)|왜 이래[^.!?]{0,6}정신 ?차려/,
    /넘어 ?(젼|졍|젔|졌|저서|져서)|자빠져 ?(부렀|뿌렀|불었)|일어 ?나들 ?(못|몬)|일어 ?날 ?수가 ?없|(못|몬) ?이러나|사람 ?사려|아퍼요|팔이 ?저려|숨이 (너무 |자꾸 )?(가빠|가쁘)|쓰러젔|일어나지 ?(못|몬)|도와 ?(줍서|주라)|목에 걸맀|가슴이 ?가슴이|정신 ?(좀 )?차려 ?봐|대답 ?(좀 )?해 ?봐|도와 ?주새요|도와 ?주세여|살리소|살리 ?주|살려 ?도|눈 ?(좀 )?떠 ?(봐|보세요|봐요)/,
    /(침대|계단|의자|변기|사다리|휠체어|소파|침상)에서 [^.!?]{0,6}(떨어지셨|떨어지셔|떨어졌)|떨어지셨는데|(간호사|보호사|의사|사람|누구)(을|를)? ?(좀 )?불러(?!야|서|봐야)/,
    /숨(을|이|도)? ?(잘|제대로|도통|영|통) ?(못|안|몬) ?쉬|숨(이|이가)? ?(꽉|턱|콱|너무) ?막|숨이 (너무 |많이 |자꾸 )?차(서|요|고|가|유)/,
    /심장(이|을|이가)?.*(아프|조이|터질|쥐어)/,
    /(못|몬|안) ?일어나|일어날 ?수(가)? ?없|일어설 ?수(가)? ?없|(못|몬) ?일어서|일어(서|사)(지|들|질)? ?(못|몬)/,
    /미끄러(젼|졍|졌|져)|돌덩이|(명치|가슴).*(무겁|얹)/,
    /다리에 ?힘이 ?(안|하나도)|(다리|팔|몸)(가|이|를|을)? ?(안 ?움직|못 ?움직|말을 ?안)/,
    /넘어진 ?(것|거) ?같|헐떡|대답(을|도)? ?(안|못) ?(하(세요|셔|시|네|고)|해)|눈(을|도)? ?(안|못) ?떠|의식(이|을)? ?(없|잃)|말씀(을|도)? ?(못|안) ?하(세요|셔|시)/,
    /가슴(에|이)? ?(심한 |심하게 |너무 )?통증/,
    /일으켜 ?(줘|주|다오|주오|주세요|주이소)|일바시|일바씨/,
    /꼼짝(을|도)? ?(못|몬|안)|바닥.*(못 ?움직|안 ?움직|꼼짝|차가워|못 ?일어)/,
    /(가슴|가스미)(이|팍|에|을)?.*(아파|아프|조여|조이|답답|쥐어짜|터질|누르|눌리|눌려|돌을|돌덩이|얹|벌렁|막히|막혀|뻐근)|가슴 ?통증|심장이.*(아파|조여)/,
    /숨(을|이|도)? ?(잘 ?)?(못|안|몬) ?쉬|숨이 (막|차서|안 쉬어|턱)|숨쉬기(가)? (힘들|어려)|호흡이 (곤란|안)/,
    /살려 ?(줘|주|다오|주이소|주세요)|사람 ?살려|도와 ?줘|도와 ?주세요|도와 ?주(십시오|시오|이소|소)(?!서)|사람 ?(좀)? ?불러(?!야|서|봐야)|누구 ?(좀)? ?불러|구급차 ?(좀 |빨리 |어서 )?(불러|부르|와)|구급차를|구급차[!]*$|119 ?(불러|좀|에|를|부르|전화)/,
    /피가 (많이|나|안 멈)/,
    /굴러 ?떨어|(침대|계단|의자|변기|사다리)에서 ?(떨어졌|떨어져|굴렀)/,
    /쓰러질 ?것 ?같|정신을 ?잃|기절할 ?것|(아이고|아이구|아이쿠) ?(나 ?)?죽(네|겠네|는다)/,
    /(와 ?봐|와 ?줘|와 ?주세요).*큰일|큰일.*(와 ?봐|와 ?줘|와 ?주세요)/,
  ],
};

/** "Help" asked for getting up or breathing is a rescue even when worded as a request. */
const RESCUE_KO = /일어|일으|넘어|쓰러|숨|가슴/;
/**
 * Cuts the help word (도와) out of a task request, keeping the words before it; kept when the
 * utterance speaks of getting up, falling or breathing (a replacer's last argument is the whole text).
 */
const keepUnlessRescue = (match: string, before: string, ...rest: unknown[]): string =>
  RESCUE_KO.test(String(rest.at(-1))) ? match : `${before} `;

/** Words before "좀 도와줘" that make it a cry for help (me, a person, hurry), not help with a task. */
const HELP_ME_KO =
  /^(나|저|날|나를|저를|사람|여기|빨리|제발|누가|누구|얼른|어서|우리|엄마|아빠|영감|할멈|남편|아내|마누라|할머니|할아버지|어머니|아버지|어머님|아버님|할매|할배|할망|하르방|여보|당신|애|아이|아기|손주|아들|딸|형|누나|언니|오빠|동생|친구|이 ?사람)(를|을)?$/;

/**
 * Spans that use an emergency's words for something else, cut out before the patterns above are
 * tried (so "help me find my glasses, I've fallen" still alarms on "I've fallen"): help asked
 * for a task, thanks for help, help offered, "not an emergency", negated falls and pain, idioms
 * with "fell", things that fell, breathlessness after effort, figurative heartache.
 */
const NOT_EMERGENCY: Array<[RegExp, string | ((match: string, ...groups: string[]) => string)]> = [
  [
    /\bhelp(ing)? (me|us) (to )?(?!get\b|stand\b|move\b|sit\b|lift\b)[a-z]+ (it|this|that|the|my|a|an|some|these|those)\b(?! (floor|ground|bed|chair|bath|toilet|stairs))|\bhelp(ing)? (me|us) (to |with )?(find|look|remember|read|open|write|choose|pick|sort|fix|set|put|make|understand|work|figure|tidy|fold|carry|plan|cook|bake|ring|phone|text|send|spell|learn|use|turn|switch|change|water|wash|do|decide|think|dress|get dressed|post|wrap|hang|reach|check|count)\b/g,
    ' ',
  ],
  [
    /\b(help|help me) (with|find) |\b(a bit of |some |a little |any )?help with\b|^help,? (how|what|where|which|who|can you|could you)\b/g,
    ' ',
  ],
  [
    /\b(near|nearly|almost|about|near about) (had|have|having) a heart attack\b|\b(gonna|going to) give me a heart attack\b|\b(nearly |almost )?(gave|give|giving|gives) me a heart attack\b|\bon the floor (doing|with|playing|for)\b/g,
    ' ',
  ],
  [
    /\bhelp (yourself|yourselves|themselves|himself|herself|you|out)\b|\b(can|could|shall|may) i help\b|\b(god|lord|heaven|heavens) help (him|her|them|us|me)\b/g,
    ' ',
  ],
  [
    /\b(thanks?|thank you)( (so|very) much)? for (the |your |all your |all the )?help(ing)?\b|\b(grateful|kind of you|lovely of you) for (the |your )?help\b/g,
    ' ',
  ],
  [/\b(a|such a|great|big|real|good|the) help\b|\bhelp(ed|ful)\b/g, ' '],
  [/\b(not|no|isn'?t|wasn'?t|nothing|hardly) (an? |the |like an? )?emergenc(y|ies)\b/g, ' '],
  [/\b(there was|there'?s been|was|were|had) (an? |the )?emergenc(y|ies)\b/g, ' '],
  [
    /\bno (more )?(chest )?pains?( in my chest)?\b|\b(didn'?t|did not|never|haven'?t|have not|hasn'?t) (fall|fallen|fell|slip|slipped|trip|tripped|collapse|collapsed)\b/g,
    ' ',
  ],
  [
    /\b(fell|fallen|falling|fall) (asleep|for|in love|behind|out with|out over|apart|silent|quiet|about|off to sleep)\b/g,
    ' ',
  ],
  [/\b(nearly|almost|near) (fell|fallen|slipped|tripped|had a fall)\b/g, ' '],
  [/\b(it|it'?s|its|it has|that'?s|that has|this has) (just )?(fallen|fell|slipped|dropped|rolled)\b/g, ' '],
  [
    /도와 ?(줘|주셔|주어|준|줬|주셨|주니|주는|주던)(서|어서|다|으니|니까|고|던데)|도움이 (됐|되|많이)|도와 ?(줄까|드릴까|줄게|드릴게)/g,
    ' ',
  ],
  [/(는|은|할|한|던) ?(것|거|걸)(을|를|좀)? ?(좀 )?도와 ?(줘|주세요|주라|줄래|줄 ?수)/g, ' '],
  [/([가-힣]+(게|도록) ?(좀 )?)도와/g, keepUnlessRescue],
  [/(살려 ?주세요|도와 ?주세요|살려 ?줘|도와 ?줘)\s*(소리|하고|하면서|라고|이라고)/g, ' '],
  [
    /(아침에|아침마다|늦잠|일찍|새벽에)[^.!?]{0,6}(못|안) ?일어나|(따뜻해서|편해서|포근해서|졸려서|귀찮아서) (못|안) ?일어나/g,
    ' ',
  ],
  [/((더워서|더워|습해서|후덥지근|찜통|답답해서)[^.!?]{0,10})숨(이)?[^.!?]{0,4}막/g, '$1 '],
  [/(부르는|거는|전화하는) (번호|법)|번호가 119|119 맞/g, ' '],
  [
    /\b(play|put on|sing) (the song |the )?help!?|help! by the beatles|\bnot (short of|out of) breath\b|\b(can'?t|cannot) breathe in (it|this|that|these|those|them)\b/g,
    ' ',
  ],
  [
    /\b(don'?t|do not|no need to|needn'?t) (call|ring|phone|get) (an? |the )?(ambulance|999|911|112|doctor|anyone|anybody|somebody|someone)\b/g,
    ' ',
  ],
  [
    /(나무|가로수|건물|가게|회사|간판|전봇대|담|울타리|화분|의자|우산|자전거|액자|병)(가|이)? ?(쓰러|넘어)/g,
    ' ',
  ],
  [
    /(고양이|강아지|개가|새가|화분|액자|컵|그릇|휴대폰|핸드폰|리모컨|안경)(가|이|는)? [^.!?]{0,10}(떨어졌|떨어져|쓰러졌|넘어졌|미끄러졌|안 ?일어나|못 ?일어나)/g,
    ' ',
  ],
  [
    /(자고|잠만 ?자고|늦잠|잠이|까지|주말엔|주말에는)[^.!?]{0,6}(안|못) ?일어나|(못|안) ?일어나는 ?(거|게) 아니/g,
    ' ',
  ],
  [/사레(들려서|들렸는데|들렸어)[^.!?]*(괜찮|멀쩡)|\b(not|wasn'?t|isn'?t|stopped) choking\b/g, ' '],
  [/(비|눈|바람|날씨|차)(가|는)? ?(때문에|와서|너무)[^.!?]{0,8}꼼짝/g, ' '],
  [/도와 ?[가-힣]*,? [^.!?]{0,12}(숙제|문제|컴퓨터|핸드폰|휴대폰|리모컨|티비|텔레비전)/g, ' '],
  [/(가슴|심장)(이)? ?아파서 (울|눈물)|(사연|얘기|이야기|소식)[^.!?]{0,6}가슴 ?(아프네|아파|먹먹)/g, ' '],
  [/(차가|차는|고양이|강아지|개가|컴퓨터|화면|눈사람|인형|자전거|기계)[^.!?]{0,10}(꼼짝|쓰러)/g, ' '],
  [/\b(can'?t|cannot) breathe (through|out of) (it|my nose|me nose)\b/g, ' '],
  [
    /\b(the |my |our )?(cat|dog|kitten|puppy|budgie|bird|vase|plate|cup|book|picture|shelf|tree|plant|pot|remote|phone|glasses)('s| has)? (just )?(fell|fallen|slipped|collapsed|tripped)\b/g,
    ' ',
  ],
  [/\bi'?(ll|d) have a heart attack\b|\byou'?ll give me a heart attack\b/g, ' '],
  [
    /(([가-힣]+?)(을|를)? 좀 )도와/g,
    (match: string, before: string, word: string, ...rest: unknown[]) =>
      HELP_ME_KO.test(word) || /(요|어|아|다|네|서|고)$/.test(word)
        ? match
        : keepUnlessRescue(match, before, ...rest),
  ],
  [
    /((이거|이것|그거|저거|요거|이걸|숙제|설거지|청소|빨래|이사|김장)(을|를|좀)? ?(좀 )?)도와/g,
    keepUnlessRescue,
  ],
  [/안 ?(쓰러졌|넘어졌|넘어져|미끄러졌|자빠졌)|(쓰러진|넘어진|미끄러진) (거|것|게) 아니/g, ' '],
  [/숨(이)? ?막힐 ?지경|가슴에 손을 얹고/g, ' '],
  [
    /(가슴|숨|심장)(은|이|도)? ?안 ?(아파|아프|답답|차)|(구급차|119)(는|를|은|도)? ?(안 ?불러|부를 ?필요|부르지)/g,
    ' ',
  ],
  [
    /((드라마|영화|뉴스|소식|얘기|이야기|노래|생각하면|생각만 ?해도|보니까|들으니까|보니께|봉께)[^.!?]*?)(가슴|심장)(이|팍이)? ?(아프더라|아팠어|아프던데|먹먹|뭉클|찡|설레|벌렁벌렁하더라)/g,
    '$1 ',
  ],
  [/((계단|산책|걷|걸어|걸었|올라오|올라왔|운동|뛰|뛰었|뛰어)[^.!?]*?)숨(이)?[^.!?]{0,6}?(차|찼)/g, '$1 '],
];

/**
 * A fall or breathlessness told as long past ("I had a fall two years ago", "작년에 넘어졌는데"),
 * as hearsay ("넘어졌대"), as a question about what to do if, as a joke, as over ("걸렸었는데
 * 이제 괜찮아"), or as what happened to someone in a film or on the news (said with "in" or
 * "에서": "할머니가 뉴스 보다가 쓰러지셨어요" is an emergency) is not an emergency here and
 * now, unless the utterance also says something is wrong now.
 */
const NOT_NOW = {
  longAgo:
    /\b(last (year|month|winter|summer|spring|autumn|fall|christmas|easter|week)|(years?|months?|weeks?) ago|a (long )?while (back|ago)|when i was (young|little|small|a (girl|boy|child|lad|lass|kid|teenager))|in (january|february|march|april|may|june|july|august|september|october|november|december)|in (19|20)\d\d|back in|used to|not any ?more|no longer|(years?|months?|weeks?|a while) back|remember (when|that time|the time)|(on|last) (monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b|작년|재작년|지난 ?(주|달|해|겨울|여름|봄|가을)|[0-9일이삼사오육칠팔구십몇한두세네여러]+ ?(년|달|해|주|개월) ?전|옛날에|예전에|(젊었|젊을|어릴|어렸을|살아 ?있을|살아 ?계실) ?때|생전에|(봄|여름|가을|겨울)에 /,
  hearsay:
    /(졌|었|았|했|렸|쳤|겠|는)대|[가-힣]이래( |$)|봤더니|(졌|었|았|했)(다더라|다던데|다네)|(졌|었|았|했)다고 (하|그러|뉴스|들었)|(라더라|라던데|라고 (하|했))/,
  resolved:
    /(하니까|했더니|하고 나니|먹으니까|마시니까)[^.!?]{0,10}(괜찮아졌|나아졌)|(었었|렸었|졌었|했었)[^.!?]*(이제 (괜찮|멀쩡|다 나았)|괜찮아졌)/,
  joke: /ㅋㅋ|ㅎㅎ|하하|\b(haha|hehe|lol)\b/,
  hypothetical:
    /\b(what('s| is) the (emergency )?number|what number do (you|i)|what would (you|i) do if|if i (fell|fall|was to fall)|is it true)\b|\b(just in case|in case i|if i ever|if i (was|were) to|what if|what (do|should) i do if|how do i (ring|call|dial))\b|혹시 [^.!?]*(하면|으면|면 어떡|면 어떻게)|혹시 모르니|나중에[^.!?]*(생기면|하게 되면)|만약에?|(넘어졌을|쓰러졌을|넘어지면|쓰러지면|넘어질|쓰러질) ?때|(하는|일어나는) 법/,
  media:
    /\b(in|on) (the |that |this |a )?(film|programme|program|telly|tv|news|book|novel|soap|casualty|movie|radio|episode|series|drama)\b|\bscene\b|(드라마|영화|뉴스|소설|책|프로|프로그램|티비|텔레비전|라디오|방송)(에서|에선|에)|장면/,
  someoneElse:
    /\b(somebody|someone)\b|\b(the|a|this|that|some) (man|woman|lady|fella|bloke|character|actor|singer|lead|chap|girl|boy|doctor|nurse|patient)\b|주인공|배우|가수|사람|할아버지|할머니|남자|여자|아저씨|아줌마/,
};
const WRONG_NOW =
  /\b(again|just now|right now|today|tonight|this (morning|afternoon|evening)|(can'?t|cannot|won'?t) (get up|move|breathe|stand)|help|on the floor)\b|방금|지금 (막|바로)|또 (넘어|쓰러|미끄러)|오늘|못 ?일어나|일으켜|살려 ?(줘|주세요)|움직이지|못 움직/;

/**
 * Someone named, read in the text before lower-casing ("Jim's collapsed", "Bev won't wake up"):
 * a capital tells a name from "the shelf's collapsed".
 */
const NAMED =
  /\b[A-Z][a-z]+('s| has)( just)? (collapsed|fallen|fainted|passed out)\b|\b[A-Z][a-z]+ (won'?t|will not|isn'?t|is not) (wake|waking) up\b|\b[A-Z][a-z]+'s not (moving|waking up)\b/;

/** True when the utterance means an emergency (English and Korean patterns are both tried). */
export function isEmergencyUtterance(text: string): boolean {
  const normalized = NOT_EMERGENCY.reduce(
    (t, [pattern, by]) => t.replace(pattern, by as (match: string, ...groups: string[]) => string),
    normalizeText(text),
  );
  const matches =
    EMERGENCY.en.some((p) => p.test(normalized)) ||
    EMERGENCY.ko.some((p) => p.test(normalized)) ||
    NAMED.test(foldText(text));
  if (!matches) return false;
  const notNow =
    NOT_NOW.longAgo.test(normalized) ||
    NOT_NOW.hearsay.test(normalized) ||
    NOT_NOW.hypothetical.test(normalized) ||
    NOT_NOW.joke.test(normalized) ||
    NOT_NOW.resolved.test(normalized) ||
    (NOT_NOW.media.test(normalized) && NOT_NOW.someoneElse.test(normalized));
  return !notNow || WRONG_NOW.test(normalized);
}
