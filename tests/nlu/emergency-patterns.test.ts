import { describe, expect, it } from 'vitest';
import { isEmergencyUtterance } from '../../src/nlu/emergency-patterns.ts';

/** One test per line: the detector raises the alarm on each line. */
const flags = (lines: string[], name = 'flags %s') =>
  it.each(lines)(name, (text) => {
    expect(isEmergencyUtterance(text)).toBe(true);
  });

/** One test per line: the detector raises no alarm on any line. */
const doesNotFlag = (lines: string[]) =>
  it.each(lines)('does not flag %s', (text) => {
    expect(isEmergencyUtterance(text)).toBe(false);
  });

describe('isEmergencyUtterance', () => {
  flags([
    'I fell and I cannot get up',
    "I've fallen in the bathroom",
    "I'm on the floor and I can't move my legs",
    'my chest hurts so much',
    "I can't breathe",
    'HELP!',
    'somebody help me please',
    '넘어졌어요',
    '못 일어나겠어',
    '가슴이 너무 아파요',
    '숨을 못 쉬겠어',
    '살려주세요',
    '화장실에서 미끄러져서 못 일어나',
  ]);

  doesNotFlag(['Good morning!', 'my knee aches a bit', 'thank you dear', '오늘 날씨 좋네요', '약 먹었어요']);
});

describe('isEmergencyUtterance on indirect falls', () => {
  flags([
    "I've gone over on the wet step, I can't move my arm",
    'I took a tumble in the hall',
    'he just keeled over',
  ]);
  doesNotFlag([
    "there, it's gone down. bleurgh",
    "where's the evening gone",
    'I went over the bills with Tom',
  ]);
});

describe('isEmergencyUtterance on regional and indirect phrasings', () => {
  flags([
    'ah went ower in the kitchen an i cannae get masel up',
    'i cant catch me breath',
    "there's a pressure inna mi chest",
    'a heaviness in the middle of my chest',
  ]);
});

describe('isEmergencyUtterance when someone is stuck down', () => {
  flags([
    "i'm down between the bed and the wall... i can't shift myself",
    "I'm wedged between the bath and the toilet",
    "I'm down beside the bed and my hip won't let me move",
  ]);
  doesNotFlag(["I'll go up and lie down on the bed for an hour", 'I sat down in the chair with my tea']);
});

describe('isEmergencyUtterance on phrasings from the care corpus', () => {
  flags([
    "ohh... I'm on the carpet, I went down, I can't get meself up",
    'ive slid off the bed and im wedged against the wardrobe cant shift',
    'i am in the bath i cannot get out',
    "oh strewth. I've come a cropper on the back step and my wrist's bent all wrong, get somebody",
    "hey. hey. something's wrong, my chest feels like somebody's standing on it and my left arm's all pins and needles",
    "I can't get any air in, it's like sucking through a straw, get someone",
    "is that you robot? ring triple zero, I've done my hip, I'm on the ground out by the clothesline",
    "somebody... somebody help, I've gone down in the kitchen and I can't get back up",
    '어지러워서 바닥에 앉아 있어 못 움직이겠어',
    '아까부터 가슴이 꽉 조이고 식은땀이 나',
    '부엌바닥이야다리가안움직여',
    '얘 나 좀 일으켜 줘 침대에서 내려오다가 발이 꼬였어 바닥이 차가워',
    '여보시오 나 좀 일으켜 주오 방에서 발이 엉켜서 꼼짝을 못 하겠소',
    '가슴이 벌렁벌렁허고 뭐가 꽉 누르는 것 같어유 식은땀이 나',
    '나 좀 일바시도 방바닥에서 꼼짝을 몬하겠다',
    '현관 턱에서 헛디뎌가 팔이 안 움직인다',
    '심장이 막 벌렁거리고 가슴팍에 돌을 얹은 것 같다',
    '허리가 끊어질 것 같다 몬 일어나겠다',
    '나현관앞인디 턱에걸려서 엎어졌어 팔이 안 움직여',
  ]);

  doesNotFlag([
    '남편이 돌아가셔서 요즘 마음이 허전해',
    'the swelling has gone down a bit',
    '오늘은 바닥 청소를 했어요',
    'I had my bath and got out fine',
  ]);
});

describe('isEmergencyUtterance does not fire on look-alikes', () => {
  doesNotFlag(['I won 10,000 at the bingo', '먹고살려고 평생 장사했지', '119번 버스 타고 왔어']);
  flags(['call 999 now', '살려주세요', '119 불러 줘'], 'still flags %s');
});

describe('isEmergencyUtterance on everyday uses of an emergency word', () => {
  doesNotFlag([
    'can you help me find my glasses',
    'help me with the crossword, would you',
    'could you help me remember the date',
    "it's not an emergency but I'm out of milk",
    'I fell asleep in the chair after lunch',
    'I had a fall last year, but I am fine now',
    "my friend fell over at bingo last week, she's fine",
    '이거 여는 것 좀 도와줘',
    '도와줘서 고마워',
    '드라마 보다가 가슴이 아프더라',
    '산책하고 왔더니 숨이 차서 좀 쉬었어',
    '손주 보니까 가슴이 벌렁벌렁하더라',
    '작년에 넘어진 적 있는데 지금은 괜찮아',
  ]);

  flags(
    [
      "help me find my glasses... oh no, I've fallen",
      'help me up, please',
      'help me get up, I am on the floor',
      'I fell last year and now I have fallen again',
      "I fell last week and I still can't get up",
      '도와줘서 고마워 근데 또 넘어졌어',
      '작년에도 넘어졌는데 방금 또 넘어졌어',
      '이거 좀 도와줘 가슴이 너무 아파',
      '숨이 안 쉬어져요 좀 도와주세요',
      '일어날 수 있게 좀 도와줘',
    ],
    'still flags %s',
  );
});

describe('isEmergencyUtterance on someone else in the room, symptoms told indirectly, and typos', () => {
  flags([
    "my husband's collapsed in the hall",
    "Dad's fallen in the garden and he won't answer me",
    "she's not responding, please come",
    "I'm on the bathroom floor and I can't get back up",
    'like a brick sitting on my chest',
    'pain in the chest, very heavy, since lunch',
    'i cant breath',
    'hlep',
    "I've ended up on the landing floor",
    '엄마가 쓰러지셨어요',
    '할아버지가 대답을 안 하세요',
    '숨을 제대로 못 쉬겠어',
    '숨이 꽉 막혀요',
    '가슴에 심한 통증이 있어요',
    '넘어진 것 같은데 몸을 못 움직이겠어',
  ]);

  doesNotFlag([
    "she's not answering, she'll be at the shops",
    'the swelling has gone down a bit',
    'the remote? it has fallen down the back of the sofa',
    'what do I do if I ever fall in the night?',
    'the man on the telly collapsed in the last episode',
    'my heart attack was in 2015, I am grand now',
    'help, how do I turn the radio on',
    '혹시 넘어지면 어떻게 해야 돼?',
    '가슴에 손을 얹고 말해 봐',
    '구급차 안 불러도 돼 괜찮아',
    '이십 년 전에 계단에서 넘어졌었지',
  ]);
});

describe('isEmergencyUtterance on someone who was watching TV', () => {
  flags([
    '할머니가 뉴스 보다가 쓰러지셨어요',
    'the lady next door collapsed while she was watching TV, she is not responding',
    'Mum collapsed watching the news',
  ]);
  doesNotFlag(['the man in the film had a heart attack', '어젯밤 드라마에서 주인공이 쓰러졌잖아']);
});

describe('isEmergencyUtterance when an everyday part comes with an emergency now', () => {
  flags([
    "thanks for the help earlier, but I've fallen again",
    "It's not an emergency but I can't breathe",
    'my chest hurts, it turned out to be nothing last time but this is worse',
    "I was watching the film and I fell off the settee, I can't get up",
    '도와줘서 고마운데 또 넘어졌어',
    '할머니 좀 도와주세요',
    'help her, she has gone down',
    'quick, help him',
    "I've taken a tumble on the landing",
    'he came off the ladder in the garden',
    'she is out cold on the kitchen floor',
    '어머니가 기절하셨는데 안 깨어나세요',
    '우리 엄마 좀 도와주세요',
    '작년에 넘어진 데를 또 다쳤어 못 일어나겠어',
  ]);
});
